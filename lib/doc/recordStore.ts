/**
 * The board's records as a key-value store over a Y.Array of `{ key, val }` entries, with a
 * cost per change that does not grow with the document's history.
 *
 * Same layout and rules as y-utility's YKeyValue, which boards were written with: writing a
 * key appends a new entry and deletes the old one; when concurrent writers leave several live
 * entries for a key, the rightmost wins. YKeyValue finds entries by walking the array
 * (`toArray()` and `event.changes` on every change, an index search on every write), so each
 * update costs time proportional to every entry and tombstone the array ever held: on a
 * dragged selection that grew to ~280 µs per update on the server and on every client. This
 * store remembers the Yjs ID of each live entry and reads a transaction's own inserts and
 * deletes from the struct store, so a change costs what it touched.
 *
 * Unlike YKeyValue it never writes from inside an observer (a view-only client or the server
 * must not make edits of its own): a superseded concurrent entry stays until the next write
 * of its key deletes every live entry of that key. Entries that are not `{ key: string, val }`
 * (garbage from a broken or hostile client) are never part of the map; they are reported as
 * `malformed` so the server can refuse them, and otherwise ignored.
 *
 * A value is written as JSON text (`{ key, val: '{"id":…}' }`) and read back parsed; entries
 * written as objects (every board before this) are read as they are. Yjs decodes an object
 * field by field in script (lib0's readAny), a string in one native call: opening the
 * 1,000-actor board spent ~240 ms in readAny in Chromium and ~150 ms on the server, where the
 * same records as text take ~25 ms to decode and ~35 to parse (Node). The text is ~20 % more
 * bytes. A text that is not JSON makes its entry malformed, as a value that is not an entry.
 *
 * It relies on Yjs internals that Yjs's own UndoManager uses the same way (Item.delete,
 * getItemCleanStart, the struct store, dropping the array's search markers); yjs is pinned.
 */
import * as Y from 'yjs'
import { ObservableV2 } from 'lib0/observable'

export interface KVEntry<T> {
  key: string
  val: T
}

export type KVChange<T> =
  | { action: 'add'; newValue: T }
  | { action: 'update'; oldValue: T; newValue: T }
  | { action: 'delete'; oldValue: T }

type Events<T> = {
  change: (changes: Map<string, KVChange<T>>, transaction: Y.Transaction) => void
  /** Values in the array that are not entries, added by this transaction. */
  malformed: (values: unknown[], transaction: Y.Transaction) => void
}

/**
 * One live entry of the array: where it sits, the value object the array holds (`stored`),
 * and that entry with its value parsed (`entry`; the same object when stored as an object).
 */
interface Slot<T> {
  id: Y.ID
  stored: object
  entry: KVEntry<T>
}

function isEntry(value: unknown): value is KVEntry<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as KVEntry<unknown>).key === 'string' && 'val' in value
}

/** A value of the array as an entry, its JSON text parsed; null when it is none. */
function readEntry<T>(value: unknown): KVEntry<T> | null {
  if (!isEntry(value)) return null
  if (typeof value.val !== 'string') return value as KVEntry<T>
  try {
    return { key: value.key, val: JSON.parse(value.val) as T }
  } catch {
    return null
  }
}

export class RecordStore<T> extends ObservableV2<Events<T>> {
  /** The current entry of each key, its value parsed. */
  readonly map = new Map<string, KVEntry<T>>()
  /** Every live entry by key; more than one only after concurrent writes of that key. */
  private readonly slots = new Map<string, Slot<T>[]>()
  readonly doc: Y.Doc

  constructor(readonly yarray: Y.Array<KVEntry<T>>) {
    super()
    this.doc = yarray.doc!
    for (let item = yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue
      const values = item.content.getContent()
      for (let k = 0; k < values.length; k++) {
        const entry = readEntry<T>(values[k])
        if (!entry) continue
        // Walking left to right, each later entry is further right: it wins.
        this.addSlot({ id: Y.createID(item.id.client, item.id.clock + k), stored: values[k], entry })
        this.map.set(entry.key, entry)
      }
    }
    yarray.observe((_event, transaction) => this.onTransaction(transaction))
  }

