import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { recordsKV, type StoredRecord } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { installJitteredReconnect } from '../lib/client/reconnect'
import { connect, createBoard, spawnServer, tempDir, waitFor, type ServerProcess, type TestClient } from './testing/harness'

const BOARDS = 20
const PER_BOARD = 50

let proc: ServerProcess | null = null
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await proc?.kill()
  proc = null
})

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

describe('a reconnect storm', () => {
  it('1,000 clients reconnect at once after a server restart: all resync, none gets stuck', async () => {
    const dataDir = tempDir()
    const port = await freePort()
    const env = { STORAGE: 'sqlite', DATA_DIR: dataDir, PORT: String(port) }
    proc = await spawnServer(env)
    const base = `http://127.0.0.1:${port}`
    const boards = await Promise.all(Array.from({ length: BOARDS }, () => createBoard(base, { template: 'blank' })))
    const stops: (() => void)[] = []
    for (const board of boards) {
      for (let i = 0; i < PER_BOARD; i++) {
        const client = connect(`ws://127.0.0.1:${port}/yjs`, board)
        // Our browsers' policy: jittered exponential backoff instead of the stock lock-step.
        stops.push(installJitteredReconnect(client.provider as never, { baseMs: 100, maxMs: 2000 }))
        clients.push(client)
      }
    }
    await waitFor(() => clients.every((c) => c.provider.synced), 60_000, 'all 1,000 synced')

    await proc.kill('SIGTERM')
    await waitFor(() => clients.every((c) => !c.provider.wsconnected), 20_000, 'all saw the server go')
    proc = await spawnServer(env)
    await waitFor(() => clients.every((c) => c.provider.synced), 60_000, 'all 1,000 resynced')

    // And the board still works for everyone on it: one edit reaches the other 49.
    const [writer, ...others] = clients.slice(0, PER_BOARD)
    recordsKV(writer.doc).set('shape:after-storm', geoShape('after-storm', 1, 1) as unknown as StoredRecord)
    await waitFor(() => others.every((c) => recordsKV(c.doc).get('shape:after-storm') !== undefined), 20_000, 'edit after the storm')
    expect(clients.filter((c) => c.closes.some((code) => code >= 4400 && code < 4500))).toHaveLength(0)
    for (const stop of stops) stop()
  }, 180_000)
})
