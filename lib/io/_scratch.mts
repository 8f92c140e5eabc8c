import { writeFileSync } from 'node:fs'
import { analyse } from '../analysis'
import { generateSnapshot } from '../analysis/generate'
import { renderReportPdf } from './pdf'
const n = Number(process.argv[2] ?? 25), m = Number(process.argv[3] ?? 60)
const snapshot = generateSnapshot({ actors: n, ties: m, seed: 7 })
snapshot.actors[0].name = 'Łódź Klimaatcoalitie 🌍 <&> "quoted"'
snapshot.actors[1].name = 'Ærø'
snapshot.actors[2].name = 'Ελλάδα'
const analysis = analyse(snapshot)
const history = Array.from({ length: 30 }, (_, i) => ({ t: 1741780000000 + i * 600000, phase: i < 10 ? 'focus' : i < 22 ? 'mass' : 'openness', focus: 0.5 + i / 60, mass: Math.min(1, 0.1 + i / 32), openness: i / 30 }))
const input = { title: 'Łódź Klimaatcoalitie — voorjaarssessie', date: '2025-03-12', participants: 12, snapshot, analysis, history }
const t = performance.now()
const fr: number[] = []
const pdf = await renderReportPdf(input, { lang: (process.argv[4] as any) ?? 'nl', pageSize: 'A4', onProgress: (f) => fr.push(f) })
console.log('pdf', pdf.length, (performance.now() - t).toFixed(0), 'ms', fr.length, fr.slice(-3))
writeFileSync('/tmp/report.pdf', pdf)
