'use client'
/**
 * The analysis overlay's lines that a drag moves (those of a selected actor, or of one someone
 * else is moving), drawn on tldraw's overlay canvas.
 *
 * As turned boxes, each on a compositing layer of its own, a card with a few lines dragged
 * smoothly, but the 1,000-actor board's most-flagged card (~98 lines) did not: frame p95
 * 33-50 ms, ~98 layers moved and redrawn on every frame. On a canvas of the overlay's own
 * (viewport-sized, cleared, redrawn and handed to the compositor on every frame) it was no
 * better: ~6 ms of each frame went to that canvas before a line was drawn. tldraw redraws its
 * overlay canvas on every frame of a drag anyway (the selection box moves with the card), so
 * the lines cost only their drawing there. That canvas is above the shapes: a line is drawn
 * from the edge of one card to the edge of the other, so it does not cross its own cards.
 *
 * While the lines move they are drawn one device pixel wide. Skia strokes wider lines as
 * paths, dashes as a path each: ~98 dashed lines 4 wide took ~11 ms a frame here (~5 solid),
 * the same as hairlines ~1 ms. Once the card rests, its lines are drawn at their width again.
 */
import { atom, OverlayUtil, type Atom, type Box, type Editor, type TLOverlay, type TLShapeId } from 'tldraw'
import { clipToView, rayThroughBox } from '../board/tieGeometry'
import { movedByOthers } from '../shapes/movedByOthers'
import { isConflict, lineStyle, type OverlayPair } from './lineStyle'

type MovingLinesOverlay = TLOverlay<Record<string, never>>

const NONE: readonly OverlayPair[] = []
const movingLines = new WeakMap<Editor, Atom<readonly OverlayPair[]>>()

function linesOf(editor: Editor): Atom<readonly OverlayPair[]> {
  let lines = movingLines.get(editor)
  if (!lines) movingLines.set(editor, (lines = atom('moving analysis lines', NONE)))
  return lines
}

/** The lines the overlay canvas draws for this editor (the analysis overlay keeps it current). */
export function setMovingLines(editor: Editor, pairs: readonly OverlayPair[]) {
  linesOf(editor).set(pairs.length ? pairs : NONE)
}

export class MovingLinesOverlayUtil extends OverlayUtil<MovingLinesOverlay> {
  static override type = 'cc-moving-analysis-lines'
  // Below the lifted ties (LiftedMapOverlay, 10): a selected card's ties over its gap lines.
  override options = { zIndex: 5 }

  override isActive(): boolean {
    return linesOf(this.editor).get().length > 0
  }

  override getOverlays(): MovingLinesOverlay[] {
    // Read so that the canvas is drawn again when any of the lines' actors moves.
    for (const pair of linesOf(this.editor).get()) {
      this.editor.getShapePageBounds(pair.a as TLShapeId)
      this.editor.getShapePageBounds(pair.b as TLShapeId)
    }
    return [{ id: 'cc-moving-analysis-lines', type: 'cc-moving-analysis-lines', props: {} }]
  }

  override render(ctx: CanvasRenderingContext2D, overlays: MovingLinesOverlay[]): void {
    if (overlays.length) drawMovingLines(this.editor, ctx, linesOf(this.editor).get())
  }
}

/** Onto a context in page units: each line from edge to edge of its cards, in its style (thin while moving). */
function drawMovingLines(editor: Editor, ctx: CanvasRenderingContext2D, pairs: readonly OverlayPair[]) {
  const viewport = editor.getViewportPageBounds()
  // Moving: this browser is translating, or someone else is moving a shape.
  const hairline = editor.isIn('select.translating') || movedByOthers(editor).size > 0
  // One device pixel, in page units.
  const hairlineWidth = 1 / (editor.getZoomLevel() * editor.getInstanceState().devicePixelRatio)
  ctx.save()
  ctx.lineCap = 'butt'
  // One path per style: a stroke per style, not per line.
  for (const conflict of [true, false]) {
    const style = lineStyle(conflict)
    const period = style.dash ? style.dash[0] + style.dash[1] : 0
    ctx.beginPath()
    for (const pair of pairs) {
      if (isConflict(pair) !== conflict) continue
      const a = editor.getShapePageBounds(pair.a as TLShapeId)
      const b = editor.getShapePageBounds(pair.b as TLShapeId)
      if (!a || !b) continue
      const between = betweenBoxes(a, b)
      // Only the part in view: Skia dashes a line along its whole length, seen or not.
      const seen = between && clipToView(between[0], between[1], viewport, style.width, period)
      if (!seen) continue
      ctx.moveTo(seen[0], seen[1])
      ctx.lineTo(seen[2], seen[3])
    }
    ctx.strokeStyle = style.colour
    ctx.globalAlpha = style.opacity
    ctx.lineWidth = hairline ? hairlineWidth : style.width
    ctx.setLineDash(style.dash ?? [])
    ctx.stroke()
  }
  ctx.restore()
}

/** The part of the line between two boxes' centres outside both boxes; null when they overlap. */
function betweenBoxes(a: Box, b: Box): [{ x: number; y: number }, { x: number; y: number }] | null {
  const { x, y } = a.center
  const dx = b.center.x - x
  const dy = b.center.y - y
  const leaves = rayThroughBox(a, x, y, dx, dy)?.[1] ?? 0
  const enters = rayThroughBox(b, x, y, dx, dy)?.[0] ?? 1
  if (leaves >= enters) return null
  return [
    { x: x + dx * leaves, y: y + dy * leaves },
    { x: x + dx * enters, y: y + dy * enters },
  ]
}
