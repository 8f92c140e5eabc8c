/**
 * CPU time of the machine's processes, from Linux's /proc: what the browser bench reports to
 * show where a load's CPU went on a small machine (Chromium's processes, the server, its
 * analysis process), since its wall-clock figure moves with everything else that runs.
 */
import fs from 'node:fs'
import { statFields } from '../server/procStat'

export interface ProcessCpu {
  /** The command name (/proc/<pid>/stat's second field). */
  name: string
  parent: number
  /** User and system time so far. */
  ms: number
  /**
   * A Chromium renderer's: its main thread's share of `ms` (the thread whose id is the
   * process's), the rest being its compilers', garbage collector's and compositor's threads.
   */
  mainThreadMs?: number
}

/**
 * Linux reports CPU time in clock ticks of USER_HZ, 100 a second on every mainstream build
 * (the kernel's own tick rate is hidden from /proc).
 */
export const CLK_TCK = 100

/** One /proc/<pid>/stat line, or null when it is not one. */
export function parseStat(line: string): ProcessCpu | null {
  const open = line.indexOf('(')
  const close = line.lastIndexOf(')')
  if (open < 0 || close < open) return null
  const fields = statFields(line)
  const parent = Number(fields[1])
  const ticks = Number(fields[11]) + Number(fields[12])
  if (!Number.isFinite(parent) || !Number.isFinite(ticks)) return null
  return { name: line.slice(open + 1, close), parent, ms: (ticks * 1000) / CLK_TCK }
}

/** Every process's CPU time so far, by pid; empty where there is no /proc. */
export function snapshotCpu(): Map<number, ProcessCpu> {
  const out = new Map<number, ProcessCpu>()
  let pids: string[]
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return out
  }
  for (const pid of pids) {
    try {
      const cpu = parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
      if (!cpu) continue
      // A page's renderer, not the browser's own WebUI (the address bar's popup, a renderer too).
      if (isChromium(cpu.name) && isPageRenderer(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) {
        const main = parseStat(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'))
        if (main) cpu.mainThreadMs = main.ms
      }
      out.set(Number(pid), cpu)
    } catch {
      // Gone meanwhile.
    }
  }
  return out
}

const isPageRenderer = (cmdline: string) => cmdline.includes('--type=renderer') && !cmdline.includes('--top-chrome-webui')

const isChromium = (name: string) => /^(chromium|chrome|headless_shell)/.test(name)

export interface CpuUse {
  /** Chromium's processes (browser, renderers, GPU, utilities). */
  chromiumMs: number
  /** Of which its pages' renderers' main threads (the page's JavaScript, style, layout, paint; not Chromium's own WebUI)... */
  rendererMainMs: number
  /** ...and their other threads (background compiling, optimising, garbage collection, compositing). */
  rendererOtherMs: number
  /** The server process itself. */
  serverMs: number
  /** Processes the server started (the analysis process). */
  serverChildrenMs: number
  /** Everything else on the machine (the bench itself included). */
  otherMs: number
}

/**
 * CPU used between two snapshots, by who used it. A process that started in between counts
 * whole; one that ended in between is not seen (its time is lost).
 */
export function cpuBetween(before: Map<number, ProcessCpu>, after: Map<number, ProcessCpu>, serverPid: number): CpuUse {
  const use: CpuUse = { chromiumMs: 0, rendererMainMs: 0, rendererOtherMs: 0, serverMs: 0, serverChildrenMs: 0, otherMs: 0 }
  const startedByServer = (pid: number) => {
    for (let p = after.get(pid)?.parent, depth = 0; p && depth < 8; p = after.get(p)?.parent, depth++) if (p === serverPid) return true
    return false
  }
  for (const [pid, now] of after) {
    const used = now.ms - (before.get(pid)?.ms ?? 0)
    if (used <= 0) continue
    if (pid === serverPid) use.serverMs += used
    else if (startedByServer(pid)) use.serverChildrenMs += used
    else if (isChromium(now.name)) {
      use.chromiumMs += used
      if (now.mainThreadMs !== undefined) {
        const main = now.mainThreadMs - (before.get(pid)?.mainThreadMs ?? 0)
        use.rendererMainMs += main
        use.rendererOtherMs += used - main
      }
    }
    else use.otherMs += used
  }
  return use
}

/** Chromium's processes' CPU time so far, summed. */
function chromiumMs(snapshot: Map<number, ProcessCpu>): number {
  let ms = 0
  for (const cpu of snapshot.values()) if (isChromium(cpu.name)) ms += cpu.ms
  return ms
}

export interface QuietWait {
  /** How long the wait took. */
  waitedMs: number
  /** Chromium's CPU time meanwhile. */
  chromiumMs: number
  /** False when Chromium was still busy at the time limit. */
  quiet: boolean
}

/**
 * Waits until Chromium has been idle for a while (see waitForQuiet).
 *
 * A browser just launched is not idle when its first tab opens: Chromium 156 then builds the
 * address bar's suggestion popup (a WebUI page of its own, ~1.5 s of CPU here) and finishes
 * its own start (~0.5 s). A participant's browser did that when it started, not when they
 * opened the board's link; on two cores, a `goto` right after `newPage` shared them with it.
 */
export function waitForQuietChromium(options: QuietOptions = {}): Promise<QuietWait> {
  return waitForQuiet(() => chromiumMs(snapshotCpu()), options)
}

export interface QuietOptions {
  windowMs?: number
  windows?: number
  busyMs?: number
  limitMs?: number
}

/**
 * Resolves once a CPU-time reading (ms) has grown by under `busyMs` in each of `windows`
 * consecutive windows of `windowMs`, or at `limitMs` with `quiet: false`.
 */
export async function waitForQuiet(readMs: () => number, options: QuietOptions = {}): Promise<QuietWait> {
  const { windowMs = 250, windows = 2, busyMs = 10, limitMs = 15_000 } = options
  const started = performance.now()
  const first = readMs()
  let last = first
  let calm = 0
  const result = (quiet: boolean): QuietWait => ({ waitedMs: Math.round(performance.now() - started), chromiumMs: Math.round(last - first), quiet })
  while (performance.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs))
    const now = readMs()
    calm = now - last < busyMs ? calm + 1 : 0
    last = now
    if (calm >= windows) return result(true)
  }
  return result(false)
}
