'use client'
/**
 * A big board's plain ties, and zoomed out its cards, drawn on one canvas (renderingShapes.ts
 * says when and which, and leaves those shapes' components unmounted). A tie is drawn as
 * TieArrowShapeUtil's tieLine draws it: its line and arrowheads in its trust styling (colour,
 * width, dashes); its line comes from its cards' boxes where that gives tldraw's line, and far
 * out always (tieGeometry.ts). A card is drawn as its component draws it below 30 % zoom
 * (ActorShapeUtil's 'far' detail): its box in its stance's colours, its name and its role
 * badge, as bars where they could not be read.
 *
 * The canvas covers the viewport inside tldraw's HTML layer, in page units like the shapes,
 * so it moves with them; it sits at the z-index of the first shape it draws. It is redrawn
 * at most once a frame, in the frame's animation callbacks (after the input events that
 * moved something, before paint), when the document or the view changed. The selection and
 * its ties are drawn on tldraw's overlay canvas instead (LiftedMapOverlay), so a drag does
 * not redraw this one. The drawing itself is not
 * tracked: one reaction holding ~12,000 shape, bounds and arrow signals spent more in
 * capturing and re-checking them (profile: ~40 % of a redraw) than in drawing. Card colours
 * are read from the cards' own CSS classes, so they cannot drift.
 */
import { useLayoutEffect, useRef } from 'react'
import {
  computed,
  getArrowInfo,
  getColorValue,
  isBinding,
  isPageId,
  isShape,
  OverlayUtil,
  react,
  unsafe__withoutCapture,
  useEditor,
  useValue,
  Vec,
  type Editor,
  type RecordsDiff,
  type TLArrowShape,
  type TLOverlay,
  type TLRecord,
  type TLShapeId,
  type VecLike,
} from 'tldraw'
import { ACTOR_TYPE, type ActorShape } from '@/lib/shapes/actor'
import { useI18n } from '@/app/_lib/i18n'
import type { Ring } from '@/lib/analysis/snapshot'
import { rolesOnPage } from '../shapes/roles'
import { arrowheadPoints, dashArray } from '../shapes/TieArrowShapeUtil'
import { STROKE_SIZES } from '../shapes/plainTie'
import { DASH_MIN_ZOOM, liftedShapes } from '../shapes/shapeView'
import { RINGS_TYPE } from '@/lib/shapes/rings'
import { isBigBoard, layerShapes } from './renderingShapes'
import { clipToView, FAR_TIE_ZOOM, tieLineFromCards } from './tieGeometry'

export function MapLayer() {
  const editor = useEditor()
  const { t } = useI18n()
  const stillRef = useRef<HTMLCanvasElement>(null)
  const active = useValue('map layer active', () => isBigBoard(editor), [editor])
  const zIndex = useValue('map layer z-index', () => layerShapes(editor).layerIndex, [editor])
  useLayoutEffect(() => {
    const still = stillRef.current
    if (!active || !still) return
    const palette = readPalette(still)
    const labels = { core: t('role.core'), ally: t('role.ally'), outside: t('role.outside'), unnamed: t('actor.unnamed') }
    const cache: TextCache = { lines: new Map(), widths: new Map() }
    // What a drag moves is drawn on tldraw's overlay canvas (LiftedMapOverlay), not here.
    painters.set(editor, (ctx) => {
      const lifted = liftedShapes(editor)
      paint(editor, ctx, (id) => lifted.has(id), palette, labels, cache)
    })
    // What a drag moves, as a signal that changes only when that set does.
    const liftedSignal = computed('map layer lifted', () => liftedShapes(editor), { isEqual: sameSet })
    let frame = 0
    // What the last drawing showed: the view, the layer's shapes and the lifted ones. The
    // board's onMount moves the camera inside tldraw's transaction, and the drawing made at
    // once then was followed by a second one, the same, when the change reached this
    // layer's reaction (~250 ms on a 1,000-actor board).
    let drawnFor: readonly unknown[] = []
    const seenNow = () => [view.get(), layerShapes(editor), liftedSignal.get()]
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(redraw)
    }
    const redraw = () => {
      cancelAnimationFrame(frame)
      frame = 0
      unsafe__withoutCapture(() => {
        const lifted = liftedShapes(editor)
        draw(editor, still, (id) => !lifted.has(id), palette, labels, cache)
        drawnFor = seenNow()
      })
    }
    // Any change to what is seen redraws the canvas: the camera, the viewport, which shapes
    // this layer draws, what is selected, colours, what the eraser is on.
    // As a string, so that a change elsewhere in the same records (the instance state
    // changes during a drag) does not count.
    const view = computed('map layer view', () => {
      const { x, y, z } = editor.getCamera()
      const screen = editor.getViewportScreenBounds()
      return [x, y, z, screen.w, screen.h, editor.getInstanceState().devicePixelRatio, editor.getColorMode(), editor.getErasingShapeIds().join()].join('|')
    })
    const stopView = react('map layer view', () => {
      const now = seenNow()
      if (now.every((v, i) => v === drawnFor[i])) return
      schedule()
    })
    // A change to the document redraws the canvas when it can change it. Not presence:
    // others' cursors do not change the drawing.
    const stopDocument = editor.store.listen(({ changes }) => {
      if (unsafe__withoutCapture(() => changesDrawing(editor, changes))) schedule()
    }, { scope: 'document' })
    // Drawn before the first paint (not a frame later), but once the editor is mounted: the
    // board's onMount sets the camera (the whole map) after this effect runs, and a drawing at
    // the camera before it, ties crossing the view at full width, took ~360 ms to draw and
    // rasterise for nothing on a 1,000-actor board.
    const drawOnMount = () => redraw()
    if (editor.getIsMounted()) redraw()
    else editor.once('mount', drawOnMount)
    return () => {
      painters.delete(editor)
      editor.off('mount', drawOnMount)
      stopDocument()
      stopView()
      cancelAnimationFrame(frame)
    }
  }, [editor, active, t])
  if (!active) return null
  const style = { position: 'absolute', left: 0, top: 0, zIndex, pointerEvents: 'none' } as const
  return <canvas ref={stillRef} className="cc-map-layer" data-testid="map-layer" style={style} />
}

