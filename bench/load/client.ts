/**
 * One simulated participant: a real y-websocket `WebsocketProvider` (with `ws`, or the
 * Hocuspocus adapter), a Y.Doc, a record it overwrites at the write rate (a dragged shape)
 * and a presence it updates at the presence rate (a moving cursor).
 *
 * Every record carries `meta.bench = { w: writer, s: seq, t: send time }`; every presence
 * carries `bench = { w, t }` as its first key. Receivers time what they observe against those
 * stamps. Times are `performance.timeOrigin + performance.now()`, comparable across threads.
 *
 * Incoming awareness is handled in one of two ways:
 * - `stock`: the provider's own handler (y-protocols `applyAwarenessUpdate`, events);
 * - `lean` (default): a handler that reads the entries' client ids, clocks and stamps without
 *   JSON-parsing and deep-comparing every state. What the server sees is unchanged: the
 *   provider's connection, sync, document updates and the client's own presence are stock,
 *   and the stock provider's re-send of applied remote states is reproduced byte for byte
 *   (the entries whose clock advanced, re-encoded as the provider would). It exists because
 *   50 stock clients applying 24,500 presence states/s need more than the one core a 2-core
 *   machine leaves the generator (see bench/results/latest.md).
 *
 * Lean clients also skip one piece of work whose result the stock provider throws away: Yjs
 * encodes every transaction as an update message whenever the doc has an 'update' listener,
 * and the provider's listener drops the updates it applied itself (origin = provider). So
 * every receiver re-encoded every update it received, for nothing: a fifth of the generator's
 * time in scenario 1 (bench/load/worker.ts profiles). Lean clients attach the provider's own
 * listener only around their own writes; what they send (the same listener, the same
 * transaction, the same bytes) and what they apply are unchanged.
 */
import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { WebsocketProvider, messageAwareness } from 'y-websocket'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { RecordStore } from '../../lib/doc/recordStore'
import { BOARD_PROTOCOL } from '../../lib/protocol/linkToken'
import { userIdOfKey, userKeyProtocol } from '../../lib/protocol/userKey'
import type { AwarenessHandling, ClientSpec, PresenceMode } from './messages'
import { HocuspocusSocket } from './hocuspocusSocket'
import type { Schedule, Task } from './schedule'

export const now = () => performance.timeOrigin + performance.now()

/**
 * When the frame the provider is handling now reached this client, or undefined outside that
 * handling. Propagation stops its clock there, when the bytes have arrived, not after the
 * client has applied them: one generator thread hosts 25 clients, and they apply one after
 * another (~50 µs each), so the last of them would otherwise add ~1 ms of the generator's own
 * work to what every server is charged with. Applying costs every server's clients the same.
 */
let frameArrivedAt: number | undefined
const arrivedAt = () => frameArrivedAt ?? now()

/**
 * The socket class with arrival timing: each incoming frame is stamped when it arrives and
 * handed to the provider at the end of this turn of the event loop (setImmediate, in order),
 * so the frames that arrive together for this thread's clients are all stamped before any is
 * applied.
 */
function timedSocket<T extends new (...args: any[]) => object>(Base: T): T {
  type Handler = ((event: { data: ArrayBuffer | Uint8Array }) => void) | null
  return class extends Base {
    set onmessage(handler: Handler) {
      // @ts-expect-error the base's onmessage accessor (ws, HocuspocusSocket), unknown to a mixin's type
      super.onmessage = handler
        ? (event: { data: ArrayBuffer | Uint8Array }) => {
            const at = now()
            setImmediate(() => {
              frameArrivedAt = at
              try {
                handler(event)
              } finally {
                frameArrivedAt = undefined
              }
            })
          }
        : null
    }
    get onmessage(): Handler {
      // @ts-expect-error the base's onmessage accessor (ws, HocuspocusSocket), unknown to a mixin's type
      return super.onmessage
    }
  }
}
const TimedWebSocket = timedSocket(WebSocket as any)
const TimedHocuspocusSocket = timedSocket(HocuspocusSocket as any)

export interface BenchRecord {
  id: string
  x: number
  y: number
  meta: { bench?: { w: number; s: number; t: number } }
  [key: string]: unknown
}

export interface ClientSink {
  receipt(writer: number, seq: number, sentAt: number, at: number): void
  presence(sentAt: number, at: number): void
  /** A presence (own move or echo) was sent at `t`. */
  presenceSent(t: number, echo: boolean): void
}

interface BenchPresence {
  bench?: { w: number; t: number; e?: number }
}

