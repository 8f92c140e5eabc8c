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
      if (isChromium(cpu.name) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) {
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

const isChromium = (name: string) => /^(chromium|chrome|headless_shell)/.test(name)

export interface CpuUse {
  /** Chromium's processes (browser, renderers, GPU, utilities). */
  chromiumMs: number
  /** Of which its renderers' main threads (the page's JavaScript, style, layout, paint)... */
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
