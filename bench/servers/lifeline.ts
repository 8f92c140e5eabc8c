/**
 * Preloaded (`--import`) into every server child the bench starts: the child exits as soon
 * as its stdin closes, which happens when the bench process dies for any reason (even
 * SIGKILL), so no server is ever left running behind a crashed or killed bench.
 *
 * Worker threads inherit `--import` too, and a worker's stdin ends at once: there this must
 * do nothing, or it would end the server's analysis worker as soon as it starts.
 */
import { isMainThread } from 'node:worker_threads'

if (isMainThread) {
  process.stdin.on('end', () => process.exit(70))
  process.stdin.on('close', () => process.exit(70))
  process.stdin.on('error', () => process.exit(70))
  process.stdin.resume()
}