/** `{"bench":{"w":` — how a presence's JSON starts (then `12,"t":1764043200000.123,...`). */
const STAMP_PREFIX = Array.from('{"bench":{"w":', (c) => c.charCodeAt(0))
const COMMA = 44
const T_KEY = Array.from('"t":', (c) => c.charCodeAt(0))

/**
 * The send time of a presence's stamp, read from its JSON bytes without decoding them, or NaN
 * when it has none (`json` is the state as the awareness update carries it).
 */
export function presenceStampTime(json: Uint8Array): number {
  let i = 0
  for (; i < STAMP_PREFIX.length; i++) if (json[i] !== STAMP_PREFIX[i]) return NaN
  while (i < json.length && json[i] !== COMMA) i++ // the writer id
  i++
  for (let k = 0; k < T_KEY.length; k++, i++) if (json[i] !== T_KEY[k]) return NaN
  let text = ''
  for (; i < json.length; i++) {
    const c = json[i]
    // digits, '.', 'e', '+', '-'
    if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 43 || c === 45) text += String.fromCharCode(c)
    else break
  }
  return text ? Number(text) : NaN
}

export class BenchClient {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly startedAt = now()
  syncedAt = 0
  /** Since the last start(): close codes, connection errors, (re)connections. */
  closes: number[] = []
  errors = 0
  connects = 0

  private readonly write: (record: BenchRecord) => void
  /** Lean: the provider's doc 'update' listener, attached only while this client writes. */
  private readonly sendOwnUpdates: ((update: Uint8Array, origin: unknown) => void) | null = null
  private readonly recordId: string
  private seq = 0
  private writeTimer: NodeJS.Timeout | null = null
  private presenceTimer: NodeJS.Timeout | null = null
  private echoTimer: NodeJS.Timeout | null = null
  /** What this client's presence claims to be (see ClientSpec.userKey); presenceState's default without a key. */
  private readonly presenceUserId: string | undefined
  private schedule: Schedule | null = null
  private writeTask: Task | null = null
  private presenceTask: Task | null = null
  private lastEchoAt = 0
  /** Per remote client: the last presence stamp measured, and (lean) the last clock seen. */
  private readonly lastSeen = new Map<number, number>()
  private readonly clocks = new Map<number, number>()
  private relayOff: ((changes: any, origin: unknown) => void) | null = null
  private mode: PresenceMode = 'off'
  private presenceIntervalMs = 100

