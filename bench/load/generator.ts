/**
 * The load generator's main-thread side: worker threads that each run a share of the clients
 * (spread round-robin, so every room spans the workers), one load window, and the merge of
 * what the workers measured into latency percentiles, throughput and connection problems.
 */
import { Worker } from 'node:worker_threads'
import { now } from './client'
import type { AwarenessHandling, ClientSpec, ClientTimers, ConnectReport, FromWorker, LoadSettings, PresenceMode, ToWorker, WorkerStats } from './messages'
import { percentiles, sleep, type Percentiles } from '../stats'

/** A worker running a TypeScript module through tsx (workers do not inherit `--import tsx`). */
function tsWorker(url: URL, youngGenerationMb?: number): Worker {
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(bootstrap, { eval: true, resourceLimits: youngGenerationMb ? { maxYoungGenerationSizeMb: youngGenerationMb } : undefined })
}

class WorkerHandle {
  private waiting: { type: string; resolve: (m: any) => void; reject: (e: Error) => void }[] = []
  failure: Error | null = null

  constructor(readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'error') return this.fail(new Error(`generator worker: ${message.message}`))
      const i = this.waiting.findIndex((w) => w.type === message.type)
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(message)
    })
    worker.on('error', (err) => this.fail(err))
    worker.on('exit', (code) => {
      if (this.waiting.length) this.fail(new Error(`generator worker exited (${code})`))
    })
  }

  private fail(err: Error) {
    this.failure = err
    for (const w of this.waiting.splice(0)) w.reject(err)
  }

  next<T>(type: string, timeoutMs = 120_000): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`generator worker: no '${type}' within ${timeoutMs} ms`)), timeoutMs)
      this.waiting.push({
        type,
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      })
    })
  }

  send(message: ToWorker) {
    this.worker.postMessage(message)
  }
}

export interface ConnectSummary {
  clients: number
  synced: number
  failed: number
  connect: Percentiles
  errors: string[]
}

export interface WindowOptions {
  writeHz: number
  presenceHz: number
  presence: PresenceMode
  warmupMs: number
  durationMs: number
  drainMs: number
  timers?: ClientTimers
  /** CPU-profile the worker threads over the window (see LoadSettings.profile). */
  profile?: { dir: string; label: string }
  /** Called when the measured window opens and closes (resource sampling). */
  onWindowStart?: () => void
  onWindowEnd?: () => void
}

export interface LoadResult {
  /** Per write, time until the last other client in its room had it (ms). */
  propagation: Percentiles
  writes: number
  /** Writes that some receiver never saw by the end of the drain. */
  incomplete: number
  /** Document updates delivered to clients per second, and writes per second. */
  deliveriesPerSecond: number
  writesPerSecond: number
  /** Presence: per receipt, time from the sender setting it to a receiver applying it (ms). */
  presence: Percentiles
  presenceSentPerSecond: number
  echoesPerSecond: number
  closes: Record<string, number>
  connectionErrors: number
  reconnects: number
  disconnected: number
  /** Busiest generator worker's event-loop utilisation (near 1 = generator-bound). */
  generatorElu: number
  /** Worst worker's event-loop delay p99 and max (ms), and GC pauses summed over workers. */
  generatorLoopDelay: { p99: number; max: number }
  generatorGc: { count: number; totalMs: number; maxMs: number; perWorker: WorkerStats['gc'][] }
  /**
   * How evenly the writes went out: writes per 10 ms over the window, mean and most. Clients
   * on independent phases give a max a few times the mean; clients ticking in bunches, far more.
   */
  writeBunching: { meanPer10ms: number; maxPer10ms: number }
  adapter: { messages: number; nsPerMessage: number }
}

export class LoadGenerator {
  private specs: ClientSpec[] = []
  /** Every generator not yet closed, so a failed or timed-out bench can stop them all. */
  static readonly live = new Set<LoadGenerator>()

  private constructor(private readonly workers: WorkerHandle[]) {
    LoadGenerator.live.add(this)
  }

  static async terminateAll(): Promise<void> {
    await Promise.all([...LoadGenerator.live].map((g) => g.terminate()))
  }

  /** `youngGenerationMb`: the workers' young generation (V8 default if unset; see settings). */
  static async start(count: number, youngGenerationMb?: number): Promise<LoadGenerator> {
    const handles = Array.from({ length: count }, () => new WorkerHandle(tsWorker(new URL('./worker.ts', import.meta.url), youngGenerationMb)))
    const generator = new LoadGenerator(handles)
    try {
      await Promise.all(handles.map((h) => h.next('ready', 60_000)))
    } catch (err) {
      await generator.terminate()
      throw err
    }
    return generator
  }

  /** Connects the clients (`perSecond` in total, 0 = all at once) and waits until they synced. */
  async connect(
    specs: ClientSpec[],
    template: Record<string, unknown>,
    options: { perSecond: number; timeoutMs: number; awareness: AwarenessHandling },
  ): Promise<ConnectSummary> {
    this.specs.push(...specs)
    const shares = this.workers.map(() => [] as ClientSpec[])
    specs.forEach((spec, i) => shares[i % shares.length].push(spec))
    const reports = await Promise.all(
      this.workers.map((w, i) => {
        const reply = w.next<ConnectReport>('connected', options.timeoutMs + 60_000 + (shares[i].length / Math.max(1, options.perSecond)) * 1000 * this.workers.length)
        w.send({
          type: 'connect',
          clients: shares[i],
          template,
          perSecond: options.perSecond / this.workers.length,
          timeoutMs: options.timeoutMs,
          awareness: options.awareness,
        })
        return reply
      }),
    )
    return {
      clients: specs.length,
      synced: reports.reduce((n, r) => n + r.synced, 0),
      failed: reports.reduce((n, r) => n + r.failed, 0),
      connect: percentiles(reports.flatMap((r) => r.connectMs)),
      errors: reports.flatMap((r) => r.errors),
    }
  }

