import { describe, expect, it } from 'vitest'
import { cpuBetween, parseStat, snapshotCpu, waitForQuiet, type ProcessCpu } from './processCpu'

describe('process CPU from /proc', () => {
  it('reads a stat line, names with spaces and parentheses included', () => {
    const line = '4155 (node (analysis) x) S 4100 4155 4155 0 -1 4194304 5000 0 0 0 120 30 0 0 39 19 11 0 12345 1000000 20000'
    expect(parseStat(line)).toEqual({ name: 'node (analysis) x', parent: 4100, ms: 1500 })
    expect(parseStat('garbage')).toBeNull()
  })

  it('splits what was used between two snapshots by who used it', () => {
    const p = (name: string, parent: number, ms: number, mainThreadMs?: number): ProcessCpu => ({ name, parent, ms, ...(mainThreadMs === undefined ? {} : { mainThreadMs }) })
    const before = new Map([
      [10, p('chromium', 1, 1000)],
      [20, p('node', 1, 500)],
      [21, p('node', 20, 100)],
      [30, p('bash', 1, 50)],
    ])
    const after = new Map([
      [10, p('chromium', 1, 2500)],
      [11, p('chromium', 10, 700, 450)], // a renderer started meanwhile: counts whole
      [20, p('node', 1, 900)],
      [21, p('node', 20, 1100)],
      [22, p('esbuild', 21, 40)], // started by the server's child
      [30, p('bash', 1, 50)],
      [40, p('chromium', 10, 300, 200)], // a renderer already running: only what it used since
    ])
    before.set(40, p('chromium', 10, 100, 80))
    expect(cpuBetween(before, after, 20)).toEqual({
      chromiumMs: 2400,
      rendererMainMs: 450 + 120,
      rendererOtherMs: 250 + 80,
      serverMs: 400,
      serverChildrenMs: 1040,
      otherMs: 0,
    })
  })

  it.runIf(process.platform === 'linux')('sees this process using CPU', () => {
    const before = snapshotCpu().get(process.pid)!.ms
    // Busy until the kernel has counted a tick of it (10 ms), or two seconds.
    const until = Date.now() + 2000
    let now = before
    while (now === before && Date.now() < until) {
      for (let i = 0; i < 1e5; i++) Math.sqrt(i)
      now = snapshotCpu().get(process.pid)!.ms
    }
    expect(now).toBeGreaterThan(before)
  })

  it('waits for CPU use to stay under the limit for the windows asked, or gives up at the time limit', async () => {
    // Busy for three readings (100 ms each), then calm: quiet after two calm windows.
    const readings = [0, 100, 200, 300, 302, 304, 306]
    let i = 0
    const busyThenCalm = () => readings[Math.min(i++, readings.length - 1)]
    const calm = await waitForQuiet(busyThenCalm, { windowMs: 1, windows: 2, busyMs: 10, limitMs: 5000 })
    expect(calm).toMatchObject({ quiet: true, chromiumMs: 304 })
    expect(i).toBe(6)

    let t = 0
    const alwaysBusy = () => (t += 50)
    const busy = await waitForQuiet(alwaysBusy, { windowMs: 5, windows: 2, busyMs: 10, limitMs: 40 })
    expect(busy.quiet).toBe(false)
    expect(busy.waitedMs).toBeGreaterThanOrEqual(40)
  })
})
