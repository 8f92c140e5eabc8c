/**
 * `npm run bench [-- --quick | --smoke] [options]`: issue 9's benchmark. Starts each server
 * (ours, the y-websocket reference, Hocuspocus) in its own child process on 127.0.0.1:0,
 * drives them with the same load generator, prints one table and writes it as JSON
 * (`<out>/<timestamp>.json`) and Markdown (`<out>/latest.md`).
 *
 * Options:
 *   --quick | --smoke        shorter runs (under 3 min | the test's minimum)
 *   --only=1,2,3,4,5         scenarios to run (default all)
 *   --servers=ours,reference,hocuspocus,relay
 *                            (relay: the generator floor, a bare relay; scenarios 1 and 2 only)
 *   --duration=S             measured window of scenarios 1 and 2, seconds (per round)
 *   --rounds=N               scenario 1 in N rounds, servers interleaved, medians reported
 *                            (default 3 in full mode, 1 otherwise; bench/rounds.ts)
 *   --modes=off,quiet        scenario 1's presence modes (default off,quiet,stock,echo)
 *   --workers=N              generator worker threads
 *   --stock-clients          clients handle incoming awareness with y-protocols as shipped
 *                            (default: lean handling, same traffic; see bench/load/client.ts)
 *   --client-timers          a setInterval per client instead of one schedule per worker thread
 *   --worker-young-mb=N      the generator workers' young generation (MB; V8's default otherwise)
 *   --profile                CPU-profile our server during scenarios 1, 2 and 5 (adds overhead to its numbers)
 *   --profile-generator      CPU-profile the generator's worker threads in scenarios 1 and 2 (each
 *                            window, each server; kept in <out>/generator-profiles-<date>/, summary printed)
 *   --analyser-room          run scenario 5's "while analysed" row even without an analyser peer
 *   --browser-runs=N         runs of scenario 5's 1,000-actor board in headless Chromium
 *                            (default 3; 1 with --quick; skipped with --smoke)
 *   --wait-quiet=S           wait up to S seconds in all (at most 30 s before each server's run)
 *                            for other processes to go quiet (default 120 in full mode, 0 otherwise)
 *   --out=DIR                where results go (default bench/results)
 *   --render=FILE            only rewrite <out>/latest.md from a results JSON written earlier
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { geoShape } from '../lib/testing/records'
import { LoadGenerator } from './load/generator'
import { measureAdapterCost } from './load/adapterCost'
import type { PresenceMode } from './load/messages'
import { summariseProfile, formatProfile } from './profile'
import { mergeRounds, roundOrder } from './rounds'
import { buildRows, markdownReport, tableText, type BenchResults, type PerServer } from './report'
import { analyserPeerFile, runAnalyserRoom } from './scenarios/analyserRoom'
import { runColdLoad } from './scenarios/coldLoad'
import { runPropagation } from './scenarios/propagation'
import { ALL_KINDS, FLOOR_KIND, killAllServers, startServer, trackChild, waitForQuietMachine, type BenchServer, type ServerKind } from './servers'
import { benchBrowserBoard, benchReopenedBoard, browserBoardSkipReason, FLOOR_BOARD, MEDIUM_BOARD, type BrowserBoardResult, type ReopenedBoardResult } from './browserBoard'
import { ROOT } from './servers/process'
import { settingsFor, type Mode } from './settings'

// ---------------------------------------------------------------------------------------
// arguments

const args = new Map<string, string>()
for (const arg of process.argv.slice(2)) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(arg)
  if (!m) throw new Error(`unknown argument ${arg}`)
  args.set(m[1], m[2] ?? 'true')
}
const mode: Mode = args.has('smoke') ? 'smoke' : args.has('quick') ? 'quick' : 'full'
const settings = settingsFor(mode)
if (args.has('workers')) settings.workers = Number(args.get('workers'))
if (args.has('stock-clients')) settings.awareness = 'stock'
if (args.has('client-timers')) settings.timers = 'per-client'
if (args.has('worker-young-mb')) settings.workerYoungGenerationMb = Number(args.get('worker-young-mb'))
const rounds = Math.max(1, Number(args.get('rounds') ?? (mode === 'full' ? 3 : 1)))
settings.rounds = rounds
if (rounds > 1) {
  // The same measured time in all, spread over the rounds.
  settings.oneBoard.durationMs = Math.round(settings.oneBoard.durationMs / rounds / 1000) * 1000
  settings.oneBoard.warmupMs = Math.min(settings.oneBoard.warmupMs, 1500)
  settings.oneBoard.drainMs = Math.min(settings.oneBoard.drainMs, 1500)
}
if (args.has('duration')) settings.oneBoard.durationMs = settings.manyBoards.durationMs = Number(args.get('duration')) * 1000
if (args.has('modes')) settings.oneBoard.presenceModes = args.get('modes')!.split(',') as PresenceMode[]
const only = new Set((args.get('only') ?? '1,2,3,4,5').split(',').map(Number))
const servers = (args.get('servers') ?? ALL_KINDS.join(',')).split(',') as ServerKind[]
for (const s of servers) if (!ALL_KINDS.includes(s)) throw new Error(`unknown server ${s}`)
/** The real servers of this run (the floor, a bare relay, runs scenarios 1 and 2 only). */
const realServers = servers.filter((s) => s !== FLOOR_KIND)
const outDir = path.resolve(args.get('out') ?? path.join(ROOT, 'bench/results'))
const profile = args.has('profile')
let waitQuietBudgetMs = Number(args.get('wait-quiet') ?? (mode === 'full' ? 120 : 0)) * 1000

