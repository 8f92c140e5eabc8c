'use client'
/**
 * React reads of the board's Y.Doc: the analysis the server wrote, its spiral history, and
 * the session state. Each re-renders only when its own part of the document changes.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import type { CoreResult, Metrics } from '@/lib/analysis'
import { readCore, readMetrics, readSpiral, type StoredCore, type StoredMetrics } from '@/lib/doc/analysisEntry'
import { analysisMap, sessionMap, spiralArray, type SpiralPoint } from '@/lib/doc/schema'

/**
 * The value `read` gives of `type`, read again after each change to it. The cached value
 * belongs to one type: a page that rendered before its document arrived (type null, the
 * fallback) reads the document's own value once it has one. Subscribing counts as a change,
 * so that a change made between the render and the subscription (the board's first sync
 * landing in that gap) is not missed: a participant who opened a locked board saw it
 * unlocked until the facilitator changed something.
 */
function useYType<T>(type: Y.AbstractType<any> | null, read: () => T): T {
  const cache = useRef<{ type: Y.AbstractType<any> | null; version: number; value: T } | null>(null)
  const version = useRef(0)
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!type) return () => {}
      const handler = () => {
        version.current++
        notify()
      }
      version.current++
      type.observeDeep(handler)
      return () => type.unobserveDeep(handler)
    },
    [type],
  )
  const get = () => {
    const c = cache.current
    if (!c || c.type !== type || c.version !== version.current) cache.current = { type, version: version.current, value: read() }
    return cache.current!.value
  }
  return useSyncExternalStore(subscribe, get, get)
}

export interface BoardAnalysis {
  core: StoredCore | null
  metrics: StoredMetrics | null
}

export function useAnalysis(doc: Y.Doc | null): BoardAnalysis {
  return useYType(doc ? analysisMap(doc) : null, () => ({
    core: doc ? readCore(doc) : null,
    metrics: doc ? readMetrics(doc) : null,
  }))
}

export function useSpiral(doc: Y.Doc | null): SpiralPoint[] {
  return useYType(doc ? spiralArray(doc) : null, () => (doc ? readSpiral(doc) : []))
}

export function useSessionValue<T>(doc: Y.Doc | null, key: string, fallback: T): T {
  return useYType(doc ? sessionMap(doc) : null, () => {
    const value = doc ? sessionMap(doc).get(key) : undefined
    return value === undefined ? fallback : (value as T)
  })
}

export type { CoreResult, Metrics }
