/**
 * One loaded board: its Y.Doc, the awareness of everyone connected, and the rule that makes
 * it trustworthy: an update is appended to storage before anyone else is sent it.
 *
 * The updates applied in one event-loop turn are appended in one storage call (one commit with
 * the other rooms written to in that turn: see storage/groupCommit.ts), then fanned out
 * merged, one message per peer. Everything that leaves the room carrying document state
 * (fan-out and sync replies) goes through one promise chain behind the appends, so nobody
 * ever sees state that a crash could take back.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Logger } from 'pino'
import type { BoardStorage } from './storage/types'
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from './protocol'
import { CloseCode } from '../lib/protocol/closeCodes'
import type { Capability } from './storage/types'
import { WriteGuard, type GuardResult } from './writeGuard'
import { GroupCommit } from './storage/groupCommit'

/** What the room needs of a connection. */
export interface RoomPeer {
  readonly id: number
  readonly capability: Capability
  /** The user id its socket's key proves (lib/protocol/userKey.ts); null or absent when it gave none. */
  readonly userId?: string | null
  /** False for a screen that shows nobody's presence (the present view, the join form): it is sent none. */
  readonly receivesPresence?: boolean
  send(message: Uint8Array): void
  close(code: number, reason: string): void
}

export interface RoomOptions {
  /** Compact into a snapshot once this many updates have been appended since the last one. */
  compactEvery: number
  /** Refuse updates once the stored size of the board would pass this. */
  maxDocBytes?: number
  /** Relay presence at most once per this many ms (0: every event-loop turn). */
  awarenessIntervalMs?: number
  /**
   * Where appends go: shared by every room of the server (Rooms makes it), so that the rooms
   * written to in one event-loop turn share one commit. A room without one makes its own.
   */
  groupCommit?: GroupCommit
}

interface PendingUpdate {
  update: Uint8Array
  origin: unknown
}

const NULL_STATE = new TextEncoder().encode('null')
const STATE_TEXT = new TextDecoder('utf-8', { fatal: true })
/** A departed client's presence clock is kept this long (see pruneAwarenessMeta). */
const PRUNE_PRESENCE_AFTER_MS = 120_000
/** Distinct state vectors whose sync answer is kept (each is at most a copy of the board). */
const SYNC_REPLY_CACHE = 8

function isNullState(state: Uint8Array): boolean {
  return state.length === 4 && state.every((b, k) => b === NULL_STATE[k])
}

/**
 * Whether an entry of an awareness update is newer than what we hold, as y-protocols decides
 * it, read from its clock without parsing its state. Clients on the stock provider (scripts,
 * other apps; not our pages since lib/client/ownPresence.ts) re-send every presence they
 * receive, so most of their entries are echoes: dropped here, unparsed.
 */
export function isNewPresence(awareness: awarenessProtocol.Awareness, clientID: number, clock: number, state: Uint8Array): boolean {
  const current = awareness.meta.get(clientID)?.clock ?? 0
  return current < clock || (current === clock && isNullState(state) && awareness.states.has(clientID))
}

/**
 * Why a presence state may not be taken from this peer, or null when it may: it claims a user
 * id that the key its socket gave does not prove (lib/protocol/userKey.ts), or a capability
 * its link does not give. Our pages never do either; anything else would speak as someone
 * else: steer everyone who follows a facilitator, or be listed as one.
 */
export function presenceClaimFault(state: unknown, peer: Pick<RoomPeer, 'userId' | 'capability'>): string | null {
  if (!state || typeof state !== 'object') return null
  const { presence, capability } = state as { presence?: unknown; capability?: unknown }
  if (presence && typeof presence === 'object' && 'userId' in presence) {
    const claimed = (presence as { userId: unknown }).userId
    if (!peer.userId) return `presence.userId ${String(claimed)} from a socket that gave no user key`
    if (claimed !== `user:${peer.userId}`) return `presence.userId ${String(claimed)} is not the user its socket's key proves`
  }
  if (capability !== undefined && capability !== peer.capability) return `capability ${String(capability)} is not what its link allows (${peer.capability})`
  return null
}

/**
 * Presences one connection may announce: a browser has one; a stock provider in a browser
 * relays its other tabs' too (see lib/client/ownPresence.ts).
 */
export const MAX_PRESENCES_PER_PEER = 8

