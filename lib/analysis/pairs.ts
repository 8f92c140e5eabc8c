/**
 * The indexed model every rule reads: actors sorted by id, and one record per pair of
 * actors that some tie joins (pair trust, positive link, metrics edge, tie ids).
 * ANALYSIS.md, "Definitions".
 */
import { DEFAULT_TARGET_COALITION_SIZE, LEVEL_RANK, LEVELS, type Level } from './constants'
import type { CoalitionSnapshot, Ring } from './snapshot'

/** Pair trust of two actors (ANALYSIS.md): a level, `conflict`, or `absent` (no tie). */
export type PairTrust = Level | 'conflict' | 'absent'

/** Everything known about one unordered pair of actors joined by at least one tie. */
export interface Pair {
  /** Index (in the sorted actor list) of the actor with the smaller id. */
  a: number
  /** Index of the actor with the larger id. */
  b: number
  /** Some conflict tie (trust or kind `conflict`) joins the pair, in either direction. */
  conflict: boolean
  /** Highest level of the non-conflict ties a→b; -1 when a→b has none. */
  ab: number
  /** Highest level of the non-conflict ties b→a; -1 when b→a has none. */
  ba: number
  /**
   * Some non-conflict tie joins the pair: an edge of the metrics graph. Read literally ("an
   * edge wherever a non-conflict tie joins two actors"), a pair that also has a conflict tie
   * still gets its edge, and a tie of trust `none` makes one too.
   */
  edge: boolean
  /** Ids of every tie joining the pair (either direction, any trust), sorted. */
  ties: string[]
}

/** Ring codes, so hot loops compare small integers. */
export const CORE = 0
export const ALLY = 1
export const OUTSIDE = 2
const RING_CODE: Record<Ring, number> = { core: CORE, ally: ALLY, outside: OUTSIDE }

/** The snapshot, indexed. Actor index i is the i-th actor in plain string order of ids. */
export interface Model {
  n: number
  ids: string[]
  indexOf: Map<string, number>
  ring: Uint8Array
  opponent: Uint8Array
  /** Each actor's themes, trimmed, lower-cased, without empties and duplicates. */
  themes: Set<string>[]
  /** Pairs keyed by `a * n + b` (a < b). */
  pairs: Map<number, Pair>
  /** Pairs each actor belongs to, in order of the pairs' creation. */
  pairsOf: Pair[][]
  /** Positive-link neighbours of each actor. */
  linked: number[][]
  targetCoalitionSize: number
}

/** Plain string order (JavaScript's default sort): UTF-16 code units. */
export function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0
}

/** The pair's trust: conflict if any conflict tie; else the weaker of the two directions. */
export function pairTrust(pair: Pair | undefined): PairTrust {
  if (pair === undefined) return 'absent'
  if (pair.conflict) return 'conflict'
  if (pair.ab >= 0 && pair.ba >= 0) return LEVELS[Math.min(pair.ab, pair.ba)]
  if (pair.ab >= 0) return LEVELS[pair.ab]
  if (pair.ba >= 0) return LEVELS[pair.ba]
  return 'absent'
}

/**
 * A positive link: some positive tie (non-conflict, trust ≥ low) and no conflict tie. It does
 * not depend on pair trust: `a→b none` with `b→a high` has pair trust none but is a link.
 */
export function isPositive(pair: Pair): boolean {
  return !pair.conflict && Math.max(pair.ab, pair.ba) >= LEVEL_RANK.low
}

/**
 * Indexes a snapshot. Self-ties are dropped. Ties naming an unknown actor cannot come out of
 * `parseSnapshot`; a caller that builds snapshots by hand gets them ignored rather than a
 * crash, and a repeated actor id keeps its first actor.
 */
export function buildModel(snapshot: CoalitionSnapshot): Model {
  const unique = new Map<string, CoalitionSnapshot['actors'][number]>()
  for (const actor of snapshot.actors) if (!unique.has(actor.id)) unique.set(actor.id, actor)
  const ids = [...unique.keys()].sort(compareIds)
  const n = ids.length
  const indexOf = new Map<string, number>()
  ids.forEach((id, i) => indexOf.set(id, i))

  const ring = new Uint8Array(n)
  const opponent = new Uint8Array(n)
  const themes: Set<string>[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const actor = unique.get(ids[i])!
    ring[i] = RING_CODE[actor.ring]
    opponent[i] = actor.stance === 'opponent' ? 1 : 0
    const set = new Set<string>()
    for (const theme of actor.themes ?? []) {
      const t = theme.trim().toLowerCase()
      if (t !== '') set.add(t)
    }
    themes[i] = set
  }

  const pairs = new Map<number, Pair>()
  const pairsOf: Pair[][] = Array.from({ length: n }, () => [])
  for (const tie of snapshot.ties ?? []) {
    const from = indexOf.get(tie.from)
    const to = indexOf.get(tie.to)
    if (from === undefined || to === undefined || from === to) continue
    const a = Math.min(from, to)
    const b = Math.max(from, to)
    const key = a * n + b
    let pair = pairs.get(key)
    if (pair === undefined) {
      pair = { a, b, conflict: false, ab: -1, ba: -1, edge: false, ties: [] }
      pairs.set(key, pair)
      pairsOf[a].push(pair)
      pairsOf[b].push(pair)
    }
    pair.ties.push(tie.id)
    if (tie.trust === 'conflict' || tie.kind === 'conflict') {
      pair.conflict = true
    } else {
      pair.edge = true
      const level = LEVEL_RANK[tie.trust]
      if (from === a) pair.ab = Math.max(pair.ab, level)
      else pair.ba = Math.max(pair.ba, level)
    }
  }

  const linked: number[][] = Array.from({ length: n }, () => [])
  for (const pair of pairs.values()) {
    pair.ties.sort(compareIds)
    if (isPositive(pair)) {
      linked[pair.a].push(pair.b)
      linked[pair.b].push(pair.a)
    }
  }

  const target = snapshot.settings?.targetCoalitionSize ?? DEFAULT_TARGET_COALITION_SIZE
  return { n, ids, indexOf, ring, opponent, themes, pairs, pairsOf, linked, targetCoalitionSize: target }
}

/** The pair record of actors i and j, if some tie joins them. */
export function pairOf(model: Model, i: number, j: number): Pair | undefined {
  return i < j ? model.pairs.get(i * model.n + j) : model.pairs.get(j * model.n + i)
}

/**
 * Anchored actors: every core actor, and every ally reached from the core by positive links
 * that run only through coalition members (core or ally).
 */
export function anchoredSet(model: Model): Uint8Array {
  const anchored = new Uint8Array(model.n)
  const queue: number[] = []
  for (let i = 0; i < model.n; i++) {
    if (model.ring[i] === CORE) {
      anchored[i] = 1
      queue.push(i)
    }
  }
  for (let q = 0; q < queue.length; q++) {
    for (const j of model.linked[queue[q]]) {
      if (anchored[j] === 0 && model.ring[j] === ALLY) {
        anchored[j] = 1
        queue.push(j)
      }
    }
  }
  return anchored
}
