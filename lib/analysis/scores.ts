/**
 * Scores, phase and critical mass (ANALYSIS.md, "Scores" and "Phase"). Never rounded.
 */
import {
  FOCUS_THRESHOLD,
  MASS_THRESHOLD,
  OPENNESS_THRESHOLD,
  type MissingItem,
  type Phase,
} from './constants'
import { ALLY, CORE, OUTSIDE, compareIds, pairOf, pairTrust, type Model } from './pairs'

/** The parts the three scores are made of (the output's `parts`, in its key order). */
export interface Parts {
  coreCohesion: number
  sharedVision: number
  /** Shared themes carried by the most core actors: lower-cased, sorted. */
  visionThemes: string[]
  /** Anchored coalition members, core included. */
  anchored: number
  reach: number
  bridging: number
}

export interface Scores {
  focus: number
  mass: number
  openness: number
}

export interface CriticalMass {
  reached: boolean
  missing: MissingItem[]
  committedShare: number
}

export interface ScoreResult {
  phase: Phase
  scores: Scores
  parts: Parts
  criticalMass: CriticalMass
}

/** (core pairs with pair trust medium or high) / (|C| choose 2); 0 if |C| < 2. */
export function coreCohesion(model: Model, core: number[]): number {
  const c = core.length
  if (c < 2) return 0
  let good = 0
  for (let x = 0; x < c; x++) {
    for (let y = x + 1; y < c; y++) {
      const trust = pairTrust(pairOf(model, core[x], core[y]))
      if (trust === 'medium' || trust === 'high') good++
    }
  }
  return good / ((c * (c - 1)) / 2)
}

/**
 * sharedVision and the vision themes: a theme is shared when ≥ 2 core actors carry it. An
 * actor carrying a theme twice (`Climate`, ` climate`) counts once: it carries it.
 */
export function sharedVision(model: Model, core: number[]): { sharedVision: number; visionThemes: string[] } {
  const carriers = new Map<string, number>()
  for (const i of core) for (const t of model.themes[i]) carriers.set(t, (carriers.get(t) ?? 0) + 1)
  let best = 0
  for (const count of carriers.values()) if (count >= 2 && count > best) best = count
  if (best === 0) return { sharedVision: 0, visionThemes: [] }
  const visionThemes = [...carriers].filter(([, count]) => count === best).map(([t]) => t).sort(compareIds)
  return { sharedVision: best / core.length, visionThemes }
}

/**
 * Computes every score, the phase and the critical-mass verdict from the model. Stance only
 * matters in the outside ring (opponents are left out of reach, bridging, committedShare and
 * outside-unreached); a coalition member counts whatever its stance, as the spec says.
 */
export function computeScores(model: Model, anchored: Uint8Array): ScoreResult {
  const { n, ring, opponent, linked } = model
  const core: number[] = []
  let anchoredCount = 0
  let anchoredAllies = 0
  let unanchoredAllies = 0
  let openOutside = 0 // non-opponent outside actors
  let reached = 0 // ... of which positively linked to an anchored member
  let bridges = 0 // anchored members positively linked to a non-opponent outside actor
  for (let i = 0; i < n; i++) {
    if (ring[i] === CORE) core.push(i)
    if (anchored[i]) {
      anchoredCount++
      if (ring[i] === ALLY) anchoredAllies++
      if (linked[i].some((j) => ring[j] === OUTSIDE && !opponent[j])) bridges++
    } else if (ring[i] === ALLY) {
      unanchoredAllies++
    } else if (ring[i] === OUTSIDE && !opponent[i]) {
      openOutside++
      if (linked[i].some((j) => anchored[j] === 1)) reached++
    }
  }

  const cohesion = coreCohesion(model, core)
  const vision = sharedVision(model, core)
  const reach = openOutside === 0 ? 0 : reached / openOutside
  const bridging = anchoredCount === 0 ? 0 : bridges / anchoredCount
  const focus = Math.min(cohesion, vision.sharedVision)
  const mass = Math.min(1, Math.sqrt(anchoredCount / model.targetCoalitionSize))
  const openness = Math.sqrt(reach * bridging)
  const denominator = anchoredCount + unanchoredAllies + openOutside
  const committedShare = denominator === 0 ? 0 : anchoredCount / denominator

  let phase: Phase
  if (core.length === 0) phase = 'empty'
  else if (focus < FOCUS_THRESHOLD || anchoredAllies === 0) phase = 'focus'
  else if (mass >= MASS_THRESHOLD && openness >= OPENNESS_THRESHOLD) phase = 'openness'
  else phase = 'mass'

  const missing: MissingItem[] = []
  if (focus < FOCUS_THRESHOLD) missing.push('focus')
  if (anchoredAllies === 0) missing.push('allies')
  if (mass < MASS_THRESHOLD) missing.push('mass')
  if (openness < OPENNESS_THRESHOLD) missing.push('openness')

  return {
    phase,
    scores: { focus, mass, openness },
    parts: {
      coreCohesion: cohesion,
      sharedVision: vision.sharedVision,
      visionThemes: vision.visionThemes,
      anchored: anchoredCount,
      reach,
      bridging,
    },
    criticalMass: { reached: phase === 'openness', missing, committedShare },
  }
}
