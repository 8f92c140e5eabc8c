/**
 * How each card and tie should be drawn right now (off screen, zoomed far out, being edited,
 * lifted for a drag), as one small atom per shape kept by ONE reaction per editor.
 *
 * Why not a `useValue` per shape: tldraw's culled set and its efficient zoom level both
 * derive from the page's shape list, which changes with every record change. Four thousand
 * per-shape reactions on them were all visited and re-checked on every frame of a drag
 * (tldraw's own arrows do the same through `useEfficientZoomThreshold`), even though their
 * answers almost never change. Here one reaction reads those signals and writes a shape's
 * atom only when that shape's answer changes; components read their atom inside the
 * tracking they already have (tldraw's shape tracking or `track`), adding no subscription.
 */
import { atom, react, unsafe__withoutCapture, type Atom, type Editor, type TLShapeId } from 'tldraw'
import { movedByOthers } from './movedByOthers'
import { isBigBoard } from '../board/renderingShapes'

/** tldraw hides it (off screen and neither selected nor edited). No other bit is set then. */
export const HIDDEN = 1
/** Zoomed out below CARD_FULL_DETAIL_ZOOM: card text is under 5 px. */
export const FAR = 2
/** Zoomed out below 25 %: tldraw draws dashes solid there, and so do ties. */
export const SOLID = 4
/** Being edited. */
export const EDITING = 8
/** Selected or moved by someone else, or a tie bound to such a shape: it moves (see `liftedStyle`). */
export const LIFTED = 16

export const CARD_FULL_DETAIL_ZOOM = 0.3
export const DASH_MIN_ZOOM = 0.25

interface Views {
  atoms: Map<TLShapeId, Atom<number>>
  compute(id: TLShapeId): number
}

const views = new WeakMap<Editor, Views>()

function viewsOf(editor: Editor): Views {
  let v = views.get(editor)
  if (v) return v
  const atoms = new Map<TLShapeId, Atom<number>>()
  let culled: ReadonlySet<TLShapeId> = new Set()
  let zoomBits = 0
  let editing: TLShapeId | null = null
  let lifted: ReadonlySet<TLShapeId> = new Set()
  const compute = (id: TLShapeId) => {
    if (culled.has(id)) return HIDDEN
    return zoomBits | (editing === id ? EDITING : 0) | (lifted.has(id) ? LIFTED : 0)
  }
  v = { atoms, compute }
  views.set(editor, v)
  unsafe__withoutCapture(() => {
    editor.disposables.add(
      react('shape views', () => {
        const nextCulled = editor.getCulledShapes()
        const zoom = editor.getEfficientZoomLevel()
        const nextZoomBits = (zoom < CARD_FULL_DETAIL_ZOOM ? FAR : 0) | (zoom < DASH_MIN_ZOOM ? SOLID : 0)
        const nextEditing = editor.getEditingShapeId()
        // Only on a big board (drawn by the map layer): there a moved card's ties cross the
        // whole viewport, and their own layers save repainting it. On a small board each lifted
        // tie's layer, and every shape above it that overlaps it, became a layer of its own
        // (35 layers, 13 viewports of area on the 10-actor board), composited in software on
        // every frame of a drag.
        const nextLifted = isBigBoard(editor) ? liftedShapes(editor) : EMPTY
        const everything = nextCulled !== culled || nextZoomBits !== zoomBits
        // Which shapes may have a new answer: all of them when the culled set or the zoom
        // band changed (a camera move), else only those whose editing or lifting changed.
        const touched = everything ? atoms.keys() : new Set([...lifted, ...nextLifted, editing, nextEditing])
        culled = nextCulled
        zoomBits = nextZoomBits
        editing = nextEditing
        lifted = nextLifted
        for (const id of touched) {
          if (!id) continue
          const a = atoms.get(id)
          if (!a) continue
          if (everything && !editor.store.has(id)) atoms.delete(id)
          else a.set(compute(id))
        }
      }),
    )
  })
  return v
}

/**
 * Selected shapes, shapes someone else is moving (movedByOthers.ts), and the ties (arrows)
 * bound to them: what a drag moves.
 */
export function liftedShapes(editor: Editor): ReadonlySet<TLShapeId> {
  const selected = editor.getSelectedShapeIds()
  const moving = movedByOthers(editor)
  if (selected.length === 0 && moving.size === 0) return EMPTY
  const out = new Set<TLShapeId>(selected)
  for (const id of moving) out.add(id)
  for (const id of [...out]) for (const b of editor.getBindingsToShape(id, 'arrow')) out.add(b.fromId)
  return out
}
const EMPTY: ReadonlySet<TLShapeId> = new Set()

/**
 * The shape's view bits (HIDDEN, FAR, SOLID, EDITING, LIFTED). Reactive: read it inside a
 * shape util's `component` or a `track`ed component.
 */
export function shapeView(editor: Editor, id: TLShapeId): number {
  const v = viewsOf(editor)
  let a = v.atoms.get(id)
  if (!a) {
    a = unsafe__withoutCapture(() => atom(`view ${id}`, v.compute(id)))
    v.atoms.set(id, a)
  }
  return a.get()
}

/**
 * What moves in a drag gets a compositing layer of its own: Chromium then moves or
 * re-rasterises that layer alone, instead of re-rasterising every tile the moved card's ties
 * cross (the whole viewport on a big board), with every tie in those tiles.
 */
export const liftedStyle = { willChange: 'transform' } as const
