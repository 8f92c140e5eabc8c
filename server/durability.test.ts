import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'

const shape = (key: string, x: number) => geoShape(key, x, 0) as unknown as StoredRecord
import {
  createBoard,
  spawnServer,
  startServer,
  tempDir,
  waitFor,
} from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()

function contentOf(doc: Y.Doc): string {
  const entries = [...recordsKV(doc).map.entries()].map(([k, v]) => [k, v.val])
  return JSON.stringify(entries.sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)))
}

describe('durability', () => {
  it('a restarted server serves exactly the same document', async () => {
    const dataDir = tempDir()
    let server = await startServer({ storage: 'sqlite', dataDir, compactEvery: 7 })
    const board = await createBoard(server.baseUrl)
    const a = opened.client(server.wsUrl, board)
    await a.synced()
    for (let i = 0; i < 40; i++) recordsKV(a.doc).set(`shape:${i % 9}`, shape(String(i % 9), i))
    await server.server.rooms.peek(board)!.settle()
    const before = contentOf(a.doc)
    opened.close(a)
    await server.close()

    server = await startServer({ storage: 'sqlite', dataDir })
    const b = opened.client(server.wsUrl, board)
    await b.synced()
    expect(contentOf(b.doc)).toBe(before)
    await server.close()
  })

  it('after SIGKILL in the middle of a burst, every update another client received is still there', async () => {
    const dataDir = tempDir()
    // A burst far above the per-connection rate limit: this test is about durability.
    const unlimited = { MAX_MESSAGES_PER_SECOND: '1000000', MESSAGE_BURST: '1000000' }
    let proc = opened.add(await spawnServer({ STORAGE: 'sqlite', DATA_DIR: dataDir, ...unlimited }), (p) => p.kill())
    const baseUrl = `http://127.0.0.1:${proc.port}`
    const board = await createBoard(baseUrl)
    const writers = Array.from({ length: 20 }, () => opened.client(`ws://127.0.0.1:${proc.port}/yjs`, board))
    await Promise.all(writers.map((w) => w.synced()))

    // What each client received from the server (origin = its provider), kept aside.
    const received: Uint8Array[][] = writers.map(() => [])
    writers.forEach((w, i) =>
      w.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === w.provider) received[i].push(update)
      }),
    )
    let stop = false
    const burst = writers.map(async (w, i) => {
      for (let n = 0; !stop && n < 600; n++) {
        recordsKV(w.doc).set(`shape:${i}-${n % 13}`, shape(`${i}-${n % 13}`, n))
        // Yield often: 20 writers share this process with their receivers.
        if (n % 2 === 0) await new Promise((r) => setImmediate(r))
      }
    })
    // Kill once every writer has received records of every other writer through the server.
    const seesAll = () => writers.every((w) => writers.every((_, j) => recordsKV(w.doc).map.has(`shape:${j}-1`)))
    await waitFor(() => seesAll() && received.every((r) => r.length >= 2), 60_000, 'clients receiving updates')
    await proc.kill('SIGKILL')
    stop = true
    await Promise.all(burst)
    for (const w of writers) w.provider.disconnect()

    proc = opened.add(await spawnServer({ STORAGE: 'sqlite', DATA_DIR: dataDir, ...unlimited }), (p) => p.kill())
    const checker = opened.client(`ws://127.0.0.1:${proc.port}/yjs`, board)
    await checker.synced()
    const served = Y.encodeStateAsUpdate(checker.doc)
    let total = 0
    for (const updates of received) {
      total += updates.length
      // Adding what this client received to what the server serves changes nothing.
      const merged = new Y.Doc()
      Y.applyUpdate(merged, served)
      const before = Y.encodeStateVector(merged)
      const content = contentOf(merged)
      for (const u of updates) Y.applyUpdate(merged, u)
      expect(Buffer.from(Y.encodeStateVector(merged)).equals(Buffer.from(before))).toBe(true)
      expect(contentOf(merged)).toBe(content)
    }
    expect(total).toBeGreaterThanOrEqual(8)
  }, 120_000)
})
