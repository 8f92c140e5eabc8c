/**
 * Runs the network metrics off the event loop (betweenness on a big board takes most of a
 * second; sync must not wait for it). One message in, one message out.
 */
import { parentPort } from 'node:worker_threads'
import { computeMetrics } from '../lib/analysis'
import type { CoalitionSnapshot } from '../lib/analysis'

parentPort!.on('message', (message: { id: number; snapshot: CoalitionSnapshot }) => {
  try {
    parentPort!.postMessage({ id: message.id, metrics: computeMetrics(message.snapshot) })
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: (err as Error).message })
  }
})
