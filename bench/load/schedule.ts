/**
 * One timer per worker thread for all its clients' periodic writes and presence moves, each
 * task on a fixed grid (`phase + k × period`).
 *
 * Per-client `setInterval`s do not stay spread out: Node re-arms a repeating timer from the
 * loop's cached time when it ran, so every interval that ran late in the same loop turn gets
 * the same new start and they tick together from then on. Under load the phases collapse into
 * bunches (hundreds of clients writing in the same millisecond), each bunch fans out through
 * the server at once and queues in the receivers, which feeds more lateness: a generator
 * artefact, not user behaviour. Here a late task runs once and keeps its own grid: missed
 * beats are skipped, as an interval skips them, but the phase never moves.
 */
export interface Task {
  /** Next due time (performance.now() ms). */
  next: number
  period: number
  run: () => void
  cancelled: boolean
}

export class Schedule {
  private heap: Task[] = []
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity

  /** Runs `run` every `periodMs`, first after `phaseMs`. */
  every(periodMs: number, phaseMs: number, run: () => void): Task {
    const task: Task = { next: performance.now() + phaseMs, period: periodMs, run, cancelled: false }
    this.push(task)
    this.arm()
    return task
  }

  cancel(task: Task | null): void {
    if (task) task.cancelled = true // dropped when it comes up
  }

  /** Number of live tasks (tests). */
  get size(): number {
    return this.heap.filter((t) => !t.cancelled).length
  }

  private tick = () => {
    this.timer = null
    this.timerAt = Infinity
    const now = performance.now()
    while (this.heap.length && this.heap[0].next <= now) {
      const task = this.pop()!
      if (task.cancelled) continue
      // Next beat on the task's own grid, after now (skipped beats are not made up).
      task.next += task.period * Math.max(1, Math.ceil((now - task.next) / task.period))
      this.push(task)
      try {
        task.run()
      } catch (err) {
        queueMicrotask(() => {
          throw err
        })
      }
    }
    this.arm()
  }

  private arm(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop()
    if (!this.heap.length) {
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
      this.timerAt = Infinity
      return
    }
    const at = this.heap[0].next
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(this.tick, Math.max(0, at - performance.now()))
  }

  private push(task: Task): void {
    const h = this.heap
    h.push(task)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (h[p].next <= h[i].next) break
      ;[h[p], h[i]] = [h[i], h[p]]
      i = p
    }
  }

  private pop(): Task | undefined {
    const h = this.heap
    const top = h[0]
    const last = h.pop()
    if (h.length && last) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && h[l].next < h[m].next) m = l
        if (r < h.length && h[r].next < h[m].next) m = r
        if (m === i) break
        ;[h[m], h[i]] = [h[i], h[m]]
        i = m
      }
    }
    return top
  }
}
