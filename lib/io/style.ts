/**
 * The map's visual language. Trust is shown three ways at once (thickness, dash and colour)
 * so a map printed in greyscale still reads: conflict is red and dashed, none is grey,
 * dotted and thin, and low → medium → high get thicker and darker.
 */
import type { Phase, Ring, Severity, Stance, TrustLevel } from '../analysis'

export interface TrustStyle {
  color: string
  width: number
  dash?: readonly number[]
  cap: 'butt' | 'round'
}

export const TRUST_STYLE: Readonly<Record<TrustLevel, TrustStyle>> = {
  conflict: { color: '#d32f2f', width: 2.6, dash: [8, 5], cap: 'butt' },
  none: { color: '#9e9e9e', width: 1.2, dash: [0.1, 4.5], cap: 'round' },
  low: { color: '#7fa7d1', width: 1.4, cap: 'butt' },
  medium: { color: '#3b73b0', width: 2.8, cap: 'butt' },
  high: { color: '#163d6b', width: 4.6, cap: 'butt' },
}

/** Drawing order: weak ties first, so strong ties and conflicts lie on top. */
export const TRUST_ORDER: Readonly<Record<TrustLevel, number>> = { none: 0, low: 1, medium: 2, high: 3, conflict: 4 }

/** Stance: card border, kind disc and a tint for the card. */
export const STANCE_STYLE: Readonly<Record<Stance, { color: string; tint: string }>> = {
  supporter: { color: '#2e7d32', tint: '#eef7ee' },
  neutral: { color: '#616161', tint: '#f4f4f4' },
  opponent: { color: '#ad1457', tint: '#fcebf2' },
}

export const RING_STYLE: Readonly<Record<Ring, { fill: string; badge: string; badgeText: string }>> = {
  core: { fill: '#d9e6f4', badge: '#2f5d8a', badgeText: '#ffffff' },
  ally: { fill: '#e9f0f9', badge: '#5b86b3', badgeText: '#ffffff' },
  outside: { fill: '#f6f8fb', badge: '#b8c5d3', badgeText: '#1f2d3a' },
}
export const RING_STROKE = '#9fb3c8'
export const RING_LABEL = '#4a6078'

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  critical: '#b71c1c',
  high: '#e65100',
  medium: '#f9a825',
  low: '#1565c0',
  info: '#78909c',
}

/** Missing trust between core actors: orange dash-dot, unlike any tie style. */
export const MISSING_TRUST = { color: '#ef6c00', width: 2.4, dash: [10, 4, 2, 4] as const }
/** A conflict gap: a wide translucent red band under the pair's ties. */
export const CONFLICT_HALO = { color: '#e53935', width: 13, opacity: 0.25 }

export const PHASE_COLOR: Readonly<Record<Phase, string>> = {
  empty: '#9e9e9e',
  focus: '#1e88e5',
  mass: '#fb8c00',
  openness: '#43a047',
}

export const INK = '#1f2d3a'
export const MUTED = '#5f6f7f'
