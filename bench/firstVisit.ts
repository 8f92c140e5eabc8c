/**
 * The first visitors of a big board: the 1,000-actor board of the browser bench is imported
 * into a fresh server (in-memory store, production mode), then four clients connect one after
 * another (stock y-websocket provider, empty document) and each is timed from `new` until
 * synced. The first one makes the server load the board; later ones find it loaded, and from
 * the second on, changed by the analyser's first result.
 *
 * `node --import tsx bench/firstVisit.ts [actors] [ties]` prints one line per client.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { generateSnapshot } from '../lib/analysis/generate'

const root = path.resolve(import.meta.dirname, '..')
const [actors = 1000, ties = 3000] = process.argv.slice(2).map(Number)

const server = spawn(process.execPath, ['--import', 'tsx', 'server/standalone.ts'], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'info', NODE_ENV: 'production' },
  stdio: ['ignore', 'pipe', 'inherit'],
})
try {
  // The server logs the port it listens on (pino JSON, one object per line).
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (chunk) => {
      out += chunk
      const match = /"port":(\d+)/.exec(out)
      if (match) resolve(Number(match[1]))
    })
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const base = `http://127.0.0.1:${port}`
  const res = await fetch(`${base}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-file-name': 'big.json' },
    body: JSON.stringify(generateSnapshot({ actors, ties, seed: 1000 })),
  })
  if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`)
  const board = (await res.json()) as { id: string; tokens: { edit: string } }
  for (let i = 0; i < 4; i++) {
    const doc = new Y.Doc()
    const started = performance.now()
    const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, board.id, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token: board.tokens.edit },
    })
    await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()))
    const ms = performance.now() - started
    console.log(`visitor ${i + 1}: synced after ${ms.toFixed(0)} ms (${Y.encodeStateAsUpdate(doc).length} B)`)
    provider.destroy()
    doc.destroy()
  }
} finally {
  server.kill('SIGTERM')
}
