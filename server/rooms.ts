/**
 * The loaded boards. A board is loaded when its first connection arrives and unloaded
 * (stored, compacted, released) a while after its last connection leaves. Concurrent
 * arrivals share one load; an arrival during an unload waits for it, then loads afresh.
 */
import type { Logger } from 'pino'
import { Room, type RoomOptions } from './room'
import type { BoardStorage } from './storage/types'
import { GroupCommit } from './storage/groupCommit'

export interface RoomsOptions extends RoomOptions {
  /** How long an empty room stays loaded, in ms. */
  idleUnloadMs: number
  /** Runs when a room is loaded (the analyser peer starts here); returns its clean-up. */
  onLoaded?: (room: Room) => () => void
  /** Boards loaded at once; past it the least recently used empty board is unloaded. */
  maxLoaded?: number
}

/** Given a board's stored pieces before its room is made of them (Rooms.onStored). */
export type StoredListener = (state: Uint8Array[]) => Promise<void> | void

/**
 * Longest a room waits for its stored listeners (a newcomer's first answer being written)
 * before its document is made: the answer's bytes go out while the event loop is free, but
 * a reader that does not read must not hold the board back from everyone else.
 */
export const STORED_LISTENERS_WAIT_MS = 500

export class Rooms {
  private readonly loaded = new Map<string, Room>()
  private readonly storedListeners = new Map<string, Set<StoredListener>>()
  private readonly loading = new Map<string, Promise<Room | null>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  private readonly cleanups = new Map<Room, () => void>()
  /** Every room's appends of one event-loop turn go to storage in one commit. */
  readonly groupCommit: GroupCommit

  constructor(
    private readonly storage: BoardStorage,
    private readonly log: Logger,
    private readonly options: RoomsOptions,
  ) {
    this.groupCommit = options.groupCommit ?? new GroupCommit(storage)
  }

  /** The loaded room of a board, loading it if needed; null when the board does not exist. */
  async open(id: string): Promise<Room | null> {
    this.cancelIdle(id)
    const existing = this.loaded.get(id)
    if (existing) return existing
    const pendingUnload = this.unloading.get(id)
    if (pendingUnload) await pendingUnload
    const again = this.loaded.get(id)
    if (again) return again
    let loading = this.loading.get(id)
    if (!loading && this.options.maxLoaded && this.loaded.size >= this.options.maxLoaded) {
      const idle = [...this.loaded.values()].filter((r) => r.size === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0]
      if (!idle) throw new Error('too many boards loaded')
      await this.unload(idle)
    }
    if (!loading) {
      loading = Room.load(id, this.storage, this.log, { ...this.options, groupCommit: this.groupCommit }, (state) => this.announceStored(id, state))
        .then((room) => {
          if (room) {
            this.loaded.set(id, room)
            room.onFailed = () => this.forget(room)
            if (this.options.onLoaded) this.cleanups.set(room, this.options.onLoaded(room))
          }
          return room
        })
        .finally(() => this.loading.delete(id))
      this.loading.set(id, loading)
    }
    return loading
  }

  /**
   * Calls `listener` with a board's stored pieces when this server has read them to load it,
   * before its document is made of them; the room is made once each listener's promise has
   * settled, or after STORED_LISTENERS_WAIT_MS. Returns the listener's removal. A connection
   * uses it to send a newcomer the board as stored while the room is still being made.
   */
  onStored(id: string, listener: StoredListener): () => void {
    let listeners = this.storedListeners.get(id)
    if (!listeners) this.storedListeners.set(id, (listeners = new Set()))
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
      if (!listeners.size && this.storedListeners.get(id) === listeners) this.storedListeners.delete(id)
    }
  }

  private async announceStored(id: string, state: Uint8Array[]): Promise<void> {
    const listeners = [...(this.storedListeners.get(id) ?? [])]
    if (!listeners.length) return
    let timer: NodeJS.Timeout | undefined
    const waited = Promise.all(listeners.map(async (listener) => listener(state))).catch(() => {})
    await Promise.race([waited, new Promise<void>((resolve) => (timer = setTimeout(resolve, STORED_LISTENERS_WAIT_MS)))])
    clearTimeout(timer)
  }

  /** A loaded room, without loading it. */
  peek(id: string): Room | undefined {
    return this.loaded.get(id)
  }

  /** Called when a peer left: an empty room is unloaded after the idle delay. */
  released(room: Room): void {
    if (room.size > 0 || room.destroyed) return
    this.cancelIdle(room.id)
    const timer = setTimeout(() => void this.unload(room), this.options.idleUnloadMs)
    timer.unref()
    this.idleTimers.set(room.id, timer)
  }

  private cancelIdle(id: string): void {
    const timer = this.idleTimers.get(id)
    if (timer) clearTimeout(timer)
    this.idleTimers.delete(id)
  }

  async unload(room: Room): Promise<void> {
    this.cancelIdle(room.id)
    if (this.loaded.get(room.id) !== room || room.size > 0) return
    this.loaded.delete(room.id)
    this.cleanUp(room)
    const done = room
      .unload()
      .catch((err) => this.log.error({ err, board: room.id }, 'unload failed'))
      .finally(() => this.unloading.delete(room.id))
    this.unloading.set(room.id, done)
    await done
    this.log.debug({ board: room.id }, 'room unloaded')
  }

  /** Forgets a room without storing it (its board is being deleted). */
  async discard(id: string): Promise<void> {
    const pendingUnload = this.unloading.get(id)
    if (pendingUnload) await pendingUnload
    const room = this.loaded.get(id)
    if (room) this.forget(room)
  }

  /** Drops a failed room without storing it; the next connection loads it from storage. */
  private forget(room: Room): void {
    if (this.loaded.get(room.id) === room) this.loaded.delete(room.id)
    this.cancelIdle(room.id)
    this.cleanUp(room)
    room.destroy()
  }

  private cleanUp(room: Room): void {
    const cleanup = this.cleanups.get(room)
    this.cleanups.delete(room)
    cleanup?.()
  }

  get count(): number {
    return this.loaded.size
  }

  get connectionCount(): number {
    let n = 0
    for (const room of this.loaded.values()) n += room.size
    return n
  }

  /** Stores and releases every room (graceful shutdown). */
  async closeAll(): Promise<void> {
    for (const id of this.idleTimers.keys()) this.cancelIdle(id)
    await Promise.all([...this.loading.values()])
    await Promise.all([...this.loaded.values()].map(async (room) => {
      this.loaded.delete(room.id)
      this.cleanUp(room)
      await room.unload().catch((err) => this.log.error({ err, board: room.id }, 'unload failed'))
    }))
    await Promise.all([...this.unloading.values()])
  }
}
