'use client'
/**
 * The session timer everyone sees, counted on the server's clock; facilitators start,
 * pause, add a minute and reset it. At zero it flashes and beeps once (a tone made in the
 * browser, no sound file).
 */
import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { useI18n } from '@/app/_lib/i18n'
import { SessionKey } from '@/lib/doc/schema'
import { timerRemaining, type TimerState } from '@/lib/doc/session'
import { setSession } from './SessionContext'
import { useSessionValue } from '../board/useDocState'

export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000)
  const m = Math.floor(total / 60)
  const s = total % 60
  return `${m}:${String(s).padStart(2, '0')}`
}

function beep(): void {
  try {
    const ctx = new AudioContext()
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.frequency.value = 880
    gain.gain.setValueAtTime(0.2, ctx.currentTime)
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.8)
    osc.connect(gain).connect(ctx.destination)
    osc.start()
    osc.stop(ctx.currentTime + 0.8)
  } catch {
    // No audio (or not allowed yet): the visual signal is enough.
  }
}

export function useTimer(doc: Y.Doc, clockOffset: number) {
  const timer = useSessionValue<TimerState | null>(doc, SessionKey.timer, null)
  const [now, setNow] = useState(() => Date.now() + clockOffset)
  useEffect(() => {
    if (timer?.status !== 'running') return
    const id = setInterval(() => setNow(Date.now() + clockOffset), 250)
    return () => clearInterval(id)
  }, [timer?.status, clockOffset])
  const remaining = timerRemaining(timer, timer?.status === 'running' ? now : 0)
  return { timer, remaining, now }
}

export function TimerControl({ doc, clockOffset, canFacilitate, large = false }: { doc: Y.Doc; clockOffset: number; canFacilitate: boolean; large?: boolean }) {
  const { t } = useI18n()
  const { timer, remaining } = useTimer(doc, clockOffset)
  const [minutes, setMinutes] = useState(10)
  const done = timer !== null && timer.durationMs > 0 && remaining === 0
  const signalled = useRef(false)
  useEffect(() => {
    if (done && timer?.status === 'running' && !signalled.current) {
      signalled.current = true
      beep()
    }
    if (!done) signalled.current = false
  }, [done, timer?.status])
  const serverNow = () => Date.now() + clockOffset
  const set = (next: TimerState) => setSession(doc, SessionKey.timer, next)
  const start = (ms: number) => set({ status: 'running', durationMs: ms, endsAt: Math.round(serverNow() + ms), remainingMs: ms })
  // Nothing to show a participant before a timer runs (an empty pill in their top bar).
  if ((!timer || timer.status === 'idle') && !canFacilitate) return null
  return (
    <div className={`cc-timer ${done ? 'cc-timer--done' : ''} ${large ? 'cc-timer--large' : ''}`} data-testid="timer" data-status={timer?.status ?? 'none'}>
      {timer && timer.status !== 'idle' && (
        <span className="cc-timer__time" data-testid="timer-time" aria-live="off">
          {done ? t('session.timeUp') : formatRemaining(remaining)}
        </span>
      )}
      {canFacilitate && !large && (
        <span className="cc-timer__controls">
          {(!timer || timer.status === 'idle') && (
            <>
              <input
                type="number"
                min={1}
                max={240}
                value={minutes}
                aria-label={t('session.minutes')}
                data-testid="timer-minutes"
                onChange={(e) => setMinutes(Math.max(1, Math.min(240, Number(e.target.value) || 1)))}
              />
              <button type="button" data-testid="timer-start" onClick={() => start(minutes * 60_000)}>
                {t('session.start')}
              </button>
            </>
          )}
          {timer?.status === 'running' && (
            <button type="button" data-testid="timer-pause" onClick={() => set({ ...timer, status: 'paused', endsAt: undefined, remainingMs: Math.round(remaining) })}>
              {t('session.pause')}
            </button>
          )}
          {timer?.status === 'paused' && (
            <button type="button" data-testid="timer-resume" onClick={() => set({ ...timer, status: 'running', endsAt: Math.round(serverNow() + timer.remainingMs) })}>
              {t('session.resume')}
            </button>
          )}
          {timer && timer.status !== 'idle' && (
            <>
              <button
                type="button"
                data-testid="timer-add"
                onClick={() =>
                  timer.status === 'running'
                    ? set({ ...timer, endsAt: Math.max(serverNow(), timer.endsAt ?? 0) + 60_000, durationMs: timer.durationMs + 60_000 })
                    : set({ ...timer, remainingMs: timer.remainingMs + 60_000, durationMs: timer.durationMs + 60_000 })
                }
              >
                {t('session.addMinute')}
              </button>
              <button type="button" data-testid="timer-reset" onClick={() => set({ status: 'idle', durationMs: 0, remainingMs: 0 })}>
                {t('session.reset')}
              </button>
            </>
          )}
        </span>
      )}
    </div>
  )
}
