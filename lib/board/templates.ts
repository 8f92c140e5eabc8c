/**
 * Board templates: Coalition map (the rings), Blank, and Example coalition (the rings with a
 * filled map). Built as plain records on the server when a board is created.
 */
import { getIndices } from '@tldraw/utils'
import type { StoredRecord } from '../doc/schema'
import { DEFAULT_RINGS } from '../shapes/rings'
import { ACTOR_CARD } from '../shapes/actor'
import { EXAMPLE_ACTORS, EXAMPLE_TIES, EXAMPLE_TITLE } from './exampleCoalition'
import { layoutActors, type RingsLayout } from './layout'
import { actorRecord, ringsRecord, shapeIdFor, tieRecords } from './records'

export const TEMPLATES = ['coalition', 'blank', 'example'] as const
export type Template = (typeof TEMPLATES)[number]

export const RINGS_ID = 'shape:rings'

export function ringsLayoutOf(size: number, core: number, allies: number, centre = { x: 0, y: 0 }): RingsLayout {
  const outer = size / 2
  return { centre, radii: [outer * core, outer * allies, outer] }
}

export function templateRecords(template: Template): { records: StoredRecord[]; title?: string } {
  if (template === 'blank') return { records: [] }
  if (template === 'coalition') return { records: [ringsRecord(RINGS_ID, 0, 0)] }
  return exampleRecords()
}

function exampleRecords(): { records: StoredRecord[]; title: string } {
  const size = 2600
  const rings = ringsRecord(RINGS_ID, 0, 0, { ...DEFAULT_RINGS, size })
  const layout = ringsLayoutOf(size, DEFAULT_RINGS.core, DEFAULT_RINGS.allies)
  const centres = layoutActors(EXAMPLE_ACTORS.map((a) => ({ id: a.key, ring: a.ring })), layout)
  const records: StoredRecord[] = [rings]
  // Stacking order: rings at the bottom (a0), then ties, then the cards on top.
  const indices = getIndices(EXAMPLE_TIES.length + EXAMPLE_ACTORS.length + 1, 'a1' as never).slice(1)
  const tieIndex = (i: number) => indices[i]
  const actorIndex = (i: number) => indices[EXAMPLE_TIES.length + i]
  EXAMPLE_ACTORS.forEach((a, i) => {
    const c = centres.get(a.key)!
    records.push(
      actorRecord(shapeIdFor(`actor-${a.key}`), c.x - ACTOR_CARD.w / 2, c.y - ACTOR_CARD.h / 2, {
        name: a.name,
        kind: a.kind,
        stance: a.stance,
        themes: a.themes,
        size: a.size ?? null,
      }, actorIndex(i)),
    )
  })
  const pairs = new Set(EXAMPLE_TIES.map(([f, t]) => `${f}>${t}`))
  EXAMPLE_TIES.forEach(([from, to, trust, kind], i) => {
    const tie = tieRecords(
      shapeIdFor(`tie-${from}-${to}`),
      shapeIdFor(`actor-${from}`),
      shapeIdFor(`actor-${to}`),
      centres.get(from)!,
      centres.get(to)!,
      { trust, kind },
      tieIndex(i),
    )
    // Two ties between the same pair, in opposite directions, curve apart instead of overlapping.
    if (pairs.has(`${to}>${from}`)) (tie[0].props as { bend: number }).bend = 40
    records.push(...tie)
  })
  return { records, title: EXAMPLE_TITLE }
}
