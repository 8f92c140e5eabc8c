import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { GroupCommit } from './groupCommit'
import { MemoryStorage } from './memory'
import { SqliteStorage } from './sqlite'
import { tempDir } from '../testing/harness'

describe('group commit', () => {
  it('writes the appends of one turn in one storage call, each board with its own outcome', async () => {
    const storage = new SqliteStorage({ dataDir: tempDir() })
    let calls = 0
    const appendMany = storage.appendMany.bind(storage)
    storage.appendMany = (batch) => {
      calls++
      return appendMany(batch)
    }
    const empty = Y.encodeStateAsUpdate(new Y.Doc())
    await storage.createBoard('a', empty, 'A')
    await storage.createBoard('b', empty, 'B')
    const commit = new GroupCommit(storage)
    const results = await Promise.allSettled([
      commit.append('a', [new Uint8Array([0, 0])]),
      commit.append('missing', [new Uint8Array([0, 0])]),
      commit.append('b', [new Uint8Array([0, 0]), new Uint8Array([0, 0])]),
    ])
    expect(calls).toBe(1)
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await storage.loadBoard('b'))!.updates).toHaveLength(2)
    // A later turn is a later commit.
    await commit.append('a', [new Uint8Array([0, 0])])
    expect(calls).toBe(2)
    await storage.close()
  })

  it('writes a board appended to twice in one turn once, in call order', async () => {
    const storage = new MemoryStorage()
    await storage.createBoard('a', Y.encodeStateAsUpdate(new Y.Doc()), 'A')
    const commit = new GroupCommit(storage)
    const one = new Uint8Array([0, 0])
    const two = new Uint8Array([0, 0])
    const ids = await Promise.all([commit.append('a', [one]), commit.append('a', [two])])
    expect(ids[0]).toBe(ids[1])
    expect(commit.commits).toBe(1)
    expect(commit.appends).toBe(1)
    const stored = (await storage.loadBoard('a'))!.updates
    expect(stored[0]).toBe(one)
    expect(stored[1]).toBe(two)
  })

  it('commits within a turn once its first append has waited long enough (a backlog of reads)', async () => {
    const storage = new MemoryStorage()
    await storage.createBoard('a', Y.encodeStateAsUpdate(new Y.Doc()), 'A')
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 'B')
    const commit = new GroupCommit(storage, 5)
    const first = commit.append('a', [new Uint8Array([0, 0])])
    const until = performance.now() + 6
    while (performance.now() < until) {
      // a long socket read
    }
    const second = commit.append('b', [new Uint8Array([0, 0])])
    let immediate = false
    setImmediate(() => (immediate = true))
    await Promise.all([first, second])
    expect(immediate, 'committed before the end of the turn').toBe(false)
    expect(commit.commits).toBe(1)
    // The next append waits for its turn again.
    await commit.append('a', [new Uint8Array([0, 0])])
    expect(commit.commits).toBe(2)
  })

  it('resolves nothing before the storage call has returned', async () => {
    const storage = new MemoryStorage()
    await storage.createBoard('a', Y.encodeStateAsUpdate(new Y.Doc()), 'A')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const appendMany = storage.appendMany.bind(storage)
    storage.appendMany = async (batch) => {
      await gate
      return appendMany(batch)
    }
    const commit = new GroupCommit(storage)
    let done = false
    const appended = commit.append('a', [new Uint8Array([0, 0])]).then(() => (done = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(done).toBe(false)
    release()
    await appended
    expect((await storage.loadBoard('a'))!.updates).toHaveLength(1)
  })
})

describe('a room on a group commit', () => {
  it('appends the updates of one turn once and sends each peer one message, after the commit', async () => {
    const { Room } = await import('../room')
    const pino = (await import('pino')).default
    const { recordsKV } = await import('../../lib/doc/schema')
    const { actorRecord, shapeIdFor } = await import('../../lib/board/records')
    const storage = new MemoryStorage()
    await storage.createBoard('r', Y.encodeStateAsUpdate(new Y.Doc()), 'R')
    const appendMany = storage.appendMany.bind(storage)
    const stored: number[] = []
    storage.appendMany = (batch) => {
      stored.push(...batch.map((b) => b.updates.length))
      return appendMany(batch)
    }
    const room = (await Room.load('r', storage, pino({ level: 'silent' }), { compactEvery: 1000 }))!
    const sent = new Map<number, number>()
    const peerOf = (id: number) => ({ id, capability: 'edit' as const, send: () => void sent.set(id, (sent.get(id) ?? 0) + 1), close: () => {} })
    const [a, b, c] = [peerOf(1), peerOf(2), peerOf(3)]
    for (const p of [a, b, c]) room.addPeer(p)
    const edit = (key: string) => {
      const doc = new Y.Doc()
      let update!: Uint8Array
      doc.on('update', (u: Uint8Array) => (update = u))
      recordsKV(doc).set(shapeIdFor(key), actorRecord(shapeIdFor(key), 1, 0, { name: key }))
      return update
    }
    // Two peers' updates read in the same turn: two socket reads, microtasks run after each.
    expect(room.applyUpdate(edit('x'), a).ok).toBe(true)
    await Promise.resolve()
    expect(room.applyUpdate(edit('y'), b).ok).toBe(true)
    await Promise.resolve()
    expect(sent.size, 'nothing leaves before the commit').toBe(0)
    await new Promise((resolve) => setImmediate(resolve))
    await room.settle()
    expect(stored).toEqual([2])
    // a gets b's update, b gets a's, c gets both merged: one message each.
    expect(Object.fromEntries(sent)).toEqual({ 1: 1, 2: 1, 3: 1 })
    room.destroy()
  })
})
