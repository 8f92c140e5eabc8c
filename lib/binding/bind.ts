/**
 * The tldraw ⇄ Yjs binding: a plain module, testable without React.
 *
 * Three rules keep it free of echo loops (from tldraw's own Yjs example):
 * 1. only the user's document-scope store changes go to Yjs (`source: 'user'`);
 * 2. Yjs transactions made by this binding are skipped when applying Yjs changes;
 * 3. Yjs changes enter the store inside `mergeRemoteChanges`, so they are `remote` changes
 *    that rule 1 ignores, and tldraw's undo history never records them (undo undoes only
 *    your own changes).
 * Records that fail the board's schema are skipped and reported, never put into the store:
 * one bad record must not blank the canvas.
 */
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { computed, react, type Signal } from '@tldraw/state'
import type { Store } from '@tldraw/store'
import {
  createPresenceStateDerivation,
  createUserId,
  InstancePresenceRecordType,
  UserRecordType,
  type TLInstancePresence,
  type TLRecord,
} from '@tldraw/tlschema'
import { MetaKey, metaMap, recordsKV, type StoredRecord } from '../doc/schema'
import { isSharedRecordType } from '../board/tlschema'

type TLStore = Store<TLRecord, any>
type TLSchema = TLStore['schema']

/** The transaction origin of every Yjs change this binding makes. */
export const BINDING_ORIGIN = Symbol('tldraw-binding')

export interface PresenceUser {
  id: string
  name: string
  color: string
}

export interface InvalidRecordReport {
  id: string
  typeName: string
  error: string
}

export interface BindOptions {
  /** Who this browser is; drives the presence (cursor, name, colour) others see. */
  user?: Signal<PresenceUser | null>
  /** Called for each record refused on receipt. */
  onInvalidRecord?: (report: InvalidRecordReport) => void
  /** Schedules a presence send; requestAnimationFrame in browsers. */
  schedule?: (fn: () => void) => void
  /**
   * Whether local changes may go to the document (false for a view link: the server would
   * refuse them anyway, and close the connection).
   */
  canWrite?: () => boolean
  /**
   * Schedules putting others' record changes into the store (requestAnimationFrame in
   * browsers): the changes that arrive before it runs go in as one. Without it, each Yjs
   * transaction goes in at once.
   *
   * Someone dragging a card sends ~60 updates a second. Each one put into the store alone
   * costs a watching browser all that follows a store change on a big board (its rendering
   * list, culling, the map layer): ~36 ms an update watching the most-flagged card of the
   * 1,000-actor board, so it fell behind and each frame took 80-120 ms. Put in once a frame,
   * however many arrived, the cost no longer grows with the backlog.
   */
  scheduleRemote?: (apply: () => void) => void
  /** The store was made from the document (`createStoreFromDoc`): it is not loaded again. */
  storeHoldsDoc?: boolean
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The document's shared records in our schema's version; those that cannot be migrated are left out and reported. */
function docRecords(schema: TLSchema, doc: Y.Doc, report: (r: InvalidRecordReport) => void): TLRecord[] {
  const persistedSchema = metaMap(doc).get(MetaKey.tldrawSchema) as any
  const records: TLRecord[] = []
  for (const { val } of recordsKV(doc).map.values()) {
    const record = migrateRecord(schema, val, persistedSchema, report)
    if (record) records.push(record)
  }
  return records
}

/**
 * Puts the document's records into the store, migrating them from the schema they were
 * written with; records that cannot be migrated or validated are left out and reported.
 *
 * The store validates every record it is given, so they are handed over unchecked: checking
 * each one first validated the whole board twice (~100 ms of opening a 1,000-actor board).
 * Only when the store refuses the batch (it then keeps none of it: the put is one
 * transaction) are the records checked one by one, and the valid ones put.
 */
function loadDocIntoStore(store: TLStore, doc: Y.Doc, report: (r: InvalidRecordReport) => void): void {
  withValidRecords(store.schema, docRecords(store.schema, doc, report), report, (records) => replaceSharedRecords(store, records))
}

/**
 * `use`s the records as they are, and only when that throws (a store refusing a record keeps
 * none of them) checks them one by one and `use`s the valid ones, the others reported.
 */
function withValidRecords<T>(schema: TLSchema, records: TLRecord[], report: (r: InvalidRecordReport) => void, use: (records: TLRecord[]) => T): T {
  try {
    return use(records)
  } catch {
    return use(records.filter((record) => validateRecord(schema, record, report) !== null))
  }
}

/**
 * A new store holding the document's records from the start (`create` makes it from its
 * initial data), migrated and validated as `bind` would put them; records that cannot be
 * used are left out and reported. Bind it with `{ storeHoldsDoc: true }`.
 *
 * A store made empty and then given a board (`put`) adds the records to its persistent map
 * one by one, each addition copying a path of the map, after looking each one up, and hands
 * its listeners the whole board as one change: in a profile of opening the 1,000-actor board,
 * map sets 82 ms and look-ups 42 ms. A store's initial data is built into its map in one go,
 * with nothing to look up and no change to report: from the binding's start to the store
 * being loaded went from 180 to 104 ms (medians of 6 runs side by side). As with `put`, the
 * records are validated once, by the store; only when it refuses them are they checked one by
 * one.
 */
export function createStoreFromDoc<S extends TLStore>(
  doc: Y.Doc,
  schema: TLSchema,
  create: (initialData: Record<string, TLRecord>) => S,
  report: (r: InvalidRecordReport) => void = () => {},
): S {
  return withValidRecords(schema, docRecords(schema, doc, report), report, (records) =>
    create(Object.fromEntries(records.map((record) => [record.id, record]))),
  )
}

/** Makes the store's shared records exactly `records` (one remote change). */
function replaceSharedRecords(store: TLStore, records: TLRecord[]): void {
  store.mergeRemoteChanges(() => {
    const keep = new Set(records.map((r) => r.id))
    const stale = store
      .allRecords()
      .filter((r) => isSharedRecordType(r.typeName) && !keep.has(r.id))
      .map((r) => r.id)
    if (stale.length) store.remove(stale)
    if (records.length) store.put(records)
  })
}

/** A stored record in our schema's version; null (reported) when it is not a shared record or cannot be migrated. */
function migrateRecord(
  schema: TLSchema,
  raw: StoredRecord,
  persistedSchema: unknown,
  report: (r: InvalidRecordReport) => void,
): TLRecord | null {
  if (!raw || typeof raw !== 'object' || typeof raw.typeName !== 'string' || !isSharedRecordType(raw.typeName)) {
    return null
  }
  if (!persistedSchema) return raw as unknown as TLRecord
  const migrated = schema.migratePersistedRecord(raw as unknown as TLRecord, persistedSchema as any)
  if (migrated.type !== 'success') {
    report({ id: String(raw.id), typeName: raw.typeName, error: `cannot migrate: ${migrated.reason}` })
    return null
  }
  return migrated.value as TLRecord
}

/** The record as the schema validates it; null (reported) when it fails. */
function validateRecord(schema: TLSchema, record: TLRecord, report: (r: InvalidRecordReport) => void): TLRecord | null {
  try {
    // The store argument is only for a schema's own failure handler; the board's has none.
    return schema.validateRecord(null as unknown as TLStore, record, 'initialize', null) as TLRecord
  } catch (err) {
    report({ id: String(record.id), typeName: record.typeName, error: errorText(err) })
    return null
  }
}

/** A stored record migrated and validated; null (reported) when it cannot be used. */
function checkRecord(
  store: TLStore,
  raw: StoredRecord,
  persistedSchema: unknown,
  report: (r: InvalidRecordReport) => void,
): TLRecord | null {
  const record = migrateRecord(store.schema, raw, persistedSchema, report)
  return record && validateRecord(store.schema, record, report)
}

/**
 * Whether two serialized tldraw schemas have the same migration versions. Compared by
 * content, not by text: the same schema built from shape utils lists its sequences in
 * another order, and a textual difference made every browser rewrite the whole board.
 */
export function sameSchema(stored: unknown, ours: { schemaVersion: number; sequences?: Record<string, number> }): boolean {
  if (!stored || typeof stored !== 'object') return false
  const theirs = stored as { schemaVersion?: unknown; sequences?: Record<string, unknown> }
  if (theirs.schemaVersion !== ours.schemaVersion) return false
  const a = theirs.sequences ?? {}
  const b = ours.sequences ?? {}
  const keys = Object.keys(b)
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k])
}

