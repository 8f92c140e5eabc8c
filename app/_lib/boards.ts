/**
 * "My boards": the boards this browser created or joined, with their links, kept in
 * localStorage (nothing about them is stored on the server per person).
 */
export type Capability = 'view' | 'edit' | 'facilitate'

export interface KnownBoard {
  id: string
  title: string
  capability: Capability
  token: string
  lastOpened: number
  /** Last change known to this browser (server time). */
  updatedAt?: number
}

const KEY = 'cc:boards'

export function listBoards(): KnownBoard[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(list) ? list.filter((b) => b && typeof b.id === 'string' && typeof b.token === 'string') : []
  } catch {
    return []
  }
}

export function knownBoard(id: string): KnownBoard | undefined {
  return listBoards().find((b) => b.id === id)
}

/** Remembers a board; a stronger link replaces a weaker one, never the other way round. */
export function rememberBoard(entry: Omit<KnownBoard, 'lastOpened'> & { lastOpened?: number }): void {
  const rank = { view: 0, edit: 1, facilitate: 2 }
  const boards = listBoards()
  const existing = boards.find((b) => b.id === entry.id)
  const keepOld = existing && rank[existing.capability] > rank[entry.capability]
  const next: KnownBoard = {
    ...(existing ?? {}),
    ...entry,
    capability: keepOld ? existing!.capability : entry.capability,
    token: keepOld ? existing!.token : entry.token,
    lastOpened: entry.lastOpened ?? Date.now(),
  }
  localStorage.setItem(KEY, JSON.stringify([next, ...boards.filter((b) => b.id !== entry.id)]))
}

export function forgetBoard(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(listBoards().filter((b) => b.id !== id)))
}

/** The token in the page's fragment (`#t=...`), if any. */
export function tokenFromHash(hash: string): string | null {
  const match = /(?:^#|&)t=([A-Za-z0-9_-]{22,64})/.exec(hash)
  return match ? match[1] : null
}

export function boardPath(id: string, token: string, page: '' | '/present' | '/join' = ''): string {
  return `/b/${id}${page}#t=${token}`
}

/** Where this page's boards are synced: `/yjs/<boardId>` on our own origin (y-websocket adds the id). */
export function boardSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`
}
