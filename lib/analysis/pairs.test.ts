import { describe, expect, it } from 'vitest'
import { analyseCore } from './analyse'
import { anchoredSet, buildModel, isPositive, pairOf, pairTrust } from './pairs'
import { makeSnapshot } from './testkit'

function trustOf(ties: string[], x = 'a', y = 'b') {
  const model = buildModel(makeSnapshot({ core: ['a', 'b', 'c'], ties }))
  return pairTrust(pairOf(model, model.indexOf.get(x)!, model.indexOf.get(y)!))
}

function positive(ties: string[]) {
  const model = buildModel(makeSnapshot({ core: ['a', 'b'], ties }))
  const pair = pairOf(model, 0, 1)
  return pair !== undefined && isPositive(pair)
}

function anchoredIds(spec: Parameters<typeof makeSnapshot>[0]) {
  const model = buildModel(makeSnapshot(spec))
  const anchored = anchoredSet(model)
  return model.ids.filter((_, i) => anchored[i])
}

describe('pair trust', () => {
  it('is absent without ties', () => {
    expect(trustOf([])).toBe('absent')
    expect(trustOf(['a>c high'])).toBe('absent')
  })

  it('is conflict when any conflict tie joins the pair, in either direction, by trust or kind', () => {
    expect(trustOf(['a>b high', 'b>a conflict'])).toBe('conflict')
    expect(trustOf(['a>b high', 'b>a high'], 'b', 'a')).toBe('high')
    expect(trustOf(['a>b high', 'a>b high conflict'])).toBe('conflict')
    expect(trustOf(['b>a medium', 'a>b conflict cooperation'])).toBe('conflict')
  })

  it('takes the highest level per direction', () => {
    expect(trustOf(['a>b low', 'a>b high', 'a>b none'])).toBe('high')
  })

  it('takes the weaker side when both directions have ties', () => {
    expect(trustOf(['a>b high', 'b>a low'])).toBe('low')
    expect(trustOf(['a>b none', 'b>a high', 'b>a medium'])).toBe('none')
    expect(trustOf(['a>b medium', 'b>a medium', 'b>a low'])).toBe('medium')
  })

  it('takes the one side when only one direction has ties', () => {
    expect(trustOf(['b>a medium'])).toBe('medium')
    expect(trustOf(['a>b none'])).toBe('none')
  })

  it('ignores self-ties', () => {
    expect(trustOf(['a>a conflict', 'a>b high'])).toBe('high')
  })
})

describe('positive link', () => {
  it('needs a non-conflict tie with trust low, medium or high, in either direction', () => {
    expect(positive(['a>b low'])).toBe(true)
    expect(positive(['b>a high communication'])).toBe(true)
    expect(positive(['a>b none'])).toBe(false)
    expect(positive([])).toBe(false)
  })

  it('exists even when the weaker side makes pair trust none', () => {
    expect(positive(['a>b none', 'b>a high'])).toBe(true)
  })

  it('is cancelled by any conflict tie', () => {
    expect(positive(['a>b high', 'b>a conflict'])).toBe(false)
    expect(positive(['a>b high', 'a>b low conflict'])).toBe(false)
  })
})

describe('anchored', () => {
  it('counts every core actor, even without ties', () => {
    expect(anchoredIds({ core: ['c1', 'c2'], ally: ['a1'] })).toEqual(['c1', 'c2'])
  })

  it('follows positive links from the core through allies', () => {
    expect(anchoredIds({ core: ['c'], ally: ['a1', 'a2', 'a3'], ties: ['c>a1 low', 'a2>a1 high', 'a3>x none'] })).toEqual(['a1', 'a2', 'c'])
  })

  it('does not pass through outside actors', () => {
    const spec = { core: ['c'], ally: ['a'], outside: ['x'], ties: ['c>x high', 'x>a high'] }
    expect(anchoredIds(spec)).toEqual(['c'])
  })

  it('does not follow non-positive links', () => {
    expect(anchoredIds({ core: ['c'], ally: ['a', 'b'], ties: ['c>a none', 'c>b high', 'b>c conflict'] })).toEqual(['c'])
  })

  it('is what parts.anchored counts', () => {
    const r = analyseCore(makeSnapshot({ core: ['c1', 'c2'], ally: ['a1', 'a2'], outside: ['x'], ties: ['c1>a1 low', 'a1>x high', 'x>a2 high'] }))
    expect(r.parts.anchored).toBe(3)
  })
})

describe('buildModel', () => {
  it('ignores ties to unknown actors from callers that skip parseSnapshot', () => {
    const withGhost = makeSnapshot({ core: ['a', 'b'], ties: ['a>b high', 'a>ghost conflict'] })
    const clean = makeSnapshot({ core: ['a', 'b'], ties: ['a>b high'] })
    expect(analyseCore(withGhost)).toEqual(analyseCore(clean))
  })

  it('indexes actors in plain string order of ids', () => {
    expect(buildModel(makeSnapshot({ core: ['b', 'a10', 'a2', 'B'] })).ids).toEqual(['B', 'a10', 'a2', 'b'])
  })
})
