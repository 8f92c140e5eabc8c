/**
 * Board records for an imported coalition: the rings (when the board has none), each actor
 * laid out inside its ring without overlapping, and each tie as an arrow bound to its two
 * actors. Ids are new, so a merge never overwrites what is on the board.
 */
import { createShapeId } from '@tldraw/tlschema'
import { getIndicesAbove } from '@tldraw/utils'
import type { CoalitionSnapshot } from '../analysis/snapshot'
import type { StoredRecord } from '../doc/schema'
import { ACTOR_CARD } from '../shapes/actor'
import { DEFAULT_RINGS } from '../shapes/rings'
import { layoutActors, ringsFor } from './layout'
import { DEFAULT_PAGE_ID } from './newBoard'
import { actorRecord, ringsRecord, tieRecords } from './records'
import { ringsByPage } from './roles'
import { extractBoard } from './snapshot'

export function recordsFromSnapshot(snapshot: CoalitionSnapshot, existing: readonly StoredRecord[] = []): StoredRecord[] {
  const byId = new Map(existing.map((r) => [r.id, r]))
  const current = ringsByPage(existing.filter((r) => r.typeName === 'shape'), byId).get(DEFAULT_PAGE_ID)
  const counts = { core: 0, ally: 0, outside: 0 }
  for (const a of snapshot.actors) counts[a.ring]++
  const out: StoredRecord[] = []
  let layout
  if (current) layout = { centre: current.centre, radii: current.radii }
  else {
    layout = ringsFor(counts)
    const size = Math.max(DEFAULT_RINGS.size, layout.radii[2] * 2)
    out.push(ringsRecord(createShapeId(), 0, 0, { size, core: layout.radii[0] / (size / 2), allies: layout.radii[1] / (size / 2) }))
    layout = { centre: { x: 0, y: 0 }, radii: [layout.radii[0], layout.radii[1], size / 2] as [number, number, number] }
  }
  const taken = Object.values(extractBoard(existing).geometry.positions)
  const centres = layoutActors(snapshot.actors, layout, taken)
  const top = existing.filter((r) => r.typeName === 'shape' && r.parentId === DEFAULT_PAGE_ID).map((r) => String(r.index)).sort().pop()
  const indices = getIndicesAbove((top ?? 'a0') as never, snapshot.ties.length + snapshot.actors.length)
  const ids = new Map(snapshot.actors.map((a) => [a.id, createShapeId()]))
  snapshot.ties.forEach((tie, i) => {
    if (tie.from === tie.to) return
    out.push(...tieRecords(createShapeId(), ids.get(tie.from)!, ids.get(tie.to)!, centres.get(tie.from)!, centres.get(tie.to)!, { trust: tie.trust, kind: tie.kind }, indices[i]))
  })
  snapshot.actors.forEach((actor, i) => {
    const c = centres.get(actor.id)!
    const note = (actor as { note?: unknown }).note
    out.push(
      actorRecord(ids.get(actor.id)!, c.x - ACTOR_CARD.w / 2, c.y - ACTOR_CARD.h / 2, {
        name: actor.name.slice(0, 200),
        kind: actor.kind,
        stance: actor.stance,
        themes: (actor.themes ?? []).slice(0, 20).map((t) => t.slice(0, 60)),
        size: actor.size ?? null,
        note: typeof note === 'string' ? note.slice(0, 2000) : '',
      }, indices[snapshot.ties.length + i]),
    )
  })
  return out
}
