/**
 * What the analyser writes into a board's document, and how readers get it back.
 * `result` holds phase, scores, critical mass and gaps; `metrics` the network metrics,
 * written separately because they are computed separately (in a worker on big boards)
 * and change for other reasons. Both carry the hash of the snapshot they were computed
 * from, so a reader can tell whether they describe the same map.
 */
import type * as Y from 'yjs'
import type { AnalysisResult, CoreResult, Metrics } from '../analysis'
import { analysisMap, ANALYSIS_RESULT_KEY, spiralArray, type SpiralPoint } from './schema'

export const ANALYSIS_METRICS_KEY = 'metrics'

export interface StoredCore extends CoreResult {
  computedAt: number
  inputHash: string
}

export interface StoredMetrics extends Metrics {
  computedAt: number
  inputHash: string
}

/** Whether a stored entry already says what `next` says (its stamp and hash aside). */
export function sameEntry<T extends { computedAt: number; inputHash: string }>(
  previous: T | null | undefined,
  next: Omit<T, 'computedAt' | 'inputHash'>,
): boolean {
  if (!previous) return false
  const { computedAt: _c, inputHash: _h, ...rest } = previous
  const { computedAt: _c2, inputHash: _h2, ...nextRest } = next as T
  return JSON.stringify(rest) === JSON.stringify(nextRest)
}

export function readCore(doc: Y.Doc): StoredCore | null {
  return (analysisMap(doc).get(ANALYSIS_RESULT_KEY) as StoredCore | undefined) ?? null
}

export function readMetrics(doc: Y.Doc): StoredMetrics | null {
  return (analysisMap(doc).get(ANALYSIS_METRICS_KEY) as StoredMetrics | undefined) ?? null
}

/** The full analysis as ANALYSIS.md's output (metrics empty until computed). */
export function readAnalysis(doc: Y.Doc): AnalysisResult | null {
  const core = readCore(doc)
  if (!core) return null
  const { computedAt: _c, inputHash: _h, ...result } = core
  const stored = readMetrics(doc)
  const metrics: Metrics = stored
    ? { actors: stored.actors, density: stored.density, components: stored.components, brokers: stored.brokers }
    : { actors: {}, density: 0, components: 0, brokers: [] }
  return { ...result, metrics }
}

export function readSpiral(doc: Y.Doc): SpiralPoint[] {
  return spiralArray(doc).toArray()
}
