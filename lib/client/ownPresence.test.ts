import { describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import { createBoard, onPresenceSent, waitFor, type TestClient } from '../../server/testing/harness'
import { closeAfterEach } from '../../server/testing/closeAfterEach'
import { sendOnlyOwnPresence, type PresenceProvider } from './ownPresence'

/** The client ids in each awareness message a client sends over its socket. */
function recordPresenceSent(client: TestClient): number[][] {
  const sent: number[][] = []
  onPresenceSent(client, (update) => {
    const decoder = decoding.createDecoder(update)
    const ids: number[] = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      ids.push(decoding.readVarUint(decoder))
      decoding.readVarUint(decoder)
      decoding.readVarString(decoder)
    }
    sent.push(ids)
  })
  return sent
}

describe('sendOnlyOwnPresence (real server, y-websocket clients)', () => {
  const opened = closeAfterEach()

  it("sends this client's own presence and none of the states it receives", async () => {
    const server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const [own, stock, mover] = [0, 1, 2].map(() => opened.client(server.wsUrl, board))
    sendOnlyOwnPresence(own.provider as unknown as PresenceProvider)
    await Promise.all([own, stock, mover].map((c) => c.synced()))
    const ownSent = recordPresenceSent(own)
    const stockSent = recordPresenceSent(stock)

    for (let n = 1; n <= 20; n++) mover.provider.awareness.setLocalState({ n })
    const seen = (c: TestClient) => (c.provider.awareness.getStates().get(mover.doc.clientID) as { n?: number } | undefined)?.n === 20
    await waitFor(() => seen(own) && seen(stock), 10_000, 'both saw the last move')
    own.provider.awareness.setLocalState({ name: 'own' })
    await waitFor(() => (mover.provider.awareness.getStates().get(own.doc.clientID) as { name?: string } | undefined)?.name === 'own', 10_000, 'own presence arrived')
    // The mover leaves: both remove it when the server says so.
    mover.destroy()
    await waitFor(() => !own.provider.awareness.getStates().has(mover.doc.clientID) && !stock.provider.awareness.getStates().has(mover.doc.clientID), 10_000, 'mover gone')

    // The stock client sends the mover's states back (what this replaces); `own` sends only its own.
    expect(stockSent.flat().filter((id) => id === mover.doc.clientID).length).toBeGreaterThan(0)
    expect(ownSent.length).toBeGreaterThan(0)
    expect(ownSent.flat().every((id) => id === own.doc.clientID)).toBe(true)
  })

  it('still sends its state when the socket opens again, and the listener goes with the provider', async () => {
    const server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const [own, other] = [0, 1].map(() => opened.client(server.wsUrl, board))
    sendOnlyOwnPresence(own.provider as unknown as PresenceProvider)
    own.provider.awareness.setLocalState({ name: 'own' })
    const listed = () => other.provider.awareness.getStates().has(own.doc.clientID)
    await waitFor(listed, 10_000, 'own listed')
    own.provider.disconnect()
    await waitFor(() => !listed(), 10_000, 'own gone with its socket')
    own.provider.connect()
    await waitFor(listed, 10_000, 'own listed again')
    const awareness = own.provider.awareness
    const before = (awareness as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update')?.size ?? 0
    own.provider.destroy()
    expect((awareness as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update')?.size ?? 0).toBe(before - 1)
  })
})
