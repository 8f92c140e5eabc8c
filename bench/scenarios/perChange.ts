/**
 * Scenario 5: what the analyser peer spends on one change of the 2,000-actor / 10,000-tie
 * board (a card crosses the core border), with the snapshot extracted from every record (as
 * until session 4) and kept up to date from the changed records (lib/board/incrementalSnapshot.ts),
 * alternated on the same document. CPU time of this process (garbage collection included),
 * not wall time: the machine is shared.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { buildModel, coreOfModel, MetricsMemo } from '../../lib/analysis'
import type { CoalitionSnapshot } from '../../lib/analysis/snapshot'
import { IncrementalSnapshot } from '../../lib/board/incrementalSnapshot'
import { extractBoard } from '../../lib/board/snapshot'
import { allRecords, recordsKV } from '../../lib/doc/schema'
import { buildAnalysedBoard } from './analyserRoom'

export interface PerChange {
  actors: number
  ties: number
  changes: number
  /** Median CPU ms per change: extraction, input text and hash, model, core, metrics (reused). */
  wholeMs: number
  incrementalMs: number
  /** Median CPU ms of the extraction and input text alone. */
  wholeExtractMs: number
  incrementalExtractMs: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since)
  return (c.user + c.system) / 1000
}

export async function benchPerChange(changes = 30, actors = 2000, ties = 10_000): Promise<PerChange> {
  const board = await buildAnalysedBoard(actors, ties)
  // The analyser's document receives the board as updates, as the analysis process does.
  const editor = new Y.Doc()
  recordsKV(editor).setMany(board.map((r) => [r.id, r as never]))
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(editor))
  const incremental = new IncrementalSnapshot(recordsKV(doc))
  const ways = {
    whole: { memo: new MetricsMemo(), read: () => { const s = extractBoard(allRecords(doc)).snapshot; return { snapshot: s, input: JSON.stringify(s) } } },
    incremental: { memo: new MetricsMemo(), read: () => ({ snapshot: incremental.snapshot(), input: incremental.json() }) },
  }
  const times = { whole: [] as number[], incremental: [] as number[], wholeExtract: [] as number[], incrementalExtract: [] as number[] }
  const core = board.filter((r: any) => r.type === 'actor' && Math.hypot(r.x + 60, r.y + 30) < 250) as any[]
  const warmUp = 4
  for (let i = 0; i < changes + warmUp; i++) {
    // Out to the allies ring and back, as in the analysed-room row.
    const a = core[Math.floor(i / 2) % core.length]
    const scale = i % 2 ? 1 : 2
    editor.transact(() => recordsKV(editor).set(a.id, { ...a, x: (a.x + 60) * scale - 60, y: (a.y + 30) * scale - 30 }))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(editor, Y.encodeStateVector(doc)))
    for (const name of i % 2 ? (['whole', 'incremental'] as const) : (['incremental', 'whole'] as const)) {
      const way = ways[name]
      const t0 = process.cpuUsage()
      const { snapshot, input } = way.read()
      const extractMs = cpuMs(t0)
      createHash('sha256').update(input).digest('base64url')
      const model = buildModel(snapshot as CoalitionSnapshot)
      coreOfModel(model)
      way.memo.computeForModel(model)
      if (i < warmUp) continue
      times[name].push(cpuMs(t0))
      times[`${name}Extract`].push(extractMs)
    }
  }
  incremental.destroy()
  return {
    actors,
    ties,
    changes,
    wholeMs: median(times.whole),
    incrementalMs: median(times.incremental),
    wholeExtractMs: median(times.wholeExtract),
    incrementalExtractMs: median(times.incrementalExtract),
  }
}
