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
  return candidateCircles(ring, rings, wanted).points
}

/**
 * The candidates for `wanted` cards, and how many there were after each circle. The list for
 * fewer cards is a prefix of the list for more (it stops at an earlier circle).
 */
function candidateCircles(ring: Ring, rings: RingsLayout, wanted: number): { points: Point[]; ends: number[] } {
  const [inner, outer] = band(ring, rings)
  const points: Point[] = []
  const ends: number[] = []
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
    ends.push(points.length)
  }
  return { points, ends }
}

/** How many of the candidates placeInRing looks at for `wanted` cards (see candidateCircles). */
function candidatesFor(ends: readonly number[], wanted: number): number {
  for (const end of ends) if (end >= wanted * 3 + 8) return end
  // Fewer than that after the last circle: all of them (there is always a first circle).
  return ends[ends.length - 1]
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

/** Where placeInRing goes once the candidates are all taken: outward, row by row. */
function fallbackCentre(rings: RingsLayout, k: number): Point {
  const r = rings.radii[2] + CARD_SPAN
  return { x: rings.centre.x + r + (k % 20) * (ACTOR_CARD.w + GAP), y: rings.centre.y + Math.floor(k / 20) * (ACTOR_CARD.h + GAP) }
}

/** A free centre in `ring`, not overlapping any card centred at `taken`. */
export function placeInRing(ring: Ring, rings: RingsLayout, taken: readonly Point[]): Point {
  for (const p of candidateCentres(ring, rings, taken.length + 1)) {
    if (!taken.some((t) => overlaps(p, t))) return p
  }
  // Everything near is full: go outward until free.
  for (let k = 0; ; k++) {
    const p = fallbackCentre(rings, k)
    if (!taken.some((t) => overlaps(p, t))) return p
  }
}

/** Placed card centres in a grid of cells one card (and gap) wide and high: overlap tests look at 9 cells. */
class PlacedCards {
  private readonly cells = new Map<string, Point[]>()
  private static readonly W = ACTOR_CARD.w + GAP / 2
  private static readonly H = ACTOR_CARD.h + GAP / 2

  add(p: Point): void {
    const key = `${Math.floor(p.x / PlacedCards.W)},${Math.floor(p.y / PlacedCards.H)}`
    const cell = this.cells.get(key)
    if (cell) cell.push(p)
    else this.cells.set(key, [p])
  }

  overlapsAny(p: Point): boolean {
    const cx = Math.floor(p.x / PlacedCards.W)
    const cy = Math.floor(p.y / PlacedCards.H)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        if (this.cells.get(`${cx + dx},${cy + dy}`)?.some((t) => overlaps(p, t))) return true
      }
    }
    return false
  }
}

/**
 * Centres for many actors at once, in the order given, none overlapping: each where
 * placeInRing would put it, given the ones before. placeInRing one by one made a candidate
 * list per actor and tested each candidate against every placed card: 1.2 s for a
 * 1,000-actor import. Here each ring's candidates are made once, placed cards sit in a grid,
 * and a candidate once covered stays covered, so each ring's search resumes where it stopped.
 */
export function layoutActors(actors: readonly { id: string; ring: Ring }[], rings: RingsLayout, taken: readonly Point[] = []): Map<string, Point> {
  const placed = new PlacedCards()
  for (const t of taken) placed.add(t)
  let count = taken.length
  const wantedAtMost = taken.length + actors.length
  const perRing = new Map<Ring, { points: Point[]; ends: number[]; next: number }>()
  let nextFallback = 0
  const result = new Map<string, Point>()
  for (const actor of actors) {
    let ring = perRing.get(actor.ring)
    if (!ring) perRing.set(actor.ring, (ring = { ...candidateCircles(actor.ring, rings, wantedAtMost), next: 0 }))
    const limit = candidatesFor(ring.ends, count + 1)
    while (ring.next < limit && placed.overlapsAny(ring.points[ring.next])) ring.next++
    let p: Point
    if (ring.next < limit) p = ring.points[ring.next]
    else {
      while (placed.overlapsAny(fallbackCentre(rings, nextFallback))) nextFallback++
      p = fallbackCentre(rings, nextFallback)
    }
    placed.add(p)
    count++
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
