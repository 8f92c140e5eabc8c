/**
 * How a browser hands the board's socket its link token: in the WebSocket subprotocol list,
 * not in the URL. A socket's URL is printed by the browser's console when the socket fails,
 * by y-websocket's own warnings, and by the access log of any proxy in front of the server;
 * the Sec-WebSocket-Protocol header is none of these. (`?token=` still works, for scripts.)
 *
 * The browser offers [BOARD_PROTOCOL, `token.<token>`]; the server answers BOARD_PROTOCOL,
 * as a browser that offered subprotocols requires. Tokens are base64url, whose characters are
 * all allowed in a subprotocol name.
 */
export const BOARD_PROTOCOL = 'coalition-canvas'
const TOKEN_PREFIX = 'token.'

/** The subprotocols a client offers to open a board with `token`. */
export function boardProtocols(token: string): string[] {
  return [BOARD_PROTOCOL, TOKEN_PREFIX + token]
}

/** The token in a Sec-WebSocket-Protocol header's list, or null when it offers none. */
export function tokenFromProtocols(header: string | string[] | undefined): string | null {
  return offeredAfter(header, TOKEN_PREFIX)
}

/** What follows `prefix` in the first subprotocol of the header's list that starts with it. */
export function offeredAfter(header: string | string[] | undefined, prefix: string): string | null {
  if (typeof header !== 'string') return null
  for (const offered of header.split(',')) {
    const name = offered.trim()
    if (name.startsWith(prefix)) return name.slice(prefix.length)
  }
  return null
}
