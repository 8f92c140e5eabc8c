import { describe, expect, it } from 'vitest'
import { layoutActors, placeInRing, ringsFor } from './layout'
import { roleAt } from './roles'
import { ACTOR_CARD } from '../shapes/actor'
import type { Ring } from '../analysis/snapshot'
import { mulberry32 } from '../analysis/metrics'

const rings = { centre: { x: 0, y: 0 }, radii: [360, 768, 1200] as [number, number, number] }
const asGeometry = (r: typeof rings) => ({ shapeId: 'shape:r', pageId: 'page:page', centre: r.centre, radii: r.radii })

describe('layout', () => {
  it('puts each actor inside its own ring, with no two cards overlapping', () => {
    const actors = Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, ring: (['core', 'ally', 'outside'] as Ring[])[i % 3] }))
    const big = ringsFor({ core: 14, ally: 13, outside: 13 })
    const placed = layoutActors(actors, big)
    const points = actors.map((a) => placed.get(a.id)!)
    for (const a of actors) expect(roleAt(placed.get(a.id)!, asGeometry(big))).toBe(a.ring)
    for (let i = 0; i < points.length; i++)
      for (let j = i + 1; j < points.length; j++) {
        const apart = Math.abs(points[i].x - points[j].x) >= ACTOR_CARD.w || Math.abs(points[i].y - points[j].y) >= ACTOR_CARD.h
        expect(apart, `${i} and ${j} overlap`).toBe(true)
      }
  })

  it('places many actors exactly where placeInRing would, one after the other (crowded rings and taken places included)', () => {
    const random = mulberry32(7)
    for (const [n, layout] of [
      [60, ringsFor({ core: 20, ally: 20, outside: 20 })],
      // Far too small: the candidates run out and cards go outward.
      [150, rings],
    ] as const) {
      const actors = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, ring: (['core', 'ally', 'outside'] as Ring[])[Math.floor(random() * 3)] }))
      const taken = [{ x: 0, y: 0 }, { x: 500, y: 100 }]
      const placed = layoutActors(actors, layout, taken)
      const oneByOne = [...taken]
      for (const a of actors) {
        const p = placeInRing(a.ring, layout, oneByOne)
        expect(placed.get(a.id), `${a.id} of ${n}`).toEqual(p)
        oneByOne.push(p)
      }
    }
  })

  it('finds a free place next to existing cards', () => {
    const taken = [{ x: 0, y: 0 }]
    const p = placeInRing('core', rings, taken)
    expect(roleAt(p, asGeometry(rings))).toBe('core')
    expect(Math.abs(p.x) >= ACTOR_CARD.w || Math.abs(p.y) >= ACTOR_CARD.h).toBe(true)
  })
})
