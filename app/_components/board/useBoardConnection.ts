'use client'
/**
 * Connects one board: a Y.Doc cached in IndexedDB (so a reload works offline), synced through
 * the stock y-websocket provider to `/yjs/<boardId>`, bound to a tldraw store. The store is
 * handed to tldraw once the document has content, from the cache or from the server.
 */
import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence, storeState } from 'y-indexeddb'
import { atom } from '@tldraw/state'
import { createTLStore, type TLStore } from 'tldraw'
import { bind, BINDING_ORIGIN, type PresenceUser } from '@/lib/binding/bind'
import { recordsKV } from '@/lib/doc/schema'
import { boardTLSchema } from '@/lib/board/tlschema'
import { installJitteredReconnect } from '@/lib/client/reconnect'
import { lightenFirstSync } from '@/lib/client/firstSync'
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
    const doc = new Y.Doc()
    const cache = new IndexeddbPersistence(`coalition-canvas:${boardId}`, doc)
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`
    const provider = new WebsocketProvider(wsUrl, boardId, doc, { params: token ? { token } : {} })
    // The board's own schema, the very one the server validates with (lib/board/tlschema.ts),
    // not one rebuilt from the shape utils: that one lists the same types in another order, so
    // its serialised form differed from the document's and every visitor re-wrote every
    // record into the document on opening it (8.5 s for a 1,000-actor board).
    const store = createTLStore({ schema: boardTLSchema })
    const update = (patch: Partial<BoardConnection>) => setState((s) => ({ ...s, ...patch }))
    let disposeBinding: (() => void) | null = null
    let invalid = 0
    let pending = Number(localStorage.getItem(pendingKey(boardId)) ?? 0) || 0
    update({ doc, provider, pendingEdits: pending })

    const start = () => {
      if (disposeBinding || recordsKV(doc).map.size === 0) return
      disposeBinding = bind(store, doc, provider.awareness, {
        user: userSignal,
        canWrite: () => !(readOnly?.current ?? false),
        onInvalidRecord: (report) => {
          invalid++
          console.warn('skipped an invalid record', report)
          update({ invalidRecords: invalid })
        },
      })
      update({ store })
    }
    void cache.whenSynced.then(start)

    const setPending = (n: number) => {
      pending = n
      localStorage.setItem(pendingKey(boardId), String(n))
      update({ pendingEdits: n })
    }
    const onLocalUpdate = (_u: Uint8Array, origin: unknown) => {
      if (origin === BINDING_ORIGIN && !provider.synced) setPending(pending + 1)
    }
    doc.on('update', onLocalUpdate)
    // The first answer (the whole board) is not re-encoded for these listeners; the cache
    // is given its bytes as received instead (see lib/client/firstSync.ts).
    const storeUpdate = (cache as unknown as { _storeUpdate: (update: Uint8Array, origin: unknown) => void })._storeUpdate
    const firstSync = lightenFirstSync(doc, {
      provider: provider as unknown as Parameters<typeof lightenFirstSync>[1]['provider'],
      listeners: () => [(provider as unknown as { _updateHandler?: () => void })._updateHandler, storeUpdate, onLocalUpdate],
      storeUpdate: (update) => void cache.whenSynced.then(() => storeUpdate(update, provider)),
      storeFullState: () => void cache.whenSynced.then(() => storeState(cache)),
    })

    const onSync = (synced: boolean) => {
      if (!synced) return
      start()
      firstSync.afterSync()
      if (pending) setPending(0)
      update({ connection: { kind: 'connected' } })
    }
    provider.on('sync', onSync)
    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connecting') update({ connection: { kind: 'connecting' } })
      if (status === 'disconnected') {
        setState((s) => (s.connection.kind === 'closed' || s.connection.kind === 'read-only' ? s : { ...s, connection: { kind: 'offline' } }))
      }
    })
    const stopReconnect = installJitteredReconnect(provider, {
      onFinalClose: (code, reason) =>
        update({ connection: code === CloseCode.Forbidden ? { kind: 'read-only' } : { kind: 'closed', code, reason } }),
    })
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
      stopReconnect()
      disposeBinding?.()
      firstSync.dispose()
      doc.off('update', onLocalUpdate)
      provider.destroy()
      void cache.destroy()
      doc.destroy()
    }
    // token and boardId define the connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, token])

  return state
}
