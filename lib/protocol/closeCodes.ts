/**
 * Websocket close codes shared by server and client.
 *
 * The stock y-websocket provider treats 4400–4499 as final (it stops reconnecting), and
 * every other code as transient (it backs off and retries). So "the client did something we
 * will never accept" lives in 44xx, and "come back later" is 1013.
 */
export const CloseCode = {
  /** A frame that is not a well-formed y-websocket message, or an invalid Yjs update. */
  Malformed: 4400,
  /** Missing, invalid, revoked or other-board token. */
  Unauthorized: 4401,
  /** The capability does not allow this (a view connection writing). */
  Forbidden: 4403,
  /** The board does not exist. */
  NotFound: 4404,
  /** A frame, or the resulting document, over the size limit. */
  TooLarge: 4413,
  /** Too many messages per second. */
  TooManyMessages: 4429,
  /**
   * The connection stopped reading while data for it piled up on the server. Not final:
   * after a reconnect it syncs afresh.
   */
  SlowReader: 4008,
  /** The server cannot serve this board right now (storage error, shutting down, full). */
  TryAgainLater: 1013,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Codes after which reconnecting is pointless (mirrors the stock provider's rule). */
export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500
}
