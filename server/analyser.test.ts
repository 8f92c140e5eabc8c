import { describe, expect, it, vi } from 'vitest'
import pino from 'pino'
import * as Y from 'yjs'
import { analysisMap, ANALYSIS_RESULT_KEY, recordsKV } from '../lib/doc/schema'
import { entryText, readAnalysis, readCore, readMetrics, readSpiral } from '../lib/doc/analysisEntry'
import { actorRecord, ringsRecord, tieRecords } from '../lib/board/records'
import { geoShape } from '../lib/testing/records'
import { AnalyserPeer, LocalAnalyserLocks } from './analyser'
import { AnalysisWorker } from './analysisPool'
import { BoardAnalysis } from './boardAnalysis'
import { Room } from './room'
import { MemoryStorage } from './storage/memory'
import { createBoard, waitFor } from './testing/harness'
import { closeAfterEach } from './testing/closeAfterEach'

const opened = closeAfterEach()

/** Rings centred on (0,0), radii 270 / 576 / 900; an actor centred at (cx, cy). */
function put(doc: Y.Doc, ...records: { id: string }[]) {
  doc.transact(() => {
    for (const r of records) recordsKV(doc).set(r.id, r as any)
  })
}
const actor = (key: string, cx: number, cy: number) => actorRecord(`shape:${key}`, cx - 100, cy - 48, { name: key, themes: ['climate'] })
const tie = (key: string, from: string, to: string, trust: any, kind: any) =>
  tieRecords(`shape:${key}`, `shape:${from}`, `shape:${to}`, { x: 0, y: 0 }, { x: 1, y: 1 }, { trust, kind })

/**
 * A small board (rings, two core actors) analysed once by a peer that then stopped, as a board
 * is stored; `peerOf` starts a new peer on a document, as loading the board again does.
 */
async function analysedSmallBoard() {
  const log = pino({ level: 'silent' })
  const options = { debounceMs: 100_000, maxWaitMs: 100_000, workerThreshold: 10_000, historyIntervalMs: 0 }
  const worker = opened.add(new AnalysisWorker(), (w) => w.close())
  const peerOf = (doc: Y.Doc) => {
    const peer = new AnalyserPeer('board', doc, new LocalAnalyserLocks(), worker, log, options)
    opened.add(peer, (p) => p.stop())
    peer.start()
    return peer
  }
  const doc = new Y.Doc()
  const first = peerOf(doc)
  put(doc, ringsRecord('shape:rings', 0, 0), actor('a1', 0, 0), actor('a2', 100, 100))
  await first.run()
  first.stop()
  return { doc, peerOf }
}

