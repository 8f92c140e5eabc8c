/**
 * One analysis process that analyses big boards off the event loop, shared by all boards of
 * this server and started on first use.
 *
 * On a 2,000-actor / 10,000-tie board, extracting the snapshot and the core analysis take
 * ~130 ms of CPU and the metrics more: on the event loop that would stall every board's sync.
 * So the analysis process keeps a replica of each big board's Y.Doc, fed with the room's
 * updates as they happen (a copy of bytes, cheap), and does the whole pipeline there:
 * extract, compare with the last input, analyse, metrics. The event loop only writes the
 * result. A crashed process is replaced; boards are sent again in full on their next analysis.
 *
 * Why a process and not a worker thread: every thread of that process runs at the lowest CPU
 * priority, its garbage collector's helper threads included. A worker thread could lower its
 * own priority only: V8's helper threads are shared with the event loop and stay at normal
 * priority, so on a 2-core machine the analysis's garbage collection competed with the sync
 * of every other board. A process also keeps an analysis that runs out of memory from
 * taking the server down with it.
 */
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { statFields } from './procStat'
import type { CoreResult } from '../lib/analysis'

/** The session settings the snapshot depends on. */
export interface AnalysisSettings {
  targetCoalitionSize?: number
}

export type WorkerRequest =
  | { type: 'open'; board: string; state: Uint8Array[] }
  | { type: 'update'; board: string; update: Uint8Array }
  | { type: 'close'; board: string }
  | { type: 'analyse'; id: number; board: string; settings: AnalysisSettings }
  | { type: 'encode'; id: number; board: string; stateVector?: Uint8Array }

/** What the spiral timeline needs of a core result. */
export type CoreSummary = Pick<CoreResult, 'phase' | 'scores'>

/**
 * What an analysis in the worker found: the same input as last time, or the new input's
 * phase and scores, and as JSON text the core result and the metrics where they differ from
 * what the board holds (null where they do not).
 */
export type WorkerAnalysis =
  | { unchanged: true }
  | { unchanged: false; inputHash: string; summary: CoreSummary; coreJson: string | null; metricsJson: string | null }

export type WorkerReply = { id: number; result?: WorkerAnalysis; state?: Uint8Array; error?: string }

interface Attached {
  doc: Y.Doc
  onUpdate: (update: Uint8Array) => void
  /** Whether the current analysis process holds this board's replica. */
  open: boolean
}

/**
 * Gives a process that leads a session of its own (`detached`) the lowest priority against
 * other sessions too. Linux schedules each session as a group ("autogroup"): between groups
 * CPU is shared by the groups' own nice values, and a process's nice counts only inside its
 * group. Spawned by a server started from a terminal, the analysis at nice 19 still competed
 * as an equal with a browser on the same machine (the bench's, or that of a facilitator whose
 * laptop runs the room's server): 1.4-1.8 s of CPU in the 3 s a fresh 1,000-actor board took to
 * open, ~1.0 s in a group of its own at nice 19. Only when the process leads its own session
 * is its group's value changed, so the server's own group never is.
 */
function lowerSessionPriority(pid: number, retry = true): void {
  try {
    const session = Number(statFields(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))[3])
    if (session === pid) fs.writeFileSync(`/proc/${pid}/autogroup`, '19')
  } catch (err) {
    // Without privileges the kernel takes one such change per tenth of a second, machine-wide.
    if (retry && (err as NodeJS.ErrnoException).code === 'EAGAIN') setTimeout(() => lowerSessionPriority(pid, false), 150).unref()
    // Otherwise not Linux, or no autogroups: the process's own nice value is all there is.
  }
}

export class AnalysisWorker {
  private worker: ChildProcess | null = null
  private nextId = 1
  private pending = new Map<number, { resolve(r: WorkerReply): void; reject(e: Error): void }>()
  private boards = new Map<string, Attached>()
  /** Encodings the analysis process has made (for tests and metrics). */
  encodes = 0
  /** Crashes in a row of processes that died young, and when the next may start. */
  private crashes = 0
  private restartAt = 0
  private closing = false

  /**
   * @param restartDelayMs wait after a process that died young before starting the next,
   *   doubling with each such crash up to a minute: a board that kills the analysis would
   *   otherwise have the server start a process and encode that board for it every second.
   */
  constructor(private readonly restartDelayMs = 1000) {}

  /** Whether a process runs, or may be started now. */
  private available(): boolean {
    return this.worker !== null || Date.now() >= this.restartAt
  }

