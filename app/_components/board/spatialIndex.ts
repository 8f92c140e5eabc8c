/**
 * tldraw's spatial index (culling and hit testing) re-checks, after every change, the bounds
 * of every shape the change may have moved. To find them it follows bindings both ways from
 * each dirty shape: a moved card marks its ties, and each tie marks the card at its other
 * end, whose ties mark their other cards... On a connected coalition map that is every shape
 * on the page, on every frame of a drag: 4,001 bounds and binding look-ups, 30-45 ms a frame
 * (tldraw issues 8882 and 9093; 9093 narrowed other steps but kept this walk).
 *
 * A binding makes its `from` shape (the arrow) depend on its `to` shape (the card), never
 * the reverse: an arrow's bounds follow the card it is bound to, a card's bounds do not
 * follow its arrows (tldraw refuses to bind an arrow to an arrow). So here a dirty shape
 * marks the shapes bound *to* it, its parent and its children, as before, and stops there;
 * a binding record that changes still marks both its ends. Same result, a few shapes a frame.
 *
 * Built from scratch (when a board opens, or the page changes), the index takes a plain tie's
 * bounds from its two cards (tieGeometry.ts) instead of asking tldraw for the tie's geometry:
 * ~450 ms less before a 1,000-actor board can be used. The box around two cards holds the
 * straight tie between them, so the index still finds it wherever it can be hit; hit testing
 * checks tldraw's exact geometry, and a tie's bounds become exact once it or a card of it
 * changes. A card's bounds come off its record, exact and without tldraw's per-shape caches.
 *
 * A point query (hover, click) leaves out the ties whose line is nowhere near the point
 * (withoutTiesElsewhere, below).
 *
 * tldraw offers no option for any of this, and the first editor builds its index in its own
 * constructor (its select tool's first hover test), before any hook of ours runs. So three
 * methods are replaced on tldraw's SpatialIndexManager class itself, once, when this module
 * loads, and only when the class has the members these copies rely on (tldraw 5.4's);
 * otherwise tldraw's own stay. Every editor on our pages is a coalition board's.
 */
import * as tldraw from 'tldraw'
import {
  isBinding,
  isPageId,
  isShape,
  type Editor,
  type RecordsDiff,
  type TLArrowShape,
  type TLRecord,
  type TLShape,
  type TLShapeId,
  type VecLike,
} from 'tldraw'
import { cardPageBounds, tieIndexBounds, tieLineFromCards } from './tieGeometry'

interface IndexedElement {
  minX: number
  minY: number
  maxX: number
  maxY: number
  id: TLShapeId
}

interface SpatialIndexInternals {
  editor: Editor
  processIncrementalUpdate(shapeDiff: RecordsDiff<TLRecord>[], bindingDiff: RecordsDiff<TLRecord>[]): boolean
  buildFromScratch(): void
  getShapeIdsAtPoint(point: VecLike, margin?: number): Set<TLShapeId>
  rbush: {
    clear(): void
    bulkLoad(elements: IndexedElement[]): void
    has(id: TLShapeId): boolean
    getElement(id: TLShapeId): IndexedElement | undefined
    applyBatch(removes: Set<TLShapeId>, upserts: IndexedElement[]): void
  }
  lastPageId: string | null
}

/** Whether tldraw's index still has what our copies of its methods use. */
function canReplace(proto: Partial<SpatialIndexInternals>): boolean {
  return (
    typeof proto.processIncrementalUpdate === 'function' &&
    typeof proto.buildFromScratch === 'function' &&
    typeof proto.getShapeIdsAtPoint === 'function'
  )
}

let installed = false

