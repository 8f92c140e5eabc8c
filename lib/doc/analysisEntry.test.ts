import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { analyseCore, computeMetrics } from '../analysis'
import { makeSnapshot } from '../analysis/testkit'
import { entryText, readAnalysis, readCore, readMetrics, sameEntry, stampEntryText, ANALYSIS_METRICS_KEY } from './analysisEntry'
import { analysisMap, ANALYSIS_RESULT_KEY } from './schema'

const snapshot = makeSnapshot({ core: ['a', 'b'], ally: ['c'], ties: ['a>b conflict', 'b>c high'] })
const core = analyseCore(snapshot)
const metrics = computeMetrics(snapshot)

describe('analysis entries', () => {
  it('are stored as text and read back as what was written, stamp included', () => {
    const doc = new Y.Doc()
    analysisMap(doc).set(ANALYSIS_RESULT_KEY, entryText(core, 1234, 'hash'))
    analysisMap(doc).set(ANALYSIS_METRICS_KEY, entryText(metrics, 1234, 'hash'))
    expect(typeof analysisMap(doc).get(ANALYSIS_RESULT_KEY)).toBe('string')
    expect(readCore(doc)).toEqual({ ...core, computedAt: 1234, inputHash: 'hash' })
    expect(readMetrics(doc)).toEqual(JSON.parse(JSON.stringify({ ...metrics, computedAt: 1234, inputHash: 'hash' })))
    expect(sameEntry(readCore(doc), core)).toBe(true)
    expect(JSON.stringify(readAnalysis(doc))).toBe(JSON.stringify({ ...core, metrics }))
  })

  it('stamp JSON text with the keys where a spread would put them', () => {
    expect(stampEntryText(JSON.stringify(core), 5, 'h')).toBe(JSON.stringify({ ...core, computedAt: 5, inputHash: 'h' }))
    expect(() => stampEntryText('{}', 5, 'h')).toThrow()
    expect(() => stampEntryText('[1]', 5, 'h')).toThrow()
  })

  it('are parsed once per version: the same object until the entry changes', () => {
    const doc = new Y.Doc()
    analysisMap(doc).set(ANALYSIS_RESULT_KEY, entryText(core, 1, 'x'))
    const first = readCore(doc)
    expect(readCore(doc)).toBe(first)
    analysisMap(doc).set(ANALYSIS_RESULT_KEY, entryText(core, 2, 'y'))
    expect(readCore(doc)).not.toBe(first)
    expect(readCore(doc)?.computedAt).toBe(2)
  })

  it('of boards written before text entries (nested values) are read as they are', () => {
    const doc = new Y.Doc()
    analysisMap(doc).set(ANALYSIS_RESULT_KEY, { ...core, computedAt: 7, inputHash: 'old' })
    expect(readCore(doc)).toEqual({ ...core, computedAt: 7, inputHash: 'old' })
    expect(readMetrics(doc)).toBeNull()
  })

  it('that are not JSON read as absent', () => {
    const doc = new Y.Doc()
    analysisMap(doc).set(ANALYSIS_RESULT_KEY, '{not json')
    expect(readCore(doc)).toBeNull()
    expect(readAnalysis(doc)).toBeNull()
  })
})
