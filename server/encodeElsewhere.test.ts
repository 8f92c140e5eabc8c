import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import pino from 'pino'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { Room } from './room'
import { encodeSyncStep2 } from './protocol'
import { MemoryStorage } from './storage/memory'
import { AnalysisWorker } from './analysisPool'
import { waitFor } from './testing/harness'
import { recordsKV } from '../lib/doc/schema'
import { actorRecord, shapeIdFor } from '../lib/board/records'

const log = pino({ level: 'silent' })

class CountingStorage extends MemoryStorage {
  compactions = 0
  override async compact(id: string, state: Uint8Array, upto: number) {
    this.compactions++
    return super.compact(id, state, upto)
  }
}
const editor = { id: 1, capability: 'edit' as const, send: () => {}, close: () => {} }

/** A client document whose edits become updates for the room. */
function client() {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  // An actor per key, `value` its x: records the guard accepts from an editor.
  const edit = (key: string, value: number) => {
    recordsKV(doc).set(shapeIdFor(key), actorRecord(shapeIdFor(key), value, 0, { name: key }))
    return updates[updates.length - 1]
  }
  return { doc, edit }
}

async function loadRoom(storage: CountingStorage, compactEvery: number): Promise<Room> {
  const room = (await Room.load('b', storage, log, { compactEvery }))!
  room.addPeer(editor)
  return room
}

function restored(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('compaction with the snapshot encoded elsewhere', () => {
  it('stores the snapshot encoded elsewhere and keeps every update appended meanwhile', async () => {
    const storage = new CountingStorage()
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
    const room = await loadRoom(storage, 5)
    const pending = deferred<Uint8Array>()
    let asked = 0
    let taken: Uint8Array | null = null
    room.encodeElsewhere = () => {
      asked++
      taken = Y.encodeStateAsUpdate(room.doc) // what a replica holds at this moment
      return pending.promise
    }
    const c = client()
    for (let i = 0; i < 5; i++) room.applyUpdate(c.edit(`k${i}`, i), editor)
    await waitFor(() => asked === 1, 2000, 'the snapshot asked for')
    // Edits go on (and are stored and relayed) while the snapshot is being encoded.
    for (let i = 5; i < 8; i++) room.applyUpdate(c.edit(`k${i}`, i), editor)
    await room.settle()
    expect(await storage.pendingUpdateCount('b')).toBe(8)
    pending.resolve(taken!)
    await waitFor(() => storage.compactions > 0, 2000, 'the snapshot stored')
    await room.settle()
    const stored = (await storage.loadBoard('b'))!
    expect(stored.updates).toHaveLength(3)
    const xs = Object.fromEntries([...recordsKV(restored(stored)).map.values()].map(({ val }) => [val.id, val.x]))
    expect(xs).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [shapeIdFor(`k${i}`), i])))
    room.destroy()
  })

  it('never stores a snapshot that comes back after a later one, or after the room is gone', async () => {
    const storage = new CountingStorage()
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
    const room = await loadRoom(storage, 3)
    const pending = deferred<Uint8Array>()
    let taken: Uint8Array | null = null
    room.encodeElsewhere = () => {
      taken = Y.encodeStateAsUpdate(room.doc)
      return pending.promise
    }
    const c = client()
    for (let i = 0; i < 4; i++) room.applyUpdate(c.edit(`k${i}`, i), editor)
    await waitFor(() => taken !== null, 2000, 'the snapshot asked for')
    room.removePeer(editor)
    await room.unload() // compacts here, with all four edits
    pending.resolve(taken!) // the old snapshot, with three
    await new Promise((r) => setTimeout(r, 20))
    const stored = (await storage.loadBoard('b'))!
    expect(recordsKV(restored(stored)).get(shapeIdFor('k3'))?.x).toBe(3)
    expect(stored.updates).toHaveLength(0)
  })

  it('falls back to encoding here when encoding elsewhere fails', async () => {
    const storage = new CountingStorage()
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
    const room = await loadRoom(storage, 3)
    room.encodeElsewhere = () => Promise.reject(new Error('worker gone'))
    const c = client()
    for (let i = 0; i < 3; i++) room.applyUpdate(c.edit(`k${i}`, i), editor)
    await waitFor(() => storage.compactions > 0, 2000, 'the snapshot stored')
    const stored = (await storage.loadBoard('b'))!
    expect(stored.updates).toHaveLength(0)
    expect(recordsKV(restored(stored)).get(shapeIdFor('k2'))?.x).toBe(2)
    room.destroy()
  })
})

describe('the analysis worker encodes a replica', () => {
  it('into the same document as the board, with every update applied before the call', async () => {
    const worker = new AnalysisWorker()
    const doc = new Y.Doc()
    doc.getMap('session').set('a', 1)
    worker.attach('b', doc)
    expect(worker.encodeState('b'), 'no replica before the first analysis').toBeNull()
    await worker.analyse('b', {})
    doc.getMap('session').set('b', 2)
    const state = await worker.encodeState('b')!
    const copy = new Y.Doc()
    Y.applyUpdate(copy, state)
    expect(copy.getMap('session').toJSON()).toEqual({ a: 1, b: 2 })
    expect(worker.encodeState('other')).toBeNull()
    await worker.close()
  })
})

