/**
 * One board's analysis as its map changes, shared by the analyser peer (small boards, on the
 * event loop) and the analysis process (big boards, on their replica): the snapshot is kept
 * up to date from the records each change touched, and the analysis runs only when the map
 * reads differently from the last time it ran.
 */
import { createHash } from 'node:crypto'
import type * as Y from 'yjs'
import { buildModel, coreOfModel, MetricsMemo, type CoreResult, type Metrics } from '../lib/analysis'
import { ANALYSIS_VERSION } from '../lib/analysis/constants'
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

/**
 * Names an analysis input: the snapshot's JSON as the analyser of this ANALYSIS_VERSION reads
 * it. A stored analysis with this hash needs no recomputing; a new analyser version (which
 * changes what the same map yields) names every input anew, so every board is analysed again.
 */
export function hashOfInput(input: string): string {
  return createHash('sha256').update(`${ANALYSIS_VERSION}\n`).update(input).digest('base64url').slice(0, 22)
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
    const firstRun = this.lastInput === ''
    this.lastInput = input
    const inputHash = hashOfInput(input)
    // A board loaded again holds the analysis of this very map by this analyser (the hash
    // covers ANALYSIS_VERSION): nothing to compute nor write. The first analysis of the
    // 1,000-actor board took 190-250 ms of CPU each time it was loaded; 70 ms with this check
    // (extracting the map and hashing it remain).
    if (firstRun && readCore(this.doc)?.inputHash === inputHash && readMetrics(this.doc)?.inputHash === inputHash) return null
    const model = buildModel(snapshot)
    const core = coreOfModel(model)
    const metrics = this.metrics.computeForModel(model)
    return {
      inputHash,
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