/**
 * The largest presence state taken, as JSON bytes. Ours is a few KB: a cursor, a camera, at
 * most MAX_SHARED_SELECTION selected ids (lib/binding/bind.ts), a laser's last points. The
 * relay sends the latest state of everyone who moved to everyone else, up to 30 times a
 * second: one peer's 16 MB state (a frame's limit) would be that much to each of thirty
 * screens, and the server drops readers that fall that far behind, so everyone but its sender
 * would be thrown off the board.
 */
export const MAX_PRESENCE_STATE_BYTES = 64 * 1024

/**
 * The update with only the entries `allowed` accepts (given each entry's client id, clock and
 * state, as JSON bytes): the update itself when it accepts them all, null when it accepts
 * none. Throws on a truncated update, like y-protocols.
 */
export function filterPresence(update: Uint8Array, allowed: (clientID: number, clock: number, state: Uint8Array) => boolean): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const len = decoding.readVarUint(decoder)
  // Nearly every update is all taken (a browser's own) or all dropped (a stock client's
  // echo): those allocate nothing; only a mixed one is written again.
  let dropped: Set<number> | null = null
  for (let i = 0; i < len; i++) {
    const clientID = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    if (!allowed(clientID, clock, decoding.readVarUint8Array(decoder))) (dropped ??= new Set()).add(i)
  }
  if (!dropped) return update
  if (dropped.size === len) return null
  const reader = decoding.createDecoder(update)
  decoding.readVarUint(reader)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, len - dropped.size)
  for (let i = 0; i < len; i++) {
    const clientID = decoding.readVarUint(reader)
    const clock = decoding.readVarUint(reader)
    const state = decoding.readVarUint8Array(reader)
    if (dropped.has(i)) continue
    encoding.writeVarUint(encoder, clientID)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarUint8Array(encoder, state)
  }
  return encoding.toUint8Array(encoder)
}

export class Room {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  readonly peers = new Set<RoomPeer>()
  /** Awareness client ids credited to each peer, removed when it leaves. */
  private readonly peerClients = new Map<RoomPeer, Set<number>>()
  /** The peer each present client's presence is credited to (see applyAwareness). */
  private readonly clientOwner = new Map<number, RoomPeer>()
  /** Peers a refused presence has been logged for (once each). */
  private readonly refusalLogged = new WeakSet<RoomPeer>()
  private pending: PendingUpdate[] = []
  private flushScheduled = false
  private outbox: Promise<void> = Promise.resolve()
  /** Clients whose presence changed since the last relay, and who sent each latest change. */
  private awarenessChanged = new Map<number, unknown>()
  private awarenessScheduled = false
  private lastUpdateId: number
  private appendedSinceCompact: number
  private compacting = false
  /** The last update covered by the stored snapshot (0: as loaded). */
  private snapshotUpto = 0
  private failed = false
  private guard: WriteGuard
  private readonly commit: GroupCommit
  /** Sync step 2 answers by state vector, for the document as it is now. */
  private readonly syncReplies = new Map<string, Uint8Array | Promise<Uint8Array>>()
  private readonly pruneTimer: NodeJS.Timeout
  /** Bytes stored for this board: snapshot plus appended updates (an upper bound of its size). */
  storedBytes: number
  lastUsed = Date.now()
  destroyed = false

  /** The stored pieces this document was made of, until taken (takeLoadedState). */
  private loadedState: Uint8Array[] | null = null
  /**
   * The board as stored, when it was one piece, while the document has not changed since it
   * was made of it: what a newcomer with nothing is sent (see replySyncStep1). Held until the
   * first change (the analyser's first result, usually within the second).
   */
  private unchangedSinceLoad: Uint8Array | null = null

