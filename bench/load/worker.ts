/**
 * A load-generator worker thread: runs its share of the clients and aggregates what they
 * observe (per write: how many receivers had it and the latest arrival), so the main thread
 * only merges small arrays.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Session } from 'node:inspector'
import { parentPort, threadId } from 'node:worker_threads'
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks'
import { BenchClient, type ClientSink } from './client'
import { Schedule } from './schedule'
import { adapterStats, setAdapterTiming } from './hocuspocusSocket'
import type { AwarenessHandling, ClientSpec, FromWorker, LoadSettings, ToWorker, WorkerStats } from './messages'

const port = parentPort!
// Every WebsocketProvider adds a process 'exit' listener; hundreds per worker are expected.
process.setMaxListeners(0)
const post = (message: FromWorker) => port.postMessage(message)

let clients: BenchClient[] = []
/** All this thread's clients' writes and presence moves, on one timer (see schedule.ts). */
const schedule = new Schedule()
let settings: LoadSettings | null = null
let writes: number[] = []
/** Per write (key = writer * 2^24 + seq): receipts and latest latency. */
let receipts = new Map<number, { n: number; max: number }>()
let presence: number[] = []
let presenceSent = 0
let echoesSent = 0
let eluStart: ReturnType<typeof performance.eventLoopUtilization> | null = null
let elu = 0
/** Event-loop delay and GC pauses over the window (see WorkerStats). */
const loopDelay = monitorEventLoopDelay({ resolution: 2 })
let gc: WorkerStats['gc'] = { count: 0, totalMs: 0, maxMs: 0, byKind: {} }
let gcOn = false
new PerformanceObserver((list) => {
  if (!gcOn) return
  for (const entry of list.getEntries()) {
    gc.count++
    gc.totalMs += entry.duration
    if (entry.duration > gc.maxMs) gc.maxMs = entry.duration
    const kind = String((entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? '?')
    const k = (gc.byKind[kind] ??= { count: 0, totalMs: 0, maxMs: 0 })
    k.count++
    k.totalMs += entry.duration
    if (entry.duration > k.maxMs) k.maxMs = entry.duration
  }
}).observe({ entryTypes: ['gc'] })

/** CPU profile of the load window (settings.profile), through the inspector of this thread. */
let profiler: Session | null = null
const inspect = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => profiler!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))))

async function startProfile(): Promise<void> {
  profiler = new Session()
  profiler.connect()
  await inspect('Profiler.enable')
  await inspect('Profiler.setSamplingInterval', { interval: 500 })
  await inspect('Profiler.start')
}

async function stopProfile(target: { dir: string; label: string }): Promise<void> {
  if (!profiler) return
  const { profile } = await inspect('Profiler.stop')
  profiler.disconnect()
  profiler = null
  fs.mkdirSync(target.dir, { recursive: true })
  fs.writeFileSync(path.join(target.dir, `${target.label}-w${threadId}.cpuprofile`), JSON.stringify(profile))
}

const KEY = 2 ** 24
const inWindow = (t: number) => settings !== null && t >= settings.windowFrom && t <= settings.windowTo

const sink: ClientSink = {
  receipt(writer, seq, sentAt, at) {
    if (!inWindow(sentAt)) return
    const key = writer * KEY + seq
    const latency = at - sentAt
    const entry = receipts.get(key)
    if (entry) {
      entry.n++
      if (latency > entry.max) entry.max = latency
    } else receipts.set(key, { n: 1, max: latency })
  },
  presence(sentAt, at) {
    if (inWindow(sentAt)) presence.push(at - sentAt)
  },
  presenceSent(t, echo) {
    if (!inWindow(t)) return
    if (echo) echoesSent++
    else presenceSent++
  },
}

