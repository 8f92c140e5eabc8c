'use client'
/**
 * Who is on the board: name, colour, capability, and whether they follow the facilitator; and
 * how this browser draws their cursors (othersCursors.ts).
 */
import { useEffect, useState } from 'react'
import { useI18n } from '@/app/_lib/i18n'
import { useValue } from 'tldraw'
import { useSessionEnv } from './SessionContext'
import { OTHERS_CURSORS, othersCursors, setOthersCursors, type OthersCursors } from './othersCursors'

interface Person {
  clientId: number
  name: string
  color: string
  capability: string
  following: boolean
  me: boolean
}

export function Participants() {
  const env = useSessionEnv()
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const [people, setPeople] = useState<Person[]>([])
  const cursors = useValue(othersCursors)
  useEffect(() => {
    if (!env) return
    const awareness = env.provider.awareness
    const read = () => {
      const list: Person[] = []
      for (const [clientId, state] of awareness.getStates() as Map<number, any>) {
        if (!state?.user?.name) continue
        list.push({
          clientId,
          name: String(state.user.name),
          color: String(state.user.color ?? '#888'),
          capability: String(state.capability ?? ''),
          following: Boolean(state.presence?.followingUserId),
          me: clientId === awareness.clientID,
        })
      }
      setPeople(list.sort((a, b) => Number(b.me) - Number(a.me) || a.name.localeCompare(b.name, undefined, { numeric: true })))
    }
    read()
    awareness.on('change', read)
    return () => awareness.off('change', read)
  }, [env])
  if (!env) return null
  return (
    <span className="cc-participants">
      <button type="button" className="cc-pill cc-pill--nowrap" data-testid="participants" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('session.participants', { count: people.length })}
      </button>
      {open && (
        <div className="cc-participants__panel">
          <label className="cc-participants__cursors">
            {t('session.cursors')}
            <select data-testid="others-cursors" value={cursors} onChange={(e) => setOthersCursors(e.target.value as OthersCursors)}>
              {OTHERS_CURSORS.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`session.cursors.${choice}`)}
                </option>
              ))}
            </select>
          </label>
          <ul className="cc-participants__list" data-testid="participants-list">
            {people.map((p) => (
              <li key={p.clientId}>
                <span className="cc-dot" style={{ background: p.color }} aria-hidden />
                {p.name}
                {p.me && ` (${t('session.you')})`}
                {p.capability && <span className="cc-muted"> · {t(`capability.${p.capability}` as never)}</span>}
                {p.following && <span className="cc-muted"> · {t('session.followingShort')}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </span>
  )
}
