/**
 * Scenario 3: cold load of a large board.
 *
 * The board's records are built once (geoShapes, enough for `targetBytes` encoded), then a
 * client uploads them through the server's normal path: it connects, syncs, and writes them
 * (1,000 records per transaction, so one update frame of ~400 KB each). A second client confirms the server has them (for
 * ours that means they are stored: fan-out follows the append). Then, `repeats` times: a
 * graceful restart (each server stores what it holds), and a new client's connect → all
 * records present ("usable"), with the arrival of the document's last large frame as the
 * server-side part. Server RSS is read before and after the load: memory per loaded board.
 */
import * as Y from 'yjs'
import { RecordStore } from '../../lib/doc/recordStore'
import { memory, restartServer, type BenchServer, type RecordSchema } from '../servers'
import { openClient, until } from '../load/single'
import { now } from '../load/client'
import { median, sleep } from '../stats'

export interface ColdLoadOptions {
  targetBytes: number
  repeats: number
  /** A valid record to copy (geoShape); ids and positions vary. */
  template: Record<string, unknown>
  timeoutMs: number
}

export interface ColdLoadResult {
  records: number
  /** Encoded size of the loaded document, as the loading client has it. */
  encodedBytes: number
  uploadMs: number
  /** connect → all records present, per restart (ms). */
  coldMs: number[]
  /** connect → last large frame arrived, per restart (ms). */
  coldReceivedMs: number[]
  coldMedianMs: number
  coldReceivedMedianMs: number
  /** A second client while the board is loaded. */
  warmMs: number
  restartMs: number
  rssBaseline: number
  rssLoaded: number
  /** (rssLoaded - rssBaseline) / encodedBytes. */
  memoryRatio: number
}

export function buildRecords(template: Record<string, unknown>, count: number): { id: string }[] {
  const colors = ['black', 'blue', 'green', 'red', 'violet', 'orange']
  const geos = ['rectangle', 'ellipse', 'diamond', 'hexagon']
  const props = template.props as Record<string, unknown>
  return Array.from({ length: count }, (_, i) => ({
    ...template,
    id: `shape:load-${i}`,
    x: (i % 100) * 130,
    y: Math.floor(i / 100) * 130,
    props: { ...props, color: colors[i % colors.length], geo: geos[i % geos.length], w: 100 + (i % 7), h: 80 + (i % 5) },
  }))
}

/** How many records make `targetBytes` when encoded in `schema` (measured on a sample). */
export function recordsFor(template: Record<string, unknown>, schema: RecordSchema, targetBytes: number): number {
  const sample = 1000
  const doc = new Y.Doc()
  const records = buildRecords(template, sample)
  if (schema === 'kv') {
    const kv = new RecordStore<{ id: string }>(doc.getArray('records'))
    kv.setMany(records.map((r) => [r.id, r]))
  } else {
    const map = doc.getMap<{ id: string }>('records')
    doc.transact(() => records.forEach((r) => map.set(r.id, r)))
  }
  const perRecord = Y.encodeStateAsUpdate(doc).length / sample
  doc.destroy()
  return Math.max(1, Math.ceil(targetBytes / perRecord))
}

export async function runColdLoad(initial: BenchServer, options: ColdLoadOptions): Promise<{ server: BenchServer; result: ColdLoadResult }> {
  let server = initial
  const count = recordsFor(options.template, server.schema, options.targetBytes)
  const records = buildRecords(options.template, count)
  const room = await server.createRoom('coldload')

  // Upload through the normal path, confirmed by a second client.
  const uploader = openClient(server, room)
  const observer = openClient(server, room)
  let uploadMs: number
  try {
    await until(() => uploader.provider.synced && observer.provider.synced, options.timeoutMs, 'upload clients synced')
    const base = observer.count()
    const t0 = now()
    uploader.put(records)
    await until(() => observer.count() >= base + count, options.timeoutMs, 'upload to reach the second client')
    uploadMs = now() - t0
  } finally {
    uploader.destroy()
    observer.destroy()
  }
  await sleep(500)

  const coldMs: number[] = []
  const coldReceivedMs: number[] = []
  let encodedBytes = 0
  let rssBaseline = 0
  let rssLoaded = 0
  let warmMs = 0
  let restartMs = 0
  for (let i = 0; i < options.repeats; i++) {
    const r0 = now()
    server = await restartServer(server)
    restartMs = now() - r0
    await sleep(1000)
    rssBaseline = memory(server.pid).rss
    const t0 = now()
    const cold = openClient(server, room)
    try {
      await until(() => cold.provider.synced && cold.count() >= count, options.timeoutMs, 'cold load')
      coldMs.push(now() - t0)
      coldReceivedMs.push((cold.lastLargeFrameAt() || now()) - t0)
      encodedBytes = Y.encodeStateAsUpdate(cold.doc).length
      if (i === options.repeats - 1) {
        await sleep(1500)
        rssLoaded = memory(server.pid).rss
        const w0 = now()
        const warm = openClient(server, room)
        try {
          await until(() => warm.provider.synced && warm.count() >= count, options.timeoutMs, 'warm load')
          warmMs = now() - w0
        } finally {
          warm.destroy()
        }
      }
    } finally {
      cold.destroy()
    }
  }
  return {
    server,
    result: {
      records: count,
      encodedBytes,
      uploadMs,
      coldMs,
      coldReceivedMs,
      coldMedianMs: median(coldMs),
      coldReceivedMedianMs: median(coldReceivedMs),
      warmMs,
      restartMs,
      rssBaseline,
      rssLoaded,
      memoryRatio: (rssLoaded - rssBaseline) / Math.max(1, encodedBytes),
    },
  }
}
