import { describe, expect, it } from 'vitest'
import { browserRows } from './report'
import type { BrowserBoardResult } from './browserBoard'

const run = (actors: number, interactiveMs: number): BrowserBoardResult => ({
  actors,
  ties: actors * 3,
  interactiveMs,
  dragZoom: 1,
  dragFrameP50Ms: 16.7,
  dragFrameP95Ms: 16.8,
  frames: 120,
  stages: { 'editor-mounted': interactiveMs / 2 },
  steps: { shown: interactiveMs * 0.7 },
})
const na = {}

describe('the browser-board rows of npm run bench', () => {
  it('report the small board run beside the big one, and what the big one adds', () => {
    const rows = browserRows({ runs: [run(1000, 3000), run(1000, 4000), run(1000, 3600)], floorRuns: [run(10, 2000), run(10, 2400), run(10, 2200)] }, 's', na)
    const interactive = rows.find((r) => r.figure.startsWith('1,000-actor board'))!
    expect(interactive.values.ours).toBe(3600)
    expect(interactive.pass).toBe(false)
    const floor = rows.find((r) => r.figure.startsWith('the same page with a 10-actor board'))!
    expect(floor.figure).toContain('median of 3')
    expect(floor.values.ours).toBe('2,200 ms: the 1,000 actors add 1,400 ms (1.6 ×)')
  })

  it('say where the CPU went until interactive, where the runs measured it', () => {
    const cpu = (tasks: number, chromium: number) => ({ mainThreadTasksMs: tasks, mainThreadCpuMs: tasks + 50, cores: 2, chromiumMs: chromium, serverMs: 400, serverChildrenMs: 1000, otherMs: 100 })
    const runs = [{ ...run(1000, 3000), cpu: cpu(1500, 4000) }, { ...run(1000, 3200), cpu: cpu(1700, 4600) }, run(1000, 3100)]
    const row = browserRows({ runs }, 's', na).find((r) => r.figure.startsWith('CPU from goto until interactive'))!
    expect(row.figure).toContain('median of 2')
    expect(row.values.ours).toBe(
      "page's main thread in tasks 1,600 ms (CPU 1,650 ms) · Chromium 4,300 ms · server 400 ms + its analysis process 1,000 ms · other 100 ms · of 2 cores × 3,100 ms",
    )
    expect(browserRows({ runs: [run(1000, 3000)] }, 's', na).some((r) => r.figure.startsWith('CPU from'))).toBe(false)
    // Runs that split the renderers' time between their main threads and the rest.
    const split = [{ ...run(1000, 3000), cpu: { ...cpu(1500, 4000), rendererMainMs: 2000, rendererOtherMs: 1500 } }]
    expect(browserRows({ runs: split }, 's', na).find((r) => r.figure.startsWith('CPU from'))!.values.ours).toContain(
      "Chromium 4,000 ms (its renderers' main threads 2,000 ms, their other threads 1,500 ms) · server",
    )
  })

  it('report the board opened again by a browser that had it open, beside its first visit', () => {
    const reopened = (firstMs: number, reopenedMs: number) => ({ actors: 1000, ties: 3000, firstMs, reopenedMs, stages: { 'board-code': reopenedMs / 3, 'editor-mounted': reopenedMs / 2 } })
    const rows = browserRows({ runs: [run(1000, 4000)], reopenRuns: [reopened(4400, 3000), reopened(4600, 2700), reopened(4500, 2940)] }, 's', na)
    const row = rows.find((r) => r.figure.startsWith('the same board opened again'))!
    expect(row.figure).toContain('median of 3')
    expect(row.values.ours).toBe("2,940 ms (that profile's first visit 4,500 ms): editor code run 980 ms · editor mounted 1,470 ms")
    expect(row.pass).toBeNull()
    expect(browserRows({ runs: [run(1000, 4000)] }, 's', na).some((r) => r.figure.startsWith('the same board opened again'))).toBe(false)
  })

  it('leave the comparison out for results that have no small runs', () => {
    const rows = browserRows({ runs: [run(1000, 2400)] }, 's', na)
    expect(rows.some((r) => r.figure.includes('10-actor'))).toBe(false)
    expect(rows.find((r) => r.figure.startsWith('1,000-actor board'))!.pass).toBe(true)
  })
})

