/**
 * Board ids: 128 random bits, base64url without padding (22 characters).
 * Validated before any storage access so a crafted id never reaches a query or a path.
 */
const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

export function isBoardId(value: unknown): value is string {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value)
}

/** 16 random bytes as base64url: works in Node and in browsers (Web Crypto). */
export function newBoardId(): string {
  return randomToken(16)
}

export function randomToken(bytes: number): string {
  const buf = new Uint8Array(bytes)
  globalThis.crypto.getRandomValues(buf)
  return base64url(buf)
}

/** Bytes as base64url without padding, in Node and in browsers. */
export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
