'use client'
/**
 * The session bar at the top of the board. Everyone sees the timer, the lock and whom they
 * follow; facilitators also get the controls: timer, lock, follow me, bring everyone here,
 * share, present, and the participants list.
 */
import { useEffect, useRef, useState } from 'react'
import { useValue, type TLUserId } from 'tldraw'
import { useI18n } from '@/app/_lib/i18n'
import { boardPath } from '@/app/_lib/boards'
import { SessionKey } from '@/lib/doc/schema'
import type { BringHereState, FollowState } from '@/lib/doc/session'
import { setSession } from './SessionContext'
import { SessionToggle } from './SessionToggle'
import { useSessionValue } from '../board/useDocState'
import { presenceUserId, useSessionEnv } from './SessionContext'
import { ShareDialog } from './ShareDialog'
import { TimerControl } from './Timer'
import { Participants } from './Participants'
import { ExportMenu } from '../board/ExportMenu'

/** A "bring everyone here" older than this when it reaches a page is not acted on. */
const BRING_HERE_NEWS_MS = 30_000

export function SessionBar() {
  const env = useSessionEnv()
  const { t } = useI18n()
  const [sharing, setSharing] = useState(false)
  const [steppedOut, setSteppedOut] = useState(false)
  // On a phone the facilitator's controls fold away behind one button (they covered the board).
  const [controlsOpen, setControlsOpen] = useState(false)
  const doc = env?.doc ?? null
  const locked = useSessionValue(doc, SessionKey.lock, false)
  const follow = useSessionValue<FollowState>(doc, SessionKey.follow, null)
  const bringHere = useSessionValue<BringHereState>(doc, 'bringHere', null)
  const hidesTrust = useSessionValue(doc, SessionKey.presentHidesTrust, false)
  const editor = env?.editor
  const myUserId = env ? presenceUserId(env.user) : ''
  const followingId = useValue('following', () => editor?.getInstanceState().followingUserId ?? null, [editor])
  const isLeader = follow?.userId === myUserId
  const shouldFollow = follow && !isLeader && !steppedOut

  // Follow the facilitator's view while "follow me" is on, unless this person stepped out.
  useEffect(() => {
    if (!editor || !follow || isLeader) return
    if (shouldFollow && followingId !== follow.userId) {
      const present = editor.getCollaborators().some((c) => c.userId === follow.userId)
      if (present) editor.startFollowingUser(follow.userId as TLUserId)
    }
  }, [editor, follow, isLeader, shouldFollow, followingId])
  // tldraw stops following when the person moves the camera themselves: that is stepping out.
  useEffect(() => {
    if (follow && !isLeader && followingId === null && !steppedOut && editor?.getCollaborators().some((c) => c.userId === follow.userId)) {
      const timer = setTimeout(() => setSteppedOut(editor.getInstanceState().followingUserId === null), 300)
      return () => clearTimeout(timer)
    }
  }, [followingId, follow, isLeader, steppedOut, editor])
  useEffect(() => {
    if (!follow) setSteppedOut(false)
  }, [follow])
  // "Bring everyone here": once, to the facilitator's view at that moment, edge to edge (no
  // padding: each press used to zoom everyone out a little further). The request already there
  // when this page opened is not news, nor one older than BRING_HERE_NEWS_MS (it can arrive
  // after the page opened, from the server behind a cached copy); the one this page made is
  // not news to it either.
  const seenSeq = useRef<number | undefined>(undefined)
  if (seenSeq.current === undefined && editor) seenSeq.current = bringHere?.seq ?? -1
  const clockOffset = env?.clockOffset ?? 0
  useEffect(() => {
    if (!editor || !bringHere || bringHere.seq === seenSeq.current) return
    seenSeq.current = bringHere.seq
    if (bringHere.at === undefined || Date.now() + clockOffset - bringHere.at > BRING_HERE_NEWS_MS) return
    editor.zoomToBounds({ x: bringHere.x, y: bringHere.y, w: bringHere.w, h: bringHere.h } as never, { inset: 0, animation: { duration: 400 } })
  }, [editor, bringHere, clockOffset])

  if (!env || !doc || !editor) return null
  const canFacilitate = env.capability === 'facilitate'
  return (
    <div className="cc-sessionbar" data-testid="session-bar" onKeyDown={(e) => e.stopPropagation()}>
      <TimerControl doc={doc} clockOffset={env.clockOffset} canFacilitate={canFacilitate} />
      {locked && !canFacilitate && (
        <span className="cc-pill cc-pill--warn" data-testid="locked-banner">
          🔒 {t('session.locked')}
        </span>
      )}
      {follow && !isLeader && (
        <span className="cc-pill" data-testid="follow-banner" data-following={String(!steppedOut)}>
          {steppedOut ? (
            <button type="button" data-testid="follow-again" onClick={() => setSteppedOut(false)}>
              {t('session.followAgain', { name: follow.name })}
            </button>
          ) : (
            <>
              {t('session.following', { name: follow.name })}{' '}
              <button
                type="button"
                data-testid="step-out"
                onClick={() => {
                  setSteppedOut(true)
                  editor.stopFollowingUser()
                }}
              >
                {t('session.stepOut')}
              </button>
            </>
          )}
        </span>
      )}
      {canFacilitate && (
        <>
          <button
            type="button"
            className="cc-pill cc-sessionbar__more"
            aria-expanded={controlsOpen}
            data-testid="session-controls"
            onClick={() => setControlsOpen(!controlsOpen)}
          >
            {t('session.controls')} {controlsOpen ? '▴' : '▾'}
          </button>
          <div className="cc-sessionbar__controls" data-open={controlsOpen}>
            <SessionToggle doc={doc} sessionKey={SessionKey.lock} checked={locked} testId="lock-toggle" className="cc-pill">
              {locked ? t('session.unlock') : t('session.lock')}
            </SessionToggle>
            <label className="cc-pill">
              <input
                type="checkbox"
                checked={isLeader}
                data-testid="follow-me"
                onChange={(e) => setSession(doc, SessionKey.follow, e.target.checked ? { userId: myUserId, name: env.user.name } : null)}
              />
              {t('session.followMe')}
            </label>
            <button
              type="button"
              className="cc-pill"
              data-testid="bring-here"
              onClick={() => {
                const b = editor.getViewportPageBounds()
                const seq = (bringHere?.seq ?? 0) + 1
                seenSeq.current = seq
                setSession(doc, 'bringHere', { seq, x: b.x, y: b.y, w: b.w, h: b.h, at: Date.now() + env.clockOffset })
              }}
            >
              {t('session.bringHere')}
            </button>
            <button type="button" className="cc-pill" data-testid="share" onClick={() => setSharing(true)}>
              {t('session.share')}
            </button>
            <SessionToggle doc={doc} sessionKey={SessionKey.presentHidesTrust} checked={hidesTrust} testId="present-hides-trust" className="cc-pill">
              {t('session.hideTrust')}
            </SessionToggle>
            <a className="cc-pill" data-testid="present-link" href={boardPath(env.boardId, env.token, '/present')} target="_blank" rel="noreferrer">
              {t('session.present')}
            </a>
          </div>
        </>
      )}
      <ExportMenu boardId={env.boardId} token={env.token} canEdit={env.capability !== 'view'} />
      <Participants />
      {sharing && <ShareDialog boardId={env.boardId} token={env.token} onClose={() => setSharing(false)} />}
    </div>
  )
}
