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

/** A sender's updates that wait for dependencies, and the first clock missing per client. */
interface Parked {
  updates: Uint8Array[]
  bytes: number
  missing: Map<number, number>
}

/**
 * Takes out of the document what Yjs kept pending (structs or deletes whose dependencies it
 * has not seen), as one V1 update and the clocks it waits for; null when nothing is pending.
 */
function takePending(doc: Y.Doc): { update: Uint8Array; missing: Map<number, number> } | null {
  const { pendingStructs, pendingDs } = doc.store
  if (!pendingStructs && !pendingDs) return null
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  const missing = new Map(pendingStructs?.missing ?? [])
  if (pendingDs) {
    // Deletes of structs not seen yet: they wait for the first deleted clock of each client.
    for (const [client, ranges] of Y.decodeUpdateV2(pendingDs).ds.clients) {
      const first = Math.min(...ranges.map((r) => r.clock))
      missing.set(client, Math.min(missing.get(client) ?? Infinity, first))
    }
  }
  const parts = [pendingStructs?.update, pendingDs].filter((u): u is Uint8Array => u != null)
  return { update: Y.convertUpdateFormatV2ToV1(parts.length === 1 ? parts[0] : Y.mergeUpdatesV2(parts)), missing }
}

/** Meta keys a participant may change (the title; the binding records its schema version). */
const WRITABLE_META = new Set<string>([MetaKey.title, MetaKey.tldrawSchema])
const MAX_TITLE = 200

export class WriteGuard {
  private readonly undo: Y.UndoManager
  private readonly parts: Map<Y.AbstractType<any>, string>
  private current: unknown = null
  private recordChanges = new Map<string, { action: string; newValue?: StoredRecord }>()
  /**
   * Per sender, the part of its updates that could not apply yet. Yjs would keep it in the
   * document and retry it on everyone's next update, so it would apply inside someone else's
   * transaction, judged with their capability, and every update of the board would pay for
   * re-merging it. Parked with its sender, it is retried only with the sender's own updates.
   */
  private readonly parked = new WeakMap<object, Parked>()
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
    const outside = new Set<Y.AbstractType<any>>()
    let misshapen = false
    const deleteSets: Y.Transaction['deleteSet'][] = []
    const onTransaction = (tr: Y.Transaction) => {
      deleteSets.push(tr.deleteSet)
      if (tr.origin !== origin) return
      for (const [type, keys] of tr.changed) {
        const part = this.parts.get(type)
        if (!part) {
          // Not one of the board's parts: a top-level type nobody reads, or content nested
          // in a value (the schema has no nested types). The undo manager does not track it.
          outside.add(type)
          continue
        }
        // The arrays hold list items only, the maps keyed entries only.
        const isArray = part === 'records' || part === 'spiral'
        for (const k of keys) if ((k === null) === !isArray) misshapen = true
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
    const collectDeletes = (tr: Y.Transaction) => void deleteSets.push(tr.deleteSet)
    try {
      this.applyOrPark(update, origin)
      // Retry what waits only once something it waits for has arrived: a sender that keeps
      // sending updates that cannot apply costs one apply each, not a re-merge of all of them.
      const parked = this.parked.get(origin)
      if (parked && this.mayApply(parked)) {
        this.parked.delete(origin)
        this.applyOrPark(parked.updates.length === 1 ? parked.updates[0] : Y.mergeUpdates(parked.updates), origin)
      }
    } finally {
      this.doc.off('afterTransaction', onTransaction)
      this.current = null
    }
    // The undo and the guard's own erasing delete things too: collect those as well.
    this.doc.on('afterTransaction', collectDeletes)
    try {
      const reason =
        outside.size > 0 || misshapen ? 'writes outside the board document' : this.check(touched, capability, locked)
      if (!reason) return { ok: true }
      if (outside.size > 0) this.erase(outside)
      const undone = this.undo.undoStack.length > 0
      while (this.undo.undoStack.length > 0) this.undo.undo()
      return { ok: false, reason, undone }
    } finally {
      this.doc.off('afterTransaction', collectDeletes)
      this.undo.trackedOrigins.delete(origin)
      this.undo.clear()
      this.recordChanges.clear()
      // The undo manager marks what a tracked transaction deleted as "keep", so that it could
      // restore it, and Yjs skips kept items when it collects garbage at the end of that
      // transaction. clear() lifts the mark but collects nothing: without this, the full
      // content of every overwritten record stayed in the server's document, its snapshots
      // and every newcomer's first sync (~360 bytes per edit of a shape).
      for (const ds of deleteSets) Y.tryGc(ds, this.doc.store, this.doc.gcFilter)
    }
  }

  /** Bytes of a sender's updates still waiting for their dependencies. */
  parkedBytes(origin: object): number {
    return this.parked.get(origin)?.bytes ?? 0
  }

  /** Deletes everything in types outside the board's parts; nothing legitimate lives there. */
  private erase(types: Set<Y.AbstractType<any>>): void {
    this.doc.transact((tr) => {
      for (const type of types) {
        for (const item of type._map.values()) if (!item.deleted) item.delete(tr)
        for (let item = type._start; item !== null; item = item.right) if (!item.deleted) item.delete(tr)
        type._searchMarker?.splice(0)
      }
    }, this)
  }

  private applyOrPark(update: Uint8Array, origin: object): void {
    try {
      Y.applyUpdate(this.doc, update, origin)
    } finally {
      const pending = takePending(this.doc)
      if (pending) {
        const parked = this.parked.get(origin) ?? { updates: [], bytes: 0, missing: new Map<number, number>() }
        parked.updates.push(pending.update)
        parked.bytes += pending.update.length
        for (const [client, clock] of pending.missing) parked.missing.set(client, Math.min(parked.missing.get(client) ?? Infinity, clock))
        this.parked.set(origin, parked)
      }
    }
  }

  private mayApply(parked: Parked): boolean {
    for (const [client, clock] of parked.missing) if (Y.getState(this.doc.store, client) > clock) return true
    return false
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
