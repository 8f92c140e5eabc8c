/**
 * Soak test of the sync server: `node --import tsx scripts/soak.ts [--minutes N] [--clients N]`
 * (defaults 30 minutes, 200 clients; `--minutes 0.5` for a quick check).
 *
 * The standalone server runs as a child process on SQLite in a temp dir. N stock y-websocket
 * clients on 10 boards each move a shape of their own every ~2 s and their cursor at ~2 Hz,
 * like a workshop. Meanwhile the child's RSS is sampled every 5 s. Near the end the server is
 * restarted and every client reconnects at once, while an edit round-trips every 20 ms on a
 * board that is already loaded again: its longest round-trip is the stall a storm causes.
 * Then 10,000 connection attempts with a bad token, and a last check that every client of a
 * board ended with the same records.
 *
 * Exit 0 when RSS drifts ≤ 10 % (steady phase, and across the rejected attempts) and no error
 * happened (unexpected close, connection error, sync failure, divergent board); else 1.
 * The child runs with its inspector on (to force GCs): "Debugger …" lines on stderr are that.
 */
import fs from 'node:fs'
import net from 'node:net'
import { parseArgs } from 'node:util'
import { WebSocket } from 'ws'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { connect, createBoard, spawnServer, tempDir, waitFor, type ServerProcess, type TestClient } from '../server/testing/harness'

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' }, clients: { type: 'string', default: '200' } } })
const MINUTES = Number(values.minutes)
const CLIENTS = Number(values.clients)
const BOARDS = 10
const DRIFT_LIMIT = 0.1
if (!(MINUTES > 0) || !(CLIENTS > 0)) throw new Error('--minutes and --clients must be positive numbers')

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const log = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`)
const t0 = Date.now()

// ---- errors: every one is counted and the first few are shown --------------------------
const errors: string[] = []
function error(what: string): void {
  errors.push(what)
  if (errors.length <= 10) log(`error: ${what}`)
}
/** While true, closes and connection errors are ours (restart, shutdown), not errors. */
let restarting = false

// ---- the server child and its RSS ----------------------------------------------------------
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

const dataDir = tempDir('cc-soak-')
const port = await freePort()
// The inspector lets us force a full GC in the child before the RSS readings that decide
// pass or fail: without it RSS swings by ±30 MB with V8's young generation (not a leak).
const inspectPort = await freePort()
const env = {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${inspectPort}`.trim(),
  STORAGE: 'sqlite',
  DATA_DIR: dataDir,
  PORT: String(port),
  // Room for every client plus the rejected attempts in flight, from one address.
  MAX_CONNECTIONS_PER_ADDRESS: String(CLIENTS + 1000),
  MAX_CONNECTIONS_PER_BOARD: String(Math.max(300, CLIENTS)),
}
const base = `http://127.0.0.1:${port}`
const wsUrl = `ws://127.0.0.1:${port}/yjs`
let server: ServerProcess = await spawnServer(env)
process.on('exit', () => server.child.kill('SIGKILL')) // never leave a server behind, even on a throw

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024
}
type Phase = 'warm-up' | 'steady' | 'storm' | 'after storm' | 'rejects'
let phase: Phase = 'warm-up'
const samples: { phase: Phase; pid: number; mb: number }[] = []
const sampleRss = () => {
  const pid = server.child.pid!
  try {
    samples.push({ phase, pid, mb: rssMB(pid) })
  } catch {
    // The child is between lives (restart): no sample.
  }
}
const sampler = setInterval(sampleRss, 5_000)
/** A full GC in the child (DevTools protocol), then its RSS and V8 heap in use: what is retained. */
async function settledMemory(): Promise<{ rss: number; heap: number }> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[]
  const ws = new WebSocket(target.webSocketDebuggerUrl)
  await new Promise((resolve) => ws.once('open', resolve))
  const replies = new Map<number, (result: any) => void>()
  ws.on('message', (data) => {
    const { id, result } = JSON.parse(String(data))
    replies.get(id)?.(result)
  })
  const call = (id: number, method: string) =>
    new Promise<any>((resolve) => {
      replies.set(id, resolve)
      ws.send(JSON.stringify({ id, method }))
    })
  await call(1, 'HeapProfiler.collectGarbage')
  const { usedSize } = await call(2, 'Runtime.getHeapUsage')
  ws.close()
  await sleep(500) // let the freed pages go back to the OS
  return { rss: rssMB(server.child.pid!), heap: usedSize / 2 ** 20 }
}
const fmt = (m: { rss: number; heap: number }) => `RSS ${m.rss.toFixed(1)} MB (heap ${m.heap.toFixed(1)} MB)`

