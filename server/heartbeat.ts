/**
 * Finds sockets whose other end went away without a word: a phone that lost the venue's
 * wifi, a laptop shut mid-session. TCP keeps such a socket open for hours, and with it the
 * person's place in /healthz, in the room and in the per-address limit (a venue's phones share
 * one address). Every interval each socket is pinged; one that has not answered the previous
 * ping is terminated, which closes its connection as any close does (its presence goes too).
 * A dead socket therefore goes within two intervals. Browsers answer pings by themselves,
 * without JavaScript, so a page busy loading a big board still answers.
 */
import type { WebSocket, WebSocketServer } from 'ws'

/** Starts pinging every socket of `wss`; returns the function that stops it. */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {}
  const awaitingPong = new WeakSet<WebSocket>()
  const watched = new WeakSet<WebSocket>()
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!watched.has(ws)) {
        watched.add(ws)
        ws.on('pong', () => awaitingPong.delete(ws))
      }
      if (awaitingPong.has(ws)) {
        ws.terminate()
        continue
      }
      awaitingPong.add(ws)
      ws.ping()
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
