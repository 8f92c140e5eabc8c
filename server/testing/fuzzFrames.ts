/**
 * A seeded generator of hostile y-websocket frames, for the fuzz test. Each frame says what a
 * correct server does with it: `survives` (a valid message, whatever its content: the socket
 * stays open), `closes` (not a protocol message: the server closes with a 44xx code) or
 * `either` (valid on the wire but semantically hostile; refusing it or closing are both fine).
 *
 * Valid messages are encoded by hand with lib0 so that garbage can be put exactly where the
 * decoder is weakest (lengths, clocks, JSON); real Yjs updates come from scratch Y.Docs.
 * `runFuzzLanes` drives several raw sockets with it; `runFuzzLanesInWorker` does so from a
 * worker thread, leaving the main thread to an in-process server.
 */
import { Worker } from 'node:worker_threads'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { recordsArray, recordsKV, SessionKey, type StoredRecord } from '../../lib/doc/schema'
import { geoShape } from '../../lib/testing/records'
import { seededRandom } from './harness'

export type Expect = 'survives' | 'closes' | 'either'

/**
 * Every kind of frame, with its default weight (relative frequency) and expected outcome.
 * Cheap valid messages dominate and ~2 % of frames end their socket, so that 100,000 frames
 * take ~25 s against an in-process server on two cores; each kind still comes up hundreds of
 * times in such a run.
 */
export const FRAME_KINDS = {
  // Valid messages with random content.
  'awareness-state': { weight: 50, expect: 'survives' },
  'awareness-null': { weight: 6, expect: 'survives' },
  'awareness-huge-clock': { weight: 3, expect: 'survives' },
  'query-awareness': { weight: 8, expect: 'survives' },
  'sync-step1': { weight: 0.1, expect: 'survives' },
  'update-empty': { weight: 4, expect: 'survives' },
  'update-valid-record': { weight: 3, expect: 'survives' },
  'update-replay': { weight: 8, expect: 'survives' },
  // Valid updates writing where they must not: refused (undone) by the write guard.
  'update-invalid-record': { weight: 4, expect: 'survives' },
  'update-guarded-part': { weight: 3, expect: 'survives' },
  'update-unknown-top-level': { weight: 2, expect: 'survives' },
  /** Map entries written into a schema array, list items into a schema map. */
  'update-type-confusion': { weight: 0.3, expect: 'either' },
  /** A records entry that is null (not a `{ key, val }` entry). */
  'update-null-record': { weight: 0.3, expect: 'either' },
  /** A real update whose predecessor is never sent: Yjs keeps it pending. */
  'update-out-of-order': { weight: 0.3, expect: 'either' },
  /** A real update with a few bytes flipped: anything may come out. */
  'update-mutated': { weight: 1.5, expect: 'either' },
  // Not protocol messages.
  text: { weight: 0.12, expect: 'closes' },
  empty: { weight: 0.12, expect: 'closes' },
  'random-bytes': { weight: 0.2, expect: 'either' },
  /** Random bodies sometimes decode: [0, 0] is an empty update, [0] an empty state vector. */
  'garbage-body': { weight: 0.25, expect: 'either' },
  'truncated-update': { weight: 0.25, expect: 'either' },
  'huge-length': { weight: 0.2, expect: 'closes' },
  'wrong-type': { weight: 0.2, expect: 'closes' },
  'wrong-step': { weight: 0.2, expect: 'closes' },
  'awareness-garbage': { weight: 0.25, expect: 'closes' },
  'trailing-bytes': { weight: 0.12, expect: 'closes' },
  oversized: { weight: 0.03, expect: 'closes' },
} satisfies Record<string, { weight: number; expect: Expect }>

export type FrameKind = keyof typeof FRAME_KINDS

export interface FuzzFrame {
  kind: FrameKind
  expect: Expect
  data: Uint8Array | string
}

export interface FuzzerOptions {
  /** Overrides of the default weights (0 switches a kind off). */
  weights?: Partial<Record<FrameKind, number>>
  /** The server's frame limit; `oversized` frames are just over it (off when absent). */
  maxFrameBytes?: number
}

