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
})
