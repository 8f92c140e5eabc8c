/**
 * What a connection may write, enforced on the server whatever the client sends.
 *
 * A Yjs update cannot be judged by reading it, and a Yjs change cannot be taken back once
 * applied. So the guard applies a client's update in its own transaction, inspects what that
 * transaction touched (which top-level parts, which records), and when something is not
 * allowed it writes the compensating change at once: a Y.UndoManager that tracks only this
 * client's transaction undoes it (restoring the last valid values, deleting what was added).
 * Both updates leave the room in the same event-loop turn and are stored and fanned out
 * merged, so no other participant ever sees the refused state. The client's own update is
 * never dropped: a dropped update would block all its later updates (Yjs waits for missing
 * dependencies) and come back, accepted, on its next reconnect.
 */
import * as Y from 'yjs'
import { validateStoredRecord } from '../lib/board/validateRecord'
import { validateSessionValue } from '../lib/doc/session'
import {
  analysisMap,
  MetaKey,
  metaMap,
  recordsArray,
  recordsKV,
  sessionMap,
  SessionKey,
  spiralArray,
  type StoredRecord,
} from '../lib/doc/schema'
import { allows } from './auth'
import type { Capability } from './storage/types'

export type GuardResult = { ok: true } | { ok: false; reason: string; undone: boolean }

/** Meta keys a participant may change (the title; the binding records its schema version). */
const WRITABLE_META = new Set<string>([MetaKey.title, MetaKey.tldrawSchema])
const MAX_TITLE = 200

export class WriteGuard {
  private readonly undo: Y.UndoManager
  private readonly parts: Map<Y.AbstractType<any>, string>
  private current: unknown = null
  private recordChanges = new Map<string, { action: string; newValue?: StoredRecord }>()
  /** Values added to the records array this update that are not `{ key, val }` entries. */
  private malformedEntries = 0

  constructor(private readonly doc: Y.Doc) {
    const records = recordsArray(doc)
    this.parts = new Map<Y.AbstractType<any>, string>([
      [records, 'records'],
      [metaMap(doc), 'meta'],
      [sessionMap(doc), 'session'],
      [analysisMap(doc), 'analysis'],
      [spiralArray(doc), 'spiral'],
    ])
    this.undo = new Y.UndoManager([...this.parts.keys()], { captureTimeout: 0, trackedOrigins: new Set() })
    recordsKV(doc).on('change', (changes: Map<string, { action: string; newValue?: StoredRecord }>, tr: Y.Transaction) => {
      if (tr.origin !== this.current || this.current === null) return
      for (const [key, change] of changes) this.recordChanges.set(key, change)
    })
    recordsKV(doc).on('malformed', (values: unknown[], tr: Y.Transaction) => {
      if (tr.origin === this.current && this.current !== null) this.malformedEntries += values.length
    })
  }

  /** Applies a client's update under the rules of its capability. */
  apply(update: Uint8Array, origin: object, capability: Capability): GuardResult {
    const locked = sessionMap(this.doc).get(SessionKey.lock) === true
    const touched = new Map<string, Set<string | null>>()
    let unknownPart = false
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.origin !== origin) return
      for (const [type, keys] of tr.changed) {
        const part = this.parts.get(type)
        if (!part) {
          unknownPart = true
          continue
        }
        const set = touched.get(part) ?? new Set()
        for (const k of keys) set.add(k)
        touched.set(part, set)
      }
    }
    this.current = origin
    this.recordChanges.clear()
    this.malformedEntries = 0
    this.undo.trackedOrigins.add(origin)
    this.doc.on('afterTransaction', onTransaction)
    try {
      Y.applyUpdate(this.doc, update, origin)
    } finally {
      this.doc.off('afterTransaction', onTransaction)
      this.current = null
    }
    try {
      const reason = unknownPart ? 'writes outside the board document' : this.check(touched, capability, locked)
      if (!reason) return { ok: true }
      const undone = this.undo.undoStack.length > 0
      if (undone) this.undo.undo()
      return { ok: false, reason, undone }
    } finally {
      this.undo.trackedOrigins.delete(origin)
      this.undo.clear()
      this.recordChanges.clear()
    }
  }

  private check(touched: Map<string, Set<string | null>>, capability: Capability, locked: boolean): string | null {
    if (touched.has('analysis') || touched.has('spiral')) return 'only the analyser writes the analysis'
    if (touched.has('session')) {
      if (!allows(capability, 'facilitate')) return 'only a facilitator can change the session'
      for (const key of touched.get('session')!) {
        if (key === null) continue
        const value = sessionMap(this.doc).get(key)
        if (value === undefined) continue
        const error = validateSessionValue(key, value)
        if (error) return error
      }
    }
    const editsMap = touched.has('records') || touched.has('meta')
    if (editsMap) {
      if (!allows(capability, 'edit')) return 'this link can only view'
      if (locked && !allows(capability, 'facilitate')) return 'the board is locked by the facilitator'
    }
    for (const key of touched.get('meta') ?? []) {
      if (key === null || !WRITABLE_META.has(key)) return `meta.${key}: cannot be changed`
      const value = metaMap(this.doc).get(key)
      if (key === MetaKey.title && (typeof value !== 'string' || value.length > MAX_TITLE)) return `meta.title: a text of at most ${MAX_TITLE} characters`
    }
    if (this.malformedEntries > 0) return 'records: an entry that is not a { key, val } record'
    for (const [key, change] of this.recordChanges) {
      if (change.action === 'delete') continue
      const error = validateStoredRecord(key, change.newValue)
      if (error) return error
    }
    return null
  }
}
