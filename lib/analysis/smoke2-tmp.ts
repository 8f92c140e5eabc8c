import { betweenness as fast, csrFromEdges } from './betweenness'
import { generateSnapshot } from './generate'
import { buildModel } from './pairs'
import { metricsEdges } from './metrics'
const big = generateSnapshot({ actors: 2000, ties: 10000, seed: 7 })
const model = buildModel(big)
const edges = metricsEdges(model)
const csr = csrFromEdges(model.n, edges)
// reachability stats
for (let k = 0; k < 5; k++) { const t0 = performance.now(); fast(csr); console.log('fast', (performance.now() - t0).toFixed(0)) }
// raw BFS cost
const { n, offsets, nbrs } = csr
const dist = new Int32Array(n); const order = new Int32Array(n)
let t0 = performance.now(); let visits = 0
for (let s = 0; s < n; s++) { dist.fill(-1); let h = 0, t = 0; order[t++] = s; dist[s] = 0; while (h < t) { const v = order[h++]; for (let k = offsets[v]; k < offsets[v + 1]; k++) { visits++; const w = nbrs[k]; if (dist[w] < 0) { dist[w] = dist[v] + 1; order[t++] = w } } } }
console.log('bfs only', (performance.now() - t0).toFixed(0), visits)
