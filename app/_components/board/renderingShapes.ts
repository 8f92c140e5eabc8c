/**
 * Which shapes tldraw mounts as React components, on a big board.
 *
 * tldraw mounts a component for every shape on the page and hides the off-screen ones with
 * CSS. On the 1,000-actor board that is 4,001 components of ~10 hooks and effects each before
 * the board answers a click (profile: 5.7 s of React and 1.4 s of effects on a loaded
 * machine), and at the opening overview nothing is off screen anyway. Zoomed in, the long
 * ties still cross the viewport: ~870 tie components at zoom 1. tldraw's list of rendering
 * shapes also reads every shape record, so it was rebuilt (~15 ms) on every frame of a drag.
 *
 * On a page of BIG_BOARD_SHAPES shapes or more, MapLayer draws on one canvas every plain tie
 * (a straight line with plain heads, not being edited), and every card while zoomed out below
 * CARD_ZOOM (where a card shows only its name and role anyway). This list holds everything
 * else that tldraw would show (not culled: on screen, selected or being edited). Hit testing,
 * hovering, selection, snapping, dragging and exports are tldraw's and work from geometry and
 * the store, not from these components, so they cover every shape either way.
 *
 * Entries keep tldraw's z-index (the same walk and counters). The list reads only the records
 * of the shapes it mounts and of parents, and which arrows are plain ties from one query of
 * the arrows, so a drag of a card rebuilds a list of tens of entries, not 4,001, and does
 * not re-check 3,000 tie records. A small page keeps tldraw's own list.
 *
 * tldraw offers no option for this: `getRenderingShapes` (internal, read by the canvas's shape
 * layer, the shape-indicator overlay and the debug overlay) is replaced on tldraw's Editor
 * class, once, when this module's install runs, so that it is ours from the editor's
 * constructor on: the select tool's first hover test there asks the indicator overlay, which
 * asked for tldraw's full list (~60 ms on the 1,000-actor board, profile) before an instance
 * could be given ours. An editor without the members this copy relies on (tldraw 5.4's) keeps
 * tldraw's list.
 */
import { computed, Editor, type TLArrowShape, type TLParentId, type TLShape, type TLShapeId } from 'tldraw'
import { ACTOR_TYPE } from '@/lib/shapes/actor'
import { RINGS_TYPE } from '@/lib/shapes/rings'
import { isPlainTie } from '../shapes/plainTie'
import { CARD_FULL_DETAIL_ZOOM } from '../shapes/shapeView'

type RenderingShape = ReturnType<Editor['getRenderingShapes']>[number]

/**
 * Below this many shapes on the page, tldraw's own list (mounting everything) is cheap enough.
 * It was 500: a board of 100 actors and 300 ties then mounted all 400 shapes, and dragging a
 * card ran at p95 50-67 ms on a 2-core machine (flagged card, 1 of 2 frames slow); on the
 * map layer, 16.7-16.8 ms. The example coalition (52 shapes) stays below it.
 */
export const BIG_BOARD_SHAPES = 150
/** Below this zoom MapLayer draws the cards too: where they drop to name and role anyway. */
export const CARD_ZOOM = CARD_FULL_DETAIL_ZOOM

interface Rendering {
  entries: RenderingShape[]
  /** Shapes MapLayer draws, in paint order (empty on a small page). */
  drawn: TLShapeId[]
  drawnSet: ReadonlySet<TLShapeId>
  /** tldraw's z-index of the first of them: MapLayer's place in the stack. */
  layerIndex: number
}

type Layer = Pick<Rendering, 'drawn' | 'drawnSet' | 'layerIndex'>
/** Per editor: the list, and what MapLayer draws (a signal of its own that changes only when that does). */
const renderings = new WeakMap<Editor, { get(): Rendering } | null>()
const layers = new WeakMap<Editor, { get(): Layer }>()

/** Whether the page is big enough for MapLayer. */
export function isBigBoard(editor: Editor): boolean {
  return editor.getCurrentPageShapeIds().size >= BIG_BOARD_SHAPES
}

