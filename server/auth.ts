/**
 * Capability tokens: facilitate ⊃ edit ⊃ view.
 *
 * The facilitate token is 128 random bits. The edit and view tokens are derived from it
 * (HMAC-SHA256 keyed with the facilitate token, over the capability and a version), so
 * whoever holds the facilitate link can always recover the current edit and view links to
 * share them, and a facilitator rotates a link by bumping its version. The server keeps
 * only SHA-256 hashes of tokens: a leaked database leaks no link, and rotation takes effect
 * at once. Tokens are never logged.
 */
import { createHash, createHmac } from 'node:crypto'
import { randomToken } from '../lib/ids'
import type { BoardStorage, Capability, TokenGrant } from './storage/types'

export const CAPABILITIES: readonly Capability[] = ['view', 'edit', 'facilitate']
export type SharedCapability = 'edit' | 'view'

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** facilitate ⊃ edit ⊃ view */
export function allows(have: Capability, need: Capability): boolean {
  return CAPABILITIES.indexOf(have) >= CAPABILITIES.indexOf(need)
}

export function deriveToken(facilitateToken: string, capability: SharedCapability, version: number): string {
  return createHmac('sha256', facilitateToken).update(`${capability}:${version}`).digest('base64url').slice(0, 22)
}

export type BoardTokens = Record<Capability, string>

/** Makes a board's tokens and stores their hashes. */
export async function issueTokens(storage: BoardStorage, boardId: string): Promise<BoardTokens> {
  const facilitate = randomToken(16)
  const tokens: BoardTokens = { facilitate, edit: deriveToken(facilitate, 'edit', 1), view: deriveToken(facilitate, 'view', 1) }
  await storage.setTokenHashes(boardId, {
    facilitate: { hash: hashToken(tokens.facilitate), version: 1 },
    edit: { hash: hashToken(tokens.edit), version: 1 },
    view: { hash: hashToken(tokens.view), version: 1 },
  })
  return tokens
}

/** The current tokens of a board, recovered from its facilitate token. */
export async function currentTokens(storage: BoardStorage, boardId: string, facilitateToken: string): Promise<BoardTokens> {
  const versions = await storage.tokenVersions(boardId)
  return {
    facilitate: facilitateToken,
    edit: deriveToken(facilitateToken, 'edit', versions.edit ?? 1),
    view: deriveToken(facilitateToken, 'view', versions.view ?? 1),
  }
}

/** Replaces the edit or view token: the old one stops working at once. */
export async function rotateToken(
  storage: BoardStorage,
  boardId: string,
  facilitateToken: string,
  capability: SharedCapability,
): Promise<BoardTokens> {
  const versions = await storage.tokenVersions(boardId)
  const version = (versions[capability] ?? 1) + 1
  await storage.setTokenHashes(boardId, { [capability]: { hash: hashToken(deriveToken(facilitateToken, capability, version)), version } })
  return currentTokens(storage, boardId, facilitateToken)
}

/**
 * The grant of a token for a board: null when the token is missing, malformed, unknown,
 * rotated away, or belongs to another board. The shape is checked before any storage access.
 */
export async function authorise(storage: BoardStorage, boardId: string, token: string | null | undefined): Promise<TokenGrant | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null
  const grant = await storage.findTokenHash(hashToken(token))
  return grant && grant.boardId === boardId ? grant : null
}

/** The token of a request: `Authorization: Bearer <token>`, else `?token=`. */
export function requestToken(headers: Record<string, string | string[] | undefined>, url: URL): string | null {
  const auth = headers['authorization']
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim()
  return url.searchParams.get('token')
}

/** Absolute links for a board's tokens. The token rides in the fragment: no log, no Referer. */
export function boardLinks(base: string, boardId: string, tokens: BoardTokens) {
  return {
    facilitate: `${base}/b/${boardId}#t=${tokens.facilitate}`,
    edit: `${base}/b/${boardId}#t=${tokens.edit}`,
    view: `${base}/b/${boardId}#t=${tokens.view}`,
    present: `${base}/b/${boardId}/present#t=${tokens.facilitate}`,
    join: `${base}/b/${boardId}/join#t=${tokens.edit}`,
  }
}
