import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { atom } from '@tldraw/state'
import { Store } from '@tldraw/store'
import { InstancePresenceRecordType, type TLRecord, type TLShape } from '@tldraw/tlschema'
import { createBoardDoc } from '../board/newBoard'
import { boardTLSchema } from '../board/tlschema'
import { recordsKV } from '../doc/schema'
import { createTestStore, geoShape } from '../testing/records'
import { linkedCopy } from '../testing/linkedDocs'
import { bind, BINDING_ORIGIN, createStoreFromDoc, MAX_SHARED_SELECTION, sameSchema, type InvalidRecordReport } from './bind'

/** Two docs joined like two browsers through a server: every update goes across. */
function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  Y.applyUpdate(a, Y.encodeStateAsUpdate(createBoardDoc({ title: 't', template: 'blank' })))
  return [a, linkedCopy(a)]
}

/** A linked pair where B puts A's changes into its store only when a scheduled apply is run. */
function scheduledPair() {
  const [docA, docB] = linkedDocs()
  const storeA = createTestStore()
  const storeB = createTestStore()
  const scheduled: (() => void)[] = []
  bind(storeA, docA, null)
  bind(storeB, docB, null, { scheduleRemote: (apply) => scheduled.push(apply) })
  return { docB, storeA, storeB, scheduled }
}

