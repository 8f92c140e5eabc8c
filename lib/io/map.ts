/**
 * The report map as a {@link Scene}: rings, ties, actor cards, the analysis overlay and a
 * legend, laid out from the coalition model alone (the server has no browser). Pure and
 * deterministic: the same input gives the same scene, hence byte-identical SVG.
 */
import { SEVERITIES, type Actor, type Gap, type Lang, type Severity } from '../analysis'
import { arrow, bends, link } from './edges'
import { fitText, textWidth } from './fonts'
import { KIND_LETTERS, KIND_NAMES, RING_NAMES, ROLE_NAMES, STANCE_NAMES, TIE_KIND_NAMES, TRUST_NAMES, UI, formatDate } from './labels'
import { CARD_H, CARD_W, layoutMap, type Point } from './layout'
import { buildLegend, LEGEND_WIDTH } from './legend'
import type { Item, Scene } from './scene'
import { CONFLICT_HALO, INK, MISSING_TRUST, MUTED, RING_LABEL, RING_STROKE, RING_STYLE, SEVERITY_COLOR, STANCE_STYLE, TRUST_ORDER, TRUST_STYLE } from './style'
import type { ReportInput } from './types'

const MARGIN = 32
const HEADER = 78
const LEGEND_GAP = 32

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Gap badges: per actor, how many listed gaps involve it and the most severe of them. */
function gapMarks(gaps: readonly Gap[]): Map<string, { count: number; severity: Severity }> {
  const marks = new Map<string, { count: number; severity: Severity }>()
  for (const gap of gaps) {
    for (const id of new Set(gap.actors)) {
      const m = marks.get(id)
      if (!m) marks.set(id, { count: 1, severity: gap.severity })
      else {
        m.count++
        if (SEVERITIES.indexOf(gap.severity) < SEVERITIES.indexOf(m.severity)) m.severity = gap.severity
      }
    }
  }
  return marks
}

function card(actor: Actor, p: Point, lang: Lang, mark: { count: number; severity: Severity } | undefined): Item {
  const x0 = p.x - CARD_W / 2
  const y0 = p.y - CARD_H / 2
  const stance = STANCE_STYLE[actor.stance]
  const ring = RING_STYLE[actor.ring]
  const role = ROLE_NAMES[actor.ring][lang]
  const pillW = textWidth(role, 9.5, 'regular') + 12
  const items: Item[] = [
    { kind: 'rect', x: x0, y: y0, w: CARD_W, h: CARD_H, rx: 9, fill: stance.tint, stroke: stance.color, width: 2 },
    { kind: 'circle', cx: x0 + 20, cy: p.y, r: 12, fill: stance.color },
    { kind: 'text', x: x0 + 20, y: p.y + 4.4, text: KIND_LETTERS[actor.kind], size: 12, weight: 'bold', fill: '#ffffff', anchor: 'middle' },
    { kind: 'text', x: x0 + 38, y: y0 + 21, text: fitText(actor.name, 12.5, 'bold', CARD_W - 46), size: 12.5, weight: 'bold', fill: INK, anchor: 'start' },
    { kind: 'rect', x: x0 + 38, y: y0 + 28, w: pillW, h: 15, rx: 7.5, fill: ring.badge },
    { kind: 'text', x: x0 + 44, y: y0 + 39, text: role, size: 9.5, weight: 'regular', fill: ring.badgeText, anchor: 'start' },
    {
      kind: 'text',
      x: x0 + 44 + pillW,
      y: y0 + 39,
      text: fitText(STANCE_NAMES[actor.stance][lang], 9.5, 'regular', CARD_W - 50 - pillW),
      size: 9.5,
      weight: 'regular',
      fill: stance.color,
      anchor: 'start',
    },
  ]
  if (mark) {
    const dark = mark.severity === 'medium'
    items.push(
      { kind: 'circle', cx: x0 + CARD_W - 4, cy: y0 + 4, r: 10.5, fill: SEVERITY_COLOR[mark.severity], stroke: '#ffffff', width: 1.5 },
      { kind: 'text', x: x0 + CARD_W - 4, y: y0 + 7.6, text: mark.count > 99 ? '99+' : String(mark.count), size: mark.count > 9 ? 8.5 : 10.5, weight: 'bold', fill: dark ? INK : '#ffffff', anchor: 'middle' },
    )
  }
  const title = `${actor.name} — ${role}, ${KIND_NAMES[actor.kind][lang]}, ${STANCE_NAMES[actor.stance][lang]}`
  return { kind: 'group', title, items }
}

