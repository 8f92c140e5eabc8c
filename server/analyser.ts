/**
 * The analyser peer of one loaded board. It watches the room's document, and after changes
 * settle (debounced, at most about once a second while people keep editing) extracts the
 * coalition snapshot, analyses it, and writes the result back into the document under its
 * own transaction origin, only when something changed. Every participant, the big screen
 * and every export then read the same analysis. One analyser per board (AnalyserLocks).
 * Big coalitions are analysed in a child process that keeps a replica of the document.
 */
import type * as Y from 'yjs'
import type { Logger } from 'pino'
import { ACTOR_TYPE } from '../lib/shapes/actor'
import { ANALYSIS_METRICS_KEY, entryText, readSpiral, stampEntryText } from '../lib/doc/analysisEntry'
import {
  analysisMap,
  recordsKV,
  ANALYSIS_RESULT_KEY,
  sessionMap,
  SessionKey,
  spiralArray,
  SPIRAL_MAX_POINTS,
  type SpiralPoint,
} from '../lib/doc/schema'
import type { AnalysisSettings, AnalysisWorker, CoreSummary } from './analysisPool'
import { BoardAnalysis } from './boardAnalysis'

/** The transaction origin of everything the analyser writes. */
export const ANALYSER_ORIGIN = Symbol('analyser')

/** Who may write a board's analysis. In-process here; a Redis lock with several instances. */
export interface AnalyserLocks {
  acquire(boardId: string, owner: object): boolean
  release(boardId: string, owner: object): void
}

export class LocalAnalyserLocks implements AnalyserLocks {
  private owners = new Map<string, object>()
  acquire(boardId: string, owner: object): boolean {
    const current = this.owners.get(boardId)
    if (current && current !== owner) return false
    this.owners.set(boardId, owner)
    return true
  }
  release(boardId: string, owner: object): void {
    if (this.owners.get(boardId) === owner) this.owners.delete(boardId)
  }
}

export interface AnalyserOptions {
  /** Quiet time after the last change before analysing. */
  debounceMs: number
  /** Longest wait while changes keep coming. */
  maxWaitMs: number
  /**
   * Boards whose coalition (actor cards, arrows and arrow bindings) has more records than
   * this are analysed in the analysis process, which then keeps a replica of the board.
   */
  workerThreshold: number
  /** Spiral history: at most one point per this interval. */
  historyIntervalMs: number
  /** The clock of the analyses' times and of the spiral history (the debounce runs on a monotonic clock). */
  now?: () => number
}

export const DEFAULT_ANALYSER_OPTIONS: AnalyserOptions = {
  debounceMs: 250,
  maxWaitMs: 1000,
  workerThreshold: 500,
  historyIntervalMs: 10_000,
}

/** The spiral gains a point when the phase changes or a score moves this much. */
export const HISTORY_SCORE_STEP = 0.05

/** How many of the board's records are the coalition's: actors, arrows and their bindings. */
function coalitionRecords(doc: Y.Doc): number {
  let count = 0
  for (const { val } of recordsKV(doc).map.values()) if (val.type === ACTOR_TYPE || val.type === 'arrow') count++
  return count
}

export class AnalyserPeer {
  private timer: NodeJS.Timeout | null = null
  /** When the pending analysis is due: each update pushes it back, up to maxWaitMs after the first. */
  private dueAt = 0
  private firstPendingAt = 0
  private running = false
  private rerun = false
  /** The analysis of a board analysed here (a small one), kept up to date change by change. */
  private local: BoardAnalysis | null = null
  private lastCore: CoreSummary | null = null
  private historyTimer: NodeJS.Timeout | null = null
  private stopped = false
  private owning = false
  private readonly now: () => number
  /** Transactions this peer has written (for tests and metrics). */
  writes = 0

  constructor(
    readonly boardId: string,
    private readonly doc: Y.Doc,
    private readonly locks: AnalyserLocks,
    private readonly worker: AnalysisWorker,
    private readonly log: Logger,
    private readonly options: AnalyserOptions = DEFAULT_ANALYSER_OPTIONS,
  ) {
    this.now = options.now ?? Date.now
  }

  /**
   * Starts observing; false when another analyser already owns this board. `loaded`: the
   * stored pieces the document was just made of (Room.takeLoadedState); a big coalition's
   * replica is made of them at once, instead of encoding the document on the event loop.
   */
  start(loaded: Uint8Array[] | null = null): boolean {
    if (!this.locks.acquire(this.boardId, this)) {
      this.log.warn({ board: this.boardId }, 'another analyser owns this board; not starting')
      return false
    }
    this.owning = true
    if (loaded && coalitionRecords(this.doc) > this.options.workerThreshold) this.worker.attach(this.boardId, this.doc, loaded)
    this.doc.on('update', this.onUpdate)
    this.schedule()
    return true
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.worker.detach(this.boardId)
    this.owning = false
    this.doc.off('update', this.onUpdate)
    this.local?.destroy()
    this.local = null
    if (this.timer) clearTimeout(this.timer)
    if (this.historyTimer) clearTimeout(this.historyTimer)
    this.locks.release(this.boardId, this)
  }

