/**
 * Trust gaps (ANALYSIS.md, "Trust gaps"): found, given ids, ordered, capped.
 */
import {
  ASYMMETRY_STEPS,
  GAP_KINDS,
  GAP_SEVERITY,
  MAX_GAPS,
  SEVERITIES,
  type GapKind,
  type Severity,
} from './constants'
import { ALLY, CORE, OUTSIDE, compareIds, pairOf, pairTrust, type Model, type Pair } from './pairs'

/** One trust gap, keys in output order. */
export interface Gap {
  id: string
  kind: GapKind
  severity: Severity
  /** Pair gaps: the pair, sorted. single-bridge: the bridge, then its dependents sorted. */
  actors: string[]
  /** Pair gaps: ids of all ties joining the pair, sorted. Others: empty. */
  ties: string[]
}

/** Counts per kind, only kinds that occur, in the table's order. */
export type GapCounts = Partial<Record<GapKind, number>>

function gap(kind: GapKind, actors: string[], ties: string[] = []): Gap {
  return { id: `${kind}:${actors.join('+')}`, kind, severity: GAP_SEVERITY[kind], actors, ties }
}

/** A pair gap; the model's indices follow id order, so `a` is the smaller id. */
function pairGap(model: Model, kind: GapKind, a: number, b: number, pair: Pair | undefined): Gap {
  return gap(kind, [model.ids[a], model.ids[b]], pair ? pair.ties.slice() : [])
}

/**
 * For each anchored ally, the anchored allies cut off from the core without it. The graph:
 * anchored allies plus one root node for the whole core, joined by positive links. An
 * iterative Tarjan DFS from the root: removing a non-root node v cuts off exactly the
 * subtrees of its DFS children c with low[c] ≥ disc[v] (undirected DFS has no cross edges).
 */
export function singleBridges(model: Model, anchored: Uint8Array): Map<number, number[]> {
  const { n, ring, linked } = model
  const root = n // virtual node standing for the whole core
  const adjacency = (v: number): number[] => {
    if (v === root) {
      const out: number[] = []
      for (let i = 0; i < n; i++) if (anchored[i] && ring[i] === ALLY && linked[i].some((j) => ring[j] === CORE)) out.push(i)
      return out
    }
    const out: number[] = []
    let toRoot = false
    for (const j of linked[v]) {
      if (ring[j] === CORE) toRoot = true
      else if (anchored[j] && ring[j] === ALLY) out.push(j)
    }
    if (toRoot) out.push(root)
    return out
  }

  const disc = new Int32Array(n + 1).fill(-1)
  const low = new Int32Array(n + 1)
  const size = new Int32Array(n + 1) // subtree sizes, for preorder ranges
  const preorder: number[] = []
  const parent = new Int32Array(n + 1).fill(-1)
  const stack: { v: number; nbrs: number[]; k: number }[] = []
  const cutChildren = new Map<number, number[]>()

  disc[root] = 0
  low[root] = 0
  preorder.push(root)
  stack.push({ v: root, nbrs: adjacency(root), k: 0 })
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    if (top.k < top.nbrs.length) {
      const w = top.nbrs[top.k++]
      if (disc[w] === -1) {
        disc[w] = low[w] = preorder.length
        preorder.push(w)
        parent[w] = top.v
        stack.push({ v: w, nbrs: adjacency(w), k: 0 })
      } else if (w !== parent[top.v]) {
        low[top.v] = Math.min(low[top.v], disc[w])
      }
      continue
    }
    stack.pop()
    const v = top.v
    size[v] = preorder.length - disc[v]
    const p = parent[v]
    if (p >= 0) {
      low[p] = Math.min(low[p], low[v])
      if (p !== root && low[v] >= disc[p]) {
        const list = cutChildren.get(p)
        if (list) list.push(v)
        else cutChildren.set(p, [v])
      }
    }
  }

  const dependents = new Map<number, number[]>()
  for (const [bridge, children] of cutChildren) {
    const cut: number[] = []
    for (const c of children) for (let k = disc[c]; k < disc[c] + size[c]; k++) cut.push(preorder[k])
    dependents.set(bridge, cut)
  }
  return dependents
}

