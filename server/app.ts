/**
 * The Coalition Canvas server without Next.js: HTTP API, websocket endpoint `/yjs/<boardId>`,
 * rooms and storage. `server/index.ts` adds Next for the pages; tests start this on port 0.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import pino, { type Logger } from 'pino'
import { isBoardId } from '../lib/ids'
import { CloseCode } from '../lib/protocol/closeCodes'
import { BOARD_PROTOCOL, tokenFromProtocols } from '../lib/protocol/linkToken'
import { userIdOfKey, userKeyFromProtocols } from '../lib/protocol/userKey'
import { handleApi } from './api'
import { publicBaseUrl, type Config } from './config'
import { Connection } from './connection'
import { startHeartbeat } from './heartbeat'
import { dropUnacceptableCompressionOffer, frameCompression } from './frameCompression'
import { Rooms } from './rooms'
import type { BoardStorage } from './storage/types'
import { SqliteStorage } from './storage/sqlite'
import { MemoryStorage } from './storage/memory'
import { AnalyserPeer, DEFAULT_ANALYSER_OPTIONS, LocalAnalyserLocks, type AnalyserLocks, type AnalyserOptions } from './analyser'
import { AnalysisWorker } from './analysisPool'
import { authorise } from './auth'

/** Handles page requests (Next); `notFound` renders the 404 page. */
export interface PageHandler {
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>
  notFound(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>
  upgrade?(req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void
}

export interface CoalitionServer {
  http: http.Server
  rooms: Rooms
  storage: BoardStorage
  log: Logger
  /** Analyses big boards, and encodes their snapshots and sync answers, off the event loop. */
  analysisWorker: AnalysisWorker
  /** Listens and resolves with the bound port. */
  listen(): Promise<number>
  close(): Promise<void>
}

/**
 * Headers on every HTTP answer: a Content Security Policy that allows our own origin only
 * (inline styles and Next's inline bootstrap scripts included, data:/blob: images for tldraw,
 * websockets to ourselves), and the usual hardening.
 */
export function setSecurityHeaders(res: http.ServerResponse, dev: boolean): void {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  res.setHeader('content-security-policy', csp)
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'no-referrer')
  res.setHeader('x-frame-options', 'DENY')
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()')
  res.setHeader('cross-origin-opener-policy', 'same-origin')
}

export function createStorage(config: Config): BoardStorage {
  return config.storage === 'memory'
    ? new MemoryStorage()
    : new SqliteStorage({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous })
}

export function createCoalitionServer(
  config: Config,
  options: {
    storage?: BoardStorage
    log?: Logger
    pages?: PageHandler
    analyser?: Partial<AnalyserOptions> | false
    analyserLocks?: AnalyserLocks
    /** Next in development mode needs eval; the CSP allows it only then. */
    dev?: boolean
  } = {},
): CoalitionServer {
  const log = options.log ?? pino({ level: config.logLevel })
  const storage = options.storage ?? createStorage(config)
  const analysisWorker = new AnalysisWorker()
  const locks = options.analyserLocks ?? new LocalAnalyserLocks()
  const analyserOptions =
    options.analyser === false
      ? null
      : { ...DEFAULT_ANALYSER_OPTIONS, historyIntervalMs: config.historyIntervalMs, ...options.analyser }
  const rooms = new Rooms(storage, log, {
    idleUnloadMs: config.roomIdleMs,
    compactEvery: config.compactEvery,
    maxDocBytes: config.maxDocBytes,
    maxLoaded: config.maxLoadedBoards,
    awarenessIntervalMs: config.awarenessIntervalMs,
    onLoaded: (room) => {
      if (!analyserOptions) return () => {}
      const peer = new AnalyserPeer(room.id, room.doc, locks, analysisWorker, log, analyserOptions)
      peer.start(room.takeLoadedState())
      // A big board has a replica in the analysis process: its snapshots and newcomers' sync
      // answers are encoded there.
      room.encodeElsewhere = (stateVector) => analysisWorker.encodeState(room.id, stateVector)
      return () => {
        room.encodeElsewhere = null
        peer.stop()
      }
    },
  })
  const pages = options.pages
  let port = config.port
  const api = { storage, rooms, log, publicBaseUrl: () => publicBaseUrl(config, port) }

  const server = http.createServer((req, res) => {
    setSecurityHeaders(res, Boolean(options.dev))
    void route(req, res).catch((err) => {
      // The path only: a query may carry a link token, and tokens are never logged.
      log.error({ err, path: (req.url ?? '').split('?')[0] }, 'request failed')
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('internal error')
    })
  })

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (await handleApi(api, req, res)) return
    const path = new URL(req.url ?? '/', 'http://local').pathname
    const board = /^\/b\/([^/]+)(?:\/[^/]*)?\/?$/.exec(path)
    if (board && !(isBoardId(board[1]) && (await storage.hasBoard(board[1])))) {
      return notFound(req, res)
    }
    if (pages) return pages.handle(req, res)
    return notFound(req, res)
  }

