import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { encodeAwareness, encodeSyncStep1 } from './protocol'
import { boardTokens, connect, createBoard, waitFor, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

async function connections(): Promise<number> {
  const health = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { connections: number }
  return health.connections
}

/** A raw socket to the board; `answersPings: false` is a peer that went away without a word. */
function socketTo(board: string, answersPings: boolean): { ws: WebSocket; pings: () => number; closed: () => boolean; closeCode: () => number | null } {
  const ws = new WebSocket(`${server.wsUrl}/${board}?token=${boardTokens(board).edit}`, { autoPong: answersPings })
  opened.add(ws, (ws) => ws.terminate())
  let pings = 0
  let closeCode: number | null = null
  ws.on('ping', () => pings++)
  ws.on('close', (code) => (closeCode = code))
  ws.on('error', () => {})
  return { ws, pings: () => pings, closed: () => closeCode !== null, closeCode: () => closeCode }
}

describe('the heartbeat', () => {
  it('closes a socket that stops answering pings, and keeps one that answers', async () => {
    server = await opened.server({ heartbeatMs: 100 })
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const alive = socketTo(board, true)
    const gone = socketTo(board, false)
    await waitFor(() => gone.closed(), 5000, 'the silent socket closed')
    // Pinged, then dropped without a close handshake (it would not have answered one).
    expect(gone.pings()).toBeGreaterThan(0)
    expect(gone.closeCode()).toBe(1006)
    await waitFor(() => server.server.rooms.peek(board)?.size === 1, 5000, 'one left in the room')
    expect(await connections()).toBe(1)
    // The one that answers outlives many more pings.
    const seen = alive.pings()
    await waitFor(() => alive.pings() >= seen + 5, 5000, 'five more pings')
    expect(alive.closed()).toBe(false)
  })

  it('keeps a socket that reads slowly: its answer waits behind the board it is being sent', async () => {
    server = await opened.server({ heartbeatMs: 100 })
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    // A board of ~8 MB, written by a client in pieces under the frame limit.
    const writer = connect(server.wsUrl, board)
    await writer.synced()
    const pad = 'x'.repeat(8_000)
    for (let part = 0; part < 10; part++) {
      writer.doc.transact(() => {
        for (let i = 0; i < 100; i++) {
          const key = `p${part}-${i}`
          recordsKV(writer.doc).set(`shape:${key}`, { ...geoShape(key, i, part), meta: { pad } } as unknown as StoredRecord)
        }
      })
    }
    const written = Y.encodeStateAsUpdate(writer.doc).length
    await waitFor(() => (server.server.rooms.peek(board)?.doc && Y.encodeStateAsUpdate(server.server.rooms.peek(board)!.doc).length >= written) ?? false, 10_000, 'the board stored')
    writer.destroy()

    // A newcomer on a slow link: asks for the whole board, then reads a little every 150 ms,
    // and meanwhile says it is there (its presence): its answer to a ping waits behind the board.
    const slow = socketTo(board, true)
    let received = 0
    slow.ws.on('message', (data: Buffer) => (received += data.length))
    await waitFor(() => slow.ws.readyState === WebSocket.OPEN, 5000, 'open')
    const socket = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket
    socket.pause()
    slow.ws.send(encodeSyncStep1(new Y.Doc()))
    const presence = new Awareness(new Y.Doc())
    presence.setLocalState({ user: { name: 'Slow phone' } })
    const saying = setInterval(() => slow.ws.send(encodeAwareness(encodeAwarenessUpdate(presence, [presence.clientID]))), 50)
    const trickle = setInterval(() => {
      socket.resume()
      setImmediate(() => socket.pause())
    }, 150)
    try {
      await waitFor(() => received >= written || slow.closed(), 60_000, 'the whole board, or a close')
    } finally {
      clearInterval(saying)
      clearInterval(trickle)
      socket.resume()
    }
    expect(slow.closeCode(), 'closed while it was still reading').toBeNull()
    expect(slow.pings()).toBeGreaterThan(0)
    presence.destroy()
  })

  it('is off at 0', async () => {
    server = await opened.server({ heartbeatMs: 0 })
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const silent = socketTo(board, false)
    await waitFor(() => server.server.rooms.peek(board)?.size === 1, 5000, 'in the room')
    expect(silent.pings()).toBe(0)
  })
})
