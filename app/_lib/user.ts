/**
 * Who this browser is on boards: a key, the id it proves (lib/protocol/userKey.ts), a name
 * (asked once) and a colour, kept in localStorage. Presence only: never written to a board's
 * document. Others see the id and the name; the key only ever goes to our server, with the
 * board's socket.
 */
import { isUserKey, newUserKey, userIdOfKey } from '@/lib/protocol/userKey'

const KEY = 'cc:user'

export interface LocalUser {
  /** Public: what presences carry (`user:<id>`) and "follow me" names. */
  id: string
  /** Private: proves `id` to the server (see lib/protocol/userKey.ts). */
  key: string
  name: string
  color: string
}

/** Distinct, readable on white, and distinguishable for the common colour-vision deficiencies. */
const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#9c36b5', '#e8590c', '#0c8599', '#c2255c', '#5c940d', '#6741d9', '#087f5b']

/**
 * This page's user once read: its socket and its presence must use the same key even when
 * another tab, opened at the same moment on a first visit, stores a key of its own.
 */
let current: LocalUser | null = null

export function loadUser(): LocalUser {
  if (current) return current
  let stored: Partial<Record<keyof LocalUser, unknown>> | null = null
  try {
    stored = JSON.parse(localStorage.getItem(KEY) ?? 'null')
  } catch {
    // A corrupt entry is replaced below.
  }
  const name = typeof stored?.name === 'string' ? stored.name : ''
  const color = typeof stored?.color === 'string' ? stored.color : COLORS[Math.floor(Math.random() * COLORS.length)]
  if (stored && isUserKey(stored.key) && stored.id === userIdOfKey(stored.key)) {
    current = { id: stored.id, key: stored.key, name, color }
    return current
  }
  // A first visit, or a user kept before ids were proven by a key: a new id, the name kept.
  const key = newUserKey()
  const user = { id: userIdOfKey(key), key, name, color }
  saveUser(user)
  return user
}

export function saveUser(user: LocalUser): void {
  current = user
  localStorage.setItem(KEY, JSON.stringify(user))
}
