/**
 * A WebSocket look-alike that lets the stock y-websocket provider talk to Hocuspocus, so all
 * three servers are driven by the very same load generator.
 *
 * Hocuspocus frames are y-websocket frames prefixed with `varString(documentName)`, and the
 * server holds every frame of a document until it has seen an auth message for it. So:
 * - on open, send `[doc][Auth=2][Token=0][token]` before the provider's own first frame;
 * - outgoing: prepend the (precomputed) document-name prefix;
 * - incoming: strip the prefix; pass Sync (0), Awareness (1) and QueryAwareness (3) on;
 *   drop Hocuspocus' own messages (Auth replies, SyncStatus acks, Close, Stateless, Ping).
 *   A permission-denied auth reply closes the socket.
 *
 * The cost of the two byte copies is measured by `measureAdapterCost()` (bench/run.ts reports
 * it) and, during runs, by the `adapterStats` counters.
 */
import { WebSocket } from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4 } as const
const AuthMessageType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const

/** Time spent inside the adapter's encode/decode, for the adapter-cost evidence. */
export const adapterStats = { messages: 0, nanoseconds: 0 }
let timing = false
export function setAdapterTiming(on: boolean): void {
  timing = on
}

function prefixFor(documentName: string): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, documentName)
  return encoding.toUint8Array(e)
}

/** `[prefix][frame]`: the outgoing transform. */
export function encodeFrame(prefix: Uint8Array, frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + frame.length)
  out.set(prefix, 0)
  out.set(frame, prefix.length)
  return out
}

/**
 * The incoming transform: the y-websocket frame inside a Hocuspocus frame, or null for
 * Hocuspocus' own messages; `denied` is set for a permission-denied auth reply.
 */
export function decodeFrame(data: Uint8Array): { frame: Uint8Array | null; denied?: string } {
  const d = decoding.createDecoder(data)
  decoding.readVarString(d)
  const start = d.pos
  const type = decoding.readVarUint(d)
  switch (type) {
    case MessageType.Sync:
    case MessageType.Awareness:
    case MessageType.QueryAwareness:
      return { frame: data.subarray(start) }
    case MessageType.SyncReply: {
      // Same body as Sync; rewrite the type byte (1 byte: 4 → 0).
      const frame = data.slice(start)
      frame[0] = MessageType.Sync
      return { frame }
    }
    case MessageType.Auth: {
      const auth = decoding.readVarUint(d)
      if (auth === AuthMessageType.PermissionDenied) return { frame: null, denied: decoding.readVarString(d) }
      return { frame: null }
    }
    default:
      return { frame: null }
  }
}

type Handler<E> = ((event: E) => void) | null

/** Constructed by the provider as `new HocuspocusSocket(url, protocols)`. */
export class HocuspocusSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3

  onopen: Handler<unknown> = null
  private messageHandler: Handler<{ data: ArrayBuffer | Uint8Array }> = null
  onclose: Handler<{ code: number; reason: string }> = null
  onerror: Handler<unknown> = null

  private readonly ws: WebSocket
  private readonly prefix: Uint8Array

  constructor(url: string, protocols?: string | string[]) {
    const parsed = new URL(url)
    const documentName = decodeURIComponent(parsed.pathname.split('/').pop() ?? '')
    const token = parsed.searchParams.get('token') ?? ''
    this.prefix = prefixFor(documentName)
    this.ws = new WebSocket(url, protocols && protocols.length ? protocols : undefined)
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('open', () => {
      const e = encoding.createEncoder()
      encoding.writeVarString(e, documentName)
      encoding.writeVarUint(e, MessageType.Auth)
      encoding.writeVarUint(e, AuthMessageType.Token)
      encoding.writeVarString(e, token)
      this.ws.send(encoding.toUint8Array(e))
      this.onopen?.({})
    })
    this.ws.on('message', (raw: Buffer) => {
      const t0 = timing ? process.hrtime.bigint() : 0n
      const data = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
      const { frame, denied } = decodeFrame(data)
      if (timing) {
        adapterStats.messages++
        adapterStats.nanoseconds += Number(process.hrtime.bigint() - t0)
      }
      if (denied !== undefined) {
        this.ws.close(4403, denied.slice(0, 100))
        return
      }
      if (frame) this.messageHandler?.({ data: frame })
    })
    this.ws.on('close', (code, reason) => this.onclose?.({ code, reason: reason.toString() }))
    this.ws.on('error', (err) => this.onerror?.(err))
  }

  // An accessor rather than a field, so a subclass can wrap it (bench/load/single.ts).
  get onmessage(): Handler<{ data: ArrayBuffer | Uint8Array }> {
    return this.messageHandler
  }
  set onmessage(handler: Handler<{ data: ArrayBuffer | Uint8Array }>) {
    this.messageHandler = handler
  }

  set binaryType(_value: string) {
    // Frames are always handed over as Uint8Array, which the provider accepts.
  }

  get readyState(): number {
    return this.ws.readyState
  }

  send(data: Uint8Array | ArrayBuffer): void {
    const t0 = timing ? process.hrtime.bigint() : 0n
    const frame = encodeFrame(this.prefix, data instanceof Uint8Array ? data : new Uint8Array(data))
    if (timing) {
      adapterStats.messages++
      adapterStats.nanoseconds += Number(process.hrtime.bigint() - t0)
    }
    this.ws.send(frame)
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason)
  }
}
