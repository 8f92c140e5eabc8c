'use client'
import { createContext, useContext } from 'react'
import type { StoredCore, StoredMetrics } from '@/lib/doc/analysisEntry'

/** What the canvas overlay needs; provided around tldraw by the board. */
export interface AnalysisView {
  core: StoredCore | null
  metrics: StoredMetrics | null
  /** Hidden from this viewer (a participant while the facilitator hides it). */
  hidden: boolean
  showMetrics: boolean
  /** The gap whose actors were last asked for ("show on the map"). */
  focusedActors: readonly string[]
}

export const AnalysisContext = createContext<AnalysisView | null>(null)

export function useAnalysisView(): AnalysisView | null {
  return useContext(AnalysisContext)
}