  constructor(
    readonly id: string,
    private readonly storage: BoardStorage,
    initial: { state: Uint8Array[]; lastUpdateId: number; storedUpdates: number },
    private readonly log: Logger,
    private readonly options: RoomOptions,
  ) {
    this.doc = new Y.Doc({ gc: true })
    for (const u of initial.state) Y.applyUpdate(this.doc, u, this)
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      // Only a server before the guard parked pending updates could have stored some; they
      // would apply later under whoever completed them. Drop them.
      this.log.warn({ board: id }, 'stored state had updates with missing dependencies; dropped')
      this.doc.store.pendingStructs = null
      this.doc.store.pendingDs = null
    } else {
      this.loadedState = initial.state
      this.unchangedSinceLoad = initial.state.length === 1 ? initial.state[0] : null
    }
    this.lastUpdateId = initial.lastUpdateId
    this.appendedSinceCompact = initial.storedUpdates
    this.storedBytes = initial.state.reduce((n, u) => n + u.length, 0)
    this.guard = new WriteGuard(this.doc)
    this.commit = options.groupCommit ?? new GroupCommit(storage)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
    this.pruneTimer = setInterval(() => this.pruneAwarenessMeta(), PRUNE_PRESENCE_AFTER_MS / 2)
    this.pruneTimer.unref()
  }

  /**
   * y-protocols keeps the clock of every client that ever had a presence, so that a late
   * echo of a departed state cannot bring it back. Every page load is a new client id: in a
   * long session that list only grows. Forget departed clients once echoes are long over.
   */
  pruneAwarenessMeta(now = Date.now()): void {
    for (const [clientID, meta] of this.awareness.meta) {
      if (clientID === this.awareness.clientID) continue
      if (!this.awareness.states.has(clientID) && now - meta.lastUpdated > PRUNE_PRESENCE_AFTER_MS) {
        this.awareness.meta.delete(clientID)
      }
    }
  }

  /**
   * Loads a board from storage; null when it does not exist. `beforeBuild` is given the stored
   * pieces as read, before the document is made of them (see Rooms.onStored).
   */
  static async load(
    id: string,
    storage: BoardStorage,
    log: Logger,
    options: RoomOptions,
    beforeBuild?: (state: Uint8Array[]) => Promise<void>,
  ): Promise<Room | null> {
    const stored = await storage.loadBoard(id)
    if (!stored) return null
    const state = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
    if (beforeBuild) await beforeBuild(state)
    return new Room(
      id,
      storage,
      { state, lastUpdateId: stored.lastUpdateId, storedUpdates: stored.updates.length },
      log,
      options,
    )
  }

  get size(): number {
    return this.peers.size
  }

  /**
   * The stored pieces (snapshot, then updates) this document was made of: what a replica
   * taken right after loading can be made of, without encoding the document again on the
   * event loop (hundreds of milliseconds for a big board). Given once, then forgotten.
   */
  takeLoadedState(): Uint8Array[] | null {
    const state = this.loadedState
    this.loadedState = null
    return state
  }

  addPeer(peer: RoomPeer): void {
    this.lastUsed = Date.now()
    this.peers.add(peer)
    this.peerClients.set(peer, new Set())
  }

  removePeer(peer: RoomPeer): void {
    this.peers.delete(peer)
    const clients = this.peerClients.get(peer)
    this.peerClients.delete(peer)
    if (clients && clients.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...clients], peer)
  }

  /**
   * Applies a client's update under its capability; a refused change is compensated in the
   * same turn (see WriteGuard). The caller has checked that it decodes.
   */
  applyUpdate(update: Uint8Array, origin: RoomPeer): GuardResult {
    return this.guard.apply(update, origin, origin.capability)
  }

  /** Bytes of a peer's updates waiting for dependencies it has not sent (see WriteGuard). */
  parkedBytes(peer: RoomPeer): number {
    return this.guard.parkedBytes(peer)
  }

  /** Whether an update of this size still fits the board's size limit. */
  fits(updateBytes: number): boolean {
    return !this.options.maxDocBytes || this.storedBytes + updateBytes <= this.options.maxDocBytes
  }

  /** Closes every connection of a capability (its link was rotated). */
  closePeers(capability: Capability, code: number, reason: string): number {
    let n = 0
    for (const peer of [...this.peers]) {
      if (peer.capability === capability) {
        peer.close(code, reason)
        n++
      }
    }
    return n
  }

  /**
   * A peer's presence. Only the peer a client's presence is credited to may remove it: a stock
   * client that timed someone out locally sends their removal, which took them off everyone's
   * list. A newer state of someone credited to another peer of the same user is taken, and
   * moves the credit (a browser back on a new socket while the server still holds its dead
   * one; stock clients' echoes are not newer); from anyone else it is dropped. Every state
   * taken must claim only what its peer's key and link prove (presenceClaimFault), and fit in
   * MAX_PRESENCE_STATE_BYTES. New presences are taken up to MAX_PRESENCES_PER_PEER a peer: one
   * script could otherwise fill everyone's list.
   */
  applyAwareness(update: Uint8Array, origin: RoomPeer): void {
    let announced = this.peerClients.get(origin)?.size ?? 0
    const own = filterPresence(update, (clientID, clock, state) => {
      if (clientID === this.awareness.clientID || !isNewPresence(this.awareness, clientID, clock, state)) return false
      const owner = this.clientOwner.get(clientID)
      if (isNullState(state)) return !owner || owner === origin
      if (owner && owner !== origin && (owner.userId ?? null) !== (origin.userId ?? null)) return false
      if (state.length > MAX_PRESENCE_STATE_BYTES) return this.refusePresence(origin, `a state of ${state.length} bytes (at most ${MAX_PRESENCE_STATE_BYTES})`)
      // Not JSON: a malformed frame (the caller closes the connection), whether taken or not.
      const parsed: unknown = JSON.parse(STATE_TEXT.decode(state))
      if (!owner && announced++ >= MAX_PRESENCES_PER_PEER) return false
      const fault = presenceClaimFault(parsed, origin)
      return fault ? this.refusePresence(origin, fault) : true
    })
    if (own) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, origin)
  }

  /** Drops a presence entry (false, for filterPresence), logged once per connection. */
  private refusePresence(origin: RoomPeer, reason: string): false {
    if (!this.refusalLogged.has(origin)) {
      this.refusalLogged.add(origin)
      this.log.warn({ board: this.id, peer: origin.id, reason }, 'presence refused (logged once per connection)')
    }
    return false
  }

  /**
   * Answers a client's sync step 1: the part of the document it lacks, computed now (so it
   * covers exactly what has been applied so far) and sent once all of that is stored.
   */
  replySyncStep1(peer: RoomPeer, stateVector: Uint8Array): void {
    // After a restart every client of a board comes back with the same state vector: encode
    // the answer once, not once per client (the cache is dropped on the next change).
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1')
    const cached = this.syncReplies.get(key)
    this.flushNow()
    if (cached instanceof Uint8Array) return this.enqueue(() => peer.send(cached))
    if (cached) return this.sendWhenEncoded(peer, cached)
    // A malformed state vector fails here, on the sender's connection, as it always did:
    // never in the analysis process, which serves every big board.
    const known = Y.decodeStateVector(stateVector)
    const stored = this.unchangedSinceLoad
    if (stored && known.size === 0) {
      // The first visitor of a board just loaded (the one who made it load) waits for its
      // answer: when the board is stored as one piece (a snapshot and nothing after it, as
      // every unload and graceful restart leaves it), that piece is the answer, as it is,
      // with no encoding here nor a trip to the analysis process (whose first start alone
      // took half a second). Several pieces would need merging, which costs more than
      // encoding; and sent as several messages, the client would call itself synced after
      // the first.
      const message = encodeSyncStep2(stored)
      return this.enqueue(() => peer.send(message))
    }
    const elsewhere = this.encodeElsewhere?.(stateVector) ?? null
    if (!elsewhere) {
      const message = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector))
      if (this.syncReplies.size < SYNC_REPLY_CACHE) this.syncReplies.set(key, message)
      return this.enqueue(() => peer.send(message))
    }
    // The answer covers what was applied when it was asked for, so it goes out behind the
    // appends queued by then (or later ones: never before what it shows is stored).
    const answer = elsewhere.then(
      (update) => encodeSyncStep2(update),
      (err) => {
        this.log.warn({ err, board: this.id }, 'encoding the sync answer elsewhere failed; encoding it here')
        return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector))
      },
    )
    if (this.syncReplies.size < SYNC_REPLY_CACHE) this.syncReplies.set(key, answer)
    // A failed answer is not kept: the next client with this state vector asks again.
    answer.catch(() => this.syncReplies.get(key) === answer && this.syncReplies.delete(key))
    this.sendWhenEncoded(peer, answer)
  }

  private sendWhenEncoded(peer: RoomPeer, answer: Promise<Uint8Array>): void {
    answer.then(
      (message) => {
        // Behind every append queued by now, including those of updates applied meanwhile.
        this.flushNow()
        this.enqueue(() => peer.send(message))
      },
      (err) => {
        // Without an answer the client would never sync: let it reconnect and ask again.
        this.log.error({ err, board: this.id }, 'no sync answer')
        peer.close(CloseCode.TryAgainLater, 'sync failed; reconnect')
      },
    )
  }

  /** Every known presence, for a newcomer or a query. */
  awarenessSnapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length === 0) return null
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (this.destroyed) return
    this.syncReplies.clear()
    this.unchangedSinceLoad = null
    this.pending.push({ update, origin })
    if (!this.flushScheduled) {
      this.flushScheduled = true
      // Handed to storage when this turn's commit is made (after the socket reads of the
      // turn): every update of the room in the turn is then one append and one fan-out. A
      // sync answer or settle() flushes earlier, cutting the batch where it must.
      this.commit.beforeCommit(this.flushNow)
    }
  }

  /** Moves this turn's updates into the outbox: append, then fan out. */
  flushNow = (): void => {
    this.flushScheduled = false
    // A destroyed room was stored by unload() (which flushes first), or discarded.
    if (this.pending.length === 0 || this.failed || this.destroyed) return
    const batch = this.pending
    this.pending = []
    const updates = batch.map((p) => p.update)
    // The append joins this turn's commit now, not when the outbox reaches it: a room whose
    // peers' frames arrive in separate socket reads of one turn must not need one commit per
    // read (under load that queue grew without bound). Only the fan-out waits in the outbox,
    // in order, each behind the commit that holds its updates.
    const appended = this.commit.append(this.id, updates)
    // Handled in the outbox; this only keeps a failure from being reported as unhandled first.
    appended.catch(() => {})
    this.enqueue(async () => {
      // Durable before anyone is sent it: the promise resolves after the commit that holds it.
      this.lastUpdateId = await appended
      this.appendedSinceCompact += updates.length
      this.storedBytes += updates.reduce((n, u) => n + u.length, 0)
      this.fanOut(batch)
      if (this.appendedSinceCompact >= this.options.compactEvery) this.compactSoon()
    })
  }

  private fanOut(batch: PendingUpdate[]): void {
    const merged = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((p) => p.update))
    const message = encodeUpdate(merged)
    // Usually one sender: only its peer needs a look at which updates are its own.
    const senders = new Set(batch.map((p) => p.origin))
    for (const peer of this.peers) {
      if (!senders.has(peer)) {
        peer.send(message)
        continue
      }
      // A peer already has what it sent itself; only mixed batches need a per-peer merge.
      const own = batch.filter((p) => p.origin === peer)
      if (own.length < batch.length) {
        const others = batch.filter((p) => p.origin !== peer).map((p) => p.update)
        peer.send(encodeUpdate(others.length === 1 ? others[0] : Y.mergeUpdates(others)))
      }
    }
  }

  /** Runs `task` after everything queued before it; a failure fails the room. */
  private enqueue(task: () => void | Promise<void>): void {
    this.outbox = this.outbox.then(async () => {
      if (this.failed) return
      try {
        await task()
      } catch (err) {
        this.fail(err)
      }
    })
  }

  /**
   * Storage failed: nothing more may be acknowledged. Close every connection with "try again
   * later"; their clients keep their edits and resend them to a fresh room on reconnect.
   */
  private fail(err: unknown): void {
    if (this.failed) return
    this.failed = true
    this.log.error({ err, board: this.id }, 'storage failed; closing room')
    for (const peer of [...this.peers]) peer.close(CloseCode.TryAgainLater, 'storage unavailable')
    this.onFailed?.()
  }

  /** Set by the room manager to forget a failed room. */
  onFailed?: () => void

  get isFailed(): boolean {
    return this.failed
  }

  /**
   * Encodes this board's document (all of it, or what a client with `stateVector` lacks)
   * elsewhere than on the event loop, as it stands at the call; or returns null when it
   * cannot, and the room encodes it itself. Set for big boards, whose encoding takes hundreds
   * of milliseconds: the analysis process holds a replica of them.
   */
  encodeElsewhere: ((stateVector?: Uint8Array) => Promise<Uint8Array> | null) | null = null

  private compactSoon(): void {
    if (this.compacting) return
    this.compacting = true
    // Everything appended so far is applied to the document, and every update applied has
    // already gone to a replica, so a state encoded from now on covers `upto`.
    const upto = this.lastUpdateId
    const encoding = this.encodeElsewhere?.() ?? null
    if (!encoding) {
      setImmediate(() => this.enqueue(() => this.compact()))
      return
    }
    const since = { updates: this.appendedSinceCompact, bytes: this.storedBytes }
    encoding.then(
      (state) => this.enqueue(() => this.storeSnapshot(state, upto, since)),
      (err) => {
        this.log.warn({ err, board: this.id }, 'encoding the snapshot elsewhere failed; encoding it here')
        this.enqueue(() => this.compact())
      },
    )
  }

  /**
   * Writes the whole document as the snapshot and drops the updates it covers (up to the last
   * one the outbox has seen stored). Updates applied meanwhile, whose appends may be waiting
   * for the next commit, are in the snapshot too and are appended afterwards with later ids,
   * so they are not dropped (harmless: Yjs updates are idempotent).
   */
  async compact(): Promise<void> {
    await this.storeSnapshot(Y.encodeStateAsUpdate(this.doc), this.lastUpdateId, {
      updates: this.appendedSinceCompact,
      bytes: this.storedBytes,
    })
  }

  /** `since`: the counters when `state` was taken; what was appended after it still counts. */
  private async storeSnapshot(state: Uint8Array, upto: number, since: { updates: number; bytes: number }): Promise<void> {
    try {
      // A snapshot encoded elsewhere may come back after a later one (the unload's) was
      // stored, or after the room is gone: storing it then would drop what came after it.
      if (this.destroyed || upto <= this.snapshotUpto) return
      await this.storage.compact(this.id, state, upto)
      this.snapshotUpto = upto
      this.appendedSinceCompact -= since.updates
      this.storedBytes = state.length + (this.storedBytes - since.bytes)
      this.log.debug({ board: this.id, bytes: state.length }, 'compacted')
    } finally {
      this.compacting = false
    }
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const peerSet = this.peerClients.get(origin as RoomPeer)
    if (peerSet) {
      // Credit goes to whoever advanced the state: only newer states reach here.
      const credit = (c: number) => {
        const owner = this.clientOwner.get(c)
        if (owner === origin) return
        if (owner) this.peerClients.get(owner)?.delete(c)
        peerSet.add(c)
        this.clientOwner.set(c, origin as RoomPeer)
      }
      added.forEach(credit)
      updated.forEach(credit)
    }
    for (const c of removed) {
      const owner = this.clientOwner.get(c)
      this.clientOwner.delete(c)
      if (owner) this.peerClients.get(owner)?.delete(c)
    }
    // Only states whose clock advanced reach here: echoes of a state we already have are
    // dropped by applyAwarenessUpdate. Coalesce what changed in this turn into one message.
    for (const c of added) this.awarenessChanged.set(c, origin)
    for (const c of updated) this.awarenessChanged.set(c, origin)
    for (const c of removed) this.awarenessChanged.set(c, origin)
    if (!this.awarenessScheduled) {
      this.awarenessScheduled = true
      // Presence at 60 Hz from many people is relayed as one message per interval, carrying
      // the latest state of everyone who moved: O(people) messages, not O(people²).
      const interval = this.options.awarenessIntervalMs ?? 0
      if (interval > 0) setTimeout(this.flushAwareness, interval).unref()
      else setImmediate(this.flushAwareness)
    }
  }

  private flushAwareness = () => {
    this.awarenessScheduled = false
    if (this.awarenessChanged.size === 0 || this.destroyed) return
    const clients = [...this.awarenessChanged.keys()]
    // Most relays carry one person's move. The peer that sent every state in a relay has
    // them all already (a client ignores its own state at the same clock), so it is not
    // sent the relay: one socket write in ten saved on a board of ten.
    let sender: unknown = undefined
    for (const origin of this.awarenessChanged.values()) {
      if (sender === undefined) sender = origin
      else if (sender !== origin) {
        sender = null
        break
      }
    }
    this.awarenessChanged.clear()
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
    for (const peer of this.peers) if (peer !== sender && peer.receivesPresence !== false) peer.send(message)
  }

  /** Waits until everything applied so far is stored and sent. */
  async settle(): Promise<void> {
    this.flushNow()
    await this.outbox
  }

  /** Stores the final state and releases memory. */
  async unload(): Promise<void> {
    await this.settle()
    if (!this.failed && this.appendedSinceCompact > 0) {
      await this.compact().catch((err) => this.log.error({ err, board: this.id }, 'compaction on unload failed'))
    }
    this.destroy()
  }

  destroy(): void {
    this.destroyed = true
    clearInterval(this.pruneTimer)
    this.doc.off('update', this.onDocUpdate)
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
