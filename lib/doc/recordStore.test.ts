import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { mulberry32 } from '../analysis/metrics'
import { RecordStore, type KVChange, type KVEntry } from './recordStore'

type Val = { n: number; by: number }

function storeOf(doc: Y.Doc): RecordStore<Val> {
  return new RecordStore<Val>(doc.getArray<KVEntry<Val>>('records'))
}

/** What the array says, read the slow way: the rightmost live entry of each key. */
function reference(doc: Y.Doc): Map<string, Val> {
  const out = new Map<string, Val>()
  for (const e of doc.getArray<unknown>('records').toArray()) {
    if (!e || typeof e !== 'object' || typeof (e as KVEntry<unknown>).key !== 'string') continue
    const { key, val } = e as KVEntry<unknown>
    out.set(key, (typeof val === 'string' ? JSON.parse(val) : val) as Val)
  }
  return out
}

const plain = (s: RecordStore<Val>) => new Map([...s.map].map(([k, e]) => [k, e.val]))

/** Keeps a copy of the map from the change events alone, to check the events tell the truth. */
function mirror(s: RecordStore<Val>): Map<string, Val> {
  const copy = plain(s)
  s.on('change', (changes: Map<string, KVChange<Val>>) => {
    for (const [key, c] of changes) {
      if (c.action === 'delete') {
        expect(copy.get(key)).toEqual(c.oldValue)
        copy.delete(key)
      } else {
        if (c.action === 'update') expect(copy.get(key)).toEqual(c.oldValue)
        else expect(copy.has(key)).toBe(false)
        copy.set(key, c.newValue)
      }
    }
  })
  return copy
}

