/**
 * Network metrics (ANALYSIS.md, "Network metrics") on the undirected simple graph with every
 * actor as a node and an edge wherever a non-conflict tie joins two actors.
 */
import Graph from 'graphology'
import louvain from 'graphology-communities-louvain'
import { BROKERS, BROKER_COMPARE_DIGITS, LOUVAIN_SEED } from './constants'
import { betweenness, csrFromEdges, type Csr } from './betweenness'
import { buildModel, type Model } from './pairs'
import type { CoalitionSnapshot } from './snapshot'

/** Per-actor metrics, keys in output order. */
export interface ActorMetrics {
  degree: number
  betweenness: number
  community: number
}

/** The output's `metrics`, keys in output order. */
export interface Metrics {
  /**
   * Keyed by actor id, inserted in plain string order of ids. JavaScript objects list
   * integer-like keys ("7", "12") first in numeric order whatever the insertion order, so
   * JSON output follows id order except for such ids; it is deterministic either way.
   */
  actors: Record<string, ActorMetrics>
  density: number
  components: number
  brokers: string[]
}

/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32), enough to make Louvain's
 * random walk repeatable.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Edges of the metrics graph as index pairs (a < b), in ascending order of (a, b). */
export function metricsEdges(model: Model): Array<[number, number]> {
  const edges: Array<[number, number]> = []
  for (const pair of model.pairs.values()) if (pair.edge) edges.push([pair.a, pair.b])
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1])
  return edges
}

/** networkx `density` of an undirected graph: 2m / (n(n-1)), 0 when m = 0 or n ≤ 1. */
export function density(n: number, m: number): number {
  if (m === 0 || n <= 1) return 0
  return (m / (n * (n - 1))) * 2
}

/** networkx `number_connected_components`. */
export function countComponents(graph: Csr): number {
  const seen = new Uint8Array(graph.n)
  const queue = new Int32Array(graph.n)
  let components = 0
  for (let s = 0; s < graph.n; s++) {
    if (seen[s]) continue
    components++
    seen[s] = 1
    let head = 0
    let tail = 0
    queue[tail++] = s
    while (head < tail) {
      const v = queue[head++]
      for (let k = graph.offsets[v]; k < graph.offsets[v + 1]; k++) {
        const w = graph.nbrs[k]
        if (!seen[w]) {
          seen[w] = 1
          queue[tail++] = w
        }
      }
    }
  }
  return components
}

/**
 * Louvain communities with a fixed seed, renumbered from 0 in order of actors sorted by id.
 * Nodes and edges are added in id order so the result depends only on the graph.
 */
export function communities(model: Model, edges: ReadonlyArray<readonly [number, number]>): Int32Array {
  // Node keys are the indices, not the ids: graphology keeps adjacency in plain objects, where
  // ids like "constructor" collide with Object.prototype. Index keys iterate in index order,
  // which is id order, the same order id keys would give (edges are added in id order).
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false })
  for (let i = 0; i < model.n; i++) graph.addNode(String(i))
  for (const [a, b] of edges) graph.addUndirectedEdge(String(a), String(b))
  const labels = new Int32Array(model.n)
  if (edges.length === 0) {
    // Every actor alone; also keeps Louvain away from an edgeless graph.
    for (let i = 0; i < model.n; i++) labels[i] = i
    return labels
  }
  // The spec fixes only "a fixed seed": graphology's defaults otherwise (resolution 1, random
  // walk, fast local moves), unweighted, with a fresh seeded PRNG on every call.
  const raw = louvain(graph, { getEdgeWeight: null, rng: mulberry32(LOUVAIN_SEED) })
  const renumber = new Map<number, number>()
  model.ids.forEach((_, i) => {
    const r = raw[String(i)]
    let label = renumber.get(r)
    if (label === undefined) {
      label = renumber.size
      renumber.set(r, label)
    }
    labels[i] = label
  })
  return labels
}

/** Up to {@link BROKERS} actors with betweenness > 0, highest first, ties by id. */
export function brokers(ids: readonly string[], bc: Float64Array): string[] {
  const candidates: number[] = []
  for (let i = 0; i < ids.length; i++) if (bc[i] > 0) candidates.push(i)
  // Equal up to float noise counts as equal (see BROKER_COMPARE_DIGITS).
  const key = new Map(candidates.map((i) => [i, Number(bc[i].toPrecision(BROKER_COMPARE_DIGITS))]))
  // Indices follow id order, so the index breaks ties by id.
  candidates.sort((x, y) => key.get(y)! - key.get(x)! || x - y)
  return candidates.slice(0, BROKERS).map((i) => ids[i])
}

/** Computes the network metrics of a model. */
export function metricsOfModel(model: Model, edges = metricsEdges(model)): Metrics {
  const graph = csrFromEdges(model.n, edges)
  const bc = betweenness(graph)
  const labels = communities(model, edges)
  // A null prototype so that an actor id like "__proto__" is an ordinary key.
  const actors: Record<string, ActorMetrics> = Object.create(null)
  for (let i = 0; i < model.n; i++) {
    actors[model.ids[i]] = {
      degree: graph.offsets[i + 1] - graph.offsets[i],
      betweenness: bc[i],
      community: labels[i],
    }
  }
  return {
    actors,
    density: density(model.n, edges.length),
    components: countComponents(graph),
    brokers: brokers(model.ids, bc),
  }
}

/** Network metrics of a snapshot: the part of the analysis worth running in a worker. */
export function computeMetrics(snapshot: CoalitionSnapshot): Metrics {
  return metricsOfModel(buildModel(snapshot))
}

/**
 * The metrics of the last graph it saw, for a peer that analyses one board again and again.
 * Metrics depend only on the actors' ids and the edges between them, so moving an actor to
 * another ring, renaming it, or changing trust anywhere but to or from conflict gives the
 * same metrics: they are reused instead of running betweenness and Louvain again (0.7 s on
 * 2,000 actors and 10,000 ties, the most common edit in a session being such a move).
 */
export class MetricsMemo {
  private key: string | null = null
  private last: Metrics | null = null
  /** Whether the latest `compute` reused the previous metrics. */
  reused = false

  compute(snapshot: CoalitionSnapshot): Metrics {
    return this.computeForModel(buildModel(snapshot))
  }

  /** The same, from a model already built (for the core analysis). */
  computeForModel(model: Model): Metrics {
    const edges = metricsEdges(model)
    // Ids are sorted and edges are index pairs in order, so equal graphs give equal keys.
    const key = `${JSON.stringify(model.ids)}${edges.join(';')}`
    this.reused = key === this.key && this.last !== null
    if (!this.reused) {
      this.last = metricsOfModel(model, edges)
      this.key = key
    }
    return this.last!
  }
}

