/**
 * Hocuspocus 4 with its SQLite extension, as a child process. Default configuration (store
 * debounce 2 s / max 10 s, per-turn broadcast coalescing), no auth hook (any token passes),
 * the database file in the parent's DATA_DIR. On SIGTERM it flushes pending stores and exits.
 */
import path from 'node:path'
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR must be set')

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [new SQLite({ database: path.join(dataDir, 'hocuspocus.sqlite') })],
})
await server.listen()
process.stdout.write(JSON.stringify({ port: server.address.port }) + '\n')

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await server.destroy()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
