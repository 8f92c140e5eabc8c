import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BIG_SYNC, lightenFirstSync } from './firstSync'

function bigUpdate(): Uint8Array {
  const source = new Y.Doc()
  const map = source.getMap('records')
  for (let i = 0; i < 100; i++) map.set(`r${i}`, new Y.Text('x'.repeat(BIG_SYNC / 100)))
  return Y.encodeStateAsUpdate(source)
}

describe('lightenFirstSync', () => {
  it('holds the listeners back for the provider’s answers before its first sync only, and stores the state once after it', async () => {
    const doc = new Y.Doc()
    const provider = { synced: false }
    const seen: unknown[] = []
    const listener = (_u: Uint8Array, origin: unknown) => seen.push(origin)
    doc.on('update', listener)
    let stores = 0
    const light = lightenFirstSync(doc, { provider, listeners: () => [listener], storeFullState: () => stores++, whenIdle: (fn) => fn() })

    Y.applyUpdate(doc, bigUpdate(), provider)
    expect(seen).toEqual([])
    expect(doc.getMap('records').size).toBe(100)

    // A local edit right after, in the same task: the listener is back.
    doc.transact(() => doc.getMap('records').set('mine', 1), 'local')
    expect(seen).toEqual(['local'])

    provider.synced = true
    light.afterSync()
    light.afterSync()
    expect(stores).toBe(1)

    // Later server updates reach the listeners.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    other.getMap('records').set('theirs', 2)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), provider)
    expect(seen).toEqual(['local', provider])
    light.dispose()
  })

  it('puts the listeners back by the next microtask when no transaction follows', async () => {
    const doc = new Y.Doc()
    const provider = { synced: false }
    const seen: unknown[] = []
    const listener = (_u: Uint8Array, origin: unknown) => seen.push(origin)
    doc.on('update', listener)
    lightenFirstSync(doc, { provider, listeners: () => [listener], storeFullState: () => {}, whenIdle: (fn) => fn() })
    Y.applyUpdate(doc, bigUpdate(), provider)
    await Promise.resolve()
    doc.getMap('records').set('mine', 1)
    expect(seen.length).toBe(1)
  })

  it('leaves a small first answer alone', () => {
    const doc = new Y.Doc()
    const provider = { synced: false }
    const seen: unknown[] = []
    const listener = (_u: Uint8Array, origin: unknown) => seen.push(origin)
    doc.on('update', listener)
    let stores = 0
    const light = lightenFirstSync(doc, { provider, listeners: () => [listener], storeFullState: () => stores++, whenIdle: (fn) => fn() })
    const small = new Y.Doc()
    small.getMap('records').set('a', 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(small), provider)
    expect(seen).toEqual([provider])
    light.afterSync()
    expect(stores).toBe(0)
  })

  it('stores nothing extra when nothing was held back', () => {
    const doc = new Y.Doc()
    let stores = 0
    const light = lightenFirstSync(doc, { provider: { synced: true }, listeners: () => [], storeFullState: () => stores++ })
    light.afterSync()
    expect(stores).toBe(0)
  })
})
