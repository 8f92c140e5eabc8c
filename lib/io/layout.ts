/**
 * Where the report map puts things: the three ring radii and each actor card's centre.
 * Either the board's real geometry (positions and rings given) or a deterministic layout:
 * each ring's actors, sorted by id, evenly spaced on one or more circles inside their ring,
 * far enough apart that no two cards overlap.
 */
import type { Actor, Ring } from '../analysis'

/** Card size in map units (1 unit = 1 px at scale 1). */
export const CARD_W = 196
export const CARD_H = 52

/** A point in map units. */
export interface Point {
  x: number
  y: number
}

/** The board's ring geometry: centre and the outer radius of core, ally and outside rings. */
export interface RingGeometry {
  x: number
  y: number
  radii: [number, number, number]
}

export interface MapLayout {
  rings: RingGeometry
  /** Card centres by actor id. */
  cards: Map<string, Point>
}

// Two axis-parallel cards whose centres are at least a card diagonal apart cannot overlap,
// whatever the angle between them: that is the spacing along and between circles.
const DIAGONAL = Math.hypot(CARD_W, CARD_H)
const GAP = 16
const SPACING = DIAGONAL + GAP
/** Room at the top of each ring for its label. */
const LABEL_LANE = 34
const PAD = 12
const MIN_BAND = 70

const RING_ORDER: readonly Ring[] = ['core', 'ally', 'outside']

/** How many cards fit on a circle of radius r at the spacing (chord ≥ SPACING). */
function capacity(r: number): number {
  if (r <= 0) return 1
  const half = SPACING / (2 * r)
  return half >= 1 ? 1 : Math.max(1, Math.floor(Math.PI / Math.asin(half)))
}

/** Circles (radius, count) for n cards in a band starting at rInner. */
function tracks(n: number, rInner: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  if (n === 0) return out
  let r: number
  if (rInner === 0) {
    // The core: one card sits in the middle; a few sit on the smallest circle that holds them.
    if (n === 1) return [[0, 1]]
    const first = Math.min(n, 6)
    r = Math.max(SPACING / (2 * Math.sin(Math.PI / first)), SPACING / 2)
  } else {
    r = rInner + DIAGONAL / 2 + PAD
  }
  let left = n
  while (left > 0) {
    const take = Math.min(capacity(r), left)
    out.push([r, take])
    left -= take
    r += SPACING
  }
  return out
}

const byId = (a: Actor, b: Actor) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Evenly on a circle, clockwise from the top; every other circle is turned half a step. */
function placeOnCircle(cards: Map<string, Point>, actors: Actor[], cx: number, cy: number, r: number, turn: boolean): void {
  const n = actors.length
  for (let i = 0; i < n; i++) {
    const a = -Math.PI / 2 + (2 * Math.PI * (i + (turn ? 0.5 : 0))) / n
    cards.set(actors[i].id, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) })
  }
}

/** Centre at the mean of the placed core cards (else of all placed cards); radii enclosing each ring's cards. */
function ringsAround(actors: readonly Actor[], cards: Map<string, Point>): RingGeometry {
  const placed = actors.filter((a) => cards.has(a.id))
  const core = placed.filter((a) => a.ring === 'core')
  const basis = core.length > 0 ? core : placed
  const cx = basis.reduce((s, a) => s + cards.get(a.id)!.x, 0) / basis.length
  const cy = basis.reduce((s, a) => s + cards.get(a.id)!.y, 0) / basis.length
  const radii: number[] = []
  let inner = 0
  for (const ring of RING_ORDER) {
    let r = inner + MIN_BAND
    for (const a of placed) {
      if (a.ring !== ring) continue
      const p = cards.get(a.id)!
      r = Math.max(r, Math.hypot(p.x - cx, p.y - cy) + DIAGONAL / 2 + PAD)
    }
    radii.push(r)
    inner = r
  }
  return { x: cx, y: cy, radii: radii as [number, number, number] }
}

/**
 * The map's geometry. With `rings`, the board's radii are kept and actors without a position
 * go evenly on the middle circle of their ring; with positions but no rings, rings are drawn
 * around the placed cards; with neither, the layout above. Positions are card centres in the
 * same units as the rings.
 */
export function layoutMap(actors: readonly Actor[], positions?: Readonly<Record<string, Point>>, givenRings?: RingGeometry): MapLayout {
  let rings = givenRings
  const cards = new Map<string, Point>()
  const groups = new Map<Ring, Actor[]>(RING_ORDER.map((r) => [r, []]))
  for (const actor of actors) {
    const p = positions && Object.hasOwn(positions, actor.id) ? positions[actor.id] : undefined
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) cards.set(actor.id, { x: p.x, y: p.y })
    else groups.get(actor.ring)!.push(actor)
  }
  for (const g of groups.values()) g.sort(byId)

  // Positions without rings: rings drawn around the placed cards, so the picture still reads.
  if (!rings && cards.size > 0) rings = ringsAround(actors, cards)
  if (rings) {
    let inner = 0
    RING_ORDER.forEach((ring, i) => {
      const outer = rings.radii[i]
      const mid = i === 0 && groups.get(ring)!.length === 1 ? 0 : (inner + outer) / 2
      placeOnCircle(cards, groups.get(ring)!, rings.x, rings.y, mid, false)
      inner = outer
    })
    return { rings, cards }
  }

  const radii: number[] = []
  let inner = 0
  for (const ring of RING_ORDER) {
    const list = groups.get(ring)!
    let at = 0
    let outer = inner + MIN_BAND
    tracks(list.length, inner).forEach(([r, count], k) => {
      placeOnCircle(cards, list.slice(at, at + count), 0, 0, r, k % 2 === 1)
      at += count
      outer = Math.max(outer, r + DIAGONAL / 2 + PAD + LABEL_LANE)
    })
    radii.push(outer)
    inner = outer
  }
  return { rings: { x: 0, y: 0, radii: radii as [number, number, number] }, cards }
}
