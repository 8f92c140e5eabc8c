import Graph from 'graphology'
import graphologyBetweenness from 'graphology-metrics/centrality/betweenness.js'
import { describe, expect, it } from 'vitest'
import { betweenness, csrFromEdges } from './betweenness'
import { mulberry32 } from './metrics'

function randomEdges(n: number, m: number, seed: number): Array<[number, number]> {
  const rand = mulberry32(seed)
  const seen = new Set<number>()
  const edges: Array<[number, number]> = []
  for (let tries = 0; edges.length < m && tries < m * 20; tries++) {
    const u = Math.floor(rand() * n)
    const v = Math.floor(rand() * n)
    if (u === v) continue
    const key = Math.min(u, v) * n + Math.max(u, v)
    if (seen.has(key)) continue
    seen.add(key)
    edges.push([u, v])
  }
  return edges
}

function viaGraphology(n: number, edges: Array<[number, number]>): number[] {
  const graph = new Graph({ type: 'undirected' })
  for (let v = 0; v < n; v++) graph.addNode(String(v))
  for (const [u, v] of edges) graph.addEdge(String(u), String(v))
  const result = graphologyBetweenness(graph, { getEdgeWeight: null, normalized: true })
  return Array.from({ length: n }, (_, v) => result[String(v)])
}

describe('betweenness', () => {
  it('equals graphology-metrics to 1e-9 on random graphs (sparse, dense, disconnected)', () => {
    const cases = [
      [30, 40],
      [50, 300],
      [80, 60],
      [120, 400],
      [3, 2],
      [2, 1],
      [1, 0],
    ] // graphology throws on a graph without nodes; the empty case is tested below
    for (const [n, m] of cases) {
      for (let seed = 1; seed <= 4; seed++) {
        const edges = randomEdges(n, m, seed * 1000 + n)
        const ours = betweenness(csrFromEdges(n, edges))
        const theirs = viaGraphology(n, edges)
        for (let v = 0; v < n; v++) expect(Math.abs(ours[v] - theirs[v])).toBeLessThan(1e-9)
      }
    }
  })

  it('gives the known values of a path and a star', () => {
    // Path 0-1-2-3: node 1 lies on (0,2) and (0,3): 2 pairs of 3 possible.
    const path = betweenness(csrFromEdges(4, [[0, 1], [1, 2], [2, 3]]))
    expect(Array.from(path)).toEqual([0, 2 / 3, 2 / 3, 0])
    const star = betweenness(csrFromEdges(5, [[0, 1], [0, 2], [0, 3], [0, 4]]))
    expect(Array.from(star)).toEqual([1, 0, 0, 0, 0])
  })

  it('is zero for graphs of two nodes or fewer', () => {
    expect(Array.from(betweenness(csrFromEdges(2, [[0, 1]])))).toEqual([0, 0])
    expect(betweenness(csrFromEdges(0, []))).toHaveLength(0)
  })
})
