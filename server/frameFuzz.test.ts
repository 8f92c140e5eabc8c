/**
 * A fuzzer on loopback: at least 100,000 random and mutated frames at a running server
 * (valid headers with garbage bodies, truncated updates, huge lengths, wrong message types,
 * awareness garbage, updates writing junk into every part of the document). The process
 * stays up, other boards keep syncing, the fuzzed board stays usable and valid, and memory
 * comes back near its baseline. Bounded in frames and in time.
 */
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { extractBoard } from '../lib/board/snapshot'
import { validateStoredRecord } from '../lib/board/validateRecord'
import { boardTokens, createBoard, seededRandom, waitFor } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const TOTAL_FRAMES = 100_000
const SOCKETS = 6
const TIME_LIMIT_MS = 80_000

const opened = closeAfterEach()

function frame(type: number, write: (e: encoding.Encoder) => void): Buffer {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  write(e)
  return Buffer.from(encoding.toUint8Array(e))
}

/** Real updates to cut up and mutate. */
function sampleUpdates(): Uint8Array[] {
  const doc = new Y.Doc()
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  for (let i = 0; i < 20; i++) recordsKV(doc).set(`shape:s${i}`, geoShape(`s${i}`, i, i) as unknown as StoredRecord)
  doc.getMap('session').set('lock', 'yes')
  doc.getMap('analysis').set('result', { phase: 'openness' })
  doc.getMap('somewhere-else').set('x', 1)
  recordsKV(doc).set('shape:bad', { id: 'shape:bad', typeName: 'shape', type: 'actor', props: { kind: 'company' } } as never)
  return out
}

function makeGenerator(seed: number) {
  const random = seededRandom(seed)
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)))
  const updates = sampleUpdates()
  const awarenessDoc = new Y.Doc()
  return (): { data: Buffer | string; survives: boolean } => {
    const r = random()
    if (r < 0.55) {
      // Valid awareness with random states and clocks: survivable.
      const a = new awarenessProtocol.Awareness(awarenessDoc)
      a.clientID = Math.floor(random() * 1e9)
      a.setLocalState(random() < 0.2 ? null : { user: { name: bytes(6).toString('base64') }, n: random(), deep: { a: [random()] } })
      const u = awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID])
      a.destroy()
      return { data: frame(1, (e) => encoding.writeVarUint8Array(e, u)), survives: true }
    }
    if (r < 0.7) return { data: frame(3, () => {}), survives: true }
    if (r < 0.8) {
      // A state vector with random clocks: a valid sync step 1.
      const sv = new Map<number, number>()
      for (let i = 0; i < 3; i++) sv.set(Math.floor(random() * 1e6), Math.floor(random() * 1e6))
      const enc = encoding.createEncoder()
      encoding.writeVarUint(enc, sv.size)
      for (const [c, k] of sv) {
        encoding.writeVarUint(enc, c)
        encoding.writeVarUint(enc, k)
      }
      return { data: frame(0, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, encoding.toUint8Array(enc)))), survives: true }
    }
    if (r < 0.95) return { data: frame(0, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, pick(updates)))), survives: true }
    // The rest close the connection: garbage of every kind.
    const u = pick(updates)
    return {
      survives: false,
      data: pick<() => Buffer | string>([
        () => bytes(1 + Math.floor(random() * 64)),
        () => frame(0, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, u.subarray(0, Math.floor(u.length / 2))))),
        () => frame(0, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 2 ** 31), encoding.writeUint8Array(e, bytes(8)))),
        () => frame(4 + Math.floor(random() * 250), (e) => encoding.writeUint8Array(e, bytes(8))),
        () => frame(0, (e) => (encoding.writeVarUint(e, 7), encoding.writeVarUint8Array(e, bytes(4)))),
        () => frame(1, (e) => encoding.writeVarUint8Array(e, bytes(12))),
        () => Buffer.alloc(0),
        () => 'not a binary frame',
      ])(),
    }
  }
}

