/**
 * One websocket peer of a room. Frames are checked (size, rate, shape) before they touch the
 * room; anything wrong closes this connection only, with a named close code, and nothing of
 * it reaches the document or the other participants.
 */
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import type { Logger } from 'pino'
import { CloseCode } from '../lib/protocol/closeCodes'
import { decodeMessage, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, MalformedMessage, type IncomingMessage } from './protocol'
import type { Room, RoomPeer } from './room'
import { STORED_LISTENERS_WAIT_MS, type Rooms } from './rooms'

import type { Capability } from './storage/types'
export type { Capability }

export interface ConnectionLimits {
  /** Largest frame accepted; larger ones close the connection with 4413. */
  maxFrameBytes: number
  /** Sustained messages per second per connection (token bucket refill rate). */
  messagesPerSecond: number
  /** Messages allowed in a burst above the sustained rate. */
  messageBurst: number
  maxConnectionsPerBoard: number
  /** Bytes of this connection's updates that may wait for dependencies (4400 beyond). */
  maxPendingBytes: number
  /** Bytes queued for this connection before it is dropped as a slow reader. */
  maxBufferedBytes: number
}

let nextPeerId = 1

/** Whether a Yjs update changes nothing (a view client's answer to our sync step 1). */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  return structs.length === 0 && ds.clients.size === 0
}

/**
 * Whether the document already contains everything in `update`. A read-only client still
 * answers our sync step 1, with its whole delete set: that is not a write.
 */
function addsNothing(doc: Y.Doc, update: Uint8Array): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(doc), update)
}

export class Connection implements RoomPeer {
  readonly id = nextPeerId++
  private room: Room | null = null
  private queue: Uint8Array[] | null = []
  private closed = false
  /** Set while answerFromStorage waits for the first frame. */
  private firstFrameArrived: (() => void) | null = null
  private tokens: number
  private lastRefill = Date.now()

