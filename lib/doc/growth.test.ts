import { describe, expect, it } from 'vitest'
import { playOverwriteSequence } from './growth'

describe('document growth under repeated overwrites', () => {
  it('stays under 64 KB after the whole drag sequence, and both clients agree', () => {
    const { result, records } = playOverwriteSequence()
    expect(result.overwrites).toBe(10_000 + 10_000 + 1_000)
    expect(result.bytes).toBeLessThan(64 * 1024)
    // The last write of the alternating run wins everywhere.
    expect(records().find((r) => r.id === 'shape:g0')?.x).toBe(-999)
  })
})
