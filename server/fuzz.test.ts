/**
 * Robustness of the sync server under hostile input (frames from server/testing/fuzzFrames.ts).
 *
 * The main test throws 100,000+ frames at one board over raw sockets holding a valid edit
 * token, then checks what must hold whatever a client sends: the process is up, other boards
 * keep syncing, the fuzzed board still loads and validates, memory comes back. The tests
 * under "findings" each pin one bug the fuzzer found (kept as `it.fails` while the bug was
 * there); the comment on each says what it was and what fixed it.
 *
 * Every loop is bounded in count and in time; the file runs in well under a minute.
 */
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { allRecords, recordsArray, recordsKV, sessionMap, TopLevel, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { extractBoard } from '../lib/board/snapshot'
import { validateStoredRecord } from '../lib/board/validateRecord'
import { boardTokens, createBoard, waitFor, type TestClient } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'
import { createFrameFuzzer, FRAME_KINDS, runFuzzLanesInWorker, syncFrame, updatesOf, type FrameKind } from './testing/fuzzFrames'

const FRAMES = 100_000
const LANES = 6
const FUZZ_TIME_MS = 40_000
const ALLOWED_CLOSES = new Set([1000, 1005, 1006, 4400, 4403, 4413, 4429])
const MAX_FRAME = 256 * 1024

const tracked = closeAfterEach()

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const shape = (name: string) => geoShape(name, 1, 1) as unknown as StoredRecord

/** A real GC: `global.gc` under --expose-gc, else switched on at runtime (vitest forks have no flag). */
function findGc(): (() => void) | null {
  if (typeof global.gc === 'function') return global.gc
  try {
    v8.setFlagsFromString('--expose-gc')
    return vm.runInNewContext('gc') as () => void
  } catch {
    return null
  }
}

/** A raw socket whose close code is known once it closes; tracked so afterEach can kill it. */
function rawSocket(url: string) {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  tracked.add(ws, (ws) => ws.terminate())
  ws.on('error', () => {})
  const closed = new Promise<number>((resolve) =>
    ws.once('close', (code) => {
      tracked.close(ws) // forgets it: terminate does nothing to a closed socket
      resolve(code)
    }),
  )
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true))
    void closed.then(() => resolve(false))
  })
  return { ws, closed, opened }
}

/** Resolves true if `p` settles within `ms`. */
const within = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), sleep(ms).then(() => false)])

/**
 * Content outside the schema that a document still shows: any top-level type but the five,
 * map entries on the two arrays (records, spiral), list items in the three maps.
 */
function junkContent(doc: Y.Doc): string[] {
  const arrays = new Set<string>([TopLevel.records, TopLevel.spiral])
  const maps = new Set<string>([TopLevel.meta, TopLevel.session, TopLevel.analysis])
  const junk: string[] = []
  for (const [name, type] of doc.share) {
    const entries = [...type._map].filter(([, item]) => !item.deleted).map(([key]) => key)
    let item = type._start
    while (item && item.deleted) item = item.right
    if (entries.length && !maps.has(name)) junk.push(`${JSON.stringify(name)}: map entries ${JSON.stringify(entries.slice(0, 3))}`)
    if (item && !arrays.has(name)) junk.push(`${JSON.stringify(name)}: list items`)
  }
  return junk
}

/** Round-trip of one edit between two synced clients, in ms. */
async function roundTrip(from: TestClient, to: TestClient, name: string, timeoutMs = 5_000): Promise<number> {
  const start = performance.now()
  recordsKV(from.doc).set(`shape:${name}`, shape(name))
  await waitFor(() => recordsKV(to.doc).get(`shape:${name}`) !== undefined, timeoutMs, `edit ${name} to arrive`)
  return performance.now() - start
}

