'use client'
/**
 * The boards this browser created or joined, newest first, with title, last change and
 * capability. Facilitators can rename, duplicate and delete (after asking).
 */
import { useEffect, useState } from 'react'
import { useI18n } from '@/app/_lib/i18n'
import { boardPath, forgetBoard, listBoards, rememberBoard, type KnownBoard } from '@/app/_lib/boards'

async function call(path: string, token: string, init: RequestInit = {}) {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })
  if (!res.ok && res.status !== 204) throw new Error((await res.json().catch(() => ({})))?.error?.message ?? res.statusText)
  return res.status === 204 ? null : res.json()
}

export function MyBoards() {
  const { t, lang } = useI18n()
  const [boards, setBoards] = useState<KnownBoard[]>([])
  const [error, setError] = useState<string | null>(null)
  const refresh = () => setBoards(listBoards().sort((a, b) => b.lastOpened - a.lastOpened))
  useEffect(refresh, [])
  const act = (fn: () => Promise<void>) => fn().then(refresh, (e) => setError(String(e.message)))
  return (
    <section className="cc-myboards" data-testid="my-boards">
      <h2>{t('home.myBoards')}</h2>
      {error && <p className="cc-error">{error}</p>}
      {boards.length === 0 ? (
        <p className="cc-muted">{t('home.noBoards')}</p>
      ) : (
        <ul>
          {boards.map((b) => (
            <li key={b.id} className="cc-myboards__item" data-testid="my-board">
              <a href={boardPath(b.id, b.token)} className="cc-myboards__title">
                {b.title || b.id}
              </a>
              <span className="cc-muted">
                {t(`capability.${b.capability}`)}
                {b.updatedAt ? ` · ${t('home.lastChange', { date: new Date(b.updatedAt).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') })}` : ''}
              </span>
              {b.capability === 'facilitate' && (
                <span className="cc-myboards__actions">
                  <button
                    type="button"
                    className="cc-button--secondary"
                    onClick={() => {
                      const title = prompt(t('home.newTitle'), b.title)?.trim()
                      if (title)
                        act(async () => {
                          await call(`/api/boards/${b.id}`, b.token, { method: 'PATCH', body: JSON.stringify({ title }) })
                          rememberBoard({ ...b, title })
                        })
                    }}
                  >
                    {t('home.rename')}
                  </button>
                  <button
                    type="button"
                    className="cc-button--secondary"
                    onClick={() =>
                      act(async () => {
                        const copy = await call(`/api/boards/${b.id}/duplicate`, b.token, { method: 'POST' })
                        rememberBoard({ id: copy.id, title: copy.title, capability: 'facilitate', token: copy.tokens.facilitate })
                      })
                    }
                  >
                    {t('home.duplicate')}
                  </button>
                  <button
                    type="button"
                    className="cc-button--danger"
                    onClick={() => {
                      if (!confirm(t('home.deleteConfirm', { title: b.title }))) return
                      act(async () => {
                        await call(`/api/boards/${b.id}`, b.token, { method: 'DELETE' })
                        forgetBoard(b.id)
                      })
                    }}
                  >
                    {t('home.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
