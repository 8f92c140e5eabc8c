/**
 * The overwrite sequence of the "Live board" issue, played through the real binding on two
 * stores whose documents are linked like two browsers: used by the growth test and `npm run
 * bench` (which reports the size beside a plain Y.Map of the same records).
 */
import * as Y from 'yjs'
import type { TLShape } from '@tldraw/tlschema'
import { bind } from '../binding/bind'
import { createBoardDoc } from '../board/newBoard'
import { createTestStore, geoShape } from '../testing/records'

export interface GrowthResult {
  bytes: number
  overwrites: number
}

export function playOverwriteSequence(
  scale = { single: 10_000, selection: 1_000, alternating: 1_000 },
): { doc: Y.Doc; result: GrowthResult; records: () => TLShape[] } {
  const docA = new Y.Doc()
  Y.applyUpdate(docA, Y.encodeStateAsUpdate(createBoardDoc({ title: 'growth', template: 'blank' })))
  const docB = new Y.Doc()
  Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA))
  docA.on('update', (u: Uint8Array, o: unknown) => o !== 'wire' && Y.applyUpdate(docB, u, 'wire'))
  docB.on('update', (u: Uint8Array, o: unknown) => o !== 'wire' && Y.applyUpdate(docA, u, 'wire'))
  const storeA = createTestStore()
  const storeB = createTestStore()
  bind(storeA, docA, null)
  bind(storeB, docB, null)

  const shapes = Array.from({ length: 11 }, (_, i) => geoShape(`g${i}`, i * 120, 0))
  storeA.put(shapes)
  const move = (store: typeof storeA, id: string, x: number) =>
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

  return {
    doc: docA,
    result: { bytes: Y.encodeStateAsUpdate(docA).length, overwrites },
    records: () => storeA.allRecords().filter((r) => r.typeName === 'shape') as TLShape[],
  }
}
