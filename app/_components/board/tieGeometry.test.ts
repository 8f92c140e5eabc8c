import { describe, expect, it } from 'vitest'
import { clipToView } from './tieGeometry'

const view = { minX: 0, minY: 0, maxX: 100, maxY: 50 }

describe('clipToView', () => {
  it('keeps a line inside the view as it is', () => {
    expect(clipToView({ x: 10, y: 10 }, { x: 90, y: 40 }, view, 0, 0)).toEqual([10, 10, 90, 40])
  })

  it('cuts a line crossing the view to the view widened by the margin', () => {
    expect(clipToView({ x: -1000, y: 25 }, { x: 1000, y: 25 }, view, 5, 0)).toEqual([-5, 25, 105, 25])
  })

  it('gives null for a line that misses the view, or stops before it', () => {
    expect(clipToView({ x: -100, y: 80 }, { x: 200, y: 90 }, view, 5, 0)).toBeNull()
    expect(clipToView({ x: -100, y: 25 }, { x: -20, y: 25 }, view, 5, 0)).toBeNull()
  })

  it('starts a dashed line a whole number of dash periods from its start, at or before the view', () => {
    const [x1, , x2] = clipToView({ x: -1000, y: 25 }, { x: 1000, y: 25 }, view, 5, 26)!
    expect((x1 - -1000) % 26).toBeCloseTo(0)
    expect(x1).toBeLessThanOrEqual(-5)
    expect(x1).toBeGreaterThan(-5 - 26)
    expect(x2).toBe(105)
  })
})