/** What MapLayer draws now (nothing when the list is not installed or the page is small). */
export function layerShapes(editor: Editor): Layer {
  if (!layers.has(editor)) renderingFor(editor)
  return layers.get(editor)?.get() ?? NONE
}
const NONE: Rendering = { entries: [], drawn: [], drawnSet: new Set(), layerIndex: 0 }

type RenderingShapesMethod = (this: Editor) => RenderingShape[]
let original: RenderingShapesMethod | null = null

/** Replaces `getRenderingShapes` on tldraw's Editor class (see the module comment); once per page. */
export function installBoardRenderingShapes(): void {
  const proto = Editor.prototype as unknown as { getRenderingShapes?: RenderingShapesMethod }
  if (original || typeof proto.getRenderingShapes !== 'function') return
  const tldrawList = (original = proto.getRenderingShapes)
  proto.getRenderingShapes = function (this: Editor) {
    const rendering = renderingFor(this)
    return rendering ? rendering.get().entries : tldrawList.call(this)
  }
}

/** This editor's list (made on first use), or null where tldraw's own must stay. */
function renderingFor(editor: Editor): { get(): Rendering } | null {
  const known = renderings.get(editor)
  if (known !== undefined) return known
  const internals = editor as unknown as { _getShapeVisibility?: unknown; options?: { maxShapesPerPage?: number } }
  if (
    !original ||
    typeof editor.getCulledShapes !== 'function' ||
    typeof editor.getErasingShapeIds !== 'function' ||
    typeof internals.options?.maxShapesPerPage !== 'number' ||
    // Hidden shapes (a getShapeVisibility option) would need tldraw's walk; boards have none.
    internals._getShapeVisibility
  ) {
    renderings.set(editor, null)
    return null
  }
  const tldrawList = original
  // One signal for "which arrows are plain ties", changing only when an arrow changes.
  const arrows = editor.store.query.records('shape', () => ({ type: { eq: 'arrow' as const } }))
  const plainTies = computed('plain ties', () => new Set(arrows.get().filter((a) => isPlainTie(a as TLArrowShape)).map((a) => a.id)))
  const rendering = computed<Rendering>('board rendering shapes', (prev) => {
    if (!isBigBoard(editor)) return { ...NONE, entries: tldrawList.call(editor) }
    // tldraw's efficient zoom lags a camera jump until the camera rests (on big pages): after
    // opening zoomed to fit, it still said 100 % and all 1,000 cards were mounted, to be
    // unmounted a moment later. Zooming out takes effect at once; zooming in when it rests.
    const zoom = Math.min(editor.getEfficientZoomLevel(), editor.getZoomLevel())
    const next = walk(editor, zoom < CARD_ZOOM, plainTies.get())
    return typeof prev === 'object' && prev && 'entries' in prev ? keepIfSame(prev as Rendering, next) : next
  })
  // The list changes on every frame a mounted shape moves; what MapLayer draws rarely does.
  const layer = computed<Layer>('map layer shapes', (prev) => {
    const { drawn, drawnSet, layerIndex } = rendering.get()
    const old = prev as Layer | undefined
    if (old && typeof old === 'object' && old.drawn === drawn && old.layerIndex === layerIndex) return old
    return { drawn, drawnSet, layerIndex }
  })
  renderings.set(editor, rendering)
  layers.set(editor, layer)
  return rendering
}

/**
 * tldraw 5.4's `getUnorderedRenderingShapes(true)`, leaving out what MapLayer draws (plain
 * ties; cards too when `far`) and what tldraw culls.
 */
