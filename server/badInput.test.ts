import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as encoding from 'lib0/encoding'
import { recordsKV } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { updatesOf } from './testing/fuzzFrames'
import { CloseCode } from '../lib/protocol/closeCodes'
import { boardTokens, createBoard, waitFor, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

/** Opens a raw socket, sends `frame` once open, resolves with the close code. */
function sendRaw(url: string, frame: Buffer | string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('error', () => {})
    ws.on('open', () => ws.send(frame))
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
}

function syncUpdateFrame(payload: Uint8Array): Buffer {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, payload)
  return Buffer.from(encoding.toUint8Array(e))
}

describe('bad input closes one connection, never the room', () => {
  it.each([
    ['an unknown message type', Buffer.from([9, 1, 2, 3])],
    ['a truncated sync message', Buffer.from([0, 2, 200])],
    ['an invalid Yjs update', syncUpdateFrame(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))],
    ['garbage awareness', Buffer.from([1, 5, 255, 255, 255, 255, 255])],
    ['a text frame', 'hello'],
  ])('%s gets 4400 while the others keep syncing', async (_name, frame) => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const a = opened.client(server.wsUrl, board)
    const b = opened.client(server.wsUrl, board)
    await Promise.all([a.synced(), b.synced()])
    const closed = await sendRaw(`${server.wsUrl}/${board}?token=${boardTokens(board).edit}`, frame)
    expect(closed.code).toBe(CloseCode.Malformed)
    expect(closed.reason.length).toBeGreaterThan(0)
    recordsKV(a.doc).set('shape:after', geoShape('after', 1, 1) as any)
    await waitFor(() => recordsKV(b.doc).get('shape:after') !== undefined, 5000, 'sync after bad frame')
  })

  it('a frame over the size limit gets 4413 (final, so the client does not resend it)', async () => {
    server = await opened.server({ maxFrameBytes: 1024 })
    const board = await createBoard(server.baseUrl)
    const closed = await sendRaw(`${server.wsUrl}/${board}?token=${boardTokens(board).edit}`, Buffer.alloc(4096, 7))
    expect(closed.code).toBe(CloseCode.TooLarge)
  })

  it('a flood of messages gets 4429', async () => {
    server = await opened.server({ messagesPerSecond: 10, messageBurst: 20 })
    const board = await createBoard(server.baseUrl)
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/${board}?token=${boardTokens(board).edit}`)
      ws.on('error', () => {})
      ws.on('open', () => {
        for (let i = 0; i < 100; i++) ws.send(Buffer.from([3]))
      })
      ws.on('close', (c) => resolve(c))
    })
    expect(code).toBe(CloseCode.TooManyMessages)
  })
})

describe('updates that arrive before what they depend on', () => {
  /** Opens a raw edit socket; resolves once open, with its close code promised. */
  async function rawEditSocket(board: string) {
    const ws = new WebSocket(`${server.wsUrl}/${board}?token=${boardTokens(board).edit}`)
    ws.on('error', () => {})
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })))
    await new Promise((r) => ws.once('open', r))
    return { ws, closed }
  }

  it('wait with their sender and apply once the sender completes them', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const reader = opened.client(server.wsUrl, board)
    await reader.synced()
    const [first, second] = updatesOf((d) => {
      recordsKV(d).set('shape:one', geoShape('one', 1, 1) as any)
      recordsKV(d).set('shape:two', geoShape('two', 2, 2) as any)
    })
    const { ws } = await rawEditSocket(board)
    ws.send(syncUpdateFrame(second))
    const room = server.server.rooms.peek(board)!
    await waitFor(() => [...room.peers].some((p) => room.parkedBytes(p) > 0), 5000, 'the second update parked')
    expect(room.doc.store.pendingStructs, 'nothing pending in the shared document').toBeNull()
    ws.send(syncUpdateFrame(first))
    await waitFor(() => recordsKV(reader.doc).has('shape:two'), 5000, 'both updates applied')
    expect(recordsKV(reader.doc).has('shape:one')).toBe(true)
    expect([...room.peers].every((p) => room.parkedBytes(p) === 0)).toBe(true)
    ws.terminate()
  })

  it('close the connection with 4400 once more than MAX_PENDING_BYTES wait', async () => {
    server = await opened.server({ maxPendingBytes: 4096 })
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const { ws, closed } = await rawEditSocket(board)
    // Each update's first half never comes.
    for (let i = 0; i < 40; i++) {
      const [, second] = updatesOf((d) => {
        recordsKV(d).set(`shape:a${i}`, geoShape(`a${i}`, 1, 1) as any)
        recordsKV(d).set(`shape:b${i}`, geoShape(`b${i}`, 1, 1) as any)
      })
      if (ws.readyState === WebSocket.OPEN) ws.send(syncUpdateFrame(second))
    }
    expect(await closed).toEqual({ code: CloseCode.Malformed, reason: 'updates whose dependencies never arrived' })
  })
})

describe('limits', () => {
  it('a board over its size limit refuses further writes with 4413; others keep working', async () => {
    server = await opened.server({ maxDocBytes: 40_000 })
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const a = opened.client(server.wsUrl, board)
    await a.synced()
    for (let i = 0; i < 200 && !a.closes.includes(CloseCode.TooLarge); i++) {
      recordsKV(a.doc).set(`shape:big${i}`, geoShape(`big${i}`, i, 0, { url: `https://example.org/${'x'.repeat(2000)}` }) as any)
      await new Promise((r) => setImmediate(r))
    }
    await waitFor(() => a.closes.includes(CloseCode.TooLarge), 5000, '4413 when full')
  })

  it('a board with too many connections asks newcomers to come back later (1013)', async () => {
    server = await opened.server({ maxConnectionsPerBoard: 2 })
    const board = await createBoard(server.baseUrl)
    const first = [opened.client(server.wsUrl, board), opened.client(server.wsUrl, board)]
    await Promise.all(first.map((c) => c.synced()))
    const third = opened.client(server.wsUrl, board)
    await waitFor(() => third.closes.includes(CloseCode.TryAgainLater), 5000, '1013 for the third')
  })

  it('every HTTP answer carries a same-origin Content Security Policy and no stack trace', async () => {
    server = await opened.server()
    const res = await fetch(`${server.baseUrl}/api/nothing-here`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/)
  })
})
