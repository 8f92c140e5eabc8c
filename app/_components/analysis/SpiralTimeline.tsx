'use client'
/**
 * The board's history drawn as the network spiral: angle is time, distance from the centre
 * is mass, colour is phase. Hovering or focusing a point reads it out.
 */
import { useState } from 'react'
import { useI18n } from '@/app/_lib/i18n'
import { PHASE_TEXTS } from '@/lib/analysis'
import type { SpiralPoint } from '@/lib/doc/schema'

export const PHASE_COLOURS: Record<string, string> = {
  empty: '#adb5bd',
  focus: '#f08c00',
  mass: '#1c7ed6',
  openness: '#2f9e44',
}

const SIZE = 240
const C = SIZE / 2
const INNER = 14
const OUTER = C - 12

/** Where each point goes: one turn per ten points at least, the whole history over ≤ 3 turns. */
export function spiralLayout(points: readonly SpiralPoint[]): { x: number; y: number }[] {
  if (points.length === 0) return []
  const t0 = points[0].t
  const span = Math.max(1, points[points.length - 1].t - t0)
  const turns = Math.min(3, Math.max(1, points.length / 10))
  return points.map((p, i) => {
    const progress = points.length === 1 ? 0 : (p.t - t0) / span
    const angle = -Math.PI / 2 + progress * turns * 2 * Math.PI + i * 1e-6
    const r = INNER + (OUTER - INNER) * Math.max(0, Math.min(1, p.mass))
    return { x: C + r * Math.cos(angle), y: C + r * Math.sin(angle) }
  })
}

export function SpiralTimeline({ points }: { points: readonly SpiralPoint[] }) {
  const { t, lang } = useI18n()
  const [active, setActive] = useState<number | null>(null)
  if (points.length === 0) return <p className="cc-muted">{t('analysis.spiralEmpty')}</p>
  const xy = spiralLayout(points)
  const readout = (i: number) => {
    const p = points[i]
    const phase = PHASE_TEXTS[p.phase as keyof typeof PHASE_TEXTS]?.[lang].name ?? p.phase
    const pct = (n: number) => `${Math.round(n * 100)}%`
    return t('analysis.spiralPoint', {
      time: new Date(p.t).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }),
      phase,
      focus: pct(p.focus),
      mass: pct(p.mass),
      openness: pct(p.openness),
    })
  }
  const shown = active ?? points.length - 1
  return (
    <div className="cc-spiral" data-testid="spiral" data-points={points.length}>
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={t('analysis.tab.spiral')}>
        <circle cx={C} cy={C} r={OUTER} fill="none" stroke="#e9ecef" />
        <circle cx={C} cy={C} r={INNER + (OUTER - INNER) * 0.6} fill="none" stroke="#dee2e6" strokeDasharray="3 3" />
        <polyline points={xy.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke="#ced4da" strokeWidth={1.5} />
        {xy.map((p, i) => (
          <circle
            key={i}
            cx={p.x}
            cy={p.y}
            r={i === shown ? 6 : 4}
            fill={PHASE_COLOURS[points[i].phase] ?? '#868e96'}
            stroke="white"
            strokeWidth={1}
            tabIndex={0}
            onMouseEnter={() => setActive(i)}
            onFocus={() => setActive(i)}
            onMouseLeave={() => setActive(null)}
          >
            <title>{readout(i)}</title>
          </circle>
        ))}
      </svg>
      <p className="cc-spiral__readout" aria-live="polite">
        {readout(shown)}
      </p>
    </div>
  )
}
