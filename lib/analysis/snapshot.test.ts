import { describe, expect, it } from 'vitest'
import { parseSnapshot } from './snapshot'

const actor = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Name ${id}`,
  kind: 'organisation',
  stance: 'supporter',
  ring: 'core',
  ...extra,
})
const tie = (id: string, from: string, to: string, extra: Record<string, unknown> = {}) => ({
  id,
  from,
  to,
  trust: 'high',
  kind: 'cooperation',
  ...extra,
})

function errorOf(json: unknown) {
  const result = parseSnapshot(json)
  if (result.ok) throw new Error('expected an error')
  return result.error
}

describe('parseSnapshot', () => {
  it('accepts a valid snapshot, fills defaults and drops unknown fields', () => {
    const result = parseSnapshot({ actors: [actor('a1', { colour: 'red', themes: ['x'], size: 0 })], extra: true })
    expect(result).toEqual({
      ok: true,
      snapshot: {
        actors: [{ id: 'a1', name: 'Name a1', kind: 'organisation', stance: 'supporter', ring: 'core', themes: ['x'], size: 0 }],
        ties: [],
        settings: { targetCoalitionSize: 30 },
      },
    })
  })

  it('keeps a given targetCoalitionSize and self-ties', () => {
    const result = parseSnapshot({ actors: [actor('a')], ties: [tie('t1', 'a', 'a')], settings: { targetCoalitionSize: 7 } })
    expect(result.ok && result.snapshot.settings.targetCoalitionSize).toBe(7)
    expect(result.ok && result.snapshot.ties).toHaveLength(1)
  })

  it('names the whole input $ when it is not an object', () => {
    expect(errorOf([])).toEqual({ path: '$', message: expect.stringMatching(/^\$: /) })
    expect(errorOf(null).path).toBe('$')
    expect(errorOf('x').path).toBe('$')
  })

  it('requires actors', () => {
    expect(errorOf({ ties: [] })).toEqual({ path: 'actors', message: 'actors: required' })
    expect(errorOf({ actors: {} }).message).toBe('actors: expected an array, got an object')
  })

  it('requires every actor field and non-empty id and name', () => {
    const { name: _n, ...noName } = actor('a1')
    expect(errorOf({ actors: [actor('a0'), noName] }).message).toBe('actors[1].name: required')
    expect(errorOf({ actors: [actor('')] }).message).toBe('actors[0].id: must be a non-empty string')
    expect(errorOf({ actors: [actor('a', { name: '' })] }).path).toBe('actors[0].name')
    expect(errorOf({ actors: [actor('a', { id: 3 })] }).message).toBe('actors[0].id: expected a string, got 3')
  })

  it('rejects bad enums and names the allowed values', () => {
    expect(errorOf({ actors: [actor('a', { kind: 'company' })] }).message).toBe(
      'actors[0].kind: must be one of organisation, group, network, person, got "company"',
    )
    expect(errorOf({ actors: [actor('a', { stance: 'pro' })] }).path).toBe('actors[0].stance')
    expect(errorOf({ actors: [actor('a', { ring: 'inner' })] }).path).toBe('actors[0].ring')
    expect(errorOf({ actors: [actor('a')], ties: [tie('t', 'a', 'a', { trust: 'total' })] }).path).toBe('ties[0].trust')
    expect(errorOf({ actors: [actor('a')], ties: [tie('t', 'a', 'a', { kind: 'love' })] }).path).toBe('ties[0].kind')
  })

  it('never accepts null, also for optional fields', () => {
    expect(errorOf({ actors: [actor('a', { themes: null })] }).message).toMatch(/^actors\[0\]\.themes: must not be null/)
    expect(errorOf({ actors: [actor('a', { size: null })] }).path).toBe('actors[0].size')
    expect(errorOf({ actors: [actor('a', { kind: null })] }).message).toMatch(/^actors\[0\]\.kind: must not be null/)
    expect(errorOf({ actors: [actor('a')], ties: null }).path).toBe('ties')
    expect(errorOf({ actors: [actor('a')], settings: null }).path).toBe('settings')
    expect(errorOf({ actors: [actor('a')], settings: { targetCoalitionSize: null } }).path).toBe('settings.targetCoalitionSize')
  })

  it('checks themes, size and targetCoalitionSize', () => {
    expect(errorOf({ actors: [actor('a', { themes: ['x', 2] })] }).message).toBe('actors[0].themes[1]: expected a string, got 2')
    expect(errorOf({ actors: [actor('a', { themes: 'x' })] }).path).toBe('actors[0].themes')
    expect(errorOf({ actors: [actor('a', { size: -1 })] }).message).toBe('actors[0].size: must be ≥ 0, got -1')
    expect(errorOf({ actors: [actor('a', { size: '3' })] }).path).toBe('actors[0].size')
    expect(errorOf({ actors: [], settings: { targetCoalitionSize: 0 } }).message).toBe('settings.targetCoalitionSize: must be ≥ 1, got 0')
    expect(errorOf({ actors: [], settings: { targetCoalitionSize: 2.5 } }).message).toBe(
      'settings.targetCoalitionSize: expected an integer, got 2.5',
    )
    expect(parseSnapshot({ actors: [actor('a', { themes: ['', '  '] })] }).ok).toBe(true)
  })

  it('rejects duplicate actor ids at the second occurrence', () => {
    expect(errorOf({ actors: [actor('a1'), actor('b'), actor('a1')] })).toEqual({
      path: 'actors[2].id',
      message: 'actors[2].id: duplicate actor id "a1"',
    })
  })

  it('rejects duplicate tie ids; tie ids and actor ids are separate namespaces', () => {
    const actors = [actor('a'), actor('b')]
    expect(errorOf({ actors, ties: [tie('t', 'a', 'b'), tie('t', 'b', 'a')] }).message).toBe('ties[1].id: duplicate tie id "t"')
    expect(parseSnapshot({ actors, ties: [tie('a', 'a', 'b')] }).ok).toBe(true)
  })

  it('rejects ties to unknown actors, from before to', () => {
    const actors = [actor('a'), actor('b')]
    const ties = [tie('t0', 'a', 'b'), tie('t1', 'a', 'b'), tie('t2', 'b', 'a'), tie('t3', 'a', 'x')]
    expect(errorOf({ actors, ties })).toEqual({ path: 'ties[3].to', message: 'ties[3].to: unknown actor "x"' })
    expect(errorOf({ actors, ties: [tie('t0', 'y', 'x')] }).message).toBe('ties[0].from: unknown actor "y"')
  })

  it('reports structural problems before references', () => {
    const result = errorOf({ actors: [actor('a'), actor('a')], ties: [tie('t', 'a', 'b', { trust: 'x' })] })
    expect(result.path).toBe('ties[0].trust')
  })
})
