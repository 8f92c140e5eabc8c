/**
 * The reference server as a child process: @y/websocket-server's `setupWSConnection` behind
 * an http server and a WebSocketServer from the `ws` that package itself resolves (exactly
 * what its `src/server.js` does), listening on HOST:PORT (port 0 = ephemeral).
 *
 * Persistence is ON: `YPERSISTENCE` (set by the parent) makes the package store every update
 * in LevelDB (y-leveldb) as shipped. On SIGTERM the LevelDB queue is drained before exit.
 */
import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { getPersistence, setupWSConnection } from '@y/websocket-server/utils'

if (!process.env.YPERSISTENCE) throw new Error('YPERSISTENCE must name the LevelDB directory')

// The `ws` the package depends on (its own nested copy), as its server.js imports it.
const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('@y/websocket-server/utils'))
const ws = requireFromPackage('ws') as { Server: typeof import('ws').WebSocketServer }

const wss = new ws.Server({ noServer: true })
wss.on('connection', setupWSConnection)
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('okay')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (conn) => wss.emit('connection', conn, request))
})
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n')
})

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  for (const conn of wss.clients) conn.terminate()
  server.close()
  const persistence = getPersistence() as { provider?: { destroy(): Promise<void> } } | null
  await persistence?.provider?.destroy()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