/** Per editor: draws what a drag moves onto a context in page units (set by MapLayer). */
const painters = new WeakMap<Editor, (ctx: CanvasRenderingContext2D) => void>()

/**
 * What a drag moves (the selection and the ties bound to it), drawn on tldraw's overlay
 * canvas above the shapes rather than on a canvas of the layer's own.
 *
 * tldraw redraws its overlay canvas on every frame of a drag anyway (the selection box moves
 * with the card). A second full-view canvas, cleared, redrawn, copied for the compositor and
 * composited on every frame, made one frame in five take two vsyncs on the 1,000-actor board
 * (bench: 49 and 57 slow frames of ~245 with it, 10 and 14 with it left alone). Drawn here,
 * below tldraw's indicators and selection, the selected card's ties pass over other cards
 * while it is selected.
 */
export class LiftedMapOverlay extends OverlayUtil<TLOverlay<Record<string, never>>> {
  static override type = 'cc-lifted-map'
  override options = { zIndex: 10 }

  override isActive(): boolean {
    return isBigBoard(this.editor) && liftedShapes(this.editor).size > 0
  }

  override getOverlays(): TLOverlay<Record<string, never>>[] {
    const { drawnSet } = layerShapes(this.editor)
    // Read so that the overlay is drawn again when any of them changes or moves.
    for (const id of liftedShapes(this.editor)) {
      if (!drawnSet.has(id)) continue
      this.editor.getShape(id)
      this.editor.getShapePageBounds(id)
    }
    return [{ id: 'cc-lifted-map', type: 'cc-lifted-map', props: {} }]
  }

  override render(ctx: CanvasRenderingContext2D, overlays: TLOverlay<Record<string, never>>[]): void {
    if (overlays.length) painters.get(this.editor)?.(ctx)
  }
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false
  for (const x of a) if (!b.has(x)) return false
  return true
}

/**
 * Whether a document change can alter the canvas: not when it touches only the selection and
 * the ties bound to it (a drag: that is drawn on the overlay), nor shapes this layer neither
 * draws nor ties are bound to (a pen stroke, a sticky note).
 */
function changesDrawing(editor: Editor, changes: RecordsDiff<TLRecord>): boolean {
  const { drawnSet } = layerShapes(editor)
  const lifted = liftedShapes(editor)
  const records = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, to]) => to), ...Object.values(changes.removed)]
  for (const record of records) {
    if (isShape(record)) {
      if (lifted.has(record.id)) continue
      // Drawn here, the rings (they decide every card's role), or the end of a tie.
      if (drawnSet.has(record.id) || record.type === RINGS_TYPE || editor.getBindingsToShape(record.id, 'arrow').length) return true
    } else if (isBinding(record)) {
      if (!lifted.has(record.fromId)) return true
    } else if (record.typeName === 'page') return true
    // Other document records (the user's preferences, assets, the document's settings) are
    // not drawn: setting this browser's name and language on opening redrew the whole map.
  }
  return false
}

