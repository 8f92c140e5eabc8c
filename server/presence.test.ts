import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { hasNewPresence } from './room'

function peer(clientID: number) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return new awarenessProtocol.Awareness(doc)
}

describe('hasNewPresence (reading clocks before states)', () => {
  it('agrees with y-protocols on echoes, news and removals', () => {
    const server = peer(1)
    server.setLocalState(null)
    const alice = peer(2)
    alice.setLocalState({ cursor: { x: 1, y: 1 } })
    const first = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(hasNewPresence(server, first)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, first, 'alice')
    // The same state again (what every other browser re-sends): nothing new.
    expect(hasNewPresence(server, first)).toBe(false)
    alice.setLocalState({ cursor: { x: 2, y: 1 } })
    const moved = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(hasNewPresence(server, moved)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, moved, 'alice')
    // A removal at the current clock still counts while the state is there.
    const removal = awarenessProtocol.encodeAwarenessUpdate(alice, [2], new Map([[2, null]]) as never)
    expect(hasNewPresence(server, removal)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, removal, 'alice')
    expect(server.getStates().has(2)).toBe(false)
    expect(hasNewPresence(server, removal)).toBe(false)
  })

  it('throws on a truncated update, as y-protocols does', () => {
    const alice = peer(2)
    alice.setLocalState({ name: 'Alice' })
    const update = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(() => hasNewPresence(peer(1), update.slice(0, update.length - 3))).toThrow()
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

describe('presence relay of a room', () => {
  it('relays a move to everyone but its sender, and a relay with several senders to all', async () => {
    const pino = (await import('pino')).default
    const { Room } = await import('./room')
    const { MemoryStorage } = await import('./storage/memory')
    const storage = new MemoryStorage()
    await storage.createBoard('b', Y.encodeStateAsUpdate(new Y.Doc()), 't')
    const room = (await Room.load('b', storage, pino({ level: 'silent' }), { compactEvery: 100, awarenessIntervalMs: 0 }))!
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

function peer_(clientID: number) {
  const a = peer(clientID)
  a.setLocalState({ name: `c${clientID}` })
  return a
}
