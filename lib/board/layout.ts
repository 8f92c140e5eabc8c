/**
 * Placing actor cards inside their rings without overlapping: for templates, imports and
 * the phone join form. Cards go on circles in the middle of their band; a band that is too
 * crowded gets more circles, then the ring's outer edge is used.
 */
import type { Ring } from '../analysis/snapshot'
import { ACTOR_CARD } from '../shapes/actor'
import type { Point } from './geometry'

export interface RingsLayout {
  centre: Point
  /** Radii of core, allies and outside circles, ascending. */
  radii: [number, number, number]
}

const GAP = 24
const CARD_SPAN = Math.hypot(ACTOR_CARD.w, ACTOR_CARD.h) + GAP

/** The radial band [inner, outer] where cards of a ring may stand (their centres). */
function band(ring: Ring, rings: RingsLayout): [number, number] {
  const [core, allies, outer] = rings.radii
  const margin = ACTOR_CARD.h / 2 + 8
  if (ring === 'core') return [0, Math.max(0, core - margin)]
  if (ring === 'ally') return [core + margin, Math.max(core + margin, allies - margin)]
  return [allies + margin, Math.max(allies + margin, outer - margin)]
}

/** Candidate centres for a ring, inner circles first, evenly spread, deterministic. */
export function candidateCentres(ring: Ring, rings: RingsLayout, wanted: number): Point[] {
  const [inner, outer] = band(ring, rings)
  const points: Point[] = []
  if (ring === 'core') points.push({ ...rings.centre })
  // Circles from the middle of the band outwards, then beyond the band if it is full.
  const start = ring === 'core' ? Math.min(outer, CARD_SPAN * 0.8) : (inner + outer) / 2
  for (let r = start, circle = 0; points.length < wanted * 3 + 8 && circle < 200; circle++, r += CARD_SPAN * 0.6) {
    const count = Math.max(1, Math.floor((2 * Math.PI * r) / CARD_SPAN))
    const offset = circle % 2 ? Math.PI / count : 0
    // Van der Corput order: the first few places of a circle are spread all round it, so a
    // ring with few actors does not fill up one side.
    for (const i of spreadOrder(count)) {
      const angle = -Math.PI / 2 + offset + Math.PI / count + (2 * Math.PI * i) / count
      const p = { x: rings.centre.x + r * Math.cos(angle), y: rings.centre.y + r * Math.sin(angle) }
      // Keep the top of each ring free: that is where its label stands.
      if (Math.abs(p.x - rings.centre.x) < ACTOR_CARD.w * 0.75 && p.y < rings.centre.y) continue
      points.push(p)
    }
  }
  return points
}

function spreadOrder(count: number): number[] {
  const vdc = (n: number) => {
    let v = 0
    for (let denom = 2; n > 0; n = Math.floor(n / 2), denom *= 2) v += (n % 2) / denom
    return v
  }
  const order: number[] = []
  const seen = new Set<number>()
  for (let k = 0; order.length < count && k < count * 64; k++) {
    const index = Math.floor(vdc(k) * count)
    if (!seen.has(index)) {
      seen.add(index)
      order.push(index)
    }
  }
  for (let i = 0; i < count; i++) if (!seen.has(i)) order.push(i)
  return order
}

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < ACTOR_CARD.w + GAP / 2 && Math.abs(a.y - b.y) < ACTOR_CARD.h + GAP / 2
}

/** A free centre in `ring`, not overlapping any card centred at `taken`. */
export function placeInRing(ring: Ring, rings: RingsLayout, taken: readonly Point[]): Point {
  for (const p of candidateCentres(ring, rings, taken.length + 1)) {
    if (!taken.some((t) => overlaps(p, t))) return p
  }
  // Everything near is full: go outward until free.
  const r = rings.radii[2] + CARD_SPAN
  for (let k = 0; ; k++) {
    const p = { x: rings.centre.x + r + (k % 20) * (ACTOR_CARD.w + GAP), y: rings.centre.y + Math.floor(k / 20) * (ACTOR_CARD.h + GAP) }
    if (!taken.some((t) => overlaps(p, t))) return p
  }
}

/** Centres for many actors at once, in the order given, none overlapping. */
export function layoutActors(actors: readonly { id: string; ring: Ring }[], rings: RingsLayout, taken: readonly Point[] = []): Map<string, Point> {
  const placed = [...taken]
  const result = new Map<string, Point>()
  for (const actor of actors) {
    const p = placeInRing(actor.ring, rings, placed)
    placed.push(p)
    result.set(actor.id, p)
  }
  return result
}

/** Rings big enough for a number of actors per ring (imports of large maps). */
export function ringsFor(counts: Record<Ring, number>, centre: Point = { x: 0, y: 0 }): RingsLayout {
  const area = (n: number) => n * CARD_SPAN * CARD_SPAN * 1.3
  const core = Math.max(360, Math.sqrt(area(counts.core) / Math.PI) + CARD_SPAN / 2)
  const allies = Math.max(core * 2.1, Math.sqrt((area(counts.ally) + Math.PI * core * core) / Math.PI) + CARD_SPAN / 2)
  const outer = Math.max(allies * 1.55, Math.sqrt((area(counts.outside) + Math.PI * allies * allies) / Math.PI) + CARD_SPAN / 2)
  return { centre, radii: [core, allies, outer] }
}
