/**
 * Our server: `server/standalone.ts` (API + websocket, no Next) with SQLite persistence in the
 * scenario's data directory. Boards are created through `POST /api/boards` (blank template);
 * when the answer carries `tokens.edit` (the coming auth), it is passed as `?token=`.
 */
import { spawnChild } from './process'
import type { BenchServer, Room, StartOptions } from './types'

export async function startOurs(options: StartOptions): Promise<BenchServer> {
  const child = await spawnChild({
    script: 'server/standalone.ts',
    env: { STORAGE: 'sqlite', DATA_DIR: options.dataDir, ROOM_IDLE_MS: '30000' },
    cpuProfDir: options.cpuProfDir,
  })
  const base = `http://127.0.0.1:${child.port}`
  return {
    kind: 'ours',
    child,
    pid: child.pid,
    port: child.port,
    wsBase: `ws://127.0.0.1:${child.port}/yjs`,
    schema: 'kv',
    adapter: 'none',
    options,
    createRoom: async (hint: string): Promise<Room> => {
      const res = await fetch(`${base}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bench ${hint}`.slice(0, 200), template: 'blank' }),
      })
      if (res.status !== 201) throw new Error(`POST /api/boards: ${res.status} ${await res.text()}`)
      const body = (await res.json()) as { id: string; tokens?: { edit?: string } }
      return { name: body.id, params: body.tokens?.edit ? { token: body.tokens.edit } : {}, userKeys: true }
    },
    stop: () => child.stop(),
  }
}
