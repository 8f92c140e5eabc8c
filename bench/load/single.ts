/**
 * One stock y-websocket client on the bench's main thread, for the scenarios that need a
 * few clients rather than a load (cold load): the same provider, polyfill and adapter as the
 * generator's clients, plus the time the last frame arrived (to tell server time from the
 * client's own decoding).
 */
import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { RecordStore } from '../../lib/doc/recordStore'
import type { BenchServer, Room } from '../servers/types'
import { HocuspocusSocket } from './hocuspocusSocket'
import { now } from './client'

export interface SingleClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Records in the client's document. */
  count(): number
  /**
   * Writes records, one transaction (one update, one frame) per `chunk` records, so that no
   * frame passes the server's frame limit.
   */
  put(records: { id: string }[], chunk?: number): void
  /** Arrival time of the latest frame of at least `largeFrameBytes`. */
  lastLargeFrameAt(): number
  destroy(): void
}

export function openClient(server: BenchServer, room: Room, largeFrameBytes = 64 * 1024): SingleClient {
  let lastLarge = 0
  const Base = (server.adapter === 'hocuspocus' ? HocuspocusSocket : WebSocket) as any
  // Times frames as they arrive, before the provider decodes them.
  class TimedSocket extends Base {
    set onmessage(handler: ((event: { data: ArrayBuffer | Uint8Array }) => void) | null) {
      super.onmessage = handler
        ? (event: { data: ArrayBuffer | Uint8Array }) => {
            if (event.data.byteLength >= largeFrameBytes) lastLarge = now()
            handler(event)
          }
        : null
    }
    get onmessage() {
      return super.onmessage
    }
  }
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.wsBase, room.name, doc, {
    WebSocketPolyfill: TimedSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: room.params,
  })
  let count: () => number
  let setAll: (records: { id: string }[]) => void
  if (server.schema === 'kv') {
    const kv = new RecordStore<{ id: string }>(doc.getArray('records'))
    count = () => kv.map.size
    setAll = (records) => kv.setMany(records.map((r) => [r.id, r]))
  } else {
    const map = doc.getMap<{ id: string }>('records')
    count = () => map.size
    setAll = (records) => doc.transact(() => records.forEach((r) => map.set(r.id, r)))
  }
  const put = (records: { id: string }[], chunk = 1000) => {
    for (let i = 0; i < records.length; i += chunk) setAll(records.slice(i, i + chunk))
  }
  return {
    doc,
    provider,
    count,
    put,
    lastLargeFrameAt: () => lastLarge,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls until `condition` holds; throws after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}
