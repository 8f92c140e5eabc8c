/**
 * The board's records this browser changed while it was not in sync with the server, kept
 * across reloads: the badge's "N pending edits". A record is one card, tie, sticky or
 * drawing, so typing a card's name offline counts as one edit, not one per keystroke (it
 * counted Yjs transactions: two cards added offline read "29 pending edits").
 */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Beyond this many records only the count is kept: a paste of thousands while offline. */
const MAX_KEPT_IDS = 5_000

export class PendingEdits {
  private ids = new Set<string>()
  /** Edits known only by number: from a stored list cut at MAX_KEPT_IDS, or an older page's count. */
  private uncounted = 0

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
  ) {
    const stored = storage.getItem(key)
    if (!stored) return
    try {
      const parsed: unknown = JSON.parse(stored)
      if (typeof parsed === 'number' && Number.isInteger(parsed) && parsed > 0) this.uncounted = parsed
      else if (isStoredList(parsed)) {
        this.ids = new Set(parsed.ids)
        this.uncounted = parsed.more
      }
    } catch {
      // Not ours to read: start from nothing.
    }
  }

  get count(): number {
    return this.ids.size + this.uncounted
  }

  /** Counts these records as changed and not yet sent; true when the count changed. */
  add(ids: Iterable<string>): boolean {
    const before = this.count
    for (const id of ids) {
      if (this.ids.size < MAX_KEPT_IDS) this.ids.add(id)
      else if (!this.ids.has(id)) this.uncounted++
    }
    if (this.count === before) return false
    this.storage.setItem(this.key, JSON.stringify({ ids: [...this.ids], more: this.uncounted }))
    return true
  }

  /** The server has them all (synced). */
  clear(): void {
    this.ids.clear()
    this.uncounted = 0
    this.storage.removeItem(this.key)
  }
}

function isStoredList(x: unknown): x is { ids: string[]; more: number } {
  if (typeof x !== 'object' || x === null) return false
  const { ids, more } = x as { ids?: unknown; more?: unknown }
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') && typeof more === 'number' && Number.isInteger(more) && more >= 0
}
