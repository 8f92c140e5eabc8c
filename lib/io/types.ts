/**
 * Inputs of the report exports (map SVG/PNG and PDF).
 */
import type { AnalysisResult, CoalitionSnapshot, Lang } from '../analysis'
import type { Point, RingGeometry } from './layout'

/** One point of the spiral history, as the live board records it (ANALYSIS.md, "In the live board"). */
export interface HistoryPoint {
  /** Time; milliseconds since 1970 (seconds are recognised too). */
  t: number
  phase: string
  focus: number
  mass: number
  openness: number
}

/** Everything a report shows. Nothing is read from a clock: the date is given. */
export interface ReportInput {
  title: string
  /** ISO date (or timestamp) of the report, e.g. "2025-03-12". */
  date: string
  participants: number
  snapshot: CoalitionSnapshot
  analysis: AnalysisResult
  history: HistoryPoint[]
  /** Card centres from the board, by actor id (same units as `rings`). */
  positions?: Record<string, Point>
  /** The board's rings: centre and outer radii of core, ally and outside. */
  rings?: RingGeometry
}

export interface MapOptions {
  lang: Lang
  /** With the analysis drawn on the map (gap markers, missing trust, conflicts, phase). */
  overlay: boolean
  /** Output size factor: SVG width/height, PNG pixels per map unit. Default 1. */
  scale?: number
}

export interface PdfOptions {
  lang: Lang
  pageSize: 'A4' | 'A3'
  /** Called with a fraction in [0, 1] as the report is built; last with 1. */
  onProgress?: (fraction: number) => void
}
