import { describe, expect, it, vi } from 'vitest'
import { closeAfterEach } from './closeAfterEach'
import { createBoard } from './harness'

/** A closeAfterEach whose after-each hook the test runs itself. */
function withHook() {
  let hook: (() => Promise<void>) | null = null
  const opened = closeAfterEach((fn) => (hook = fn))
  return { opened, runHook: () => hook!() }
}

describe('closeAfterEach', () => {
  it('closes in the reverse of the order things were opened, awaiting each, once', async () => {
    const { opened, runHook } = withHook()
    const closed: string[] = []
    const later = (name: string) => new Promise<void>((r) => setTimeout(() => r(void closed.push(name)), 20))
    expect(opened.add('server', later)).toBe('server')
    opened.add('socket', later)
    opened.add('client', (name) => closed.push(name))
    await runHook()
    expect(closed).toEqual(['client', 'socket', 'server'])
    await runHook()
    expect(closed).toHaveLength(3)
  })

  it('runs every closer when one throws, then fails with the first error', async () => {
    const { opened, runHook } = withHook()
    const closed: string[] = []
    opened.add('a', (name) => closed.push(name))
    opened.add('b', () => Promise.reject(new Error('b')))
    opened.add('c', () => {
      throw new Error('c')
    })
    opened.add('d', (name) => closed.push(name))
    await expect(runHook()).rejects.toThrow('c')
    expect(closed).toEqual(['d', 'a'])
    await runHook()
  })

  it('closes one thing at once, and not again after the test', async () => {
    const { opened, runHook } = withHook()
    const close = vi.fn(() => 'closed')
    const thing = opened.add({}, close)
    expect(opened.close(thing)).toBe('closed')
    expect(opened.close(thing)).toBeUndefined()
    expect(opened.close({})).toBeUndefined()
    await runHook()
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('destroys a client before it closes the server the client uses', async () => {
    const { opened, runHook } = withHook()
    const server = await opened.server()
    const client = opened.client(server.wsUrl, await createBoard(server.baseUrl))
    await client.synced()
    const [close, destroy] = [vi.spyOn(server, 'close'), vi.spyOn(client, 'destroy')]
    await runHook()
    expect(destroy).toHaveBeenCalledOnce()
    expect(close).toHaveBeenCalledOnce()
    expect(destroy.mock.invocationCallOrder[0]).toBeLessThan(close.mock.invocationCallOrder[0])
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow()
  })
})
