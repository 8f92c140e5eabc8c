/**
 * The analysis process (see analysisPool.ts): replicas of big boards, analysed on request.
 * Messages arrive in order, so an analysis sees every update sent before it.
 */
import fs from 'node:fs'
import os from 'node:os'
import * as Y from 'yjs'
import type { WorkerAnalysis, WorkerReply, WorkerRequest } from './analysisPool'
import { BoardAnalysis } from './boardAnalysis'

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
  analysis: BoardAnalysis
}

const boards = new Map<string, Replica>()

function analyse(board: string, settings: Extract<WorkerRequest, { type: 'analyse' }>['settings']): WorkerAnalysis {
  const replica = boards.get(board)
  if (!replica) throw new Error(`board ${board} is not open in the analysis process`)
  const fresh = replica.analysis.next(settings)
  if (!fresh) return { unchanged: true }
  // Only what changed leaves, as text: the event loop neither compares nor rewrites a large
  // result that did not change (analysisEntry.ts).
  return {
    unchanged: false,
    inputHash: fresh.inputHash,
    summary: { phase: fresh.core.phase, scores: fresh.core.scores },
    coreJson: fresh.coreChanged ? JSON.stringify(fresh.core) : null,
    metricsJson: fresh.metricsChanged ? JSON.stringify(fresh.metrics) : null,
  }
}

process.on('message', (message: WorkerRequest) => {
  switch (message.type) {
    case 'open': {
      const doc = new Y.Doc()
      for (const update of message.state) Y.applyUpdate(doc, update)
      boards.get(message.board)?.doc.destroy()
      boards.set(message.board, { doc, analysis: new BoardAnalysis(doc) })
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
