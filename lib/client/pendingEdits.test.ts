import { describe, expect, it } from 'vitest'
import { PendingEdits, type KeyValueStorage } from './pendingEdits'

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

describe('pending edits', () => {
  it('count records, not changes: a name typed letter by letter is one edit', () => {
    const pending = new PendingEdits(memoryStorage(), 'k')
    for (let i = 0; i < 12; i++) pending.add(['shape:card'])
    pending.add(['shape:other', 'binding:x'])
    expect(pending.count).toBe(3)
  })

  it('survive a reload, and are gone once the server has them', () => {
    const storage = memoryStorage()
    new PendingEdits(storage, 'k').add(['shape:a', 'shape:b'])
    const reloaded = new PendingEdits(storage, 'k')
    expect(reloaded.count).toBe(2)
    expect(reloaded.add(['shape:a'])).toBe(false)
    reloaded.clear()
    expect(new PendingEdits(storage, 'k').count).toBe(0)
    expect(storage.data.has('k')).toBe(false)
  })

  it('read an older page\'s stored count, and ignore what they cannot read', () => {
    expect(new PendingEdits(memoryStorage({ k: '29' }), 'k').count).toBe(29)
    for (const junk of ['{', '"x"', '{"ids":[1],"more":0}', '-3', '{"ids":[],"more":-1}']) {
      expect(new PendingEdits(memoryStorage({ k: junk }), 'k').count).toBe(0)
    }
  })

  it('keep counting, by number only, past the ids they keep', () => {
    const storage = memoryStorage()
    const pending = new PendingEdits(storage, 'k')
    pending.add(Array.from({ length: 5_010 }, (_, i) => `shape:${i}`))
    pending.add(['shape:0', 'shape:new'])
    expect(pending.count).toBe(5_011)
    expect(new PendingEdits(storage, 'k').count).toBe(5_011)
  })
})
