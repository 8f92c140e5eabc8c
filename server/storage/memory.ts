import type { AppendOutcome, BoardInfo, BoardStorage, Capability, StoredBoard, TokenGrant } from './types'
import { StorageError } from './types'

interface MemoryBoard {
  info: BoardInfo
  snapshot: Uint8Array | null
  updates: { id: number; data: Uint8Array }[]
}

/** Storage in process memory: for tests and throw-away demos. Lost when the process ends. */
export class MemoryStorage implements BoardStorage {
  private boards = new Map<string, MemoryBoard>()
  private nextId = 1
  private tokens = new Map<string, TokenGrant & { version: number }>()

  async setTokenHashes(boardId: string, hashes: Partial<Record<Capability, { hash: string; version: number }>>) {
    for (const [capability, { hash, version }] of Object.entries(hashes) as [Capability, { hash: string; version: number }][]) {
      for (const [h, grant] of this.tokens) if (grant.boardId === boardId && grant.capability === capability) this.tokens.delete(h)
      this.tokens.set(hash, { boardId, capability, version })
    }
  }
  async tokenVersions(boardId: string) {
    const versions: Partial<Record<Capability, number>> = {}
    for (const grant of this.tokens.values()) if (grant.boardId === boardId) versions[grant.capability] = grant.version
    return versions
  }
  async findTokenHash(hash: string) {
    const grant = this.tokens.get(hash)
    return grant ? { boardId: grant.boardId, capability: grant.capability } : null
  }

  async createBoard(id: string, initialState: Uint8Array, title: string): Promise<void> {
    if (this.boards.has(id)) throw new StorageError(`board ${id} exists`)
    const now = Date.now()
    this.boards.set(id, { info: { id, title, createdAt: now, updatedAt: now }, snapshot: initialState, updates: [] })
  }
  async hasBoard(id: string) {
    return this.boards.has(id)
  }
  async getBoardInfo(id: string) {
    const b = this.boards.get(id)
    return b ? { ...b.info } : null
  }
  async loadBoard(id: string): Promise<StoredBoard | null> {
    const b = this.boards.get(id)
    if (!b) return null
    return {
      snapshot: b.snapshot,
      updates: b.updates.map((u) => u.data),
      lastUpdateId: b.updates.length ? b.updates[b.updates.length - 1].id : 0,
    }
  }
  async appendUpdates(id: string, updates: Uint8Array[]) {
    const b = this.boards.get(id)
    if (!b) throw new StorageError(`board ${id} does not exist`)
    for (const data of updates) b.updates.push({ id: this.nextId++, data })
    b.info.updatedAt = Date.now()
    return this.nextId - 1
  }
  /** Each board's appends with its own outcome, like SQLite's savepoints (see BoardStorage). */
  async appendMany(batch: { boardId: string; updates: Uint8Array[] }[]): Promise<AppendOutcome[]> {
    const outcomes: AppendOutcome[] = []
    for (const { boardId, updates } of batch) {
      try {
        outcomes.push({ ok: true, lastId: await this.appendUpdates(boardId, updates) })
      } catch (error) {
        outcomes.push({ ok: false, error })
      }
    }
    return outcomes
  }
  async compact(id: string, state: Uint8Array, uptoUpdateId: number) {
    const b = this.boards.get(id)
    if (!b) throw new StorageError(`board ${id} does not exist`)
    b.snapshot = state
    b.updates = b.updates.filter((u) => u.id > uptoUpdateId)
  }
  async setTitle(id: string, title: string) {
    const b = this.boards.get(id)
    if (b) b.info.title = title
  }
  async deleteBoard(id: string) {
    this.boards.delete(id)
    for (const [h, grant] of this.tokens) if (grant.boardId === id) this.tokens.delete(h)
  }
  async pendingUpdateCount(id: string) {
    return this.boards.get(id)?.updates.length ?? 0
  }
  async close() {}
}