interface CardStyle {
  fill: string
  border: string
  borderStyle: string
  borderWidth: number
}
interface Palette {
  card: Record<ActorShape['props']['stance'], CardStyle>
  text: string
  font: string
  role: Record<Ring, { fill: string; text: string }>
}

/** The cards' colours as their CSS classes give them (globals.css), read once per layer. */
function readPalette(host: HTMLElement): Palette {
  const probe = (className: string) => {
    const el = document.createElement('div')
    el.className = className
    el.style.visibility = 'hidden'
    el.style.position = 'absolute'
    host.parentElement!.appendChild(el)
    const s = getComputedStyle(el)
    const out = {
      fill: s.backgroundColor,
      border: s.borderTopColor,
      borderStyle: s.borderTopStyle,
      borderWidth: parseFloat(s.borderTopWidth) || 0,
      color: s.color,
      font: s.fontFamily,
    }
    el.remove()
    return out
  }
  const stances = ['supporter', 'neutral', 'opponent'] as const
  const roles = ['core', 'ally', 'outside'] as const
  const base = probe('cc-actor')
  return {
    card: Object.fromEntries(stances.map((s) => [s, probe(`cc-actor cc-actor--${s}`)])) as unknown as Palette['card'],
    text: base.color,
    font: base.font,
    role: Object.fromEntries(roles.map((r) => [r, (({ fill, color }) => ({ fill, text: color }))(probe(`cc-actor__role cc-actor__role--${r}`))])) as Palette['role'],
  }
}

// The card's box model in page units (globals.css: .cc-actor and its 'far' detail).
const PAD_X = 10
const PAD_Y = 8
const RADIUS = 10
const NAME_SIZE = 15
const NAME_LINE = NAME_SIZE * 1.2
const BADGE_SIZE = 11
const BADGE_H = 15
const BADGE_PAD = 7

type Labels = Record<Ring | 'unnamed', string>
/** Names wrapped per width, and badge widths per label: measuring text is most of a card's cost. */
interface TextCache {
  lines: Map<string, string[]>
  widths: Map<string, number>
}

function draw(editor: Editor, canvas: HTMLCanvasElement, include: (id: TLShapeId) => boolean, palette: Palette, labels: Labels, cache: TextCache) {
  const vp = editor.getViewportPageBounds()
  const screen = editor.getViewportScreenBounds()
  const dpr = editor.getInstanceState().devicePixelRatio
  const w = Math.ceil(screen.w * dpr)
  const h = Math.ceil(screen.h * dpr)
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w
    canvas.height = h
  }
  // Placed over the viewport in page units: tldraw's HTML layer scales it back to the screen.
  canvas.style.transform = `translate(${vp.minX}px, ${vp.minY}px)`
  canvas.style.width = `${vp.w}px`
  canvas.style.height = `${vp.h}px`
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.clearRect(0, 0, w, h)
  const k = w / vp.w
  ctx.setTransform(k, 0, 0, k, -vp.minX * k, -vp.minY * k)
  paint(editor, ctx, include, palette, labels, cache)
}

/**
 * Draws the layer's shapes that `include` takes, in paint order, onto a context already in
 * page units over the viewport: the layer's canvas, or tldraw's overlay canvas (the lifted
 * shapes, LiftedMapOverlay).
 */
