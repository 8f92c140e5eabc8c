/**
 * A plain tie's place worked out from the boxes of the two cards it joins, without tldraw's
 * arrow geometry.
 *
 * tldraw works out an arrow's line from its bindings, the bound shapes' geometry and a dozen
 * reactive caches: ~100 µs an arrow on these machines. Opening a 1,000-actor board asked it
 * for all 3,000 ties twice before anything could be used: the spatial index wanted every
 * shape's bounds (~450 ms), and the whole-map drawing every tie's line (~220 ms, half of it
 * re-checking those caches). Neither needs tldraw's precision:
 *
 * - the index only has to find a tie where it might be (its exact geometry is still what
 *   hit testing checks), and a straight tie bound at both ends lies within the box around
 *   its two cards;
 * - a straight tie between two boxes is drawn by a rule simple enough to follow without
 *   tldraw (tieLineFromCards): exactly tldraw's line where both ends are unrotated cards and
 *   the tie is not shorter than tldraw's minimum; far out (below FAR_TIE_ZOOM) for any boxes,
 *   where a tie shorter than its gaps may be up to ~20 page units off (3 pixels there).
 *
 * For every other arrow, tldraw's own geometry is used.
 */
import { Box, isPageId, type Computed, type Editor, type TLArrowBinding, type TLArrowShape, type TLShape, type TLShapeId, type VecLike } from 'tldraw'
import { ACTOR_TYPE } from '@/lib/shapes/actor'
import { isPlainTie, STROKE_SIZES } from '../shapes/plainTie'

/** Below this zoom the map layer draws every tie between two boxes from the boxes (see the module comment). */
export const FAR_TIE_ZOOM = 0.15

/** tldraw's gap between a bound shape and an arrowhead (BOUND_ARROW_OFFSET, not exported). */
const ARROWHEAD_GAP = 10
/** tldraw's shortest straight arrow between its gaps (MIN_ARROW_LENGTH, not exported). */
const MIN_ARROW_LENGTH = 10

function boundEnds(editor: Editor, arrow: TLArrowShape): { start: TLArrowBinding; end: TLArrowBinding } | null {
  if (!isPlainTie(arrow)) return null
  const ends = arrowEnds(editor).get(arrow.id)
  return ends?.start && ends.end && ends.start.toId !== ends.end.toId ? { start: ends.start, end: ends.end } : null
}

interface ArrowEnds {
  start?: TLArrowBinding
  end?: TLArrowBinding
}

/** Per editor: its arrow bindings (a store query), and the last map made of them. */
const endsByEditor = new WeakMap<Editor, { query: Computed<TLArrowBinding[]>; of: TLArrowBinding[] | null; ends: Map<TLShapeId, ArrowEnds> }>()

/**
 * Every arrow's bindings by terminal, as tldraw's getArrowBindings gives them, from one pass
 * over the page's arrow bindings. tldraw's answer comes from a reactive cache per arrow,
 * made for each of 3,000 ties when the board opens: 130-150 ms in two profiles (the spatial
 * index, the opening fit); this pass took 55-60 ms, most of it the store query's first scan,
 * and 15-50 ms of tldraw's remained (its own callers). The map is made again only when the
 * bindings change, never when a card moves.
 */
function arrowEnds(editor: Editor): Map<TLShapeId, ArrowEnds> {
  let cache = endsByEditor.get(editor)
  if (!cache) {
    const query = editor.store.query.records('binding', () => ({ type: { eq: 'arrow' } })) as Computed<TLArrowBinding[]>
    cache = { query, of: null, ends: new Map() }
    endsByEditor.set(editor, cache)
  }
  const bindings = cache.query.get()
  if (cache.of !== bindings) {
    const ends = new Map<TLShapeId, ArrowEnds>()
    for (const binding of bindings) {
      const entry = ends.get(binding.fromId) ?? {}
      // The first binding of a terminal wins, as in tldraw's find().
      if (binding.props.terminal === 'start') entry.start ??= binding
      else if (binding.props.terminal === 'end') entry.end ??= binding
      ends.set(binding.fromId, entry)
    }
    cache.of = bindings
    cache.ends = ends
  }
  return cache.ends
}

