import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import { filterPresence, isNewPresence, presenceClaimFault } from './room'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { boardTokens, createBoard, waitFor, type TestClient } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'
import { boardProtocols } from '../lib/protocol/linkToken'
import { newUserKey, userIdOfKey, userKeyProtocol } from '../lib/protocol/userKey'

function peer(clientID: number) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return new awarenessProtocol.Awareness(doc)
}

/** Each entry of an awareness update: client id, clock and state bytes. */
function entries(update: Uint8Array): [number, number, Uint8Array][] {
  const decoder = decoding.createDecoder(update)
  return Array.from({ length: decoding.readVarUint(decoder) }, () => [decoding.readVarUint(decoder), decoding.readVarUint(decoder), decoding.readVarUint8Array(decoder)] as [number, number, Uint8Array])
}

describe('isNewPresence (reading clocks before states)', () => {
  it('agrees with y-protocols on echoes, news and removals', () => {
    const server = peer(1)
    server.setLocalState(null)
    const alice = peer(2)
    const isNew = (update: Uint8Array) => entries(update).some(([id, clock, state]) => isNewPresence(server, id, clock, state))
    alice.setLocalState({ cursor: { x: 1, y: 1 } })
    const first = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(isNew(first)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, first, 'alice')
    // The same state again (what every other browser re-sends): nothing new.
    expect(isNew(first)).toBe(false)
    alice.setLocalState({ cursor: { x: 2, y: 1 } })
    const moved = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(isNew(moved)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, moved, 'alice')
    // A removal at the current clock still counts while the state is there.
    const removal = awarenessProtocol.encodeAwarenessUpdate(alice, [2], new Map([[2, null]]) as never)
    expect(isNew(removal)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, removal, 'alice')
    expect(server.getStates().has(2)).toBe(false)
    expect(isNew(removal)).toBe(false)
  })

  it('a truncated update throws while it is read, as in y-protocols', () => {
    const alice = peer(2)
    alice.setLocalState({ name: 'Alice' })
    const update = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(() => filterPresence(update.slice(0, update.length - 3), () => true)).toThrow()
  })
})

describe('presenceClaimFault', () => {
  const peer = { userId: 'abc', capability: 'edit' as const }
  it('takes a state that claims what its peer proves, or claims nothing', () => {
    expect(presenceClaimFault({ presence: { userId: 'user:abc' }, capability: 'edit', user: { name: 'Ada' } }, peer)).toBeNull()
    expect(presenceClaimFault({ cursor: { x: 1 } }, peer)).toBeNull()
    expect(presenceClaimFault({ presence: null }, peer)).toBeNull()
    expect(presenceClaimFault({ cursor: 1 }, { userId: null, capability: 'view' })).toBeNull()
  })
  it("refuses someone else's user id, any user id without a key, and a capability the link does not give", () => {
    expect(presenceClaimFault({ presence: { userId: 'user:xyz' } }, peer)).toMatch(/not the user its socket's key proves/)
    expect(presenceClaimFault({ presence: { userId: 'user:abc' } }, { userId: null, capability: 'edit' })).toMatch(/gave no user key/)
    expect(presenceClaimFault({ capability: 'facilitate' }, peer)).toMatch(/not what its link allows \(edit\)/)
  })
})

describe('presence bookkeeping of a room', () => {
  it('forgets departed clients after a while, keeps present ones', async () => {
    const pino = (await import('pino')).default
    const { Room } = await import('./room')
    const { MemoryStorage } = await import('./storage/memory')
    const storage = new MemoryStorage()
    const doc = new Y.Doc()
    await storage.createBoard('b', Y.encodeStateAsUpdate(doc), 't')
    const room = (await Room.load('b', storage, pino({ level: 'silent' }), { compactEvery: 100 }))!
    const peerOf = (id: number) => ({ id, capability: 'edit' as const, send: () => {}, close: () => {} })
    const [stay, go] = [peerOf(1), peerOf(2)]
    room.addPeer(stay)
    room.addPeer(go)
    for (const [peer, clientID] of [[stay, 10], [go, 20]] as const) {
      const a = peer_(clientID)
      room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(a, [clientID]), peer)
    }
    room.removePeer(go)
    const clients = () => [...room.awareness.meta.keys()].filter((id) => id !== room.awareness.clientID).sort()
    expect(clients()).toEqual([10, 20])
    room.pruneAwarenessMeta(Date.now() + 10_000)
    expect(room.awareness.meta.has(20), 'kept while echoes may still come').toBe(true)
    room.pruneAwarenessMeta(Date.now() + 10 * 60_000)
    expect(clients()).toEqual([10])
    room.destroy()
  })
})

