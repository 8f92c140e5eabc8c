/**
 * Properties on seeded random snapshots: renaming ids, adding trust, repeating.
 */
import { describe, expect, it } from 'vitest'
import { analyse, analyseCore, computeMetrics, type AnalysisResult } from './analyse'
import { generateSnapshot } from './generate'
import { mulberry32 } from './metrics'
import type { CoalitionSnapshot } from './snapshot'

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]
const sizes = (seed: number) => ({ actors: 10 + ((seed * 7) % 50), ties: 20 + ((seed * 31) % 200), seed })

function rename(snapshot: CoalitionSnapshot, actorId: (id: string) => string, tieId: (id: string) => string): CoalitionSnapshot {
  return {
    ...snapshot,
    actors: snapshot.actors.map((a) => ({ ...a, id: actorId(a.id) })),
    ties: snapshot.ties.map((t) => ({ ...t, id: tieId(t.id), from: actorId(t.from), to: actorId(t.to) })),
  }
}

/** The result with every actor id and tie id mapped, gap ids rebuilt. */
function renameResult(r: AnalysisResult, actorId: (id: string) => string, tieId: (id: string) => string): AnalysisResult {
  const actors = Object.create(null) as AnalysisResult['metrics']['actors']
  for (const [id, m] of Object.entries(r.metrics.actors)) actors[actorId(id)] = m
  return {
    ...r,
    gaps: r.gaps.map((g) => {
      const ids = g.actors.map(actorId)
      return { ...g, id: `${g.kind}:${ids.join('+')}`, actors: ids, ties: g.ties.map(tieId) }
    }),
    metrics: { ...r.metrics, actors, brokers: r.metrics.brokers.map(actorId) },
  }
}

function shuffle<T>(items: T[], seed: number): T[] {
  const rand = mulberry32(seed)
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

describe('renaming ids changes nothing but the ids', () => {
  it('with an order-preserving renaming, the whole output maps exactly', () => {
    for (const seed of SEEDS) {
      const snapshot = generateSnapshot(sizes(seed))
      const actorId = (id: string) => `org-${id}`
      const tieId = (id: string) => `rel-${id}`
      const expected = renameResult(analyse(snapshot), actorId, tieId)
      expect(JSON.stringify(analyse(rename(snapshot, actorId, tieId)))).toBe(JSON.stringify(expected))
    }
  })

  it('with any renaming, scores, phase, counts, gap sets and centralities map', () => {
    for (const seed of SEEDS) {
      const snapshot = generateSnapshot(sizes(seed))
      const ids = snapshot.actors.map((a) => a.id)
      const target = shuffle(ids, seed).map((_, i) => `q${(i * 7919) % 104729}`)
      const map = new Map(ids.map((id, i) => [id, target[i]]))
      const actorId = (id: string) => map.get(id)!
      const tieId = (id: string) => `r${id.length}${id}`
      const before = renameResult(analyse(snapshot), actorId, tieId)
      const after = analyse(rename(snapshot, actorId, tieId))
      expect(after.phase).toBe(before.phase)
      expect(after.scores).toEqual(before.scores)
      expect(after.parts).toEqual(before.parts)
      expect(after.criticalMass).toEqual(before.criticalMass)
      expect(after.gapCounts).toEqual(before.gapCounts)
      const normalise = (r: AnalysisResult) =>
        r.gaps
          .map((g) => {
            // Only single-bridge gives the first actor a role (the bridge); pairs are just sorted.
            const bridge = g.kind === 'single-bridge' ? g.actors[0] : ''
            const rest = g.actors.slice(bridge ? 1 : 0).sort()
            return JSON.stringify([g.kind, g.severity, bridge, rest, g.ties.slice().sort()])
          })
          .sort()
      if (Object.values(before.gapCounts).reduce((x, y) => x + y, 0) <= 500) expect(normalise(after)).toEqual(normalise(before))
      for (const [id, m] of Object.entries(before.metrics.actors)) {
        expect(after.metrics.actors[id].degree).toBe(m.degree)
        expect(Math.abs(after.metrics.actors[id].betweenness - m.betweenness)).toBeLessThan(1e-9)
      }
      expect(after.metrics.density).toBe(before.metrics.density)
      expect(after.metrics.components).toBe(before.metrics.components)
    }
  })

  it('the order of actors and ties in the input does not matter', () => {
    for (const seed of SEEDS) {
      const snapshot = generateSnapshot(sizes(seed))
      const shuffled = { ...snapshot, actors: shuffle(snapshot.actors, seed), ties: shuffle(snapshot.ties, seed + 1) }
      expect(JSON.stringify(analyse(shuffled))).toBe(JSON.stringify(analyse(snapshot)))
    }
  })
})

describe('trust only helps focus', () => {
  it('adding a (high, cooperation) tie between two core actors never lowers focus', () => {
    for (const seed of SEEDS) {
      let snapshot = generateSnapshot(sizes(seed))
      const core = snapshot.actors.filter((a) => a.ring === 'core').map((a) => a.id)
      if (core.length < 2) continue
      const rand = mulberry32(seed)
      for (let k = 0; k < 20; k++) {
        const from = core[Math.floor(rand() * core.length)]
        const to = core[Math.floor(rand() * core.length)]
        const before = analyseCore(snapshot).scores.focus
        snapshot = { ...snapshot, ties: [...snapshot.ties, { id: `extra${k}`, from, to, trust: 'high', kind: 'cooperation' }] }
        expect(analyseCore(snapshot).scores.focus).toBeGreaterThanOrEqual(before)
      }
    }
  })
})

describe('determinism', () => {
  it('gives byte-identical JSON on repeat, and analyse = analyseCore + computeMetrics', () => {
    for (const seed of SEEDS) {
      const snapshot = generateSnapshot(sizes(seed))
      const first = JSON.stringify(analyse(snapshot))
      expect(JSON.stringify(analyse(structuredClone(snapshot)))).toBe(first)
      expect(JSON.stringify({ ...analyseCore(snapshot), metrics: computeMetrics(snapshot) })).toBe(first)
    }
  })

  it('does not modify its input', () => {
    const snapshot = generateSnapshot({ actors: 40, ties: 100, seed: 9 })
    const copy = structuredClone(snapshot)
    analyse(snapshot)
    expect(snapshot).toEqual(copy)
  })

  it('keeps scores in [0, 1] and phase consistent with critical mass', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = analyseCore(generateSnapshot({ actors: 5 + (seed % 30), ties: seed * 3, seed, targetCoalitionSize: 1 + (seed % 12) }))
      for (const v of [...Object.values(r.scores), r.parts.coreCohesion, r.parts.sharedVision, r.parts.reach, r.parts.bridging, r.criticalMass.committedShare]) {
        expect(v).toBeGreaterThanOrEqual(0)
        expect(v).toBeLessThanOrEqual(1)
      }
      expect(r.criticalMass.reached).toBe(r.phase === 'openness')
      expect(r.criticalMass.missing.length === 0).toBe(r.criticalMass.reached)
    }
  })
})
