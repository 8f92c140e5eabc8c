/**
 * Who a presence belongs to. A browser keeps a random key (app/_lib/user.ts) and shows others
 * only its digest: the user id every presence of that browser carries (`presence.userId` is
 * `user:<id>`). Its board sockets hand the server the key itself, in the subprotocol list as
 * the link token is (lib/protocol/linkToken.ts), and the server takes a presence only when the
 * id it claims is the digest of its socket's key (server/room.ts). Everyone on a board sees
 * everyone's id, so an id alone must not be enough to speak as someone: "follow me" names the
 * facilitator by it, and the participants list shows it as one person.
 *
 * SHA-256 from lib0, not Web Crypto: `crypto.subtle` exists only in secure contexts, and a
 * meeting room's server is reached over plain http (e2e/meeting-room.spec.ts).
 */
import { digest } from 'lib0/hash/sha256'
import { base64url, randomToken } from '../ids'
import { offeredAfter } from './linkToken'

const KEY_PREFIX = 'user.'
/** 128 random bits as base64url (randomToken(16)), or more. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{22,64}$/

export function isUserKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_PATTERN.test(value)
}

export function newUserKey(): string {
  return randomToken(16)
}

/** The public id of a key: its SHA-256 as base64url, first 22 characters (132 bits). */
export function userIdOfKey(key: string): string {
  return base64url(digest(new TextEncoder().encode(key))).slice(0, 22)
}

/** The subprotocol that hands a board's socket this key (offered after the link token's). */
export function userKeyProtocol(key: string): string {
  return KEY_PREFIX + key
}

/** The key a Sec-WebSocket-Protocol header offers; null when it offers none, or a malformed one. */
export function userKeyFromProtocols(header: string | string[] | undefined): string | null {
  const key = offeredAfter(header, KEY_PREFIX)
  return isUserKey(key) ? key : null
}
