/** Messages between the generator (main thread) and its worker threads. */
import type { RecordSchema, WireAdapter } from '../servers/types'

/**
 * Clients' periodic writes and presence moves: `shared`, one schedule per worker thread with
 * each client on its own fixed grid (bench/load/schedule.ts); `per-client`, a setInterval per
 * client (phases bunch up when the loop runs late).
 */
export type ClientTimers = 'shared' | 'per-client'

/** How clients handle incoming awareness: see bench/load/client.ts. */
export type AwarenessHandling = 'lean' | 'stock'

export interface ClientSpec {
  /** Global client index: the writer id embedded in every record it writes. */
  idx: number
  wsBase: string
  room: string
  params: Record<string, string>
  /** The user key this client offers (see Room.userKeys); none when absent. */
  userKey?: string
  schema: RecordSchema
  adapter: WireAdapter
}

/**
 * How presence behaves:
 * - `off`: no presence at all (document updates only);
 * - `quiet`: only the client's own presence goes out (the provider's re-send of every remote
 *   awareness change it applies is switched off);
 * - `stock`: the stock provider as shipped, which re-sends every remote awareness change it
 *   applies (same clock, so servers drop it, but they must receive and decode it);
 * - `echo`: `stock` plus the application echo of browsers' tldraw bindings: each client
 *   re-sets its own presence whenever a remote one changes, throttled to the presence rate.
 */
export type PresenceMode = 'off' | 'quiet' | 'stock' | 'echo'

export interface LoadSettings {
  writeHz: number
  presenceHz: number
  presence: PresenceMode
  /** Receipts and presence samples whose send time is in [from, to] (epoch ms) are measured. */
  windowFrom: number
  windowTo: number
  timers?: ClientTimers
  /** When set, each worker writes a V8 CPU profile of start → stop here (`<label>-w<thread>.cpuprofile`). */
  profile?: { dir: string; label: string }
}

export type ToWorker =
  | {
      type: 'connect'
      clients: ClientSpec[]
      template: Record<string, unknown>
      perSecond: number
      timeoutMs: number
      awareness: AwarenessHandling
    }
  | { type: 'start'; settings: LoadSettings }
  | { type: 'stop' }
  | { type: 'collect' }
  | { type: 'close' }

export interface ConnectReport {
  type: 'connected'
  synced: number
  failed: number
  /** connect → synced, ms, per synced client. */
  connectMs: number[]
  errors: string[]
}

export interface WorkerStats {
  type: 'stats'
  /** Own writes: writer, seq, send time (flattened triples). */
  writes: number[]
  /** Receipts aggregated per write: writer, seq, count, max latency ms (flattened quadruples). */
  receipts: number[]
  /** Presence latencies (ms) of samples sent in the window, one per receipt. */
  presence: number[]
  presenceSent: number
  echoesSent: number
  /** Close codes seen by clients, with counts. */
  closes: Record<string, number>
  connectionErrors: number
  reconnects: number
  /** Clients not connected when collected. */
  disconnected: number
  /** Event-loop utilisation of this worker over the load window (0..1). */
  elu: number
  /** Event-loop delay of this worker over the load window (ms): how late its callbacks ran. */
  loopDelay: { p50: number; p99: number; max: number }
  /** Garbage collection in this worker over the load window: pauses, their total and longest (ms). */
  gc: { count: number; totalMs: number; maxMs: number; byKind: Record<string, { count: number; totalMs: number; maxMs: number }> }
  /** Time spent in the Hocuspocus adapter's encode/decode. */
  adapter: { messages: number; nanoseconds: number }
}

export type FromWorker =
  | ConnectReport
  | WorkerStats
  | { type: 'ready' }
  | { type: 'started' } | { type: 'stopped' } | { type: 'closed' } | { type: 'error'; message: string }
