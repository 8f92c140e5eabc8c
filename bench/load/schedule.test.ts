import { describe, expect, it } from 'vitest'
import { Schedule } from './schedule'

const busy = (ms: number) => {
  const end = performance.now() + ms
  while (performance.now() < end);
}

describe('Schedule', () => {
  it('runs each task at its rate and keeps its phase through a stall', async () => {
    const schedule = new Schedule()
    const period = 40
    const runs: number[][] = Array.from({ length: 20 }, () => [])
    const tasks = runs.map((times, i) => schedule.every(period, (i * period) / 20, () => times.push(performance.now())))
    const firstDue = tasks.map((t) => t.next)
    const t0 = performance.now()
    await new Promise((r) => setTimeout(r, 100))
    busy(120) // every task misses beats here
    await new Promise((r) => setTimeout(r, 300))
    for (const t of tasks) schedule.cancel(t)
    const elapsed = performance.now() - t0
    for (const times of runs) {
      // Missed beats are skipped, not made up: no more than the nominal count.
      expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / period) + 1)
      expect(times.length).toBeGreaterThanOrEqual(5)
    }
    // After the stall every task is still on its own grid (per-client setIntervals would all
    // have re-armed from the same instant, in one bunch).
    tasks.forEach((t, i) => {
      const beats = (t.next - firstDue[i]) / period
      expect(Math.abs(beats - Math.round(beats))).toBeLessThan(1e-6)
    })
    expect(schedule.size).toBe(0)
  })

  it('stops a cancelled task', async () => {
    const schedule = new Schedule()
    let n = 0
    const task = schedule.every(5, 0, () => n++)
    await new Promise((r) => setTimeout(r, 30))
    schedule.cancel(task)
    const seen = n
    await new Promise((r) => setTimeout(r, 30))
    expect(n).toBe(seen)
    expect(seen).toBeGreaterThan(1)
  })
})
