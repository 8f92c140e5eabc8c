import { describe, expect, it } from 'vitest'
import { jitteredDelay } from './reconnect'

describe('jittered reconnect delay', () => {
  it('grows exponentially up to the cap and spreads clients over the whole window', () => {
    expect(jitteredDelay(1, 250, 5000, () => 0.999)).toBe(499)
    expect(jitteredDelay(3, 250, 5000, () => 0.5)).toBe(1000)
    expect(jitteredDelay(10, 250, 5000, () => 0.999)).toBe(4995)
    const delays = Array.from({ length: 1000 }, (_, i) => jitteredDelay(6, 250, 5000, () => (i + 0.5) / 1000))
    expect(Math.min(...delays)).toBeLessThan(50)
    expect(Math.max(...delays)).toBeGreaterThan(4900)
  })
})
