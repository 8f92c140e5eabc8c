/**
 * Checkpoints SQLite's write-ahead log from a thread of its own.
 *
 * In WAL mode SQLite copies the log back into the database file ("checkpoint") inside the
 * commit that fills the log past 1,000 pages. Each of our appends is its own commit of about
 * three pages, so on a busy board that happened every few seconds, and better-sqlite3 is
 * synchronous: the event loop, which relays every board's edits, stood still for the
 * checkpoint's writes and fsyncs (22–35 ms on these machines, 4–10 ms of it CPU).
 *
 * Here the main connection never checkpoints (`wal_autocheckpoint = 0`); a worker thread with
 * a second connection to the same file runs a PASSIVE checkpoint (one that never blocks a
 * writer) about once a second while commits keep coming. Should the worker ever fail, the
 * owner turns SQLite's own checkpointing back on, so the log stays bounded either way.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** Plain JavaScript, so the thread needs no TypeScript loader. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.postMessage({ closed: true })
    return
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ done: true, log: result.log, checkpointed: result.checkpointed })
  } catch (err) {
    parentPort.postMessage({ done: true, error: String((err && err.message) || err) })
  }
})
`

const driver = createRequire(import.meta.url).resolve('better-sqlite3')

type Reply = { done: true; log?: number; checkpointed?: number; error?: string } | { closed: true }

export class WalCheckpointer {
  private worker: Worker | null = null
  private timer: NodeJS.Timeout | null = null
  private inFlight = false
  private dirty = false
  private stopped = false
  private onClosed: (() => void) | null = null
  /** Checkpoints the thread has completed. */
  checkpoints = 0

  constructor(
    private readonly file: string,
    /** Called once if the thread fails; the owner then checkpoints itself. */
    private readonly onFailure: (err: Error) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** A commit went into the log: a checkpoint follows within the interval. */
  noteCommit(): void {
    if (this.stopped) return
    this.dirty = true
    if (!this.timer && !this.inFlight) this.timer = setTimeout(this.checkpoint, this.intervalMs).unref()
  }

  private checkpoint = () => {
    this.timer = null
    if (this.stopped) return
    this.dirty = false
    this.inFlight = true
    this.thread().postMessage('checkpoint')
  }

  private thread(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver } })
    worker.unref()
    worker.on('message', (reply: Reply) => {
      if ('closed' in reply) return this.onClosed?.()
      this.inFlight = false
      if (!reply.error) this.checkpoints++
      // A failed checkpoint (say, the file was busy for 5 s) is retried with the next commit.
      if (this.dirty) this.noteCommit()
    })
    worker.on('error', (err) => this.fail(err))
    worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`WAL checkpoint thread exited with ${code}`))
    })
    this.worker = worker
    return worker
  }

  private fail(err: Error): void {
    if (this.stopped) return
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.worker = null
    this.onFailure(err)
  }

  /** Closes the thread's connection (before the owner closes its own, which checkpoints last). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const worker = this.worker
    this.stopped = true
    this.worker = null
    if (!worker) return
    await new Promise<void>((resolve) => {
      const giveUp = setTimeout(resolve, 5000)
      this.onClosed = () => {
        clearTimeout(giveUp)
        resolve()
      }
      worker.postMessage('close')
    })
    await worker.terminate()
  }
}