// ---- boards and clients ------------------------------------------------------------------
process.setMaxListeners(CLIENTS + 50) // each stock provider adds an 'exit' listener
const boards = await Promise.all(Array.from({ length: BOARDS }, () => createBoard(base, { template: 'blank' })))
const probeBoard = await createBoard(base, { template: 'blank' })

interface Participant {
  client: TestClient
  board: string
  shape: string
}
const participants: Participant[] = []
const watch = (client: TestClient, who: string) => {
  client.provider.on('connection-close', (event) => {
    if (!restarting) error(`${who}: unexpected close ${event?.code ?? '(no event)'}`)
  })
  client.provider.on('connection-error', () => {
    if (!restarting) error(`${who}: connection error`)
  })
}
for (let i = 0; i < CLIENTS; i++) {
  const board = boards[i % BOARDS]
  const client = connect(wsUrl, board)
  watch(client, `client ${i}`)
  participants.push({ client, board, shape: `soak${i}` })
  if (i % 20 === 19) await sleep(50) // a room's worth at a time, as people arrive
}
const probeWriter = connect(wsUrl, probeBoard)
const probeReader = connect(wsUrl, probeBoard)
watch(probeWriter, 'probe writer')
watch(probeReader, 'probe reader')
const everyone = () => [...participants.map((p) => p.client), probeWriter, probeReader]

async function allSynced(clients: TestClient[], what: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(() => clients.every((c) => c.provider.synced), timeoutMs, what).catch(() => {
    for (const c of clients.filter((c) => !c.provider.synced)) error(`sync failure (${what}): ${c.doc.clientID}`)
  })
}
await allSynced(everyone(), 'initial sync')
log(`${CLIENTS} clients synced on ${BOARDS} boards (server pid ${server.child.pid}, port ${port})`)

// ---- the workload: a shape moved every ~2 s, the cursor at ~2 Hz, both jittered --------
let working = true
const jitter = (ms: number) => ms * (0.5 + Math.random())
async function work(p: Participant): Promise<void> {
  let nextMove = Date.now() + jitter(2_000)
  while (working) {
    await sleep(jitter(500))
    if (!working || !p.client.provider.wsconnected) continue
    p.client.provider.awareness.setLocalStateField('cursor', { x: Math.random() * 2000, y: Math.random() * 2000 })
    if (Date.now() >= nextMove) {
      nextMove = Date.now() + jitter(2_000)
      recordsKV(p.client.doc).set(`shape:${p.shape}`, geoShape(p.shape, Math.random() * 4000, Math.random() * 4000) as unknown as StoredRecord)
    }
  }
}
const workers = participants.map(work)

/** Runs the workload for `ms`, logging RSS about every 30 s. */
async function soakFor(ms: number): Promise<void> {
  for (let end = Date.now() + ms; Date.now() < end; ) {
    await sleep(Math.min(30_000, end - Date.now()))
    const last = samples.at(-1)
    if (last) log(`${phase}: server RSS ${last.mb.toFixed(1)} MB, ${samples.length} samples, ${errors.length} errors`)
  }
}

const total = MINUTES * 60_000
// Warm-up (JIT, heap sizing) is not drift: the baseline is taken after it.
const warmUp = Math.min(60_000, total * 0.2)
await soakFor(warmUp)
phase = 'steady'
const steadyStart = await settledMemory()
log(`steady phase starts: ${fmt(steadyStart)} after a full GC`)
await soakFor(total * 0.8 - warmUp)
const steadyEnd = await settledMemory()
log(`steady phase ends: ${fmt(steadyEnd)} after a full GC`)

// ---- restart and reconnect storm ---------------------------------------------------------
/** One edit on the probe board, writer to reader; its time in ms. */
let probeCount = 0
async function probeRoundTrip(): Promise<number> {
  const name = `probe${probeCount++}`
  const start = performance.now()
  recordsKV(probeWriter.doc).set(`shape:${name}`, geoShape(name, 0, 0) as unknown as StoredRecord)
  await waitFor(() => recordsKV(probeReader.doc).get(`shape:${name}`) !== undefined, 30_000, 'probe edit')
  return performance.now() - start
}

