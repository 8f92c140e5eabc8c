/**
 * Brandes' betweenness centrality on an unweighted undirected graph in typed arrays.
 *
 * graphology-metrics computes the same numbers but is slower at 2,000 nodes / 10,000 edges
 * (its indexed Brandes allocates predecessor lists per source; see bench.ts). This one reuses
 * flat typed arrays. The accumulation pops nodes in the same order as networkx
 * (`_accumulate_basic`) and every contribution to delta[v] arrives in the same order, so for
 * the same adjacency order the results equal networkx's bit for bit.
 * `betweenness.test.ts` checks it against graphology and the networkx fixtures.
 */

/** An undirected simple graph in compressed sparse rows: neighbours of v are nbrs[offsets[v] .. offsets[v+1]). */
export interface Csr {
  n: number
  offsets: Int32Array
  nbrs: Int32Array
}

/** Builds a CSR graph from an edge list (each undirected edge once, no loops, no repeats). */
export function csrFromEdges(n: number, edges: ReadonlyArray<readonly [number, number]>): Csr {
  const degree = new Int32Array(n)
  for (const [u, v] of edges) {
    degree[u]++
    degree[v]++
  }
  const offsets = new Int32Array(n + 1)
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + degree[v]
  const fill = offsets.slice(0, n)
  const nbrs = new Int32Array(offsets[n])
  for (const [u, v] of edges) {
    nbrs[fill[u]++] = v
    nbrs[fill[v]++] = u
  }
  return { n, offsets, nbrs }
}

/**
 * Betweenness of every node, normalised as networkx's `betweenness_centrality(G,
 * normalized=True)` for undirected graphs: the raw sum over ordered source/target pairs
 * times 1/((n-1)(n-2)), and left raw (all zero) when n ≤ 2.
 */
export function betweenness(graph: Csr): Float64Array {
  const { n, offsets, nbrs } = graph
  const result = new Float64Array(n)
  const sigma = new Float64Array(n)
  const delta = new Float64Array(n)
  const dist = new Int32Array(n).fill(-1)
  const order = new Int32Array(n) // BFS order = networkx's stack S
  // Predecessors of w (neighbours one step closer to the source), stored in w's own CSR
  // slice: a node has at most degree-many predecessors.
  const preds = new Int32Array(nbrs.length)
  const predCount = new Int32Array(n)

  for (let s = 0; s < n; s++) {
    let head = 0
    let tail = 0
    order[tail++] = s
    dist[s] = 0
    sigma[s] = 1
    while (head < tail) {
      const v = order[head++]
      const dv = dist[v] + 1
      const sv = sigma[v]
      for (let k = offsets[v], end = offsets[v + 1]; k < end; k++) {
        const w = nbrs[k]
        let dw = dist[w]
        if (dw === -1) {
          dist[w] = dw = dv
          order[tail++] = w
        }
        if (dw === dv) {
          sigma[w] += sv
          preds[offsets[w] + predCount[w]++] = v
        }
      }
    }
    for (let k = tail - 1; k >= 0; k--) {
      const w = order[k]
      const coeff = (1 + delta[w]) / sigma[w]
      for (let e = offsets[w], end = e + predCount[w]; e < end; e++) {
        const v = preds[e]
        delta[v] += sigma[v] * coeff
      }
      if (w !== s) result[w] += delta[w]
    }
    for (let k = 0; k < tail; k++) {
      const v = order[k]
      dist[v] = -1
      sigma[v] = 0
      delta[v] = 0
      predCount[v] = 0
    }
  }

  if (n > 2) {
    const scale = 1 / ((n - 1) * (n - 2))
    for (let v = 0; v < n; v++) result[v] *= scale
  }
  return result
}
