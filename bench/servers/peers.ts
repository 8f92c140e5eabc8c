/**
 * The two peer servers, each in its own child process. Rooms are just names for them (a
 * document exists once a client opens it); records go into a plain Y.Map. Also the bare
 * relay of the generator floor.
 */
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { spawnChild } from './process'
import type { BenchServer, Room, StartOptions } from './types'

const nameRoom = async (hint: string): Promise<Room> => ({ name: `${hint}-${randomUUID().slice(0, 8)}`, params: {} })

export async function startReference(options: StartOptions): Promise<BenchServer> {
  const ldb = path.join(options.dataDir, 'leveldb')
  fs.mkdirSync(ldb, { recursive: true })
  const child = await spawnChild({
    script: 'bench/servers/reference.child.ts',
    env: { YPERSISTENCE: ldb },
    cpuProfDir: options.cpuProfDir,
  })
  return {
    kind: 'reference',
    child,
    pid: child.pid,
    port: child.port,
    wsBase: `ws://127.0.0.1:${child.port}`,
    schema: 'map',
    adapter: 'none',
    options,
    createRoom: nameRoom,
    stop: () => child.stop(),
  }
}

export async function startHocuspocus(options: StartOptions): Promise<BenchServer> {
  fs.mkdirSync(options.dataDir, { recursive: true })
  const child = await spawnChild({
    script: 'bench/servers/hocuspocus.child.ts',
    env: { DATA_DIR: options.dataDir },
    cpuProfDir: options.cpuProfDir,
  })
  return {
    kind: 'hocuspocus',
    child,
    pid: child.pid,
    port: child.port,
    wsBase: `ws://127.0.0.1:${child.port}`,
    schema: 'map',
    adapter: 'hocuspocus',
    options,
    createRoom: nameRoom,
    stop: () => child.stop(),
  }
}

/**
 * The generator floor: a bare relay (relay.child.ts). Clients use our records array, so its
 * receivers do the same work as ours's.
 */
export async function startRelay(options: StartOptions): Promise<BenchServer> {
  const child = await spawnChild({ script: 'bench/servers/relay.child.ts', env: {}, cpuProfDir: options.cpuProfDir })
  return {
    kind: 'relay',
    child,
    pid: child.pid,
    port: child.port,
    wsBase: `ws://127.0.0.1:${child.port}`,
    schema: 'kv',
    adapter: 'none',
    options,
    createRoom: nameRoom,
    stop: () => child.stop(),
  }
}
