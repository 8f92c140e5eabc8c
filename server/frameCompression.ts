/**
 * Websocket compression (permessage-deflate, RFC 7692), off unless COMPRESS_FRAMES_ABOVE is set.
 *
 * What it buys: a board's first sync is the whole document in one message, 4.3 MB for the
 * bench's 1,000-actor board and ~40 KB for the example coalition. Records deflate ~7×: 0.64 MB
 * in ~17 ms at level 1, so a participant joining from a phone over mobile data waits for a
 * seventh of the bytes. Messages below `threshold` (everyday edits and presence) are sent as
 * they are, so a room's fan-out costs no compression.
 *
 * Why it is off by default (measured with 100 stock clients on one board that compress what
 * they send, as browsers do once the extension is on, 10 presence updates a second each):
 * - browsers compress every message they send, so the server inflates every cursor move:
 *   ~170 µs more server CPU per message (server at 36 % vs 19 % of a core);
 * - each connection keeps its zlib contexts while it lasts: ~150 KB more server memory per
 *   connection (~220 vs ~70 KB);
 * - on loopback the first sync arrives ~30 ms later (compressing and inflating it).
 * On a LAN none of that pays; over slow links to a few dozen people it does.
 *
 * A window of 2^13 bytes and memLevel 6 keep the deflate context to ~64 KB (zlib's defaults:
 * ~256 KB) for 13 % more bytes (0.64 vs 0.57 MB). Contexts are reset after each message (no
 * context takeover), so each message decodes on its own.
 *
 * ws inflates within `maxPayload` (MAX_FRAME_BYTES), so a small frame that inflates to more
 * is refused like a large one (4413) and closes only that connection.
 */
import type http from 'node:http'
import type { PerMessageDeflateOptions } from 'ws'

const WINDOW_BITS = 13

export function frameCompression(compressFramesAbove: number): PerMessageDeflateOptions | false {
  if (compressFramesAbove <= 0) return false
  return {
    threshold: compressFramesAbove,
    zlibDeflateOptions: { level: 1, memLevel: 6 },
    serverNoContextTakeover: true,
    clientNoContextTakeover: true,
    serverMaxWindowBits: WINDOW_BITS,
  }
}

/**
 * A client may ask for a smaller server window than ours; ws would then refuse the handshake
 * (400). Browsers never ask; such a client is served uncompressed instead of not at all.
 */
export function dropUnacceptableCompressionOffer(req: http.IncomingMessage): void {
  const offer = req.headers['sec-websocket-extensions']
  const asked = typeof offer === 'string' ? /server_max_window_bits\s*=\s*"?(\d+)/i.exec(offer) : null
  if (asked && Number(asked[1]) < WINDOW_BITS) delete req.headers['sec-websocket-extensions']
}