  get(key: string): T | undefined {
    return this.map.get(key)?.val
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  get size(): number {
    return this.map.size
  }

  /** Writes a key: deletes every live entry of the key and adds the new one (see setMany). */
  set(key: string, val: T): void {
    this.setMany([[key, val]])
  }

  /**
   * Writes many keys: deletes every live entry of each and appends the new entries in one
   * push (Yjs merges items pushed one by one in a transaction by concatenating their arrays,
   * which is quadratic: 8,000 single pushes take half a second, one push a few ms).
   *
   * Where the new entries go decides what the deleted ones cost later. Deleted items merge
   * into one tombstone when they sit next to each other with consecutive clocks of one
   * client. A selection dragged together rewrites the same keys each step: appended in one
   * push, each step's entries follow the previous step's, and all merge. One shape moved by
   * one person while others move theirs: appended, its old entries end up far apart and each
   * stays an item (~10 bytes stored, ~150 in memory); written right after its own previous
   * entry, they merge as a Y.Map's would. So a single key whose current entry is this client's
   * latest write is written in place; everything else is appended.
   */
  setMany(values: Iterable<[string, T]>): void {
    this.doc.transact((tr) => {
      const latest = new Map<string, T>()
      for (const [key, val] of values) {
        latest.delete(key) // a key given twice: its later value, in its later place
        latest.set(key, val)
      }
      const appended: { stored: KVEntry<string>; entry: KVEntry<T> }[] = []
      const { clientID, store } = this.doc
      for (const [key, val] of latest) {
        const entry = { key, val }
        const stored = { key, val: JSON.stringify(val) }
        const slots = this.slots.get(key)
        const current = slots ? this.rightmostSlot(slots).id : null
        this.deleteSlots(tr, key)
        const inPlace =
          latest.size === 1 && current !== null && current.client === clientID && current.clock === Y.getState(store, clientID) - 1
        if (inPlace) this.addSlot({ id: this.insertAfter(tr, Y.getItem(store, current), stored), stored, entry })
        else appended.push({ stored, entry })
      }
      if (appended.length === 0) return
      const clock = Y.getState(this.doc.store, this.doc.clientID)
      this.yarray.push(appended.map((a) => a.stored as unknown as KVEntry<T>))
      appended.forEach(({ stored, entry }, i) => this.addSlot({ id: Y.createID(this.doc.clientID, clock + i), stored, entry }))
    })
  }

  /** Inserts one entry right after `left` (as Yjs's own list insert does); returns its ID. */
  private insertAfter(tr: Y.Transaction, left: Y.Item, entry: KVEntry<string>): Y.ID {
    const { clientID, store } = this.doc
    const right = left.right
    const id = Y.createID(clientID, Y.getState(store, clientID))
    new Y.Item(id, left, left.lastId, right, right && right.id, this.yarray, null, new Y.ContentAny([entry])).integrate(tr, 0)
    this.yarray._searchMarker?.splice(0)
    return id
  }

  delete(key: string): void {
    if (!this.slots.has(key)) return
    this.doc.transact((tr) => this.deleteSlots(tr, key))
  }

  private deleteSlots(tr: Y.Transaction, key: string): void {
    const slots = this.slots.get(key)
    if (!slots) return
    for (const { id } of slots) {
      const item = Y.getItemCleanStart(tr, id)
      if (item.deleted) continue
      // Cut the entry out of an item that holds several (a batch pushed together).
      if (item.length > 1) Y.getItemCleanStart(tr, Y.createID(id.client, id.clock + 1))
      item.delete(tr)
    }
    this.slots.delete(key)
    // Yjs's search markers cache list positions; a delete made outside its list functions
    // invalidates them (Yjs's UndoManager clears them the same way).
    this.yarray._searchMarker?.splice(0)
  }

  private addSlot(slot: Slot<T>): void {
    const list = this.slots.get(slot.entry.key)
    if (list) list.push(slot)
    else this.slots.set(slot.entry.key, [slot])
  }

  /** Brings the map up to date with one transaction, reading only the structs it touched. */
  private onTransaction(tr: Y.Transaction): void {
    const store = this.doc.store
    const changes = new Map<string, KVChange<T>>()
    const before = new Map<string, KVEntry<T> | undefined>()
    const remember = (key: string) => {
      if (!before.has(key)) before.set(key, this.map.get(key))
    }
    const addedHere = (client: number, clock: number) => clock >= (tr.beforeState.get(client) ?? 0)

    // Entries this transaction deleted (those it both added and deleted were never live).
    for (const [client, ranges] of tr.deleteSet.clients) {
      const structs = store.clients.get(client)
      if (!structs) continue
      for (const { clock, len } of ranges) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
          const struct = structs[i]
          if (struct.id.clock >= clock + len) break
          if (!(struct instanceof Y.Item) || struct.parent !== this.yarray) continue
          const values = struct.content.getContent()
          const from = Math.max(0, clock - struct.id.clock)
          const to = Math.min(values.length, clock + len - struct.id.clock)
          for (let k = from; k < to; k++) {
            const value = values[k]
            if (!isEntry(value) || addedHere(client, struct.id.clock + k)) continue
            remember(value.key)
            // Our own set() and delete() have already dropped the slots they deleted.
            const slots = this.slots.get(value.key)
            const at = slots?.findIndex((s) => s.stored === value) ?? -1
            if (at < 0) continue
            slots!.splice(at, 1)
            if (slots!.length === 0) this.slots.delete(value.key)
          }
        }
      }
    }

