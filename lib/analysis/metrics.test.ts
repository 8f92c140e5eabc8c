import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeMetrics, brokers, mulberry32, MetricsMemo } from './metrics'
import { parseSnapshot } from './snapshot'
import { generateSnapshot } from './generate'
import { makeSnapshot } from './testkit'

const FIXTURES = join(import.meta.dirname, 'fixtures')

interface Fixture {
  name: string
  snapshot: unknown
  expected: {
    degree: Record<string, number>
    betweenness: Record<string, number>
    density: number
    components: number
  }
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((f) => f.startsWith('networkx-') && f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')))

describe('metrics agree with networkx', () => {
  it('has fixtures to compare with', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8)
  })

  for (const fixture of fixtures) {
    it(`${fixture.name}: degree, betweenness, density, components`, () => {
      const parsed = parseSnapshot(fixture.snapshot)
      if (!parsed.ok) throw new Error(parsed.error.message)
      const metrics = computeMetrics(parsed.snapshot)
      const ids = Object.keys(fixture.expected.degree)
      expect(Object.keys(metrics.actors).sort()).toEqual(ids.slice().sort())
      for (const id of ids) {
        expect(metrics.actors[id].degree, id).toBe(fixture.expected.degree[id])
        expect(Math.abs(metrics.actors[id].betweenness - fixture.expected.betweenness[id]), id).toBeLessThan(1e-9)
      }
      expect(Math.abs(metrics.density - fixture.expected.density)).toBeLessThan(1e-9)
      expect(metrics.components).toBe(fixture.expected.components)
    })
  }
})

describe('communities', () => {
  it('are renumbered from 0 in order of actors sorted by id', () => {
    // Two triangles: ids chosen so that the second triangle holds the smallest id.
    const snapshot = makeSnapshot({
      core: ['m', 'n', 'o', 'a', 'b', 'c'],
      ties: ['m>n high', 'n>o high', 'o>m high', 'a>b high', 'b>c high', 'c>a high'],
    })
    const { actors } = computeMetrics(snapshot)
    expect(Object.keys(actors)).toEqual(['a', 'b', 'c', 'm', 'n', 'o'])
    expect(Object.values(actors).map((a) => a.community)).toEqual([0, 0, 0, 1, 1, 1])
  })

  it('give isolated actors communities of their own, numbered in id order', () => {
    const { actors } = computeMetrics(makeSnapshot({ core: ['z', 'y', 'x'] }))
    expect([actors.x.community, actors.y.community, actors.z.community]).toEqual([0, 1, 2])
  })

  it('are the same on every run and whatever the input order', () => {
    const snapshot = generateSnapshot({ actors: 150, ties: 500, seed: 3 })
    const first = JSON.stringify(computeMetrics(snapshot))
    const reversed = { ...snapshot, actors: snapshot.actors.slice().reverse(), ties: snapshot.ties.slice().reverse() }
    expect(JSON.stringify(computeMetrics(snapshot))).toBe(first)
    expect(JSON.stringify(computeMetrics(reversed))).toBe(first)
  })
})

describe('metrics graph', () => {
  it('joins actors wherever a non-conflict tie does, even one of trust none or next to a conflict', () => {
    const snapshot = makeSnapshot({
      core: ['a', 'b', 'c', 'd'],
      ties: ['a>b none', 'b>a high', 'b>c high', 'c>b conflict', 'c>d conflict', 'd>d high'],
    })
    const m = computeMetrics(snapshot)
    expect(Object.fromEntries(Object.entries(m.actors).map(([id, a]) => [id, a.degree]))).toEqual({ a: 1, b: 2, c: 1, d: 0 })
    expect(m.density).toBe(2 / 6)
    expect(m.components).toBe(2)
  })

  it('has density and components 0 without actors', () => {
    expect(computeMetrics(makeSnapshot({}))).toEqual({ actors: {}, density: 0, components: 0, brokers: [] })
  })
})

describe('brokers', () => {
  it('lists up to five actors with betweenness > 0, highest first, ties broken by id', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    expect(brokers(ids, Float64Array.from([0.1, 0.5, 0, 0.5, 0.2, 0.3, 0.05]))).toEqual(['b', 'd', 'f', 'e', 'a'])
    expect(brokers(ids, new Float64Array(7))).toEqual([])
  })

  it('treats betweenness equal up to rounding noise as equal', () => {
    expect(brokers(['a', 'b'], Float64Array.from([0.3, 0.1 + 0.2]))).toEqual(['a', 'b'])
  })

  it('come out of the graph: a path has its middle actors as brokers', () => {
    const m = computeMetrics(makeSnapshot({ ally: ['p1', 'p2', 'p3', 'p4', 'p5'], ties: ['p1>p2 low', 'p2>p3 low', 'p3>p4 low', 'p4>p5 low'] }))
    expect(m.brokers).toEqual(['p3', 'p2', 'p4'])
  })
})

describe('mulberry32', () => {
  it('is deterministic and in [0, 1)', () => {
    const a = mulberry32(7)
    const b = mulberry32(7)
    for (let i = 0; i < 100; i++) {
      const x = a()
      expect(x).toBe(b())
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })
})

describe('MetricsMemo', () => {
  const base = { core: ['a', 'b'], ally: ['c'], outside: ['d'], ties: ['a>b high', 'b>c low', 'c>d medium'] }

  it('gives what computeMetrics gives, and reuses it while only roles, names or trust change', () => {
    const memo = new MetricsMemo()
    const first = memo.compute(makeSnapshot(base))
    expect(memo.reused).toBe(false)
    expect(first).toEqual(computeMetrics(makeSnapshot(base)))
    // c moves to the core, d becomes an opponent, a trust level changes: same graph.
    const moved = makeSnapshot({ ...base, core: ['a', 'b', 'c'], ally: [], opponents: ['d'], ties: ['a>b low', 'b>c low', 'c>d medium'] })
    expect(memo.compute(moved)).toBe(first)
    expect(memo.reused).toBe(true)
    expect(memo.compute(moved)).toEqual(computeMetrics(moved))
  })

  it('recomputes when an actor, a tie, or a conflict changes the graph', () => {
    const memo = new MetricsMemo()
    memo.compute(makeSnapshot(base))
    const changes = [
      { ...base, outside: ['d', 'e'] },
      { ...base, ties: [...base.ties, 'a>d high'] },
      { ...base, ties: ['a>b high', 'b>c conflict', 'c>d medium'] },
      { ...base, ties: ['a>b high', 'b>c low'] },
    ]
    for (const spec of changes) {
      const snapshot = makeSnapshot(spec)
      expect(memo.compute(snapshot)).toEqual(computeMetrics(snapshot))
      expect(memo.reused).toBe(false)
      memo.compute(makeSnapshot(base))
    }
  })
})