  constructor(
    readonly spec: ClientSpec,
    private readonly template: Record<string, unknown>,
    private readonly sink: ClientSink,
    readonly awarenessHandling: AwarenessHandling = 'lean',
  ) {
    this.recordId = `shape:bench-${spec.idx}`
    if (spec.schema === 'kv') {
      const kv = new RecordStore<BenchRecord>(this.doc.getArray('records'))
      this.write = (r) => kv.set(r.id, r)
      kv.on('change', (changes, tr) => {
        if (tr.local) return
        const at = arrivedAt()
        for (const change of changes.values()) if (change.action !== 'delete') this.observe(change.newValue, at)
      })
    } else {
      const map = this.doc.getMap<BenchRecord>('records')
      this.write = (r) => map.set(r.id, r)
      map.observe((event) => {
        if (event.transaction.local) return
        const at = arrivedAt()
        for (const key of event.keysChanged) this.observe(map.get(key), at)
      })
    }
    const Polyfill = spec.adapter === 'hocuspocus' ? TimedHocuspocusSocket : TimedWebSocket
    this.provider = new WebsocketProvider(spec.wsBase, spec.room, this.doc, {
      WebSocketPolyfill: Polyfill as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: spec.params,
      // The link token stays in `params` (as scripts send it); the key rides as pages send it.
      protocols: spec.userKey ? [BOARD_PROTOCOL, userKeyProtocol(spec.userKey)] : [],
    })
    this.presenceUserId = spec.userKey ? `user:${userIdOfKey(spec.userKey)}` : undefined
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.connects++
    })
    this.provider.on('connection-close', (event) => {
      if (event) this.closes.push(event.code)
    })
    this.provider.on('connection-error', () => this.errors++)
    this.provider.on('sync', (synced: boolean) => {
      if (synced && !this.syncedAt) this.syncedAt = now()
    })
    if (awarenessHandling === 'lean') {
      this.provider.messageHandlers[messageAwareness] = this.leanAwareness
      this.sendOwnUpdates = (this.provider as unknown as { _updateHandler: (u: Uint8Array, o: unknown) => void })._updateHandler
      this.doc.off('update', this.sendOwnUpdates)
    } else this.provider.awareness.on('change', this.onAwarenessChange)
  }

  get connected(): boolean {
    return this.provider.wsconnected
  }

  private observe(record: BenchRecord | undefined, at: number): void {
    const stamp = record?.meta?.bench
    if (stamp && stamp.w !== this.spec.idx) this.sink.receipt(stamp.w, stamp.s, stamp.t, at)
  }

  /**
   * Starts writing and presence, with a random phase so clients do not tick in lockstep: on
   * the worker's shared `schedule` (each on its own fixed grid, see schedule.ts), or else on
   * this client's own timers.
   */
  start(writeHz: number, presenceHz: number, mode: PresenceMode, schedule?: Schedule): void {
    this.stop()
    // Counters cover one load window.
    this.closes = []
    this.errors = 0
    this.connects = 0
    this.mode = mode
    if (mode === 'off') presenceHz = 0
    this.setRelay(mode === 'stock' || mode === 'echo')
    this.presenceIntervalMs = presenceHz > 0 ? 1000 / presenceHz : 100
    if (schedule) {
      this.schedule = schedule
      if (writeHz > 0) this.writeTask = schedule.every(1000 / writeHz, Math.random() * (1000 / writeHz), () => this.writeOnce())
      if (presenceHz > 0) this.presenceTask = schedule.every(this.presenceIntervalMs, Math.random() * this.presenceIntervalMs, () => this.movePresence())
      return
    }
    if (writeHz > 0) {
      const every = 1000 / writeHz
      this.writeTimer = setTimeout(() => {
        this.writeOnce()
        this.writeTimer = setInterval(() => this.writeOnce(), every)
      }, Math.random() * every)
    }
    if (presenceHz > 0) {
      const every = this.presenceIntervalMs
      this.presenceTimer = setTimeout(() => {
        this.movePresence()
        this.presenceTimer = setInterval(() => this.movePresence(), every)
      }, Math.random() * every)
    }
  }

  stop(): void {
    this.schedule?.cancel(this.writeTask)
    this.schedule?.cancel(this.presenceTask)
    this.writeTask = this.presenceTask = null
    if (this.writeTimer) clearInterval(this.writeTimer)
    if (this.presenceTimer) clearInterval(this.presenceTimer)
    if (this.echoTimer) clearTimeout(this.echoTimer)
    this.writeTimer = this.presenceTimer = this.echoTimer = null
    this.mode = 'off'
  }

  writeOnce(): void {
    const t = now()
    const seq = ++this.seq
    const x = (seq * 7) % 2000
    const record = { ...(this.template as BenchRecord), id: this.recordId, x, y: x / 2, meta: { bench: { w: this.spec.idx, s: seq, t } } }
    const send = this.sendOwnUpdates
    if (send) {
      // The provider sends this transaction's update from its listener, as stock (see top).
      this.doc.on('update', send)
      try {
        this.write(record)
      } finally {
        this.doc.off('update', send)
      }
    } else this.write(record)
    this.onWrite?.(seq, t)
  }

  /** Set by the worker to log its own writes. */
  onWrite?: (seq: number, t: number) => void

  private movePresence(): void {
    const t = now()
    this.sink.presenceSent(t, false)
    this.provider.awareness.setLocalState(presenceState(this.spec.idx, t, this.presenceUserId))
  }

  /**
   * Stock handling: the provider sends every awareness 'update', including remote ones it
   * applied (its handler ignores the origin). `quiet` swaps that handler for one that skips
   * remote origins. (Lean handling never puts remote states into the awareness; it re-sends
   * them itself in `stock` and `echo` modes.)
   */
  private setRelay(stock: boolean): void {
    if (this.awarenessHandling === 'lean') return
    const awareness = this.provider.awareness
    const stockHandler = (this.provider as any)._awarenessUpdateHandler as (changes: any, origin: unknown) => void
    if (!stock && !this.relayOff) {
      this.relayOff = (changes, origin) => {
        if (origin !== this.provider) stockHandler(changes, origin)
      }
      awareness.off('update', stockHandler)
      awareness.on('update', this.relayOff)
    } else if (stock && this.relayOff) {
      awareness.off('update', this.relayOff)
      awareness.on('update', stockHandler)
      this.relayOff = null
    }
  }

  /** Stock handling: measure fresh stamps, schedule the echo. */
  private onAwarenessChange = ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
    if (origin === 'local') return
    const at = now()
    const arrived = arrivedAt()
    const states = this.provider.awareness.getStates() as Map<number, BenchPresence>
    for (const id of added.length ? [...added, ...updated] : updated) {
      const stamp = states.get(id)?.bench
      if (!stamp || this.lastSeen.get(id) === stamp.t) continue
      this.lastSeen.set(id, stamp.t)
      this.sink.presence(stamp.t, arrived)
    }
    if (added.length || updated.length) this.scheduleEcho(at)
  }

  /**
   * Lean handling of an incoming awareness message (y-websocket message handler signature):
   * the entries whose clock advanced are "applied" (clock kept, stamp measured) and, in
   * `stock`/`echo` modes, re-sent exactly as the stock provider re-encodes them.
   */
  private leanAwareness = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    const update = decoding.readVarUint8Array(decoder)
    const at = now()
    const arrived = arrivedAt()
    const d = decoding.createDecoder(update)
    const entries = decoding.readVarUint(d)
    const relay = this.mode === 'stock' || this.mode === 'echo'
    const fresh: Uint8Array[] = []
    let changed = 0
    const own = this.doc.clientID
    for (let i = 0; i < entries; i++) {
      const start = d.pos
      const client = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      const length = decoding.readVarUint(d)
      const json = update.subarray(d.pos, d.pos + length)
      d.pos += length
      if (client === own) continue
      const known = this.clocks.get(client) ?? 0
      const isNull = length === 4 && json[0] === 110 // "null": a removal
      if (!(known < clock || (known === clock && isNull && this.clocks.has(client)))) continue
      if (isNull) this.clocks.delete(client)
      else this.clocks.set(client, clock)
      changed++
      if (relay) fresh.push(update.subarray(start, d.pos))
      if (isNull) continue
      const t = presenceStampTime(json)
      if (Number.isNaN(t)) continue
      if (this.lastSeen.get(client) === t) continue
      this.lastSeen.set(client, t)
      this.sink.presence(t, arrived)
    }
    if (fresh.length && relay) {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, messageAwareness)
      const body = encoding.createEncoder()
      encoding.writeVarUint(body, fresh.length)
      for (const entry of fresh) encoding.writeUint8Array(body, entry)
      encoding.writeVarUint8Array(e, encoding.toUint8Array(body))
      const ws = this.provider.ws
      if (ws && this.provider.wsconnected && ws.readyState === ws.OPEN) ws.send(encoding.toUint8Array(e))
    }
    if (changed) this.scheduleEcho(at)
  }

  /** `echo` mode: re-set our presence after a remote change, at most once per presence interval. */
  private scheduleEcho(at: number): void {
    if (this.mode !== 'echo' || this.echoTimer) return
    const wait = Math.max(0, this.lastEchoAt + this.presenceIntervalMs - at)
    this.echoTimer = setTimeout(this.echo, wait)
  }

  private echo = () => {
    this.echoTimer = null
    if (this.mode !== 'echo') return
    const local = this.provider.awareness.getLocalState() as BenchPresence | null
    if (!local?.bench) return
    this.lastEchoAt = now()
    this.sink.presenceSent(this.lastEchoAt, true)
    // Same presence (same cursor stamp), new clock: what a binding re-setting its state does.
    this.provider.awareness.setLocalState({ ...local, bench: { ...local.bench, e: (local.bench.e ?? 0) + 1 } })
  }

  destroy(): void {
    this.stop()
    this.provider.awareness.off('change', this.onAwarenessChange)
    this.provider.destroy()
    this.doc.destroy()
  }
}

/** A tldraw-shaped presence (instance_presence plus user), ~550 bytes as JSON; stamp first. */
export function presenceState(w: number, t: number, userId = `user:bench-${w}`): Record<string, unknown> {
  const x = Math.round((t / 7) % 1600)
  const y = Math.round((t / 11) % 900)
  return {
    bench: { w, t },
    user: { name: `Bench user ${w}`, color: '#4263eb' },
    presence: {
      id: `instance_presence:${w}`,
      typeName: 'instance_presence',
      userId,
      userName: `Bench user ${w}`,
      color: '#4263eb',
      currentPageId: 'page:page',
      camera: { x: -120, y: -80, z: 1 },
      screenBounds: { x: 0, y: 0, w: 1600, h: 900 },
      selectedShapeIds: [`shape:bench-${w}`],
      brush: null,
      scribbles: [],
      followingUserId: null,
      cursor: { x, y, type: 'default', rotation: 0 },
      chatMessage: '',
      lastActivityTimestamp: Math.round(t),
      meta: {},
    },
  }
}
