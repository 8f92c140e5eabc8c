/**
 * A single worker thread for the network metrics, shared by all boards of this process,
 * started on first use. Requests queue; a crashed worker is replaced.
 */
import { Worker } from 'node:worker_threads'
import type { CoalitionSnapshot, Metrics } from '../lib/analysis'

export class MetricsWorker {
  private worker: Worker | null = null
  private nextId = 1
  private pending = new Map<number, { resolve(m: Metrics): void; reject(e: Error): void }>()

  private ensure(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(new URL('./analysisWorker.mjs', import.meta.url))
    worker.unref()
    worker.on('message', (msg: { id: number; metrics?: Metrics; error?: string }) => {
      const waiter = this.pending.get(msg.id)
      if (!waiter) return
      this.pending.delete(msg.id)
      if (msg.metrics) waiter.resolve(msg.metrics)
      else waiter.reject(new Error(msg.error ?? 'metrics failed'))
    })
    const failAll = (err: Error) => {
      this.worker = null
      for (const waiter of this.pending.values()) waiter.reject(err)
      this.pending.clear()
    }
    worker.on('error', failAll)
    worker.on('exit', (code) => code !== 0 && failAll(new Error(`metrics worker exited with ${code}`)))
    this.worker = worker
    return worker
  }

  compute(snapshot: CoalitionSnapshot): Promise<Metrics> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.ensure().postMessage({ id, snapshot })
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }
}
