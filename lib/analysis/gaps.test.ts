import { describe, expect, it } from 'vitest'
import { analyseCore } from './analyse'
import { GAP_KINDS, MAX_GAPS } from './constants'
import { compareGaps, findGaps } from './gaps'
import { anchoredSet, buildModel } from './pairs'
import { clique, makeSnapshot, type SnapshotSpec } from './testkit'

const run = (spec: SnapshotSpec) => analyseCore(makeSnapshot(spec))
const gapsOf = (spec: SnapshotSpec, kind: string) => run(spec).gaps.filter((g) => g.kind === kind)
const idsOf = (spec: SnapshotSpec, kind: string) => gapsOf(spec, kind).map((g) => g.id)

describe('core-conflict', () => {
  it('is critical, names the sorted pair and lists every tie of the pair, sorted as strings', () => {
    const gaps = gapsOf({ core: ['b', 'a'], ties: ['t9=b>a high', 't10=a>b conflict', 't2=a>b low communication'] }, 'core-conflict')
    expect(gaps).toEqual([
      { id: 'core-conflict:a+b', kind: 'core-conflict', severity: 'critical', actors: ['a', 'b'], ties: ['t10', 't2', 't9'] },
    ])
  })

  it('is found for a conflict by kind too, and replaces core-distrust for that pair', () => {
    const r = run({ core: ['a', 'b'], ties: ['a>b high conflict'] })
    expect(r.gapCounts).toEqual({ 'core-conflict': 1 })
  })
})

describe('core-distrust', () => {
  it('is high for core pairs with pair trust absent, none or low', () => {
    const spec = { core: ['a', 'b', 'c', 'd', 'e'], ties: ['a>b none', 'a>c low', 'b>a high', 'a>d medium', 'e>a high', 'b>c high', 'c>b low'] }
    const gaps = gapsOf(spec, 'core-distrust')
    expect(gaps.map((g) => g.id)).toEqual([
      'core-distrust:a+b', 'core-distrust:a+c', 'core-distrust:b+c', 'core-distrust:b+d', 'core-distrust:b+e',
      'core-distrust:c+d', 'core-distrust:c+e', 'core-distrust:d+e',
    ])
    expect(gaps[0]).toEqual({ id: 'core-distrust:a+b', kind: 'core-distrust', severity: 'high', actors: ['a', 'b'], ties: ['t1', 't3'] })
    expect(gaps[3].ties).toEqual([])
  })

  it('sorts the pair in plain string order, not numeric', () => {
    expect(idsOf({ core: ['a2', 'a10'] }, 'core-distrust')).toEqual(['core-distrust:a10+a2'])
  })
})

describe('coalition-conflict', () => {
  it('is high for conflicts core–ally and ally–ally, anchored or not', () => {
    const spec = {
      core: ['c1', 'c2'],
      ally: ['a1', 'a2', 'a3'],
      outside: ['x'],
      ties: [...clique(['c1', 'c2']), 'c1>a1 high', 'a1>c2 conflict', 'a2>a3 low conflict', 'x>c1 conflict', 'a3>x conflict', 'c1>c2 conflict'],
    }
    const gaps = gapsOf(spec, 'coalition-conflict')
    expect(gaps.map((g) => [g.id, g.severity, g.ties])).toEqual([
      ['coalition-conflict:a1+c2', 'high', ['t3']],
      ['coalition-conflict:a2+a3', 'high', ['t4']],
    ])
    expect(idsOf(spec, 'core-conflict')).toEqual(['core-conflict:c1+c2'])
  })
})

describe('isolated-ally', () => {
  it('is high for every ally that is not anchored', () => {
    const spec = { core: ['c'], ally: ['a', 'b', 'd'], outside: ['x'], ties: ['c>a low', 'b>x high', 'x>c high', 'd>c none'] }
    const gaps = gapsOf(spec, 'isolated-ally')
    expect(gaps).toEqual([
      { id: 'isolated-ally:b', kind: 'isolated-ally', severity: 'high', actors: ['b'], ties: [] },
      { id: 'isolated-ally:d', kind: 'isolated-ally', severity: 'high', actors: ['d'], ties: [] },
    ])
  })

  it('applies to every ally when there is no core', () => {
    expect(idsOf({ ally: ['a', 'b'], ties: ['a>b high'] }, 'isolated-ally')).toEqual(['isolated-ally:a', 'isolated-ally:b'])
  })
})

