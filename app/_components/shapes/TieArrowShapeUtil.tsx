'use client'
/**
 * Arrows, drawn cheaply when they are plain ties.
 *
 * tldraw draws every arrow as a group clipped by a per-arrow `clip-path` (to cut the line
 * under a label or a filled arrowhead), with an invisible rectangle 100 px beyond its bounds,
 * and draws dots as round-capped zero-length dashes. On a board of 3,000 ties Chromium
 * re-rasterised the whole viewport on every frame of a card drag (the moved card's ties
 * cross it), and those clipped, round-dotted lines made each frame cost hundreds of ms
 * (profile: 25 tiles per frame, ~90 ms each; without clip and round dots, drag frames went
 * from ~280 ms to ~33 ms on the same loaded machine).
 *
 * A tie (an arrow with `meta.tie`) that is straight and has no label needs neither: it is one
 * line and one arrowhead. So it is drawn as two paths, with the same colour, width,
 * arrowheads and dash kind as tldraw would draw, dashes and dots as butt-capped segments.
 * Everything else (labelled, bent or elbow arrows, plain arrows, the arrow being edited)
 * goes through tldraw's own rendering, unchanged. Hit testing, bindings, handles and export
 * (`toSvg`) stay tldraw's; a plain tie's geometry is worked out from its cards (getGeometry).
 *
 * Below 25 % zoom tldraw draws dashes solid; so do we. Above it, a tie that is off screen
 * (culled) also stays solid: so zooming in re-renders only the ties in view, not 3,000.
 * The ties of a selected card get a layer of their own (see shapeView.ts).
 */
import { ArrowShapeUtil, Edge2d, getArrowInfo, getColorValue, Group2d, Vec, type TLArrowShape, type VecLike } from 'tldraw'
import { tieLineInArrowSpace } from '../board/tieGeometry'
import { isPlainTie, STROKE_SIZES } from './plainTie'
import { deferSvgDefs } from './deferredSvgDefs'
import { EDITING, HIDDEN, LIFTED, liftedStyle, shapeView, SOLID } from './shapeView'

/** As tldraw's arrow container. */
const MIN_SIZE = { minWidth: 50, minHeight: 50 }

export class TieArrowShapeUtil extends ArrowShapeUtil {
  override component(shape: TLArrowShape) {
    // Read inside tldraw's tracking of this shape: no subscription of its own.
    const view = shapeView(this.editor, shape.id)
    if (view & EDITING || !isPlainTie(shape)) return <DefaultArrow util={this} shape={shape} />
    // Drawn right here, so tldraw's tracking of this shape also follows the arrow's ends:
    // no component or reaction of its own per tie.
    return tieLine(this, shape, view)
  }

  /**
   * A plain tie's geometry from its cards' boxes where that is tldraw's own line (see
   * tieGeometry.ts): one segment, as tldraw's. tldraw works it out through its arrow caches,
   * ~100 µs a tie on these machines, and everything asks for it: hit tests near ties, the
   * index when a card moves (its ties, on every frame of a drag), the screen-reader's order
   * of the page. Anything else (a label being edited, a bent or labelled arrow, a short tie,
   * an exact end) is tldraw's.
   */
  override getGeometry(shape: TLArrowShape) {
    const line = this.editor.getEditingShapeId() === shape.id ? null : tieLineInArrowSpace(this.editor, shape)
    if (!line) return super.getGeometry(shape)
    return new Group2d({ children: [new Edge2d({ start: Vec.From(line.start), end: Vec.From(line.end) })] })
  }

  override getCanvasSvgDefs() {
    return deferSvgDefs(super.getCanvasSvgDefs())
  }

  /** tldraw's own drawing of the arrow. */
  defaultComponent(shape: TLArrowShape) {
    return super.component(shape)
  }
}

/** tldraw's arrow component calls hooks, so it gets a component of its own. */
function DefaultArrow({ util, shape }: { util: TieArrowShapeUtil; shape: TLArrowShape }) {
  return util.defaultComponent(shape)
}

function tieLine(util: TieArrowShapeUtil, shape: TLArrowShape, view: number) {
  const editor = util.editor
  // Dashes only where they can be seen: above 25 % zoom (as tldraw) and on screen.
  const dashed = shape.props.dash !== 'solid' && !(view & (HIDDEN | SOLID))
  const info = getArrowInfo(editor, shape)
  if (!info?.isValid) return null
  const theme = editor.getCurrentTheme()
  const stroke = getColorValue(theme.colors[editor.getColorMode()], shape.props.color, 'solid')
  const sw = theme.strokeWidth * STROKE_SIZES[shape.props.size] * shape.props.scale
  const start = info.start.point
  const end = info.end.point
  const length = Vec.Dist(start, end)
  const heads = [
    info.start.arrowhead !== 'none' ? arrowheadPath(info.start.arrowhead, start, end, sw) : '',
    info.end.arrowhead !== 'none' ? arrowheadPath(info.end.arrowhead, end, start, sw) : '',
  ].join(' ')
  return (
    <svg className="tl-svg-container" style={view & LIFTED ? { ...liftedStyle, ...MIN_SIZE } : MIN_SIZE} data-tie-line="">
      <g fill="none" stroke={stroke} strokeWidth={sw} strokeLinejoin="round" pointerEvents="none">
        <path d={`M${start.x} ${start.y}L${end.x} ${end.y}`} strokeLinecap={dashed ? 'butt' : 'round'} strokeDasharray={dashed ? dashArray(shape.props.dash, sw, length) : undefined} />
        {heads.trim() && <path d={heads} strokeLinecap="round" />}
      </g>
    </svg>
  )
}

/**
 * Dashes as tldraw proportions them (a dash twice the stroke width, an equal gap; a dot the
 * stroke width wide every two stroke widths), drawn butt-capped: Skia rasterises those as plain segments, where
 * round-capped zero-length dashes became one stroked circle per dot.
 */
export function dashArray(dash: TLArrowShape['props']['dash'], sw: number, length: number): string | undefined {
  if (dash === 'dashed') {
    const d = Math.min(sw * 2, length / 4)
    return `${d} ${d}`
  }
  if (dash === 'dotted') return `${sw} ${sw}`
  return undefined
}

/**
 * An arrowhead at `point`, pointing away from `from` (tldraw's straight-arrow sizes), as the
 * points of its polyline: a bar's two ends, or an open head's three points.
 */
export function arrowheadPoints(type: string, point: VecLike, from: VecLike, sw: number): VecLike[] {
  const length = Math.min(Math.max(Vec.Dist(from, point) / 5, sw), sw * 3)
  const int = Vec.Nudge(point, from, length)
  if (type === 'bar') {
    const d = Vec.Sub(int, point).div(2)
    return [Vec.Add(point, Vec.Rot(d, Math.PI / 2)), Vec.Sub(point, Vec.Rot(d, Math.PI / 2))]
  }
  // 'arrow', tldraw's open head.
  return [Vec.RotWith(int, point, Math.PI / 6), point, Vec.RotWith(int, point, -Math.PI / 6)]
}

function arrowheadPath(type: string, point: VecLike, from: VecLike, sw: number): string {
  return arrowheadPoints(type, point, from, sw)
    .map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`)
    .join('')
}
