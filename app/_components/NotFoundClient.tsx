'use client'
import { useI18n } from '@/app/_lib/i18n'

export function NotFoundClient() {
  const { t } = useI18n()
  return (
    <main className="cc-page" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </main>
  )
}
