/**
 * Scenarios 1 and 2 in rounds: every server runs once per round, the servers in a rotated order
 * each round (round r starts with the r-th), and each figure is the median of the rounds'.
 * One run per server put minutes between the servers' windows, and this shared machine drifts
 * busier or quieter over minutes: two such runs disagreed on the scenario 1 ratios by more
 * than the targets' margin (session 3's note). Interleaved rounds weigh the drift on all alike,
 * and the median drops a round that something else disturbed.
 */

/** Keys whose figures are counts of events: summed over the rounds (one lost write must show). */
const COUNTS = new Set(['writes', 'incomplete', 'connectionErrors', 'reconnects', 'disconnected', 'closes', 'n', 'count', 'messages'])

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/**
 * One result from the same result of several rounds: numbers are the rounds' median (counts
 * their sum), objects are merged key by key, the list of runs (windows) index by index; any
 * other value is the first round's.
 */
export function mergeRounds<T>(rounds: T[], key = ''): T {
  const first = rounds[0]
  if (rounds.length === 1) return first
  if (typeof first === 'number') {
    const xs = rounds.filter((v): v is number & T => typeof v === 'number' && Number.isFinite(v))
    if (xs.length === 0) return first
    return (COUNTS.has(key) ? xs.reduce((a, b) => a + b, 0) : median(xs)) as T
  }
  if (Array.isArray(first)) {
    if (key !== 'runs') return first
    return first.map((_, i) => mergeRounds(rounds.map((r) => (r as unknown[])[i]), String(i))) as T
  }
  if (first && typeof first === 'object') {
    const out: Record<string, unknown> = {}
    const keys = new Set(rounds.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))
    for (const k of keys) {
      const values = rounds.map((r) => (r as Record<string, unknown> | null)?.[k])
      // A count that only some rounds had (a close code seen once) is still a count.
      out[k] = COUNTS.has(key) ? values.reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0) : mergeRounds(values, k)
    }
    return out as T
  }
  return first
}

/** The servers of round `round`: the list rotated so each round starts with another one. */
export function roundOrder<T>(servers: readonly T[], round: number): T[] {
  const k = round % Math.max(1, servers.length)
  return [...servers.slice(k), ...servers.slice(0, k)]
}