function paint(editor: Editor, ctx: CanvasRenderingContext2D, include: (id: TLShapeId) => boolean, palette: Palette, labels: Labels, cache: TextCache) {
  const { drawn } = layerShapes(editor)
  const vp = editor.getViewportPageBounds()
  const zoom = editor.getZoomLevel()
  const dpr = editor.getInstanceState().devicePixelRatio
  const theme = editor.getCurrentTheme()
  const colors = theme.colors[editor.getColorMode()]
  const dashed = zoom >= DASH_MIN_ZOOM
  const far = zoom < FAR_TIE_ZOOM
  // Device pixels per page unit: what decides whether a card's text can be read at all.
  const screenScale = zoom * dpr
  const erasing = new Set(editor.getErasingShapeIds())
  const roleOf = rolesOnPage(editor)
  // Consecutive ties of one style (colour, width, dash, opacity) are stroked as one path: a
  // stroke per tie costs more than the drawing itself. Runs, not one path per style, so ties
  // that cross still overlap in tldraw's order.
  let run = null as { key: string; stroke: string; sw: number; dash: string; alpha: number; line: Path2D; heads: Path2D } | null
  const flushTies = () => {
    for (const b of run ? [run] : []) {
      ctx.globalAlpha = b.alpha
      ctx.strokeStyle = b.stroke
      ctx.lineWidth = b.sw
      ctx.lineJoin = 'round'
      ctx.setLineDash(b.dash ? b.dash.split(' ').map(Number) : [])
      ctx.lineCap = b.dash ? 'butt' : 'round'
      ctx.stroke(b.line)
      ctx.setLineDash([])
      ctx.lineCap = 'round'
      ctx.stroke(b.heads)
    }
    ctx.globalAlpha = 1
    run = null
  }
  // What the viewport holds, from tldraw's spatial index (not 4,000 bounds checks).
  const inView = editor.getShapeIdsInsideBounds(vp)
  for (const id of drawn) {
    if (!inView.has(id) || !include(id)) continue
    const shape = editor.getShape(id as TLShapeId)
    if (!shape) continue
    // As tldraw fades a shape: its opacity, and a third of it while the eraser is on it.
    const alpha = shape.opacity * (erasing.has(shape.id) ? 0.32 : 1)
    if (shape.type === 'arrow') {
      const arrow = shape as TLArrowShape
      const line = tieLineFromCards(editor, arrow, !far) || exactTieLine(editor, arrow)
      if (!line) continue
      const { start, end } = line
      const stroke = getColorValue(colors, arrow.props.color, 'solid')
      const sw = theme.strokeWidth * STROKE_SIZES[arrow.props.size] * arrow.props.scale
      const dash = (dashed && arrow.props.dash !== 'solid' && dashArray(arrow.props.dash, sw, Vec.Dist(start, end))) || ''
      const key = `${stroke}|${sw}|${dash}|${alpha}`
      if (run?.key !== key) {
        flushTies()
        run = { key, stroke, sw, dash, alpha, line: new Path2D(), heads: new Path2D() }
      }
      const b = run
      const seen = clipToView(start, end, vp, sw * 2 + 2, dashPeriod(dash))
      if (seen) {
        b.line.moveTo(seen[0], seen[1])
        b.line.lineTo(seen[2], seen[3])
      }
      if (arrow.props.arrowheadStart !== 'none') trace(b.heads, arrowheadPoints(arrow.props.arrowheadStart, start, end, sw))
      if (arrow.props.arrowheadEnd !== 'none') trace(b.heads, arrowheadPoints(arrow.props.arrowheadEnd, end, start, sw))
      continue
    }
    if (shape.type !== ACTOR_TYPE) continue
    flushTies()
    ctx.save()
    // A card standing unrotated on the page is where its record says: no transform to look up.
    if (shape.rotation === 0 && isPageId(shape.parentId)) ctx.translate(shape.x, shape.y)
    else {
      const m = editor.getShapePageTransform(shape)
      ctx.transform(m.a, m.b, m.c, m.d, m.e, m.f)
    }
    ctx.globalAlpha = alpha
    drawCard(ctx, shape as ActorShape, roleOf(shape), palette, labels, cache, screenScale)
    ctx.restore()
  }
  flushTies()
}

/** The length of a dash pattern ("7 7": 14), 0 for none. */
function dashPeriod(dash: string): number {
  return dash ? dash.split(' ').reduce((n, d) => n + Number(d), 0) : 0
}

/** A tie's line in page space as tldraw works it out (its arrowheads are the arrow's props). */
function exactTieLine(editor: Editor, arrow: TLArrowShape): { start: VecLike; end: VecLike } | null {
  const info = getArrowInfo(editor, arrow)
  if (!info?.isValid) return null
  const m = editor.getShapePageTransform(arrow)
  return { start: m.applyToPoint(info.start.point), end: m.applyToPoint(info.end.point) }
}

function trace(path: Path2D, points: VecLike[]) {
  points.forEach((p, i) => (i ? path.lineTo(p.x, p.y) : path.moveTo(p.x, p.y)))
}

/**
 * Below this many device pixels a card's text cannot be read: its lines are drawn as bars
 * (the usual "greeking" of a far-out view). Measuring and wrapping the names of 1,000 cards
 * in the whole-map view took ~140 ms of script, for letters one or two pixels high.
 */
const READABLE_TEXT_PX = 4

