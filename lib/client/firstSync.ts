/**
 * The server's first answer holds the whole board (4.3 MB on the bench's 1,000-actor board). Yjs
 * re-encodes every transaction as an update for the document's 'update' listeners, and
 * applying that first answer spent ~45 % of its time there (profile: 226 of 507 ms on a
 * loaded machine), before the board could be shown. Of the listeners, the provider ignores
 * its own changes; only the IndexedDB cache wants them, and the answer as it came off the
 * wire is what it needs.
 *
 * So while the provider has not synced, the listeners are taken off the document for the
 * provider's own big transactions only (BIG_SYNC struct units or more; from just before Yjs
 * checks for listeners until the next transaction starts), and the cache is given the
 * answer's own bytes at once (`storeUpdate`), read from the provider's sync message as it is
 * handled. Where those bytes are not known (the message handlers changed shape, or earlier
 * updates were waiting on this one, so the transaction holds more than the message), the
 * cache stores the document's full state a little later instead, when the browser is idle
 * (`storeFullState`: an encoding as costly as the one avoided, but not before the board can
 * be used). Local edits and later server updates reach the listeners as before; small boards
 * are not affected at all.
 */
import type * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'

/**
 * Struct units (Yjs clock ticks) a sync answer inserts before it counts as big. A record is
 * one entry of the records array (lib/doc/schema.ts), so this is ~2,000 records, half the
 * 1,000-actor board; the example coalition is ~100.
 */
export const BIG_SYNC = 2_000

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void
type MessageHandler = (encoder: unknown, decoder: decoding.Decoder, ...rest: unknown[]) => void

/** y-websocket's message type of the sync protocol, the index of its handler. */
const MESSAGE_SYNC = 0

export interface FirstSyncOptions {
  /**
   * The provider: transactions with this origin before `synced` are its sync answers; its
   * sync message handler is wrapped to read the answer's bytes.
   */
  provider: { synced: boolean; messageHandlers?: MessageHandler[] }
  /** The document's 'update' listeners to hold back (others are left alone). */
  listeners: () => (UpdateListener | undefined)[]
  /** Stores one update in the cache (the answer held back from it, as received). */
  storeUpdate: (update: Uint8Array) => void
  /** Stores the full state in the cache (once, after the first sync, when idle), when the answer's bytes are not known. */
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
  // The update of the sync message being handled, while nothing else waits to be applied
  // (then the transaction it makes holds exactly this update).
  let incoming: Uint8Array | null = null
  const handlers = provider.messageHandlers
  const handleSync = handlers?.[MESSAGE_SYNC]
  if (handlers && handleSync) {
    handlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
      const waiting = doc.store.pendingStructs !== null || doc.store.pendingDs !== null
      incoming = provider.synced || waiting ? null : updateIn(decoder)
      try {
        handleSync(encoder, decoder, ...rest)
      } finally {
        incoming = null
      }
    }
  }
  // Just before Yjs looks for 'update' listeners (the same call, synchronously).
  const onCleanup = (tr: Y.Transaction) => {
    if (provider.synced || tr.origin !== provider || inserted(tr) < BIG_SYNC) return
    detached = options.listeners().filter((l): l is UpdateListener => typeof l === 'function')
    for (const l of detached) doc.off('update', l)
    // A copy: the message's buffer is the socket's, and a view would be stored whole.
    if (incoming) options.storeUpdate(incoming.slice())
    else skipped = true
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
      if (handlers && handleSync) handlers[MESSAGE_SYNC] = handleSync
      reattach()
    },
  }
}

/** The update a sync message carries (sync step 2 or update), read without moving `decoder`. */
function updateIn(decoder: decoding.Decoder): Uint8Array | null {
  try {
    const peek = decoding.createDecoder(decoder.arr)
    peek.pos = decoder.pos
    const type = decoding.readVarUint(peek)
    if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) return null
    return decoding.readVarUint8Array(peek)
  } catch {
    return null
  }
}

/** How many struct units (items, characters) a transaction added. */
function inserted(tr: Y.Transaction): number {
  let n = 0
  for (const [client, clock] of tr.afterState) n += clock - (tr.beforeState.get(client) ?? 0)
  return n
}