describe('the smaller boards\' drag rows', () => {
  const dragging = (actors: number, p95: number, flaggedP95?: number): BrowserBoardResult => ({
    ...run(actors, 2800),
    dragFrameP95Ms: p95,
    ...(flaggedP95 === undefined ? {} : { flaggedDrag: { p50Ms: 16.7, p95Ms: flaggedP95, frames: 180, lines: 4, slowFrames: 3 } }),
  })
  it('give each smaller board\'s plain and flagged drags against the drag target', () => {
    const rows = browserRows(
      {
        runs: [run(1000, 4000)],
        floorRuns: [dragging(10, 16.8, 16.8), dragging(10, 16.7, 16.8), dragging(10, 16.8, 33.4)],
        mediumRuns: [dragging(100, 16.8, 50), dragging(100, 50, 66.7), dragging(100, 16.7, 50)],
      },
      's',
      na,
    )
    const small = rows.find((r) => r.figure.startsWith('drag on a 10-actor / 30-tie board'))!
    expect(small.figure).toContain('median of 3')
    expect(small.values.ours).toBe('16.7 ms / 16.8 ms · a card with trust-gap lines 16.7 ms / 16.8 ms (3 of 180 frames over 20 ms) · interactive after 2,800 ms')
    expect(small.pass).toBe(true)
    // The plain drags pass; the flagged card's do not, and that fails the row.
    const medium = rows.find((r) => r.figure.startsWith('drag on a 100-actor / 300-tie board'))!
    expect(medium.values.ours).toContain('16.8 ms · a card with trust-gap lines 16.7 ms / 50.0 ms')
    expect(medium.pass).toBe(false)
  })

  it('are left out for results without smaller runs, and judge the plain drag alone where no card was flagged', () => {
    expect(browserRows({ runs: [run(1000, 4000)] }, 's', na).some((r) => r.figure.startsWith('drag on a'))).toBe(false)
    const rows = browserRows({ runs: [run(1000, 4000)], mediumRuns: [dragging(100, 50)] }, 's', na)
    const medium = rows.find((r) => r.figure.startsWith('drag on a 100-actor'))!
    expect(medium.figure).not.toContain('median of')
    expect(medium.values.ours).not.toContain('trust-gap')
    expect(medium.pass).toBe(false)
  })
})

describe('the flagged-card drag row', () => {
  const flagged = (p95Ms: number, slowFrames?: number) => ({ p50Ms: 16.7, p95Ms, frames: 118, lines: 7, ...(slowFrames === undefined ? {} : { slowFrames }) })
  it('gives the medians of the runs that had a flagged card, against the drag target', () => {
    const runs = [{ ...run(1000, 3000), flaggedDrag: flagged(16.8) }, { ...run(1000, 3100), flaggedDrag: flagged(50) }, { ...run(1000, 3200), flaggedDrag: flagged(33.3) }]
    const row = browserRows({ runs }, 's', na).find((r) => r.figure.startsWith('drag of a card with trust-gap lines'))!
    expect(row.figure).toContain('(7)')
    expect(row.figure).toContain('median of 3')
    expect(row.values.ours).toBe('16.7 ms / 33.3 ms')
    expect(row.pass).toBe(false)
  })

  it('says how many frames took more than one vsync, where the runs counted them', () => {
    const runs = [{ ...run(1000, 3000), flaggedDrag: flagged(16.8, 4) }, { ...run(1000, 3100), flaggedDrag: flagged(33.4, 20) }, { ...run(1000, 3200), flaggedDrag: flagged(16.8, 6) }]
    const row = browserRows({ runs }, 's', na).find((r) => r.figure.startsWith('drag of a card with trust-gap lines'))!
    expect(row.values.ours).toBe('16.7 ms / 16.8 ms (6 of 118 frames over 20 ms)')
    expect(row.pass).toBe(true)
  })

  it('is left out when no run found a flagged card', () => {
    expect(browserRows({ runs: [run(1000, 3000)] }, 's', na).some((r) => r.figure.startsWith('drag of a card with'))).toBe(false)
  })
})
