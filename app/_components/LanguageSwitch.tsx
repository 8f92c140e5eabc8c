'use client'
import { useI18n } from '@/app/_lib/i18n'
import { LANGUAGES } from '@/lib/i18n'

const NAMES = { en: 'English', nl: 'Nederlands' } as const

export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { lang, setLang, t } = useI18n()
  return (
    <label className={compact ? 'cc-lang cc-lang--compact' : 'cc-lang'}>
      <span className={compact ? 'cc-visually-hidden' : undefined}>{t('language.label')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as (typeof LANGUAGES)[number])} data-testid="language">
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {compact ? l.toUpperCase() : NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  )
}
