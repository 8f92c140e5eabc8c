/**
 * Which shapes are out of view (tldraw's culling), kept up to date by what changed instead of
 * worked out again over every shape on each change.
 *
 * tldraw's `notVisibleShapes` walks every shape on the page whenever the spatial index moves,
 * and a dragged card moves it on every frame: 4,001 store look-ups and shape-util checks a
 * frame on the 1,000-actor board (profile of a drag: ~480 ms of 3,500, the largest single
 * computation; tldraw's own shape components read the result every frame, so it cannot be
 * left alone). While the viewport and the page's shapes stay the same, a shape can only come
 * into view or leave it by its entry in the index; so here the shapes in view are compared
 * with those of the last run, and only the ones that came or went change the answer. That
 * costs a pass over the shapes in view, and nothing over the thousands out of view; when
 * nothing came or went the previous set is returned as it was, so nothing that reads it
 * re-runs. The viewport moving, or shapes being added or deleted, works it out from scratch
 * as tldraw does.
 *
 * tldraw reads it through `Editor.getNotVisibleShapes`, a method the editor's constructor
 * already calls (its select tool's first hover test). So that method is replaced on tldraw's
 * Editor class itself, once, when this module loads, and only when the editor still has the
 * members this relies on (tldraw 5.4's); otherwise tldraw's own stays.
 */
import { computed, Editor, isUninitialized, ShapeUtil, type Box, type Computed, type TLShapeId } from 'tldraw'

interface LastRun {
  all: ReadonlySet<TLShapeId>
  viewport: Box
  inView: ReadonlySet<TLShapeId>
}

const defaultCanCull = ShapeUtil.prototype.canCull
const EMPTY: ReadonlySet<TLShapeId> = new Set()

/** Whether tldraw may cull this shape when it is out of view (its util's say; most never mind). */
function cullable(editor: Editor, id: TLShapeId): boolean {
  const peek = editor.store.unsafeGetWithoutCapture(id)
  if (!peek) return false
  const util = editor.getShapeUtil(peek.type)
  if (util.canCull === defaultCanCull) return true
  const shape = editor.getShape(id)
  return !!shape && util.canCull(shape)
}

/** The set of shapes out of view, for one editor (see the module comment). */
export function notVisibleShapes(editor: Editor): Computed<ReadonlySet<TLShapeId>> {
  let last: LastRun | null = null
  return computed<ReadonlySet<TLShapeId>>('board not visible shapes', (prev) => {
    const all = editor.getCurrentPageShapeIds()
    const viewport = editor.getViewportPageBounds()
    const inView = editor.getShapeIdsInsideBounds(viewport)
    const before = last
    last = { all, viewport, inView }
    if (!isUninitialized(prev) && before && before.all === all && before.viewport.equals(viewport)) {
      const came: TLShapeId[] = []
      for (const id of inView) if (!before.inView.has(id)) came.push(id)
      // Every shape in view now that was in view before, and no more: nothing left.
      const went: TLShapeId[] = []
      if (inView.size - came.length !== before.inView.size) for (const id of before.inView) if (!inView.has(id)) went.push(id)
      if (!came.length && !went.length) return prev
      const next = new Set(prev)
      for (const id of came) next.delete(id)
      for (const id of went) if (cullable(editor, id)) next.add(id)
      return next
    }
    // From scratch, as tldraw's notVisibleShapes.
    if (inView.size === all.size) return isUninitialized(prev) || prev.size > 0 ? EMPTY : prev
    const next = new Set<TLShapeId>()
    for (const id of all) if (!inView.has(id) && cullable(editor, id)) next.add(id)
    if (!isUninitialized(prev) && next.size === prev.size && [...next].every((id) => prev.has(id))) return prev
    return next
  })
}

const perEditor = new WeakMap<Editor, Computed<ReadonlySet<TLShapeId>>>()
let installed = false

/** Replaces `getNotVisibleShapes` on tldraw's Editor class (see the module comment); once per page. */
export function installBoardCulling(): void {
  const proto = Editor.prototype as unknown as { getNotVisibleShapes?: unknown; getShapeIdsInsideBounds?: unknown }
  if (installed || typeof proto.getNotVisibleShapes !== 'function' || typeof proto.getShapeIdsInsideBounds !== 'function') return
  installed = true
  proto.getNotVisibleShapes = function (this: Editor) {
    let set = perEditor.get(this)
    if (!set) {
      set = notVisibleShapes(this)
      perEditor.set(this, set)
    }
    return set.get()
  }
}