describe('RecordStore', () => {
  it('writes values as JSON text, and reads entries written as objects (boards before that) alike', () => {
    const doc = new Y.Doc()
    const s = storeOf(doc)
    s.set('new', { n: 1, by: 0 })
    expect(doc.getArray('records').toArray()).toEqual([{ key: 'new', val: '{"n":1,"by":0}' }])
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    // An entry as YKeyValue and this store wrote them before: the value as an object.
    other.getArray('records').push([{ key: 'old', val: { n: 2, by: 1 } }])
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    expect(plain(s)).toEqual(new Map([['new', { n: 1, by: 0 }], ['old', { n: 2, by: 1 }]]))
    expect(plain(storeOf(other))).toEqual(plain(s))
    // Rewritten, an old entry becomes text.
    s.set('old', { n: 3, by: 0 })
    expect(doc.getArray('records').toArray()).toEqual([{ key: 'new', val: '{"n":1,"by":0}' }, { key: 'old', val: '{"n":3,"by":0}' }])
  })

  it('reports an entry whose text is not JSON as malformed and leaves it out', () => {
    const doc = new Y.Doc()
    const s = storeOf(doc)
    s.set('a', { n: 1, by: 0 })
    const malformed: unknown[] = []
    s.on('malformed', (values) => malformed.push(...values))
    const changes: string[] = []
    s.on('change', (c) => changes.push(...c.keys()))
    doc.getArray('records').push([{ key: 'a', val: '{"n": 2' }])
    expect(malformed).toEqual([{ key: 'a', val: '{"n": 2' }])
    expect(changes).toEqual([])
    expect(s.get('a')).toEqual({ n: 1, by: 0 })
    expect(plain(storeOf(doc))).toEqual(plain(s))
  })

  it('sets, overwrites and deletes with events like a map, leaving one entry per key', () => {
    const doc = new Y.Doc()
    const s = storeOf(doc)
    const seen: string[] = []
    s.on('change', (changes) => {
      for (const [k, c] of changes) seen.push(`${c.action} ${k}`)
    })
    s.set('a', { n: 1, by: 0 })
    s.set('b', { n: 2, by: 0 })
    s.set('a', { n: 3, by: 0 })
    s.delete('b')
    s.delete('missing')
    expect(seen).toEqual(['add a', 'add b', 'update a', 'delete b'])
    expect(s.get('a')).toEqual({ n: 3, by: 0 })
    expect(s.has('b')).toBe(false)
    expect(doc.getArray('records').length).toBe(1)
  })

  it('handles many writes of one key inside one transaction, and entries pushed together', () => {
    const doc = new Y.Doc()
    const s = storeOf(doc)
    doc.getArray('records').push([
      { key: 'x', val: { n: 1, by: 0 } },
      { key: 'y', val: { n: 1, by: 0 } },
      { key: 'z', val: { n: 1, by: 0 } },
    ])
    doc.transact(() => {
      for (let i = 0; i < 5; i++) s.set('y', { n: i, by: 0 })
    })
    expect(plain(s)).toEqual(new Map([['x', { n: 1, by: 0 }], ['y', { n: 4, by: 0 }], ['z', { n: 1, by: 0 }]]))
    expect(reference(doc)).toEqual(plain(s))
    expect(doc.getArray('records').length).toBe(3)
  })

  it('reads a document written by y-utility YKeyValue exactly as YKeyValue does', () => {
    const doc = new Y.Doc()
    const kv = new YKeyValue<Val>(doc.getArray('records'))
    const rnd = mulberry32(7)
    for (let i = 0; i < 500; i++) {
      const key = `k${Math.floor(rnd() * 30)}`
      if (rnd() < 0.2) kv.delete(key)
      else kv.set(key, { n: i, by: 0 })
    }
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(plain(storeOf(copy))).toEqual(new Map([...kv.map].map(([k, e]) => [k, e.val])))
  })

  it('ignores and reports values that are not entries, and never throws on them', () => {
    const doc = new Y.Doc()
    const s = storeOf(doc)
    const malformed: unknown[] = []
    s.on('malformed', (values) => malformed.push(...values))
    doc.getArray<unknown>('records').push([null, 7, { key: 3 }, { key: 'ok', val: { n: 1, by: 0 } }, new Y.Map()])
    expect(malformed).toHaveLength(4)
    expect(plain(s)).toEqual(new Map([['ok', { n: 1, by: 0 }]]))
    // A fresh reader of the same document copes too.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(plain(storeOf(copy))).toEqual(new Map([['ok', { n: 1, by: 0 }]]))
  })

  it('seeded random concurrent edits from four peers converge to the rightmost entry of each key', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = mulberry32(seed)
      const peers = Array.from({ length: 4 }, (_, i) => {
        const doc = new Y.Doc()
        doc.clientID = 100 + i
        const store = storeOf(doc)
        const inbox: Uint8Array[] = []
        return { doc, store, inbox, copy: mirror(store) }
      })
      for (const p of peers) {
        p.doc.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin === 'wire') return
          for (const q of peers) if (q !== p) q.inbox.push(u)
        })
      }
      const deliverSome = (p: (typeof peers)[number]) => {
        // Out of order on purpose: Yjs holds what it cannot apply yet.
        while (p.inbox.length && rnd() < 0.7) {
          const [u] = p.inbox.splice(Math.floor(rnd() * p.inbox.length), 1)
          Y.applyUpdate(p.doc, u, 'wire')
        }
      }
      for (let step = 0; step < 600; step++) {
        const p = peers[Math.floor(rnd() * peers.length)]
        const key = `k${Math.floor(rnd() * 12)}`
        const r = rnd()
        if (r < 0.15) p.store.delete(key)
        else if (r < 0.25) p.doc.transact(() => {
          p.store.set(key, { n: step, by: p.doc.clientID })
          p.store.set(`k${Math.floor(rnd() * 12)}`, { n: step, by: p.doc.clientID })
        })
        else if (r < 0.8) p.store.set(key, { n: step, by: p.doc.clientID })
        else deliverSome(p)
      }
      for (const p of peers) {
        for (const u of p.inbox.splice(0)) Y.applyUpdate(p.doc, u, 'wire')
      }
      const expected = reference(peers[0].doc)
      for (const p of peers) {
        expect(p.doc.store.pendingStructs, `seed ${seed}: everything applied`).toBeNull()
        expect(reference(p.doc), `seed ${seed}: same document`).toEqual(expected)
        expect(plain(p.store), `seed ${seed}: map is the rightmost entry`).toEqual(expected)
        expect(p.copy, `seed ${seed}: events describe the map`).toEqual(expected)
      }
      // A later write of each key removes every duplicate concurrency left behind.
      const [first] = peers
      for (const key of expected.keys()) first.store.set(key, { n: -1, by: 0 })
      expect(first.doc.getArray('records').length).toBe(expected.size)
    }
  })

  it('makes no edits of its own when it only reads (a view link must not write)', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const sa = storeOf(a)
    const sb = storeOf(b)
    const writtenByB: Uint8Array[] = []
    b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'wire' && writtenByB.push(u))
    // Concurrent writes of one key leave two live entries; the reader resolves them silently.
    const c = new Y.Doc()
    const sc = storeOf(c)
    sa.set('k', { n: 1, by: 1 })
    sc.set('k', { n: 2, by: 2 })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), 'wire')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(c), 'wire')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(c), 'wire')
    expect(writtenByB).toEqual([])
    expect(sb.get('k')).toEqual(sa.get('k'))
    expect(sb.get('k')).toEqual(reference(b).get('k'))
  })
})

describe('RecordStore.setMany', () => {
  it('writes many keys in one item, replacing what was there, and agrees with set()', () => {
    const doc = new Y.Doc()
    const s = storeOf(doc)
    const copy = mirror(s)
    s.set('a', { n: 0, by: 0 })
    s.setMany([
      ['a', { n: 1, by: 0 }],
      ['b', { n: 2, by: 0 }],
      ['a', { n: 3, by: 0 }],
    ])
    expect(plain(s)).toEqual(new Map([['a', { n: 3, by: 0 }], ['b', { n: 2, by: 0 }]]))
    expect(copy).toEqual(plain(s))
    expect(reference(doc)).toEqual(plain(s))
    expect(doc.getArray('records').length).toBe(2)
    // The slots of a batch are exact: later single writes delete the right entries.
    s.set('b', { n: 4, by: 0 })
    s.delete('a')
    expect(reference(doc)).toEqual(new Map([['b', { n: 4, by: 0 }]]))
    expect(doc.getArray('records').length).toBe(1)
    expect(copy).toEqual(plain(s))
  })
})