    // Entries this transaction added and did not delete again.
    const malformed: unknown[] = []
    for (const [client, after] of tr.afterState) {
      const start = tr.beforeState.get(client) ?? 0
      if (after <= start) continue
      const structs = store.clients.get(client)!
      for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
        const struct = structs[i]
        if (!(struct instanceof Y.Item) || struct.parent !== this.yarray || struct.deleted) continue
        const values = struct.content.getContent()
        for (let k = Math.max(0, start - struct.id.clock); k < values.length; k++) {
          const value = values[k]
          // Our own set() has added its slot already.
          if (isEntry(value) && this.slots.get(value.key)?.some((s) => s.stored === value)) {
            remember(value.key)
            continue
          }
          const entry = readEntry<T>(value)
          if (!entry) {
            malformed.push(value)
            continue
          }
          remember(entry.key)
          this.addSlot({ id: Y.createID(client, struct.id.clock + k), stored: value as object, entry })
        }
      }
    }

    // Each touched key's current entry is now the rightmost of its live entries.
    for (const [key, old] of before) {
      const slots = this.slots.get(key)
      const current = slots ? this.rightmost(slots) : undefined
      if (current) this.map.set(key, current)
      else this.map.delete(key)
      if (current === old) continue
      if (!current) changes.set(key, { action: 'delete', oldValue: old!.val })
      else if (!old) changes.set(key, { action: 'add', newValue: current.val })
      else changes.set(key, { action: 'update', oldValue: old.val, newValue: current.val })
    }
    if (malformed.length > 0) this.emit('malformed', [malformed, tr])
    if (changes.size > 0) this.emit('change', [changes, tr])
  }

  private rightmost(slots: Slot<T>[]): KVEntry<T> {
    return this.rightmostSlot(slots).entry
  }

  private rightmostSlot(slots: Slot<T>[]): Slot<T> {
    let best = slots[0]
    for (let i = 1; i < slots.length; i++) if (this.isRightOf(slots[i].id, best.id)) best = slots[i]
    return best
  }

  /**
   * Whether entry `a` stands to the right of entry `b` in the array. Walks from both at once,
   * so it costs the distance between them; only concurrent writes of one key need it.
   */
  private isRightOf(a: Y.ID, b: Y.ID): boolean {
    const store = this.doc.store
    const itemA = Y.getItem(store, a)
    const itemB = Y.getItem(store, b)
    if (itemA === itemB) return a.clock > b.clock
    let fromA: Y.Item | null = itemA
    let fromB: Y.Item | null = itemB
    while (fromA !== null || fromB !== null) {
      if (fromB !== null) {
        fromB = fromB.right
        if (fromB === itemA) return true
      }
      if (fromA !== null) {
        fromA = fromA.right
        if (fromA === itemB) return false
      }
    }
    return false
  }
}
