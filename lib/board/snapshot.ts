/**
 * The one function that turns a board's records into the coalition snapshot the analyser
 * reads (ANALYSIS.md input). Server, analyser peer, exports and tests all use it.
 *
 * - actors: every actor shape; its ring is where its centre stands on the rings of its page;
 * - ties: every arrow bound at both ends to actors (an unbound or half-bound arrow is not a
 *   tie), with trust and kind from the arrow's `meta.tie`;
 * - free content (stickies, text, drawings, frames) is ignored.
 */
import type { Actor, CoalitionSnapshot, Tie } from '../analysis/snapshot'
import { ACTOR_TYPE, type ActorShapeProps } from '../shapes/actor'
import { readTieMeta } from '../shapes/tie'
import { boxCentre, pageOf, type Point, type ShapeLike } from './geometry'
import { ringsByPage, roleAt, type RingGeometry } from './roles'

export interface RecordLike extends ShapeLike {
  fromId?: string
  toId?: string
  meta?: unknown
}

export interface BoardGeometry {
  /** Actor centres on the page, by actor id. */
  positions: Record<string, Point>
  /** The rings the roles were read from (of the first page that has rings). */
  rings: RingGeometry | null
}

export interface ExtractedBoard {
  snapshot: CoalitionSnapshot
  geometry: BoardGeometry
}

const byIdOrder = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export const UNNAMED_ACTOR = '(unnamed)'

export function extractBoard(records: Iterable<RecordLike>, settings: { targetCoalitionSize?: number } = {}): ExtractedBoard {
  const byId = new Map<string, RecordLike>()
  const shapes: RecordLike[] = []
  const arrowBindings: RecordLike[] = []
  for (const record of records) {
    byId.set(record.id, record)
    if (record.typeName === 'shape') shapes.push(record)
    else if (record.typeName === 'binding' && record.type === 'arrow') arrowBindings.push(record)
  }
  const rings = ringsByPage(shapes, byId)

  const actors: (Actor & { note?: string })[] = []
  const positions: Record<string, Point> = {}
  for (const shape of shapes.filter((s) => s.type === ACTOR_TYPE).sort(byIdOrder)) {
    const props = shape.props as unknown as ActorShapeProps
    const centre = boxCentre(shape, byId)
    positions[shape.id] = centre
    const actor: Actor & { note?: string } = {
      id: shape.id,
      name: props.name.trim() ? props.name : UNNAMED_ACTOR,
      kind: props.kind,
      stance: props.stance,
      ring: roleAt(centre, rings.get(pageOf(shape, byId))),
      themes: [...props.themes],
    }
    if (typeof props.size === 'number') actor.size = props.size
    if (props.note) actor.note = props.note
    actors.push(actor)
  }

  // Each arrow end: the actor of its binding, of the lowest binding id should there be two
  // (every reader must pick the same); found without sorting 20,000 bindings.
  const ends = new Map<string, { start?: RecordLike; end?: RecordLike }>()
  for (const binding of arrowBindings) {
    const terminal = (binding.props as { terminal?: string } | undefined)?.terminal
    if (!binding.fromId || !binding.toId || (terminal !== 'start' && terminal !== 'end')) continue
    let entry = ends.get(binding.fromId)
    if (!entry) ends.set(binding.fromId, (entry = {}))
    const current = entry[terminal]
    if (current === undefined || binding.id < current.id) entry[terminal] = binding
  }
  const isActor = (id: string | undefined) => id !== undefined && byId.get(id)?.type === ACTOR_TYPE
  const ties: Tie[] = []
  for (const arrow of shapes.filter((s) => s.type === 'arrow').sort(byIdOrder)) {
    const bound = ends.get(arrow.id)
    const from = bound?.start?.toId
    const to = bound?.end?.toId
    if (!isActor(from) || !isActor(to)) continue
    const tie = readTieMeta(arrow.meta)
    ties.push({ id: arrow.id, from: from!, to: to!, trust: tie.trust, kind: tie.kind })
  }

  const snapshot: CoalitionSnapshot = { actors, ties, settings: { targetCoalitionSize: settings.targetCoalitionSize ?? 30 } }
  const firstRings = [...rings.values()][0] ?? null
  return { snapshot, geometry: { positions, rings: firstRings } }
}

/** The coalition snapshot of a board's records. */
export function snapshotFromRecords(records: Iterable<RecordLike>, settings: { targetCoalitionSize?: number } = {}): CoalitionSnapshot {
  return extractBoard(records, settings).snapshot
}
