import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { boardTokens, createBoard, startServer, waitFor, type TestServer } from './testing/harness'

let server: TestServer
const sockets: WebSocket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate()
  await server?.close()
})

async function connections(): Promise<number> {
  const health = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { connections: number }
  return health.connections
}

/** A raw socket to the board; `answersPings: false` is a peer that went away without a word. */
function socketTo(board: string, answersPings: boolean): { ws: WebSocket; pings: () => number; closed: () => boolean; closeCode: () => number | null } {
  const ws = new WebSocket(`${server.wsUrl}/${board}?token=${boardTokens(board).edit}`, { autoPong: answersPings })
  sockets.push(ws)
  let pings = 0
  let closeCode: number | null = null
  ws.on('ping', () => pings++)
  ws.on('close', (code) => (closeCode = code))
  ws.on('error', () => {})
  return { ws, pings: () => pings, closed: () => closeCode !== null, closeCode: () => closeCode }
}

describe('the heartbeat', () => {
  it('closes a socket that stops answering pings, and keeps one that answers', async () => {
    server = await startServer({ heartbeatMs: 100 })
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

  it('is off at 0', async () => {
    server = await startServer({ heartbeatMs: 0 })
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const silent = socketTo(board, false)
    await waitFor(() => server.server.rooms.peek(board)?.size === 1, 5000, 'in the room')
    expect(silent.pings()).toBe(0)
  })
})
