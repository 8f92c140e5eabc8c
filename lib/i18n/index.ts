/**
 * One translation layer for every user-facing string. `nl` and `en` catalogues; the
 * default language follows the browser. tldraw's own strings switch with it (its
 * translations are served from our origin).
 */
import { en, type MessageKey } from './en'
import { nl } from './nl'

export const LANGUAGES = ['en', 'nl'] as const
export type Language = (typeof LANGUAGES)[number]
export type { MessageKey }

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, nl }

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The language for a browser's preference list: Dutch when Dutch comes first, else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

/**
 * Looks up `key` and fills `{name}` placeholders. With a count of 1, the key's `.one` form
 * where it has one ("1 member", not "1 members").
 */
export function translate(lang: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const one = values.count === 1 ? (catalogues[lang] as Record<string, string>)[`${key}.one`] : undefined
  const template = one ?? catalogues[lang][key] ?? en[key]
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in values ? String(values[name]) : `{${name}}`))
}
