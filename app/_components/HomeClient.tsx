'use client'
import { useState } from 'react'
import { useRouter } from 'next/navigation'
import { useI18n } from '@/app/_lib/i18n'
import { LanguageSwitch } from './LanguageSwitch'
import { MyBoards } from './MyBoards'
import { rememberBoard } from '@/app/_lib/boards'

type Template = 'coalition' | 'blank' | 'example'

export function HomeClient() {
  const { t } = useI18n()
  const router = useRouter()
  const [template, setTemplate] = useState<Template>('coalition')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function createBoard() {
    setBusy(true)
    setError(null)
    try {
      const res = await fetch('/api/boards', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template }),
      })
      const body = await res.json()
      if (!res.ok) throw new Error(body?.error?.message ?? res.statusText)
      rememberBoard({ id: body.id, title: '', capability: 'facilitate', token: body.tokens.facilitate })
      router.push(body.url)
    } catch (err) {
      setError(t('home.createFailed', { error: (err as Error).message }))
      setBusy(false)
    }
  }

  return (
    <main className="cc-page cc-home">
      <header className="cc-home__header">
        <h1>{t('app.name')}</h1>
        <LanguageSwitch />
      </header>
      <p className="cc-home__tagline">{t('app.tagline')}</p>
      <div className="cc-home__create">
        <label>
          {t('home.template')}{' '}
          <select value={template} onChange={(e) => setTemplate(e.target.value as Template)} data-testid="template">
            <option value="coalition">{t('home.template.coalition')}</option>
            <option value="blank">{t('home.template.blank')}</option>
            <option value="example">{t('home.template.example')}</option>
          </select>
        </label>
        <button type="button" onClick={createBoard} disabled={busy} data-testid="new-board">
          {busy ? t('home.creating') : t('home.newBoard')}
        </button>
      </div>
      <label className="cc-home__import">
        {t('home.import')}{' '}
        <input
          type="file"
          accept=".xlsx,.csv,.zip,.json"
          data-testid="home-import"
          onChange={async (e) => {
            const file = e.target.files?.[0]
            if (!file) return
            setError(null)
            const res = await fetch('/api/boards/import', {
              method: 'POST',
              headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
              body: file,
            })
            const body = await res.json().catch(() => ({}))
            if (!res.ok) return setError(t('import.failed', { error: body?.error?.message ?? res.statusText }))
            rememberBoard({ id: body.id, title: file.name, capability: 'facilitate', token: body.tokens.facilitate })
            router.push(body.url)
          }}
        />
      </label>
      {error && (
        <p role="alert" className="cc-error">
          {error}
        </p>
      )}
      <MyBoards />
    </main>
  )
}