describe('fuzzing the sync server', () => {
  // Content outside the schema that the fuzzing leaves behind is pinned by its own finding
  // below, so that this test keeps guarding everything else.
  it('100,000 hostile frames: the server stays up, other boards sync, the board stays usable, memory returns', async () => {
    const s = await tracked.server({ messagesPerSecond: 1e6, messageBurst: 1e6, roomIdleMs: 50, maxFrameBytes: MAX_FRAME })
    const honest = await createBoard(s.baseUrl, { template: 'blank' })
    const fuzzed = await createBoard(s.baseUrl, { template: 'example' })
    const [a, b] = [tracked.client(s.wsUrl, honest), tracked.client(s.wsUrl, honest)]
    await Promise.all([a.synced(), b.synced()])
    const gc = findGc()
    gc?.()
    const heapBefore = process.memoryUsage().heapUsed

    // Three kinds are left out here, each pinned by its own test under "findings": a null
    // records entry bricks the board at once, and out-of-order updates (which mutated ones
    // mostly are) make every later update slower, so the run would test nothing else.
    const weights: Partial<Record<FrameKind, number>> = { 'update-out-of-order': 0, 'update-mutated': 0, 'update-null-record': 0 }
    const fuzzing = runFuzzLanesInWorker({
      url: `${s.wsUrl}/${fuzzed}?token=${boardTokens(fuzzed).edit}`,
      frames: FRAMES,
      timeMs: FUZZ_TIME_MS,
      lanes: LANES,
      seed: 7_000,
      fuzzer: { weights, maxFrameBytes: MAX_FRAME },
    })
    // An honest round-trip on the other board twice a second: how much the fuzzing stalls it.
    let done = false
    let slowest = 0
    const prober = (async () => {
      for (let i = 0; !done && i < FUZZ_TIME_MS / 500; i++) {
        slowest = Math.max(slowest, await roundTrip(a, b, `probe${i}`, 10_000).catch(() => 10_000))
        await sleep(500)
      }
    })()
    const run = await fuzzing.finally(() => (done = true))
    await prober

    const histogram = JSON.stringify(run.codes)
    expect.soft(run.sent, `frames sent in ${run.ms} ms`).toBeGreaterThanOrEqual(FRAMES)
    expect.soft(Object.keys(run.codes).map(Number).filter((c) => !ALLOWED_CLOSES.has(c)), `close codes ${histogram}`).toEqual([])
    expect.soft(run.unclosed, 'garbage frames the server did not close on').toEqual({})

    // The process is up and the honest board still syncs a new edit promptly.
    expect.soft((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200)
    await expect.soft(roundTrip(a, b, 'after-fuzz', 5_000)).resolves.toBeLessThan(5_000)

    // The fuzzed board: a newcomer syncs, every record is valid, the snapshot extracts.
    let junk: string[] = []
    const checkBoard = async (when: string) => {
      const c = tracked.client(s.wsUrl, fuzzed)
      await expect.soft(c.synced(), `${when}: newcomer syncs (closes seen: ${c.closes})`).resolves.toBeUndefined()
      const invalid = allRecords(c.doc).map((r) => validateStoredRecord(r.id, r)).filter(Boolean)
      expect.soft(invalid, `${when}: invalid records`).toEqual([])
      expect.soft(() => extractBoard(allRecords(c.doc)), `${when}: snapshot extraction`).not.toThrow()
      junk = junkContent(c.doc)
      tracked.close(c)
    }
    await checkBoard('live room')
    // And again from storage, after the room unloaded: what everyone gets tomorrow.
    await waitFor(() => !s.server.rooms.peek(fuzzed), 5_000, 'the fuzzed board to unload')
    await checkBoard('reloaded room')
    await waitFor(() => !s.server.rooms.peek(fuzzed), 5_000, 'the fuzzed board to unload again')

    gc?.()
    const heapAfter = process.memoryUsage().heapUsed
    if (!gc) console.log('no way to force GC here (no --expose-gc, v8 flag refused): heap figures include garbage')
    const mb = (n: number) => `${Math.round(n / 1e6)} MB`
    console.log(
      `fuzz: ${run.sent} frames in ${run.ms} ms, ${run.sockets} sockets, closes ${histogram}, heap ${mb(heapBefore)} → ${mb(heapAfter)}, ` +
        `slowest honest round-trip during fuzzing ${Math.round(slowest)} ms; ${junk.length} places hold content outside the schema`,
    )
    expect(heapAfter).toBeLessThan(heapBefore + 150e6)
  }, 60_000)

  it('10,000 rejected connection attempts leave no open socket behind', async () => {
    const s = await tracked.server()
    const board = await createBoard(s.baseUrl)
    const codes = new Map<number, number>()
    const attempt = async () => {
      const { closed } = rawSocket(`${s.wsUrl}/${board}?token=${'x'.repeat(22)}`)
      const code = await closed
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    const deadline = Date.now() + 20_000
    for (let i = 0; i < 10_000 && Date.now() < deadline; i += 200) await Promise.all(Array.from({ length: 200 }, attempt))
    expect(Object.fromEntries(codes)).toEqual({ 4401: 10_000 })
    expect(s.server.rooms.connectionCount).toBe(0)
    // Only keep-alive HTTP connections from creating the board may remain.
    const open = () => new Promise<number>((r) => s.server.http.getConnections((_e, n) => r(n)))
    let last = await open()
    for (const until = Date.now() + 5_000; last > 2 && Date.now() < until; await sleep(50)) last = await open()
    expect(last).toBeLessThanOrEqual(2)
  }, 30_000)

  describe('findings', () => {
    /**
     * Found here: WriteGuard.apply refused writes outside the schema but could not take them
     * back (its UndoManager tracks only the five top-level types), and a map entry written on
     * the records array passed check(). Now both are refused; content in unknown types is
     * deleted by the guard, the rest undone.
     */
    it('content outside the schema does not stay in the document', async () => {
      const s = await tracked.server({ roomIdleMs: 50 })
      const board = await createBoard(s.baseUrl, { template: 'blank' })
      const { ws, opened } = rawSocket(`${s.wsUrl}/${board}?token=${boardTokens(board).edit}`)
      await opened
      ws.send(syncFrame(2, updatesOf((d) => d.getMap('elsewhere').set('junk', 'x'.repeat(1000)))[0]))
      ws.send(syncFrame(2, updatesOf((d) => d.getMap(TopLevel.records).set('shape:x', { not: 'a record' }))[0]))
      await sleep(200)
      ws.terminate()
      await waitFor(() => !s.server.rooms.peek(board), 5_000, 'room unloaded')
      const c = tracked.client(s.wsUrl, board)
      await c.synced()
      expect(junkContent(c.doc)).toEqual([])
    })

    /**
     * Found here: a records entry of null used to throw inside y-utility's YKeyValue observer,
     * so the guard never judged it, and the board could not load again. RecordStore ignores
     * and reports such entries; the guard refuses them.
     */
    it('a null records entry is refused and the board stays loadable', async () => {
      const s = await tracked.server({ roomIdleMs: 50 })
      const board = await createBoard(s.baseUrl, { template: 'blank' })
      const [a, b] = [tracked.client(s.wsUrl, board), tracked.client(s.wsUrl, board)]
      await Promise.all([a.synced(), b.synced()])
      const { ws, closed, opened } = rawSocket(`${s.wsUrl}/${board}?token=${boardTokens(board).edit}`)
      await opened
      ws.send(syncFrame(2, updatesOf((d) => recordsArray(d).push([null as never]))[0]))
      await within(closed, 1_000)
      await expect.soft(roundTrip(a, b, 'after-null', 2_000), 'the live room still syncs').resolves.toBeGreaterThan(0)
      expect.soft(recordsArray(a.doc).toArray(), 'nothing but records reached the honest client').not.toContain(null)
      a.destroy()
      b.destroy()
      ws.terminate()
      await waitFor(() => !s.server.rooms.peek(board), 5_000, 'room unloaded')
      const c = tracked.client(s.wsUrl, board)
      const reloaded = waitFor(() => c.provider.synced, 3_000, 'the board to load again')
      await expect(reloaded.catch(() => Promise.reject(new Error(`reload failed, closes ${c.closes.slice(0, 3)}…`)))).resolves.toBeUndefined()
    })

    /**
     * Found here: an update whose dependencies never arrive was kept by Yjs in
     * doc.store.pendingStructs, and every later update of the room re-merged the whole pending
     * set (6 s stalls). Now WriteGuard parks it with its sender, retries it only when
     * something it waits for has arrived, and MAX_PENDING_BYTES bounds it.
     */
    it('updates that can never apply do not pile up and stall every board', async () => {
      const s = await tracked.server({ messagesPerSecond: 1e6, messageBurst: 1e6, maxPendingBytes: 64 * 1024 })
      const [target, other] = [await createBoard(s.baseUrl), await createBoard(s.baseUrl)]
      const [a, b] = [tracked.client(s.wsUrl, other), tracked.client(s.wsUrl, other)]
      await Promise.all([a.synced(), b.synced()])
      const only = Object.fromEntries(Object.keys(FRAME_KINDS).map((k) => [k, k === 'update-out-of-order' ? 1 : 0]))
      const fuzzer = createFrameFuzzer(1, { weights: only })
      const frames = Array.from({ length: 400 }, () => fuzzer.next().data)
      const { ws, opened } = rawSocket(`${s.wsUrl}/${target}?token=${boardTokens(target).edit}`)
      await opened
      // The event loop is shared by every board: its longest stall is what every user feels.
      let last = performance.now()
      let stall = 0
      const lag = setInterval(() => {
        const now = performance.now()
        stall = Math.max(stall, now - last)
        last = now
      }, 5)
      let replies = 0
      ws.on('message', () => replies++)
      const start = performance.now()
      for (const f of frames) ws.send(f)
      ws.send(syncFrame(0, new Uint8Array([0]))) // answered once everything before it is handled
      // Answered, or closed once the updates waiting for dependencies passed the limit.
      await waitFor(() => replies > 0 || ws.readyState !== WebSocket.OPEN, 15_000, 'the server to get through 400 frames').catch(() => {})
      const took = performance.now() - start
      clearInterval(lag)
      const room = s.server.rooms.peek(target)
      const inDoc = room?.doc.store.pendingStructs?.update.length ?? 0
      const pending = inDoc + [...(room?.peers ?? [])].reduce((n, p) => n + room!.parkedBytes(p), 0)
      console.log(`400 out-of-order updates: handled in ${Math.round(took)} ms, longest event-loop stall ${Math.round(stall)} ms, ${pending} pending bytes held`)
      expect.soft(stall, 'longest event-loop stall (ms)').toBeLessThan(500)
      expect.soft(pending, 'bytes of never-applicable updates held by the room').toBeLessThan(64 * 1024)
      await expect.soft(roundTrip(a, b, 'after-pending', 2_000), 'the other board syncs').resolves.toBeLessThan(2_000)
    }, 20_000)

    /**
     * Found here: Connection.send never looked at ws.bufferedAmount, so a client that sends
     * sync step 1 within the rate limit but never reads made the server queue a full copy of
     * the board per message, without bound (33 MB in this test). A view token is enough.
     * Now a connection is dropped once MAX_BUFFERED_BYTES are queued for it.
     */
    it('a peer that never reads does not make the server buffer without bound', async () => {
      const s = await tracked.server({ maxBufferedBytes: 8 * 1024 * 1024 })
      const board = await createBoard(s.baseUrl, { template: 'example' })
      const { ws, opened } = rawSocket(`${s.wsUrl}/${board}?token=${boardTokens(board).view}`)
      await opened
      ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
      const step1 = syncFrame(0, new Uint8Array([0]))
      // The default limits allow a burst of 600 then 300 a second: stay within them.
      for (let i = 0; i < 4; i++) {
        for (let k = 0; k < (i === 0 ? 590 : 140); k++) ws.send(step1)
        await sleep(500)
      }
      const peer = [...(s.server.rooms.peek(board)?.peers ?? [])][0] as unknown as { ws?: WebSocket } | undefined
      const buffered = peer?.ws?.readyState === WebSocket.OPEN ? peer.ws.bufferedAmount : 0
      console.log(`a non-reading peer: ${Math.round(buffered / 1e6)} MB queued for it on the server`)
      expect(buffered, 'bytes the server queued for one peer').toBeLessThan(16 * 1024 * 1024)
      expect(s.server.rooms.peek(board)?.size ?? 0, 'the non-reading peer was let go').toBe(0)
    }, 15_000)

    /**
     * Found here: pending updates were judged with whoever's update completed them: an
     * edit-link holder forged an update under the facilitator's client id one clock ahead; it
     * waited in pendingStructs until the facilitator's next edit filled the gap and was then
     * applied with the facilitate capability. Parked with its sender, it is judged as the
     * sender's.
     */
    it('an edit link cannot borrow the facilitator’s capability through a pending update', async () => {
      const s = await tracked.server()
      const board = await createBoard(s.baseUrl, { template: 'blank' })
      const facilitator = tracked.client(s.wsUrl, board, { token: boardTokens(board).facilitate })
      const editor = tracked.client(s.wsUrl, board)
      await Promise.all([facilitator.synced(), editor.synced()])
      await roundTrip(facilitator, editor, 'f1')
      const forged = updatesOf((d) => {
        Y.applyUpdate(d, Y.encodeStateAsUpdate(editor.doc))
        d.clientID = facilitator.doc.clientID
        d.getMap('meta').set('gap', 1) // the clock the facilitator's own next edit will fill
        sessionMap(d).set('lock', true)
      })
      const { ws, opened } = rawSocket(`${s.wsUrl}/${board}?token=${boardTokens(board).edit}`)
      await opened
      ws.send(syncFrame(2, forged.at(-1)!))
      await sleep(200)
      await roundTrip(facilitator, editor, 'f2')
      await sleep(200)
      expect(sessionMap(s.server.rooms.peek(board)!.doc).get('lock'), 'session.lock set by an edit link').not.toBe(true)
    })
  })
})
