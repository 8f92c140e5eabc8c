/**
 * Server children: spawning (`node --import tsx --import lifeline <script>`), waiting for the
 * `{"port":N}` line, stopping, and reading the child's CPU time and memory from /proc.
 *
 * Every child is registered so the bench can kill them all when it exits, is interrupted or
 * fails; the lifeline preload also makes a child exit when the bench process dies outright.
 */
import fs from 'node:fs'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { CLK_TCK } from '../processCpu'
import { statFields as statFieldsOf } from '../../server/procStat'

export const ROOT = path.resolve(import.meta.dirname, '../..')
const LIFELINE = path.join(import.meta.dirname, 'lifeline.ts')

const live = new Set<ChildProcess>()

/** Kills every server child still running (synchronous: safe in an 'exit' handler). */
export function killAllServers(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

export function liveServerCount(): number {
  return live.size
}

/** Registers another child of the bench, to be killed with the servers. */
export function trackChild(child: ChildProcess): void {
  live.add(child)
  child.once('exit', () => live.delete(child))
}

export interface SpawnOptions {
  /** Script path relative to the repository root. */
  script: string
  env: Record<string, string>
  /** Directory for a V8 CPU profile (`--cpu-prof`), written when the child exits cleanly. */
  cpuProfDir?: string
  startTimeoutMs?: number
}

export interface ChildServer {
  child: ChildProcess
  pid: number
  port: number
  /** Last lines the child wrote to stderr (for error messages). */
  stderrTail(): string
  /** SIGTERM (graceful: the server stores its rooms) then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
  kill(): Promise<void>
  exited: Promise<void>
}

export async function spawnChild(options: SpawnOptions): Promise<ChildServer> {
  const args = [
    ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
    '--import',
    'tsx',
    '--import',
    LIFELINE,
    options.script,
  ]
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'production', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  live.add(child)
  let stderr = ''
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child)
      resolve()
    })
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${options.script} did not print its port in time\n${stderr}`))
    }, options.startTimeoutMs ?? 30_000)
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n').find((l) => l.startsWith('{"port"'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).port)
      }
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${options.script} exited (${code ?? signal}) before listening\n${stderr}`))
    })
  })
  // Keep draining stdout so a chatty child never blocks on a full pipe.
  child.stdout!.resume()
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  return {
    child,
    pid: child.pid!,
    port,
    stderrTail: () => stderr,
    exited,
    kill,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

// ---------------------------------------------------------------------------------------
// /proc sampling

function statFields(pid: number): string[] {
  return statFieldsOf(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))
}

/** CPU seconds (user + system, all threads) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid)
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK
}

/**
 * The process and every process it started, still running (ours starts an analysis process:
 * what a server costs is what its whole tree costs).
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const parent = Number(statFields(Number(entry))[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []))
  return tree
}

/**
 * CPU seconds a server has used so far, its descendants included: each process's own time
 * plus what its ended children used (so a child that ends during a window still counts).
 */
export function serverCpuSeconds(pid: number): number {
  let total = 0
  for (const p of processTree(pid)) {
    try {
      const f = statFields(p)
      total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])
    } catch {
      if (p === pid) throw new Error(`process ${pid} is gone`)
    }
  }
  return total / CLK_TCK
}

function ownMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), peak: kb('VmHWM') }
}

/** Resident memory of a server and its descendants, now and at their peaks, in bytes. */
export function memory(pid: number): { rss: number; peak: number } {
  const sum = ownMemory(pid)
  for (const child of processTree(pid).slice(1)) {
    try {
      const m = ownMemory(child)
      sum.rss += m.rss
      sum.peak += m.peak
    } catch {
      // ended meanwhile
    }
  }
  return sum
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat). */
export function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number)
  return (user + nice + system + irq + softirq + steal) / CLK_TCK
}

/**
 * Waits (up to `maxMs`) until the rest of the machine is quiet: over `sampleMs`, CPU busy time
 * not used by this process stays under `thresholdPercent` of one core. Returns the last
 * sample (percent of one core) and how long it waited.
 */
export async function waitForQuietMachine(maxMs: number, thresholdPercent = 15, sampleMs = 1000): Promise<{ otherPercent: number; waitedMs: number }> {
  const start = performance.now()
  let other = 0
  do {
    const m0 = machineBusySeconds()
    const b0 = cpuSeconds(process.pid)
    await new Promise((r) => setTimeout(r, sampleMs))
    const busy = machineBusySeconds() - m0 - (cpuSeconds(process.pid) - b0)
    other = Math.max(0, (busy / (sampleMs / 1000)) * 100)
    if (other < thresholdPercent) break
  } while (performance.now() - start < maxMs)
  return { otherPercent: other, waitedMs: performance.now() - start }
}

export interface ResourceWindow {
  /** Mean CPU use of the server over the window, in percent of one core. */
  cpuPercent: number
  /** The bench process itself (main thread + generator workers), percent of one core. */
  benchCpuPercent: number
  /** Everything else on the machine (other processes), percent of one core: noise indicator. */
  otherCpuPercent: number
  /** Resident memory at the end of the window, and the highest sample during it (bytes). */
  rssEnd: number
  rssMax: number
}

/** Samples a process's CPU and RSS between `start()` and `stop()`. */
export function resourceSampler(pid: number, everyMs = 250) {
  let cpu0 = 0
  let machine0 = 0
  let bench0 = 0
  let t0 = 0
  let rssMax = 0
  let timer: NodeJS.Timeout | null = null
  const sample = () => {
    try {
      rssMax = Math.max(rssMax, memory(pid).rss)
    } catch {
      // the process is gone; stop() reports what we have
    }
  }
  return {
    start() {
      cpu0 = serverCpuSeconds(pid)
      machine0 = machineBusySeconds()
      bench0 = cpuSeconds(process.pid)
      t0 = performance.now()
      rssMax = 0
      sample()
      timer = setInterval(sample, everyMs)
    },
    stop(): ResourceWindow {
      if (timer) clearInterval(timer)
      timer = null
      const seconds = (performance.now() - t0) / 1000
      let cpu = cpu0
      let rssEnd = 0
      try {
        cpu = serverCpuSeconds(pid)
        rssEnd = memory(pid).rss
      } catch {
        // gone
      }
      rssMax = Math.max(rssMax, rssEnd)
      const pct = (s: number) => (seconds > 0 ? (s / seconds) * 100 : 0)
      const server = cpu - cpu0
      const bench = cpuSeconds(process.pid) - bench0
      const machine = machineBusySeconds() - machine0
      return {
        cpuPercent: pct(server),
        benchCpuPercent: pct(bench),
        otherCpuPercent: Math.max(0, pct(machine - server - bench)),
        rssEnd,
        rssMax,
      }
    },
  }
}
