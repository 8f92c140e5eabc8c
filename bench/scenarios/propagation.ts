/**
 * Scenarios 1 and 2: rooms of clients writing records and presence through one server;
 * propagation latency, throughput, server CPU and memory, connection problems.
 */
import { newUserKey } from '../../lib/protocol/userKey'
import { LoadGenerator, type ConnectSummary, type LoadResult } from '../load/generator'
import type { AwarenessHandling, ClientSpec, ClientTimers, PresenceMode } from '../load/messages'
import { memory, resourceSampler, type BenchServer } from '../servers'
import type { ResourceWindow } from '../servers/process'
import { sleep } from '../stats'

export interface PropagationOptions {
  rooms: number
  clientsPerRoom: number
  writeHz: number
  presenceHz: number
  presenceModes: PresenceMode[]
  warmupMs: number
  durationMs: number
  drainMs: number
  workers: number
  /** Connection rate while connecting (total, per second; 0 = all at once). */
  connectPerSecond: number
  /** Lean (default) or stock handling of incoming awareness in the clients. */
  awareness: AwarenessHandling
  template: Record<string, unknown>
  /**
   * Instead of one window per presence mode: these windows in turn, each with the first
   * presence mode, `enter` called before its warm-up and `leave` after its drain (scenario 5
   * alternates an idle and a busy neighbour room this way, so both see the same machine).
   */
  windows?: { label: string; enter?: () => void; leave?: () => void }[]
  /** The generator workers' young generation, MB (V8's default if unset). */
  workerYoungGenerationMb?: number
  /** One schedule per worker (default) or a timer per client. */
  timers?: ClientTimers
  /** Write a CPU profile of each generator worker per window into this directory. */
  generatorProfileDir?: string
}

export interface PropagationRun extends LoadResult {
  mode: PresenceMode
  /** The window's label, when the run was one of `options.windows`. */
  label?: string
  server: ResourceWindow
}

export interface PropagationResult {
  connect: ConnectSummary
  /** Server RSS before any client connected, and after all connected and synced (bytes). */
  rssBefore: number
  rssConnected: number
  runs: PropagationRun[]
}

export async function runPropagation(server: BenchServer, options: PropagationOptions): Promise<PropagationResult> {
  const rooms = []
  for (let r = 0; r < options.rooms; r++) rooms.push(await server.createRoom(`room${r}`))
  const specs: ClientSpec[] = []
  for (let c = 0; c < options.clientsPerRoom; c++) {
    for (const room of rooms) {
      specs.push({
        idx: specs.length,
        wsBase: server.wsBase,
        room: room.name,
        params: room.params,
        ...(room.userKeys ? { userKey: newUserKey() } : {}),
        schema: server.schema,
        adapter: server.adapter,
      })
    }
  }
  const rssBefore = memory(server.pid).rss
  const generator = await LoadGenerator.start(options.workers, options.workerYoungGenerationMb)
  try {
    const connect = await generator.connect(specs, options.template, {
      perSecond: options.connectPerSecond,
      timeoutMs: 30_000,
      awareness: options.awareness,
    })
    await sleep(500)
    const rssConnected = memory(server.pid).rss
    const runs: PropagationRun[] = []
    const windows: { mode: PresenceMode; label?: string; enter?: () => void; leave?: () => void }[] =
      options.windows?.map((w) => ({ ...w, mode: options.presenceModes[0] })) ?? options.presenceModes.map((mode) => ({ mode }))
    for (const { mode, label, enter, leave } of windows) {
      enter?.()
      const sampler = resourceSampler(server.pid)
      let window: ResourceWindow | null = null
      const result = await generator.run({
        writeHz: options.writeHz,
        presenceHz: options.presenceHz,
        presence: mode,
        warmupMs: options.warmupMs,
        durationMs: options.durationMs,
        drainMs: options.drainMs,
        timers: options.timers,
        profile: options.generatorProfileDir ? { dir: options.generatorProfileDir, label: `${server.kind}-${label ?? mode}` } : undefined,
        onWindowStart: () => sampler.start(),
        onWindowEnd: () => (window = sampler.stop()),
      })
      leave?.()
      runs.push({ ...result, mode, ...(label ? { label } : {}), server: window! })
    }
    return { connect, rssBefore, rssConnected, runs }
  } finally {
    await generator.close()
  }
}
