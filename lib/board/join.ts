/**
 * What the phone join form adds: one actor, placed inside its ring without overlapping
 * anyone, and the ties its person says they have, as bound arrows. Pure: it reads the
 * board's records and returns the records to write.
 */
import { createShapeId } from '@tldraw/tlschema'
import { getIndicesAbove } from '@tldraw/utils'
import type { ActorKind, Ring, Stance, TrustLevel } from '../analysis/snapshot'
import type { StoredRecord } from '../doc/schema'
import { ACTOR_CARD } from '../shapes/actor'
import { actorRecord, tieRecords } from './records'
import { placeInRing } from './layout'
import { extractBoard } from './snapshot'
import { DEFAULT_PAGE_ID } from './newBoard'
import { ringsByPage } from './roles'

export interface JoinRequest {
  name: string
  kind: ActorKind
  stance: Stance
  ring: Ring
  themes: string[]
  /** Trust towards existing actors, by their id. */
  trust: Record<string, Exclude<TrustLevel, 'none'>>
}

export function joinRecords(existing: readonly StoredRecord[], request: JoinRequest): { actorId: string; records: StoredRecord[] } {
  const { geometry } = extractBoard(existing)
  const byId = new Map(existing.map((r) => [r.id, r]))
  const rings = ringsByPage(existing.filter((r) => r.typeName === 'shape'), byId).get(DEFAULT_PAGE_ID)
  const layout = rings ? { centre: rings.centre, radii: rings.radii } : { centre: { x: 0, y: 0 }, radii: [300, 640, 1000] as [number, number, number] }
  const ring: Ring = rings ? request.ring : 'outside'
  const centre = placeInRing(ring, layout, Object.values(geometry.positions))

  const topIndex = existing
    .filter((r) => r.typeName === 'shape' && r.parentId === DEFAULT_PAGE_ID)
    .map((r) => String(r.index))
    .sort()
    .pop()
  const targets = Object.keys(request.trust).filter((id) => byId.get(id)?.type === 'actor')
  const indices = getIndicesAbove(topIndex as never, 1 + targets.length)
  const actorId = createShapeId()
  const records: StoredRecord[] = []
  targets.forEach((target, i) => {
    const to = geometry.positions[target]
    const trust = request.trust[target]
    records.push(
      ...tieRecords(createShapeId(), actorId, target, centre, to, { trust, kind: trust === 'conflict' ? 'conflict' : 'cooperation' }, indices[i]),
    )
  })
  records.push(
    actorRecord(actorId, centre.x - ACTOR_CARD.w / 2, centre.y - ACTOR_CARD.h / 2, {
      name: request.name,
      kind: request.kind,
      stance: request.stance,
      themes: request.themes,
    }, indices[targets.length]),
  )
  return { actorId, records }
}