/** Builds the report map. `overlay` adds gap badges, missing-trust lines, conflict halos and the phase. */
export function buildMapScene(input: ReportInput, options: { lang: Lang; overlay: boolean }): Scene {
  const { lang, overlay } = options
  const { snapshot, analysis } = input
  const layout = layoutMap(snapshot.actors, input.positions, input.rings)
  const { rings } = layout
  const outer = rings.radii[2]

  // Bounds of rings and cards, in layout units; everything is shifted into the page by (dx, dy).
  let minX = rings.x - outer
  let maxX = rings.x + outer
  let minY = rings.y - outer
  let maxY = rings.y + outer
  for (const p of layout.cards.values()) {
    minX = Math.min(minX, p.x - CARD_W / 2 - 12)
    maxX = Math.max(maxX, p.x + CARD_W / 2 + 12)
    minY = Math.min(minY, p.y - CARD_H / 2 - 12)
    maxY = Math.max(maxY, p.y + CARD_H / 2 + 12)
  }
  const dx = MARGIN - minX
  const dy = HEADER + MARGIN - minY
  const at = (id: string): Point | undefined => {
    const p = layout.cards.get(id)
    return p && { x: p.x + dx, y: p.y + dy }
  }
  const cx = rings.x + dx
  const cy = rings.y + dy

  const items: Item[] = []
  const ringNames = ['core', 'ally', 'outside'] as const
  for (let i = 2; i >= 0; i--) {
    items.push({ kind: 'circle', cx, cy, r: rings.radii[i], fill: RING_STYLE[ringNames[i]].fill, stroke: RING_STROKE, width: 1.5 })
  }
  for (let i = 0; i < 3; i++) {
    items.push({ kind: 'text', x: cx, y: cy - rings.radii[i] + 22, text: RING_NAMES[ringNames[i]][lang], size: 15, weight: 'bold', fill: RING_LABEL, anchor: 'middle' })
  }

  if (overlay) {
    for (const gap of analysis.gaps) {
      const a = at(gap.actors[0])
      const b = at(gap.actors[1] ?? '')
      if (!a || !b) continue
      if (gap.kind === 'core-conflict' || gap.kind === 'coalition-conflict') {
        const d = link(a, b, 0)
        if (d) items.push({ kind: 'path', d, stroke: CONFLICT_HALO.color, width: CONFLICT_HALO.width, opacity: CONFLICT_HALO.opacity, cap: 'round' })
      } else if (gap.kind === 'core-distrust') {
        // Bent well clear of the pair's own ties (which fan out at most a few steps).
        const d = link(a, b, 34)
        if (d) items.push({ kind: 'path', d, stroke: MISSING_TRUST.color, width: MISSING_TRUST.width, dash: MISSING_TRUST.dash })
      }
    }
  }

  // Ties of one pair, whatever their direction, share a fan of offsets.
  const names = new Map(snapshot.actors.map((a) => [a.id, a.name]))
  const pairs = new Map<string, typeof snapshot.ties>()
  for (const tie of snapshot.ties) {
    if (tie.from === tie.to || !layout.cards.has(tie.from) || !layout.cards.has(tie.to)) continue
    const key = tie.from < tie.to ? `${tie.from}\u0000${tie.to}` : `${tie.to}\u0000${tie.from}`
    let list = pairs.get(key)
    if (!list) pairs.set(key, (list = []))
    list.push(tie)
  }
  const drawn: Array<{ order: number; id: string; item: Item }> = []
  for (const list of pairs.values()) {
    list.sort((s, t) => cmp(s.id, t.id))
    const offsets = bends(list.map((t) => t.from > t.to))
    list.forEach((tie, i) => {
      const style = TRUST_STYLE[tie.trust]
      const g = arrow(at(tie.from)!, at(tie.to)!, offsets[i], style.width)
      if (!g) return
      const title = `${names.get(tie.from)} → ${names.get(tie.to)}: ${TRUST_NAMES[tie.trust][lang]}, ${TIE_KIND_NAMES[tie.kind][lang]}`
      const item: Item = {
        kind: 'group',
        title,
        items: [
          { kind: 'path', d: g.line, stroke: style.color, width: style.width, dash: style.dash, cap: style.cap },
          { kind: 'path', d: g.head, fill: style.color },
        ],
      }
      drawn.push({ order: TRUST_ORDER[tie.trust], id: tie.id, item })
    })
  }
  drawn.sort((a, b) => a.order - b.order || cmp(a.id, b.id))
  for (const d of drawn) items.push(d.item)

  const marks = overlay ? gapMarks(analysis.gaps) : new Map()
  const ringRank = { outside: 0, ally: 1, core: 2 }
  const actors = [...snapshot.actors].sort((a, b) => ringRank[a.ring] - ringRank[b.ring] || cmp(a.id, b.id))
  for (const actor of actors) {
    const p = at(actor.id)
    if (p) items.push(card(actor, p, lang, marks.get(actor.id)))
  }

  const mapRight = maxX + dx + MARGIN
  const legend = buildLegend(input, options, mapRight + LEGEND_GAP - MARGIN, HEADER + MARGIN)
  items.push(...legend.items)

  const width = Math.ceil(mapRight - MARGIN + LEGEND_GAP + LEGEND_WIDTH + MARGIN)
  const height = Math.ceil(Math.max(maxY + dy, HEADER + MARGIN + legend.height) + MARGIN)
  const title = input.title.trim() === '' ? UI.map[lang] : input.title
  const header: Item[] = [
    { kind: 'rect', x: 0, y: 0, w: width, h: height, rx: 0, fill: '#ffffff' },
    { kind: 'text', x: MARGIN, y: 42, text: fitText(title, 22, 'bold', width - 2 * MARGIN), size: 22, weight: 'bold', fill: INK, anchor: 'start' },
    { kind: 'text', x: MARGIN, y: 64, text: `${UI.map[lang]} · ${formatDate(input.date, lang)}`, size: 13, weight: 'regular', fill: MUTED, anchor: 'start' },
  ]
  return { width, height, title, items: [...header, ...items] }
}
