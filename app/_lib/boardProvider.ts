/**
 * The socket to a board, as every page of this app opens it: the stock y-websocket provider
 * to `/yjs/<boardId>`, its link token in the subprotocol list (never in the URL), without the
 * BroadcastChannel, sending only this browser's own presence (lib/client/ownPresence.ts).
 */
import type * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { boardProtocols } from '@/lib/protocol/linkToken'
import { sendOnlyOwnPresence, type PresenceProvider } from '@/lib/client/ownPresence'
import { boardSocketUrl } from './boards'

export function openBoardProvider(boardId: string, doc: Y.Doc, token: string): WebsocketProvider {
  const provider = new WebsocketProvider(boardSocketUrl(), boardId, doc, { protocols: boardProtocols(token), disableBc: true })
  sendOnlyOwnPresence(provider as unknown as PresenceProvider)
  return provider
}