  constructor(
    private readonly ws: WebSocket,
    readonly boardId: string,
    readonly capability: Capability,
    /** Whether the client wants others' presence (`?presence=none`: no; see RoomPeer). */
    readonly receivesPresence: boolean,
    /** The user id its key proves (see RoomPeer), null when it gave none. */
    readonly userId: string | null,
    private readonly rooms: Rooms,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
  ) {
    this.tokens = limits.messageBurst
    // ws reports errors (oversized frame, bad opcode) as events: unhandled, they are
    // uncaught exceptions. Listen first, before anything can go wrong.
    ws.on('error', (err) => this.log.debug({ err: err.message, peer: this.id }, 'socket error'))
    // ws closes an over-maxPayload frame with 1009 itself; the stock client retries 1009 and
    // would resend the same frame forever. Turn it into our final 4413.
    const close = ws.close.bind(ws)
    ws.close = ((code?: number, reason?: string | Buffer) =>
      code === 1009 ? close(CloseCode.TooLarge, 'frame too large') : close(code, reason)) as typeof ws.close
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data, isBinary) => this.onFrame(data as Buffer, isBinary))
    ws.on('close', () => this.onClosed())
  }

  /** Loads the room (holding frames that arrive meanwhile), then replays them in order. */
  async start(): Promise<void> {
    let room: Room | null
    // A newcomer may be sent the board as stored while its room is being made (answerFromStorage).
    const stopWatching = this.rooms.onStored(this.boardId, (state) => this.answerFromStorage(state))
    try {
      room = await this.rooms.open(this.boardId)
    } catch (err) {
      this.log.error({ err, board: this.boardId }, 'cannot load board')
      return this.close(CloseCode.TryAgainLater, 'board unavailable')
    } finally {
      stopWatching()
    }
    if (this.closed) {
      if (room) this.rooms.released(room)
      return
    }
    if (!room) return this.close(CloseCode.NotFound, 'board not found')
    if (room.size >= this.limits.maxConnectionsPerBoard) {
      this.rooms.released(room)
      return this.close(CloseCode.TryAgainLater, 'this board is full (connections)')
    }
    this.room = room
    room.addPeer(this)
    this.send(encodeSyncStep1(room.doc))
    this.sendPresence(room)
    const held = this.queue ?? []
    this.queue = null
    for (const frame of held) {
      if (this.closed) break
      this.handle(frame)
    }
  }

  /** Everyone's presence as it stands, to a client that wants it. */
  private sendPresence(room: Room): void {
    if (!this.receivesPresence) return
    const presence = room.awarenessSnapshot()
    if (presence) this.send(presence)
  }

  /** Sends a message; `written` is called once it has been written out, or at once when it is not sent. */
  send(message: Uint8Array, written?: () => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return written?.()
    // A peer that does not read would make us hold a copy of everything for it: let it go
    // and sync afresh when it reconnects, rather than grow without bound.
    if (this.ws.bufferedAmount + message.length > this.limits.maxBufferedBytes) {
      this.close(CloseCode.SlowReader, 'not reading; reconnect to resync')
      // Its close frame would wait behind everything queued: free the memory now.
      this.ws.terminate()
      return written?.()
    }
    this.ws.send(message, written && (() => written()))
  }

  /**
   * While the room is being made: answers this connection's request for the whole board (its
   * first frame a sync step 1 with an empty state vector: a newcomer) with the board as
   * stored, when it is stored as one piece. That is the answer the room would give
   * (Room.replySyncStep1 sends that piece as it is, while the document is unchanged since
   * loading), and it leaves nothing stored behind. The room is made once it has been written.
   *
   * On a busy 2-core machine, making the 1,000-actor board's document (and collecting the
   * garbage that left) held its 4.3 MB answer back: from the browser's socket opening to the
   * board applied there, 1,267 → 660 ms (medians of 6 runs side by side). The page was
   * interactive no sooner on that machine, whose two cores were already busy loading it.
   */
  private async answerFromStorage(state: Uint8Array[]): Promise<void> {
    if (state.length !== 1 || this.closed || !this.queue) return
    // Storage is read before the newcomer's first frame has arrived (the socket has only just
    // opened): wait for it, no longer than the room waits (Rooms.onStored).
    if (!this.queue.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, STORED_LISTENERS_WAIT_MS)
        function done() {
          clearTimeout(timer)
          resolve()
        }
        this.firstFrameArrived = done
      })
      this.firstFrameArrived = null
    }
    // Too late: the room was made meanwhile, and it answers.
    const first = this.queue?.[0]
    if (!first || this.closed || this.room) return
    let newcomer: boolean
    try {
      const message = decodeMessage(first)
      newcomer = message.type === 'sync-step1' && Y.decodeStateVector(message.stateVector).size === 0
    } catch {
      // The room's replay of it closes this connection, as for any malformed frame.
      return
    }
    if (!newcomer) return
    this.queue!.shift()
    await new Promise<void>((resolve) => this.send(encodeSyncStep2(state[0]), resolve))
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.log.info({ peer: this.id, board: this.boardId, code, reason }, 'closing connection')
    this.ws.close(code, reason)
    this.onClosed()
  }

  private onClosed(): void {
    if (this.closed) return
    this.closed = true
    this.firstFrameArrived?.()
    this.queue = null
    const room = this.room
    if (room) {
      room.removePeer(this)
      this.rooms.released(room)
    }
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    if (!isBinary) return this.close(CloseCode.Malformed, 'text frames are not part of the protocol')
    if (data.length > this.limits.maxFrameBytes) return this.close(CloseCode.TooLarge, 'frame too large')
    if (!this.takeToken()) return this.close(CloseCode.TooManyMessages, 'too many messages')
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (this.queue) {
      this.queue.push(frame)
      this.firstFrameArrived?.()
    } else this.handle(frame)
  }

  private takeToken(): boolean {
    const now = Date.now()
    this.tokens = Math.min(
      this.limits.messageBurst,
      this.tokens + ((now - this.lastRefill) / 1000) * this.limits.messagesPerSecond,
    )
    this.lastRefill = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  private handle(frame: Uint8Array): void {
    const room = this.room
    if (!room) return
    let message: IncomingMessage
    try {
      message = decodeMessage(frame)
    } catch (err) {
      return this.close(CloseCode.Malformed, (err as MalformedMessage).message.slice(0, 120))
    }
    switch (message.type) {
      case 'sync-step1':
        try {
          room.replySyncStep1(this, message.stateVector)
        } catch {
          this.close(CloseCode.Malformed, 'invalid state vector')
        }
        return
      case 'sync-update':
        return this.applyUpdate(room, message.update)
      case 'awareness':
        try {
          room.applyAwareness(message.update, this)
        } catch {
          this.close(CloseCode.Malformed, 'invalid awareness update')
        }
        return
      case 'query-awareness':
        return this.sendPresence(room)
      default: {
        const never: never = message
        return never
      }
    }
  }

  private applyUpdate(room: Room, update: Uint8Array): void {
    let empty: boolean
    try {
      // Decode fully before touching the room's document: garbage is refused here, whole.
      empty = isEmptyUpdate(update)
    } catch {
      return this.close(CloseCode.Malformed, 'invalid Yjs update')
    }
    if (empty) return
    if (this.capability === 'view') {
      // Checked without applying: a view connection's writes never touch the document.
      if (addsNothing(room.doc, update)) return
      return this.close(CloseCode.Forbidden, 'this link can only view')
    }
    if (!room.fits(update.length)) return this.close(CloseCode.TooLarge, 'this board is full (size limit)')
    try {
      const result = room.applyUpdate(update, this)
      if (!result.ok) {
        // Not a protocol error: the change was undone for everyone; tell the sender why.
        this.log.info({ peer: this.id, board: this.boardId, reason: result.reason }, 'write refused and undone')
        this.send(encodePermissionDenied(result.reason))
      }
      if (room.parkedBytes(this) > this.limits.maxPendingBytes) {
        this.close(CloseCode.Malformed, 'updates whose dependencies never arrived')
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message, peer: this.id, board: this.boardId }, 'update failed to apply')
      this.close(CloseCode.Malformed, 'invalid Yjs update')
    }
  }
}
