import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { boardProtocols } from './linkToken'
import { isUserKey, newUserKey, userIdOfKey, userKeyFromProtocols, userKeyProtocol } from './userKey'

describe('user keys', () => {
  it("an id is the key's SHA-256 (as Node computes it), base64url, 22 characters", () => {
    const key = newUserKey()
    expect(isUserKey(key)).toBe(true)
    expect(userIdOfKey(key)).toBe(createHash('sha256').update(key).digest('base64url').slice(0, 22))
    expect(userIdOfKey(key)).not.toBe(userIdOfKey(newUserKey()))
  })

  it('rides the subprotocol list beside the link token; a malformed one is no key', () => {
    const key = newUserKey()
    const header = [...boardProtocols('tok'), userKeyProtocol(key)].join(', ')
    expect(userKeyFromProtocols(header)).toBe(key)
    expect(userKeyFromProtocols(boardProtocols('tok').join(', '))).toBeNull()
    expect(userKeyFromProtocols('coalition-canvas, user.short')).toBeNull()
    expect(userKeyFromProtocols(undefined)).toBeNull()
  })
})
