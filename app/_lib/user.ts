/**
 * Who this browser is on boards: an id, a name (asked once) and a colour, kept in
 * localStorage. Presence only: it is never written to a board's document.
 */
import { randomToken } from '@/lib/ids'

const KEY = 'cc:user'

export interface LocalUser {
  id: string
  name: string
  color: string
}

/** Distinct, readable on white, and distinguishable for the common colour-vision deficiencies. */
const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#9c36b5', '#e8590c', '#0c8599', '#c2255c', '#5c940d', '#6741d9', '#087f5b']

export function loadUser(): LocalUser {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null')
    if (stored && typeof stored.id === 'string' && typeof stored.color === 'string') {
      return { id: stored.id, name: typeof stored.name === 'string' ? stored.name : '', color: stored.color }
    }
  } catch {
    // A corrupt entry is replaced below.
  }
  const user = {
    // Not crypto.randomUUID: it exists only in secure contexts, and a phone in a meeting room
    // reaches the laptop's server over plain http (e2e/meeting-room.spec.ts).
    id: randomToken(16),
    name: '',
    color: COLORS[Math.floor(Math.random() * COLORS.length)],
  }
  saveUser(user)
  return user
}

export function saveUser(user: LocalUser): void {
  localStorage.setItem(KEY, JSON.stringify(user))
}
