/**
 * The overwrite sequence of the "Live board" issue, played through the real binding on two
 * stores whose documents are linked like two browsers: used by the growth test and `npm run
 * bench` (which reports the size beside a plain Y.Map of the same records).
 */
import * as Y from 'yjs'
import type { TLShape } from '@tldraw/tlschema'
import { bind } from '../binding/bind'
import { createBoardDoc } from '../board/newBoard'
import { createTestStore, geoShape, type TestStore } from '../testing/records'
import { linkedCopy } from '../testing/linkedDocs'

export interface GrowthResult {
  bytes: number
  overwrites: number
}

/** How many edits each of the three runs makes. */
export interface GrowthScale {
  single: number
  selection: number
  alternating: number
}

/**
 * The edits themselves, on two stores bound to linked documents (however they are bound):
 * eleven shapes, then three runs of overwrites. Returns how many record overwrites were made
 * and the id of the shape the first and third runs move.
 */
export function overwriteRuns(storeA: TestStore, storeB: TestStore, scale: GrowthScale): { overwrites: number; movedId: TLShape['id'] } {
  const shapes = Array.from({ length: 11 }, (_, i) => geoShape(`g${i}`, i * 120, 0))
  storeA.put(shapes)
  const move = (store: TestStore, id: string, x: number) =>
    store.update(id as any, (r: any) => ({ ...r, x, y: x / 2 }))

  let overwrites = 0
  // One shape dragged through many updates by one client.
  for (let i = 0; i < scale.single; i++, overwrites++) move(storeA, shapes[0].id, i)
  // A selection of ten shapes dragged together: each step overwrites all ten, in turn.
  for (let i = 0; i < scale.selection; i++) {
    storeA.put(shapes.slice(1).map((s, k) => ({ ...(storeA.get(s.id) as TLShape), x: i + k * 120 })))
    overwrites += 10
  }
  // One shape overwritten by two clients in turn.
  for (let i = 0; i < scale.alternating; i++, overwrites++) move(i % 2 ? storeB : storeA, shapes[0].id, -i)
  return { overwrites, movedId: shapes[0].id }
}

export function playOverwriteSequence(
  scale: GrowthScale = { single: 10_000, selection: 1_000, alternating: 1_000 },
): { doc: Y.Doc; result: GrowthResult; records: () => TLShape[] } {
  const docA = new Y.Doc()
  Y.applyUpdate(docA, Y.encodeStateAsUpdate(createBoardDoc({ title: 'growth', template: 'blank' })))
  const docB = linkedCopy(docA)
  const storeA = createTestStore()
  const storeB = createTestStore()
  bind(storeA, docA, null)
  bind(storeB, docB, null)
  const { overwrites } = overwriteRuns(storeA, storeB, scale)
  return {
    doc: docA,
    result: { bytes: Y.encodeStateAsUpdate(docA).length, overwrites },
    records: () => storeA.allRecords().filter((r) => r.typeName === 'shape') as TLShape[],
  }
}
