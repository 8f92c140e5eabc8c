/**
 * The stock y-websocket provider sends every change of its awareness to the server, other
 * people's included: each presence the server relays is sent straight back by every browser
 * that received it, and each remote state a browser times out locally is sent as a removal.
 * In a session of thirty, a phone uploads the cursor moves of the other twenty-nine, and the
 * server parses thirty copies of each (dropping all but one by their clocks).
 *
 * The relay exists for the provider's BroadcastChannel, which shares a tab's states with the
 * other tabs of the board in the same browser. The server already sends each tab everything,
 * and a state relayed by another tab can reach the server before its owner's own socket is
 * open; the server then credits it to the relaying tab, which keeps it listed after the owner
 * closes. So a board's socket carries this client's own presence only, and the
 * BroadcastChannel is not used (`disableBc` when the provider is made).
 *
 * When its socket closes, the server removes the client's state but keeps its clock, so that
 * a late echo cannot bring a departed person back; the provider announces itself again on
 * opening at that same clock, which the server therefore drops, and an idle person stayed
 * missing from everyone's list until the awareness renewal 15 s later. So the state is sent
 * again at a new clock once the socket is open.
 */
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'

/** The parts of the stock provider this touches. */
export interface PresenceProvider {
  doc: { clientID: number }
  awareness: awarenessProtocol.Awareness
  ws: { readyState: number; send(data: Uint8Array): void } | null
  wsconnected: boolean
  _awarenessUpdateHandler: (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void
  on(event: 'status', handler: (event: { status: string }) => void): void
}

/** y-websocket's message type for an awareness update. */
const MESSAGE_AWARENESS = 1
const OPEN = 1

/**
 * Replaces the provider's awareness listener by one that sends only this client's own state,
 * and announces that state at a new clock each time the socket opens.
 * The provider removes whatever listener is in `_awarenessUpdateHandler` when destroyed, so
 * the new one is put there.
 */
export function sendOnlyOwnPresence(provider: PresenceProvider): void {
  const { awareness } = provider
  awareness.off('update', provider._awarenessUpdateHandler)
  provider._awarenessUpdateHandler = ({ added, updated, removed }) => {
    const own = provider.doc.clientID
    if (!added.includes(own) && !updated.includes(own) && !removed.includes(own)) return
    const ws = provider.ws
    if (!provider.wsconnected || !ws || ws.readyState !== OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]))
    ws.send(encoding.toUint8Array(encoder))
  }
  awareness.on('update', provider._awarenessUpdateHandler)
  // Listeners go with the provider when it is destroyed.
  provider.on('status', ({ status }) => {
    const state = awareness.getLocalState()
    if (status === 'connected' && state !== null) awareness.setLocalState(state)
  })
}
