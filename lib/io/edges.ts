/**
 * Tie geometry: quadratic curves between card centres, cut at the card borders, ending in
 * an arrowhead. Ties joining the same two actors are spread sideways (two ties in opposite
 * directions bend to opposite sides), so none hides another.
 */
import { CARD_H, CARD_W, type Point } from './layout'
import { num } from './xml'

interface Quad {
  p0: Point
  c: Point
  p2: Point
}

function at(q: Quad, t: number): Point {
  const u = 1 - t
  return { x: u * u * q.p0.x + 2 * u * t * q.c.x + t * t * q.p2.x, y: u * u * q.p0.y + 2 * u * t * q.c.y + t * t * q.p2.y }
}

function tangent(q: Quad, t: number): Point {
  return {
    x: 2 * (1 - t) * (q.c.x - q.p0.x) + 2 * t * (q.p2.x - q.c.x),
    y: 2 * (1 - t) * (q.c.y - q.p0.y) + 2 * t * (q.p2.y - q.c.y),
  }
}

/** The piece of q between t0 and t1, itself a quadratic (its control point is the blossom). */
function piece(q: Quad, t0: number, t1: number): Quad {
  const blend = (k: 'x' | 'y') =>
    q.p0[k] * (1 - t0) * (1 - t1) + q.c[k] * ((1 - t0) * t1 + t0 * (1 - t1)) + q.p2[k] * t0 * t1
  return { p0: at(q, t0), c: { x: blend('x'), y: blend('y') }, p2: at(q, t1) }
}

function inCard(p: Point, card: Point, margin: number): boolean {
  return Math.abs(p.x - card.x) <= CARD_W / 2 + margin && Math.abs(p.y - card.y) <= CARD_H / 2 + margin
}

/** Where the curve leaves (or enters) a card, by bisection; t from `inside` towards `outside`. */
function border(q: Quad, card: Point, inside: number, outside: number, margin: number): number {
  if (inCard(at(q, outside), card, margin)) return inside // cards overlap: do not cut
  let a = inside
  let b = outside
  for (let i = 0; i < 24; i++) {
    const m = (a + b) / 2
    if (inCard(at(q, m), card, margin)) a = m
    else b = m
  }
  return b
}

/**
 * The curve from card a to card b whose middle lies `bend` units to the side (positive:
 * to the left of a→b in screen coordinates, y down), cut `margin` outside both cards.
 */
function curveBetween(a: Point, b: Point, bend: number, margin: number): { q: Quad; t0: number; t1: number } | null {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len = Math.hypot(dx, dy)
  if (len < 1e-6) return null
  // A quadratic's midpoint lies halfway between the chord's middle and the control point.
  const c = { x: (a.x + b.x) / 2 + (dy / len) * 2 * bend, y: (a.y + b.y) / 2 - (dx / len) * 2 * bend }
  const q = { p0: a, c, p2: b }
  return { q, t0: border(q, a, 0, 0.5, margin), t1: border(q, b, 1, 0.5, margin) }
}

function pathOf(q: Quad, straight: boolean): string {
  const m = `M${num(q.p0.x)} ${num(q.p0.y)}`
  return straight ? `${m} L${num(q.p2.x)} ${num(q.p2.y)}` : `${m} Q${num(q.c.x)} ${num(q.c.y)} ${num(q.p2.x)} ${num(q.p2.y)}`
}

/** A tie's line and the triangle of its arrowhead (null when both cards are in one place). */
export function arrow(a: Point, b: Point, bend: number, width: number): { line: string; head: string } | null {
  const cut = curveBetween(a, b, bend, 2)
  if (!cut) return null
  const { q, t0, t1 } = cut
  const tip = at(q, t1)
  const tan = tangent(q, t1)
  const speed = Math.hypot(tan.x, tan.y)
  if (speed < 1e-9) return null
  const ux = tan.x / speed
  const uy = tan.y / speed
  const length = 8 + width * 1.6
  const half = 3.5 + width * 0.9
  // End the line at the arrow's base, so a thick line never pokes through the tip.
  const tBase = Math.max(t0, t1 - length / speed)
  const line = pathOf(piece(q, t0, tBase), bend === 0)
  const bx = tip.x - ux * length
  const by = tip.y - uy * length
  const head = `M${num(tip.x)} ${num(tip.y)} L${num(bx - uy * half)} ${num(by + ux * half)} L${num(bx + uy * half)} ${num(by - ux * half)} Z`
  return { line, head }
}

/** A plain connection between two cards (no arrow), cut at both borders. */
export function link(a: Point, b: Point, bend: number): string | null {
  const cut = curveBetween(a, b, bend, 2)
  if (!cut) return null
  return pathOf(piece(cut.q, cut.t0, cut.t1), bend === 0)
}

/**
 * Sideways offsets for the ties of one pair, in the frame of the pair's smaller id → larger
 * id. `reversed[i]` says tie i runs the other way; its offset is mirrored so that, in its own
 * direction, it still lands on the intended side. One tie is straight; more fan out 18 units
 * apart.
 */
export function bends(reversed: readonly boolean[]): number[] {
  const k = reversed.length
  return reversed.map((rev, i) => {
    const off = (i - (k - 1) / 2) * 18
    return rev ? -off : off
  })
}
