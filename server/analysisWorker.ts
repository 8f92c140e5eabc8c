/**
 * The analysis process (see analysisPool.ts): replicas of big boards, analysed on request.
 * Messages arrive in order, so an analysis sees every update sent before it.
 */
import fs from 'node:fs'
import os from 'node:os'
import * as Y from 'yjs'
import { buildModel, coreOfModel, MetricsMemo } from '../lib/analysis'
import { IncrementalSnapshot } from '../lib/board/incrementalSnapshot'
import type { CoalitionSnapshot } from '../lib/analysis/snapshot'
import { createHash } from 'node:crypto'
import { recordsKV } from '../lib/doc/schema'
import { readCore, readMetrics, sameEntry } from '../lib/doc/analysisEntry'
import type { WorkerAnalysis, WorkerReply, WorkerRequest } from './analysisPool'

// The lowest CPU priority (nice 19) for every thread of this process: on a small machine the
// server's event loop, which relays everyone's edits, must win over a long analysis and its
// garbage collection, which use whatever CPU is left. Linux keeps a nice value per thread,
// and V8's helper threads exist before this line runs, so each one is lowered by its id;
// threads started later inherit the value.
function lowerPriority(): void {
  let threads: number[] = []
  try {
    threads = fs.readdirSync('/proc/self/task').map(Number)
  } catch {
    // Not Linux: the process's own priority is all there is.
  }
  for (const thread of threads.length ? threads : [0]) {
    try {
      os.setPriority(thread, 19)
    } catch {
      // Not permitted here: the analysis still runs, at normal priority.
    }
  }
}
lowerPriority()

function send(reply: WorkerReply): void {
  process.send!(reply)
}

// The server is gone (even killed): nothing left to analyse for.
process.on('disconnect', () => process.exit(0))

interface Replica {
  doc: Y.Doc
  /** The board's snapshot, kept up to date from the records each update changes. */
  extraction: IncrementalSnapshot
  lastSnapshot: CoalitionSnapshot | null
  lastInput: string
  metrics: MetricsMemo
}

const boards = new Map<string, Replica>()

function analyse(board: string, settings: Extract<WorkerRequest, { type: 'analyse' }>['settings']): WorkerAnalysis {
  const replica = boards.get(board)
  if (!replica) throw new Error(`board ${board} is not open in the analysis process`)
  const snapshot = replica.extraction.snapshot(settings)
  if (snapshot === replica.lastSnapshot) return { unchanged: true }
  replica.lastSnapshot = snapshot
  // A new snapshot may still read the same (a card moved within its ring).
  const input = replica.extraction.json(settings)
  if (input === replica.lastInput) return { unchanged: true }
  replica.lastInput = input
  const model = buildModel(snapshot)
  const core = coreOfModel(model)
  const metrics = replica.metrics.computeForModel(model)
  // Compared with what the board holds, so the event loop neither compares nor rewrites
  // a large result that did not change; what changed leaves as text (analysisEntry.ts).
  return {
    unchanged: false,
    inputHash: createHash('sha256').update(input).digest('base64url').slice(0, 22),
    summary: { phase: core.phase, scores: core.scores },
    coreJson: sameEntry(readCore(replica.doc), core) ? null : JSON.stringify(core),
    metricsJson: sameEntry(readMetrics(replica.doc), metrics) ? null : JSON.stringify(metrics),
  }
}

process.on('message', (message: WorkerRequest) => {
  switch (message.type) {
    case 'open': {
      const doc = new Y.Doc()
      for (const update of message.state) Y.applyUpdate(doc, update)
      boards.get(message.board)?.doc.destroy()
      boards.set(message.board, { doc, extraction: new IncrementalSnapshot(recordsKV(doc)), lastSnapshot: null, lastInput: '', metrics: new MetricsMemo() })
      return
    }
    case 'update': {
      const replica = boards.get(message.board)
      if (replica) Y.applyUpdate(replica.doc, message.update)
      return
    }
    case 'close':
      boards.get(message.board)?.doc.destroy()
      boards.delete(message.board)
      return
    case 'encode': {
      const replica = boards.get(message.board)
      if (!replica) {
        send({ id: message.id, error: `board ${message.board} is not open in the analysis process` })
        return
      }
      let state: Uint8Array
      try {
        state = Y.encodeStateAsUpdate(replica.doc, message.stateVector)
      } catch (err) {
        send({ id: message.id, error: (err as Error).message })
        return
      }
      send({ id: message.id, state })
      return
    }
    case 'analyse': {
      let reply: WorkerReply
      try {
        reply = { id: message.id, result: analyse(message.board, message.settings) }
      } catch (err) {
        reply = { id: message.id, error: (err as Error).message }
      }
      send(reply)
      return
    }
  }
})