  async function notFound(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (pages) return pages.notFound(req, res)
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('Not found: this board does not exist.')
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: frameCompression(config.compressFramesAbove),
    // A browser that offered subprotocols closes a socket that does not answer one of them.
    handleProtocols: (offered) => (offered.has(BOARD_PROTOCOL) ? BOARD_PROTOCOL : false),
  })
  const stopHeartbeat = startHeartbeat(wss, config.heartbeatMs)
  const limits = {
    maxFrameBytes: config.maxFrameBytes,
    messagesPerSecond: config.messagesPerSecond,
    messageBurst: config.messageBurst,
    maxConnectionsPerBoard: config.maxConnectionsPerBoard,
    maxPendingBytes: config.maxPendingBytes,
    maxBufferedBytes: config.maxBufferedBytes,
  }
  const perAddress = new Map<string, number>()

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://local')
    const match = /^\/yjs\/([^/]+)$/.exec(url.pathname)
    if (!match) {
      if (pages?.upgrade) return pages.upgrade(req, socket, head)
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    const address = req.socket.remoteAddress ?? 'unknown'
    dropUnacceptableCompressionOffer(req)
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Per address, so one venue's 60 phones behind one NAT fit, and one runaway client does not.
      const open = (perAddress.get(address) ?? 0) + 1
      perAddress.set(address, open)
      ws.once('close', () => {
        const left = (perAddress.get(address) ?? 1) - 1
        if (left <= 0) perAddress.delete(address)
        else perAddress.set(address, left)
      })
      const id = match[1]
      const refuse = (code: number, reason: string) => {
        ws.on('error', () => {})
        ws.close(code, reason)
      }
      if (open > config.maxConnectionsPerAddress) return refuse(CloseCode.TryAgainLater, 'too many connections from this address')
      if (!isBoardId(id)) return refuse(CloseCode.NotFound, 'board not found')
      // Frames that arrive while the token is checked are held by ws until we listen.
      authorise(storage, id, tokenFromProtocols(req.headers['sec-websocket-protocol']) ?? url.searchParams.get('token'))
        .then((grant) => {
          if (!grant) return refuse(CloseCode.Unauthorized, 'missing, invalid or revoked link')
          const userKey = userKeyFromProtocols(req.headers['sec-websocket-protocol'])
          const receivesPresence = url.searchParams.get('presence') !== 'none'
          const connection = new Connection(ws, id, grant.capability, receivesPresence, userKey && userIdOfKey(userKey), rooms, limits, log)
          void connection.start()
        })
        .catch((err) => {
          log.error({ err, board: id }, 'authorisation failed')
          refuse(CloseCode.TryAgainLater, 'cannot check the link now')
        })
    })
  })

  return {
    http: server,
    rooms,
    storage,
    log,
    analysisWorker,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(config.port, config.host, () => {
          port = (server.address() as AddressInfo).port
          resolve(port)
        })
      }),
    close: async () => {
      stopHeartbeat()
      for (const client of wss.clients) client.close(CloseCode.TryAgainLater, 'server shutting down')
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rooms.closeAll()
      await analysisWorker.close()
      await storage.close()
    },
  }
}