/** Replaces the two methods on tldraw's class (see the module comment); once per page. */
export function installBoardSpatialIndex(): void {
  // Exported by tldraw at run time, though left out of its types (it is internal).
  const manager = (tldraw as unknown as { SpatialIndexManager?: { prototype: SpatialIndexInternals } }).SpatialIndexManager
  const proto = manager?.prototype
  if (installed || !proto || !canReplace(proto)) return
  installed = true
  const originalBuild = proto.buildFromScratch
  const originalUpdate = proto.processIncrementalUpdate
  const originalAtPoint = proto.getShapeIdsAtPoint
  proto.buildFromScratch = function (this: SpatialIndexInternals) {
    if (!hasInternals(this)) return originalBuild.call(this)
    buildFromScratch(this)
  }
  proto.processIncrementalUpdate = function (this: SpatialIndexInternals, shapeDiff, bindingDiff) {
    if (!hasInternals(this)) return originalUpdate.call(this, shapeDiff, bindingDiff)
    return processIncrementalUpdate(this.editor, this, shapeDiff, bindingDiff)
  }
  proto.getShapeIdsAtPoint = function (this: SpatialIndexInternals, point, margin = 0) {
    const ids = originalAtPoint.call(this, point, margin)
    return this.editor ? withoutTiesElsewhere(this.editor, ids, point, margin) : ids
  }
}

/**
 * The candidates of a point query without the plain ties whose line passes farther than the
 * margin from the point (so they cannot be hit: tldraw hits a tie within the margin of its
 * line). A tie's index entry is the box around its two cards, and zoomed in, the long ties
 * of a big map cross the whole view: any point is inside hundreds of those boxes. tldraw then
 * worked out the exact geometry of each before it found the card under the pointer: the
 * first hover after zooming in took ~175 ms (profile). A tie's line from its cards' boxes,
 * where it is tldraw's own (tieLineFromCards, exact), rules most of them out for a few
 * microseconds each. A tie whose label is being edited has a label box too: it stays.
 */
function withoutTiesElsewhere(editor: Editor, ids: Set<TLShapeId>, point: VecLike, margin: number): Set<TLShapeId> {
  let kept: Set<TLShapeId> | null = null
  const editing = editor.getEditingShapeId()
  for (const id of ids) {
    const shape = editor.store.unsafeGetWithoutCapture(id) as TLShape | undefined
    const line = shape?.type === 'arrow' && id !== editing ? tieLineFromCards(editor, shape as TLArrowShape, true) : null
    // One page unit of slack: the line matches tldraw's to a hundredth (e2e/big-board).
    if (line && distanceToSegment(point, line.start, line.end) > margin + 1) {
      kept ??= new Set(ids)
      kept.delete(id)
    }
  }
  return kept ?? ids
}

function distanceToSegment(p: VecLike, a: VecLike, b: VecLike): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const length2 = dx * dx + dy * dy
  const t = length2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2)) : 0
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

function hasInternals(index: SpatialIndexInternals): boolean {
  const { rbush } = index
  return (
    !!index.editor &&
    !!rbush &&
    typeof rbush.clear === 'function' &&
    typeof rbush.bulkLoad === 'function' &&
    typeof rbush.applyBatch === 'function' &&
    typeof rbush.getElement === 'function' &&
    'lastPageId' in index
  )
}

/**
 * tldraw 5.4's SpatialIndexManager.buildFromScratch, with a plain tie's bounds from its cards
 * and a card's off its record (both exact where they apply; see tieGeometry.ts).
 */
function buildFromScratch(index: SpatialIndexInternals): void {
  const { editor } = index
  index.rbush.clear()
  index.lastPageId = editor.getCurrentPageId()
  const elements: IndexedElement[] = []
  for (const shape of editor.getCurrentPageShapes()) {
    const bounds = tieIndexBounds(editor, shape) ?? cardPageBounds(shape) ?? editor.getShapePageBounds(shape.id)
    if (bounds && bounds.isValid()) elements.push({ minX: bounds.minX, minY: bounds.minY, maxX: bounds.maxX, maxY: bounds.maxY, id: shape.id })
  }
  index.rbush.bulkLoad(elements)
}

