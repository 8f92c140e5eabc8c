import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { AppendOutcome, BoardInfo, BoardStorage, Capability, StoredBoard, TokenGrant } from './types'
import { StorageError } from './types'
import { WalCheckpointer } from './walCheckpointer'

export interface SqliteOptions {
  /** Directory holding `boards.sqlite`. Created when missing. */
  dataDir: string
  /**
   * `NORMAL` (default) survives a crash or `kill -9` of the server: in WAL mode a committed
   * transaction is in the WAL file, which the OS keeps. `FULL` also survives power loss, at
   * the cost of an fsync per commit.
   */
  synchronous?: 'NORMAL' | 'FULL'
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  snapshot BLOB
);
CREATE TABLE IF NOT EXISTS updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_board ON updates(board_id, id);
CREATE TABLE IF NOT EXISTS tokens (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  capability TEXT NOT NULL CHECK (capability IN ('view', 'edit', 'facilitate')),
  hash TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, capability)
);
`

const TOUCH_EVERY_MS = 1000

/** The default storage: one SQLite file, no set-up. better-sqlite3 is synchronous. */
export class SqliteStorage implements BoardStorage {
  readonly file: string
  private db: Database.Database
  private readonly touchedAt = new Map<string, number>()
  private stmts
  private readonly appendTx: (id: string, updates: Uint8Array[]) => number
  /** Checkpoints the log off the event loop (see walCheckpointer.ts). */
  readonly checkpointer: WalCheckpointer

  constructor(options: SqliteOptions) {
    fs.mkdirSync(options.dataDir, { recursive: true })
    this.file = path.join(options.dataDir, 'boards.sqlite')
    this.db = new Database(this.file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA)
    this.db.pragma('wal_autocheckpoint = 0')
    this.checkpointer = new WalCheckpointer(this.file, () => {
      // Without the thread, SQLite checkpoints inside our commits again (its default).
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000')
    })
    this.stmts = {
      insertBoard: this.db.prepare(
        'INSERT INTO boards (id, title, created_at, updated_at, snapshot) VALUES (?, ?, ?, ?, ?)',
      ),
      hasBoard: this.db.prepare('SELECT 1 FROM boards WHERE id = ?'),
      boardInfo: this.db.prepare(
        'SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM boards WHERE id = ?',
      ),
      snapshot: this.db.prepare('SELECT snapshot FROM boards WHERE id = ?'),
      updates: this.db.prepare('SELECT id, data FROM updates WHERE board_id = ? ORDER BY id'),
      append: this.db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      touch: this.db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?'),
      setSnapshot: this.db.prepare('UPDATE boards SET snapshot = ?, updated_at = ? WHERE id = ?'),
      dropUpdates: this.db.prepare('DELETE FROM updates WHERE board_id = ? AND id <= ?'),
      setTitle: this.db.prepare('UPDATE boards SET title = ?, updated_at = ? WHERE id = ?'),
      deleteBoard: this.db.prepare('DELETE FROM boards WHERE id = ?'),
      countUpdates: this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE board_id = ?'),
      setToken: this.db.prepare(
        'INSERT INTO tokens (board_id, capability, hash, version, created_at) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (board_id, capability) DO UPDATE SET hash = excluded.hash, version = excluded.version, created_at = excluded.created_at',
      ),
      tokenVersions: this.db.prepare('SELECT capability, version FROM tokens WHERE board_id = ?'),
      findToken: this.db.prepare('SELECT board_id AS boardId, capability FROM tokens WHERE hash = ?'),
    }
    /** One board's appends; its own transaction, or a savepoint inside appendMany's. */
    this.appendTx = this.db.transaction((id: string, updates: Uint8Array[]): number => {
      let last = 0
      for (const u of updates) last = Number(this.stmts.append.run(id, Buffer.from(u.buffer, u.byteOffset, u.byteLength)).lastInsertRowid)
      // "Last changed" is for lists of boards: to the second is plenty, and rewriting the
      // board's row on every append would double the pages each append dirties.
      const now = Date.now()
      if (now - (this.touchedAt.get(id) ?? 0) >= TOUCH_EVERY_MS) {
        this.stmts.touch.run(now, id)
        this.touchedAt.set(id, now)
      }
      return last
    })
  }

  private run<T>(what: string, fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn())
    } catch (err) {
      return Promise.reject(new StorageError(`sqlite: ${what} failed: ${(err as Error).message}`, { cause: err }))
    }
  }

  setTokenHashes(boardId: string, hashes: Partial<Record<Capability, { hash: string; version: number }>>): Promise<void> {
    return this.run('setTokenHashes', () =>
      this.db.transaction(() => {
        const now = Date.now()
        for (const [capability, { hash, version }] of Object.entries(hashes)) {
          this.stmts.setToken.run(boardId, capability, hash, version, now)
        }
      })(),
    )
  }

  tokenVersions(boardId: string): Promise<Partial<Record<Capability, number>>> {
    return this.run('tokenVersions', () => {
      const rows = this.stmts.tokenVersions.all(boardId) as { capability: Capability; version: number }[]
      return Object.fromEntries(rows.map((r) => [r.capability, r.version]))
    })
  }

  findTokenHash(hash: string): Promise<TokenGrant | null> {
    return this.run('findTokenHash', () => (this.stmts.findToken.get(hash) as TokenGrant | undefined) ?? null)
  }

  createBoard(id: string, initialState: Uint8Array, title: string): Promise<void> {
    return this.run('createBoard', () => {
      const now = Date.now()
      this.stmts.insertBoard.run(id, title, now, now, Buffer.from(initialState))
    })
  }

  hasBoard(id: string): Promise<boolean> {
    return this.run('hasBoard', () => this.stmts.hasBoard.get(id) !== undefined)
  }

  getBoardInfo(id: string): Promise<BoardInfo | null> {
    return this.run('getBoardInfo', () => (this.stmts.boardInfo.get(id) as BoardInfo | undefined) ?? null)
  }

  loadBoard(id: string): Promise<StoredBoard | null> {
    return this.run('loadBoard', () =>
      this.db.transaction((): StoredBoard | null => {
        const row = this.stmts.snapshot.get(id) as { snapshot: Buffer | null } | undefined
        if (!row) return null
        const rows = this.stmts.updates.all(id) as { id: number; data: Buffer }[]
        return {
          snapshot: row.snapshot ? new Uint8Array(row.snapshot) : null,
          updates: rows.map((r) => new Uint8Array(r.data)),
          lastUpdateId: rows.length ? rows[rows.length - 1].id : 0,
        }
      })(),
    )
  }

  appendUpdates(id: string, updates: Uint8Array[]): Promise<number> {
    return this.run('appendUpdates', () => this.appendTx(id, updates)).finally(() => this.checkpointer.noteCommit())
  }

  /**
   * Every board's appends in one transaction: one commit for all of them (see groupCommit.ts).
   * Each board's part runs in a savepoint (better-sqlite3 nests transactions that way), so a
   * board that fails (deleted meanwhile: its foreign key) is rolled back alone and the others
   * still commit. Should SQLite have rolled back the whole transaction (I/O error, disk
   * full), nothing is stored and every board fails.
   */
  appendMany(batch: { boardId: string; updates: Uint8Array[] }[]): Promise<AppendOutcome[]> {
    return this.run('appendMany', () =>
      this.db.transaction(() => {
        const failed = new Map<string, AppendOutcome>()
        return batch.map(({ boardId, updates }): AppendOutcome => {
          // A board whose earlier part failed stores nothing after it (no gaps in its updates).
          const earlier = failed.get(boardId)
          if (earlier) return earlier
          try {
            return { ok: true, lastId: this.appendTx(boardId, updates) }
          } catch (err) {
            if (!this.db.inTransaction) throw err
            const outcome: AppendOutcome = { ok: false, error: new StorageError(`sqlite: appendUpdates failed: ${(err as Error).message}`, { cause: err }) }
            failed.set(boardId, outcome)
            return outcome
          }
        })
      })(),
    ).finally(() => this.checkpointer.noteCommit())
  }

  compact(id: string, state: Uint8Array, uptoUpdateId: number): Promise<void> {
    return this.run('compact', () =>
      this.db.transaction(() => {
        this.stmts.setSnapshot.run(Buffer.from(state), Date.now(), id)
        this.stmts.dropUpdates.run(id, uptoUpdateId)
      })(),
    ).finally(() => this.checkpointer.noteCommit())
  }

  setTitle(id: string, title: string): Promise<void> {
    return this.run('setTitle', () => void this.stmts.setTitle.run(title, Date.now(), id))
  }

  deleteBoard(id: string): Promise<void> {
    this.touchedAt.delete(id)
    return this.run('deleteBoard', () => void this.stmts.deleteBoard.run(id))
  }

  pendingUpdateCount(id: string): Promise<number> {
    return this.run('pendingUpdateCount', () => (this.stmts.countUpdates.get(id) as { n: number }).n)
  }

  async close(): Promise<void> {
    await this.checkpointer.close()
    return this.run('close', () => void this.db.close())
  }
}
