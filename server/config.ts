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

/**
 * Interfaces that phones in the room do not reach: container and VM bridges, VPN tunnels.
 * A laptop running Docker lists `docker0` (172.17.0.1) before or after its Wi-Fi, and a QR code
 * with that address fails on every phone.
 */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vboxnet|vmnet|lxc|lxd|cni|flannel|cali|podman|tun|tap|utun|wg|zt|tailscale)/i

/** RFC 1918: the ranges of home, office and hotspot networks. */
function isPrivateIPv4(address: string): boolean {
  const [a, b] = address.split('.').map(Number)
  return a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31)
}

/**
 * The IPv4 address phones on the same network can most likely reach: a private address on a
 * real interface first, then any address on a real interface, then a virtual one; never
 * loopback or link-local (169.254: no network gave it one).
 */
export function lanAddress(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string | null {
  let best: { address: string; rank: number } | null = null
  for (const [name, addresses] of Object.entries(interfaces)) {
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4' || a.internal || a.address.startsWith('169.254.')) continue
      const rank = (VIRTUAL_INTERFACE.test(name) ? 0 : 2) + (isPrivateIPv4(a.address) ? 1 : 0)
      if (!best || rank > best.rank) best = { address: a.address, rank }
    }
  }
  return best?.address ?? null
}

/** The base URL for links meant for others: PUBLIC_URL, else the LAN address and port. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'port'>, actualPort: number): string {
  if (config.publicUrl) return config.publicUrl
  const host = lanAddress() ?? os.hostname()
  return `http://${host}:${actualPort}`
}
