/**
 * Finds sockets whose other end went away without a word: a phone that lost the venue's
 * wifi, a laptop shut mid-session. TCP keeps such a socket open for hours, and with it the
 * person's place in /healthz, in the room and in the per-address limit (a venue's phones share
 * one address). Every interval each socket is pinged; one not heard from (a pong or any
 * message) for more than SILENT_INTERVALS whole intervals is terminated, which closes its
 * connection as any close does (its presence goes too).
 *
 * Any message counts, not only pongs: a ping waits behind what was queued before it, so a
 * phone on mobile data taking a 4 MB board answers it late, but meanwhile it still sends its
 * presence (y-protocols renews it every ~15 s). Browsers answer pings by themselves, without
 * JavaScript, so a page busy loading a big board still answers once the ping reaches it.
 */
import type { WebSocket, WebSocketServer } from 'ws'

/**
 * Whole intervals of silence after which a socket is taken for dead: it goes 2 to 3 intervals
 * after it was last heard (30-45 s at the default 15 s, against presence renewed every ~15 s).
 */
const SILENT_INTERVALS = 2

/** Starts pinging every socket of `wss`; returns the function that stops it. */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {}
  let tick = 0
  /** The tick in which each socket was last heard from. */
  const lastHeard = new WeakMap<WebSocket, number>()
  const timer = setInterval(() => {
    tick++
    for (const ws of wss.clients) {
      if (!lastHeard.has(ws)) {
        const heard = () => lastHeard.set(ws, tick)
        heard()
        ws.on('pong', heard)
        ws.on('message', heard)
      }
      if (tick - lastHeard.get(ws)! > SILENT_INTERVALS) ws.terminate()
      else ws.ping()
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