describe('the analyser peer', () => {
  it('analyses a real client’s change and every connected client receives the same analysis', async () => {
    const server = await opened.server({}, undefined)
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const a = opened.client(server.wsUrl, board)
    const b = opened.client(server.wsUrl, board)
    await Promise.all([a.synced(), b.synced()])
    // A blank board: no core, phase empty.
    await waitFor(() => readCore(b.doc)?.phase === 'empty', 5000, 'empty phase')

    put(a.doc, ringsRecord('shape:rings', 0, 0), actor('a1', 0, 0), actor('a2', 100, 100), ...tie('t1', 'a1', 'a2', 'conflict', 'conflict'))
    await waitFor(() => readCore(b.doc)?.gapCounts['core-conflict'] === 1, 5000, 'core-conflict gap')
    await waitFor(() => readCore(a.doc)?.gapCounts['core-conflict'] === 1, 5000, 'core-conflict gap in a')
    expect(readCore(a.doc)!.phase).toBe('focus')
    expect(readCore(a.doc)!.gaps[0].id).toBe('core-conflict:shape:a1+shape:a2')
    await waitFor(() => readMetrics(b.doc)?.actors['shape:a1'] !== undefined, 5000, 'metrics')
    expect(JSON.stringify(readAnalysis(a.doc))).toBe(JSON.stringify(readAnalysis(b.doc)))
    // The spiral's first point is the empty board; the next waits for its interval (10 s).
    expect(readSpiral(b.doc)[0].phase).toBe('empty')
  })

  it('writes nothing when the map changes in ways that do not change the analysis', async () => {
    const doc = new Y.Doc()
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const peer = new AnalyserPeer('board', doc, new LocalAnalyserLocks(), worker, pino({ level: 'silent' }), {
      debounceMs: 100_000, maxWaitMs: 100_000, workerThreshold: 10_000, historyIntervalMs: 0,
    })
    opened.add(peer, (p) => p.stop())
    peer.start()
    put(doc, ringsRecord('shape:rings', 0, 0), actor('a1', 0, 0), actor('a2', 100, 100))
    await peer.run()
    expect(readCore(doc)?.parts.anchored).toBe(2)
    const writes = peer.writes
    // A card moved within the core: same roles, same analysis, nothing written.
    put(doc, actor('a1', 20, -20))
    await peer.run()
    expect(peer.writes).toBe(writes)
    // A card moved to the allies ring: a new analysis.
    put(doc, actor('a2', 0, 400))
    await peer.run()
    expect(peer.writes).toBeGreaterThan(writes)
    expect(readCore(doc)?.gapCounts['isolated-ally']).toBe(1)
  })

  it('a board loaded again with the analysis of its map is not analysed again until its map changes', async () => {
    const { doc: first, peerOf } = await analysedSmallBoard()
    const storedCore = analysisMap(first).get(ANALYSIS_RESULT_KEY)
    const hash = readCore(first)!.inputHash
    expect(readMetrics(first)?.inputHash).toBe(hash)

    // The same board loaded again (its stored state), with a new analyser and nothing changed.
    const again = new Y.Doc()
    Y.applyUpdate(again, Y.encodeStateAsUpdate(first))
    // Nothing to compute (an analysis that ran would be returned, changed or not).
    const analysis = new BoardAnalysis(again)
    expect(analysis.next({})).toBeNull()
    analysis.destroy()
    const peer = peerOf(again)
    await peer.run()
    expect(peer.writes).toBe(0)
    // Not even rewritten with a new time.
    expect(analysisMap(again).get(ANALYSIS_RESULT_KEY)).toBe(storedCore)
    // A change to the map is analysed as ever.
    put(again, actor('a2', 0, 400))
    await peer.run()
    expect(peer.writes).toBeGreaterThan(0)
    expect(readCore(again)?.gapCounts['isolated-ally']).toBe(1)
    expect(readCore(again)?.inputHash).not.toBe(hash)
  })

  it('a board whose stored analysis was made of another map (or by another analyser version) is analysed on loading', async () => {
    const { doc, peerOf } = await analysedSmallBoard()
    const core = readCore(doc)!
    expect(core.phase).toBe('focus')
    // What another analyser version would have stored: other results, under another hash.
    analysisMap(doc).set(ANALYSIS_RESULT_KEY, entryText({ ...core, phase: 'mass', computedAt: undefined, inputHash: undefined }, 1, 'another-version'))
    const peer = peerOf(doc)
    await peer.run()
    expect(peer.writes).toBeGreaterThan(0)
    expect(readCore(doc)?.phase).toBe('focus')
    expect(readCore(doc)?.inputHash).toBe(core.inputHash)
  })

  it('computes metrics in the worker for big boards', async () => {
    let server = await opened.server()
    // Recreate the server with a worker threshold of 0 to force the worker path.
    await opened.close(server)
    const { createCoalitionServer } = await import('./app')
    const { testConfig } = await import('./testing/harness')
    const s = createCoalitionServer(testConfig(), { log: pino({ level: 'silent' }), analyser: { workerThreshold: 0, debounceMs: 10 } })
    const port = await s.listen()
    opened.add(s, (s) => s.close())
    server = { server: s, port, baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/yjs`, close: () => s.close() }
    const board = await createBoard(server.baseUrl, { template: 'blank' })
    const a = opened.client(server.wsUrl, board)
    await a.synced()
    put(a.doc, actor('x', 0, 0), actor('y', 300, 0), actor('z', 600, 0), ...tie('xy', 'x', 'y', 'high', 'cooperation'), ...tie('yz', 'y', 'z', 'high', 'cooperation'))
    await waitFor(() => readMetrics(a.doc)?.brokers[0] === 'shape:y', 10_000, 'broker from the worker')
    expect(readMetrics(a.doc)!.actors['shape:y'].betweenness).toBe(1)
    // A newcomer's sync answer comes from the worker's replica too, complete.
    const encodes = s.analysisWorker.encodes
    const b = opened.client(server.wsUrl, board)
    await b.synced()
    expect(s.analysisWorker.encodes).toBe(encodes + 1)
    expect(recordsKV(b.doc).size).toBe(recordsKV(a.doc).size)
    expect(readMetrics(b.doc)).toEqual(readMetrics(a.doc))
  })

  it('the worker replica gives the same analysis as the event loop, and writes nothing for a move within a ring', async () => {
    const records = [
      ringsRecord('shape:rings', 0, 0),
      actor('a', 0, 0), actor('b', 60, 0), actor('c', 400, 0), actor('d', 800, 0),
      ...tie('ab', 'a', 'b', 'high', 'cooperation'), ...tie('bc', 'b', 'c', 'low', 'communication'),
      ...tie('cd', 'c', 'd', 'conflict', 'conflict'),
    ]
    const [local, remote] = [new Y.Doc(), new Y.Doc()]
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const log = pino({ level: 'silent' })
    const base = { debounceMs: 1, maxWaitMs: 5, historyIntervalMs: 0 }
    const here = new AnalyserPeer('local', local, new LocalAnalyserLocks(), worker, log, { ...base, workerThreshold: 1e9 })
    const there = new AnalyserPeer('remote', remote, new LocalAnalyserLocks(), worker, log, { ...base, workerThreshold: 0 })
    for (const p of [here, there]) opened.add(p, (p) => p.stop())
    here.start()
    there.start()
    put(local, ...records)
    put(remote, ...records)
    const done = (doc: Y.Doc) => (readCore(doc)?.phase ?? 'empty') !== 'empty' && readMetrics(doc)?.inputHash === readCore(doc)?.inputHash
    await waitFor(() => done(local) && done(remote) && readCore(local)!.inputHash === readCore(remote)!.inputHash, 10_000, 'both analysed')
    expect(worker.isAttached('remote')).toBe(true)
    expect(worker.isAttached('local')).toBe(false)
    expect(JSON.stringify(readAnalysis(remote))).toBe(JSON.stringify(readAnalysis(local)))
    expect(readCore(remote)!.inputHash).toBe(readCore(local)!.inputHash)
    // A move that keeps every role changes no input: the worker says so, nothing is written.
    const writes = there.writes
    put(remote, actor('d', 820, 10))
    await there.run()
    expect(there.writes).toBe(writes)
    // A move into the core ring changes the analysis.
    const before = readCore(remote)!.inputHash
    put(remote, actor('d', 30, 30))
    await waitFor(() => readCore(remote)!.inputHash !== before, 10_000, 'd in the core')
    expect(there.writes).toBeGreaterThan(writes)
  })

  it('keeps a replica in the analysis process for a big coalition only, not for a big board of other shapes', async () => {
    const [coalition, drawing] = [new Y.Doc(), new Y.Doc()]
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const log = pino({ level: 'silent' })
    const options = { debounceMs: 1, maxWaitMs: 5, historyIntervalMs: 0, workerThreshold: 20 }
    const peers = [new AnalyserPeer('coalition', coalition, new LocalAnalyserLocks(), worker, log, options), new AnalyserPeer('drawing', drawing, new LocalAnalyserLocks(), worker, log, options)]
    for (const p of peers) opened.add(p, (p) => p.stop())
    // 21 actors against 200 geo shapes, which the analyser ignores.
    put(coalition, ringsRecord('shape:rings', 0, 0), ...Array.from({ length: 21 }, (_, i) => actor(`a${i}`, i * 5, 0)))
    put(drawing, ringsRecord('shape:rings', 0, 0), ...Array.from({ length: 200 }, (_, i) => geoShape(`shape:g${i}`, i * 5, 0)))
    for (const p of peers) p.start()
    await waitFor(() => readCore(coalition) !== null && readCore(drawing) !== null, 10_000, 'both analysed')
    expect(worker.isAttached('coalition')).toBe(true)
    expect(worker.isAttached('drawing')).toBe(false)
    expect(readCore(drawing)?.phase).toBe('empty')
    expect(readCore(coalition)?.phase).not.toBe('empty')
  })

  it('makes a loaded big coalition’s replica of the stored pieces it was loaded from, at once', async () => {
    const storage = new MemoryStorage()
    const source = new Y.Doc()
    put(source, ringsRecord('shape:rings', 0, 0), ...Array.from({ length: 21 }, (_, i) => actor(`a${i}`, i * 5, 0)))
    await storage.createBoard('b', Y.encodeStateAsUpdate(source), 't')
    // One more stored update beside the snapshot: the room is made of two pieces.
    const later = new Y.Doc()
    Y.applyUpdate(later, Y.encodeStateAsUpdate(source))
    const edits: Uint8Array[] = []
    later.on('update', (u: Uint8Array) => edits.push(u))
    put(later, actor('late', 500, 0))
    await storage.appendUpdates('b', edits)
    const room = (await Room.load('b', storage, pino({ level: 'silent' }), { compactEvery: 1000 }))!
    opened.add(room, (r) => r.destroy())
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const peer = new AnalyserPeer('b', room.doc, new LocalAnalyserLocks(), worker, pino({ level: 'silent' }), {
      debounceMs: 100_000, maxWaitMs: 100_000, workerThreshold: 20, historyIntervalMs: 0,
    })
    opened.add(peer, (p) => p.stop())
    const loaded = room.takeLoadedState()
    expect(loaded).toHaveLength(2)
    expect(room.takeLoadedState(), 'given once').toBeNull()
    peer.start(loaded)
    // The replica is there before any analysis ran, and follows later edits.
    expect(worker.isAttached('b')).toBe(true)
    put(room.doc, actor('after', 900, 0))
    const replica = new Y.Doc()
    Y.applyUpdate(replica, await worker.encodeState('b')!)
    expect(recordsKV(replica).size).toBe(recordsKV(room.doc).size)
    expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(room.doc))
    expect(peer.writes).toBe(0)
  })

  it('a second analyser for the same board never writes', async () => {
    const doc = new Y.Doc()
    const locks = new LocalAnalyserLocks()
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const log = pino({ level: 'silent' })
    const options = { debounceMs: 1, maxWaitMs: 5, workerThreshold: 10_000, historyIntervalMs: 0 }
    const first = new AnalyserPeer('board', doc, locks, worker, log, options)
    const second = new AnalyserPeer('board', doc, locks, worker, log, options)
    for (const p of [first, second]) opened.add(p, (p) => p.stop())
    expect(first.start()).toBe(true)
    expect(second.start()).toBe(false)
    put(doc, ringsRecord('shape:rings', 0, 0), actor('a1', 0, 0))
    await second.run()
    await waitFor(() => readCore(doc)?.parts.anchored === 1, 5000, 'first analyser writes')
    expect(first.writes).toBeGreaterThan(0)
    expect(second.writes).toBe(0)
  })

  it('analyses a quarter second after the last update, at most a second after the first, with one timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    opened.add(vi, (vi) => vi.useRealTimers())
    const doc = new Y.Doc()
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const peer = new AnalyserPeer('board', doc, new LocalAnalyserLocks(), worker, pino({ level: 'silent' }), {
      debounceMs: 250, maxWaitMs: 1000, workerThreshold: 10_000, historyIntervalMs: 0,
    })
    const runs: number[] = []
    const run = peer.run.bind(peer)
    peer.run = () => (runs.push(performance.now()), run())
    opened.add(peer, (p) => p.stop())
    // Restored before the clock (a spy restored later would put the fake setTimeout back).
    const arming = opened.add(vi.spyOn(globalThis, 'setTimeout'), (spy) => spy.mockRestore())
    const start = performance.now()
    peer.start()
    await vi.advanceTimersByTimeAsync(300)
    expect(runs.map((t) => t - start)).toEqual([250])
    // An update every 20 ms for 2.5 s: due at most maxWait after the first of them.
    for (let i = 0; i < 125; i++) {
      put(doc, actor(`a${i % 10}`, i, 0))
      expect(vi.getTimerCount()).toBe(1)
      await vi.advanceTimersByTimeAsync(20)
    }
    expect(runs.map((t) => t - start)).toEqual([250, 1300, 2300])
    // Quiet: the last update's analysis comes 250 ms after it.
    await vi.advanceTimersByTimeAsync(1000)
    expect(runs.map((t) => t - start)).toEqual([250, 1300, 2300, 3030])
    expect(vi.getTimerCount()).toBe(0)
    // Armed when an analysis became pending and when its due time had moved, not per update.
    const arms = arming.mock.calls.filter(([callback]) => callback === (peer as any).onDue).length
    expect(arms).toBeGreaterThan(0)
    expect(arms).toBeLessThan(125 / 4)
  })

  it('keeps the spiral history to one point per interval and catches up afterwards', async () => {
    const doc = new Y.Doc()
    let now = 1_000_000
    const worker = opened.add(new AnalysisWorker(), (w) => w.close())
    const peer = new AnalyserPeer('board', doc, new LocalAnalyserLocks(), worker, pino({ level: 'silent' }), {
      debounceMs: 1, maxWaitMs: 5, workerThreshold: 10_000, historyIntervalMs: 50, now: () => now,
    })
    opened.add(peer, (p) => p.stop())
    peer.start()
    await waitFor(() => readSpiral(doc).length === 1, 5000, 'first point')
    put(doc, ringsRecord('shape:rings', 0, 0), actor('a1', 0, 0))
    await waitFor(() => readCore(doc)?.phase === 'focus', 5000, 'focus')
    expect(readSpiral(doc)).toHaveLength(1) // too soon after the first point
    now += 100
    await waitFor(() => readSpiral(doc).length === 2, 5000, 'caught up after the interval')
    expect(readSpiral(doc).map((p) => p.phase)).toEqual(['empty', 'focus'])
  })
})
