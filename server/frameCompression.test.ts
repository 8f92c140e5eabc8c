import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { allRecords, recordsKV } from '../lib/doc/schema'
import { generateSnapshot } from '../lib/analysis/generate'
import { geoShape } from '../lib/testing/records'
import type { StoredRecord } from '../lib/doc/schema'
import { testConfig, waitFor, type TestClient, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

/** A board made from a generated coalition (the bench's generator), with its edit token. */
async function bigBoard(actors: number): Promise<{ id: string; token: string }> {
  const res = await fetch(`${server.baseUrl}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-file-name': 'big.json' },
    body: JSON.stringify(generateSnapshot({ actors, ties: actors * 3, seed: 7 })),
  })
  expect(res.status).toBe(201)
  const created = (await res.json()) as { id: string; tokens: { edit: string } }
  return { id: created.id, token: created.tokens.edit }
}

function open(id: string, token: string): TestClient {
  return opened.client(server.wsUrl, id, { token })
}

/** Bytes the client's socket has read so far (the wire, before inflating). */
const bytesRead = (client: TestClient) => (client.provider.ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead

describe('websocket compression', () => {
  it('is off unless asked for (COMPRESS_FRAMES_ABOVE=0 by default)', () => {
    expect(testConfig().compressFramesAbove).toBe(0)
  })

  it('sends a board’s first sync compressed; the document arrives whole', async () => {
    server = await opened.server({ compressFramesAbove: 16 * 1024 })
    const board = await bigBoard(200)
    const client = open(board.id, board.token)
    await client.synced()
    await waitFor(() => allRecords(client.doc).some((r) => r.typeName === 'shape'), 10_000, 'the records')
    expect(client.provider.ws?.extensions).toContain('permessage-deflate')
    const size = Y.encodeStateAsUpdate(client.doc).length
    expect(size).toBeGreaterThan(400_000)
    // Deflated ~7×; well under half leaves room for presence and the analysis.
    expect(bytesRead(client)).toBeLessThan(size / 2)
    expect(allRecords(client.doc).filter((r) => r.typeName === 'shape' && (r as { type?: string }).type === 'actor')).toHaveLength(200)
  })

  it('sends everything as it is when switched off', async () => {
    server = await opened.server({ compressFramesAbove: 0 })
    const board = await bigBoard(200)
    const client = open(board.id, board.token)
    await client.synced()
    await waitFor(() => allRecords(client.doc).some((r) => r.typeName === 'shape'), 10_000, 'the records')
    expect(client.provider.ws?.extensions).toBe('')
    expect(bytesRead(client)).toBeGreaterThan(Y.encodeStateAsUpdate(client.doc).length)
  })

  it('serves a client that asks for a smaller window uncompressed instead of refusing it', async () => {
    server = await opened.server({ compressFramesAbove: 16 * 1024 })
    const board = await bigBoard(10)
    const ws = new WebSocket(`${server.wsUrl}/${board.id}?token=${board.token}`, { perMessageDeflate: { serverMaxWindowBits: 9 } })
    opened.add(ws, (ws) => ws.terminate())
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    expect(ws.extensions).toBe('')
  })

  it('closes only the connection whose small frame inflates beyond the frame limit', async () => {
    server = await opened.server({ maxFrameBytes: 256 * 1024, compressFramesAbove: 16 * 1024 })
    const board = await bigBoard(10)
    const bystander = open(board.id, board.token)
    const other = open(board.id, board.token)
    await Promise.all([bystander.synced(), other.synced()])
    const ws = new WebSocket(`${server.wsUrl}/${board.id}?token=${board.token}`, { perMessageDeflate: { threshold: 0 } })
    opened.add(ws, (ws) => ws.terminate())
    await new Promise<void>((resolve) => ws.once('open', () => resolve()))
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    // A sync message of 1 MiB of zeros: ~1 KB on the wire.
    const message = encoding.createEncoder()
    encoding.writeVarUint(message, 0)
    syncProtocol.writeUpdate(message, new Uint8Array(1024 * 1024))
    const frame = encoding.toUint8Array(message)
    let sent = 0
    ws.send(frame, { compress: true }, () => (sent = (ws as unknown as { _socket: { bytesWritten: number } })._socket.bytesWritten))
    // ws stops inflating at the limit (1009), which the connection turns into our final 4413.
    expect(await closed).toBe(4413)
    expect(sent).toBeLessThan(64 * 1024)
    // The room goes on for everyone else.
    recordsKV(bystander.doc).set('shape:after', geoShape('after', 5, 5) as unknown as StoredRecord)
    await waitFor(() => recordsKV(other.doc).get('shape:after') !== undefined, 5000, 'the other client sees the edit')
  })
})
