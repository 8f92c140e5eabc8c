/**
 * The sync server without Next.js pages (API + websocket only): what the durability tests
 * kill with SIGKILL and what the benchmarks drive. Prints one JSON line `{"port":N}` when
 * it listens.
 */
import { loadConfig } from './config'
import { createCoalitionServer } from './app'

const server = createCoalitionServer(loadConfig())
const port = await server.listen()
process.stdout.write(JSON.stringify({ port }) + '\n')
const stop = () => void server.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
