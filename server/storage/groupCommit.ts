/**
 * Group commit: the appends that every room asks for during one event-loop turn are written
 * in one storage call (for SQLite, one transaction, one commit), and each room is told its
 * outcome once that call has returned.
 *
 * Why: each room used to commit its own appends, one transaction per socket read. A commit is
 * the expensive part of an append (its page writes to the log, its locks), not the rows: with
 * 100 busy boards that was ~500 commits a second, 11 % of the server's busy time, all on the
 * event loop. Rooms whose frames arrive together now share one commit, and the more the
 * server is loaded the more they share, which is when it matters.
 *
 * The guarantee is unchanged: a room fans an update out only after the promise of its append
 * resolved, and that promise resolves only after the commit that holds it. One board's
 * failure (say, it was deleted meanwhile) fails that board's append only (see
 * BoardStorage.appendMany); a failed commit fails every append in it, as it must: none of
 * them is stored.
 *
 * When: the batch is written in a setImmediate, i.e. once the socket reads of this turn have
 * all been handled (Node runs immediates right after the poll phase). An update therefore
 * waits for the other frames read in the same turn, no more; under light load that is none.
 * Under a backlog a turn can read hundreds of sockets: then the batch is committed once its
 * first append has waited 2 ms, right after the socket read in progress (`schedule`).
 * Rooms hand in their updates at that moment (`beforeCommit`), so a room that received
 * several updates in the turn appends them once and fans them out as one message per peer.
 */
import type { AppendOutcome, BoardStorage } from './types'

/** One board's appends in the coming commit, and the promise every caller of them waits on. */
interface Entry {
  updates: Uint8Array[]
  done: Promise<number>
  resolve: (lastId: number) => void
  reject: (err: unknown) => void
}

export class GroupCommit {
  /** By board, in order of first append: the next commit. */
  private next = new Map<string, Entry>()
  private scheduled = false
  /** When the first append of the coming commit was handed in (performance.now()). */
  private openedAt = 0
  /** A commit before the end of the turn is queued (see schedule). */
  private early = false
  /** Called just before the next commit, to add their appends to it (see `beforeCommit`). */
  private gatherers = new Set<() => void>()
  /** Storage calls made and board appends they carried (for tests and diagnostics). */
  commits = 0
  appends = 0

  constructor(
    private readonly storage: BoardStorage,
    /** Longest an append waits for the end of its turn before it is committed anyway (ms). */
    private readonly maxWaitMs = 2,
  ) {}

  /**
   * Appends durably, in the commit of this turn; resolves with the id of the board's last
   * update in that commit. A board appended to twice before the commit has its updates
   * written in call order, once, and both callers resolve together.
   */
  append(boardId: string, updates: Uint8Array[]): Promise<number> {
    const pending = this.next.get(boardId)
    if (pending) {
      pending.updates.push(...updates)
      return pending.done
    }
    let resolve!: (lastId: number) => void
    let reject!: (err: unknown) => void
    const done = new Promise<number>((res, rej) => {
      resolve = res
      reject = rej
    })
    this.next.set(boardId, { updates: [...updates], done, resolve, reject })
    this.schedule()
    return done
  }

  /**
   * Calls `gather` once, just before the next commit (scheduling one): a room gives its
   * updates of the whole turn then, in one append and so in one fan-out, instead of one per
   * socket read. Registering the same function again before then changes nothing.
   */
  beforeCommit(gather: () => void): void {
    this.gatherers.add(gather)
    this.schedule()
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true
      this.openedAt = performance.now()
      setImmediate(this.flush)
    } else if (!this.early && performance.now() - this.openedAt >= this.maxWaitMs) {
      // A long turn: the server is reading a backlog of frames. Commit what is here right
      // after the current socket read instead of holding the first updates until every
      // socket is read: batches of a few ms still save most commits, and the wait is bounded.
      this.early = true
      queueMicrotask(this.flush)
    }
  }

  private flush = (): void => {
    // A later append schedules a new commit (the immediate queued before, if still to come,
    // then commits that one at the end of the turn, or nothing).
    this.scheduled = false
    this.early = false
    const gatherers = this.gatherers
    this.gatherers = new Set()
    for (const gather of gatherers) gather()
    const batch = [...this.next]
    this.next = new Map()
    if (batch.length === 0) return
    this.commits++
    this.appends += batch.length
    this.write(batch).then(
      (outcomes) => {
        for (let i = 0; i < batch.length; i++) {
          const outcome = outcomes[i]
          if (outcome.ok) batch[i][1].resolve(outcome.lastId)
          else batch[i][1].reject(outcome.error)
        }
      },
      (err) => {
        for (const [, entry] of batch) entry.reject(err)
      },
    )
  }

  private write(batch: [string, Entry][]): Promise<AppendOutcome[]> {
    if (this.storage.appendMany) return this.storage.appendMany(batch.map(([boardId, { updates }]) => ({ boardId, updates })))
    // A storage without batches: one append per board, each with its own outcome.
    return Promise.all(
      batch.map(([boardId, { updates }]) =>
        this.storage.appendUpdates(boardId, updates).then(
          (lastId): AppendOutcome => ({ ok: true, lastId }),
          (error): AppendOutcome => ({ ok: false, error }),
        ),
      ),
    )
  }
}
