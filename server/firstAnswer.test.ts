/**
 * A newcomer to a board that is not loaded is sent the board as stored while the room is made
 * (Connection.answerFromStorage), once, and everything it sends meanwhile still reaches the room.
 */
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { allRecords, recordsKV } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { boardTokens, createBoard, waitFor, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

/** A socket to the board speaking y-websocket's sync by hand: what it received, in order. */
function rawClient(board: string, firstFrames: Uint8Array[]) {
  const ws = new WebSocket(`${server.wsUrl}/${board}?token=${encodeURIComponent(boardTokens(board).edit)}`)
  opened.add(ws, (ws) => ws.terminate())
  const received: { kind: string; bytes: Uint8Array }[] = []
  ws.binaryType = 'nodebuffer'
  ws.on('open', () => {
    for (const frame of firstFrames) ws.send(frame)
  })
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data)
    const decoder = decoding.createDecoder(bytes)
    const type = decoding.readVarUint(decoder)
    received.push({ kind: type === 0 ? `sync-${decoding.readVarUint(decoder)}` : `type-${type}`, bytes })
  })
  return { ws, received }
}

/** Sync step 1 with this document's state vector. */
function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** A sync update message carrying `update`. */
function syncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Applies a sync step 2 message to a new document. */
function docOf(message: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  const decoder = decoding.createDecoder(message)
  decoding.readVarUint(decoder)
  syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null)
  return doc
}

describe('the first answer to a newcomer of a board not loaded', () => {
  it('is the board as stored, sent before the room is made, and only once', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'example' })
    const raw = rawClient(board, [syncStep1(new Y.Doc())])
    // The room made, it sends its own sync step 1; the stored board went before it.
    await waitFor(() => raw.received.some((m) => m.kind === 'sync-0'), 10_000, "the server's sync step 1")
    expect(raw.received[0].kind).toBe('sync-1')
    const seen = docOf(raw.received[0].bytes)
    const reference = opened.client(server.wsUrl, board)
    await reference.synced()
    expect(allRecords(seen).map((r) => r.id).sort()).toEqual(allRecords(reference.doc).map((r) => r.id).sort())
    expect(allRecords(seen).length).toBeGreaterThan(10)
    // An edit by the other client reaches the newcomer, and its board was never sent again.
    const shape = geoShape('late', 5, 5) as any
    reference.doc.transact(() => recordsKV(reference.doc).set(shape.id, shape))
    await waitFor(() => raw.received.some((m) => m.kind === 'sync-2'), 10_000, 'the edit')
    expect(raw.received.filter((m) => m.kind === 'sync-1' && m.bytes.length > 1000)).toHaveLength(1)
  })

  it('is sent to each of two newcomers arriving while the room is made', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'example' })
    const raws = [rawClient(board, [syncStep1(new Y.Doc())]), rawClient(board, [syncStep1(new Y.Doc())])]
    await waitFor(() => raws.every((raw) => raw.received.some((m) => m.kind === 'sync-1')), 10_000, 'the board')
    // An edit goes out behind anything the rooms had queued for them: a second answer would come first.
    const other = opened.client(server.wsUrl, board)
    await other.synced()
    const shape = geoShape('late', 5, 5) as any
    other.doc.transact(() => recordsKV(other.doc).set(shape.id, shape))
    await waitFor(() => raws.every((raw) => raw.received.some((m) => m.kind === 'sync-2')), 10_000, 'the edit')
    for (const raw of raws) {
      expect(raw.received.filter((m) => m.kind === 'sync-1')).toHaveLength(1)
      expect(allRecords(docOf(raw.received.find((m) => m.kind === 'sync-1')!.bytes)).length).toBeGreaterThan(10)
    }
  })

  it('holds what the newcomer sends meanwhile, and applies it once the room is made', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const mine = new Y.Doc()
    const updates: Uint8Array[] = []
    mine.on('update', (u: Uint8Array) => updates.push(u))
    // Written on a document that has nothing of the board yet: a record of its own.
    const shape = geoShape('mine', 1, 2) as any
    mine.transact(() => recordsKV(mine).set(shape.id, shape))
    const empty = new Y.Doc()
    const raw = rawClient(board, [syncStep1(empty), syncUpdate(updates[0])])
    await waitFor(() => raw.received.some((m) => m.kind === 'sync-0'), 10_000, "the server's sync step 1")
    expect(raw.received[0].kind).toBe('sync-1')
    const other = opened.client(server.wsUrl, board)
    await other.synced()
    await waitFor(() => recordsKV(other.doc).get('shape:mine') !== undefined, 10_000, "the newcomer's record")
  })

  it('is the room’s own when the newcomer already holds part of the board (a state vector that is not empty)', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const known = new Y.Doc()
    known.getMap('elsewhere').set('x', 1)
    const raw = rawClient(board, [syncStep1(known)])
    await waitFor(() => raw.received.some((m) => m.kind === 'sync-1'), 10_000, 'the answer')
    // The room answers after its own sync step 1, as it always did.
    expect(raw.received.findIndex((m) => m.kind === 'sync-0')).toBeLessThan(raw.received.findIndex((m) => m.kind === 'sync-1'))
  })
})
