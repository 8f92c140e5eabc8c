/**
 * An actor's role is where it stands: its centre inside the core circle is core, inside the
 * allies circle is ally, anywhere else (beyond the rings, or no rings at all) outside.
 * A point exactly on a border belongs to the inner zone.
 */
import type { Ring } from '../analysis/snapshot'
import { RINGS_TYPE } from '../shapes/rings'
import { pageOf, toPage, type Point, type ShapeLike, type ShapeLookup } from './geometry'

export interface RingGeometry {
  shapeId: string
  pageId: string | null
  centre: Point
  /** Radii of core, allies and outside circles, ascending. */
  radii: [number, number, number]
}

export function ringGeometry(rings: ShapeLike, byId: ShapeLookup): RingGeometry {
  const size = Number(rings.props?.size ?? 0)
  const outer = size / 2
  const [core, allies] = [Number(rings.props?.core ?? 0), Number(rings.props?.allies ?? 0)].sort((a, b) => a - b)
  return {
    shapeId: rings.id,
    pageId: pageOf(rings, byId),
    centre: toPage(rings, { x: outer, y: outer }, byId),
    radii: [outer * core, outer * allies, outer],
  }
}

/**
 * The rings of each page. A board holds one rings shape; should two ever exist (two people
 * adding them at once), every reader picks the same one: the lowest id.
 */
export function ringsByPage(shapes: Iterable<ShapeLike>, byId: ShapeLookup): Map<string | null, RingGeometry> {
  const candidates = [...shapes].filter((s) => s.typeName === 'shape' && s.type === RINGS_TYPE)
  candidates.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const result = new Map<string | null, RingGeometry>()
  for (const rings of candidates) {
    const geometry = ringGeometry(rings, byId)
    if (!result.has(geometry.pageId)) result.set(geometry.pageId, geometry)
  }
  return result
}

export function roleAt(point: Point, rings: RingGeometry | undefined): Ring {
  if (!rings) return 'outside'
  const distance = Math.hypot(point.x - rings.centre.x, point.y - rings.centre.y)
  if (distance <= rings.radii[0]) return 'core'
  if (distance <= rings.radii[1]) return 'ally'
  return 'outside'
}
