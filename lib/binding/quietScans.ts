/**
 * tldraw's store queries scan every record once, when a query or index is first read, and
 * that scan subscribed the query to every record it passed (10,000 on the 1,000-actor board).
 *
 * `StoreQueries` builds a type's id set (`store.query.ids`, `records`) and its property
 * indexes (`store.query.index`, and `exec` through them) from scratch by iterating its
 * record map with `values()`, which reads each record's atom reactively. The query already
 * depends on the type's own change history, read just before the scan, and updates itself
 * from that history afterwards; the per-record subscriptions add nothing but cost: ~25 ms
 * of the ~30 ms each such first read took on the 1,000-actor board (profile of opening it:
 * ~200 ms over the eight or so queries tldraw and the board make, the bindings index among
 * them at the first click on a card).
 *
 * So the queries get a view of the same record map whose `values()` reads without
 * subscribing; every other read (`get`, used where a query's result must follow a record's
 * content) stays reactive. Only the two scans call `values()` (tldraw 5.4); a store whose
 * queries look different is left as it is.
 *
 * What remained of each scan was walking the map's persistent (immutable) map of atoms:
 * 8-20 ms each, five or six times while the board mounts, with no record added or removed
 * in between. The atoms are kept in an array for as long as that map is the same object (it
 * is replaced whenever a record is added or removed); their values are read afresh on each
 * scan, so an updated record is seen.
 */
import { UNINITIALIZED, unsafe__withoutCapture, type Atom } from '@tldraw/state'
import type { Store } from '@tldraw/store'

interface RecordMap {
  values(): IterableIterator<unknown>
  get(key: string): unknown
  /** AtomMap's own: an atom holding the persistent map of each key's atom. */
  atoms?: Atom<{ values(): IterableIterator<Atom<unknown>> }>
}

const quieted = new WeakSet<object>()

export function quietQueryScans(store: Store<any, any>): void {
  const queries = store.query as unknown as { recordMap?: RecordMap }
  const map = queries.recordMap
  if (!map || typeof map.values !== 'function' || typeof map.get !== 'function' || quieted.has(queries)) return
  quieted.add(queries)
  const view = Object.create(map) as RecordMap
  const atoms = map.atoms
  if (!atoms || typeof atoms.__unsafe__getWithoutCapture !== 'function') {
    view.values = function* () {
      yield* unsafe__withoutCapture(() => [...map.values()])
    }
  } else {
    let walked: unknown = null
    let list: Atom<unknown>[] = []
    view.values = function* () {
      const current = atoms.__unsafe__getWithoutCapture()
      if (current !== walked) {
        list = [...current.values()]
        walked = current
      }
      for (const atom of list) {
        const value = atom.__unsafe__getWithoutCapture()
        if (value !== UNINITIALIZED) yield value
      }
    }
  }
  queries.recordMap = view
}
