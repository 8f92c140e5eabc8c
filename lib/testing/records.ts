/**
 * Valid tldraw records for tests and benchmarks, built without the editor (no DOM).
 */
import { Store } from '@tldraw/store'
import { createShapeId, toRichText, type TLRecord, type TLShape } from '@tldraw/tlschema'
import { boardTLSchema } from '../board/tlschema'
import { DEFAULT_PAGE_ID } from '../board/newBoard'

export function geoShape(id: string, x: number, y: number, overrides: Record<string, unknown> = {}): TLShape {
  return {
    id: createShapeId(id),
    typeName: 'shape',
    type: 'geo',
    x,
    y,
    rotation: 0,
    index: 'a1',
    parentId: DEFAULT_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 100,
      h: 100,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: toRichText(''),
      ...overrides,
    },
  } as unknown as TLShape
}

/** A tldraw store with the board schema, as a browser would have (without the editor). */
/** A store of the board's schema, as the tests and the growth runs make it. */
export type TestStore = Store<TLRecord, any>

export function createTestStore(): TestStore {
  return new Store<TLRecord, any>({ schema: boardTLSchema as any, props: {} })
}
