/** Small statistics helpers. */

export interface Percentiles {
  n: number
  p50: number
  p99: number
  max: number
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

export function percentiles(values: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort()
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  }
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50)
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
