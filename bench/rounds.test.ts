import { describe, expect, it } from 'vitest'
import { mergeRounds, roundOrder } from './rounds'

describe('rounds', () => {
  it('rotate the servers so each round starts with another', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['a', 'b', 'c'], r))).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ])
  })

  it('merge into medians, counts summed, windows index by index', () => {
    const round = (p99: number, incomplete: number, closes: Record<string, number>) => ({
      connect: { p99: p99 / 10 },
      runs: [
        { mode: 'off', propagation: { n: 100, p50: p99 / 4, p99 }, incomplete, writes: 100, closes, generatorGc: { perWorker: [{ count: 1 }] } },
        { mode: 'quiet', propagation: { n: 100, p50: 1, p99: 2 }, incomplete: 0, writes: 100, closes: {} },
      ],
    })
    const merged = mergeRounds([round(10, 0, {}), round(50, 1, { 1006: 1 }), round(20, 0, {})])
    expect(merged.connect.p99).toBe(2)
    expect(merged.runs[0]).toMatchObject({ mode: 'off', propagation: { n: 300, p50: 5, p99: 20 }, incomplete: 1, writes: 300, closes: { 1006: 1 } })
    expect(merged.runs[1].propagation).toEqual({ n: 300, p50: 1, p99: 2 })
    expect(mergeRounds([round(10, 0, {})])).toEqual(round(10, 0, {}))
  })
})