describe('tldraw ⇄ Yjs binding', () => {
  it('loads the document into the store and carries changes both ways', () => {
    const [docA, docB] = linkedDocs()
    const storeA = createTestStore()
    const storeB = createTestStore()
    const disposeA = bind(storeA, docA, null)
    const disposeB = bind(storeB, docB, null)
    expect(storeA.get('page:page' as any)).toBeTruthy()

    storeA.put([geoShape('s1', 10, 20)])
    expect((storeB.get('shape:s1' as any) as TLShape).x).toBe(10)
    storeB.update('shape:s1' as any, (r: any) => ({ ...r, x: 99 }))
    expect((storeA.get('shape:s1' as any) as TLShape).x).toBe(99)
    storeA.remove(['shape:s1' as any])
    expect(storeB.has('shape:s1' as any)).toBe(false)
    disposeA()
    disposeB()
  })

  it('with a scheduler, puts the remote changes that arrived before it runs into the store as one change', () => {
    const { storeA, storeB, scheduled } = scheduledPair()
    let remoteChanges = 0
    storeB.listen(() => remoteChanges++, { source: 'remote', scope: 'document' })
    storeA.put([geoShape('s1', 0, 0), geoShape('s2', 0, 0)])
    for (let x = 1; x <= 5; x++) storeA.update('shape:s1' as any, (r: any) => ({ ...r, x }))
    storeA.remove(['shape:s2' as any])
    // Nothing yet, and one application asked for, however many updates came.
    expect(storeB.has('shape:s1' as any)).toBe(false)
    expect(scheduled).toHaveLength(1)
    scheduled.shift()!()
    expect((storeB.get('shape:s1' as any) as TLShape).x).toBe(5)
    expect(storeB.has('shape:s2' as any)).toBe(false)
    expect(remoteChanges).toBe(1)
    // The next remote change asks again.
    storeA.update('shape:s1' as any, (r: any) => ({ ...r, x: 6 }))
    expect(scheduled).toHaveLength(1)
    scheduled.shift()!()
    expect((storeB.get('shape:s1' as any) as TLShape).x).toBe(6)
  })

  it('with a scheduler, a local edit made before the remote change goes in is kept, in the store and the document', () => {
    const { docB, storeA, storeB, scheduled } = scheduledPair()
    storeA.put([geoShape('s1', 0, 0)])
    scheduled.shift()!()
    storeA.update('shape:s1' as any, (r: any) => ({ ...r, x: 50 })) // B has not applied this yet
    storeB.update('shape:s1' as any, (r: any) => ({ ...r, y: 70 })) // B edits the card meanwhile
    scheduled.shift()!()
    const inB = storeB.get('shape:s1' as any) as TLShape
    expect([inB.x, inB.y]).toEqual([0, 70])
    expect(recordsKV(docB).get('shape:s1')).toMatchObject({ x: 0, y: 70 })
    expect((storeA.get('shape:s1' as any) as TLShape).y).toBe(70)
  })

  it('does not echo: applying a remote change writes nothing back to Yjs', () => {
    const [docA, docB] = linkedDocs()
    const storeA = createTestStore()
    const storeB = createTestStore()
    bind(storeA, docA, null)
    bind(storeB, docB, null)
    let writesFromB = 0
    docB.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin === BINDING_ORIGIN) writesFromB++
    })
    storeA.put([geoShape('s2', 1, 1)])
    storeA.update('shape:s2' as any, (r: any) => ({ ...r, y: 5 }))
    expect(storeB.has('shape:s2' as any)).toBe(true)
    expect(writesFromB).toBe(0)
  })

  it('keeps session records and per-browser user records out of the document', () => {
    const [docA] = linkedDocs()
    const storeA = createTestStore()
    bind(storeA, docA, null)
    storeA.put([{ id: 'user:me', typeName: 'user', name: 'Me', color: '#000', imageUrl: '', meta: {} } as any])
    expect(recordsKV(docA).get('user:me')).toBeUndefined()
  })

  it('skips and reports a record that fails validation, and still applies the rest', () => {
    const [docA, docB] = linkedDocs()
    const storeB = createTestStore()
    const reports: InvalidRecordReport[] = []
    bind(storeB, docB, null, { onInvalidRecord: (r) => reports.push(r) })
    docA.transact(() => {
      const bad = geoShape('bad', 0, 0, { w: -5 }) as any
      recordsKV(docA).set(bad.id, bad)
      const good = geoShape('good', 3, 3) as any
      recordsKV(docA).set(good.id, good)
    })
    expect(storeB.has('shape:good' as any)).toBe(true)
    expect(storeB.has('shape:bad' as any)).toBe(false)
    expect(reports.map((r) => r.id)).toEqual(['shape:bad'])
  })

  it('opens a document holding an invalid record: that one is left out and reported, the rest loaded', () => {
    const [docA, docB] = linkedDocs()
    docA.transact(() => {
      const bad = geoShape('bad', 0, 0, { w: -5 }) as any
      recordsKV(docA).set(bad.id, bad)
      for (const name of ['one', 'two']) {
        const good = geoShape(name, 3, 3) as any
        recordsKV(docA).set(good.id, good)
      }
    })
    const storeB = createTestStore()
    const reports: InvalidRecordReport[] = []
    bind(storeB, docB, null, { onInvalidRecord: (r) => reports.push(r) })
    expect(storeB.has('shape:one' as any)).toBe(true)
    expect(storeB.has('shape:two' as any)).toBe(true)
    expect(storeB.has('shape:bad' as any)).toBe(false)
    expect(reports.map((r) => r.id)).toEqual(['shape:bad'])
  })

  it('makes a store holding the document, which binds without loading it again and then carries changes both ways', () => {
    const [docA, docB] = linkedDocs()
    docA.transact(() => {
      const shape = geoShape('s1', 10, 20) as any
      recordsKV(docA).set(shape.id, shape)
    })
    const storeA = createTestStore()
    bind(storeA, docA, null)
    const made: Record<string, unknown>[] = []
    const storeB = createStoreFromDoc(docB, boardTLSchema as any, (initialData) => {
      made.push(initialData)
      return new Store<TLRecord, any>({ schema: boardTLSchema as any, props: {}, initialData })
    })
    expect(made).toHaveLength(1)
    expect((storeB.get('shape:s1' as any) as TLShape).x).toBe(10)
    expect(storeB.get('page:page' as any)).toBeTruthy()
    // Everything the document holds, and nothing else.
    expect(storeB.allRecords().map((r) => r.id).sort()).toEqual([...recordsKV(docB).map.keys()].sort())
    const put = storeB.put.bind(storeB)
    let puts = 0
    storeB.put = (...args) => {
      puts++
      return put(...args)
    }
    bind(storeB, docB, null, { storeHoldsDoc: true })
    // Binding put nothing in: the store already held the board.
    expect(puts).toBe(0)
    storeA.update('shape:s1' as any, (r: any) => ({ ...r, x: 42 }))
    expect((storeB.get('shape:s1' as any) as TLShape).x).toBe(42)
    storeB.put([geoShape('s2', 1, 2)])
    expect((storeA.get('shape:s2' as any) as TLShape).y).toBe(2)
  })

  it('makes a store of a document holding an invalid record: that one is left out and reported, the rest in it', () => {
    const [docA, docB] = linkedDocs()
    docA.transact(() => {
      const bad = geoShape('bad', 0, 0, { w: -5 }) as any
      recordsKV(docA).set(bad.id, bad)
      const good = geoShape('good', 3, 3) as any
      recordsKV(docA).set(good.id, good)
    })
    const reports: InvalidRecordReport[] = []
    const store = createStoreFromDoc(
      docB,
      boardTLSchema as any,
      (initialData) => new Store<TLRecord, any>({ schema: boardTLSchema as any, props: {}, initialData }),
      (r) => reports.push(r),
    )
    expect(store.has('shape:good' as any)).toBe(true)
    expect(store.has('shape:bad' as any)).toBe(false)
    expect(reports.map((r) => r.id)).toEqual(['shape:bad'])
    expect(reports[0].error).toMatch(/w/)
  })

  it('shares presence through awareness, never through the document', async () => {
    const [docA, docB] = linkedDocs()
    const awA = new Awareness(docA)
    const awB = new Awareness(docB)
    awA.on('update', ({ added, updated, removed }: any) => {
      applyAwarenessUpdate(awB, encodeAwarenessUpdate(awA, [...added, ...updated, ...removed]), 'wire')
    })
    const storeA = createTestStore()
    const storeB = createTestStore()
    // A browser has instance, camera, pointer and page state; add them so presence derives.
    const { createTestSession } = await import('../testing/session')
    storeA.put(createTestSession())
    bind(storeA, docA, awA, { user: atom('user', { id: 'ada', name: 'Ada', color: '#e03131' }), schedule: (fn) => fn() })
    bind(storeB, docB, awB, { user: atom('user', { id: 'bob', name: 'Bob', color: '#1971c2' }), schedule: (fn) => fn() })
    const presenceId = InstancePresenceRecordType.createId(String(awA.clientID))
    const seen = storeB.get(presenceId as any) as any
    expect(seen?.userName).toBe('Ada')
    expect(recordsKV(docA).get(presenceId)).toBeUndefined()

    // A select-all on a big board: others are sent the first MAX_SHARED_SELECTION ids.
    const pageState = storeA.allRecords().find((r) => r.typeName === 'instance_page_state')!
    const selected = Array.from({ length: 150 }, (_, i) => `shape:s${i}`)
    storeA.put([{ ...pageState, selectedShapeIds: selected } as TLRecord])
    const shared = (storeB.get(presenceId as any) as any).selectedShapeIds
    expect(shared).toEqual(selected.slice(0, MAX_SHARED_SELECTION))
  })

  it('opening a board written with the same schema in another key order writes nothing', () => {
    const [docA] = linkedDocs()
    const store = createTestStore()
    const ours = store.schema.serialize()
    // The same versions, listed in reverse order (as a schema built from shape utils lists them).
    const reordered = { ...ours, sequences: Object.fromEntries(Object.entries(ours.sequences).reverse()) }
    expect(sameSchema(reordered, ours)).toBe(true)
    expect(sameSchema({ ...ours, sequences: { ...ours.sequences, 'com.tldraw.shape.geo': -1 } }, ours)).toBe(false)
    expect(sameSchema(undefined, ours)).toBe(false)
    docA.transact(() => docA.getMap('meta').set('tldrawSchema', reordered))
    const written: Uint8Array[] = []
    docA.on('update', (u: Uint8Array) => written.push(u))
    const dispose = bind(store, docA, null)
    expect(written).toEqual([])
    dispose()
  })
})