  private onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== ANALYSER_ORIGIN) this.schedule()
  }

  /**
   * One timer per pending analysis, not one per update: a busy board sends hundreds of updates
   * a second, and each would otherwise clear and arm a timer; the timer re-arms itself instead
   * when updates have pushed the due time back.
   */
  private schedule(): void {
    if (this.stopped) return
    const now = performance.now()
    if (!this.timer) this.firstPendingAt = now
    this.dueAt = Math.min(now + this.options.debounceMs, this.firstPendingAt + this.options.maxWaitMs)
    if (!this.timer) this.timer = setTimeout(this.onDue, Math.max(0, this.dueAt - now))
  }

  private onDue = () => {
    // Node's timers keep whole milliseconds: one may fire just under a millisecond early.
    const left = this.dueAt - performance.now()
    if (left >= 1 && !this.stopped) {
      this.timer = setTimeout(this.onDue, left)
      return
    }
    this.timer = null
    void this.run()
  }

  /** Analyses now if the map changed; resolves when the result is written. */
  async run(): Promise<void> {
    // Only the owner of the board's lock ever writes its analysis.
    if (this.stopped || !this.owning) return
    if (this.running) {
      this.rerun = true
      return
    }
    this.running = true
    try {
      await this.analyse()
    } catch (err) {
      this.log.error({ err, board: this.boardId }, 'analysis failed')
    } finally {
      this.running = false
      if (this.rerun && !this.stopped) {
        this.rerun = false
        this.schedule()
      }
    }
  }

  private settings(): AnalysisSettings {
    const target = Number(sessionMap(this.doc).get(SessionKey.targetCoalitionSize))
    return Number.isInteger(target) && target >= 1 ? { targetCoalitionSize: target } : {}
  }

  private async analyse(): Promise<void> {
    // A big coalition goes to the analysis process for good (see analysisPool.ts); a small
    // one is analysed here, where it costs less than the round trip. Only the coalition
    // counts: a replica doubles a board's memory, which a big board of stickies or drawings,
    // cheap to analyse (there is nothing to analyse), would pay for nothing.
    if (!this.worker.isAttached(this.boardId) && coalitionRecords(this.doc) > this.options.workerThreshold) {
      this.worker.attach(this.boardId, this.doc)
      // Its replica keeps the snapshot from now on.
      this.local?.destroy()
      this.local = null
    }
    if (this.worker.isAttached(this.boardId)) return this.analyseInWorker()
    this.local ??= new BoardAnalysis(this.doc)
    const fresh = this.local.next(this.settings())
    if (!fresh) return
    const computedAt = this.now()
    if (fresh.coreChanged) this.write(ANALYSIS_RESULT_KEY, entryText(fresh.core, computedAt, fresh.inputHash))
    this.recordHistory(fresh.core)
    if (fresh.metricsChanged) this.write(ANALYSIS_METRICS_KEY, entryText(fresh.metrics, computedAt, fresh.inputHash))
  }

  private async analyseInWorker(): Promise<void> {
    const result = await this.worker.analyse(this.boardId, this.settings())
    if (this.stopped || result.unchanged) return
    const computedAt = this.now()
    if (result.coreJson) this.write(ANALYSIS_RESULT_KEY, stampEntryText(result.coreJson, computedAt, result.inputHash))
    this.recordHistory(result.summary)
    if (result.metricsJson) this.write(ANALYSIS_METRICS_KEY, stampEntryText(result.metricsJson, computedAt, result.inputHash))
  }

  private write(key: string, entry: string): void {
    this.doc.transact(() => analysisMap(this.doc).set(key, entry), ANALYSER_ORIGIN)
    this.writes++
  }

  /**
   * The spiral timeline gains a point when the phase changes or a score moves by 0.05 or
   * more, at most one point per interval; a change that comes too soon is recorded when the
   * interval has passed (if it still stands). Bounded to SPIRAL_MAX_POINTS.
   */
  private recordHistory(core: CoreSummary): void {
    this.lastCore = core
    const history = readSpiral(this.doc)
    const last = history[history.length - 1]
    const point: SpiralPoint = {
      t: this.now(),
      phase: core.phase,
      focus: core.scores.focus,
      mass: core.scores.mass,
      openness: core.scores.openness,
    }
    const moved =
      !last ||
      last.phase !== point.phase ||
      Math.abs(last.focus - point.focus) >= HISTORY_SCORE_STEP ||
      Math.abs(last.mass - point.mass) >= HISTORY_SCORE_STEP ||
      Math.abs(last.openness - point.openness) >= HISTORY_SCORE_STEP
    if (!moved) return
    const dueAt = last ? last.t + this.options.historyIntervalMs : 0
    if (point.t < dueAt) {
      if (!this.historyTimer) {
        this.historyTimer = setTimeout(() => {
          this.historyTimer = null
          // The latest analysis is the map as it stands: any later change ran a newer one.
          if (this.stopped || !this.lastCore) return
          this.recordHistory(this.lastCore)
        }, dueAt - point.t)
        this.historyTimer.unref()
      }
      return
    }
    const spiral = spiralArray(this.doc)
    this.doc.transact(() => {
      spiral.push([point])
      if (spiral.length > SPIRAL_MAX_POINTS) spiral.delete(0, spiral.length - SPIRAL_MAX_POINTS)
    }, ANALYSER_ORIGIN)
    this.writes++
  }
}
