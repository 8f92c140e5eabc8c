/**
 * What the analyser writes into a board's document, and how readers get it back.
 * `result` holds phase, scores, critical mass and gaps; `metrics` the network metrics,
 * written separately because they are computed separately (in a worker on big boards)
 * and change for other reasons. Both carry the hash of the snapshot they were computed
 * from, so a reader can tell whether they describe the same map.
 *
 * Each entry is stored as JSON text, not as a nested value. Yjs encodes a nested value by
 * walking every key and number of it; for a 2,000-actor board that walk took 3–10 ms of the
 * server's event loop per analysis (the gaps and the per-actor metrics), against well under
 * a millisecond for one string, and the worker hands text over without a structured clone.
 * Readers parse an entry once per version; boards written before this still hold nested
 * values, which are read as they are.
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

/** An entry's text: the value with its stamp. */
export function entryText<T extends object>(value: T, computedAt: number, inputHash: string): string {
  return stampEntryText(JSON.stringify(value), computedAt, inputHash)
}

/**
 * Adds the stamp to a value already given as JSON text (from the worker), with the keys in
 * the order `{ ...value, computedAt, inputHash }` would give, without parsing it again.
 */
export function stampEntryText(json: string, computedAt: number, inputHash: string): string {
  if (!json.startsWith('{') || !json.endsWith('}') || json === '{}') throw new Error('an analysis entry is a non-empty object')
  return `${json.slice(0, -1)},"computedAt":${JSON.stringify(computedAt)},"inputHash":${JSON.stringify(inputHash)}}`
}

/** The last parsed version of each entry, per document: readers ask on every change. */
const parsed = new WeakMap<Y.Doc, Map<string, { raw: string; value: unknown }>>()

function readEntry<T>(doc: Y.Doc, key: string): T | null {
  const raw = analysisMap(doc).get(key)
  if (raw === undefined || raw === null) return null
  if (typeof raw !== 'string') return raw as T
  let cache = parsed.get(doc)
  if (!cache) parsed.set(doc, (cache = new Map()))
  const hit = cache.get(key)
  if (hit?.raw === raw) return hit.value as T
  let value: unknown = null
  try {
    value = JSON.parse(raw)
  } catch {
    // Not ours (the server writes this map alone): nothing to show.
  }
  cache.set(key, { raw, value })
  return value as T | null
}

export function readCore(doc: Y.Doc): StoredCore | null {
  return readEntry<StoredCore>(doc, ANALYSIS_RESULT_KEY)
}

export function readMetrics(doc: Y.Doc): StoredMetrics | null {
  return readEntry<StoredMetrics>(doc, ANALYSIS_METRICS_KEY)
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
