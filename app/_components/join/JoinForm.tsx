'use client'
/**
 * Joining from a phone: your name, then your organisation as an actor (name, kind, stance,
 * ring, themes) and whom you trust, in a simple form. It lands on the shared board at once,
 * inside its ring, apart from everyone else. The full canvas is one tap away.
 */
import { useEffect, useMemo, useState } from 'react'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { useI18n } from '@/app/_lib/i18n'
import { boardPath, knownBoard, rememberBoard, tokenFromHash } from '@/app/_lib/boards'
import { loadUser, saveUser } from '@/app/_lib/user'
import { ACTOR_KINDS, RINGS, STANCES, type ActorKind, type Ring, type Stance } from '@/lib/analysis/snapshot'
import { allRecords, recordsKV, type StoredRecord } from '@/lib/doc/schema'
import { joinRecords } from '@/lib/board/join'
import { ACTOR_LIMITS, ACTOR_TYPE } from '@/lib/shapes/actor'
import { installJitteredReconnect } from '@/lib/client/reconnect'
import { openBoardProvider } from '@/app/_lib/boardProvider'
import { LanguageSwitch } from '../LanguageSwitch'

const TRUSTS = ['high', 'medium', 'low', 'conflict'] as const

export default function JoinForm({ boardId }: { boardId: string }) {
  const { t } = useI18n()
  const [token, setToken] = useState<string | null>(null)
  const [doc, setDoc] = useState<Y.Doc | null>(null)
  const [synced, setSynced] = useState(false)
  const [version, setVersion] = useState(0)
  const [userName, setUserName] = useState('')
  const [name, setName] = useState('')
  const [kind, setKind] = useState<ActorKind>('organisation')
  const [stance, setStance] = useState<Stance>('supporter')
  const [ring, setRing] = useState<Ring>('ally')
  const [themes, setThemes] = useState('')
  const [trust, setTrust] = useState<Record<string, (typeof TRUSTS)[number]>>({})
  const [done, setDone] = useState<string | null>(null)
  const [awareness, setAwareness] = useState<Awareness | null>(null)
  // The name as saved (remembered, or given with the form): what the participants list shows.
  const [listedName, setListedName] = useState('')

  useEffect(() => {
    const fromHash = tokenFromHash(location.hash) ?? knownBoard(boardId)?.token ?? null
    setToken(fromHash)
    setUserName(loadUser().name)
    setListedName(loadUser().name)
    if (!fromHash) return
    rememberBoard({ id: boardId, title: knownBoard(boardId)?.title ?? '', capability: 'edit', token: fromHash })
    const d = new Y.Doc()
    // A form, not a canvas: nobody's cursor is shown here, and this phone has none; its person
    // is listed among the participants once they have given a name (below).
    const provider = openBoardProvider(boardId, d, fromHash, { presence: false, listed: true })
    setAwareness(provider.awareness)
    const stopReconnect = installJitteredReconnect(provider)
    provider.on('sync', (s: boolean) => s && setSynced(true))
    const bump = () => setVersion((v) => v + 1)
    d.on('update', bump)
    setDoc(d)
    return () => {
      stopReconnect()
      provider.destroy()
      d.destroy()
    }
  }, [boardId])

  useEffect(() => {
    if (!awareness || !listedName) return
    awareness.setLocalState({ user: { name: listedName, color: loadUser().color } })
  }, [awareness, listedName])

  const actors = useMemo(() => {
    if (!doc) return []
    return allRecords(doc)
      .filter((r) => r.typeName === 'shape' && r.type === ACTOR_TYPE)
      .map((r) => ({ id: r.id, name: String((r.props as { name?: string }).name || t('actor.unnamed')) }))
      .sort((a, b) => a.name.localeCompare(b.name))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, version, t])
  const hasRings = useMemo(() => (doc ? allRecords(doc).some((r) => r.type === 'rings') : false), [doc, version])

  if (!token) return <main className="cc-page">{t('link.none')}</main>
  if (!doc || !synced) return <main className="cc-page">{t('join.connecting')}</main>

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!name.trim()) return
    if (userName.trim()) {
      saveUser({ ...loadUser(), name: userName.trim() })
      setListedName(userName.trim())
    }
    const { records } = joinRecords(allRecords(doc) as StoredRecord[], {
      name: name.trim().slice(0, ACTOR_LIMITS.nameLength),
      kind,
      stance,
      ring,
      themes: themes.split(',').map((x) => x.trim()).filter(Boolean).slice(0, ACTOR_LIMITS.themes),
      trust,
    })
    doc.transact(() => {
      recordsKV(doc).setMany(records.map((record) => [record.id, record]))
    })
    setDone(name.trim())
    setName('')
    setThemes('')
    setTrust({})
  }

  return (
    <main className="cc-page cc-join" data-testid="join-page">
      <header className="cc-home__header">
        <h1>{t('join.title')}</h1>
        <LanguageSwitch compact />
      </header>
      {done && (
        <p className="cc-join__done" role="status" data-testid="join-done">
          {t('join.done', { name: done })}
        </p>
      )}
      <form onSubmit={submit} className="cc-join__form">
        <label>
          {t('join.yourName')}
          <input value={userName} onChange={(e) => setUserName(e.target.value)} maxLength={60} data-testid="join-user" autoComplete="name" />
        </label>
        <label>
          {t('join.organisation')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={ACTOR_LIMITS.nameLength} required data-testid="join-name" />
        </label>
        <label>
          {t('inspector.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as ActorKind)} data-testid="join-kind">
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inspector.stance')}
          <select value={stance} onChange={(e) => setStance(e.target.value as Stance)} data-testid="join-stance">
            {STANCES.map((s) => (
              <option key={s} value={s}>
                {t(`stance.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="cc-join__rings">
          <legend>{t('join.ring')}</legend>
          {!hasRings && <p className="cc-muted">{t('join.noRings')}</p>}
          {RINGS.map((r) => (
            <label key={r} className="cc-join__radio">
              <input type="radio" name="ring" value={r} checked={ring === r} onChange={() => setRing(r)} data-testid={`join-ring-${r}`} />
              {t(`ring.${r}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('join.themes')}
          <input value={themes} onChange={(e) => setThemes(e.target.value)} data-testid="join-themes" />
        </label>
        {actors.length > 0 && (
          <fieldset className="cc-join__trust">
            <legend>{t('join.trust')}</legend>
            {actors.map((a) => (
              <label key={a.id} className="cc-join__trustrow">
                <span>{a.name}</span>
                <select
                  value={trust[a.id] ?? ''}
                  data-testid="join-trust"
                  data-actor={a.name}
                  onChange={(e) => {
                    const value = e.target.value as (typeof TRUSTS)[number] | ''
                    setTrust((prev) => {
                      const next = { ...prev }
                      if (value) next[a.id] = value
                      else delete next[a.id]
                      return next
                    })
                  }}
                >
                  <option value="">{t('join.trustSkip')}</option>
                  {TRUSTS.map((level) => (
                    <option key={level} value={level}>
                      {t(`trust.${level}`)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" data-testid="join-submit" disabled={!name.trim()}>
          {t('join.submit')}
        </button>
      </form>
      <p>
        <a href={boardPath(boardId, token)}>{t('join.openCanvas')}</a>
      </p>
    </main>
  )
}
