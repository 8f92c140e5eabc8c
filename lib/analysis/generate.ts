/**
 * Seeded random coalition snapshots for tests, benchmarks and example boards. Realistic
 * rather than uniform: a small core, more allies, a wide outside ring; ties mostly start in
 * the coalition; trust mostly medium/high inside the core, weaker further out; a few
 * conflicts and opponents.
 */
import { mulberry32 } from './metrics'
import type { Actor, ActorKind, CoalitionSnapshot, Ring, Stance, Tie, TieKind, TrustLevel } from './snapshot'

export interface GenerateOptions {
  /** Number of actors (ids `a1` … `aN`). */
  actors: number
  /** Number of ties (ids `t1` … `tM`); pairs may repeat, self-ties are never made. */
  ties: number
  seed: number
  /** Defaults to 30. */
  targetCoalitionSize?: number
}

const THEMES = ['climate', 'housing', 'health', 'energy', 'mobility', 'food', 'education', 'nature']
const NAMES = ['Milieudefensie', 'Buurtteam', 'Energiecoöperatie', 'Huurdersbond', 'Voedselbank', 'Fietsersbond', 'Jongerenraad', 'Natuurvereniging', 'Wijkraad', 'Zorgcollectief']
const KINDS: ActorKind[] = ['organisation', 'organisation', 'group', 'network', 'person']

/** A deterministic snapshot: the same options always give the same snapshot. */
export function generateSnapshot(options: GenerateOptions): CoalitionSnapshot {
  const rand = mulberry32(options.seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]
  const n = options.actors

  const actors: Actor[] = []
  for (let i = 0; i < n; i++) {
    const share = n <= 1 ? 0 : i / n
    const ring: Ring = share < 0.1 ? 'core' : share < 0.4 ? 'ally' : 'outside'
    const stance: Stance = ring === 'outside' ? (rand() < 0.15 ? 'opponent' : rand() < 0.5 ? 'neutral' : 'supporter') : 'supporter'
    const themes: string[] = []
    // Core actors lean to the first two themes, so a shared vision is common but not certain.
    const count = 1 + Math.floor(rand() * 3)
    for (let k = 0; k < count; k++) themes.push(ring === 'core' && rand() < 0.6 ? THEMES[Math.floor(rand() * 2)] : pick(THEMES))
    if (rand() < 0.1) themes.push(` ${themes[0].toUpperCase()} `) // messy input, as people type it
    const actor: Actor = { id: `a${i + 1}`, name: `${pick(NAMES)} ${i + 1}`, kind: pick(KINDS), stance, ring, themes }
    if (rand() < 0.7) actor.size = Math.floor(rand() * 5000)
    actors.push(actor)
  }

  const byRing = (ring: Ring) => actors.filter((a) => a.ring === ring)
  const coalition = [...byRing('core'), ...byRing('ally')]
  const ties: Tie[] = []
  for (let k = 0; k < options.ties && n >= 2; k++) {
    const from = coalition.length > 0 && rand() < 0.75 ? pick(coalition) : pick(actors)
    let to = rand() < 0.5 && coalition.length > 1 ? pick(coalition) : pick(actors)
    while (to === from) to = pick(actors)
    const inCore = from.ring === 'core' && to.ring === 'core'
    let trust: TrustLevel
    const r = rand()
    if (r < 0.03) trust = 'conflict'
    else if (inCore) trust = r < 0.15 ? 'low' : r < 0.5 ? 'medium' : 'high'
    else trust = r < 0.15 ? 'none' : r < 0.45 ? 'low' : r < 0.8 ? 'medium' : 'high'
    let kind: TieKind = pick(['cooperation', 'cooperation', 'communication', 'resources'] as const)
    if (trust === 'conflict' || rand() < 0.01) kind = 'conflict'
    ties.push({ id: `t${k + 1}`, from: from.id, to: to.id, trust, kind })
  }

  return { actors, ties, settings: { targetCoalitionSize: options.targetCoalitionSize ?? 30 } }
}
