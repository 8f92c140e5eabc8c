import { describe, expect, it } from 'vitest'
import { analyseCore } from './analyse'
import { clique, makeSnapshot, type SnapshotSpec } from './testkit'

const run = (spec: SnapshotSpec) => analyseCore(makeSnapshot(spec))

/** Two core actors that trust each other and share a theme, one ally anchored to them. */
const healthy: SnapshotSpec = {
  core: ['c1', 'c2'],
  ally: ['a1'],
  outside: ['x1', 'x2'],
  themes: { c1: ['climate'], c2: ['climate'] },
  ties: ['c1>c2 high', 'a1>c1 high', 'c1>x1 medium', 'x2>c2 low'],
  target: 4,
}

describe('coreCohesion', () => {
  it('is the share of core pairs at pair trust medium or high', () => {
    const r = run({ core: ['a', 'b', 'c'], ties: ['a>b high', 'b>a medium', 'a>c low', 'b>c none', 'c>b high'] })
    expect(r.parts.coreCohesion).toBe(1 / 3)
  })

  it('counts pairs without ties in the denominator', () => {
    expect(run({ core: ['a', 'b', 'c', 'd'], ties: ['a>b medium'] }).parts.coreCohesion).toBe(1 / 6)
  })

  it('is 0 with fewer than two core actors', () => {
    expect(run({ core: ['a'], ally: ['b'], ties: ['a>b high'] }).parts.coreCohesion).toBe(0)
    expect(run({}).parts.coreCohesion).toBe(0)
  })
})

describe('sharedVision and visionThemes', () => {
  it('is the largest number of core actors carrying one shared theme over |C|', () => {
    const r = run({
      core: ['a', 'b', 'c', 'd'],
      ally: ['e'],
      themes: { a: ['Climate '], b: ['climate', 'housing'], c: ['  HOUSING', 'climate'], d: ['food'], e: ['food'] },
    })
    expect(r.parts.sharedVision).toBe(3 / 4)
    expect(r.parts.visionThemes).toEqual(['climate'])
  })

  it('lists every theme reaching the largest number, lower-cased and in plain string order', () => {
    const r = run({ core: ['a', 'b', 'c'], themes: { a: ['Zee', 'École', 'x'], b: ['école', 'zee'], c: [] } })
    expect(r.parts.sharedVision).toBe(2 / 3)
    expect(r.parts.visionThemes).toEqual(['zee', 'école'])
  })

  it('is 0 when no theme is carried by two core actors', () => {
    const r = run({ core: ['a', 'b'], ally: ['c'], themes: { a: ['x'], b: ['y'], c: ['x'] } })
    expect(r.parts.sharedVision).toBe(0)
    expect(r.parts.visionThemes).toEqual([])
  })

  it('counts an actor once per theme and ignores themes that are empty after trimming', () => {
    expect(run({ core: ['a', 'b'], themes: { a: ['x', ' X'], b: [] } }).parts.sharedVision).toBe(0)
    expect(run({ core: ['a', 'b'], themes: { a: ['', ' '], b: ['  ', '\t'] } }).parts.visionThemes).toEqual([])
  })
})

describe('focus', () => {
  it('is the smaller of coreCohesion and sharedVision', () => {
    const r = run({ core: ['a', 'b', 'c'], themes: { a: ['x'], b: ['x'] }, ties: clique(['a', 'b', 'c']) })
    expect(r.parts.coreCohesion).toBe(1)
    expect(r.scores.focus).toBe(2 / 3)
    const s = run({ core: ['a', 'b', 'c'], themes: { a: ['x'], b: ['x'], c: ['x'] }, ties: ['a>b high'] })
    expect(s.scores.focus).toBe(1 / 3)
  })
})

describe('mass', () => {
  it('is √(anchored / targetCoalitionSize), capped at 1', () => {
    expect(run({ ...healthy, target: 12 }).scores.mass).toBe(Math.sqrt(3 / 12))
    expect(run({ ...healthy, target: 2 }).scores.mass).toBe(1)
    expect(run({ core: ['a'] }).scores.mass).toBe(Math.sqrt(1 / 30))
  })
})

describe('reach, bridging, openness', () => {
  const spec: SnapshotSpec = {
    core: ['c1', 'c2'],
    ally: ['a1', 'u1'],
    outside: ['x1', 'x2', 'x3', 'x4'],
    opponents: ['x3'],
    ties: ['c1>a1 medium', 'c1>x1 high', 'x3>c2 high', 'u1>x2 high', 'x4>a1 none'],
  }

  it('reach: share of non-opponent outside actors positively linked to an anchored member', () => {
    expect(run(spec).parts.reach).toBe(1 / 3)
  })

  it('bridging: share of anchored members positively linked to a non-opponent outside actor', () => {
    expect(run(spec).parts.bridging).toBe(1 / 3)
  })

  it('openness is √(reach × bridging)', () => {
    const r = run({ ...spec, ties: [...spec.ties!, 'x2>a1 low'] })
    expect(r.parts.reach).toBe(2 / 3)
    expect(r.parts.bridging).toBe(2 / 3)
    expect(r.scores.openness).toBe(Math.sqrt((2 / 3) * (2 / 3)))
  })

  it('are 0 when there is nobody to count', () => {
    const r = run({ core: ['c'], outside: ['x'], opponents: ['x'], ties: ['c>x high'] })
    expect(r.parts.reach).toBe(0)
    expect(r.parts.bridging).toBe(0)
    expect(run({ ally: ['a'], outside: ['x'], ties: ['a>x high'] }).parts.bridging).toBe(0)
  })
})

