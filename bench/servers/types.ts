/** What the scenarios need of a server under test, whichever it is. */
import type { ChildServer } from './process'

export type ServerKind = 'ours' | 'reference' | 'hocuspocus' | 'relay'
/** The real servers: every scenario runs on them. */
export const SERVER_KINDS: ServerKind[] = ['ours', 'reference', 'hocuspocus']
/**
 * The generator floor (servers/relay.child.ts): a bare relay, no document. Only scenarios 1
 * and 2 run on it; it is a column of its own and never a target.
 */
export const FLOOR_KIND: ServerKind = 'relay'
/** Every column of the table, in order. */
export const ALL_KINDS: ServerKind[] = [...SERVER_KINDS, FLOOR_KIND]

export const SERVER_LABELS: Record<ServerKind, string> = {
  ours: 'ours',
  reference: 'reference',
  hocuspocus: 'Hocuspocus',
  relay: 'floor (bare relay)',
}

/** How a client stores records: our schema (RecordStore: `{ key, val }` entries in Y.Array `records`) or a plain Y.Map `records`. */
export type RecordSchema = 'kv' | 'map'
/** Wire adapter between the stock y-websocket provider and the server. */
export type WireAdapter = 'none' | 'hocuspocus'

export interface Room {
  /** The y-websocket room name (our board id, or a document name). */
  name: string
  /** Query parameters for the provider (e.g. `token` once boards have edit tokens). */
  params: Record<string, string>
  /**
   * Whether each client offers a user key (lib/protocol/userKey.ts) and claims its id in its
   * presence, as our pages do: our server drops a presence that claims an id its socket's key
   * does not prove. The other servers are offered no subprotocol (they would refuse one).
   */
  userKeys?: boolean
}

export interface StartOptions {
  /** Keep data here (restart = same directory). */
  dataDir: string
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  cpuProfDir?: string
}

export interface BenchServer {
  kind: ServerKind
  child: ChildServer
  pid: number
  port: number
  /** `serverUrl` for WebsocketProvider; the room name is appended to it. */
  wsBase: string
  schema: RecordSchema
  adapter: WireAdapter
  options: StartOptions
  /** Creates (or names) a room the way a real client would. */
  createRoom(hint: string): Promise<Room>
  /** Graceful stop: the server stores what it holds, then exits. */
  stop(): Promise<void>
}
