'use client'
/**
 * The interface language: chosen in the UI, remembered in this browser, defaulting to the
 * browser's own preference.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { isLanguage, pickLanguage, translate, type Language, type MessageKey } from '@/lib/i18n'

const KEY = 'cc:lang'

interface I18n {
  lang: Language
  setLang(lang: Language): void
  t(key: MessageKey, values?: Record<string, string | number>): string
}

const I18nContext = createContext<I18n | null>(null)

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>('en')
  useEffect(() => {
    const stored = localStorage.getItem(KEY)
    setLangState(isLanguage(stored) ? stored : pickLanguage(navigator.languages ?? [navigator.language]))
  }, [])
  useEffect(() => {
    document.documentElement.lang = lang
  }, [lang])
  const setLang = useCallback((next: Language) => {
    localStorage.setItem(KEY, next)
    setLangState(next)
  }, [])
  const value = useMemo<I18n>(
    () => ({ lang, setLang, t: (key, values) => translate(lang, key, values) }),
    [lang, setLang],
  )
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside LanguageProvider')
  return value
}
