/**
 * The analyser: phase, scores, critical mass, trust gaps and network metrics of a coalition
 * snapshot (ANALYSIS.md). Pure and deterministic: no clock, no unseeded randomness, keys in
 * the spec's order, so one snapshot always gives byte-identical `JSON.stringify` output.
 */
import { ANALYSIS_VERSION, type Phase } from './constants'
import { findGaps, orderGaps, type Gap, type GapCounts } from './gaps'
import { metricsOfModel, type Metrics } from './metrics'
import { anchoredSet, buildModel, type Model } from './pairs'
import { computeScores, type CriticalMass, type Parts, type Scores } from './scores'
import type { CoalitionSnapshot } from './snapshot'

/** Everything except the network metrics. */
export interface CoreResult {
  version: typeof ANALYSIS_VERSION
  phase: Phase
  scores: Scores
  parts: Parts
  criticalMass: CriticalMass
  /** The first 500 gaps by severity, kind and id. */
  gaps: Gap[]
  /** All gaps per kind (only kinds that occur, in the table's order). */
  gapCounts: GapCounts
}

/** The full analysis, keys in the order of ANALYSIS.md's Output example. */
export interface AnalysisResult extends CoreResult {
  metrics: Metrics
}

/** The core analysis of a model (`buildModel`), for a caller that also wants its metrics. */
export function coreOfModel(model: Model): CoreResult {
  const anchored = anchoredSet(model)
  const { phase, scores, parts, criticalMass } = computeScores(model, anchored)
  const { gaps, gapCounts } = orderGaps(findGaps(model, anchored, parts.visionThemes))
  return { version: ANALYSIS_VERSION, phase, scores, parts, criticalMass, gaps, gapCounts }
}

/** Phase, scores, critical mass and gaps: cheap enough for the event loop. */
export function analyseCore(snapshot: CoalitionSnapshot): CoreResult {
  return coreOfModel(buildModel(snapshot))
}

/** Joins a core result and metrics computed apart (e.g. in a worker) into one result. */
export function combine(core: CoreResult, metrics: Metrics): AnalysisResult {
  return { ...core, metrics }
}

/** The whole analysis of a valid snapshot (see `parseSnapshot`). */
export function analyse(snapshot: CoalitionSnapshot): AnalysisResult {
  const model = buildModel(snapshot)
  return combine(coreOfModel(model), metricsOfModel(model))
}

export { computeMetrics, MetricsMemo } from './metrics'
export type { Metrics, ActorMetrics } from './metrics'
export type { Gap, GapCounts } from './gaps'
export type { Parts, Scores, CriticalMass } from './scores'
