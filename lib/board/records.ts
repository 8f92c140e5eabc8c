/**
 * Builders for valid board records (actors, rings, ties as bound arrows), without the
 * editor: for templates, imports, the phone join form and tests. Every record passes the
 * board schema's validators.
 */
import { createBindingId, createShapeId, toRichText, type TLRecord } from '@tldraw/tlschema'
import type { StoredRecord } from '../doc/schema'
import { ACTOR_TYPE, defaultActorProps, type ActorShapeProps } from '../shapes/actor'
import { DEFAULT_RINGS, RINGS_TYPE, type RingsShapeProps } from '../shapes/rings'
import { tieStyle, type TieMeta } from '../shapes/tie'
import { DEFAULT_PAGE_ID } from './newBoard'

const base = (id: string, x: number, y: number, index: string, parentId: string = DEFAULT_PAGE_ID) => ({
  id,
  typeName: 'shape',
  x,
  y,
  rotation: 0,
  index,
  parentId,
  isLocked: false,
  opacity: 1,
  meta: {},
})

export function shapeIdFor(key: string): string {
  return createShapeId(key)
}

/** An actor card whose top-left corner is at (x, y). */
export function actorRecord(id: string, x: number, y: number, props: Partial<ActorShapeProps>, index = 'a2'): StoredRecord {
  return { ...base(id, x, y, index), type: ACTOR_TYPE, props: defaultActorProps(props) } as StoredRecord
}

/** The rings centred on (cx, cy). Drawn below everything else (index a0). */
export function ringsRecord(id: string, cx: number, cy: number, props: Partial<RingsShapeProps> = {}): StoredRecord {
  const p = { ...DEFAULT_RINGS, ...props }
  return { ...base(id, cx - p.size / 2, cy - p.size / 2, 'a0'), type: RINGS_TYPE, isLocked: false, props: p } as StoredRecord
}

/**
 * A tie: an arrow from one actor to another (page points `from` and `to` are the arrow's
 * ends, normally the two cards' centres) and its two bindings.
 */
export function tieRecords(
  arrowId: string,
  fromActorId: string,
  toActorId: string,
  from: { x: number; y: number },
  to: { x: number; y: number },
  tie: TieMeta,
  index = 'a1',
): StoredRecord[] {
  const style = tieStyle(tie)
  const arrow = {
    ...base(arrowId, from.x, from.y, index),
    type: 'arrow',
    meta: { tie },
    props: {
      kind: 'arc',
      labelColor: 'black',
      color: style.color,
      fill: 'none',
      dash: style.dash,
      size: style.size,
      arrowheadStart: 'none',
      arrowheadEnd: style.arrowheadEnd,
      font: 'draw',
      start: { x: 0, y: 0 },
      end: { x: to.x - from.x, y: to.y - from.y },
      bend: 0,
      richText: toRichText(''),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    },
  }
  const binding = (terminal: 'start' | 'end', target: string) => ({
    id: createBindingId(`${arrowId.replace(/^shape:/, '')}-${terminal}`),
    typeName: 'binding',
    type: 'arrow',
    fromId: arrowId,
    toId: target,
    meta: {},
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
  })
  return [arrow, binding('start', fromActorId), binding('end', toActorId)] as unknown as StoredRecord[]
}

export type { TLRecord }
