/**
 * The Yjs document of one board, declared once. Nothing else names a top-level type.
 *
 * | top-level  | Yjs type                     | contents                                   | written by     |
 * |------------|------------------------------|--------------------------------------------|----------------|
 * | `records`  | Y.Array of { key, val } (RecordStore) | document-scope tldraw records, by id; `val` is the record as JSON text (as an object on boards written before v2) | participants |
 * | `meta`     | Y.Map                        | title, created, schema versions            | participants   |
 * | `session`  | Y.Map                        | timer, lock, follow, spotlight, settings   | facilitators   |
 * | `analysis` | Y.Map                        | `result`: the latest analysis              | analyser only  |
 * | `spiral`   | Y.Array                      | bounded history of analysis points         | analyser only  |
 *
 * Records live in an array of entries rather than a Y.Map: a Y.Map keeps a tombstone per
 * overwrite when several keys are overwritten in interleaved order (a selection dragged
 * together), so it grows by ~100 KB over a long drag; the array deletes the superseded entry
 * and stays small. The layout is y-utility's YKeyValue; RecordStore reads it (recordStore.ts).
 * Presence (cursor, name, colour, viewport) is never in here: it travels in awareness.
 */
import * as Y from 'yjs'
import { RecordStore, type KVEntry } from './recordStore'

/**
 * Bumped when the layout of this document changes; stored in `meta.docSchemaVersion`.
 * 2: records' values as JSON text (read either way; see recordStore.ts).
 */
export const DOC_SCHEMA_VERSION = 2

export const TopLevel = {
  records: 'records',
  meta: 'meta',
  session: 'session',
  analysis: 'analysis',
  spiral: 'spiral',
} as const

/** A stored tldraw record: plain JSON with an id and a type name. */
export interface StoredRecord {
  id: string
  typeName: string
  [key: string]: unknown
}

export type RecordEntry = KVEntry<StoredRecord>

/** Keys of the `meta` map. */
export const MetaKey = {
  title: 'title',
  createdAt: 'createdAt',
  docSchemaVersion: 'docSchemaVersion',
  /** tldraw's serialized store schema the records were written with (for migrations). */
  tldrawSchema: 'tldrawSchema',
  template: 'template',
} as const

/** Keys of the `session` map (facilitation state; see the Sessions issue). */
export const SessionKey = {
  timer: 'timer',
  lock: 'lock',
  follow: 'follow',
  spotlight: 'spotlight',
  analysisHidden: 'analysisHidden',
  targetCoalitionSize: 'targetCoalitionSize',
  presentHidesTrust: 'presentHidesTrust',
} as const

/** Key of the analysis map holding the latest result. */
export const ANALYSIS_RESULT_KEY = 'result'

/** One point of the spiral timeline. */
export interface SpiralPoint {
  t: number
  phase: string
  focus: number
  mass: number
  openness: number
}

export const SPIRAL_MAX_POINTS = 1000

export function recordsArray(doc: Y.Doc): Y.Array<RecordEntry> {
  return doc.getArray<RecordEntry>(TopLevel.records)
}

const keyValues = new WeakMap<Y.Doc, RecordStore<StoredRecord>>()

/** The records of a board as a key-value view. One instance per document, shared by readers. */
export function recordsKV(doc: Y.Doc): RecordStore<StoredRecord> {
  let kv = keyValues.get(doc)
  if (!kv) {
    kv = new RecordStore<StoredRecord>(recordsArray(doc))
    keyValues.set(doc, kv)
  }
  return kv
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(TopLevel.meta)
}

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(TopLevel.session)
}

export function analysisMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(TopLevel.analysis)
}

export function spiralArray(doc: Y.Doc): Y.Array<SpiralPoint> {
  return doc.getArray<SpiralPoint>(TopLevel.spiral)
}

/** All current records, as plain objects. */
export function allRecords(doc: Y.Doc): StoredRecord[] {
  return Array.from(recordsKV(doc).map.values(), (entry) => entry.val)
}
