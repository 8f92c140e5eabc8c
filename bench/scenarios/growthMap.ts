/**
 * The overwrite sequence of lib/doc/growth.ts, with the records in a plain Y.Map instead of
 * our RecordStore: what the peer servers' documents would hold for the same edits. Same stores
 * (tldraw, board schema), same shapes, same three runs, the same "one Yjs transaction per
 * store change" rule as our binding; only the container differs.
 */
import * as Y from 'yjs'
import type { TLRecord, TLShape } from '@tldraw/tlschema'
import { createBoardDoc } from '../../lib/board/newBoard'
import { isSharedRecordType } from '../../lib/board/tlschema'
import { allRecords, metaMap } from '../../lib/doc/schema'
import { createTestStore, geoShape } from '../../lib/testing/records'

export interface Scale {
  single: number
  selection: number
  alternating: number
}

const ORIGIN = Symbol('map-binding')

type Store = ReturnType<typeof createTestStore>

/** A minimal store ⇄ Y.Map binding with the rules of lib/binding/bind.ts. */
function bindMap(store: Store, doc: Y.Doc): void {
  const map = doc.getMap<TLRecord>('records')
  store.mergeRemoteChanges(() => store.put([...map.values()]))
  store.listen(
    ({ changes }) => {
      doc.transact(() => {
        for (const r of Object.values(changes.added)) if (isSharedRecordType(r.typeName)) map.set(r.id, r)
        for (const [, r] of Object.values(changes.updated)) if (isSharedRecordType(r.typeName)) map.set(r.id, r)
        for (const r of Object.values(changes.removed)) if (isSharedRecordType(r.typeName)) map.delete(r.id)
      }, ORIGIN)
    },
    { source: 'user', scope: 'document' },
  )
  map.observe((event) => {
    if (event.transaction.origin === ORIGIN) return
    const put: TLRecord[] = []
    const remove: TLRecord['id'][] = []
    for (const key of event.keysChanged) {
      const value = map.get(key)
      if (value) put.push(value)
      else if (store.has(key as TLRecord['id'])) remove.push(key as TLRecord['id'])
    }
    store.mergeRemoteChanges(() => {
      if (remove.length) store.remove(remove)
      if (put.length) store.put(put)
    })
  })
}

/** The blank board of createBoardDoc, with its records in a Y.Map. */
function blankMapDoc(): Y.Doc {
  const source = createBoardDoc({ title: 'growth', template: 'blank' })
  const doc = new Y.Doc()
  doc.transact(() => {
    const map = doc.getMap<unknown>('records')
    for (const record of allRecords(source)) map.set(record.id, record)
    const meta = metaMap(doc)
    for (const [key, value] of metaMap(source).entries()) meta.set(key, value)
  })
  source.destroy()
  return doc
}

export function playOverwriteSequenceMap(scale: Scale): { bytes: number; overwrites: number; x0: number | undefined } {
  const docA = blankMapDoc()
  const docB = new Y.Doc()
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA))
  docA.on('update', (u: Uint8Array, o: unknown) => o !== 'wire' && Y.applyUpdate(docB, u, 'wire'))
  docB.on('update', (u: Uint8Array, o: unknown) => o !== 'wire' && Y.applyUpdate(docA, u, 'wire'))
  const storeA = createTestStore()
  const storeB = createTestStore()
  bindMap(storeA, docA)
  bindMap(storeB, docB)

  const shapes = Array.from({ length: 11 }, (_, i) => geoShape(`g${i}`, i * 120, 0))
  storeA.put(shapes)
  const move = (store: Store, id: string, x: number) => store.update(id as any, (r: any) => ({ ...r, x, y: x / 2 }))

  let overwrites = 0
  for (let i = 0; i < scale.single; i++, overwrites++) move(storeA, shapes[0].id, i)
  for (let i = 0; i < scale.selection; i++) {
    storeA.put(shapes.slice(1).map((s, k) => ({ ...(storeA.get(s.id) as TLShape), x: i + k * 120 })))
    overwrites += 10
  }
  for (let i = 0; i < scale.alternating; i++, overwrites++) move(i % 2 ? storeB : storeA, shapes[0].id, -i)

  return {
    bytes: Y.encodeStateAsUpdate(docA).length,
    overwrites,
    x0: (storeB.get(shapes[0].id) as TLShape | undefined)?.x,
  }
}
