/**
 * The socket to a board, as every page of this app opens it: the stock y-websocket provider
 * to `/yjs/<boardId>`, its link token in the subprotocol list (never in the URL), without the
 * BroadcastChannel, sending only this browser's own presence (lib/client/ownPresence.ts).
 *
 * A page with presence also offers its user's key (lib/protocol/userKey.ts), which the server
 * checks every presence of that socket against.
 *
 * `presence: false` for a page that shows nobody's cursor (the present view, the join form):
 * it asks the server for nobody else's presence (`?presence=none`), so a projector or a phone
 * on the venue's wifi is not sent thirty cursors it never draws. It has no presence of its own
 * either, unless `listed` (the join form): then it may set one without a cursor, so that its
 * person is in the participants list.
 */
import type * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { boardProtocols } from '@/lib/protocol/linkToken'
import { userKeyProtocol } from '@/lib/protocol/userKey'
import { sendOnlyOwnPresence, type PresenceProvider } from '@/lib/client/ownPresence'
import { boardSocketUrl } from './boards'
import { loadUser } from './user'

export function openBoardProvider(
  boardId: string,
  doc: Y.Doc,
  token: string,
  { presence = true, listed = false }: { presence?: boolean; listed?: boolean } = {},
): WebsocketProvider {
  const provider = new WebsocketProvider(boardSocketUrl(), boardId, doc, {
    protocols: presence || listed ? [...boardProtocols(token), userKeyProtocol(loadUser().key)] : boardProtocols(token),
    disableBc: true,
    params: presence ? {} : { presence: 'none' },
  })
  if (!presence) provider.awareness.setLocalState(null)
  sendOnlyOwnPresence(provider as unknown as PresenceProvider)
  return provider
}
