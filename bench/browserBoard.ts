/**
 * The 1,000-actor board in headless Chromium ("Coalition mapping", Speed): time from `goto`
 * until a drag of an actor moves it, and frame times while dragging (p50/p95). Runs the real
 * server (Next build included) on a free port with an in-memory store.
 *
 * Interactive: the clock starts before `goto`, in a browser that has finished its own start
 * (quietBrowser), and stops when the actor's record has moved under a real mouse drag
 * (pointer down on the card, two moves); that includes loading the
 * page, syncing the board, rendering it, and zooming to the card (zoom 1, as one does to work
 * on a card). Frames: requestAnimationFrame deltas during 120 more mouse moves of that drag.
 * Then, once the analysis is on the board, the same for a card with trust-gap lines
 * (`flaggedDrag`): the overlay moves with that card, so this is the heavier drag.
 *
 * `node --import tsx bench/browserBoard.ts [runs] [--profile DIR] [--trace DIR] [--reopen]` prints
 * one JSON line per run. With --profile, Chromium's CPU profiles of loading (goto until
 * interactive) and of the two drags are written to DIR as load-N, drag-N and
 * flagged-drag-N.cpuprofile; with --trace, a trace of the flagged card's drag as
 * flagged-drag-N.json (open either in DevTools). With --reopen, each run is
 * `benchReopenedBoard`'s instead: the board opened twice in one browser profile.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import fs from 'node:fs'
import { chromium } from 'playwright-core'
import os from 'node:os'
import { generateSnapshot } from '../lib/analysis/generate'
import { cpuBetween, snapshotCpu, waitForQuietChromium, type CpuUse, type QuietWait } from './processCpu'
import { OFFLINE_COPY_READY } from '../e2e/offlineCopy'

const root = path.resolve(import.meta.dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

function findChromium(): string | null {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', chromium.executablePath()]) if (p && fs.existsSync(p)) return p
  return null
}

function chromiumPath(): string {
  const found = findChromium()
  if (!found) throw new Error('no Chromium: apt-get install -y chromium, or set CHROMIUM_PATH')
  return found
}

/** Why this measurement cannot run here (one line), or null when it can. */
export function browserBoardSkipReason(): string | null {
  if (!findChromium()) return 'no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)'
  return null
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

/** What a trace records: enough to see which layers were painted and rasterised, and why. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'toplevel']

/** The small board run beside the big one: the page's cost whatever the board's size. */
export const FLOOR_BOARD = { actors: 10, ties: 30 } as const
/** A board of 400 shapes: over the map layer's threshold, far under the big board. */
export const MEDIUM_BOARD = { actors: 100, ties: 300 } as const

export interface BrowserBoardResult {
  actors: number
  ties: number
  interactiveMs: number
  /** The wait before `goto` for the browser's own start to end (see quietBrowser). */
  browserQuiet?: QuietWait | null
  /** The zoom level the drag happened at. */
  dragZoom: number
  dragFrameP50Ms: number
  dragFrameP95Ms: number
  frames: number
  /**
   * A second drag, once the analysis is shown, of a card with trust-gap lines (the overlay
   * moves with it): frame p50/p95 over 120 moves. Absent when the board shows no such card.
   */
  /** `slowFrames`: frames over 20 ms (more than one vsync at 60 Hz); p95 moves in steps of 16.7 ms. */
  flaggedDrag?: { p50Ms: number; p95Ms: number; frames: number; slowFrames?: number; lines: number }
  /**
   * When each stage of opening the board was reached, ms after navigation started: the
   * page's response and its DOMContentLoaded, then the app's `cc:` marks (board code
   * evaluated, socket open, synced, store loaded, editor mounted).
   */
  stages: Record<string, number>
  /** When the bench's own steps ended, ms after it called goto: page loaded, card zoomed to, pointer over/down/moved. */
  steps: Record<string, number>
  /**
   * CPU used until interactive: the page's main thread since its renderer started (time in
   * tasks, and its CPU time, from Chromium's Performance metrics), and from goto, by who used
   * it (Chromium's processes, the server, its analysis process, the rest; from /proc, Linux
   * only), against `cores` × interactiveMs available. Absent in older results.
   */
  cpu?: { mainThreadTasksMs: number; mainThreadCpuMs: number; cores: number } & Partial<CpuUse>
}

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>

/**
 * Frame times while dragging from (x, y): rAF deltas during 120 mouse moves (pressing first
 * unless the button is already down), then the button is released.
 */
async function recordDragFrames(page: Page, at: { x: number; y: number }, { down }: { down: boolean }): Promise<number[]> {
  if (down) {
    await page.mouse.move(at.x, at.y)
    await page.mouse.down()
    await page.mouse.move(at.x + 40, at.y + 10, { steps: 2 })
  }
  // A string, not a function: tsx's name-keeping helper does not exist in the page.
  await page.evaluate(`(() => {
    const w = window
    w.__frames = []
    let last = performance.now()
    function tick(now) {
      w.__frames.push(now - last)
      last = now
      if (w.__recording) requestAnimationFrame(tick)
    }
    w.__recording = true
    requestAnimationFrame(tick)
  })()`)
  for (let i = 0; i < 120; i++) await page.mouse.move(at.x + 40 + i * 3, at.y + 10 + Math.sin(i / 8) * 30)
  await page.mouse.up()
  return page.evaluate(() => {
    const w = window as any
    w.__recording = false
    return (w.__frames as number[]).slice(2)
  })
}

/**
 * Once the analysis shows trust-gap lines (up to 30 s), drags the actor with the most of
 * them, zoomed to it as the first drag was; null when the board shows none.
 */
async function dragFlaggedCard(page: Page, recording: { start(): Promise<void>; stop(): Promise<void> }): Promise<BrowserBoardResult['flaggedDrag'] | null> {
  const shown = await page
    .waitForFunction(() => document.querySelectorAll('[data-testid=missing-trust-line], [data-testid=conflict-line]').length > 0, null, { timeout: 30_000 })
    .then(() => true, () => false)
  if (!shown) return null
  // A string, not a function: tsx's name-keeping helper does not exist in the page.
  const target = (await page.evaluate(`(() => {
    const editor = window.__coalitionCanvas.editor
    editor.selectNone()
    // The overlay draws each line from one actor's centre to another's: count them per centre.
    const ends = new Map()
    const key = (x, y) => Math.round(x) + ',' + Math.round(y)
    for (const line of document.querySelectorAll('line[data-testid]')) {
      for (const [ax, ay] of [['x1', 'y1'], ['x2', 'y2']]) {
        const k = key(Number(line.getAttribute(ax)), Number(line.getAttribute(ay)))
        ends.set(k, (ends.get(k) ?? 0) + 1)
      }
    }
    let id = null
    let lines = 0
    for (const shape of editor.getCurrentPageShapes()) {
      if (shape.type !== 'actor') continue
      const c = editor.getShapePageBounds(shape).center
      const n = ends.get(key(c.x, c.y)) ?? 0
      if (n > lines) { id = shape.id; lines = n }
    }
    if (!id) return null
    const b = editor.getShapePageBounds(id)
    editor.zoomToBounds(b, { targetZoom: 1 })
    const p = editor.pageToViewport(b.center)
    return { x: p.x, y: p.y, lines }
  })()`)) as { x: number; y: number; lines: number } | null
  if (!target) return null
  await recording.start()
  const frames = await recordDragFrames(page, target, { down: true })
  await recording.stop()
  return { p50Ms: pct(frames, 50), p95Ms: pct(frames, 95), frames: frames.length, slowFrames: frames.filter((f) => f > 20).length, lines: target.lines }
}

/** Chromium as the bench runs it: headless, software rendering, nothing fetched on its own. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage']

/** A name already given, so the board opens without asking for one. */
const rememberBenchUser = () => localStorage.setItem('cc:user', JSON.stringify({ id: 'bench', name: 'Bench', color: '#1971c2' }))

/**
 * Starts the real server (the Next build included, with an in-memory store) on a free port and
 * imports a generated board of this size into it; `url` is the board's link, `stop` ends it.
 */
async function serveBoard(
  actors: number,
  ties: number,
  options: { onServer?: (child: ChildProcess) => void; log?: (message: string) => void },
): Promise<{ url: string; pid: number | undefined; stop(): void }> {
  // A build older than the code measures the old app (it happened: a stale .next after a
  // merge), so build first when any source is newer, as `npm start` and `npm test` do.
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('the Next build failed: run `npm run build` to see why')
  const port = await freePort()
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: 'ignore',
  })
  options.onServer?.(server)
  const base = `http://127.0.0.1:${port}`
  try {
    for (let i = 0; i < 300; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break
      await new Promise((r) => setTimeout(r, 100))
    }
    options.log?.('server up')
    const snapshot = generateSnapshot({ actors, ties, seed: 1000 })
    const created = await (
      await fetch(`${base}/api/boards/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-file-name': 'big.json' },
        body: JSON.stringify(snapshot),
      })
    ).json()
    return { url: `${base}${created.url}`, pid: server.pid, stop: () => server.kill('SIGTERM') }
  } catch (err) {
    server.kill('SIGTERM')
    throw err
  }
}

/**
 * Goes to the board and drags its first actor: the clock starts before `goto` and stops when
 * the actor's record has moved (see the module comment). The mouse button stays down.
 */
async function openAndDrag(page: Page, url: string, log?: (message: string) => void) {
  const started = performance.now()
  await page.goto(url)
  log?.(`page loaded after ${Math.round(performance.now() - started)} ms`)
  const steps: Record<string, number> = {}
  const step = (name: string) => (steps[name] = Math.round(performance.now() - started))
  step('goto')
  await page.waitForFunction(() => (window as any).__coalitionCanvas?.editor?.getCurrentPageShapes().some((s: any) => s.type === 'actor'), null, { timeout: 60_000 })
  step('shown')
  const target = await page.evaluate(() => {
    const editor = (window as any).__coalitionCanvas.editor
    const shape = editor.getCurrentPageShapes().find((s: any) => s.type === 'actor')
    const b = editor.getShapePageBounds(shape)
    editor.zoomToBounds(b, { targetZoom: 1 })
    const p = editor.pageToViewport(b.center)
    return { id: shape.id as string, x: p.x as number, y: p.y as number, startX: shape.x as number, zoom: editor.getZoomLevel() as number }
  })
  step('zoomed')
  await page.mouse.move(target.x, target.y)
  step('over')
  await page.mouse.down()
  step('down')
  await page.mouse.move(target.x + 40, target.y + 10, { steps: 2 })
  step('moved')
  await page.waitForFunction((t) => (window as any).__coalitionCanvas.editor.getShape(t.id).x !== t.startX, target, { timeout: 60_000 })
  return { interactiveMs: performance.now() - started, steps, target }
}

/**
 * Waits for the browser to finish its own start (see waitForQuietChromium) before a `goto`:
 * the clock measures the page, as a visitor whose browser is already running meets it.
 */
async function quietBrowser(log?: (message: string) => void): Promise<QuietWait> {
  const wait = await waitForQuietChromium()
  log?.(`browser ${wait.quiet ? 'quiet' : 'still busy'} after ${wait.waitedMs} ms (${wait.chromiumMs} ms of CPU)`)
  return wait
}

/** The app's `cc:` marks and the page's response and DOMContentLoaded, ms after navigation. */
function pageStages(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    const out: Record<string, number> = { response: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd }
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('cc:')) out[m.name.slice(3)] = m.startTime
    for (const k of Object.keys(out)) out[k] = Math.round(out[k])
    return out
  })
}

export async function benchBrowserBoard(
  options: {
    actors?: number
    ties?: number
    onServer?: (child: ChildProcess) => void
    log?: (message: string) => void
    /** Write CPU profiles of loading and of the two drags to these files. */
    profile?: { load: string; drag: string; flaggedDrag: string }
    /** Write a Chromium trace of the flagged card's drag (paint, raster, layers) to this file. */
    traceFlaggedDrag?: string
  } = {},
): Promise<BrowserBoardResult> {
  const actors = options.actors ?? 1000
  const ties = options.ties ?? 3000
  const served = await serveBoard(actors, ties, options)
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
      await context.addInitScript(rememberBenchUser)
      const page = await context.newPage()
      const cdp = options.profile ? await context.newCDPSession(page) : null
      const profiling = async (file: string | null) => {
        if (!cdp) return
        if (file) fs.writeFileSync(file, JSON.stringify((await cdp.send('Profiler.stop')).profile))
        else {
          await cdp.send('Profiler.enable')
          await cdp.send('Profiler.start')
        }
      }
      const metrics = await context.newCDPSession(page)
      await metrics.send('Performance.enable')
      const browserQuiet = await quietBrowser(options.log)
      await profiling(null)
      const cpuBefore = snapshotCpu()
      const { interactiveMs, steps, target } = await openAndDrag(page, served.url, options.log)
      const cpuAfter = snapshotCpu()
      const metric = Object.fromEntries((await metrics.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
      const cpu: BrowserBoardResult['cpu'] = {
        mainThreadTasksMs: Math.round((metric.TaskDuration ?? 0) * 1000),
        mainThreadCpuMs: Math.round((metric.ThreadTime ?? 0) * 1000),
        cores: os.availableParallelism(),
        ...(cpuAfter.size && served.pid ? cpuBetween(cpuBefore, cpuAfter, served.pid) : {}),
      }
      const stages = await pageStages(page)
      await profiling(options.profile?.load ?? null)
      await profiling(null)
      options.log?.(`interactive after ${Math.round(interactiveMs)} ms; dragging`)
      const frames = await recordDragFrames(page, target, { down: false })
      await profiling(options.profile?.drag ?? null)
      const flaggedDrag = await dragFlaggedCard(page, {
        start: async () => {
          await profiling(null)
          if (options.traceFlaggedDrag) await browser.startTracing(page, { path: options.traceFlaggedDrag, categories: TRACE_CATEGORIES })
        },
        stop: async () => {
          if (options.traceFlaggedDrag) await browser.stopTracing()
          await profiling(options.profile?.flaggedDrag ?? null)
        },
      })
      return { actors, ties, interactiveMs, browserQuiet, cpu, dragZoom: target.zoom, dragFrameP50Ms: pct(frames, 50), dragFrameP95Ms: pct(frames, 95), frames: frames.length, stages, steps, ...(flaggedDrag ? { flaggedDrag } : {}) }
    } finally {
      await browser.close()
    }
  } finally {
    served.stop()
  }
}

/** A board opened again by the same browser: `goto` until a drag moves an actor, both times. */
export interface ReopenedBoardResult {
  actors: number
  ties: number
  /** The first visit, in a new browser profile: as `interactiveMs` of the main runs. */
  firstMs: number
  /** The same board opened again in a new tab of that profile. */
  reopenedMs: number
  /** The second visit's `cc:` marks and navigation timings, ms after navigation. */
  stages: Record<string, number>
}

/**
 * A participant back at a board: a new browser profile on disk (not the in-memory one of the
 * main runs, which keeps no code cache) opens the board and drags a card; once the page has
 * been left alone long enough for the service worker to keep its copy of the page, the tab is
 * closed and the board opened again in a new one. The second visit has the HTTP cache,
 * Chromium's code cache, the service worker and the board's copy in IndexedDB.
 */
export async function benchReopenedBoard(
  options: { actors?: number; ties?: number; onServer?: (child: ChildProcess) => void; log?: (message: string) => void } = {},
): Promise<ReopenedBoardResult> {
  const actors = options.actors ?? 1000
  const ties = options.ties ?? 3000
  const served = await serveBoard(actors, ties, options)
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-profile-'))
  try {
    const context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath(), args: CHROMIUM_ARGS, viewport: { width: 1600, height: 1000 } })
    try {
      await context.addInitScript(rememberBenchUser)
      const first = await context.newPage()
      await quietBrowser(options.log)
      const firstVisit = await openAndDrag(first, served.url)
      await first.mouse.up()
      options.log?.(`first visit interactive after ${Math.round(firstVisit.interactiveMs)} ms; waiting for the offline copy`)
      await waitForOfflineCopy(first)
      await first.close()
      const again = await context.newPage()
      await quietBrowser(options.log)
      const reopened = await openAndDrag(again, served.url)
      await again.mouse.up()
      return { actors, ties, firstMs: firstVisit.interactiveMs, reopenedMs: reopened.interactiveMs, stages: await pageStages(again) }
    } finally {
      await context.close()
    }
  } finally {
    served.stop()
    fs.rmSync(profileDir, { recursive: true, force: true })
  }
}

/** Until the page can be reloaded with no network (see OFFLINE_COPY_READY); a minute at most. */
async function waitForOfflineCopy(page: Page): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await page.evaluate(OFFLINE_COPY_READY)) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('the service worker kept no copy of the board page within a minute')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const skip = browserBoardSkipReason()
  if (skip) {
    console.error(`skipped: ${skip}`)
    process.exit(1)
  }
  const args = process.argv.slice(2)
  const option = (name: string) => {
    const at = args.indexOf(name)
    const dir = at >= 0 ? args.splice(at, 2)[1] : null
    if (dir) fs.mkdirSync(dir, { recursive: true })
    return dir
  }
  const profileDir = option('--profile')
  const traceDir = option('--trace')
  const reopen = args.indexOf('--reopen')
  if (reopen >= 0) args.splice(reopen, 1)
  for (let i = 0; i < Number(args[0] ?? 1); i++) {
    if (reopen >= 0) {
      console.log(JSON.stringify(await benchReopenedBoard()))
      continue
    }
    const inProfileDir = (name: string) => path.join(profileDir!, `${name}-${i}.cpuprofile`)
    const profile = profileDir ? { load: inProfileDir('load'), drag: inProfileDir('drag'), flaggedDrag: inProfileDir('flagged-drag') } : undefined
    const traceFlaggedDrag = traceDir ? path.join(traceDir, `flagged-drag-${i}.json`) : undefined
    console.log(JSON.stringify(await benchBrowserBoard({ profile, traceFlaggedDrag })))
  }
}
