/**
 * Closing what a test opened, for vitest tests only: harness.ts stays free of vitest, as the
 * Playwright tests import it.
 */
import { afterEach } from 'vitest'
import { connect, startServer, type TestClient, type TestServer } from './harness'

/**
 * What a test opens (servers, y-websocket clients, raw sockets, child processes), closed after
 * each test in the reverse of the order it was opened: clients before the server they use.
 * Every closer runs, each awaited, even when one throws; the first error fails the test.
 * Call once per test file or describe block (`after` is vitest's afterEach but in this helper's own test).
 */
export function closeAfterEach(after: (hook: () => Promise<void>) => void = afterEach) {
  const open: { thing: unknown; close: () => unknown }[] = []
  after(async () => {
    let failed: { error: unknown } | null = null
    for (const { close } of open.splice(0).reverse()) {
      try {
        await close()
      } catch (error) {
        failed ??= { error }
      }
    }
    if (failed) throw failed.error
  })
  const add = <T>(thing: T, close: (thing: T) => unknown): T => {
    open.push({ thing, close: () => close(thing) })
    return thing
  }
  return {
    /** `startServer`, closed after the test. */
    server: async (...args: Parameters<typeof startServer>): Promise<TestServer> => add(await startServer(...args), (s) => s.close()),
    /** `connect`, destroyed after the test. */
    client: (...args: Parameters<typeof connect>): TestClient => add(connect(...args), (c) => c.destroy()),
    /** Anything else, with how to close it: `ws.terminate()`, `proc.kill()`, any clean-up. */
    add,
    /** Closes `thing` now if it is still open here (what its closer returns), and not again after the test. */
    close(thing: unknown): unknown {
      const i = open.findLastIndex((o) => o.thing === thing)
      return i < 0 ? undefined : open.splice(i, 1)[0].close()
    },
  }
}
