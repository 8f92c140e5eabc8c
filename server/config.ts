/**
 * Configuration, from the environment only. Every variable is documented in the README.
 */
import os from 'node:os'
import path from 'node:path'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** Base of links meant for other people (QR codes, share links); never localhost. */
  publicUrl: string | null
  storage: 'sqlite' | 'memory'
  sqliteSynchronous: 'NORMAL' | 'FULL'
  logLevel: string
  maxFrameBytes: number
  messagesPerSecond: number
  messageBurst: number
  roomIdleMs: number
  compactEvery: number
  /** Spiral timeline: at most one point per this many ms. */
  historyIntervalMs: number
  maxConnectionsPerBoard: number
  maxConnectionsPerAddress: number
  /** Encoded document size per board (tldraw's own service stops at 25 MB per room). */
  maxDocBytes: number
  /** Boards loaded at once; the least recently used empty one is unloaded first. */
  maxLoadedBoards: number
  /** Presence is relayed per board at most once per this many ms (coalesced). */
  awarenessIntervalMs: number
  /** Bytes a connection's updates may hold while waiting for their dependencies. */
  maxPendingBytes: number
  /** Bytes queued for one slow reader before it is disconnected. */
  maxBufferedBytes: number
  /** Websocket messages to a browser of at least this many bytes travel compressed; 0: none. */
  compressFramesAbove: number
  /** Every socket is pinged this often; one silent for 2-3 intervals is closed (heartbeat.ts); 0: never. */
  heartbeatMs: number
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`)
  return value
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const storage = env.STORAGE ?? 'sqlite'
  if (storage !== 'sqlite' && storage !== 'memory') throw new Error(`STORAGE must be sqlite or memory, got "${storage}"`)
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase()
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${sync}"`)
  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) throw new Error(`PUBLIC_URL must start with http:// or https://`)
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    publicUrl,
    storage,
    sqliteSynchronous: sync,
    logLevel: env.LOG_LEVEL || 'info',
    maxFrameBytes: int(env, 'MAX_FRAME_BYTES', 16 * 1024 * 1024),
    messagesPerSecond: int(env, 'MAX_MESSAGES_PER_SECOND', 300),
    messageBurst: int(env, 'MESSAGE_BURST', 600),
    roomIdleMs: int(env, 'ROOM_IDLE_MS', 30_000),
    compactEvery: int(env, 'COMPACT_EVERY', 500),
    historyIntervalMs: int(env, 'SPIRAL_INTERVAL_MS', 10_000),
    maxConnectionsPerBoard: int(env, 'MAX_CONNECTIONS_PER_BOARD', 300),
    maxConnectionsPerAddress: int(env, 'MAX_CONNECTIONS_PER_ADDRESS', 1500),
    maxDocBytes: int(env, 'MAX_DOC_BYTES', 25 * 1024 * 1024),
    maxLoadedBoards: int(env, 'MAX_LOADED_BOARDS', 500),
    awarenessIntervalMs: int(env, 'AWARENESS_INTERVAL_MS', 33),
    maxPendingBytes: int(env, 'MAX_PENDING_BYTES', 1024 * 1024),
    maxBufferedBytes: int(env, 'MAX_BUFFERED_BYTES', 64 * 1024 * 1024),
    compressFramesAbove: int(env, 'COMPRESS_FRAMES_ABOVE', 0),
    heartbeatMs: int(env, 'HEARTBEAT_MS', 15_000),
  }
}

/** The first non-internal IPv4 address: what phones on the same network can reach. */
export function lanAddress(): string | null {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address
    }
  }
  return null
}

/** The base URL for links meant for others: PUBLIC_URL, else the LAN address and port. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'port'>, actualPort: number): string {
  if (config.publicUrl) return config.publicUrl
  const host = lanAddress() ?? os.hostname()
  return `http://${host}:${actualPort}`
}