describe('weak-anchor', () => {
  it('is medium for an anchored ally with no core actor at pair trust medium or high', () => {
    const spec = {
      core: ['c1', 'c2'],
      ally: ['a1', 'a2', 'a3', 'a4'],
      ties: ['c1>a1 low', 'a2>a1 high', 'c2>a3 high', 'a3>c2 low', 'c1>a4 low', 'a4>c2 medium'],
    }
    expect(gapsOf(spec, 'weak-anchor').map((g) => [g.id, g.severity, g.ties])).toEqual([
      ['weak-anchor:a1', 'medium', []],
      ['weak-anchor:a2', 'medium', []],
      ['weak-anchor:a3', 'medium', []],
    ])
  })

  it('is not given to unanchored allies', () => {
    expect(idsOf({ core: ['c'], ally: ['a'] }, 'weak-anchor')).toEqual([])
  })
})

describe('single-bridge', () => {
  it('names an ally whose removal cuts other anchored allies from the core, with its dependents sorted', () => {
    // c–a, c–e, a–b, b–d, a–e: without a, b and d lose the core; without b, d does.
    const spec = { core: ['c'], ally: ['a', 'b', 'd', 'e'], ties: ['c>a high', 'c>e high', 'a>b high', 'b>d low', 'e>a medium'] }
    expect(gapsOf(spec, 'single-bridge')).toEqual([
      { id: 'single-bridge:a+b+d', kind: 'single-bridge', severity: 'medium', actors: ['a', 'b', 'd'], ties: [] },
      { id: 'single-bridge:b+d', kind: 'single-bridge', severity: 'medium', actors: ['b', 'd'], ties: [] },
    ])
  })

  it('puts the bridge first and sorts dependents as strings', () => {
    const spec = { core: ['c'], ally: ['z', 'a9', 'a10', 'a2'], ties: ['c>z high', 'z>a9 high', 'z>a10 high', 'a2>z low'] }
    expect(gapsOf(spec, 'single-bridge').map((g) => g.actors)).toEqual([['z', 'a10', 'a2', 'a9']])
  })

  it('treats the whole core as one node', () => {
    // b reaches the core through c2 directly, so a is no bridge for b.
    const spec = { core: ['c1', 'c2'], ally: ['a', 'b'], ties: ['c1>a high', 'a>b high', 'b>c2 low'] }
    expect(idsOf(spec, 'single-bridge')).toEqual([])
    // Paths through outside actors or unanchored allies do not count.
    const spec2 = { core: ['c'], ally: ['a', 'b'], outside: ['x'], ties: ['c>a high', 'a>b high', 'b>x high', 'x>c high'] }
    expect(idsOf(spec2, 'single-bridge')).toEqual(['single-bridge:a+b'])
  })

  it('finds bridges on a long chain and in a cycle none', () => {
    const chain = ['a1', 'a2', 'a3', 'a4']
    const spec = { core: ['c'], ally: chain, ties: ['c>a1 high', 'a1>a2 high', 'a2>a3 high', 'a3>a4 high'] }
    expect(idsOf(spec, 'single-bridge')).toEqual(['single-bridge:a1+a2+a3+a4', 'single-bridge:a2+a3+a4', 'single-bridge:a3+a4'])
    expect(idsOf({ ...spec, ties: [...spec.ties, 'a4>c low'] }, 'single-bridge')).toEqual([])
  })
})

describe('frame-gap', () => {
  const base = { core: ['c1', 'c2'], ally: ['a', 'b', 'd', 'u'], ties: ['c1>a high', 'c1>b high', 'c2>d high'] }
  it('is medium for an anchored ally sharing no vision theme', () => {
    const themes = { c1: ['climate', 'food'], c2: ['Climate'], a: ['housing'], b: [' CLIMATE '], u: [] }
    expect(gapsOf({ ...base, themes }, 'frame-gap').map((g) => [g.id, g.severity])).toEqual([
      ['frame-gap:a', 'medium'],
      ['frame-gap:d', 'medium'],
    ])
  })

  it('only applies when vision themes exist', () => {
    expect(idsOf({ ...base, themes: { c1: ['x'], c2: ['y'] } }, 'frame-gap')).toEqual([])
  })

  it('counts only vision themes, not any core theme', () => {
    const themes = { c1: ['climate', 'food'], c2: ['climate'], a: ['food'], b: ['climate'], d: ['climate'] }
    expect(idsOf({ ...base, themes }, 'frame-gap')).toEqual(['frame-gap:a'])
  })
})