const SYNC = 0
const AWARENESS = 1
const QUERY_AWARENESS = 3

function message(type: number, write: (e: encoding.Encoder) => void = () => {}): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, type)
  write(e)
  return encoding.toUint8Array(e)
}

export const syncFrame = (step: number, payload: Uint8Array) =>
  message(SYNC, (e) => {
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, payload)
  })

export const awarenessFrame = (payload: Uint8Array) => message(AWARENESS, (e) => encoding.writeVarUint8Array(e, payload))

/** The updates a scratch document emits while `write` runs (in order). */
export function updatesOf(write: (doc: Y.Doc) => void, clientID?: number): Uint8Array[] {
  // A fixed guid: a random one (uuidv4) costs more than the rest of the update put together.
  const doc = new Y.Doc({ guid: 'fuzz' })
  if (clientID !== undefined) doc.clientID = clientID
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  write(doc)
  doc.destroy()
  return out
}

export function createFrameFuzzer(
  seed: number,
  options: FuzzerOptions = {},
): { next(): FuzzFrame; resume(serverMessage: Uint8Array): Uint8Array | null } {
  const random = seededRandom(seed)
  const int = (n: number) => Math.floor(random() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
  const bytes = (n: number) => {
    const b = new Uint8Array(n)
    for (let i = 0; i < n; i++) b[i] = int(256)
    return b
  }
  const text = (max = 12) => Array.from({ length: int(max) }, () => String.fromCharCode(32 + int(0x24f))).join('')

  /** Random JSON, nested a little: what a hostile client puts in a state or a record. */
  const json = (depth = 0): unknown => {
    const r = random()
    if (depth > 2 || r < 0.35) return pick([null, true, false, int(1e9) - 5e8, random() * 1e300, -0, text(), '', 'shape:x'])
    if (r < 0.65) return Array.from({ length: int(4) }, () => json(depth + 1))
    const o: Record<string, unknown> = {}
    for (let i = int(5); i > 0; i--) o[pick(['id', 'typeName', 'type', 'props', 'x', 'meta', text(6)])] = json(depth + 1)
    return o
  }

  // A few awareness client ids per fuzzer, like a handful of tabs, each with its own clock.
  const clocks = new Map<number, number>(Array.from({ length: 6 }, () => [1 + int(2 ** 32), 0]))
  const awarenessUpdate = (entries: { clientID: number; clock: number; state: string }[]) => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, entries.length)
    for (const { clientID, clock, state } of entries) {
      encoding.writeVarUint(e, clientID)
      encoding.writeVarUint(e, clock)
      encoding.writeVarString(e, state)
    }
    return encoding.toUint8Array(e)
  }
  const ownAwareness = (state: unknown, clock?: number) => {
    const clientID = pick([...clocks.keys()])
    const next = clock ?? clocks.get(clientID)! + 1
    clocks.set(clientID, next)
    return awarenessFrame(awarenessUpdate([{ clientID, clock: next, state: JSON.stringify(state) }]))
  }

  /** Updates of a fresh scratch document, with a seeded client id so runs repeat. */
  const scratch = (write: (doc: Y.Doc) => void) => updatesOf(write, 1 + int(2 ** 31))

  // All writes of one fuzzer come from one document with one client id, as from a real
  // client. (A fresh client id per write would make every server transaction O(client ids in
  // the doc), since Yjs computes state vectors per transaction: the run would go quadratic.)
  // The server drops frames that follow a fatal one, so a new socket first resends what the
  // server lacks (see `resume`), exactly as a reconnecting client does.
  const session = new Y.Doc({ guid: 'fuzz' })
  session.clientID = 1 + int(2 ** 31)
  const write = (change: (doc: Y.Doc) => void): Uint8Array => {
    const out: Uint8Array[] = []
    const collect = (u: Uint8Array) => out.push(u)
    session.on('update', collect)
    change(session)
    session.off('update', collect)
    return out.length === 1 ? out[0] : Y.mergeUpdates(out)
  }

  // Self-contained real updates (a first write of a fresh client) to replay, cut and mutate.
  const pool: Uint8Array[] = []
  const poolUpdate = () => {
    if (pool.length < 64 && random() < 0.5) {
      const name = `pool${int(1e9)}`
      pool.push(scratch((d) => recordsKV(d).set(`shape:${name}`, geoShape(name, int(4000), int(4000)) as unknown as StoredRecord))[0])
    }
    return pool.length ? pick(pool) : scratch((d) => d.getMap('meta').set('title', text()))[0]
  }

  const invalidRecord = (): { key: string; val: unknown } => {
    const name = `bad${int(1e6)}`
    const key = `shape:${name}`
    switch (int(5)) {
      case 0: // a real shape with one prop wrong
        return { key, val: geoShape(name, 0, 0, { [pick(['w', 'geo', 'color', 'richText'])]: json() }) }
      case 1: // id does not match the key
        return { key, val: geoShape(`other${name}`, 0, 0) }
      case 2: // a type name that is not stored in a board
        return { key, val: { ...geoShape(name, 0, 0), typeName: pick(['instance', 'camera', 'pointer', text()]) } }
      case 3: // random JSON in place of a record
        return { key, val: json() }
      default: // random JSON as the whole entry, with or without a key (never null: see update-null-record)
        return (json() ?? { key }) as { key: string; val: unknown }
    }
  }

  const make: Record<FrameKind, () => Uint8Array | string> = {
    'awareness-state': () => ownAwareness(json()),
    'awareness-null': () => ownAwareness(null),
    // A client id of its own: a clock at the top of the range cannot be incremented again.
    'awareness-huge-clock': () =>
      awarenessFrame(awarenessUpdate([{ clientID: 1 + int(2 ** 32), clock: Number.MAX_SAFE_INTEGER - int(3), state: JSON.stringify(json()) }])),
    'query-awareness': () => message(QUERY_AWARENESS),
    'sync-step1': () => {
      const e = encoding.createEncoder()
      const n = int(4)
      encoding.writeVarUint(e, n)
      for (let i = 0; i < n; i++) {
        encoding.writeVarUint(e, int(2 ** 32))
        encoding.writeVarUint(e, pick([0, int(100), int(2 ** 40)]))
      }
      return syncFrame(0, encoding.toUint8Array(e))
    },
    'update-empty': () => syncFrame(pick([1, 2]), new Uint8Array([0, 0])),
    'update-valid-record': () =>
      syncFrame(
        pick([1, 2]),
        write((d) => {
          // Few names, so the board gets overwrites (as from a drag) more than it grows.
          const name = `fz${int(200)}`
          recordsKV(d).set(`shape:${name}`, geoShape(name, int(4000), int(4000)) as unknown as StoredRecord)
        }),
      ),
    'update-replay': () => syncFrame(2, poolUpdate()),
    'update-invalid-record': () => syncFrame(2, write((d) => recordsArray(d).push([invalidRecord() as never]))),
    'update-guarded-part': () =>
      syncFrame(
        2,
        write((d) => {
          const target = int(5)
          if (target === 0) d.getMap('session').set(pick([...Object.values(SessionKey), text()]), json())
          else if (target === 1) d.getMap('analysis').set('result', json())
          else if (target === 2) d.getArray('spiral').push([json()])
          else if (target === 3) d.getMap('meta').set(pick(['title', 'createdAt', 'docSchemaVersion', 'template', text()]), json())
          else d.getMap('meta').set('title', 'x'.repeat(201 + int(500)))
        }),
      ),
    'update-unknown-top-level': () =>
      syncFrame(
        2,
        write((d) => {
          // The name carries the type: one document cannot hold one name as two types.
          const name = pick(['', 'records2', 'Records', 'x', text(8)])
          const kind = int(3)
          if (kind === 0) d.getMap(`${name}{}`).set(text(), json())
          else if (kind === 1) d.getArray(`${name}[]`).push([json()])
          else d.getText(`${name}""`).insert(0, 'x' + text(40))
        }),
      ),
    'update-type-confusion': () =>
      syncFrame(
        2,
        scratch((d) => {
          // Map entries on the records or spiral array; list items in a map of the schema.
          if (random() < 0.5) d.getMap(pick(['records', 'spiral'])).set(pick(['shape:x', text()]), json())
          else d.getArray(pick(['meta', 'session', 'analysis'])).push([json()])
        })[0],
      ),
    'update-null-record': () => syncFrame(2, scratch((d) => recordsArray(d).push([null as never]))[0]),
    'update-out-of-order': () => {
      // Two records from one client; only the second goes out, so it waits for the first forever.
      const [, second] = scratch((d) => {
        recordsKV(d).set('shape:ooo1', geoShape('ooo1', 0, 0) as unknown as StoredRecord)
        recordsKV(d).set('shape:ooo2', geoShape('ooo2', 0, 0) as unknown as StoredRecord)
      })
      return syncFrame(2, second)
    },
    'update-mutated': () => {
      const u = poolUpdate().slice()
      for (let i = 1 + int(3); i > 0; i--) u[int(u.length)] = int(256)
      return syncFrame(2, u)
    },
    text: () => pick(['', 'hello', '{"type":"sync"}', text(100)]),
    empty: () => new Uint8Array(0),
    'random-bytes': () => bytes(1 + int(pick([4, 64, 2048]))),
    'garbage-body': () => {
      const header = pick([[SYNC, 0], [SYNC, 1], [SYNC, 2], [AWARENESS]])
      return message(header[0], (e) => {
        if (header.length > 1) encoding.writeVarUint(e, header[1])
        encoding.writeVarUint8Array(e, bytes(1 + int(200)))
      })
    },
    'truncated-update': () => {
      const u = poolUpdate()
      return syncFrame(2, u.subarray(0, int(u.length)))
    },
    'huge-length': () =>
      message(pick([SYNC, AWARENESS]), (e) => {
        if (random() < 0.7) encoding.writeVarUint(e, 2)
        encoding.writeVarUint(e, pick([2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1]))
        encoding.writeUint8Array(e, bytes(int(8)))
      }),
    'wrong-type': () => message(pick([2, 4 + int(252), 2 ** 20]), (e) => encoding.writeUint8Array(e, bytes(int(16)))),
    'wrong-step': () => syncFrame(3 + int(253), poolUpdate()),
    'awareness-garbage': () => {
      const r = int(3)
      // A state that is not JSON (an object never closed), or a body of bytes that is not an update.
      if (r === 0) return awarenessFrame(awarenessUpdate([{ clientID: int(1e6), clock: 1, state: '{' + text(20).replace(/}/g, '') }]))
      if (r === 1) return awarenessFrame(new Uint8Array([1, ...bytes(int(3))]))
      // A count of states far beyond what follows.
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 2 ** 31)
      return awarenessFrame(encoding.toUint8Array(e))
    },
    'trailing-bytes': () => {
      const m = message(QUERY_AWARENESS)
      const out = new Uint8Array(m.length + 1 + int(8))
      out.set(m)
      return out
    },
    oversized: () => syncFrame(2, new Uint8Array(options.maxFrameBytes ?? 0)),
  }

  const weights = Object.entries(FRAME_KINDS)
    .map(([kind, info]) => [kind as FrameKind, options.weights?.[kind as FrameKind] ?? info.weight] as const)
    .filter(([kind, w]) => w > 0 && (kind !== 'oversized' || options.maxFrameBytes))
  const total = weights.reduce((n, [, w]) => n + w, 0)

  return {
    /**
     * The frame to send first on a new socket, given the server's first message (its sync
     * step 1): our writes it lacks, as a sync step 2. Null when it lacks nothing.
     */
    resume(serverMessage: Uint8Array): Uint8Array | null {
      const decoder = decoding.createDecoder(serverMessage)
      if (decoding.readVarUint(decoder) !== SYNC || decoding.readVarUint(decoder) !== 0) return null
      const missing = Y.encodeStateAsUpdate(session, decoding.readVarUint8Array(decoder))
      return missing.length > 2 ? syncFrame(1, missing) : null
    },
    next(): FuzzFrame {
      let r = random() * total
      let kind = weights[0][0]
      for (const [k, w] of weights) {
        kind = k
        if ((r -= w) < 0) break
      }
      return { kind, expect: FRAME_KINDS[kind].expect, data: make[kind]() }
    },
  }
}

