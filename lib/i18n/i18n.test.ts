import { describe, expect, it } from 'vitest'
import { catalogues, LANGUAGES, pickLanguage, translate } from './index'

describe('translations', () => {
  it('every key exists, non-empty, in every language, with the same placeholders', () => {
    const keys = Object.keys(catalogues.en)
    for (const lang of LANGUAGES) {
      const catalogue = catalogues[lang] as Record<string, string>
      expect(Object.keys(catalogue).sort()).toEqual([...keys].sort())
      for (const key of keys) {
        expect(catalogue[key].trim(), `${lang}:${key}`).not.toBe('')
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
        expect(placeholders(catalogue[key]), `${lang}:${key}`).toEqual(placeholders((catalogues.en as any)[key]))
      }
    }
  })

  it('follows the browser and fills placeholders', () => {
    expect(pickLanguage(['nl-NL', 'en'])).toBe('nl')
    expect(pickLanguage(['de-DE', 'en-GB'])).toBe('en')
    expect(pickLanguage(['fr'])).toBe('en')
    expect(translate('nl', 'status.pending', { count: 3 })).toBe('3 wijzigingen nog niet verstuurd')
  })

  it('says one in the singular where a key has a singular form', () => {
    expect(translate('en', 'actor.members', { count: 1 })).toBe('1 member')
    expect(translate('en', 'actor.members', { count: 2 })).toBe('2 members')
    expect(translate('en', 'actor.members', { count: 0 })).toBe('0 members')
    expect(translate('nl', 'analysis.anchored', { count: 1, target: 5 })).toBe('1 verankerd lid, doel 5')
    // A key without one keeps its only form.
    expect(translate('en', 'session.participants', { count: 1 })).toBe('Participants (1)')
    // Every singular form belongs to a key that takes a count.
    for (const key of Object.keys(catalogues.en).filter((k) => k.endsWith('.one'))) {
      expect((catalogues.en as Record<string, string>)[key.slice(0, -4)], key).toContain('{count}')
    }
  })
})
