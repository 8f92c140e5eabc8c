'use client'
/**
 * A big board's plain ties, and zoomed out its cards, drawn on one canvas (renderingShapes.ts
 * says when and which, and leaves those shapes' components unmounted). A tie is drawn as
 * TieArrowShapeUtil's tieLine draws it: its line and arrowheads in its trust styling (colour,
 * width, dashes). A card is drawn as its component draws it below 30 % zoom (ActorShapeUtil's
 * 'far' detail): its box in its stance's colours, its name and its role badge.
 *
 * The canvas covers the viewport inside tldraw's HTML layer, in page units like the shapes,
 * so it moves with them; it sits at the z-index of the first shape it draws. It is redrawn
 * synchronously (as tldraw positions its layers) whenever the camera or a drawn shape
 * changes. Card colours are read from the cards' own CSS classes, so they cannot drift.
 */
import { useLayoutEffect, useRef, useState } from 'react'
import { DefaultCanvas, getArrowInfo, getColorValue, react, useEditor, useValue, Vec, type Editor, type TLArrowShape, type TLCanvasComponentProps, type TLShapeId } from 'tldraw'
import { ACTOR_TYPE, type ActorShape } from '@/lib/shapes/actor'
import { useI18n } from '@/app/_lib/i18n'
import type { Ring } from '@/lib/analysis/snapshot'
import { roleOf } from '../shapes/roles'
import { arrowheadPath, dashArray, STROKE_SIZES } from '../shapes/TieArrowShapeUtil'
import { DASH_MIN_ZOOM } from '../shapes/shapeView'
import { isBigBoard, layerShapes, mountOnlyWhatMatters } from './renderingShapes'

/**
 * tldraw's canvas, with the board's choice of mounted shapes installed on the editor before
 * the canvas's shape layer first asks for them (tldraw's onMount comes after that render).
 */
export function BoardCanvasLayer(props: TLCanvasComponentProps) {
  const editor = useEditor()
  useState(() => mountOnlyWhatMatters(editor))
  return <DefaultCanvas {...props} />
}

