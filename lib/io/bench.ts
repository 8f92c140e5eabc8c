/**
 * Export and import timings: `npx tsx lib/io/bench.ts`. Each figure is the median of three
 * runs after one warm-up (fonts and modules loaded), for a workshop-sized board (25 actors,
 * 60 ties) and a very large one (1,000 actors, 3,000 ties).
 */
import { analyse } from '../analysis'
import { generateSnapshot } from '../analysis/generate'
import {
  parseImport, renderReportPdf, renderReportPng, renderReportSvg, toGexf, toGraphml, toKumuCsvZip, toKumuXlsx, toSnapshotJson, type ReportInput,
} from './index'

async function time(run: () => unknown): Promise<number> {
  await run()
  const ms: number[] = []
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    await run()
    ms.push(performance.now() - t)
  }
  return ms.sort((a, b) => a - b)[1]
}

async function bench(actors: number, ties: number): Promise<void> {
  const snapshot = generateSnapshot({ actors, ties, seed: 1 })
  const analysis = analyse(snapshot)
  const history = Array.from({ length: 200 }, (_, i) => ({ t: 1.74e12 + i * 60_000, phase: i < 80 ? 'focus' : 'mass', focus: 0.5, mass: i / 250, openness: 0.2 }))
  const input: ReportInput = { title: 'Bench', date: '2025-03-12', participants: 20, snapshot, analysis, history }
  const xlsx = await toKumuXlsx(snapshot, analysis)
  const zip = toKumuCsvZip(snapshot, analysis)
  const json = new TextEncoder().encode(toSnapshotJson(snapshot))
  const rows: Array<[string, () => unknown]> = [
    ['SVG', () => renderReportSvg(input, { lang: 'nl', overlay: true })],
    ['PNG', () => renderReportPng(input, { lang: 'nl', overlay: true })],
    ['PDF A4', () => renderReportPdf(input, { lang: 'nl', pageSize: 'A4' })],
    ['XLSX', () => toKumuXlsx(snapshot, analysis)],
    ['CSV zip', () => toKumuCsvZip(snapshot, analysis)],
    ['GEXF', () => toGexf(snapshot, analysis)],
    ['GraphML', () => toGraphml(snapshot, analysis)],
    ['JSON', () => toSnapshotJson(snapshot)],
    ['import XLSX', () => parseImport(xlsx, 'b.xlsx')],
    ['import CSV zip', () => parseImport(zip, 'b.zip')],
    ['import JSON', () => parseImport(json, 'b.json')],
  ]
  console.log(`\n${actors} actors, ${ties} ties`)
  for (const [name, run] of rows) console.log(`  ${name.padEnd(16)} ${(await time(run)).toFixed(0).padStart(6)} ms`)
}

await bench(25, 60)
await bench(1000, 3000)
