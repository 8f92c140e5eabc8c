/** The board API from the browser; the link's token goes in the Authorization header. */
import type { Capability } from './boards'

export interface BoardInfo {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  capability: Capability
  serverTime: number
}

export interface BoardLinks {
  facilitate: string
  edit: string
  view: string
  present: string
  join: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function call<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) throw new ApiError(res.status, body?.error?.message ?? res.statusText)
  return body as T
}

const boardInfo = (id: string, token: string) => call<BoardInfo>(`/api/boards/${id}`, token)

/** A board's info, and serverTime − Date.now() as measured when it arrived. */
export interface TimedBoardInfo {
  info: BoardInfo
  clockOffset: number
}

/**
 * boardInfo with the clock offset taken on arrival (half the round trip counted as the
 * server's answer travelling back): the caller may read it much later, as the board page does
 * with the request it starts before the editor's code runs.
 */
export async function timedBoardInfo(id: string, token: string): Promise<TimedBoardInfo> {
  const started = Date.now()
  const info = await boardInfo(id, token)
  const arrived = Date.now()
  return { info, clockOffset: info.serverTime + (arrived - started) / 2 - arrived }
}

export const boardLinks = (id: string, token: string) => call<{ links: BoardLinks }>(`/api/boards/${id}/links`, token)
export const rotateLink = (id: string, token: string, capability: 'edit' | 'view') =>
  call<{ links: BoardLinks }>(`/api/boards/${id}/links/${capability}/rotate`, token, { method: 'POST' })