describe('a sync answer encoded elsewhere', () => {
  it('goes out once encoded; edits made meanwhile reach the newcomer first, and it converges', async () => {
    const storage = new CountingStorage()
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
    const room = await loadRoom(storage, 1000)
    const c = client()
    for (let i = 0; i < 3; i++) room.applyUpdate(c.edit(`k${i}`, i), editor)
    room.encodeElsewhere = (stateVector) => {
      const answer = Y.encodeStateAsUpdate(room.doc, stateVector) // the replica, as of now
      return new Promise((resolve) => setTimeout(() => resolve(answer), 30))
    }
    const received: Uint8Array[] = []
    const newcomer = { id: 2, capability: 'view' as const, send: (m: Uint8Array) => received.push(m), close: () => {} }
    room.addPeer(newcomer)
    const doc = new Y.Doc()
    room.replySyncStep1(newcomer, Y.encodeStateVector(doc))
    // An edit lands while the answer is being encoded: the newcomer gets it first.
    room.applyUpdate(c.edit('k3', 3), editor)
    await waitFor(() => received.length === 2, 2000, 'the update and the answer')
    expect(await storage.pendingUpdateCount('b')).toBe(4)
    for (const message of received) {
      const decoder = decoding.createDecoder(message)
      expect(decoding.readVarUint(decoder)).toBe(0) // sync
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null)
    }
    expect(recordsKV(doc).size).toBe(4)
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(room.doc))
    room.destroy()
  })
})

describe('a board just loaded', () => {
  function newcomer(room: Room, id: number) {
    const received: Uint8Array[] = []
    const peer = { id, capability: 'view' as const, send: (m: Uint8Array) => received.push(m), close: () => {} }
    room.addPeer(peer)
    const doc = new Y.Doc()
    room.replySyncStep1(peer, Y.encodeStateVector(doc))
    // Applying the same messages again changes nothing: callers may apply as they wait.
    const apply = () => {
      const types = received.map((message) => {
        const decoder = decoding.createDecoder(message)
        expect(decoding.readVarUint(decoder)).toBe(0) // sync
        return syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null)
      })
      return { doc, types }
    }
    return { received, apply }
  }
  function countingEncoder(room: Room) {
    const calls = { asked: 0 }
    room.encodeElsewhere = (stateVector) => {
      calls.asked++
      return Promise.resolve(Y.encodeStateAsUpdate(room.doc, stateVector))
    }
    return calls
  }

  it('sends a newcomer with nothing the board stored as one piece, as it is, until the document changes', async () => {
    const storage = new CountingStorage()
    const c = client()
    c.edit('k0', 0)
    c.edit('k1', 1)
    await storage.createBoard('b', Y.encodeStateAsUpdate(c.doc), 't')
    const room = await loadRoom(storage, 1000)
    const calls = countingEncoder(room)
    const first = newcomer(room, 2)
    await waitFor(() => first.received.length === 1, 2000, 'the answer')
    const { doc, types } = first.apply()
    expect(types).toEqual([syncProtocol.messageYjsSyncStep2])
    expect(first.received[0]).toEqual(encodeSyncStep2((await storage.loadBoard('b'))!.snapshot!))
    expect(calls.asked).toBe(0)
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(room.doc))
    // A client that has something is answered what it lacks, as before.
    room.replySyncStep1(editor, Y.encodeStateVector(c.doc))
    await waitFor(() => calls.asked === 1, 2000, 'the answer encoded elsewhere')
    // Once the document changed, the stored piece is no longer the document.
    room.applyUpdate(c.edit('k2', 2), editor)
    const second = newcomer(room, 3)
    await waitFor(() => calls.asked === 2, 2000, 'the answer encoded elsewhere')
    await waitFor(() => recordsKV(second.apply().doc).size === 3, 2000, 'the newcomer to have the board')
    room.destroy()
  })

  it('encodes the answer for a board stored as several pieces: one sync step 2 holds all of it', async () => {
    const storage = new CountingStorage()
    const c = client()
    c.edit('k0', 0)
    await storage.createBoard('b', Y.encodeStateAsUpdate(c.doc), 't')
    await storage.appendUpdates('b', [c.edit('k1', 1), c.edit('k0', 5)])
    const room = await loadRoom(storage, 1000)
    const calls = countingEncoder(room)
    const first = newcomer(room, 2)
    await waitFor(() => first.received.length === 1, 2000, 'the answer')
    expect(calls.asked).toBe(1)
    const { doc, types } = first.apply()
    expect(types).toEqual([syncProtocol.messageYjsSyncStep2])
    expect((recordsKV(doc).get(shapeIdFor('k0')) as any).x).toBe(5)
    expect(recordsKV(doc).size).toBe(2)
    room.destroy()
  })
})

describe('a malformed state vector', () => {
  it('fails on the sender’s connection and never reaches the encoder elsewhere', async () => {
    const storage = new CountingStorage()
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
    const room = await loadRoom(storage, 1000)
    let asked = 0
    room.encodeElsewhere = () => {
      asked++
      return Promise.resolve(new Uint8Array())
    }
    expect(() => room.replySyncStep1(editor, new Uint8Array([5, 1]))).toThrow()
    expect(asked).toBe(0)
    room.destroy()
  })

  it('is answered with an error by the worker, which lives on', async () => {
    const worker = new AnalysisWorker()
    const doc = new Y.Doc()
    worker.attach('b', doc)
    await worker.analyse('b', {})
    await expect(worker.encodeState('b', new Uint8Array([5, 1]))!).rejects.toThrow()
    expect(await worker.encodeState('b')!).toBeInstanceOf(Uint8Array)
    await worker.close()
  })
})