function sharedEntries(records: Iterable<TLRecord>): [string, StoredRecord][] {
  const out: [string, StoredRecord][] = []
  for (const record of records) if (isSharedRecordType(record.typeName)) out.push([record.id, record as unknown as StoredRecord])
  return out
}

/** Binds a tldraw store to a board document and its awareness. Returns `dispose`. */
export function bind(store: TLStore, doc: Y.Doc, awareness: Awareness | null, options: BindOptions = {}): () => void {
  const kv = recordsKV(doc)
  const report = options.onInvalidRecord ?? (() => {})
  const disposers: (() => void)[] = []

  if (!options.storeHoldsDoc) loadDocIntoStore(store, doc, report)

  const canWrite = options.canWrite ?? (() => true)
  // The board's records are now in our schema version: record that for older readers.
  const ourSchema = store.schema.serialize()
  if (canWrite() && !sameSchema(metaMap(doc).get(MetaKey.tldrawSchema), ourSchema)) {
    doc.transact(() => {
      // Only the records the migration changed: on a big board most are as they were.
      const changed = sharedEntries(store.allRecords()).filter(([id, record]) => JSON.stringify(kv.get(id)) !== JSON.stringify(record))
      kv.setMany(changed)
      metaMap(doc).set(MetaKey.tldrawSchema, ourSchema)
    }, BINDING_ORIGIN)
  }

  // Store → Yjs: the user's own document changes.
  disposers.push(
    store.listen(
      ({ changes }) => {
        if (!canWrite()) return
        doc.transact(() => {
          // One push for everything added or changed (a paste of 500 shapes is one item).
          kv.setMany(sharedEntries([...Object.values(changes.added), ...Object.values(changes.updated).map(([, to]) => to)]))
          for (const record of Object.values(changes.removed)) {
            if (isSharedRecordType(record.typeName)) kv.delete(record.id)
          }
        }, BINDING_ORIGIN)
      },
      { source: 'user', scope: 'document' },
    ),
  )

  // Yjs → store: everyone else's changes (other clients, the server, IndexedDB).
  const persistedSchema = () => metaMap(doc).get(MetaKey.tldrawSchema)
  // Keys others changed, not yet in the store. Their values are read from the document when
  // they go in, not kept from the change: a local edit made meanwhile is then what goes in
  // (the document's value, which the store already shows), never the older remote one.
  const pending = new Set<string>()
  let applyScheduled = false
  let stopped = false
  const applyPending = () => {
    applyScheduled = false
    if (stopped || pending.size === 0) return
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    for (const id of pending) {
      const value = kv.get(id)
      if (value === undefined) {
        if (store.has(id as TLRecord['id'])) toRemove.push(id as TLRecord['id'])
      } else {
        const record = checkRecord(store, value, persistedSchema(), report)
        if (record) toPut.push(record)
      }
    }
    pending.clear()
    if (toPut.length === 0 && toRemove.length === 0) return
    store.mergeRemoteChanges(() => {
      if (toRemove.length) store.remove(toRemove)
      if (toPut.length) store.put(toPut)
    })
  }
  const onRecordsChange = (changes: Map<string, unknown>, transaction: Y.Transaction) => {
    if (transaction.origin === BINDING_ORIGIN) return
    for (const id of changes.keys()) pending.add(id)
    if (!options.scheduleRemote) return applyPending()
    if (applyScheduled) return
    applyScheduled = true
    options.scheduleRemote(applyPending)
  }
  kv.on('change', onRecordsChange)
  disposers.push(() => {
    stopped = true
    kv.off('change', onRecordsChange)
  })

  if (awareness && options.user) disposers.push(bindPresence(store, awareness, options.user, options.schedule))

  return () => {
    for (const dispose of disposers.splice(0).reverse()) dispose()
  }
}