describe('asymmetric-trust', () => {
  it('is low for a pair whose per-direction levels differ by two steps or more', () => {
    const spec = {
      core: ['c'],
      outside: ['p', 'q', 'r', 's', 'x', 'y'],
      ties: ['p>q high', 'q>p low', 'p>q none', 'r>s medium', 's>r high', 'x>y none', 'x>y high', 'y>x none', 'c>p high'],
    }
    expect(gapsOf(spec, 'asymmetric-trust').map((g) => [g.id, g.severity, g.ties])).toEqual([
      ['asymmetric-trust:p+q', 'low', ['t1', 't2', 't3']],
      ['asymmetric-trust:x+y', 'low', ['t6', 't7', 't8']],
    ])
  })

  it('needs ties in both directions and no conflict', () => {
    const spec = { core: ['a', 'b'], outside: ['x'], ties: ['a>b high', 'a>b none', 'b>x high', 'x>b none', 'x>b conflict'] }
    expect(idsOf(spec, 'asymmetric-trust')).toEqual([])
  })
})

describe('outside-unreached', () => {
  it('is info for non-opponent outside actors without a positive link to an anchored member', () => {
    const spec = {
      core: ['c'],
      ally: ['a', 'u'],
      outside: ['x1', 'x2', 'x3', 'x4', 'x5'],
      opponents: ['x5'],
      ties: ['c>a low', 'a>x1 low', 'u>x2 high', 'c>x3 none', 'x4>c high', 'c>x4 conflict'],
    }
    expect(gapsOf(spec, 'outside-unreached').map((g) => [g.id, g.severity, g.ties])).toEqual([
      ['outside-unreached:x2', 'info', []],
      ['outside-unreached:x3', 'info', []],
      ['outside-unreached:x4', 'info', []],
    ])
  })
})

describe('gap list', () => {
  const spec: SnapshotSpec = {
    core: ['c1', 'c2', 'c3'],
    ally: ['a1', 'a2', 'a3'],
    outside: ['x1', 'x2', 'x3'],
    themes: { c1: ['t'], c2: ['t'], a2: ['t'] },
    ties: ['c1>c2 conflict', 'c1>c3 low', 'c2>c3 high', 'c3>a1 low', 'a1>a2 high', 'a2>c1 conflict', 'x1>x2 high', 'x2>x1 none'],
  }

  it('is ordered by severity, then kind in table order, then id', () => {
    expect(run(spec).gaps.map((g) => g.id)).toEqual([
      'core-conflict:c1+c2',
      'core-distrust:c1+c3',
      'coalition-conflict:a2+c1',
      'isolated-ally:a3',
      'weak-anchor:a1',
      'weak-anchor:a2',
      'single-bridge:a1+a2',
      'frame-gap:a1',
      'asymmetric-trust:x1+x2',
      'outside-unreached:x1',
      'outside-unreached:x2',
      'outside-unreached:x3',
    ])
  })

  it('counts per kind, only kinds that occur, in the table order', () => {
    const counts = run(spec).gapCounts
    expect(Object.entries(counts)).toEqual([
      ['core-conflict', 1],
      ['core-distrust', 1],
      ['coalition-conflict', 1],
      ['isolated-ally', 1],
      ['weak-anchor', 2],
      ['single-bridge', 1],
      ['frame-gap', 1],
      ['asymmetric-trust', 1],
      ['outside-unreached', 3],
    ])
    expect(Object.keys(run({ core: ['a'], outside: ['x'] }).gapCounts)).toEqual(['outside-unreached'])
    expect(run({ core: ['a'] }).gapCounts).toEqual({})
  })

  it('lists at most 500 gaps, the first ones in order, and counts all', () => {
    const core = Array.from({ length: 40 }, (_, i) => `c${i}`)
    const outside = Array.from({ length: 30 }, (_, i) => `x${i}`)
    const snapshot = makeSnapshot({ core, outside })
    const r = analyseCore(snapshot)
    expect(r.gaps).toHaveLength(MAX_GAPS)
    expect(r.gapCounts).toEqual({ 'core-distrust': 780, 'outside-unreached': 30 })
    const model = buildModel(snapshot)
    const all = findGaps(model, anchoredSet(model), []).sort(compareGaps)
    expect(r.gaps).toEqual(all.slice(0, MAX_GAPS))
    expect(r.gaps[0].id).toBe('core-distrust:c0+c1')
    expect(r.gaps[1].id).toBe('core-distrust:c0+c10')
  })

  it('uses only known kinds with ids of the form kind:actors', () => {
    for (const g of run(spec).gaps) {
      expect(GAP_KINDS).toContain(g.kind)
      expect(g.id).toBe(`${g.kind}:${g.actors.join('+')}`)
    }
  })
})
