import { describe, expect, it } from 'vitest'
import { GAP_KINDS, MISSING_ITEMS, PHASES } from './constants'
import { GAP_TEXTS, MISSING_TEXTS, PHASE_TEXTS, describeGap, listNames } from './texts'

const names = (id: string) => ({ a: 'Milieudefensie', b: 'Buurtteam Oost', c: 'Fietsersbond', d: 'Jongerenraad' })[id] ?? id

describe('texts', () => {
  it('exist for every gap kind, phase and missing item in both languages', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const kind of GAP_KINDS) {
        const t = GAP_TEXTS[kind][lang]
        expect(t.title && t.explanation && t.question).toBeTruthy()
        expect(t.question.endsWith('?')).toBe(true)
      }
      for (const phase of PHASES) expect(PHASE_TEXTS[phase][lang].name).toBeTruthy()
      for (const item of MISSING_ITEMS) expect(MISSING_TEXTS[item][lang].explanation).toBeTruthy()
    }
  })

  it('fill every placeholder with actor names', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const kind of GAP_KINDS) {
        const actors = kind === 'single-bridge' ? ['a', 'b', 'c'] : ['a', 'b']
        const text = describeGap({ kind, actors }, names, lang)
        for (const part of Object.values(text)) expect(part).not.toMatch(/[{}]/)
        expect(text.explanation).toContain('Milieudefensie')
      }
    }
  })

  it('ask the core-distrust question with both names', () => {
    expect(describeGap({ kind: 'core-distrust', actors: ['a', 'b'] }, names, 'en').question).toBe(
      'What would Milieudefensie and Buurtteam Oost need from each other to rely on each other?',
    )
    expect(describeGap({ kind: 'core-distrust', actors: ['a', 'b'] }, names, 'nl').question).toBe(
      'Wat hebben Milieudefensie en Buurtteam Oost van elkaar nodig om op elkaar te kunnen bouwen?',
    )
  })

  it('name the bridge and list its dependents', () => {
    const text = describeGap({ kind: 'single-bridge', actors: ['a', 'b', 'c', 'd'] }, names, 'nl')
    expect(text.explanation).toBe(
      'Elke vertrouwde weg van de kern naar Buurtteam Oost, Fietsersbond en Jongerenraad loopt via Milieudefensie. Valt Milieudefensie weg, dan is die verbinding met de kern verdwenen.',
    )
  })

  it('list names as a sentence, shortening long lists', () => {
    expect(listNames([], 'en')).toBe('')
    expect(listNames(['A'], 'en')).toBe('A')
    expect(listNames(['A', 'B'], 'nl')).toBe('A en B')
    expect(listNames(['A', 'B', 'C'], 'en')).toBe('A, B and C')
    expect(listNames(['A', 'B', 'C', 'D', 'E', 'F'], 'en')).toBe('A, B, C and 3 others')
    expect(listNames(['A', 'B', 'C', 'D', 'E', 'F'], 'nl')).toBe('A, B, C en 3 andere')
  })
})
