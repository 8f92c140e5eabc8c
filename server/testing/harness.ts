/**
 * Test harness: a real server on port 0 and real y-websocket clients (the stock provider,
 * with `ws` as its WebSocket), plus `waitFor` so no test sleeps a fixed time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import pino from 'pino'
import { WebsocketProvider } from 'y-websocket'
import { loadConfig, type Config } from '../config'
import { createCoalitionServer, type CoalitionServer } from '../app'
import type { BoardStorage } from '../storage/types'

export function tempDir(prefix = 'cc-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({} as NodeJS.ProcessEnv), port: 0, host: '127.0.0.1', storage: 'memory', logLevel: 'silent', ...overrides }
}

export interface TestServer {
  server: CoalitionServer
  port: number
  baseUrl: string
  wsUrl: string
  close(): Promise<void>
}

export async function startServer(overrides: Partial<Config> = {}, storage?: BoardStorage): Promise<TestServer> {
  const config = testConfig(overrides)
  const server = createCoalitionServer(config, { storage, log: pino({ level: 'silent' }) })
  const port = await server.listen()
  return {
    server,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    close: () => server.close(),
  }
}

export type Tokens = { facilitate: string; edit: string; view: string }
const boardTokenRegistry = new Map<string, Tokens>()

/** Creates a board through the API; its tokens are kept for `connect` and `boardTokens`. */
export async function createBoard(baseUrl: string, body: object = {}): Promise<string> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`)
  const answer = (await res.json()) as { id: string; tokens: Tokens }
  boardTokenRegistry.set(answer.id, answer.tokens)
  return answer.id
}

export function boardTokens(boardId: string): Tokens {
  const tokens = boardTokenRegistry.get(boardId)
  if (!tokens) throw new Error(`no tokens known for board ${boardId}`)
  return tokens
}

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close codes this client received. */
  closes: number[]
  synced(): Promise<void>
  destroy(): void
}

/**
 * A stock y-websocket client, its token in `params` (as scripts send it) or in `protocols` (as
 * browsers do); by default with the board's edit token.
 */
export function connect(wsUrl: string, boardId: string, params: Record<string, string> = {}, protocols: string[] = []): TestClient {
  if (!('token' in params) && !protocols.length && boardTokenRegistry.has(boardId)) params = { ...params, token: boardTokenRegistry.get(boardId)!.edit }
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
    protocols,
    maxBackoffTime: 200,
  })
  const closes: number[] = []
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code)
  })
  return {
    doc,
    provider,
    closes,
    synced: () => waitFor(() => provider.synced, 10_000, 'client synced'),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/**
 * Calls `onUpdate` with each awareness update the client sends over its current socket from
 * now on (the update, and the whole frame's size in bytes).
 */
export function onPresenceSent(client: TestClient, onUpdate: (update: Uint8Array, frameBytes: number) => void): void {
  const ws = client.provider.ws!
  const send = ws.send.bind(ws)
  ws.send = (data: Uint8Array) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(decoder) === 1) onUpdate(decoding.readVarUint8Array(decoder), data.byteLength)
    send(data)
  }
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** The standalone server as a child process (so it can be killed with SIGKILL). */
export interface ServerProcess {
  child: ChildProcess
  port: number
  kill(signal?: NodeJS.Signals): Promise<void>
}

export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const root = path.resolve(import.meta.dirname, '../..')
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/standalone.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('server process did not start')), 20_000)
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n').find((l) => l.startsWith('{"port"'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).port)
      }
    })
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)))
  })
  return {
    child,
    port,
    kill: (signal = 'SIGKILL') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill(signal)
      }),
  }
}

/** The seeded PRNG of the analyser (mulberry32), for seeded random edits. */
export { mulberry32 as seededRandom } from '../../lib/analysis/metrics'