describe('frame fuzzing', () => {
  it('100,000 random and mutated frames: the server stays up, other boards sync, memory returns', async () => {
    const server = await opened.server({ messagesPerSecond: 1_000_000, messageBurst: 1_000_000, roomIdleMs: 50 })
    const honestBoard = await createBoard(server.baseUrl, { template: 'blank' })
    const fuzzBoard = await createBoard(server.baseUrl, { template: 'example' })
    const a = opened.client(server.wsUrl, honestBoard)
    const b = opened.client(server.wsUrl, honestBoard)
    await Promise.all([a.synced(), b.synced()])
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed

    const url = `${server.wsUrl}/${fuzzBoard}?token=${boardTokens(fuzzBoard).edit}`
    const codes = new Map<number, number>()
    let sent = 0
    let sockets = 0
    const deadline = Date.now() + TIME_LIMIT_MS
    const lane = async (seed: number) => {
      const next = makeGenerator(seed)
      while (sent < TOTAL_FRAMES && Date.now() < deadline) {
        sockets++
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(url)
          // Never wait on one socket for long: a loop here is bounded in time too.
          const guard = setTimeout(() => {
            ws.terminate()
            resolve()
          }, 5_000)
          ws.on('error', () => {})
          ws.on('close', (code) => {
            clearTimeout(guard)
            codes.set(code, (codes.get(code) ?? 0) + 1)
            resolve()
          })
          ws.on('open', async () => {
            // Send in bursts, yielding between them so replies and closes are processed.
            while (ws.readyState === ws.OPEN && sent < TOTAL_FRAMES && Date.now() < deadline) {
              const { data, survives } = next()
              ws.send(data)
              sent++
              if (!survives) return
              if (sent % 50 === 0) await new Promise((r) => setImmediate(r))
            }
            ws.close()
          })
        })
      }
    }
    await Promise.all(Array.from({ length: SOCKETS }, (_, i) => lane(1000 + i)))

    const allowed = new Set([1000, 1005, 1006, 4400, 4403, 4413, 4429])
    const histogram = Object.fromEntries([...codes].sort((x, y) => x[0] - y[0]))
    expect(sent, `frames sent (histogram ${JSON.stringify(histogram)})`).toBeGreaterThanOrEqual(TOTAL_FRAMES)
    for (const code of codes.keys()) expect(allowed.has(code), `close code ${code}`).toBe(true)

    // Up, and the honest board still syncs.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
    recordsKV(a.doc).set('shape:after-fuzz', geoShape('after-fuzz', 1, 1) as unknown as StoredRecord)
    await waitFor(() => recordsKV(b.doc).get('shape:after-fuzz') !== undefined, 10_000, 'honest sync after fuzzing')

    // The fuzzed board is usable, and every record on it is still valid.
    const c = opened.client(server.wsUrl, fuzzBoard)
    await c.synced()
    for (const [key, { val }] of recordsKV(c.doc).map) expect(validateStoredRecord(key, val), key).toBeNull()
    expect(extractBoard([...recordsKV(c.doc).map.values()].map((e) => e.val)).snapshot.actors).toHaveLength(25)
    opened.close(c)

    await waitFor(() => server.server.rooms.count <= 1, 10_000, 'fuzzed board unloaded')
    global.gc?.()
    const heapAfter = process.memoryUsage().heapUsed
    console.log(
      `fuzz: ${sent} frames over ${sockets} sockets; closes ${JSON.stringify(histogram)}; heap ${Math.round(heapBefore / 1e6)} → ${Math.round(heapAfter / 1e6)} MB`,
    )
    expect(heapAfter).toBeLessThan(heapBefore + 150e6)
  }, 150_000)

  it('10,000 rejected connection attempts leave no open connection behind', async () => {
    const server = await opened.server()
    const board = await createBoard(server.baseUrl)
    let refused = 0
    const attempt = () =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${server.wsUrl}/${board}?token=${'x'.repeat(22)}`)
        ws.on('error', () => resolve())
        ws.on('close', (code) => {
          if (code === 4401) refused++
          resolve()
        })
      })
    const deadline = Date.now() + 60_000
    for (let i = 0; i < 10_000 && Date.now() < deadline; i += 50) await Promise.all(Array.from({ length: 50 }, attempt))
    expect(refused).toBe(10_000)
    expect(server.server.rooms.connectionCount).toBe(0)
    // Only the test's own keep-alive HTTP connection (from creating the board) may remain.
    const openConnections = () => new Promise<number>((resolve) => server.server.http.getConnections((_e, n) => resolve(n)))
    let open = await openConnections()
    for (const deadline2 = Date.now() + 30_000; open > 2 && Date.now() < deadline2; open = await openConnections()) {
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(open).toBeLessThanOrEqual(2)
  }, 90_000)
})
