/**
 * One board's analysis as its map changes, shared by the analyser peer (small boards, on the
 * event loop) and the analysis process (big boards, on their replica): the snapshot is kept
 * up to date from the records each change touched, and the analysis runs only when the map
 * reads differently from the last time it ran.
 */
import { createHash } from 'node:crypto'
import type * as Y from 'yjs'
import { buildModel, coreOfModel, MetricsMemo, type CoreResult, type Metrics } from '../lib/analysis'
import type { CoalitionSnapshot } from '../lib/analysis/snapshot'
import { IncrementalSnapshot } from '../lib/board/incrementalSnapshot'
import { readCore, readMetrics, sameEntry } from '../lib/doc/analysisEntry'
import { recordsKV } from '../lib/doc/schema'
import type { AnalysisSettings } from './analysisPool'

export interface FreshAnalysis {
  /** Names the input the analysis was made of (stored beside it). */
  inputHash: string
  core: CoreResult
  metrics: Metrics
  /** Whether each differs from what the document holds (else it need not be written). */
  coreChanged: boolean
  metricsChanged: boolean
}

export class BoardAnalysis {
  private readonly extraction: IncrementalSnapshot
  private readonly metrics = new MetricsMemo()
  private lastSnapshot: CoalitionSnapshot | null = null
  private lastInput = ''

  constructor(private readonly doc: Y.Doc) {
    this.extraction = new IncrementalSnapshot(recordsKV(doc))
  }

  /** The analysis of the map as it stands; null when it reads as at the last call. */
  next(settings: AnalysisSettings): FreshAnalysis | null {
    const snapshot = this.extraction.snapshot(settings)
    if (snapshot === this.lastSnapshot) return null
    this.lastSnapshot = snapshot
    // A new snapshot may still read the same (a card moved within its ring).
    const input = this.extraction.json(settings)
    if (input === this.lastInput) return null
    this.lastInput = input
    const model = buildModel(snapshot)
    const core = coreOfModel(model)
    const metrics = this.metrics.computeForModel(model)
    return {
      inputHash: createHash('sha256').update(input).digest('base64url').slice(0, 22),
      core,
      metrics,
      coreChanged: !sameEntry(readCore(this.doc), core),
      metricsChanged: !sameEntry(readMetrics(this.doc), metrics),
    }
  }

  destroy(): void {
    this.extraction.destroy()
  }
}
