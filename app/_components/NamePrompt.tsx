'use client'
import { useState } from 'react'
import { useI18n } from '@/app/_lib/i18n'

/** Asked once per browser: the name others see next to your cursor. */
export function NamePrompt({ onSave }: { onSave(name: string): void }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  return (
    <div className="cc-modal-backdrop">
      <form
        className="cc-modal"
        data-testid="name-prompt"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) onSave(name.trim().slice(0, 60))
        }}
      >
        <h2>{t('name.title')}</h2>
        <p>{t('name.body')}</p>
        <input
          autoFocus
          aria-label={t('name.placeholder')}
          placeholder={t('name.placeholder')}
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!name.trim()}>
          {t('name.save')}
        </button>
      </form>
    </div>
  )
}