/** A loaded room of an empty board, relaying presence every turn. */
async function emptyRoom() {
  const pino = (await import('pino')).default
  const { Room } = await import('./room')
  const { MemoryStorage } = await import('./storage/memory')
  const storage = new MemoryStorage()
  await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
  return (await Room.load('b', storage, pino({ level: 'silent' }), { compactEvery: 100, awarenessIntervalMs: 0 }))!
}

describe('presence relay of a room', () => {
  it('relays a move to everyone but its sender, and a relay with several senders to all', async () => {
    const room = await emptyRoom()
    const received = new Map<number, number>()
    const peerOf = (id: number) => ({ id, capability: 'edit' as const, send: () => void received.set(id, (received.get(id) ?? 0) + 1), close: () => {} })
    const [a, b, c] = [peerOf(1), peerOf(2), peerOf(3)]
    for (const p of [a, b, c]) room.addPeer(p)
    const tick = () => new Promise((r) => setImmediate(r))
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(peer_(10), [10]), a)
    await tick()
    expect(Object.fromEntries(received)).toEqual({ 2: 1, 3: 1 })
    received.clear()
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(peer_(20), [20]), b)
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(peer_(30), [30]), c)
    await tick()
    expect(Object.fromEntries(received)).toEqual({ 1: 1, 2: 1, 3: 1 })
    // A departure is relayed to everyone who is left.
    received.clear()
    room.removePeer(a)
    await tick()
    expect(Object.fromEntries(received)).toEqual({ 2: 1, 3: 1 })
    room.destroy()
  })
})

