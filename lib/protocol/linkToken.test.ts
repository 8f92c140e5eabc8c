import { describe, expect, it } from 'vitest'
import { BOARD_PROTOCOL, boardProtocols, tokenFromProtocols } from './linkToken'

describe('the link token in the subprotocol list', () => {
  it('is read back from the header a client sends', () => {
    expect(tokenFromProtocols(boardProtocols('aB3_-x').join(', '))).toBe('aB3_-x')
    expect(tokenFromProtocols(`token.abc,${BOARD_PROTOCOL}`)).toBe('abc')
  })

  it('is absent when the header is missing, repeated or offers no token', () => {
    expect(tokenFromProtocols(undefined)).toBeNull()
    expect(tokenFromProtocols(['token.a', 'token.b'])).toBeNull()
    expect(tokenFromProtocols(BOARD_PROTOCOL)).toBeNull()
    expect(tokenFromProtocols('')).toBeNull()
  })

  it('hands an empty token on as empty, for the server to refuse', () => {
    expect(tokenFromProtocols(`${BOARD_PROTOCOL}, token.`)).toBe('')
  })
})
