/**
 * Timings of the analyser on generated snapshots (ANALYSIS.md, "Speed"). Importable by the
 * project's bench runner; also runnable: `node --import tsx lib/analysis/bench.ts`.
 */
import { pathToFileURL } from 'node:url'
import Graph from 'graphology'
import graphologyBetweenness from 'graphology-metrics/centrality/betweenness.js'
import { analyse, analyseCore, computeMetrics } from './analyse'
import { betweenness, csrFromEdges } from './betweenness'
import { generateSnapshot } from './generate'
import { metricsEdges } from './metrics'
import { buildModel } from './pairs'

/** Median and first (cold) run of a function, in milliseconds. */
export interface Timing {
  first: number
  median: number
}

function time(fn: () => unknown, runs: number): Timing {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  const first = times[0]
  times.sort((a, b) => a - b)
  return { first, median: times[Math.floor(times.length / 2)] }
}

export interface AnalysisBench {
  /** 200 actors, 1,000 ties: the whole analysis (target ≤ 50 ms). */
  workshop: Timing
  /** 2,000 actors, 10,000 ties: phase, scores and gaps (target ≤ 150 ms). */
  largeCore: Timing
  /** 2,000 actors, 10,000 ties: network metrics (target ≤ 1 s, in a worker). */
  largeMetrics: Timing
  /** 2,000 actors, 10,000 ties: our betweenness alone. */
  largeBetweenness: Timing
  /** The same graph through graphology-metrics (for comparison; skipped when runs is 0). */
  largeGraphologyBetweenness?: Timing
}

/** Runs the analyser benchmarks; `runs` repetitions each (the first one is reported apart). */
export function benchAnalysis(runs = 5, withGraphology = true): AnalysisBench {
  const workshop = generateSnapshot({ actors: 200, ties: 1000, seed: 1 })
  const large = generateSnapshot({ actors: 2000, ties: 10000, seed: 2 })
  const model = buildModel(large)
  const edges = metricsEdges(model)
  const result: AnalysisBench = {
    workshop: time(() => analyse(workshop), runs * 4),
    largeCore: time(() => analyseCore(large), runs),
    largeMetrics: time(() => computeMetrics(large), runs),
    largeBetweenness: time(() => betweenness(csrFromEdges(model.n, edges)), runs),
  }
  if (withGraphology) {
    const graph = new Graph({ type: 'undirected' })
    for (let i = 0; i < model.n; i++) graph.addNode(String(i))
    for (const [a, b] of edges) graph.addEdge(String(a), String(b))
    result.largeGraphologyBetweenness = time(() => graphologyBetweenness(graph, { getEdgeWeight: null }), Math.max(1, Math.floor(runs / 2)))
  }
  return result
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = benchAnalysis()
  for (const [name, t] of Object.entries(result)) {
    console.log(`${name.padEnd(28)} first ${t.first.toFixed(1).padStart(7)} ms   median ${t.median.toFixed(1).padStart(7)} ms`)
  }
}