export interface Rect {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** A shape's box off its record, when it stands unrotated on the page with a width and height. */
function recordBox(shape: TLShape | undefined): Rect | null {
  if (!shape || shape.rotation !== 0 || !isPageId(shape.parentId)) return null
  const { w, h } = shape.props as { w?: unknown; h?: unknown }
  return typeof w === 'number' && typeof h === 'number' ? { minX: shape.x, minY: shape.y, maxX: shape.x + w, maxY: shape.y + h } : null
}

/**
 * A shape's box in page space: off its record where it can be (every card), else tldraw's
 * page bounds. Reading records skips the reactive caches, which cost more than the arithmetic
 * on a first pass over 3,000 ties.
 */
function pageBox(editor: Editor, id: TLShapeId): Rect | null {
  const box = recordBox(editor.store.unsafeGetWithoutCapture(id) as TLShape | undefined)
  if (box) return box
  const b = editor.getShapePageBounds(id)
  return b ? { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY } : null
}

/** A card's box when it stands unrotated on the page (its geometry is then that box); else null. */
function cardBox(editor: Editor, id: TLShapeId): Rect | null {
  const shape = editor.store.unsafeGetWithoutCapture(id) as TLShape | undefined
  return shape?.type === ACTOR_TYPE ? recordBox(shape) : null
}

/** A shape's stroke width in tldraw's sizes (0 for shapes without one, such as cards). */
function strokeOf(editor: Editor, id: TLShapeId): number {
  const size = (editor.store.unsafeGetWithoutCapture(id) as TLShape | undefined)?.props as { size?: unknown } | undefined
  const key = size?.size
  return typeof key === 'string' && key in STROKE_SIZES ? editor.getCurrentTheme().strokeWidth * STROKE_SIZES[key as keyof typeof STROKE_SIZES] : 0
}

/**
 * Bounds that hold a plain tie bound at both ends (its cards' common box, widened by its
 * arrowheads' wings); null for any other shape.
 */
export function tieIndexBounds(editor: Editor, shape: TLShape): Box | null {
  if (shape.type !== 'arrow') return null
  const arrow = shape as TLArrowShape
  const ends = boundEnds(editor, arrow)
  if (!ends) return null
  const a = pageBox(editor, ends.start.toId)
  const b = pageBox(editor, ends.end.toId)
  if (!a || !b) return null
  const margin = editor.getCurrentTheme().strokeWidth * STROKE_SIZES[arrow.props.size] * arrow.props.scale * 3 + 2
  const minX = Math.min(a.minX, b.minX) - margin
  const minY = Math.min(a.minY, b.minY) - margin
  return new Box(minX, minY, Math.max(a.maxX, b.maxX) + margin - minX, Math.max(a.maxY, b.maxY) + margin - minY)
}

/**
 * A card's page bounds off its record, for passes over every shape as a board opens (the spatial
 * index's first build, the first zoom to the map): tldraw's page bounds of a card (a box shape)
 * standing unrotated on the page are that box, and working them out through tldraw's caches
 * (geometry, page transform, bounds: three computed values a card) took ~120 ms for 1,000
 * cards inside the editor's constructor (CPU profile). Null for any other shape.
 */
export function cardPageBounds(shape: TLShape): Box | null {
  const box = shape.type === ACTOR_TYPE ? recordBox(shape) : null
  return box ? new Box(box.minX, box.minY, box.maxX - box.minX, box.maxY - box.minY) : null
}

/**
 * Where the ray from (x, y) along (dx, dy) enters and leaves `box`, as multiples of (dx, dy)
 * (negative behind its start); null when it misses.
 */
export function rayThroughBox(box: Rect, x: number, y: number, dx: number, dy: number): [number, number] | null {
  const across = alongAxis(box.minX, box.maxX, x, dx)
  const down = alongAxis(box.minY, box.maxY, y, dy)
  if (!across || !down) return null
  const near = Math.max(across[0], down[0])
  const far = Math.min(across[1], down[1])
  return near > far ? null : [near, far]
}

/**
 * The part of a line within the view (widened by `margin`), as x1, y1, x2, y2; null when
 * it is all outside. Zoomed in, most ties cross the view from far off it, and Skia dashes a
 * line along its whole length: thousands of dashes a tie nobody sees, and past its limit for
 * one path (a million) it gave up and drew every dashed tie of the run solid. The visible
 * part starts a whole number of dash periods from the line's start, so the dashes fall where
 * they would on the whole line (Skia starts the pattern afresh at each segment's start).
 * The map layer clips ties with it, the analysis overlay its moving lines.
 */
export function clipToView(start: { x: number; y: number }, end: { x: number; y: number }, view: Rect, margin: number, period: number): [number, number, number, number] | null {
  const dx = end.x - start.x
  const dy = end.y - start.y
  const box = { minX: view.minX - margin, minY: view.minY - margin, maxX: view.maxX + margin, maxY: view.maxY + margin }
  const crossing = rayThroughBox(box, start.x, start.y, dx, dy)
  if (!crossing) return null
  let t0 = Math.max(0, crossing[0])
  const t1 = Math.min(1, crossing[1])
  if (t0 > t1) return null
  const length = Math.hypot(dx, dy)
  if (period > 0 && length > 0) t0 = (Math.floor((t0 * length) / period) * period) / length
  return [start.x + dx * t0, start.y + dy * t0, start.x + dx * t1, start.y + dy * t1]
}

/** Where a ray from `p` along `d` is between `min` and `max` on one axis. */
function alongAxis(min: number, max: number, p: number, d: number): [number, number] | null {
  if (d === 0) return p < min || p > max ? null : [-Infinity, Infinity]
  const t1 = (min - p) / d
  const t2 = (max - p) / d
  return t1 < t2 ? [t1, t2] : [t2, t1]
}

/** Where a binding points in its shape's box: the centre, or its anchor when precise (as tldraw). */
function anchorX(box: Rect, binding: TLArrowBinding): number {
  return box.minX + (binding.props.isPrecise ? binding.props.normalizedAnchor.x : 0.5) * (box.maxX - box.minX)
}
function anchorY(box: Rect, binding: TLArrowBinding): number {
  return box.minY + (binding.props.isPrecise ? binding.props.normalizedAnchor.y : 0.5) * (box.maxY - box.minY)
}

/**
 * A plain tie's line in page space, from its cards' boxes; null when the shape is not a plain
 * tie bound at both ends, or its cards overlap (then tldraw's own geometry decides).
 *
 * This is tldraw's rule for a straight arrow bound to two boxes (getStraightArrowInfo): from
 * anchor to anchor, cut where it leaves one box and enters the other, then shortened by a gap
 * before each arrowhead. `exact` asks for the line only where that rule is all of tldraw's:
 * both ends are cards (rectangles) standing unrotated on the page, neither binding is exact,
 * and the tie is longer than tldraw's minimum, which otherwise moves its ends. e2e/big-board
 * checks those lines against tldraw's geometry for every tie of a generated board. Without
 * `exact` (far out) any bound box will do, and a tie shorter than its gaps keeps them.
 */
export function tieLineFromCards(editor: Editor, arrow: TLArrowShape, exact = false): { start: VecLike; end: VecLike } | null {
  const ends = boundEnds(editor, arrow)
  return ends && lineBetween(editor, arrow, ends, exact)
}

function lineBetween(
  editor: Editor,
  arrow: TLArrowShape,
  ends: { start: TLArrowBinding; end: TLArrowBinding },
  exact: boolean,
): { start: VecLike; end: VecLike } | null {
  if (exact && (ends.start.props.isExact || ends.end.props.isExact)) return null
  const a = exact ? cardBox(editor, ends.start.toId) : pageBox(editor, ends.start.toId)
  const b = exact ? cardBox(editor, ends.end.toId) : pageBox(editor, ends.end.toId)
  if (!a || !b || (a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY)) return null
  const x = anchorX(a, ends.start)
  const y = anchorY(a, ends.start)
  const dx = anchorX(b, ends.end) - x
  const dy = anchorY(b, ends.end) - y
  // Leaving the first card, entering the second.
  const tA = rayThroughBox(a, x, y, dx, dy)?.[1]
  const tB = rayThroughBox(b, x, y, dx, dy)?.[0]
  if (tA === undefined || tB === undefined || tA >= tB) return null
  // tldraw leaves a gap before an arrowhead: its offset plus half of both strokes.
  const length = Math.hypot(dx, dy)
  const { scale } = arrow.props
  const sw = editor.getCurrentTheme().strokeWidth * STROKE_SIZES[arrow.props.size]
  const strokeGap = (id: TLShapeId) => sw / 2 + strokeOf(editor, id) / 2
  let from = tA * length
  let to = tB * length
  const startStroke = arrow.props.arrowheadStart !== 'none' ? strokeGap(ends.start.toId) : null
  const endStroke = arrow.props.arrowheadEnd !== 'none' ? strokeGap(ends.end.toId) : null
  const startGap = startStroke === null ? 0 : (ARROWHEAD_GAP + startStroke) * scale
  const endGap = endStroke === null ? 0 : (ARROWHEAD_GAP + endStroke) * scale
  // tldraw's shortest arrow: below it, it moves the ends its own way.
  const minLength = (MIN_ARROW_LENGTH + (startStroke ?? 0) + (endStroke ?? 0)) * scale
  if (exact && to - from - startGap - endGap < minLength + 1) return null
  if (startGap + endGap < to - from) {
    from += startGap
    to -= endGap
  }
  const ux = dx / length
  const uy = dy / length
  return { start: { x: x + ux * from, y: y + uy * from }, end: { x: x + ux * to, y: y + uy * to } }
}

/**
 * tieLineFromCards (exact) in the arrow's own space, for the tie's geometry; null where
 * tldraw's geometry must decide (the arrow rotated or inside another shape, or no exact
 * line). Its cards and the bindings are read as tracked dependencies, so a geometry cache
 * built on it follows the cards as tldraw's own does.
 */
export function tieLineInArrowSpace(editor: Editor, arrow: TLArrowShape): { start: VecLike; end: VecLike } | null {
  if (arrow.rotation !== 0 || !isPageId(arrow.parentId)) return null
  const ends = boundEnds(editor, arrow)
  if (!ends) return null
  editor.getShape(ends.start.toId)
  editor.getShape(ends.end.toId)
  const line = lineBetween(editor, arrow, ends, true)
  if (!line) return null
  return {
    start: { x: line.start.x - arrow.x, y: line.start.y - arrow.y },
    end: { x: line.end.x - arrow.x, y: line.end.y - arrow.y },
  }
}

/**
 * tldraw's zoomToFit without asking for every tie's geometry: a plain tie bound at both ends
 * lies within its cards' box, so the map's bounds are those of everything else (the same
 * box, but for the wings of an arrowhead at the very edge), a card's off its record.
 *
 * `leftInset`: screen pixels on the left to keep clear (a panel over the canvas there); the
 * map is fitted, as large as it can be, into the rest of the view.
 */
export function zoomToContent(editor: Editor, opts?: Parameters<Editor['zoomToBounds']>[1], leftInset = 0): void {
  const boxes: Box[] = []
  for (const id of editor.getCurrentPageShapeIds()) {
    if (editor.isShapeHidden(id)) continue
    const shape = editor.getShape(id)
    if (!shape || (shape.type === 'arrow' && boundEnds(editor, shape as TLArrowShape))) continue
    const bounds = cardPageBounds(shape) ?? editor.getShapePageBounds(id)
    if (bounds) boxes.push(bounds)
  }
  if (!boxes.length) return
  const content = Box.Common(boxes)
  const screen = editor.getViewportScreenBounds()
  // tldraw's own margin (zoomToBounds), so that the zoom below is the one it will choose.
  const pad = Math.min(editor.options.zoomToFitPadding, screen.w * 0.28)
  const zoom = Math.min((screen.w - leftInset - pad) / content.w, (screen.h - pad) / content.h)
  if (leftInset <= 0 || !(zoom > 0)) return void editor.zoomToBounds(content, opts)
  // The content widened on the left by the inset, at that zoom: tldraw fits and centres this
  // box, which puts the content itself in the middle of what the panel leaves free.
  const extra = leftInset / zoom
  editor.zoomToBounds(new Box(content.x - extra, content.y, content.w + extra, content.h), opts)
}

/**
 * Works out tldraw's bindings index, and then the geometry and bounds of every tie, while the
 * browser is idle, a few at a time, once a board is open; returns a function that stops it.
 *
 * Opening the board skipped that work (above), but it is wanted soon after: tldraw's
 * screen-reader announcement of a selection orders every shape on the page by position, so
 * its first run asked for all 3,000 ties at once (~190 ms after the first selection, when
 * every tie's geometry was tldraw's; a plain tie's is now cheaper, the others' are not).
 * Done in idle time, it waits until nobody is using the board, and never takes a frame's
 * time away.
 */
export function warmTieGeometry(editor: Editor): () => void {
  if (typeof requestIdleCallback !== 'function') return () => {}
  const queue = [...editor.getCurrentPageShapeIds()]
  let handle = 0
  let bindingsWarm = false
  const slice = (deadline: IdleDeadline) => {
    // First tldraw's index of every shape's bindings: the first click on a card asks it which
    // ties are bound to the card (to lift them), and the first move which arrows to update.
    // Built then, it was ~45 ms of the pointer-down on the 1,000-actor board (profile).
    if (!bindingsWarm) {
      bindingsWarm = true
      const first = queue[queue.length - 1]
      if (first) editor.getBindingsInvolvingShape(first)
    }
    while (queue.length && deadline.timeRemaining() > 2) {
      const shape = editor.getShape(queue.pop()!)
      if (shape?.type === 'arrow') editor.getShapePageBounds(shape)
    }
    if (queue.length) handle = requestIdleCallback(slice)
  }
  handle = requestIdleCallback(slice)
  return () => cancelIdleCallback(handle)
}
