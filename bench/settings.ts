/**
 * The three sizes of a bench run. `full` is issue 9's scenarios; `quick` the same loads with
 * short windows (under 3 minutes); `smoke` the smallest settings that still exercise every
 * scenario on every server (the test, under 60 s).
 *
 * Scenario 2's rates (0.5 updates/s and 1 presence/s per client) are our choice: it is about
 * 1,000 connections in 100 rooms, and at scenario 1's rates the 1,000 clients would need
 * several cores of load generator on a 2-core machine.
 */
import type { AwarenessHandling, ClientTimers, PresenceMode } from './load/messages'
import type { GrowthScale } from '../lib/doc/growth'

export type Mode = 'full' | 'quick' | 'smoke'

export interface LoadSettings {
  rooms: number
  clientsPerRoom: number
  writeHz: number
  presenceHz: number
  presenceModes: PresenceMode[]
  warmupMs: number
  durationMs: number
  drainMs: number
  connectPerSecond: number
}

export interface Settings {
  mode: Mode
  /** Generator worker threads. */
  workers: number
  /** How clients handle incoming awareness (bench/load/client.ts): lean unless --stock-clients. */
  awareness: AwarenessHandling
  /** Generator workers' young generation in MB (--worker-young-mb; V8's default if unset). */
  workerYoungGenerationMb?: number
  /** Clients' write and presence timers: one schedule per worker (default) or --client-timers. */
  timers?: ClientTimers
  /** Scenario 1 in this many rounds, servers interleaved, medians reported (--rounds; bench/rounds.ts). */
  rounds?: number
  /** Start the three servers at once (smoke only: timings then mean nothing). */
  parallelServers: boolean
  /** Upper bound of one scenario on one server (ms); past it the scenario fails. */
  scenarioTimeoutMs: number
  oneBoard: LoadSettings
  manyBoards: LoadSettings
  coldLoad: { targetBytes: number; repeats: number }
  /** `interleaved`: several writers overwriting in turn (see scenarios/inprocess.child.ts). */
  growth: { scale: GrowthScale; phases: boolean; interleaved: { writers: number; overwrites: number } }
  analysis: { runs: number }
  /** `settleMs`: how long the big board's analysis must stand still before the first window. */
  analyserRoom: { actors: number; ties: number; editEveryMs: number; rounds: number; settleMs: number; presenceModes: PresenceMode[] }
}

const ALL_MODES: PresenceMode[] = ['off', 'quiet', 'stock', 'echo']

export function settingsFor(mode: Mode): Settings {
  switch (mode) {
    case 'full':
      return {
        mode,
        workers: 2,
        awareness: 'lean',
        parallelServers: false,
        scenarioTimeoutMs: 240_000,
        oneBoard: { rooms: 1, clientsPerRoom: 50, writeHz: 2, presenceHz: 10, presenceModes: ALL_MODES, warmupMs: 2000, durationMs: 20_000, drainMs: 2000, connectPerSecond: 200 },
        manyBoards: { rooms: 100, clientsPerRoom: 10, writeHz: 0.5, presenceHz: 1, presenceModes: ['quiet'], warmupMs: 3000, durationMs: 20_000, drainMs: 3000, connectPerSecond: 250 },
        coldLoad: { targetBytes: 5_000_000, repeats: 3 },
        growth: { scale: { single: 10_000, selection: 1_000, alternating: 1_000 }, phases: true, interleaved: { writers: 5, overwrites: 5_000 } },
        analysis: { runs: 5 },
        analyserRoom: { actors: 2000, ties: 10_000, editEveryMs: 1000, rounds: 2, settleMs: 2000, presenceModes: ['off'] },
      }
    case 'quick':
      return {
        mode,
        workers: 2,
        awareness: 'lean',
        parallelServers: false,
        scenarioTimeoutMs: 90_000,
        // Windows of 2 s: with the browser row (~25 s, its server starts Next) the whole
        // quick run must stay under 3 minutes on 2 cores (it took 200 s with 3 s windows).
        oneBoard: { rooms: 1, clientsPerRoom: 50, writeHz: 2, presenceHz: 10, presenceModes: ALL_MODES, warmupMs: 700, durationMs: 2000, drainMs: 500, connectPerSecond: 250 },
        manyBoards: { rooms: 100, clientsPerRoom: 10, writeHz: 0.5, presenceHz: 1, presenceModes: ['quiet'], warmupMs: 1000, durationMs: 2000, drainMs: 1000, connectPerSecond: 400 },
        coldLoad: { targetBytes: 5_000_000, repeats: 1 },
        growth: { scale: { single: 10_000, selection: 1_000, alternating: 1_000 }, phases: false, interleaved: { writers: 5, overwrites: 3_000 } },
        analysis: { runs: 3 },
        analyserRoom: { actors: 2000, ties: 10_000, editEveryMs: 1000, rounds: 1, settleMs: 1000, presenceModes: ['off'] },
      }
    case 'smoke':
      return {
        mode,
        workers: 1,
        awareness: 'lean',
        parallelServers: true,
        scenarioTimeoutMs: 40_000,
        oneBoard: { rooms: 1, clientsPerRoom: 3, writeHz: 4, presenceHz: 10, presenceModes: ALL_MODES, warmupMs: 300, durationMs: 1000, drainMs: 500, connectPerSecond: 0 },
        manyBoards: { rooms: 2, clientsPerRoom: 3, writeHz: 4, presenceHz: 2, presenceModes: ['quiet'], warmupMs: 300, durationMs: 1000, drainMs: 500, connectPerSecond: 0 },
        coldLoad: { targetBytes: 100_000, repeats: 1 },
        growth: { scale: { single: 100, selection: 10, alternating: 10 }, phases: false, interleaved: { writers: 3, overwrites: 100 } },
        analysis: { runs: 1 },
        analyserRoom: { actors: 50, ties: 100, editEveryMs: 200, rounds: 1, settleMs: 300, presenceModes: ['off'] },
      }
  }
}