async function connect(
  specs: ClientSpec[],
  template: Record<string, unknown>,
  perSecond: number,
  timeoutMs: number,
  awareness: AwarenessHandling,
) {
  const gap = perSecond > 0 ? 1000 / perSecond : 0
  const created: BenchClient[] = []
  for (const spec of specs) {
    const client = new BenchClient(spec, template, sink, awareness)
    client.onWrite = (seq, t) => {
      if (inWindow(t)) writes.push(spec.idx, seq, t)
    }
    created.push(client)
    clients.push(client)
    if (gap > 0) await new Promise((r) => setTimeout(r, gap))
  }
  const deadline = Date.now() + timeoutMs
  while (created.some((c) => !c.syncedAt) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  const synced = created.filter((c) => c.syncedAt)
  const errors = created
    .filter((c) => !c.syncedAt)
    .slice(0, 5)
    .map((c) => `client ${c.spec.idx}: not synced (closes ${c.closes.join(',') || 'none'}, errors ${c.errors})`)
  post({
    type: 'connected',
    synced: synced.length,
    failed: created.length - synced.length,
    connectMs: synced.map((c) => c.syncedAt - c.startedAt),
    errors,
  })
}

function collect(): WorkerStats {
  const flat: number[] = []
  for (const [key, { n, max }] of receipts) flat.push(Math.floor(key / KEY), key % KEY, n, max)
  const closes: Record<string, number> = {}
  let errors = 0
  let reconnects = 0
  for (const c of clients) {
    for (const code of c.closes) closes[code] = (closes[code] ?? 0) + 1
    errors += c.errors
    reconnects += c.connects
  }
  return {
    type: 'stats',
    writes,
    receipts: flat,
    presence,
    presenceSent,
    echoesSent,
    closes,
    connectionErrors: errors,
    reconnects,
    disconnected: clients.filter((c) => !c.connected).length,
    elu,
    loopDelay: {
      p50: loopDelay.count ? loopDelay.percentile(50) / 1e6 : NaN,
      p99: loopDelay.count ? loopDelay.percentile(99) / 1e6 : NaN,
      max: loopDelay.count ? loopDelay.max / 1e6 : NaN,
    },
    gc,
    adapter: { ...adapterStats },
  }
}

port.on('message', (message: ToWorker) => {
  try {
    switch (message.type) {
      case 'connect':
        void connect(message.clients, message.template, message.perSecond, message.timeoutMs, message.awareness).catch((err) =>
          post({ type: 'error', message: String(err?.stack ?? err) }),
        )
        return
      case 'start': {
        settings = message.settings
        writes = []
        receipts = new Map()
        presence = []
        presenceSent = 0
        echoesSent = 0
        adapterStats.messages = 0
        adapterStats.nanoseconds = 0
        setAdapterTiming(true)
        const { writeHz, presenceHz, presence: mode } = message.settings
        const begin = () => {
          const shared = message.settings.timers !== 'per-client'
          for (const c of clients) c.start(writeHz, presenceHz, mode, shared ? schedule : undefined)
          eluStart = performance.eventLoopUtilization()
          loopDelay.reset()
          loopDelay.enable()
          gc = { count: 0, totalMs: 0, maxMs: 0, byKind: {} }
          gcOn = true
          post({ type: 'started' })
        }
        if (message.settings.profile) startProfile().then(begin, (err) => post({ type: 'error', message: `profiler: ${err}` }))
        else begin()
        return
      }
      case 'stop': {
        for (const c of clients) c.stop()
        if (eluStart) elu = performance.eventLoopUtilization(eluStart).utilization
        loopDelay.disable()
        gcOn = false
        setAdapterTiming(false)
        const target = settings?.profile
        if (target) stopProfile(target).then(() => post({ type: 'stopped' }), (err) => post({ type: 'error', message: `profiler: ${err}` }))
        else post({ type: 'stopped' })
        return
      }
      case 'collect':
        post(collect())
        return
      case 'close':
        for (const c of clients) c.destroy()
        clients = []
        // Let the close frames go out before the thread is terminated.
        setTimeout(() => post({ type: 'closed' }), 50)
        return
    }
  } catch (err) {
    post({ type: 'error', message: String((err as Error)?.stack ?? err) })
  }
})

post({ type: 'ready' })
