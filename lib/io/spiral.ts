/**
 * The network spiral over time: each history point at an angle given by its time (clockwise
 * from the top, the whole history spanning one and a half turns) and a distance from the
 * centre given by its mass, coloured by its phase. A coalition that grows spirals outward;
 * one that loses mass turns back inward.
 */
import { MASS_THRESHOLD, MISSING_TEXTS, PHASES, PHASE_TEXTS, type Lang, type Phase } from '../analysis'
import { formatNumber, UI } from './labels'
import type { Item } from './scene'
import { INK, MUTED, PHASE_COLOR } from './style'
import type { HistoryPoint } from './types'
import { num } from './xml'

/** How many turns the whole history spans. */
const TURNS = 1.5
const LEGEND_H = 30

const isPhase = (p: string): p is Phase => (PHASES as readonly string[]).includes(p)

/** A history time as "2025-03-12 14:05 UTC" (ms or s since 1970), else the number itself. */
export function formatTime(t: number): string {
  const ms = t >= 1e11 ? t : t >= 1e8 ? t * 1000 : NaN
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(t)
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Spiral items in a box `size` wide, starting at (0, 0); returns the items and the height used. */
export function spiralItems(history: readonly HistoryPoint[], lang: Lang, size: number): { items: Item[]; height: number } {
  const points = history
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.mass))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.t - b.p.t || a.i - b.i)
    .map(({ p }) => p)
  const side = Math.min(size, 420)
  const cx = size / 2
  const cy = side / 2
  const R = side / 2 - 34
  const radius = (mass: number) => R * (0.1 + 0.9 * Math.min(1, Math.max(0, mass)))
  const items: Item[] = [
    { kind: 'circle', cx, cy, r: R, stroke: '#cfd8dc', width: 1 },
    { kind: 'circle', cx, cy, r: radius(MASS_THRESHOLD), stroke: '#90a4ae', width: 1, dash: [4, 4] },
    {
      kind: 'text', x: cx + 4, y: cy - radius(MASS_THRESHOLD) - 4, size: 8.5, weight: 'regular', fill: MUTED, anchor: 'start',
      text: `${MISSING_TEXTS.mass[lang].title} ${formatNumber(MASS_THRESHOLD, lang, 1)}`,
    },
    { kind: 'text', x: cx + 4, y: cy - R - 4, size: 8.5, weight: 'regular', fill: MUTED, anchor: 'start', text: `${MISSING_TEXTS.mass[lang].title} 1` },
  ]
  if (points.length === 0) {
    items.push({ kind: 'text', x: cx, y: cy + 4, text: UI.noHistory[lang], size: 11, weight: 'regular', fill: MUTED, anchor: 'middle' })
    return { items, height: side }
  }
  const t0 = points[0].t
  const span = points[points.length - 1].t - t0
  const angle = (t: number) => -Math.PI / 2 + (span > 0 ? (2 * Math.PI * TURNS * (t - t0)) / span : 0)
  const xy = (a: number, r: number) => ({ x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) })
  const colorOf = (phase: string) => (isPhase(phase) ? PHASE_COLOR[phase] : '#9e9e9e')

  for (let i = 0; i + 1 < points.length; i++) {
    const a0 = angle(points[i].t)
    const a1 = angle(points[i + 1].t)
    const r0 = radius(points[i].mass)
    const r1 = radius(points[i + 1].mass)
    // Interpolated in angle and radius, so the segment follows the spiral instead of cutting across.
    const steps = Math.max(2, Math.ceil((a1 - a0) / (Math.PI / 24)))
    let d = ''
    for (let s = 0; s <= steps; s++) {
      const k = s / steps
      const p = xy(a0 + (a1 - a0) * k, r0 + (r1 - r0) * k)
      d += `${s === 0 ? 'M' : ' L'}${num(p.x)} ${num(p.y)}`
    }
    items.push({ kind: 'path', d, stroke: colorOf(points[i].phase), width: 2.2, cap: 'round' })
  }
  for (const p of points) {
    const at = xy(angle(p.t), radius(p.mass))
    items.push({ kind: 'circle', cx: at.x, cy: at.y, r: 3.2, fill: colorOf(p.phase), stroke: '#ffffff', width: 0.8 })
  }
  const label = (p: HistoryPoint, word: string) => {
    const at = xy(angle(p.t), radius(p.mass))
    items.push({ kind: 'text', x: at.x + 6, y: at.y - 5, text: `${word}: ${formatTime(p.t)}`, size: 8, weight: 'bold', fill: INK, anchor: 'start' })
  }
  label(points[0], UI.start[lang])
  if (points.length > 1) label(points[points.length - 1], UI.now[lang])

  // Phase colours.
  const used = (['empty', 'focus', 'mass', 'openness'] as const).filter((ph) => points.some((p) => p.phase === ph))
  let x = Math.max(0, cx - used.length * 55)
  for (const ph of used) {
    items.push({ kind: 'circle', cx: x + 5, cy: side + 12, r: 5, fill: PHASE_COLOR[ph] })
    items.push({ kind: 'text', x: x + 14, y: side + 15.5, text: PHASE_TEXTS[ph][lang].name, size: 9, weight: 'regular', fill: INK, anchor: 'start' })
    x += 110
  }
  return { items, height: side + LEGEND_H }
}