describe('committedShare', () => {
  it('is anchored / (anchored + unanchored allies + non-opponent outside)', () => {
    const r = run({ core: ['c'], ally: ['a', 'u'], outside: ['x', 'y', 'z'], opponents: ['z'], ties: ['c>a low'] })
    expect(r.criticalMass.committedShare).toBe(2 / 5)
  })

  it('is 0 when that sum is 0', () => {
    expect(run({}).criticalMass.committedShare).toBe(0)
    expect(run({ outside: ['z'], opponents: ['z'] }).criticalMass.committedShare).toBe(0)
  })
})

describe('phase and critical mass', () => {
  it('empty: no core actor', () => {
    const r = run({ ally: ['a'], outside: ['x'], ties: ['a>x high'] })
    expect(r.phase).toBe('empty')
    expect(r.criticalMass).toEqual({ reached: false, missing: ['focus', 'allies', 'mass', 'openness'], committedShare: 0 })
  })

  it('focus: focus below 0.6', () => {
    const r = run({ ...healthy, themes: {} })
    expect(r.phase).toBe('focus')
    expect(r.criticalMass.missing).toEqual(['focus'])
  })

  it('focus: no anchored ally, however good the core', () => {
    const r = run({ ...healthy, ties: healthy.ties!.filter((t) => !t.startsWith('a1')), target: 1 })
    expect(r.scores.focus).toBe(1)
    expect(r.phase).toBe('focus')
    expect(r.criticalMass.missing).toEqual(['allies'])
  })

  it('openness: mass ≥ 0.6 and openness ≥ 0.5, and only then critical mass', () => {
    const r = run(healthy)
    expect(r.phase).toBe('openness')
    expect(r.criticalMass.reached).toBe(true)
    expect(r.criticalMass.missing).toEqual([])
  })

  it('mass: otherwise', () => {
    const r = run({ ...healthy, target: 30 })
    expect(r.phase).toBe('mass')
    expect(r.criticalMass).toMatchObject({ reached: false, missing: ['mass'] })
    const s = run({ ...healthy, ties: ['c1>c2 high', 'a1>c1 high'] })
    expect(s.phase).toBe('mass')
    expect(s.criticalMass.missing).toEqual(['openness'])
  })

  it('thresholds are inclusive: focus 0.6, mass 0.6, openness 0.5 are enough', () => {
    const core = ['c1', 'c2', 'c3', 'c4', 'c5']
    const r = run({
      core,
      ally: ['a1', 'a2', 'a3', 'a4'],
      outside: ['x1', 'x2', 'x3', 'x4'],
      themes: { c1: ['t'], c2: ['t'], c3: ['t'] },
      // 3 of 5 core actors share a theme: focus 0.6. 9 anchored of 25: mass = √0.36 = 0.6.
      ties: [...clique(core), 'a1>c1 high', 'a2>c1 high', 'a3>c1 high', 'a4>c1 high', 'x1>c1 high', 'x2>a1 high'],
      target: 25,
    })
    expect(r.scores.focus).toBe(0.6)
    expect(r.scores.mass).toBe(0.6)
    expect(r.parts.reach).toBe(0.5)
    expect(r.parts.bridging).toBe(2 / 9)
    expect(r.phase).toBe('mass')
    expect(r.criticalMass.missing).toEqual(['openness'])

    // Reach 1/2 and bridging 1/2 give openness √0.25 = 0.5 exactly.
    const s = run({
      core: ['c1', 'c2'],
      ally: ['a1', 'a2'],
      outside: ['x1', 'x2'],
      themes: { c1: ['t'], c2: ['t'] },
      ties: ['c1>c2 high', 'a1>c1 high', 'a2>c2 high', 'x1>c1 high', 'x1>a1 high'],
      target: 4,
    })
    expect(s.scores.openness).toBe(0.5)
    expect(s.phase).toBe('openness')
  })

  it('lists missing items in the order focus, allies, mass, openness', () => {
    const r = run({ core: ['c1', 'c2'], ally: ['a'], outside: ['x'] })
    expect(r.phase).toBe('focus')
    expect(r.criticalMass.missing).toEqual(['focus', 'allies', 'mass', 'openness'])
  })
})
