import { betweenness as fast, csrFromEdges } from './betweenness'
import { generateSnapshot } from './generate'
import { buildModel } from './pairs'
import { metricsEdges, communities } from './metrics'
import Graph from 'graphology'
import gbc from 'graphology-metrics/centrality/betweenness.js'
const big = generateSnapshot({ actors: 2000, ties: 10000, seed: 7 })
const model = buildModel(big)
const edges = metricsEdges(model)
console.log('edges', edges.length)
for (let k = 0; k < 3; k++) {
  let t0 = performance.now(); const csr = csrFromEdges(model.n, edges); const bc = fast(csr); let t1 = performance.now()
  communities(model, edges); let t2 = performance.now()
  const g = new Graph({ type: 'undirected' }); for (const id of model.ids) g.addNode(id); for (const [a, b] of edges) g.addEdge(model.ids[a], model.ids[b])
  let t3 = performance.now(); const r = gbc(g, { getEdgeWeight: null }); let t4 = performance.now()
  const r2 = k == 0 ? gbc(g) : r; let t5 = performance.now()
  let md = 0; model.ids.forEach((id, i) => { md = Math.max(md, Math.abs(r[id] - bc[i]), Math.abs(r2[id] - bc[i])) })
  console.log('fast', (t1 - t0).toFixed(0), 'louvain', (t2 - t1).toFixed(0), 'graphology unweighted', (t4 - t3).toFixed(0), 'weighted', (t5 - t4).toFixed(0), 'maxdiff', md)
}