export function MapLayer() {
  const editor = useEditor()
  const { t } = useI18n()
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const active = useValue('map layer active', () => isBigBoard(editor), [editor])
  const zIndex = useValue('map layer z-index', () => layerShapes(editor).layerIndex, [editor])
  useLayoutEffect(() => {
    const canvas = canvasRef.current
    if (!active || !canvas) return
    const palette = readPalette(canvas)
    const labels = { core: t('role.core'), ally: t('role.ally'), outside: t('role.outside'), unnamed: t('actor.unnamed') }
    const wrapCache = new Map<string, string[]>()
    return react('draw map layer', () => draw(editor, canvas, palette, labels, wrapCache))
  }, [editor, active, t])
  if (!active) return null
  return <canvas ref={canvasRef} className="cc-map-layer" data-testid="map-layer" style={{ position: 'absolute', left: 0, top: 0, zIndex, pointerEvents: 'none' }} />
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

function draw(editor: Editor, canvas: HTMLCanvasElement, palette: Palette, labels: Labels, wrapCache: Map<string, string[]>) {
  const { drawn } = layerShapes(editor)
  const vp = editor.getViewportPageBounds()
  const screen = editor.getViewportScreenBounds()
  const zoom = editor.getZoomLevel()
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

  const theme = editor.getCurrentTheme()
  const colors = theme.colors[editor.getColorMode()]
  const dashed = zoom >= DASH_MIN_ZOOM
  const erasing = new Set(editor.getErasingShapeIds())
  // Ties between two cards are batched by style (one path per colour, width, dash and
  // opacity): thousands of separate strokes cost more than the drawing itself.
  const batch = new Map<string, { stroke: string; sw: number; dash: string; alpha: number; line: Path2D; heads: Path2D }>()
  const flushTies = () => {
    for (const b of batch.values()) {
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
    batch.clear()
  }
  for (const id of drawn) {
    const shape = editor.getShape(id as TLShapeId)
    if (!shape) continue
    const bounds = editor.getShapePageBounds(shape)
    if (!bounds || !bounds.collides(vp)) continue
    const m = editor.getShapePageTransform(shape)
    // As tldraw fades a shape: its opacity, and a third of it while the eraser is on it.
    const alpha = shape.opacity * (erasing.has(shape.id) ? 0.32 : 1)
    if (shape.type === 'arrow') {
      const arrow = shape as TLArrowShape
      const info = getArrowInfo(editor, arrow)
      if (!info?.isValid) continue
      const stroke = getColorValue(colors, arrow.props.color, 'solid')
      const sw = theme.strokeWidth * STROKE_SIZES[arrow.props.size] * arrow.props.scale
      const start = m.applyToPoint(info.start.point)
      const end = m.applyToPoint(info.end.point)
      const dash = (dashed && arrow.props.dash !== 'solid' && dashArray(arrow.props.dash, sw, Vec.Dist(start, end))) || ''
      const key = `${stroke}|${sw}|${dash}|${alpha}`
      let b = batch.get(key)
      if (!b) batch.set(key, (b = { stroke, sw, dash, alpha, line: new Path2D(), heads: new Path2D() }))
      b.line.moveTo(start.x, start.y)
      b.line.lineTo(end.x, end.y)
      if (info.start.arrowhead !== 'none') b.heads.addPath(new Path2D(arrowheadPath(info.start.arrowhead, start, end, sw)))
      if (info.end.arrowhead !== 'none') b.heads.addPath(new Path2D(arrowheadPath(info.end.arrowhead, end, start, sw)))
      continue
    }
    if (shape.type !== ACTOR_TYPE) continue
    flushTies()
    ctx.save()
    ctx.transform(m.a, m.b, m.c, m.d, m.e, m.f)
    ctx.globalAlpha = alpha
    drawCard(ctx, shape as ActorShape, roleOf(editor, shape), palette, labels, wrapCache)
    ctx.restore()
  }
  flushTies()
}

function drawCard(ctx: CanvasRenderingContext2D, card: ActorShape, role: Ring, palette: Palette, labels: Labels, wrapCache: Map<string, string[]>) {
  const { w, h, stance, name } = card.props
  const style = palette.card[stance]
  const bw = style.borderWidth
  ctx.beginPath()
  ctx.roundRect(0, 0, w, h, RADIUS)
  ctx.fillStyle = style.fill
  ctx.fill()
  ctx.strokeStyle = style.border
  if (style.borderStyle === 'double') {
    // A CSS double border: two lines a third of its width each, a third apart.
    ctx.lineWidth = bw / 3
    ctx.beginPath()
    ctx.roundRect(bw / 6, bw / 6, w - bw / 3, h - bw / 3, RADIUS)
    ctx.stroke()
    ctx.beginPath()
    ctx.roundRect((bw * 5) / 6, (bw * 5) / 6, w - (bw * 5) / 3, h - (bw * 5) / 3, Math.max(0, RADIUS - bw))
    ctx.stroke()
  } else {
    ctx.lineWidth = bw
    ctx.setLineDash(style.borderStyle === 'dashed' ? [bw * 2, bw * 2] : [])
    ctx.beginPath()
    ctx.roundRect(bw / 2, bw / 2, w - bw, h - bw, RADIUS)
    ctx.stroke()
    ctx.setLineDash([])
  }
  const left = bw + PAD_X
  const inner = w - 2 * left
  ctx.fillStyle = palette.text
  ctx.font = `700 ${NAME_SIZE}px ${palette.font}`
  ctx.textBaseline = 'top'
  const lines = wrapName(ctx, name || labels.unnamed, inner, wrapCache)
  lines.forEach((line, i) => ctx.fillText(line, left, bw + PAD_Y + i * NAME_LINE + (NAME_LINE - NAME_SIZE) / 2))
  const label = labels[role]
  ctx.font = `700 ${BADGE_SIZE}px ${palette.font}`
  const bwidth = ctx.measureText(label).width + 2 * BADGE_PAD
  const by = h - bw - PAD_Y - BADGE_H
  ctx.beginPath()
  ctx.roundRect(left, by, bwidth, BADGE_H, BADGE_H / 2)
  ctx.fillStyle = palette.role[role].fill
  ctx.fill()
  ctx.fillStyle = palette.role[role].text
  ctx.fillText(label, left + BADGE_PAD, by + (BADGE_H - BADGE_SIZE) / 2)
}

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