function drawCard(
  ctx: CanvasRenderingContext2D,
  card: ActorShape,
  role: Ring,
  palette: Palette,
  labels: Labels,
  cache: TextCache,
  screenScale: number,
) {
  const { w, h, stance, name } = card.props
  const style = palette.card[stance]
  const bw = style.borderWidth
  const readable = NAME_SIZE * screenScale >= READABLE_TEXT_PX
  ctx.beginPath()
  ctx.roundRect(0, 0, w, h, RADIUS)
  ctx.fillStyle = style.fill
  ctx.fill()
  ctx.strokeStyle = style.border
  if (style.borderStyle === 'double' && readable) {
    // A CSS double border: two lines a third of its width each, a third apart.
    ctx.lineWidth = bw / 3
    ctx.beginPath()
    ctx.roundRect(bw / 6, bw / 6, w - bw / 3, h - bw / 3, RADIUS)
    ctx.stroke()
    ctx.beginPath()
    ctx.roundRect((bw * 5) / 6, (bw * 5) / 6, w - (bw * 5) / 3, h - (bw * 5) / 3, Math.max(0, RADIUS - bw))
    ctx.stroke()
  } else {
    // Far out, a double border is one line of its width: the two cannot be told apart.
    ctx.lineWidth = bw
    ctx.setLineDash(style.borderStyle === 'dashed' ? [bw * 2, bw * 2] : [])
    ctx.beginPath()
    ctx.roundRect(bw / 2, bw / 2, w - bw, h - bw, RADIUS)
    ctx.stroke()
    ctx.setLineDash([])
  }
  const left = bw + PAD_X
  const inner = w - 2 * left
  const label = labels[role]
  const by = h - bw - PAD_Y - BADGE_H
  ctx.fillStyle = palette.text
  if (!readable) {
    // Bars where the text would be: as many lines as the name takes, about as long.
    const text = name || labels.unnamed
    const perLine = Math.max(1, Math.floor(inner / (NAME_SIZE * GLYPH_WIDTH)))
    const lines = Math.min(2, Math.ceil(text.length / perLine))
    const alpha = ctx.globalAlpha
    ctx.globalAlpha = alpha * 0.5
    for (let i = 0; i < lines; i++) {
      const len = i === lines - 1 ? Math.min(inner, (text.length - i * perLine) * NAME_SIZE * GLYPH_WIDTH) : inner
      ctx.fillRect(left, bw + PAD_Y + i * NAME_LINE + NAME_LINE * 0.2, len, NAME_LINE * 0.6)
    }
    ctx.globalAlpha = alpha
    ctx.fillStyle = palette.role[role].fill
    ctx.fillRect(left, by, label.length * BADGE_SIZE * GLYPH_WIDTH + 2 * BADGE_PAD, BADGE_H)
    return
  }
  ctx.font = `700 ${NAME_SIZE}px ${palette.font}`
  ctx.textBaseline = 'top'
  const lines = wrapName(ctx, name || labels.unnamed, inner, cache.lines)
  lines.forEach((line, i) => ctx.fillText(line, left, bw + PAD_Y + i * NAME_LINE + (NAME_LINE - NAME_SIZE) / 2))
  ctx.font = `700 ${BADGE_SIZE}px ${palette.font}`
  let bwidth = cache.widths.get(label)
  if (bwidth === undefined) cache.widths.set(label, (bwidth = ctx.measureText(label).width + 2 * BADGE_PAD))
  ctx.beginPath()
  ctx.roundRect(left, by, bwidth, BADGE_H, BADGE_H / 2)
  ctx.fillStyle = palette.role[role].fill
  ctx.fill()
  ctx.fillStyle = palette.role[role].text
  ctx.fillText(label, left + BADGE_PAD, by + (BADGE_H - BADGE_SIZE) / 2)
}

/** The average width of a bold glyph of the card's font, in ems (for the bars of far-out text). */
const GLYPH_WIDTH = 0.58

/** The name in at most two lines of `width`, as the card clamps it (cached per name and width). */
function wrapName(ctx: CanvasRenderingContext2D, name: string, width: number, cache: Map<string, string[]>): string[] {
  const key = `${width}|${name}`
  const cached = cache.get(key)
  if (cached) return cached
  const lines: string[] = []
  let line = ''
  for (const word of name.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word
    if (!line || ctx.measureText(next).width <= width) line = next
    else {
      lines.push(line)
      line = word
    }
  }
  if (line) lines.push(line)
  if (lines.length > 2) {
    lines.length = 2
    lines[1] += '…'
  }
  cache.set(key, lines)
  return lines
}
