/**
 * Where boards live. A small interface so SQLite (default), memory (tests) and later
 * PostgreSQL can sit behind it. Every method may be asynchronous; the room awaits an append
 * before it lets anyone else see the update, so an implementation must only resolve once the
 * data would survive the server process being killed.
 */
export interface StoredBoard {
  /** The compacted state (a Yjs update), or null when never compacted. */
  snapshot: Uint8Array | null
  /** Updates appended after the snapshot, oldest first. */
  updates: Uint8Array[]
  /** Position of the last update returned; pass it to `compact` to drop what it covers. */
  lastUpdateId: number
}

/** What became of one board's part of `appendMany`: its last update id, or why it failed. */
export type AppendOutcome = { ok: true; lastId: number } | { ok: false; error: unknown }

export interface BoardInfo {
  id: string
  title: string
  createdAt: number
  updatedAt: number
}

export type Capability = 'view' | 'edit' | 'facilitate'

/** A capability token as stored: only its hash, never the token itself. */
export interface TokenGrant {
  boardId: string
  capability: Capability
}

export interface BoardStorage {
  /** Stores the hashes of a board's tokens (and their versions), replacing any for the same capabilities. */
  setTokenHashes(boardId: string, hashes: Partial<Record<Capability, { hash: string; version: number }>>): Promise<void>
  /** The current version of each capability's token of a board. */
  tokenVersions(boardId: string): Promise<Partial<Record<Capability, number>>>
  /** The board and capability of a token hash, or null when unknown or rotated away. */
  findTokenHash(hash: string): Promise<TokenGrant | null>
  /** Creates a board with its initial document. Fails if the id exists. */
  createBoard(id: string, initialState: Uint8Array, title: string): Promise<void>
  /** Whether a board exists (and is not deleted). */
  hasBoard(id: string): Promise<boolean>
  getBoardInfo(id: string): Promise<BoardInfo | null>
  /** The stored state of a board, or null when it does not exist. */
  loadBoard(id: string): Promise<StoredBoard | null>
  /** Appends updates durably, in order. Resolves once they survive a process crash. */
  appendUpdates(id: string, updates: Uint8Array[]): Promise<number>
  /**
   * Several boards' appends in one durable write (one commit), each board's updates in order
   * (see groupCommit.ts). One board's failure must not fail the others: each gets its own
   * outcome. Rejects only when nothing was stored. Optional: without it, appendUpdates is
   * called per board.
   */
  appendMany?(batch: { boardId: string; updates: Uint8Array[] }[]): Promise<AppendOutcome[]>
  /**
   * Replaces the snapshot with `state` and drops updates up to `uptoUpdateId`, atomically.
   * `state` must already contain everything those updates contain.
   */
  compact(id: string, state: Uint8Array, uptoUpdateId: number): Promise<void>
  setTitle(id: string, title: string): Promise<void>
  deleteBoard(id: string): Promise<void>
  /** Number of updates stored since the last compaction (for scheduling compaction). */
  pendingUpdateCount(id: string): Promise<number>
  close(): Promise<void>
}

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StorageError'
  }
}