  /** One load window: warm-up, measured window, stop, drain; then the merged results. */
  async run(options: WindowOptions): Promise<LoadResult> {
    const windowFrom = now() + options.warmupMs
    const settings: LoadSettings = {
      writeHz: options.writeHz,
      presenceHz: options.presenceHz,
      presence: options.presence,
      windowFrom,
      windowTo: windowFrom + options.durationMs,
      profile: options.profile,
      timers: options.timers,
    }
    await this.all('started', { type: 'start', settings })
    await sleep(Math.max(0, settings.windowFrom - now()))
    options.onWindowStart?.()
    await sleep(Math.max(0, settings.windowTo - now()))
    options.onWindowEnd?.()
    await this.all('stopped', { type: 'stop' })
    await sleep(options.drainMs)
    const stats = await this.all<WorkerStats>('stats', { type: 'collect' })
    return this.merge(stats, options.durationMs / 1000)
  }

  private async all<T>(reply: string, message: ToWorker): Promise<T[]> {
    const waits = this.workers.map((w) => w.next<T>(reply))
    for (const w of this.workers) w.send(message)
    return Promise.all(waits)
  }

  private merge(stats: WorkerStats[], seconds: number): LoadResult {
    const roomSize = new Map<string, number>()
    for (const s of this.specs) roomSize.set(s.room, (roomSize.get(s.room) ?? 0) + 1)
    const roomOf = new Map(this.specs.map((s) => [s.idx, s.room]))
    const KEY = 2 ** 24
    const received = new Map<number, { n: number; max: number }>()
    for (const s of stats) {
      for (let i = 0; i < s.receipts.length; i += 4) {
        const key = s.receipts[i] * KEY + s.receipts[i + 1]
        const entry = received.get(key)
        if (entry) {
          entry.n += s.receipts[i + 2]
          entry.max = Math.max(entry.max, s.receipts[i + 3])
        } else received.set(key, { n: s.receipts[i + 2], max: s.receipts[i + 3] })
      }
    }
    const latencies: number[] = []
    let writes = 0
    let incomplete = 0
    let deliveries = 0
    for (const s of stats) {
      for (let i = 0; i < s.writes.length; i += 3) {
        const writer = s.writes[i]
        const expected = (roomSize.get(roomOf.get(writer)!) ?? 1) - 1
        if (expected <= 0) continue
        writes++
        const got = received.get(writer * KEY + s.writes[i + 1])
        deliveries += got?.n ?? 0
        if (got && got.n >= expected) latencies.push(got.max)
        else incomplete++
      }
    }
    const bins = new Map<number, number>()
    for (const s of stats) for (let i = 2; i < s.writes.length; i += 3) bins.set(Math.floor(s.writes[i] / 10), (bins.get(Math.floor(s.writes[i] / 10)) ?? 0) + 1)
    const writeBunching = { meanPer10ms: writes / (seconds * 100), maxPer10ms: Math.max(0, ...bins.values()) }
    const closes: Record<string, number> = {}
    for (const s of stats) for (const [code, n] of Object.entries(s.closes)) closes[code] = (closes[code] ?? 0) + n
    const adapterMessages = stats.reduce((n, s) => n + s.adapter.messages, 0)
    const adapterNs = stats.reduce((n, s) => n + s.adapter.nanoseconds, 0)
    return {
      propagation: percentiles(latencies),
      writes,
      incomplete,
      deliveriesPerSecond: deliveries / seconds,
      writesPerSecond: writes / seconds,
      presence: percentiles(stats.flatMap((s) => s.presence)),
      presenceSentPerSecond: stats.reduce((n, s) => n + s.presenceSent, 0) / seconds,
      echoesPerSecond: stats.reduce((n, s) => n + s.echoesSent, 0) / seconds,
      closes,
      connectionErrors: stats.reduce((n, s) => n + s.connectionErrors, 0),
      reconnects: stats.reduce((n, s) => n + s.reconnects, 0),
      disconnected: stats.reduce((n, s) => n + s.disconnected, 0),
      generatorElu: Math.max(...stats.map((s) => s.elu)),
      generatorLoopDelay: { p99: Math.max(...stats.map((s) => s.loopDelay.p99)), max: Math.max(...stats.map((s) => s.loopDelay.max)) },
      generatorGc: {
        count: stats.reduce((n, s) => n + s.gc.count, 0),
        totalMs: stats.reduce((n, s) => n + s.gc.totalMs, 0),
        maxMs: Math.max(...stats.map((s) => s.gc.maxMs)),
        perWorker: stats.map((s) => s.gc),
      },
      writeBunching,
      adapter: { messages: adapterMessages, nsPerMessage: adapterMessages ? adapterNs / adapterMessages : 0 },
    }
  }

  async close(): Promise<void> {
    await Promise.race([this.all('closed', { type: 'close' }).catch(() => {}), sleep(5_000)])
    await this.terminate()
  }

  /** Terminates the workers at once (on failure). */
  async terminate(): Promise<void> {
    LoadGenerator.live.delete(this)
    await Promise.all(this.workers.map((w) => w.worker.terminate().catch(() => 0)))
  }
}
