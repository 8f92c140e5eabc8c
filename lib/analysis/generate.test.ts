import { describe, expect, it } from 'vitest'
import { analyseCore } from './analyse'
import { generateSnapshot } from './generate'
import { parseSnapshot } from './snapshot'

describe('generateSnapshot', () => {
  it('is deterministic from its seed and valid input', () => {
    const a = generateSnapshot({ actors: 100, ties: 400, seed: 5 })
    expect(generateSnapshot({ actors: 100, ties: 400, seed: 5 })).toEqual(a)
    expect(generateSnapshot({ actors: 100, ties: 400, seed: 6 })).not.toEqual(a)
    expect(parseSnapshot(JSON.parse(JSON.stringify(a)))).toEqual({ ok: true, snapshot: a })
    expect(a.actors).toHaveLength(100)
    expect(a.ties).toHaveLength(400)
  })

  it('spreads actors over the rings: about 10 % core, 30 % ally, 60 % outside', () => {
    const { actors } = generateSnapshot({ actors: 200, ties: 0, seed: 1 })
    const count = (ring: string) => actors.filter((x) => x.ring === ring).length
    expect([count('core'), count('ally'), count('outside')]).toEqual([20, 60, 120])
  })

  it('gives varied coalitions: several phases and gap kinds over a few seeds', () => {
    const phases = new Set<string>()
    const kinds = new Set<string>()
    for (let seed = 1; seed <= 60; seed++) {
      const r = analyseCore(generateSnapshot({ actors: 8 + (seed % 20), ties: 10 + 3 * (seed % 25), seed, targetCoalitionSize: 4 + (seed % 8) }))
      phases.add(r.phase)
      for (const kind of Object.keys(r.gapCounts)) kinds.add(kind)
    }
    expect(phases.size).toBeGreaterThanOrEqual(3)
    expect(kinds.size).toBeGreaterThanOrEqual(8)
  })

  it('handles tiny sizes', () => {
    expect(generateSnapshot({ actors: 0, ties: 5, seed: 1 })).toEqual({ actors: [], ties: [], settings: { targetCoalitionSize: 30 } })
    expect(generateSnapshot({ actors: 1, ties: 5, seed: 1 }).ties).toEqual([])
    expect(generateSnapshot({ actors: 2, ties: 5, seed: 1 }).ties).toHaveLength(5)
  })
})
