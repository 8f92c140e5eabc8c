/**
 * The overwrite sequence of lib/doc/growth.ts, with the records in a plain Y.Map instead of
 * our RecordStore: what the peer servers' documents would hold for the same edits. Same stores
 * (tldraw, board schema), the same runs (`overwriteRuns`), the same "one Yjs transaction per
 * store change" rule as our binding; only the container differs.
 */
import * as Y from 'yjs'
import type { TLRecord, TLShape } from '@tldraw/tlschema'
import { createBoardDoc } from '../../lib/board/newBoard'
import { isSharedRecordType } from '../../lib/board/tlschema'
import { allRecords, metaMap } from '../../lib/doc/schema'
import { overwriteRuns, type GrowthScale } from '../../lib/doc/growth'
import { createTestStore, type TestStore } from '../../lib/testing/records'
import { linkedCopy } from '../../lib/testing/linkedDocs'

const ORIGIN = Symbol('map-binding')

/** A minimal store ⇄ Y.Map binding with the rules of lib/binding/bind.ts. */
function bindMap(store: TestStore, doc: Y.Doc): void {
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

export function playOverwriteSequenceMap(scale: GrowthScale): { bytes: number; overwrites: number; x0: number | undefined } {
  const docA = blankMapDoc()
  const docB = linkedCopy(docA)
  const storeA = createTestStore()
  const storeB = createTestStore()
  bindMap(storeA, docA)
  bindMap(storeB, docB)

  const { overwrites, movedId } = overwriteRuns(storeA, storeB, scale)
  return {
    bytes: Y.encodeStateAsUpdate(docA).length,
    overwrites,
    x0: (storeB.get(movedId) as TLShape | undefined)?.x,
  }
}