/** All gaps, unsorted. */
export function findGaps(model: Model, anchored: Uint8Array, visionThemes: readonly string[]): Gap[] {
  const { n, ids, ring, opponent, linked } = model
  const gaps: Gap[] = []
  const core: number[] = []
  for (let i = 0; i < n; i++) if (ring[i] === CORE) core.push(i)

  // core-conflict, core-distrust: every core pair, tied or not.
  for (let x = 0; x < core.length; x++) {
    for (let y = x + 1; y < core.length; y++) {
      const pair = pairOf(model, core[x], core[y])
      const trust = pairTrust(pair)
      if (trust === 'conflict') gaps.push(pairGap(model, 'core-conflict', core[x], core[y], pair))
      else if (trust === 'absent' || trust === 'none' || trust === 'low') {
        gaps.push(pairGap(model, 'core-distrust', core[x], core[y], pair))
      }
    }
  }

  // coalition-conflict and asymmetric-trust: only pairs joined by some tie can qualify.
  // coalition-conflict looks at rings only (an unanchored ally counts); asymmetric-trust
  // names no ring in the spec, so it applies to every pair, outside actors included.
  for (const pair of model.pairs.values()) {
    const ra = ring[pair.a]
    const rb = ring[pair.b]
    if (pair.conflict) {
      const coalition = ra !== OUTSIDE && rb !== OUTSIDE
      if (coalition && !(ra === CORE && rb === CORE)) gaps.push(pairGap(model, 'coalition-conflict', pair.a, pair.b, pair))
    } else if (pair.ab >= 0 && pair.ba >= 0 && Math.abs(pair.ab - pair.ba) >= ASYMMETRY_STEPS) {
      gaps.push(pairGap(model, 'asymmetric-trust', pair.a, pair.b, pair))
    }
  }

  const vision = new Set(visionThemes)
  for (let i = 0; i < n; i++) {
    if (ring[i] === ALLY) {
      if (!anchored[i]) {
        // Without any core actor no ally is anchored, so every ally is isolated.
        gaps.push(gap('isolated-ally', [ids[i]]))
        continue
      }
      const strongToCore = model.pairsOf[i].some((p) => {
        const other = p.a === i ? p.b : p.a
        if (ring[other] !== CORE) return false
        const trust = pairTrust(p)
        return trust === 'medium' || trust === 'high'
      })
      if (!strongToCore) gaps.push(gap('weak-anchor', [ids[i]]))
      if (vision.size > 0 && ![...model.themes[i]].some((t) => vision.has(t))) gaps.push(gap('frame-gap', [ids[i]]))
    } else if (ring[i] === OUTSIDE && !opponent[i]) {
      if (!linked[i].some((j) => anchored[j] === 1)) gaps.push(gap('outside-unreached', [ids[i]]))
    }
  }

  for (const [bridge, cut] of singleBridges(model, anchored)) {
    // Indices follow id order, so sorting indices sorts the ids.
    cut.sort((x, y) => x - y)
    gaps.push(gap('single-bridge', [ids[bridge], ...cut.map((d) => ids[d])]))
  }
  return gaps
}

// The spec says "ordered by severity" without spelling the order out: most severe first.
const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]))
const KIND_RANK = new Map(GAP_KINDS.map((k, i) => [k, i]))

/** Severity, then kind in the table's order, then id in plain string order. */
export function compareGaps(x: Gap, y: Gap): number {
  return (
    SEVERITY_RANK.get(x.severity)! - SEVERITY_RANK.get(y.severity)! ||
    KIND_RANK.get(x.kind)! - KIND_RANK.get(y.kind)! ||
    compareIds(x.id, y.id)
  )
}

/** Orders all gaps, keeps the first {@link MAX_GAPS}, and counts all of them per kind. */
export function orderGaps(all: Gap[]): { gaps: Gap[]; gapCounts: GapCounts } {
  const tally = new Map<GapKind, number>()
  for (const g of all) tally.set(g.kind, (tally.get(g.kind) ?? 0) + 1)
  const gapCounts: GapCounts = {}
  for (const kind of GAP_KINDS) {
    const count = tally.get(kind)
    if (count !== undefined) gapCounts[kind] = count
  }
  const gaps = all.slice().sort(compareGaps).slice(0, MAX_GAPS)
  return { gaps, gapCounts }
}