// ---------------------------------------------------------------------------------------
// clean-up: no server, worker or temp directory outlives the bench

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'))
let cleaned = false
function cleanupSync() {
  if (cleaned) return
  cleaned = true
  killAllServers()
  fs.rmSync(tmpRoot, { recursive: true, force: true })
}
process.on('exit', cleanupSync)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping servers`)
    cleanupSync()
    process.exit(130)
  })
}

// ---------------------------------------------------------------------------------------
// helpers

const log = (...parts: unknown[]) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s]`, ...parts)
const t0 = performance.now()
let dirCount = 0
const freshDir = (label: string) => fs.mkdtempSync(path.join(tmpRoot, `${label}-${dirCount++}-`))

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms)
    }),
  ])
}

/**
 * Runs one scenario on each server (one after the other, or all at once in smoke mode), each
 * on a fresh server with a fresh data directory, bounded in time; failures become errors in
 * the results, not a crash.
 */
async function onEachServer<T>(
  scenario: string,
  run: (server: BenchServer, setServer: (s: BenchServer) => void) => Promise<T>,
  startOptions: (kind: ServerKind) => { cpuProfDir?: string } = () => ({}),
  kinds: ServerKind[] = servers,
): Promise<PerServer<T>> {
  const out: PerServer<T> = {}
  const one = async (kind: ServerKind) => {
    let server: BenchServer | null = null
    if (waitQuietBudgetMs > 0 && !settings.parallelServers) {
      const quiet = await waitForQuietMachine(Math.min(30_000, waitQuietBudgetMs))
      waitQuietBudgetMs -= quiet.waitedMs
      if (quiet.waitedMs > 1500) log(`waited ${(quiet.waitedMs / 1000).toFixed(0)} s for other processes (now ${quiet.otherPercent.toFixed(0)} % of a core)`)
    }
    log(`${scenario}: ${kind}`)
    try {
      const work = (async () => {
        server = await startServer(kind, { dataDir: freshDir(kind), ...startOptions(kind) })
        return run(server, (s) => (server = s))
      })()
      const started = performance.now()
      out[kind] = await withTimeout(work, settings.scenarioTimeoutMs, `${scenario} on ${kind}`)
      log(`${scenario}: ${kind} done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    } catch (err) {
      const message = (err as Error).message ?? String(err)
      out[kind] = { error: message }
      results.errors.push(`${scenario} on ${kind}: ${message}`)
      log(`${scenario}: ${kind} failed: ${message.split('\n')[0]}`)
      await LoadGenerator.terminateAll()
    } finally {
      const s = server as BenchServer | null
      if (s) await s.stop().catch(() => s.child.kill())
    }
  }
  if (settings.parallelServers) await Promise.all(kinds.map(one))
  else for (const kind of kinds) await one(kind)
  return out
}

/** Scenarios 4 and 5's in-process parts, in a fresh child with NODE_ENV=test. */
function inProcess<T>(task: string, arg: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/scenarios/inprocess.child.ts', task, arg], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    trackChild(child)
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err = (err + c).slice(-4000)))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith('RESULT '))
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)))
      else reject(new Error(`${task} child failed (${code ?? signal})\n${err}`))
    })
  })
}

/** A package's version as installed under `from` (read directly: some exports maps hide package.json). */
function versionOf(pkg: string, from = ROOT): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(from, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return '?'
  }
}

function cpuModel(): string {
  const info = fs.readFileSync('/proc/cpuinfo', 'utf8')
  return /^model name\s*:\s*(.*)$/m.exec(info)?.[1]?.trim() ?? 'unknown'
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')

// ---------------------------------------------------------------------------------------
// the run

const results: BenchResults = {
  meta: {
    date: new Date().toISOString(),
    mode,
    node: process.version,
    nproc: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavgStart: loadavg(),
    loadavgEnd: '',
    seconds: 0,
    versions: {
      yjs: versionOf('yjs'),
      'y-websocket': versionOf('y-websocket'),
      ws: versionOf('ws'),
      '@y/websocket-server': versionOf('@y/websocket-server'),
      'ws (reference)': versionOf('ws', path.join(ROOT, 'node_modules/@y/websocket-server')),
      '@hocuspocus/server': versionOf('@hocuspocus/server'),
      '@hocuspocus/extension-sqlite': versionOf('@hocuspocus/extension-sqlite'),
    },
    servers,
  },
  settings,
  oneBoard: {},
  manyBoards: {},
  coldLoad: {},
  growth: null,
  analysis: null,
  analyserRoom: null,
  browserBoard: null,
  adapter: null,
  profile: null,
  profileMany: null,
  profileAnalysed: null,
  errors: [],
  rows: [],
}

if (args.has('render')) {
  const earlier = JSON.parse(fs.readFileSync(args.get('render')!, 'utf8')) as BenchResults
  earlier.meta.versions = { ...earlier.meta.versions, ...results.meta.versions }
  earlier.rows = buildRows(earlier)
  fs.writeFileSync(path.join(outDir, 'latest.md'), markdownReport(earlier))
  console.log(tableText(earlier.rows, earlier.meta.servers))
  cleanupSync()
  process.exit(0)
}

const template = JSON.parse(JSON.stringify(geoShape('bench', 0, 0))) as Record<string, unknown>

function stamp(): string {
  return results.meta.date.replace(/[:.]/g, '-')
}
const jsonFile = path.join(outDir, `${stamp()}.json`)

/** Writes the results so far (after each scenario, so a crash keeps what was measured). */
function save(final: boolean) {
  results.meta.loadavgEnd = loadavg()
  results.meta.seconds = (performance.now() - t0) / 1000
  results.rows = buildRows(results)
  fs.mkdirSync(outDir, { recursive: true })
  fs.writeFileSync(jsonFile, JSON.stringify({ ...results, complete: final }, null, 2))
  if (final) fs.writeFileSync(path.join(outDir, 'latest.md'), markdownReport(results))
}
log(`mode ${mode}, servers ${servers.join(', ')}, scenarios ${[...only].join(', ')}; load average ${results.meta.loadavgStart}`)

// Scenarios 4 and 5's in-process parts. In smoke mode (timings meaningless) they run
// alongside the server scenarios to keep the test short.
const growthTask = () => inProcess<BenchResults['growth']>('growth', JSON.stringify(settings.growth), settings.scenarioTimeoutMs)
const analysisTask = () => inProcess<BenchResults['analysis']>('analysis', String(settings.analysis.runs), settings.scenarioTimeoutMs)
const quietly = <T>(p: Promise<T>) => (p.catch(() => {}), p)
const growthEarly = settings.parallelServers && only.has(4) ? quietly(growthTask()) : null
const analysisEarly = settings.parallelServers && only.has(5) ? quietly(analysisTask()) : null

if (servers.includes('hocuspocus')) results.adapter = { micro: measureAdapterCost(template, mode === 'smoke' ? 20_000 : 200_000), inRun: null }

/** The server's CPU profile of one scenario (ours only, with --profile), summarised. */
function keepProfile(dir: string | undefined, label: string): BenchResults['profile'] {
  if (!dir) return null
  try {
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
    if (!file) throw new Error('no .cpuprofile written (did the server exit cleanly?)')
    fs.mkdirSync(outDir, { recursive: true })
    const kept = path.join(outDir, `profile-ours-${label}-${stamp()}.cpuprofile`)
    fs.copyFileSync(path.join(dir, file), kept)
    log(`profile kept in ${path.relative(process.cwd(), kept)}`)
    return summariseProfile(kept)
  } catch (err) {
    return { error: (err as Error).message }
  }
}
const profileDir = (label: string) => (profile ? freshDir(`profile-${label}`) : undefined)

/** --profile-generator: where the workers write their profiles, and their summaries once written. */
const generatorProfileDir = args.has('profile-generator') ? path.join(outDir, `generator-profiles-${stamp()}`) : undefined
function printGeneratorProfiles(scenario: string) {
  const dir = generatorProfileDir && path.join(generatorProfileDir, scenario)
  if (!dir || !fs.existsSync(dir)) return
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
    const summary = summariseProfile(path.join(dir, file), 20, /\/(bench|lib)\//)
    console.error('\n' + formatProfile(summary, `Generator worker ${file}`))
  }
}

/** onEachServer, `rounds` times with the servers' order rotated, merged (bench/rounds.ts). */
async function inRounds<T>(
  scenario: string,
  run: (server: BenchServer, setServer: (s: BenchServer) => void) => Promise<T>,
  startOptions: (kind: ServerKind) => { cpuProfDir?: string },
  kinds: ServerKind[] = servers,
): Promise<PerServer<T>> {
  if (rounds === 1) return onEachServer(scenario, run, startOptions, kinds)
  const each: PerServer<T>[] = []
  for (let r = 0; r < rounds; r++) each.push(await onEachServer(`${scenario}, round ${r + 1} of ${rounds}`, run, startOptions, roundOrder(kinds, r)))
  const merged: PerServer<T> = {}
  for (const kind of kinds) {
    const ok = each.map((e) => e[kind]).filter((v): v is T => v !== undefined && !(v && typeof v === 'object' && 'error' in v))
    merged[kind] = ok.length ? mergeRounds(ok) : (each.map((e) => e[kind]).find((v) => v !== undefined) ?? { error: 'no round ran' })
  }
  return merged
}

if (only.has(1)) {
  const dir = profileDir('scenario1')
  results.oneBoard = await inRounds(
    'scenario 1 (one board)',
    (server) =>
      runPropagation(server, {
        ...settings.oneBoard,
        workers: settings.workers,
        awareness: settings.awareness,
        template,
        timers: settings.timers,
        workerYoungGenerationMb: settings.workerYoungGenerationMb,
        generatorProfileDir: generatorProfileDir && path.join(generatorProfileDir, 's1'),
      }),
    (kind) => (kind === 'ours' && dir ? { cpuProfDir: dir } : {}),
  )
  const hp = results.oneBoard.hocuspocus
  if (results.adapter && hp && !('error' in hp)) {
    const runs = hp.runs
    const messages = runs.reduce((n, r) => n + r.adapter.messages, 0)
    const ns = runs.reduce((n, r) => n + r.adapter.messages * r.adapter.nsPerMessage, 0)
    results.adapter.inRun = { messages, nsPerMessage: messages ? ns / messages : 0 }
  }
  results.profile = keepProfile(dir, 'scenario1')
  printGeneratorProfiles('s1')
}

save(false)

if (only.has(2)) {
  const dir = profileDir('scenario2')
  results.manyBoards = await onEachServer(
    'scenario 2 (many boards)',
    (server) =>
      runPropagation(server, {
        ...settings.manyBoards,
        workers: settings.workers,
        awareness: settings.awareness,
        template,
        timers: settings.timers,
        workerYoungGenerationMb: settings.workerYoungGenerationMb,
        generatorProfileDir: generatorProfileDir && path.join(generatorProfileDir, 's2'),
      }),
    (kind) => (kind === 'ours' && dir ? { cpuProfDir: dir } : {}),
  )
  results.profileMany = keepProfile(dir, 'scenario2')
  printGeneratorProfiles('s2')
}

save(false)

if (only.has(3)) {
  results.coldLoad = await onEachServer('scenario 3 (cold load)', async (server, setServer) => {
    const { server: restarted, result } = await runColdLoad(server, {
      ...settings.coldLoad,
      template,
      timeoutMs: Math.min(60_000, settings.scenarioTimeoutMs),
    })
    setServer(restarted)
    return result
  }, undefined, realServers)
}

save(false)

if (only.has(4)) {
  log('scenario 4 (growth)')
  try {
    results.growth = await (growthEarly ?? growthTask())
  } catch (err) {
    results.growth = { error: (err as Error).message }
    results.errors.push(`scenario 4: ${(err as Error).message}`)
  }
}

save(false)

if (only.has(5)) {
  log('scenario 5 (analyser)')
  try {
    results.analysis = await (analysisEarly ?? analysisTask())
  } catch (err) {
    results.analysis = { error: (err as Error).message }
    results.errors.push(`scenario 5: ${(err as Error).message}`)
  }
  const analyser = analyserPeerFile()
  if ((analyser || args.has('analyser-room')) && servers.includes('ours')) {
    const dir = profileDir('scenario5')
    const result = await onEachServer(
      'scenario 5 (propagation while analysing)',
      (server) =>
        runAnalyserRoom(server, {
          ...settings.analyserRoom,
          propagation: {
            ...settings.oneBoard,
            presenceModes: settings.analyserRoom.presenceModes,
            workers: settings.workers,
            awareness: settings.awareness,
            template,
            timers: settings.timers,
            workerYoungGenerationMb: settings.workerYoungGenerationMb,
          },
          timeoutMs: 60_000,
        }),
      () => (dir ? { cpuProfDir: dir } : {}),
      ['ours'],
    )
    results.analyserRoom = { status: 'ran', analyser, result: { ours: result.ours } }
    results.profileAnalysed = keepProfile(dir, 'scenario5')
  } else {
    results.analyserRoom = { status: 'pending', reason: 'no server/analyser*.ts yet' }
  }
  save(false)

  // The 1,000-actor board in headless Chromium (issue 4): ours only, real server and build.
  const browserRuns = Number(args.get('browser-runs') ?? (mode === 'quick' ? 1 : 3))
  const skip =
    mode === 'smoke' ? '--smoke (one browser run takes half a minute)' : browserRuns < 1 ? '--browser-runs=0' : browserBoardSkipReason()
  if (skip) {
    results.browserBoard = { skipped: skip }
    log(`scenario 5 (1,000-actor board in Chromium): skipped: ${skip}`)
  } else {
    const runs: BrowserBoardResult[] = []
    // The same page and steps with a 10-actor board, run right after each big one: what the
    // app and tldraw cost on this machine whatever the board's size, so that what the 1,000
    // actors add is measured side by side rather than against another hour's machine.
    const floorRuns: BrowserBoardResult[] = []
    // A 100-actor board, for its drags: boards between the example coalition and the big one
    // are where drags were once slow (p95 50-350 ms) while the big board's stayed smooth.
    const mediumRuns: BrowserBoardResult[] = []
    // The board opened again by a browser that had it open before (a returning participant).
    const reopenRuns: ReopenedBoardResult[] = []
    try {
      for (let i = 0; i < browserRuns; i++) {
        if (waitQuietBudgetMs > 0) {
          const quiet = await waitForQuietMachine(Math.min(30_000, waitQuietBudgetMs))
          waitQuietBudgetMs -= quiet.waitedMs
        }
        log(`scenario 5 (1,000-actor board in Chromium): run ${i + 1} of ${browserRuns}`)
        const run = await withTimeout(benchBrowserBoard({ onServer: trackChild, log: (m) => log(`  ${m}`) }), 300_000, 'browser board')
        log(`  interactive ${Math.round(run.interactiveMs)} ms, drag frames p50 ${run.dragFrameP50Ms.toFixed(1)} / p95 ${run.dragFrameP95Ms.toFixed(1)} ms`)
        runs.push(run)
        const floor = await withTimeout(benchBrowserBoard({ ...FLOOR_BOARD, onServer: trackChild }), 300_000, 'browser board (floor)')
        log(`  the same with ${FLOOR_BOARD.actors} actors: interactive ${Math.round(floor.interactiveMs)} ms`)
        floorRuns.push(floor)
        const medium = await withTimeout(benchBrowserBoard({ ...MEDIUM_BOARD, onServer: trackChild }), 300_000, 'browser board (medium)')
        log(`  with ${MEDIUM_BOARD.actors} actors: interactive ${Math.round(medium.interactiveMs)} ms, drag frames p95 ${medium.dragFrameP95Ms.toFixed(1)} ms`)
        mediumRuns.push(medium)
        const reopened = await withTimeout(benchReopenedBoard({ onServer: trackChild }), 300_000, 'browser board (reopened)')
        log(`  opened again in the same browser profile: interactive ${Math.round(reopened.reopenedMs)} ms (first visit ${Math.round(reopened.firstMs)} ms)`)
        reopenRuns.push(reopened)
      }
      results.browserBoard = { runs, floorRuns, mediumRuns, reopenRuns }
    } catch (err) {
      const message = (err as Error).message ?? String(err)
      results.browserBoard = runs.length ? { runs, floorRuns, mediumRuns, reopenRuns } : { error: message }
      results.errors.push(`scenario 5 (browser board): ${message}`)
      log(`scenario 5 (1,000-actor board in Chromium) failed: ${message.split('\n')[0]}`)
    }
  }
}

save(true)
console.log(tableText(results.rows, servers))
if (results.profile && !('error' in results.profile)) console.log('\n' + formatProfile(results.profile, 'Scenario 1: CPU profile of our server'))
if (results.profileMany && !('error' in results.profileMany)) console.log('\n' + formatProfile(results.profileMany, 'Scenario 2: CPU profile of our server'))
if (results.profileAnalysed && !('error' in results.profileAnalysed)) console.log('\n' + formatProfile(results.profileAnalysed, 'Scenario 5 (a room analysed beside the measured one): CPU profile of our server'))
if (results.errors.length) console.log(`\n${results.errors.length} error(s):\n${results.errors.map((e) => `- ${e.split('\n')[0]}`).join('\n')}`)
console.log(`\nwrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), path.join(outDir, 'latest.md'))} (${Math.round(results.meta.seconds)} s)`)
cleanupSync()
process.exit(0)