/** tldraw 5.4's SpatialIndexManager.processIncrementalUpdate, with the walk narrowed. */
function processIncrementalUpdate(
  editor: Editor,
  index: SpatialIndexInternals,
  shapeDiff: RecordsDiff<TLRecord>[],
  bindingDiff: RecordsDiff<TLRecord>[],
): boolean {
  const pendingRemoves = new Set<TLShapeId>()
  const pendingUpserts: IndexedElement[] = []
  const transformChanged = new Set<TLShapeId>()
  const dirty = new Set<TLShapeId>()
  const queue: TLShapeId[] = []
  const markDirty = (id: string) => {
    if (!dirty.has(id as TLShapeId)) {
      dirty.add(id as TLShapeId)
      queue.push(id as TLShapeId)
    }
  }
  for (const changes of shapeDiff) {
    for (const shape of Object.values(changes.added)) {
      if (!isShape(shape)) continue
      transformChanged.add(shape.id)
      markDirty(shape.id)
    }
    for (const shape of Object.values(changes.removed)) {
      if (!isShape(shape)) continue
      if (index.rbush.has(shape.id)) pendingRemoves.add(shape.id)
      if (!isPageId(shape.parentId)) markDirty(shape.parentId)
    }
    for (const [from, to] of Object.values(changes.updated)) {
      if (!isShape(to)) continue
      transformChanged.add(to.id)
      markDirty(to.id)
      if (isShape(from) && from.parentId !== to.parentId && !isPageId(from.parentId)) markDirty(from.parentId)
    }
  }
  for (const changes of bindingDiff) {
    for (const binding of Object.values(changes.added)) {
      if (!isBinding(binding)) continue
      markDirty(binding.fromId)
      markDirty(binding.toId)
    }
    for (const binding of Object.values(changes.removed)) {
      if (!isBinding(binding)) continue
      markDirty(binding.fromId)
      markDirty(binding.toId)
    }
    for (const [from, to] of Object.values(changes.updated)) {
      if (!isBinding(to)) continue
      markDirty(to.fromId)
      markDirty(to.toId)
      if (isBinding(from) && (from.fromId !== to.fromId || from.toId !== to.toId)) {
        markDirty(from.fromId)
        markDirty(from.toId)
      }
    }
  }
  const transformQueue = [...transformChanged]
  while (transformQueue.length) {
    const id = transformQueue.pop()!
    for (const childId of editor.getSortedChildIdsForParent(id)) {
      if (!transformChanged.has(childId)) {
        transformChanged.add(childId)
        transformQueue.push(childId)
      }
      markDirty(childId)
    }
  }
  while (queue.length) {
    const id = queue.pop()!
    const record = editor.store.unsafeGetWithoutCapture(id)
    if (record && isShape(record) && !isPageId(record.parentId)) markDirty(record.parentId)
    // The one change: only the shapes bound *to* this one depend on it (tldraw: both ends).
    for (const binding of editor.getBindingsInvolvingShape(id)) {
      if (binding.toId === id) markDirty(binding.fromId)
    }
  }
  for (const id of dirty) {
    const indexed = pendingRemoves.has(id) ? undefined : index.rbush.getElement(id)
    const record = editor.store.unsafeGetWithoutCapture(id)
    if (!record || !isShape(record) || editor.getAncestorPageId(record) !== index.lastPageId) {
      if (index.rbush.has(id)) pendingRemoves.add(id)
      continue
    }
    const bounds = editor.getShapePageBounds(id)
    if (bounds && bounds.isValid()) {
      if (!indexed || indexed.minX !== bounds.minX || indexed.minY !== bounds.minY || indexed.maxX !== bounds.maxX || indexed.maxY !== bounds.maxY) {
        pendingRemoves.delete(id)
        pendingUpserts.push({ minX: bounds.minX, minY: bounds.minY, maxX: bounds.maxX, maxY: bounds.maxY, id })
      }
    } else if (index.rbush.has(id)) {
      pendingRemoves.add(id)
    }
  }
  if (pendingRemoves.size === 0 && pendingUpserts.length === 0) return false
  index.rbush.applyBatch(pendingRemoves, pendingUpserts)
  return true
}
