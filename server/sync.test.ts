import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { createBoard, seededRandom, waitFor, type TestClient, type TestServer } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()
let server: TestServer

function open(boardId: string): TestClient {
  return opened.client(server.wsUrl, boardId)
}

function recordsOf(doc: Y.Doc): Record<string, unknown> {
  const entries = [...recordsKV(doc).map.entries()].map(([k, v]) => [k, v.val] as const)
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** A valid geo shape record (the server refuses invalid ones). */
function shape(id: string, x: number): StoredRecord {
  return geoShape(id.replace(/^shape:/, ''), x, 0) as unknown as StoredRecord
}

describe('sync through the server', () => {
  it('two clients converge on one board, starting from the server-made document', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const a = open(board)
    const b = open(board)
    await Promise.all([a.synced(), b.synced()])
    expect(recordsOf(a.doc)['document:document']).toBeTruthy()
    recordsKV(a.doc).set('shape:1', shape('shape:1', 10))
    await waitFor(() => recordsKV(b.doc).get('shape:1')?.x === 10, 5000, 'b sees a')
    recordsKV(b.doc).set('shape:1', shape('shape:1', 20))
    await waitFor(() => recordsKV(a.doc).get('shape:1')?.x === 20, 5000, 'a sees b')
    expect(recordsOf(a.doc)).toEqual(recordsOf(b.doc))
  })

  it('three clients making seeded random edits converge to identical documents', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const peers = [open(board), open(board), open(board)]
    await Promise.all(peers.map((p) => p.synced()))
    const random = seededRandom(42)
    for (let step = 0; step < 600; step++) {
      const peer = peers[Math.floor(random() * peers.length)]
      const kv = recordsKV(peer.doc)
      const id = `shape:${Math.floor(random() * 25)}`
      if (random() < 0.2) kv.delete(id)
      else kv.set(id, shape(id, Math.round(random() * 1000)))
      // Let the network interleave with the edits now and then.
      if (step % 50 === 0) await new Promise((r) => setImmediate(r))
    }
    const same = () => {
      const [first, ...rest] = peers.map((p) => JSON.stringify(recordsOf(p.doc)))
      const vectors = peers.map((p) => Buffer.from(Y.encodeStateVector(p.doc)).toString('hex'))
      return rest.every((r) => r === first) && vectors.every((v) => v === vectors[0])
    }
    await waitFor(same, 15_000, 'three peers converge')
    // And a late joiner gets exactly the same document from the server.
    const late = open(board)
    await late.synced()
    await waitFor(() => JSON.stringify(recordsOf(late.doc)) === JSON.stringify(recordsOf(peers[0].doc)), 5000, 'late joiner')
  })

  it('shares presence (awareness) between clients and removes it when one leaves', async () => {
    server = await opened.server()
    const board = await createBoard(server.baseUrl)
    const a = open(board)
    const b = open(board)
    await Promise.all([a.synced(), b.synced()])
    a.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#f00' })
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as any)?.user?.name === 'Ada', 5000, 'presence')
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'presence removed')
  })

  it('refuses an unknown board (no valid link for it: 4401) or a malformed id (4404), and creates nothing', async () => {
    server = await opened.server()
    const unknown = open('AAAAAAAAAAAAAAAAAAAAAA')
    const malformed = open('..%2Fetc')
    await waitFor(() => unknown.closes.includes(4401) && malformed.closes.includes(4404), 5000, '4401 and 4404 closes')
    expect(await server.server.storage.hasBoard('AAAAAAAAAAAAAAAAAAAAAA')).toBe(false)
    const res = await fetch(`${server.baseUrl}/b/AAAAAAAAAAAAAAAAAAAAAA`)
    expect(res.status).toBe(404)
  })

  it('answers healthz with counts and creates boards with unguessable ids', async () => {
    server = await opened.server()
    const id = await createBoard(server.baseUrl, { title: 'Klimaat' })
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const c = open(id)
    await c.synced()
    const health = await (await fetch(`${server.baseUrl}/healthz`)).json()
    expect(health).toMatchObject({ status: 'ok', rooms: 1, connections: 1 })
    const bad = await fetch(`${server.baseUrl}/api/boards`, { method: 'POST', body: '{"template":"nope"}' })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.where).toBe('template')
  })
})