phase = 'storm'
restarting = true
for (const c of everyone()) c.provider.disconnect()
await server.kill('SIGTERM')
server = await spawnServer(env)
// The probe board first: loaded and synced before anyone else comes back.
probeWriter.provider.connect()
probeReader.provider.connect()
await allSynced([probeWriter, probeReader], 'probe reconnect')
const baseline = await probeRoundTrip()
const stormStart = Date.now()
for (const p of participants) p.client.provider.connect()
let longestStall = 0
let stormDone = false
const stormClients = participants.map((p) => p.client)
const settled = allSynced(stormClients, 'resync after restart').then(() => (stormDone = true))
// While they come back, and a second after: an edit every 20 ms on the probe board.
let doneAt = Infinity
while (Date.now() < doneAt && Date.now() - stormStart < 90_000) {
  longestStall = Math.max(longestStall, await probeRoundTrip().catch(() => 30_000))
  if (stormDone && doneAt === Infinity) doneAt = Date.now() + 1_000
  await sleep(20)
}
await settled
const stormMs = Date.now() - stormStart
restarting = false
log(`reconnect storm: ${CLIENTS} clients resynced in ${stormMs} ms; probe round-trip ${baseline.toFixed(0)} ms before, longest ${longestStall.toFixed(0)} ms during`)
phase = 'after storm'
await soakFor(total * 0.2)

// ---- 10,000 rejected connection attempts ---------------------------------------------------
const refusals = new Map<number, number>()
const attempt = () =>
  new Promise<void>((resolve) => {
    const ws = new WebSocket(`${wsUrl}/${boards[0]}?token=${'x'.repeat(22)}`)
    ws.on('error', () => {})
    ws.on('close', (code) => {
      refusals.set(code, (refusals.get(code) ?? 0) + 1)
      resolve()
    })
  })
const beforeRejects = await settledMemory()
phase = 'rejects'
const rejectDeadline = Date.now() + 120_000
for (let i = 0; i < 10_000 && Date.now() < rejectDeadline; i += 100) await Promise.all(Array.from({ length: 100 }, attempt))
const afterRejects = await settledMemory()
for (const [code, n] of refusals) if (code !== 4401) error(`rejected attempts: ${n} closed with ${code} instead of 4401`)
if ((refusals.get(4401) ?? 0) < 10_000) error(`rejected attempts: only ${refusals.get(4401) ?? 0} of 10,000 refused with 4401 in time`)
const health = (await (await fetch(`${base}/healthz`)).json()) as { connections: number }
if (health.connections !== CLIENTS + 2) error(`after the rejected attempts the server counts ${health.connections} connections, not ${CLIENTS + 2}`)

// ---- the end: stop writing, every client of a board must hold the same records ----------
working = false
await Promise.all(workers)
const view = (c: TestClient) => JSON.stringify([...recordsKV(c.doc).map.values()].map((e) => [e.key, e.val]).sort())
const converged = () => boards.every((b) => new Set(participants.filter((p) => p.board === b).map((p) => view(p.client))).size === 1)
await waitFor(converged, 30_000, 'convergence').catch(() => error('boards did not converge: clients of one board hold different records'))
clearInterval(sampler)

// ---- summary ---------------------------------------------------------------------------------
const drift = (steadyEnd.rss - steadyStart.rss) / steadyStart.rss
const rejectDrift = (afterRejects.rss - beforeRejects.rss) / beforeRejects.rss
const all = samples.map((s) => s.mb)
const pct = (x: number) => `${(x * 100).toFixed(1)} %`
console.log(`
soak: ${MINUTES} min, ${CLIENTS} clients on ${BOARDS} boards
  RSS samples every 5 s (MB): ${all.length ? `first ${all[0].toFixed(1)}, last ${all.at(-1)!.toFixed(1)}, max ${Math.max(...all).toFixed(1)}` : 'none'} (${all.length} samples, both server lives)
  RSS drift, steady phase (after full GCs): ${fmt(steadyStart)} → ${fmt(steadyEnd)} = ${pct(drift)}
  10,000 rejected attempts (closes ${JSON.stringify(Object.fromEntries(refusals))}): ${fmt(beforeRejects)} → ${fmt(afterRejects)} = ${pct(rejectDrift)}
  reconnect storm: resynced in ${stormMs} ms; longest round-trip on the loaded probe board ${longestStall.toFixed(0)} ms (${probeCount} probes, ${baseline.toFixed(0)} ms before)
  errors: ${errors.length}${errors.length ? ` (first: ${errors.slice(0, 3).join('; ')})` : ''}`)

restarting = true
for (const c of everyone()) c.destroy()
await server.kill('SIGTERM')
fs.rmSync(dataDir, { recursive: true, force: true })
const ok = errors.length === 0 && drift <= DRIFT_LIMIT && rejectDrift <= DRIFT_LIMIT
console.log(ok ? 'PASS' : `FAIL (limits: drift ≤ ${pct(DRIFT_LIMIT)}, no errors)`)
process.exit(ok ? 0 : 1)
