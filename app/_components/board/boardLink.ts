'use client'
/**
 * A board's document and its two sources: the IndexedDB cache (so a reload works offline) and
 * the y-websocket provider to `/yjs/<boardId>` (app/_lib/boardProvider.ts), with jittered
 * reconnects and the first answer's bytes handed to the cache as received
 * (lib/client/firstSync.ts).
 *
 * The board page opens its link as soon as its small first chunk runs (`openLinkEarly`), while
 * the editor's code (tldraw, 1.8 MB) is still downloading and compiling; the board's hook
 * then takes that link over (`takeLink`), and the answer to what the link allows, asked for at
 * the same moment (`takeEarlyInfo`). The server's answer (4.3 MB for the bench's 1,000-actor board,
 * a quarter of a second for the server to load it when nobody had it open) then travels
 * while the editor loads, instead of after it. Nothing here needs tldraw.
 */
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence, storeState } from 'y-indexeddb'
import { installJitteredReconnect } from '@/lib/client/reconnect'
import { lightenFirstSync } from '@/lib/client/firstSync'
import { knownBoard, tokenFromHash } from '@/app/_lib/boards'
import { openBoardProvider } from '@/app/_lib/boardProvider'
import { timedBoardInfo, type TimedBoardInfo } from '@/app/_lib/api'

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void

export interface BoardLink {
  readonly boardId: string
  readonly token: string
  /** Whether this page shows presence (see openBoardProvider). */
  readonly presence: boolean
  readonly doc: Y.Doc
  readonly cache: IndexeddbPersistence
  readonly provider: WebsocketProvider
  /** Call on the provider's sync (see lightenFirstSync). */
  afterSync(): void
  /** Called once a close code says not to reconnect; at once if that already happened. */
  onFinalClose(handler: (code: number, reason: string) => void): void
  destroy(): void
}

/** Named moments of opening a board, for the browser bench and DevTools (`cc:` marks). */
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && !performance.getEntriesByName(`cc:${name}`).length) performance.mark(`cc:${name}`)
}

export function openLink(boardId: string, token: string, presence = true): BoardLink {
  mark('link-opened')
  const doc = new Y.Doc()
  const cache = new IndexeddbPersistence(`coalition-canvas:${boardId}`, doc)
  const provider = openBoardProvider(boardId, doc, token, { presence })
  const onStatus = ({ status }: { status: string }) => status === 'connected' && mark('socket-open')
  provider.on('status', onStatus)
  // When the server's answer (the whole board) has been applied, whether or not the editor's code is there yet.
  const onSync = (synced: boolean) => synced && mark('board-received')
  provider.on('sync', onSync)
  // The first answer (the whole board) is not re-encoded for the document's update listeners;
  // the cache is given its bytes as received instead (see lib/client/firstSync.ts).
  const storeUpdate = (cache as unknown as { _storeUpdate: (update: Uint8Array, origin: unknown) => void })._storeUpdate
  const firstSync = lightenFirstSync(doc, {
    provider: provider as unknown as Parameters<typeof lightenFirstSync>[1]['provider'],
    listeners: () => [(provider as unknown as { _updateHandler?: UpdateListener })._updateHandler, storeUpdate],
    storeUpdate: (update) => void cache.whenSynced.then(() => storeUpdate(update, provider)),
    storeFullState: () => void cache.whenSynced.then(() => storeState(cache)),
  })
  let finalClose: { code: number; reason: string } | null = null
  let finalCloseHandler: ((code: number, reason: string) => void) | null = null
  const stopReconnect = installJitteredReconnect(provider, {
    onFinalClose: (code, reason) => {
      finalClose = { code, reason }
      finalCloseHandler?.(code, reason)
    },
  })
  return {
    boardId,
    token,
    presence,
    doc,
    cache,
    provider,
    afterSync: () => firstSync.afterSync(),
    onFinalClose(handler) {
      finalCloseHandler = handler
      if (finalClose) handler(finalClose.code, finalClose.reason)
    },
    destroy() {
      provider.off('status', onStatus)
      provider.off('sync', onSync)
      stopReconnect()
      firstSync.dispose()
      provider.destroy()
      void cache.destroy()
      doc.destroy()
    },
  }
}

let early: BoardLink | null = null
/** What the early link allows, asked for with it (see takeEarlyInfo). */
let earlyInfo: { boardId: string; token: string; answer: Promise<TimedBoardInfo> } | null = null
/** The board the last early link was opened for: a page renders its loader more than once. */
let openedEarlyFor: string | null = null
/** Settles when the early link's socket has opened or failed (see `earlyLinkSettled`). */
let earlySettled: Promise<void> = Promise.resolve()

/** Longest the editor's code waits for the early socket (a server that neither answers nor refuses). */
const EARLY_SOCKET_WAIT_MS = 1000

/** The token this browser opens a board with: the page's fragment, or the one remembered. */
export function linkToken(boardId: string): string | null {
  return tokenFromHash(location.hash) ?? knownBoard(boardId)?.token ?? null
}

/**
 * Opens the board's link now, for the board's hook to take over. Once per board in a row: a
 * second render of the same board's loader, after the hook took the link, must not open
 * another socket that nobody takes; an early link of another board, never taken, is closed.
 */
export function openLinkEarly(boardId: string): void {
  if (typeof window === 'undefined' || openedEarlyFor === boardId) return
  openedEarlyFor = boardId
  early?.destroy()
  const token = linkToken(boardId)
  early = token ? openLink(boardId, token) : null
  earlySettled = early ? socketSettled(early.provider) : Promise.resolve()
  earlyInfo = token ? { boardId, token, answer: timedBoardInfo(boardId, token) } : null
  // Its taker handles a failure; until it is taken, it is no unhandled rejection.
  earlyInfo?.answer.catch(() => {})
}

/**
 * The answer to the request for what this board's link allows, made with the early link, for
 * useBoardAccess to take once (null when there is none for this board and token). Asked only
 * once the editor's code had run, it came after the board: the page showed the board
 * read-only, its tools hidden, "Checking the link…", for a round trip more.
 */
export function takeEarlyInfo(boardId: string, token: string): Promise<TimedBoardInfo> | null {
  const info = earlyInfo
  earlyInfo = null
  return info && info.boardId === boardId && info.token === token ? info.answer : null
}

function socketSettled(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      provider.off('status', onStatus)
      provider.off('connection-error', done)
      provider.off('connection-close', done)
      clearTimeout(timer)
      resolve()
    }
    const onStatus = ({ status }: { status: string }) => status !== 'connecting' && done()
    provider.on('status', onStatus)
    provider.on('connection-error', done)
    provider.on('connection-close', done)
    const timer = setTimeout(done, EARLY_SOCKET_WAIT_MS)
  })
}

/**
 * Resolves once the early link's socket has opened (its request for the board already sent:
 * y-websocket sends it in the open handler), failed, or had a second; at once without one.
 *
 * The editor's code runs as one task of ~0.5 s. Started first (its files are preloaded, see
 * server/pagePreloads.ts), it held the socket's open event back until it ended, so the board
 * was asked for only then and arrived 300-450 ms later. Started once the socket is open, the
 * server loads and sends the board while that code runs.
 */
export function earlyLinkSettled(): Promise<void> {
  return earlySettled
}

/** The link opened early for this board and token, or a new one. The caller destroys it. */
export function takeLink(boardId: string, token: string, presence = true): BoardLink {
  const link = early
  early = null
  if (link && link.boardId === boardId && link.token === token && link.presence === presence) return link
  link?.destroy()
  return openLink(boardId, token, presence)
}