function walk(editor: Editor, far: boolean, plainTies: ReadonlySet<TLShapeId>): Rendering {
  const entries: RenderingShape[] = []
  const drawn: TLShapeId[] = []
  let layerIndex = -1
  const max = (editor.options as { maxShapesPerPage: number }).maxShapesPerPage
  let nextIndex = max * 2
  let nextBackgroundIndex = max
  const erasing = new Set(editor.getErasingShapeIds())
  const editing = editor.getEditingShapeId()
  // Off screen, neither selected nor edited.
  const culled = editor.getCulledShapes()

  const types = typesOf(editor)
  const visit = (id: TLShapeId, opacity: number, ancestorErasing: boolean) => {
    // A shape's type never changes: whether a card is mounted can be told without reading
    // (and so depending on) its record, and from a cache, not the store, on every frame.
    let type = types.get(id)
    if (type === undefined) {
      const peek = editor.store.unsafeGetWithoutCapture(id) as TLShape | undefined
      if (!peek) return
      types.set(id, (type = peek.type))
    }
    const peek = { type }
    const children = editor.getSortedChildIdsForParent(id)
    const index = nextIndex++
    const backgroundIndex = nextBackgroundIndex++
    const isErasing = !ancestorErasing && erasing.has(id)
    const byLayer = id !== editing && (peek.type === ACTOR_TYPE ? far : plainTies.has(id))
    if (byLayer) {
      drawn.push(id)
      if (layerIndex < 0) layerIndex = index
    }
    // The rings stay mounted even off screen: the analysis overlay takes its place in the
    // stack from their entry (one shape, cheap).
    const mounted = !byLayer && (!culled.has(id) || peek.type === RINGS_TYPE)
    let shape: TLShape | undefined
    if (mounted || children.length) shape = editor.getShape(id)
    if (!shape && (mounted || children.length)) return
    const ownOpacity = shape ? opacity * shape.opacity * (isErasing ? 0.32 : 1) : opacity
    if (mounted) {
      entries.push({ id, shape: shape!, util: editor.getShapeUtil(shape!), index, backgroundIndex, opacity: ownOpacity })
    }
    if (!children.length) return
    let restore: number | null = null
    const util = editor.getShapeUtil(shape!) as { providesBackgroundForChildren?(shape: TLShape): boolean }
    if (util.providesBackgroundForChildren?.(shape!)) {
      restore = nextBackgroundIndex
      nextBackgroundIndex = nextIndex
      nextIndex += max
    }
    for (const child of children) visit(child, ownOpacity, ancestorErasing || isErasing)
    if (restore !== null) nextBackgroundIndex = restore
  }
  for (const id of editor.getSortedChildIdsForParent(editor.getCurrentPageId() as TLParentId)) visit(id, 1, false)
  // Ordered as tldraw orders it (by id), so React keeps each shape's component in place.
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { entries, drawn, drawnSet: new Set(drawn), layerIndex: Math.max(layerIndex, 0) }
}

const typeCaches = new WeakMap<Editor, Map<TLShapeId, string>>()
function typesOf(editor: Editor): Map<TLShapeId, string> {
  let types = typeCaches.get(editor)
  if (!types) {
    const map = (types = new Map())
    typeCaches.set(editor, map)
    // A deleted id could come back as another type (undo, a remote edit): forget it.
    editor.disposables.add(editor.sideEffects.registerAfterDeleteHandler('shape', (shape) => void map.delete(shape.id)))
  }
  return types
}

/** The previous lists when nothing in them changed, so the shape layer does not re-render. */
function keepIfSame(prev: Rendering, next: Rendering): Rendering {
  const sameEntries =
    prev.entries.length === next.entries.length &&
    prev.entries.every((a, i) => {
      const b = next.entries[i]
      return a.id === b.id && a.shape === b.shape && a.util === b.util && a.index === b.index && a.backgroundIndex === b.backgroundIndex && a.opacity === b.opacity
    })
  const sameDrawn =
    prev.layerIndex === next.layerIndex && prev.drawn.length === next.drawn.length && prev.drawn.every((id, i) => id === next.drawn[i])
  if (sameEntries && sameDrawn) return prev
  return {
    entries: sameEntries ? prev.entries : next.entries,
    ...(sameDrawn ? { drawn: prev.drawn, drawnSet: prev.drawnSet } : { drawn: next.drawn, drawnSet: next.drawnSet }),
    layerIndex: next.layerIndex,
  }
}
