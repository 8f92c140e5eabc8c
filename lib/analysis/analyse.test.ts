import { describe, expect, it } from 'vitest'
import { analyse, analyseCore, combine, computeMetrics } from './analyse'
import { parseSnapshot } from './snapshot'
import { makeSnapshot } from './testkit'

/** Collects every object's keys, depth first, to compare key order. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? keyPaths(value[0], `${prefix}[]`) : []
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...keyPaths(v, `${prefix}.${k}`)])
}

const example = makeSnapshot({
  core: ['a1', 'a2', 'a3'],
  ally: ['b1', 'b2'],
  outside: ['x1'],
  themes: { a1: ['climate'], a2: ['Climate'], a3: ['food'] },
  ties: ['a1>a2 high', 'a2>a1 medium', 'a2>a3 high', 'b1>a1 high', 'b2>b1 low', 'x1>b2 low'],
})

describe('analyse', () => {
  it('gives the keys in the order of the spec’s Output example', () => {
    expect(keyPaths(analyse(example))).toEqual([
      '.version', '.phase',
      '.scores', '.scores.focus', '.scores.mass', '.scores.openness',
      '.parts', '.parts.coreCohesion', '.parts.sharedVision', '.parts.visionThemes', '.parts.anchored', '.parts.reach', '.parts.bridging',
      '.criticalMass', '.criticalMass.reached', '.criticalMass.missing', '.criticalMass.committedShare',
      '.gaps', '.gaps[].id', '.gaps[].kind', '.gaps[].severity', '.gaps[].actors', '.gaps[].ties',
      '.gapCounts', '.gapCounts.core-distrust', '.gapCounts.weak-anchor', '.gapCounts.single-bridge', '.gapCounts.frame-gap',
      '.metrics', '.metrics.actors',
      '.metrics.actors.a1', '.metrics.actors.a1.degree', '.metrics.actors.a1.betweenness', '.metrics.actors.a1.community',
      ...['a2', 'a3', 'b1', 'b2', 'x1'].flatMap((id) => [`.metrics.actors.${id}`, ...['degree', 'betweenness', 'community'].map((k) => `.metrics.actors.${id}.${k}`)]),
      '.metrics.density', '.metrics.components', '.metrics.brokers',
    ])
  })

  it('computes a small coalition end to end', () => {
    const r = analyse(example)
    expect(r).toMatchObject({
      version: 1,
      phase: 'mass',
      scores: { focus: 2 / 3, mass: Math.sqrt(5 / 30), openness: Math.sqrt(1 * (1 / 5)) },
      parts: { coreCohesion: 2 / 3, sharedVision: 2 / 3, visionThemes: ['climate'], anchored: 5, reach: 1, bridging: 1 / 5 },
      criticalMass: { reached: false, missing: ['mass', 'openness'], committedShare: 5 / 6 },
      gapCounts: { 'core-distrust': 1, 'weak-anchor': 1, 'single-bridge': 1, 'frame-gap': 2 },
    })
    expect(r.gaps.map((g) => g.id)).toEqual(['core-distrust:a1+a3', 'weak-anchor:b2', 'single-bridge:b1+b2', 'frame-gap:b1', 'frame-gap:b2'])
    expect(r.metrics.components).toBe(1)
    // Five edges (a1–a2 twice collapses): the path x1–b2–b1–a1–a2–a3.
    expect(r.metrics.density).toBe(1 / 3)
    // b1 and a1 each lie on 6 of 10 pairs, b2 and a2 on 4: equal values go by id.
    expect(r.metrics.brokers).toEqual(['a1', 'b1', 'a2', 'b2'])
    // 12 × 1/((n-1)(n-2)), multiplied as networkx does: 0.6000000000000001.
    expect(r.metrics.actors.b1.betweenness).toBeCloseTo(0.6, 12)
    expect(r.metrics.actors.a1).toEqual({ degree: 2, betweenness: expect.any(Number), community: expect.any(Number) })
  })

  it('is analyseCore and computeMetrics combined', () => {
    expect(combine(analyseCore(example), computeMetrics(example))).toEqual(analyse(example))
  })

  it('analyses an empty snapshot', () => {
    const parsed = parseSnapshot({ actors: [] })
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(JSON.stringify(analyse(parsed.snapshot))).toBe(
      '{"version":1,"phase":"empty","scores":{"focus":0,"mass":0,"openness":0},' +
        '"parts":{"coreCohesion":0,"sharedVision":0,"visionThemes":[],"anchored":0,"reach":0,"bridging":0},' +
        '"criticalMass":{"reached":false,"missing":["focus","allies","mass","openness"],"committedShare":0},' +
        '"gaps":[],"gapCounts":{},"metrics":{"actors":{},"density":0,"components":0,"brokers":[]}}',
    )
  })

  it('keeps odd actor ids such as __proto__ as ordinary keys', () => {
    const r = analyse(makeSnapshot({ core: ['__proto__', 'constructor'], ties: ['__proto__>constructor high'] }))
    expect(Object.keys(r.metrics.actors)).toEqual(['__proto__', 'constructor'])
    expect(JSON.parse(JSON.stringify(r)).metrics.actors.__proto__.degree).toBe(1)
  })

  it('ignores self-ties everywhere', () => {
    const withSelf = makeSnapshot({ core: ['a', 'b'], ties: ['a>b high', 'a>a conflict', 'b>b high'] })
    const without = makeSnapshot({ core: ['a', 'b'], ties: ['a>b high'] })
    expect(analyse(withSelf)).toEqual(analyse(without))
  })
})