/**
 * The most selected shape ids a presence shares. Others draw an outline on each; a select-all
 * on a 1,000-actor board is 4,001 ids (~120 KB of JSON in every move, relayed to everyone 30
 * times a second, and 4,001 outlines on every screen). Past this many, others see the first
 * ones outlined.
 */
export const MAX_SHARED_SELECTION = 100

/** Presence: our cursor, selection and camera out through awareness; others' in as records. */
export function bindPresence(
  store: TLStore,
  awareness: Awareness,
  user: Signal<PresenceUser | null>,
  schedule: (fn: () => void) => void = (fn) =>
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : setTimeout(fn, 16),
): () => void {
  const ownId = InstancePresenceRecordType.createId(String(awareness.clientID))
  const tlUser = computed('presence user', () => {
    const u = user.get()
    return u ? UserRecordType.create({ id: createUserId(u.id), name: u.name, color: u.color }) : null
  })
  const presence = createPresenceStateDerivation(tlUser, { instanceId: ownId })(store as any)
  let scheduled = false
  let stopped = false
  const stopReacting = react('send presence', () => {
    presence.get()
    if (scheduled) return
    scheduled = true
    schedule(() => {
      scheduled = false
      if (stopped) return
      const current = presence.get()
      const u = user.get()
      const shared = current && current.selectedShapeIds.length > MAX_SHARED_SELECTION ? { ...current, selectedShapeIds: current.selectedShapeIds.slice(0, MAX_SHARED_SELECTION) } : current
      awareness.setLocalStateField('presence', shared)
      if (u) awareness.setLocalStateField('user', { name: u.name, color: u.color })
    })
  })

  const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const states = awareness.getStates() as Map<number, { presence?: TLInstancePresence }>
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const state = states.get(clientId)
      const id = InstancePresenceRecordType.createId(String(clientId))
      if (!state?.presence) {
        if (store.has(id)) toRemove.push(id)
        continue
      }
      try {
        toPut.push(store.schema.validateRecord(store, { ...state.presence, id } as TLRecord, 'updateRecord', null) as TLInstancePresence)
      } catch {
        // A malformed presence from one client is ignored; it must not disturb the canvas.
      }
    }
    for (const clientId of removed) {
      const id = InstancePresenceRecordType.createId(String(clientId))
      if (store.has(id)) toRemove.push(id)
    }
    if (toPut.length || toRemove.length) {
      store.mergeRemoteChanges(() => {
        if (toRemove.length) store.remove(toRemove)
        if (toPut.length) store.put(toPut)
      })
    }
  }
  awareness.on('change', onAwareness)
  // Presences already known when we bind.
  onAwareness({ added: [...awareness.getStates().keys()], updated: [], removed: [] })

  return () => {
    stopped = true
    stopReacting()
    awareness.off('change', onAwareness)
    awareness.setLocalStateField('presence', null)
  }
}
