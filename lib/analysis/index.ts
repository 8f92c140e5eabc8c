/**
 * The analyser's public surface: parse a snapshot, analyse it, explain the result.
 */
export { analyse, analyseCore, coreOfModel, combine, computeMetrics, MetricsMemo } from './analyse'
export { buildModel } from './pairs'
export type { AnalysisResult, CoreResult, Metrics, ActorMetrics, Gap, GapCounts, Parts, Scores, CriticalMass } from './analyse'
export * from './constants'
export * from './snapshot'
export { snapshotFromBoardFile, isBoardFile, BOARD_FORMAT } from './boardFile'
export { snapshotFromText } from './input'
export { describeGap, GAP_TEXTS, PHASE_TEXTS, MISSING_TEXTS, SEVERITY_TEXTS, type Lang } from './texts'