describe('presence ownership in a room', () => {
  async function roomWithPeers(n: number) {
    const room = await emptyRoom()
    const peers = Array.from({ length: n }, (_, i) => ({ id: i + 1, capability: 'edit' as const, send: () => {}, close: () => {} }))
    for (const p of peers) room.addPeer(p)
    return { room, peers }
  }
  const nameOf = (room: { awareness: awarenessProtocol.Awareness }, id: number) => (room.awareness.getStates().get(id) as { name?: string } | undefined)?.name

  it("only the peer a presence is credited to removes it; a newer state moves the credit", async () => {
    const { room, peers: [alicePeer, otherPeer, aliceAgain] } = await roomWithPeers(3)
    const alice = peer_(10)
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(alice, [10]), alicePeer)
    expect(nameOf(room, 10)).toBe('c10')
    // Another peer sends Alice's removal (a stock client that timed her out locally): dropped.
    const removal = awarenessProtocol.encodeAwarenessUpdate(alice, [10], new Map([[10, null]]) as never)
    room.applyAwareness(removal, otherPeer)
    expect(room.awareness.getStates().has(10)).toBe(true)
    // In one update with that peer's own state: only its own entry is taken.
    const other = peer_(20)
    const both = new Uint8Array([2, ...removal.slice(1), ...awarenessProtocol.encodeAwarenessUpdate(other, [20]).slice(1)])
    room.applyAwareness(both, otherPeer)
    expect([nameOf(room, 10), nameOf(room, 20)]).toEqual(['c10', 'c20'])
    // Alice's browser is back on a new socket while the server still holds the dead one: her
    // newer state moves the credit, and closing the dead socket does not take her away.
    alice.setLocalState({ name: 'Alice' })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(alice, [10]), aliceAgain)
    expect(nameOf(room, 10)).toBe('Alice')
    room.removePeer(alicePeer)
    expect(nameOf(room, 10)).toBe('Alice')
    room.applyAwareness(removal, alicePeer)
    expect(nameOf(room, 10)).toBe('Alice')
    room.removePeer(aliceAgain)
    expect(room.awareness.getStates().has(10)).toBe(false)
    room.destroy()
  })

  it("takes a presence only as the user its peer's key proves; only that user's other sockets take over its presence", async () => {
    const room = await emptyRoom()
    const peerOf = (id: number, userId: string) => ({ id, userId, capability: 'edit' as const, send: () => {}, close: () => {} })
    const [aliceTab, mallory, aliceBack] = [peerOf(1, 'A'), peerOf(2, 'M'), peerOf(3, 'A')]
    for (const p of [aliceTab, mallory, aliceBack]) room.addPeer(p)
    const stateOf = (id: number) => room.awareness.getStates().get(id) as { name?: string } | undefined
    const alice = peer(10)
    alice.setLocalState({ presence: { userId: 'user:A' }, name: 'Alice' })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(alice, [10]), aliceTab)
    expect(stateOf(10)?.name).toBe('Alice')
    // Mallory sends a newer state of Alice's client, as Alice and as herself: both dropped.
    for (const userId of ['user:A', 'user:M']) {
      alice.setLocalState({ presence: { userId }, name: 'Alice?' })
      room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(alice, [10]), mallory)
      expect(stateOf(10)?.name).toBe('Alice')
    }
    // Her own client claiming Alice's id, or the facilitator's capability: dropped; as herself: taken.
    const own = peer(20)
    own.setLocalState({ presence: { userId: 'user:A' }, name: 'not Alice' })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(own, [20]), mallory)
    own.setLocalState({ presence: { userId: 'user:M' }, capability: 'facilitate', name: 'not a facilitator' })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(own, [20]), mallory)
    expect(stateOf(20)).toBeUndefined()
    own.setLocalState({ presence: { userId: 'user:M' }, capability: 'edit', name: 'Mallory' })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(own, [20]), mallory)
    expect(stateOf(20)?.name).toBe('Mallory')
    // Alice's browser on a new socket (same key) takes her presence over.
    alice.setLocalState({ presence: { userId: 'user:A' }, name: 'Alice again' })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(alice, [10]), aliceBack)
    room.removePeer(aliceTab)
    expect(stateOf(10)?.name).toBe('Alice again')
    room.destroy()
  })

  it('drops a state over MAX_PRESENCE_STATE_BYTES, and takes the same client once it fits', async () => {
    const { MAX_PRESENCE_STATE_BYTES } = await import('./room')
    const { room, peers: [bloater] } = await roomWithPeers(1)
    const big = peer(30)
    big.setLocalState({ name: 'x'.repeat(MAX_PRESENCE_STATE_BYTES) })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(big, [30]), bloater)
    expect(room.awareness.getStates().has(30)).toBe(false)
    big.setLocalState({ name: 'x'.repeat(MAX_PRESENCE_STATE_BYTES - 20) })
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(big, [30]), bloater)
    expect(nameOf(room, 30)).toHaveLength(MAX_PRESENCE_STATE_BYTES - 20)
    room.destroy()
  })

  it('takes at most MAX_PRESENCES_PER_PEER new presences from one peer', async () => {
    const { MAX_PRESENCES_PER_PEER } = await import('./room')
    const { room, peers: [flooder, other] } = await roomWithPeers(2)
    const many = Array.from({ length: 50 }, (_, i) => peer_(100 + i))
    const encoder = [many.length]
    const parts = many.map((a, i) => awarenessProtocol.encodeAwarenessUpdate(a, [100 + i]).slice(1))
    const flood = new Uint8Array([...encoder, ...parts.flatMap((p) => [...p])])
    room.applyAwareness(flood, flooder)
    expect(room.awareness.getStates().size).toBe(MAX_PRESENCES_PER_PEER)
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(peer_(999), [999]), flooder)
    expect(room.awareness.getStates().has(999)).toBe(false)
    room.applyAwareness(awarenessProtocol.encodeAwarenessUpdate(peer_(7), [7]), other)
    expect(nameOf(room, 7)).toBe('c7')
    // A state that is not JSON is malformed (the connection closes on the throw), taken or not.
    const broken = new Uint8Array([1, 0xe7, 0x07, 1, 1, 0x7b])
    expect(() => room.applyAwareness(broken, flooder)).toThrow()
    expect(room.awareness.getStates().size).toBe(MAX_PRESENCES_PER_PEER + 1)
    room.destroy()
  })
})

