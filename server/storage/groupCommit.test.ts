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
