'use client'
/**
 * Which link this browser opened the board with: the token from the page's fragment (or the
 * one remembered for this board), and what it allows, as the server says. Offline, the
 * remembered capability stands in until the server can be asked, which the page keeps trying.
 */
import { useEffect, useState } from 'react'
import { ApiError, timedBoardInfo } from '@/app/_lib/api'
import { knownBoard, rememberBoard, tokenFromHash, type Capability } from '@/app/_lib/boards'
import type { MessageKey } from '@/lib/i18n'
import { linkToken, takeEarlyInfo } from './boardLink'

/** Asking the server what the link allows again after a failure: 1 s, 2 s, 4 s, … at most 10 s. */
const RETRY_FIRST_MS = 1000
const RETRY_MAX_MS = 10_000

export interface BoardAccess {
  token: string | null
  capability: Capability | null
  title: string
  /** serverTime − Date.now(), so timers agree across devices. */
  clockOffset: number
  /** No token; a token the server refuses; a board the server does not have (deleted). */
  error: 'no-link' | 'invalid-link' | 'no-board' | null
}

/** What a page says instead of the board, for each error. */
export const LINK_ERROR_TEXT = {
  'no-link': 'link.none',
  'invalid-link': 'link.invalid',
  'no-board': 'link.noBoard',
} as const satisfies Record<NonNullable<BoardAccess['error']>, MessageKey>

/**
 * `hideLink`: once the link's token is remembered in this browser, take it out of the address
 * bar. For the present view: on a projector the address bar showed everyone the facilitator's
 * link. A reload still opens the board with the remembered token.
 */
export function useBoardAccess(boardId: string, { hideLink = false }: { hideLink?: boolean } = {}): BoardAccess {
  const [access, setAccess] = useState<BoardAccess>({ token: null, capability: null, title: '', clockOffset: 0, error: null })
  useEffect(() => {
    const known = knownBoard(boardId)
    const token = linkToken(boardId)
    if (!token) {
      setAccess((a) => ({ ...a, error: 'no-link' }))
      return
    }
    setAccess((a) => ({ ...a, token, capability: known && known.token === token ? known.capability : a.capability }))
    let cancelled = false
    let retry: ReturnType<typeof setTimeout> | undefined
    const ask = (attempt: number) => {
      // The board page asked already, with its socket (openLinkEarly); only the first time.
      const asked = (attempt === 0 && takeEarlyInfo(boardId, token)) || timedBoardInfo(boardId, token)
      asked
        .then(({ info, clockOffset }) => {
          if (cancelled) return
          rememberBoard({ id: boardId, title: info.title, capability: info.capability, token, updatedAt: info.updatedAt })
          if (hideLink && tokenFromHash(location.hash)) history.replaceState(history.state, '', location.pathname + location.search)
          setAccess({
            token,
            capability: info.capability,
            title: info.title,
            clockOffset,
            error: null,
          })
        })
        .catch((err) => {
          if (cancelled) return
          if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return setAccess((a) => ({ ...a, error: 'invalid-link' }))
          // Deleted: asking again would never get another answer.
          if (err instanceof ApiError && err.status === 404) return setAccess((a) => ({ ...a, error: 'no-board' }))
          // Offline or a server in trouble: keep what this browser remembers, and ask again
          // (without an answer a first visit would stay read-only, its tools hidden, for good).
          if (known) setAccess((a) => ({ ...a, capability: known.capability, title: known.title }))
          retry = setTimeout(() => ask(attempt + 1), Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt))
        })
    }
    ask(0)
    return () => {
      cancelled = true
      clearTimeout(retry)
    }
  }, [boardId, hideLink])
  return access
}