function peer_(clientID: number) {
  const a = peer(clientID)
  a.setLocalState({ name: `c${clientID}` })
  return a
}

describe('a connection that asks for no presence (real server, y-websocket clients)', () => {
  const opened = closeAfterEach()

  it("is sent nobody's presence (`?presence=none`), and still syncs the board", async () => {
    const server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const [screen, person, watcher] = ([{ presence: 'none' }, {}, {}] as Record<string, string>[]).map((params) => opened.client(server.wsUrl, board, params))
    screen.provider.awareness.setLocalState(null)
    await Promise.all([screen, person, watcher].map((c) => c.synced()))
    const presenceFrames = (client: TestClient) => {
      const counted = { n: 0 }
      ;(client.provider.ws as unknown as { on(event: 'message', listener: (data: Buffer) => void): void }).on('message', (data) => {
        if (decoding.readVarUint(decoding.createDecoder(new Uint8Array(data))) === 1) counted.n++
      })
      return counted
    }
    const [toScreen, toWatcher] = [presenceFrames(screen), presenceFrames(watcher)]
    for (let n = 1; n <= 10; n++) person.provider.awareness.setLocalStateField('cursor', n)
    await waitFor(() => (watcher.provider.awareness.getStates().get(person.doc.clientID) as { cursor?: number } | undefined)?.cursor === 10, 10_000, 'the watcher saw the last move')
    // A write after the moves: once the screen has it, it has had whatever was sent before it.
    recordsKV(person.doc).set('shape:after', geoShape('after', 1, 2) as unknown as StoredRecord)
    await waitFor(() => recordsKV(screen.doc).get('shape:after') !== undefined, 10_000, 'the screen synced the write')
    expect(toWatcher.n).toBeGreaterThan(0)
    expect(toScreen.n).toBe(0)
    expect([...screen.provider.awareness.getStates().keys()]).toEqual([])
  })
})

describe("presence as the user a socket's key proves (real server, y-websocket clients)", () => {
  const opened = closeAfterEach()

  it("relays a presence that claims its own key's id, and drops one that claims another's", async () => {
    const server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const keyed = (key: string) => opened.client(server.wsUrl, board, {}, [...boardProtocols(boardTokens(board).edit), userKeyProtocol(key)])
    const [aliceKey, malloryKey] = [newUserKey(), newUserKey()]
    const [alice, mallory, watcher] = [keyed(aliceKey), keyed(malloryKey), keyed(newUserKey())]
    await Promise.all([alice, mallory, watcher].map((c) => c.synced()))
    const aliceId = `user:${userIdOfKey(aliceKey)}`
    alice.provider.awareness.setLocalState({ presence: { userId: aliceId }, name: 'Alice' })
    mallory.provider.awareness.setLocalState({ presence: { userId: aliceId }, name: 'not Alice' })
    // A write after the forgery: the server reads a socket's frames in order.
    recordsKV(mallory.doc).set('shape:after', geoShape('after', 1, 2) as unknown as StoredRecord)
    const room = server.server.rooms.peek(board)!
    await waitFor(() => recordsKV(room.doc).get('shape:after') !== undefined, 10_000, 'the server applied the write')
    await waitFor(() => watcher.provider.awareness.getStates().has(alice.doc.clientID), 10_000, 'the watcher saw Alice')
    expect(room.awareness.getStates().has(mallory.doc.clientID)).toBe(false)
    expect(watcher.provider.awareness.getStates().has(mallory.doc.clientID)).toBe(false)
    // As herself, she is taken.
    mallory.provider.awareness.setLocalState({ presence: { userId: `user:${userIdOfKey(malloryKey)}` }, name: 'Mallory' })
    await waitFor(() => watcher.provider.awareness.getStates().has(mallory.doc.clientID), 10_000, 'the watcher saw Mallory')
    expect((watcher.provider.awareness.getStates().get(alice.doc.clientID) as { name: string }).name).toBe('Alice')
  })
})
