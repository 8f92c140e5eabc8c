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

export const boardInfo = (id: string, token: string) => call<BoardInfo>(`/api/boards/${id}`, token)
export const boardLinks = (id: string, token: string) => call<{ links: BoardLinks }>(`/api/boards/${id}/links`, token)
export const rotateLink = (id: string, token: string, capability: 'edit' | 'view') =>
  call<{ links: BoardLinks }>(`/api/boards/${id}/links/${capability}/rotate`, token, { method: 'POST' })
