'use client'
/**
 * Connects one board: its link (document, IndexedDB cache and websocket provider; see
 * boardLink.ts), bound to a tldraw store. The store is made, with the board in it, and handed
 * to tldraw once the document has content, from the cache or from the server.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { atom } from '@tldraw/state'
import { createTLStore, type TLStore } from 'tldraw'
import { quietQueryScans } from '@/lib/binding/quietScans'
import { bind, BINDING_ORIGIN, createStoreFromDoc, type InvalidRecordReport, type PresenceUser } from '@/lib/binding/bind'
import { recordsKV } from '@/lib/doc/schema'
import { PendingEdits } from '@/lib/client/pendingEdits'
import { boardTLSchema } from '@/lib/board/tlschema'
import { mark, takeLink } from './boardLink'
import { CloseCode } from '@/lib/protocol/closeCodes'

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'offline' }
  | { kind: 'read-only' }
  | { kind: 'closed'; code: number; reason: string }

export interface BoardConnection {
  store: TLStore | null
  doc: Y.Doc | null
  provider: WebsocketProvider | null
  connection: ConnectionState
  /** Local edits not yet sent to the server (survives reloads). */
  pendingEdits: number
  invalidRecords: number
  error: string | null
}

const pendingKey = (boardId: string) => `cc:pending:${boardId}`

export function useBoardConnection(
  boardId: string,
  user: PresenceUser | null,
  token?: string,
  /** True while this browser may not write (a view link); read when a change happens. */
  readOnly?: { current: boolean },
  /**
   * False for a screen that shows nobody's cursor and has none (the present view): it has no
   * presence, is sent nobody's (see openBoardProvider), and binds none.
   */
  presence = true,
): BoardConnection {
  const [state, setState] = useState<BoardConnection>({
    store: null,
    doc: null,
    provider: null,
    connection: { kind: 'connecting' },
    pendingEdits: 0,
    invalidRecords: 0,
    error: null,
  })
  const [userSignal] = useState(() => atom<PresenceUser | null>('board user', user))
  useEffect(() => {
    userSignal.set(user)
  }, [user, userSignal])

  useEffect(() => {
    // No link yet (still reading it): nothing to connect with.
    if (!token) return
    const link = takeLink(boardId, token, presence)
    const { doc, provider, cache } = link
    const update = (patch: Partial<BoardConnection>) => setState((s) => ({ ...s, ...patch }))
    let disposeBinding: (() => void) | null = null
    let invalid = 0
    const pending = new PendingEdits(localStorage, pendingKey(boardId))
    update({ doc, provider, pendingEdits: pending.count })

    const start = () => {
      if (disposeBinding || recordsKV(doc).map.size === 0) return
      mark('bind')
      const onInvalidRecord = (report: InvalidRecordReport) => {
        invalid++
        console.warn('skipped an invalid record', report)
        update({ invalidRecords: invalid })
      }
      // The board's own schema, the very one the server validates with (lib/board/tlschema.ts),
      // not one rebuilt from the shape utils: that one lists the same types in another order, so
      // its serialised form differed from the document's and every visitor re-wrote every
      // record into the document on opening it (8.5 s for a 1,000-actor board).
      // Made with the document's records in it (see createStoreFromDoc), not filled afterwards.
      const store = createStoreFromDoc(doc, boardTLSchema, (initialData) => createTLStore({ schema: boardTLSchema, initialData }), onInvalidRecord)
      quietQueryScans(store)
      disposeBinding = bind(store, doc, provider.awareness, {
        storeHoldsDoc: true,
        user: presence ? userSignal : undefined,
        canWrite: () => !(readOnly?.current ?? false),
        scheduleRemote: nextFrame,
        onInvalidRecord,
      })
      mark('store-loaded')
      update({ store })
    }
    void cache.whenSynced.then(start)

    // This browser's changes while not in sync: the records they touched.
    const records = recordsKV(doc)
    const onRecordsChange = (changes: Map<string, unknown>, transaction: Y.Transaction) => {
      if (transaction.origin === BINDING_ORIGIN && !provider.synced && pending.add(changes.keys())) update({ pendingEdits: pending.count })
    }
    records.on('change', onRecordsChange)

    // Once the board has been in sync, a lost connection reads "Offline" while the provider
    // retries: its "connecting" every few seconds in between made the badge say "Connecting…".
    let everConnected = false
    const onSync = (synced: boolean) => {
      if (!synced) return
      mark('synced')
      start()
      link.afterSync()
      if (pending.count) pending.clear()
      everConnected = true
      update({ connection: { kind: 'connected' }, pendingEdits: 0 })
    }
    provider.on('sync', onSync)
    // The link may have synced before this hook took it over.
    if (provider.synced) onSync(true)
    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connecting' && !everConnected) update({ connection: { kind: 'connecting' } })
      if (status === 'disconnected') {
        setState((s) => (s.connection.kind === 'closed' || s.connection.kind === 'read-only' ? s : { ...s, connection: { kind: 'offline' } }))
      }
    })
    link.onFinalClose((code, reason) =>
      update({ connection: code === CloseCode.Forbidden ? { kind: 'read-only' } : { kind: 'closed', code, reason } }),
    )
    // The browser knows before the socket does: a dead network can keep a socket "open" for
    // half a minute. Go offline at once (edits count as pending) and back when it returns.
    const goingOffline = () => {
      provider.disconnect()
      update({ connection: { kind: 'offline' } })
    }
    const comingOnline = () => provider.connect()
    window.addEventListener('offline', goingOffline)
    window.addEventListener('online', comingOnline)
    if (!navigator.onLine) goingOffline()

    return () => {
      window.removeEventListener('offline', goingOffline)
      window.removeEventListener('online', comingOnline)
      disposeBinding?.()
      records.off('change', onRecordsChange)
      link.destroy()
    }
    // token and boardId define the connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, token])

  return state
}

/**
 * Runs `fn` before the next frame is drawn, or within 100 ms where no frame comes (a hidden
 * tab draws none; its timers still run, if throttled).
 */
function nextFrame(fn: () => void): void {
  let done = false
  const once = () => {
    if (done) return
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    fn()
  }
  const frame = requestAnimationFrame(once)
  const timer = setTimeout(once, 100)
}