export interface LaneOptions {
  /** Websocket URL of the board, token included. */
  url: string
  /** Stop after this many frames in total, or after timeMs, whichever comes first. */
  frames: number
  timeMs: number
  /** Sockets open at once; each lane opens a new one when its socket closes. */
  lanes: number
  seed: number
  fuzzer?: FuzzerOptions
}

export interface LaneReport {
  sent: number
  sockets: number
  /** Close codes seen by the fuzzing sockets, with counts. */
  codes: Record<number, number>
  /** Frames expected to close the socket that did not within 3 s, by kind. */
  unclosed: Partial<Record<FrameKind, number>>
  kinds: Partial<Record<FrameKind, number>>
  ms: number
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const within = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), sleep(ms).then(() => false)])
const bump = <K extends string | number>(counts: Partial<Record<K, number>>, key: K) => (counts[key] = (counts[key] ?? 0) + 1)

/** Fuzzes one board over `lanes` concurrent raw sockets; bounded in frames and in time. */
export async function runFuzzLanes(options: LaneOptions): Promise<LaneReport> {
  const start = Date.now()
  const report: LaneReport = { sent: 0, sockets: 0, codes: {}, unclosed: {}, kinds: {}, ms: 0 }
  const more = () => report.sent < options.frames && Date.now() - start < options.timeMs
  const lane = async (seed: number) => {
    const fuzzer = createFrameFuzzer(seed, options.fuzzer)
    while (more()) {
      const ws = new WebSocket(options.url, { perMessageDeflate: false })
      ws.on('error', () => {})
      report.sockets++
      let isClosed = false
      const closed = new Promise<void>((resolve) =>
        ws.once('close', (code) => {
          isClosed = true
          bump(report.codes, code)
          resolve()
        }),
      )
      // Open means: the server has sent its sync step 1 (the room is loaded, we are a peer).
      const greeted = new Promise<Uint8Array | null>((resolve) => {
        ws.once('message', (data: Buffer) => resolve(new Uint8Array(data)))
        void closed.then(() => resolve(null))
      })
      const greeting = await Promise.race([greeted, sleep(5_000).then(() => null)])
      if (greeting) {
        const resend = fuzzer.resume(greeting)
        if (resend) {
          ws.send(resend)
          report.sent++
          bump(report.kinds, 'update-replay')
        }
        while (!isClosed && more()) {
          const frame = fuzzer.next()
          ws.send(frame.data)
          report.sent++
          bump(report.kinds, frame.kind)
          if (frame.expect === 'closes') {
            // Wait for the verdict, so that what follows goes to a socket the server still reads.
            if (!(await within(closed, 3_000))) bump(report.unclosed, frame.kind)
          } else if (report.sent % 32 === 0 || ws.bufferedAmount > 1 << 20) {
            await new Promise((r) => setImmediate(r))
          }
        }
      }
      if (!isClosed) ws.close(1000)
      if (!(await within(closed, 2_000))) ws.terminate()
      await closed
    }
  }
  await Promise.all(Array.from({ length: options.lanes }, (_, i) => lane(options.seed + i)))
  report.ms = Date.now() - start
  return report
}

/**
 * runFuzzLanes on a worker thread: the server under test keeps the main thread (and the
 * heap that is measured) to itself, and framing, masking and generating run on another core.
 */
export function runFuzzLanesInWorker(options: LaneOptions): Promise<LaneReport> {
  const self = new URL(import.meta.url).href
  // An eval worker is CommonJS without a TypeScript loader: register tsx, then load this module.
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    import('tsx/esm/api')
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(self)}) })
      .then((m) => m.runFuzzLanes(workerData))
      .then((report) => parentPort.postMessage(report))`
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: options })
    worker.once('message', (report: LaneReport) => {
      resolve(report)
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`fuzz worker exited with ${code}`)))
  })
}
