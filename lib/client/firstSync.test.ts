import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { BIG_SYNC, lightenFirstSync } from './firstSync'

function bigUpdate(): Uint8Array {
  const source = new Y.Doc()
  const map = source.getMap('records')
  for (let i = 0; i < 100; i++) map.set(`r${i}`, new Y.Text('x'.repeat(BIG_SYNC / 100)))
  return Y.encodeStateAsUpdate(source)
}

/**
 * A document with one update listener, lightened for a provider without message handlers
 * (so the answer's bytes are never known): what the listener saw and the full-state stores.
 */
function lightened() {
  const doc = new Y.Doc()
  const provider = { synced: false }
  const seen: unknown[] = []
  const listener = (_u: Uint8Array, origin: unknown) => seen.push(origin)
  doc.on('update', listener)
  const stores = { count: 0 }
  const light = lightenFirstSync(doc, {
    provider,
    listeners: () => [listener],
    storeUpdate: () => {
      throw new Error('no bytes known')
    },
    storeFullState: () => stores.count++,
    whenIdle: (fn) => fn(),
  })
  return { doc, provider, seen, stores, light }
}

describe('lightenFirstSync', () => {
  it('holds the listeners back for the provider’s answers before its first sync only, and stores the state once after it', async () => {
    const { doc, provider, seen, stores, light } = lightened()

    Y.applyUpdate(doc, bigUpdate(), provider)
    expect(seen).toEqual([])
    expect(doc.getMap('records').size).toBe(100)

    // A local edit right after, in the same task: the listener is back.
    doc.transact(() => doc.getMap('records').set('mine', 1), 'local')
    expect(seen).toEqual(['local'])

    provider.synced = true
    light.afterSync()
    light.afterSync()
    expect(stores.count).toBe(1)

    // Later server updates reach the listeners.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    other.getMap('records').set('theirs', 2)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), provider)
    expect(seen).toEqual(['local', provider])
    light.dispose()
  })

  it('puts the listeners back by the next microtask when no transaction follows', async () => {
    const doc = new Y.Doc()
    const provider = { synced: false }
    const seen: unknown[] = []
    const listener = (_u: Uint8Array, origin: unknown) => seen.push(origin)
    doc.on('update', listener)
    lightenFirstSync(doc, { provider, listeners: () => [listener], storeUpdate: () => {}, storeFullState: () => {}, whenIdle: (fn) => fn() })
    Y.applyUpdate(doc, bigUpdate(), provider)
    await Promise.resolve()
    doc.getMap('records').set('mine', 1)
    expect(seen.length).toBe(1)
  })

  it('leaves a small first answer alone', () => {
    const { doc, provider, seen, stores, light } = lightened()
    const small = new Y.Doc()
    small.getMap('records').set('a', 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(small), provider)
    expect(seen).toEqual([provider])
    light.afterSync()
    expect(stores.count).toBe(0)
  })

  it('stores nothing extra when nothing was held back', () => {
    const doc = new Y.Doc()
    let stores = 0
    const light = lightenFirstSync(doc, { provider: { synced: true }, listeners: () => [], storeUpdate: () => {}, storeFullState: () => stores++ })
    light.afterSync()
    expect(stores).toBe(0)
  })

  it('gives the cache the answer’s bytes as received, read from the provider’s sync message', () => {
    const doc = new Y.Doc()
    // A real provider, never connected: its own message handlers take the messages.
    const provider = new WebsocketProvider('ws://127.0.0.1:9', 'board', doc, { connect: false, WebSocketPolyfill: WebSocket as any })
    const seen: unknown[] = []
    const listener = (_u: Uint8Array, origin: unknown) => seen.push(origin)
    doc.on('update', listener)
    const stored: Uint8Array[] = []
    let fullStates = 0
    const light = lightenFirstSync(doc, {
      provider: provider as any,
      listeners: () => [listener],
      storeUpdate: (u) => stored.push(u),
      storeFullState: () => fullStates++,
      whenIdle: (fn) => fn(),
    })
    const answer = bigUpdate()
    const message = encoding.createEncoder()
    syncProtocol.writeSyncStep2(message, (() => { const d = new Y.Doc(); Y.applyUpdate(d, answer); return d })())
    ;(provider as any).messageHandlers[0](encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(message)), provider, true, 0)
    expect(provider.synced).toBe(true)
    expect(doc.getMap('records').size).toBe(100)
    expect(seen).toEqual([])
    expect(stored).toHaveLength(1)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, stored[0])
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc))
    light.afterSync()
    expect(fullStates).toBe(0)
    light.dispose()
    provider.destroy()
  })

  it('stores the full state instead when earlier updates were waiting for the answer', () => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider('ws://127.0.0.1:9', 'board', doc, { connect: false, WebSocketPolyfill: WebSocket as any })
    const source = new Y.Doc()
    Y.applyUpdate(source, bigUpdate())
    const before = Y.encodeStateVector(source)
    source.getMap('records').set('r0', 'later')
    // An edit made after the answer arrives first: it waits for what the answer holds.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source, before), provider)
    expect(doc.store.pendingStructs).not.toBeNull()
    const stored: Uint8Array[] = []
    let fullStates = 0
    const light = lightenFirstSync(doc, { provider: provider as any, listeners: () => [], storeUpdate: (u) => stored.push(u), storeFullState: () => fullStates++, whenIdle: (fn) => fn() })
    const message = encoding.createEncoder()
    encoding.writeVarUint(message, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint8Array(message, Y.encodeStateAsUpdate(source))
    ;(provider as any).messageHandlers[0](encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(message)), provider, true, 0)
    expect(doc.getMap('records').get('r0')).toBe('later')
    expect(stored).toHaveLength(0)
    light.afterSync()
    expect(fullStates).toBe(1)
    light.dispose()
    provider.destroy()
  })
})
