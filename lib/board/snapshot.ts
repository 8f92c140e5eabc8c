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
import { boxCentre, pageOf, type Point, type ShapeLike, type ShapeLookup } from './geometry'
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

export const byIdOrder = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export const UNNAMED_ACTOR = '(unnamed)'

export function extractBoard(records: Iterable<RecordLike>, settings: { targetCoalitionSize?: number } = {}): ExtractedBoard {
  const byId = new Map<string, RecordLike>()
  const shapes: RecordLike[] = []
  const arrowBindings: RecordLike[] = []
  for (const record of records) {
    byId.set(record.id, record)
    if (record.typeName === 'shape') shapes.push(record)
    else if (isArrowBinding(record)) arrowBindings.push(record)
  }
  const rings = ringsByPage(shapes, byId)

  const actors: ExtractedActor[] = []
  const positions: Record<string, Point> = {}
  for (const shape of shapes.filter((s) => s.type === ACTOR_TYPE).sort(byIdOrder)) {
    const { actor, centre } = actorOf(shape, byId, rings)
    positions[shape.id] = centre
    actors.push(actor)
  }

  // Each arrow's ends, found without sorting 20,000 bindings.
  const ends = new Map<string, ArrowEnds>()
  for (const binding of arrowBindings) {
    if (!binding.fromId) continue
    let entry = ends.get(binding.fromId)
    if (!entry) ends.set(binding.fromId, (entry = {}))
    takeEnd(entry, binding)
  }
  const ties: Tie[] = []
  for (const arrow of shapes.filter((s) => s.type === 'arrow').sort(byIdOrder)) {
    const tie = tieOf(arrow, ends.get(arrow.id), byId)
    if (tie) ties.push(tie)
  }

  const snapshot: CoalitionSnapshot = { actors, ties, settings: snapshotSettings(settings) }
  const firstRings = [...rings.values()][0] ?? null
  return { snapshot, geometry: { positions, rings: firstRings } }
}

// The pieces of the extraction, one actor or tie at a time: extractBoard above and the
// incremental extraction (incrementalSnapshot.ts) share them, so both read a board alike.

export type ExtractedActor = Actor & { note?: string }

export const isArrowBinding = (record: RecordLike) => record.typeName === 'binding' && record.type === 'arrow'

export function snapshotSettings(settings: { targetCoalitionSize?: number }): CoalitionSnapshot['settings'] {
  return { targetCoalitionSize: settings.targetCoalitionSize ?? 30 }
}

/** An actor shape as the analyser reads it, and its centre on the page. */
export function actorOf(shape: RecordLike, byId: ShapeLookup, rings: ReadonlyMap<string | null, RingGeometry>): { actor: ExtractedActor; centre: Point } {
  const props = shape.props as unknown as ActorShapeProps
  const centre = boxCentre(shape, byId)
  const actor: ExtractedActor = {
    id: shape.id,
    name: props.name.trim() ? props.name : UNNAMED_ACTOR,
    kind: props.kind,
    stance: props.stance,
    ring: roleAt(centre, rings.get(pageOf(shape, byId))),
    themes: [...props.themes],
  }
  if (typeof props.size === 'number') actor.size = props.size
  if (props.note) actor.note = props.note
  return { actor, centre }
}

/** The bindings that hold an arrow's two ends. */
export interface ArrowEnds {
  start?: RecordLike
  end?: RecordLike
}

/**
 * Counts `binding` in for the end it binds: should two bind the same end, the lowest
 * binding id wins (every reader must pick the same).
 */
export function takeEnd(ends: ArrowEnds, binding: RecordLike): void {
  const terminal = (binding.props as { terminal?: string } | undefined)?.terminal
  if (!binding.toId || (terminal !== 'start' && terminal !== 'end')) return
  const current = ends[terminal]
  if (current === undefined || binding.id < current.id) ends[terminal] = binding
}

/** The tie an arrow is, when both its ends are bound to actors; null when it is not one. */
export function tieOf(arrow: RecordLike, ends: ArrowEnds | undefined, byId: ShapeLookup): Tie | null {
  const from = ends?.start?.toId
  const to = ends?.end?.toId
  if (!isActor(from, byId) || !isActor(to, byId)) return null
  const tie = readTieMeta(arrow.meta)
  return { id: arrow.id, from: from!, to: to!, trust: tie.trust, kind: tie.kind }
}

const isActor = (id: string | undefined, byId: ShapeLookup) => id !== undefined && byId.get(id)?.type === ACTOR_TYPE

/** The coalition snapshot of a board's records. */
export function snapshotFromRecords(records: Iterable<RecordLike>, settings: { targetCoalitionSize?: number } = {}): CoalitionSnapshot {
  return extractBoard(records, settings).snapshot
}