  private ensure(): ChildProcess {
    if (this.worker) return this.worker
    const startedAt = Date.now()
    // No inherited execArgv: a preloaded .ts module (the bench's lifeline, vitest's hooks)
    // has no business in the analysis process; analysisWorker.mjs registers tsx itself.
    // 'advanced' serialization carries the updates' bytes as typed arrays, not JSON.
    const worker = fork(fileURLToPath(new URL('./analysisWorker.mjs', import.meta.url)), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // A session of its own, so that its priority also counts against other sessions' processes
      // (lowerSessionPriority). It still ends with the server: it exits when the channel closes.
      detached: true,
    })
    if (worker.pid) lowerSessionPriority(worker.pid)
    // Lowest CPU priority from its first instruction: starting the process (Node, tsx, the
    // analysis modules) takes ~0.5 s of CPU, which the process used to spend at normal priority
    // before lowering itself (analysisWorker.ts), while the board's first visitor was loading
    // it. Threads it starts inherit the value.
    if (worker.pid) {
      try {
        os.setPriority(worker.pid, 19)
      } catch {
        // Not permitted here: the process lowers what it can itself.
      }
    }
    // The process keeps the server alive only while an answer is awaited (holdOpen).
    worker.unref()
    worker.channel?.unref()
    worker.on('message', (msg: WorkerReply) => {
      const waiter = this.pending.get(msg.id)
      if (!waiter) return
      this.pending.delete(msg.id)
      this.holdOpen()
      if (msg.error !== undefined) waiter.reject(new Error(msg.error))
      else waiter.resolve(msg)
    })
    const failAll = (err: Error) => {
      if (this.worker !== worker) return
      this.worker = null
      if (!this.closing) {
        this.crashes = Date.now() - startedAt < 60_000 ? this.crashes + 1 : 1
        this.restartAt = Date.now() + Math.min(60_000, this.restartDelayMs * 2 ** (this.crashes - 1))
      }
      for (const board of this.boards.values()) board.open = false
      for (const waiter of this.pending.values()) waiter.reject(err)
      this.pending.clear()
    }
    worker.on('error', failAll)
    worker.on('exit', (code, signal) => failAll(new Error(`analysis process exited with ${signal ?? code}`)))
    this.worker = worker
    return worker
  }

  private post(message: WorkerRequest): void {
    const worker = this.ensure()
    // A process that is going away: its 'exit' fails what waits, and the next call starts anew.
    if (worker.connected) worker.send(message)
  }

  /**
   * Analyses `doc` in the analysis process from now on; its updates follow it there. With
   * `state`, the updates `doc` is made of as it stands, its replica is made of them now
   * (else of the document, encoded, on its first analysis).
   */
  attach(board: string, doc: Y.Doc, state?: Uint8Array[]): void {
    if (this.boards.has(board)) return
    const attached: Attached = {
      doc,
      open: false,
      onUpdate: (update) => {
        if (attached.open && this.worker) this.post({ type: 'update', board, update })
      },
    }
    doc.on('update', attached.onUpdate)
    this.boards.set(board, attached)
    if (state && this.available()) {
      this.post({ type: 'open', board, state })
      attached.open = true
    }
  }

  detach(board: string): void {
    const attached = this.boards.get(board)
    if (!attached) return
    attached.doc.off('update', attached.onUpdate)
    this.boards.delete(board)
    if (attached.open && this.worker) this.post({ type: 'close', board })
  }

  /** The analysis process's id while it runs (for tests and operators). */
  get pid(): number | undefined {
    return this.worker?.pid
  }

  isAttached(board: string): boolean {
    return this.boards.has(board)
  }

  analyse(board: string, settings: AnalysisSettings): Promise<WorkerAnalysis> {
    const attached = this.boards.get(board)
    if (!attached) return Promise.reject(new Error(`board ${board} is not attached`))
    if (!this.available()) {
      const seconds = Math.ceil((this.restartAt - Date.now()) / 1000)
      return Promise.reject(new Error(`the analysis process crashed; restarting in ${seconds} s`))
    }
    if (!attached.open || !this.worker) {
      this.post({ type: 'open', board, state: [Y.encodeStateAsUpdate(attached.doc)] })
      attached.open = true
    }
    return this.request({ type: 'analyse', id: this.nextId++, board, settings }).then((reply) => {
      if (!reply.result) throw new Error('analysis failed')
      return reply.result
    })
  }

  /**
   * The board's document encoded as one update (what a client with `stateVector` lacks, or
   * all of it) by its replica, so a big board's snapshot or newcomer's sync does not stall
   * the event loop; null when the worker holds no current replica of it. The replica has
   * every update the board applied before this call, and none after.
   */
  encodeState(board: string, stateVector?: Uint8Array): Promise<Uint8Array> | null {
    const attached = this.boards.get(board)
    if (!attached?.open || !this.worker) return null
    return this.request({ type: 'encode', id: this.nextId++, board, stateVector }).then((reply) => {
      if (!reply.state) throw new Error('encoding failed')
      this.encodes++
      return reply.state
    })
  }

  private request(message: Extract<WorkerRequest, { id: number }>): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject })
      this.post(message)
      this.holdOpen()
    })
  }

  /** An awaited answer keeps this process running (a command line waiting for its analysis). */
  private holdOpen(): void {
    if (this.pending.size > 0) this.worker?.channel?.ref()
    else this.worker?.channel?.unref()
  }

  async close(): Promise<void> {
    this.closing = true
    for (const board of [...this.boards.keys()]) this.detach(board)
    const worker = this.worker
    this.worker = null
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve))
      worker.kill()
      await exited
    }
  }
}
