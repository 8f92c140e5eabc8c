import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Worker } from 'node:worker_threads'
import { tempDir, waitFor } from '../testing/harness'
import { SqliteStorage } from './sqlite'
import { MemoryStorage } from './memory'
import type { BoardStorage } from './types'

function update(doc: Y.Doc, key: string, value: number): Uint8Array {
  let captured: Uint8Array | null = null
  const handler = (u: Uint8Array) => (captured = u)
  doc.on('update', handler)
  doc.getMap('m').set(key, value)
  doc.off('update', handler)
  return captured!
}

function restore(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc
}

describe.each([
  ['sqlite', () => new SqliteStorage({ dataDir: tempDir() })],
  ['memory', () => new MemoryStorage()],
])('%s storage', (_name, make: () => BoardStorage) => {
  it('appends, compacts and reloads without losing an update', async () => {
    const storage = make()
    const source = new Y.Doc()
    await storage.createBoard('b1', Y.encodeStateAsUpdate(source), 'Test')
    for (let i = 0; i < 10; i++) await storage.appendUpdates('b1', [update(source, `k${i}`, i)])
    let stored = (await storage.loadBoard('b1'))!
    expect(stored.updates).toHaveLength(10)
    expect(restore(stored).getMap('m').toJSON()).toEqual(source.getMap('m').toJSON())

    // Compact what was loaded, while two more updates arrive after the load.
    const state = Y.encodeStateAsUpdate(restore(stored))
    await storage.appendUpdates('b1', [update(source, 'late1', 1), update(source, 'late2', 2)])
    await storage.compact('b1', state, stored.lastUpdateId)
    stored = (await storage.loadBoard('b1'))!
    expect(stored.updates).toHaveLength(2)
    expect(restore(stored).getMap('m').toJSON()).toEqual(source.getMap('m').toJSON())
    expect(await storage.pendingUpdateCount('b1')).toBe(2)
    await storage.close()
  })

  it('appends several boards in one call; a board that fails fails alone', async () => {
    const storage = make()
    const a = new Y.Doc()
    const b = new Y.Doc()
    await storage.createBoard('ma', Y.encodeStateAsUpdate(a), 'A')
    await storage.createBoard('mb', Y.encodeStateAsUpdate(b), 'B')
    const outcomes = await storage.appendMany!([
      { boardId: 'ma', updates: [update(a, 'x', 1), update(a, 'y', 2)] },
      { boardId: 'gone', updates: [new Uint8Array([0, 0])] },
      { boardId: 'mb', updates: [update(b, 'z', 3)] },
    ])
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true])
    const [first, , third] = outcomes as { ok: true; lastId: number }[]
    expect(third.lastId).toBeGreaterThan(first.lastId)
    expect(restore((await storage.loadBoard('ma'))!).getMap('m').toJSON()).toEqual({ x: 1, y: 2 })
    expect(restore((await storage.loadBoard('mb'))!).getMap('m').toJSON()).toEqual({ z: 3 })
    expect(await storage.loadBoard('gone')).toBeNull()
    await storage.close()
  })

  it('knows which boards exist and deletes them', async () => {
    const storage = make()
    expect(await storage.loadBoard('nope')).toBeNull()
    await storage.createBoard('b2', Y.encodeStateAsUpdate(new Y.Doc()), 'Two')
    expect(await storage.hasBoard('b2')).toBe(true)
    expect((await storage.getBoardInfo('b2'))?.title).toBe('Two')
    await storage.deleteBoard('b2')
    expect(await storage.hasBoard('b2')).toBe(false)
    await storage.close()
  })
})

describe('sqlite storage file', () => {
  it('persists across instances of the same data directory', async () => {
    const dir = tempDir()
    const first = new SqliteStorage({ dataDir: dir })
    const doc = new Y.Doc()
    await first.createBoard('b3', Y.encodeStateAsUpdate(doc), 'Three')
    await first.appendUpdates('b3', [update(doc, 'x', 1)])
    await first.close()
    const second = new SqliteStorage({ dataDir: dir, synchronous: 'FULL' })
    expect(restore((await second.loadBoard('b3'))!).getMap('m').get('x')).toBe(1)
    await second.close()
  })
})

describe('sqlite write-ahead log', () => {
  const pragma = (storage: SqliteStorage, name: string, simple = true) =>
    (storage as unknown as { db: { pragma(s: string, o: object): unknown } }).db.pragma(name, { simple })

  it('is checkpointed by the thread, never inside an append, and starts over after each checkpoint', async () => {
    const storage = new SqliteStorage({ dataDir: tempDir() })
    const doc = new Y.Doc()
    await storage.createBoard('w', Y.encodeStateAsUpdate(doc), 'W')
    expect(pragma(storage, 'wal_autocheckpoint')).toBe(0)
    // Commits of ~4 pages each, as a busy board makes them, with the event loop turning
    // between them: SQLite alone would checkpoint inside every 250th append.
    const blob = new Uint8Array(2000).fill(1)
    for (let i = 0; i < 1500; i++) {
      await storage.appendUpdates('w', [blob])
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 2))
    }
    await waitFor(() => storage.checkpointer.checkpoints > 0, 10_000, 'a checkpoint by the thread')
    const before = storage.checkpointer.checkpoints
    await storage.appendUpdates('w', [update(doc, 'after', 1)])
    await waitFor(() => storage.checkpointer.checkpoints > before, 10_000, 'a second checkpoint')
    // Everything is back in the database file; the next commit starts the log over.
    await storage.appendUpdates('w', [update(doc, 'again', 2)])
    const [{ log }] = pragma(storage, 'wal_checkpoint(PASSIVE)', false) as { log: number }[]
    expect(log).toBeLessThan(20)
    expect((await storage.loadBoard('w'))!.updates).toHaveLength(1502)
    await storage.close()
  })

  it('is checkpointed by SQLite again when the thread fails', async () => {
    const storage = new SqliteStorage({ dataDir: tempDir() })
    await storage.createBoard('f', Y.encodeStateAsUpdate(new Y.Doc()), 'F')
    await storage.appendUpdates('f', [new Uint8Array(10)])
    await waitFor(() => storage.checkpointer.checkpoints > 0, 10_000, 'the thread running')
    await (storage.checkpointer as unknown as { worker: Worker }).worker.terminate()
    await waitFor(() => pragma(storage, 'wal_autocheckpoint') === 1000, 5000, 'autocheckpoint back on')
    await storage.appendUpdates('f', [new Uint8Array(10)])
    expect((await storage.loadBoard('f'))!.updates).toHaveLength(2)
    await storage.close()
  })
})
