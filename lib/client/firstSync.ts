/**
 * The server's first answer holds the whole board (3.5 MB on a 1,000-actor board). Yjs
 * re-encodes every transaction as an update for the document's 'update' listeners, and
 * applying that first answer spent ~45 % of its time there (profile: 226 of 507 ms on a
 * loaded machine), before the board could be shown. Of the listeners, the provider ignores
 * its own changes, and our pending-edit counter only counts this browser's; only the
 * IndexedDB cache wants them, and it can store the whole state once the browser is idle.
 *
 * So while the provider has not synced, the listeners are taken off the document for the
 * provider's own big transactions only (BIG_SYNC struct units or more; from just before Yjs
 * checks for listeners until the next transaction starts), and once the first sync is done
 * the cache stores the document's full state a little later, when the browser is idle (that
 * encoding costs about as much, but not before the board can be used). Local edits and later
 * server updates reach the listeners as before; small boards are not affected at all.
 *
 * The price: an offline reload in the first seconds after first opening a big board on this
 * browser finds the cache without the board (as before the cache had ever been filled).
 */
import type * as Y from 'yjs'

/**
 * Struct units (Yjs clock ticks) a sync answer inserts before it counts as big. A record is
 * one entry of the records array (lib/doc/schema.ts), so this is ~2,000 records, half the
 * 1,000-actor board; the example coalition is ~100.
 */
export const BIG_SYNC = 2_000

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void

export interface FirstSyncOptions {
  /** The provider: transactions with this origin before `synced` are its sync answers. */
  provider: { synced: boolean }
  /** The document's 'update' listeners to hold back (others are left alone). */
  listeners: () => (UpdateListener | undefined)[]
  /** Stores the full state in the cache (called once, after the first sync, when idle). */
  storeFullState: () => void
  /** Calls `fn` later, when the browser is idle (2 s, then requestIdleCallback, in browsers). */
  whenIdle?: (fn: () => void) => void
}

export function lightenFirstSync(doc: Y.Doc, options: FirstSyncOptions): { afterSync(): void; dispose(): void } {
  const { provider } = options
  const whenIdle =
    options.whenIdle ??
    ((fn) => setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : fn()), 2000))
  let detached: UpdateListener[] = []
  let skipped = false
  let stored = false
  const reattach = () => {
    for (const l of detached) doc.on('update', l)
    detached = []
  }
  // Just before Yjs looks for 'update' listeners (the same call, synchronously).
  const onCleanup = (tr: Y.Transaction) => {
    if (provider.synced || tr.origin !== provider || inserted(tr) < BIG_SYNC) return
    detached = options.listeners().filter((l): l is UpdateListener => typeof l === 'function')
    for (const l of detached) doc.off('update', l)
    skipped = true
    // Back before anything else can happen: the next transaction, or the next microtask.
    queueMicrotask(reattach)
  }
  const onBefore = () => {
    if (detached.length) reattach()
  }
  doc.on('afterTransactionCleanup', onCleanup)
  doc.on('beforeTransaction', onBefore)
  return {
    /** Call on the provider's sync: the cache gets what it was not given. */
    afterSync() {
      if (!skipped || stored) return
      stored = true
      whenIdle(options.storeFullState)
    },
    dispose() {
      doc.off('afterTransactionCleanup', onCleanup)
      doc.off('beforeTransaction', onBefore)
      reattach()
    },
  }
}

/** How many struct units (items, characters) a transaction added. */
function inserted(tr: Y.Transaction): number {
  let n = 0
  for (const [client, clock] of tr.afterState) n += clock - (tr.beforeState.get(client) ?? 0)
  return n
}
