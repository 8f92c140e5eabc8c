import { startOurs } from './ours'
import { startHocuspocus, startReference, startRelay } from './peers'
import type { BenchServer, ServerKind, StartOptions } from './types'

export * from './types'
export { killAllServers, liveServerCount, resourceSampler, memory, cpuSeconds, trackChild, waitForQuietMachine } from './process'

export function startServer(kind: ServerKind, options: StartOptions): Promise<BenchServer> {
  switch (kind) {
    case 'ours':
      return startOurs(options)
    case 'reference':
      return startReference(options)
    case 'hocuspocus':
      return startHocuspocus(options)
    case 'relay':
      return startRelay(options)
  }
}

/** Graceful stop, then the same server again on the same data (a restart). */
export async function restartServer(server: BenchServer): Promise<BenchServer> {
  await server.stop()
  return startServer(server.kind, server.options)
}
