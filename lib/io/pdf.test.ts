import { describe, expect, it } from 'vitest'
import { PDFDocument } from 'pdf-lib'
import { analyse, describeGap, PHASE_TEXTS, type CoalitionSnapshot } from '../analysis'
import { generateSnapshot } from '../analysis/generate'
import { trickySnapshot } from './fixtures/tricky'
import { renderReportPdf, type HistoryPoint, type ReportInput } from './index'
import { PAGE_SIZES } from './pdfflow'
import { pdfText } from './testkit'

const history: HistoryPoint[] = Array.from({ length: 12 }, (_, i) => ({
  t: Date.UTC(2025, 2, 12, 9, 0) + i * 600_000,
  phase: i < 4 ? 'focus' : i < 9 ? 'mass' : 'openness',
  focus: 0.4 + i / 20,
  mass: 0.1 + i / 14,
  openness: i / 12,
}))

function input(snapshot: CoalitionSnapshot): ReportInput {
  return { title: 'Łódź Klimaatcoalitie', date: '2025-03-12', participants: 14, snapshot, analysis: analyse(snapshot), history }
}

const norm = (s: string) => s.replace(/\s+/g, ' ')

describe('PDF report', () => {
  it('has real text: title, date, participants, phase, gaps with questions, non-ASCII names', async () => {
    const inp = input(trickySnapshot())
    const pdf = await renderReportPdf(inp, { lang: 'nl', pageSize: 'A4' })
    const text = pdfText(pdf)
    expect(text).toContain('Łódź Klimaatcoalitie')
    expect(text).toContain('12 maart 2025')
    expect(text).toContain('14 deelnemers')
    expect(text).toContain(PHASE_TEXTS[inp.analysis.phase].nl.name)
    for (const name of ['Ærø', 'Ελλάδα', '-Foo', '=HYPERLINK', 'Twin (2)']) expect(text).toContain(name)
    // The emoji DejaVu lacks is drawn as the fallback square, not dropped or crashed on.
    expect(text).toContain('Earth □ & <friends>')
    const names = new Map(inp.snapshot.actors.map((a) => [a.id, a.name]))
    expect(inp.analysis.gaps.length).toBeGreaterThan(2)
    for (const gap of inp.analysis.gaps) {
      const g = describeGap(gap, (id) => names.get(id)!, 'nl')
      const shown = (t: string) => norm(t.replace(/🌍/g, '□').replace(/[\r\n\t]/g, ' ').replace(/\u0007/g, ''))
      expect(text).toContain(shown(g.title))
      expect(text).toContain(shown(g.question))
    }
    for (const h of ['Kritieke massa', 'Vertrouwenskloven', 'Actoren', 'Relaties', 'De netwerkspiraal in de tijd']) expect(text).toContain(h)
  })

  it('has the expected pages: title, map (landscape), analysis, spiral, gaps (2 pages), actors, ties', async () => {
    const bytes = await renderReportPdf(input(trickySnapshot()), { lang: 'en', pageSize: 'A4' })
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(8)
    const starts = ['Report', 'Łódź Klimaatcoalitie Coalition map', 'Phase of the network spiral', 'The network spiral over time', 'Trust gaps', '', 'Actors', 'Ties']
    starts.forEach((start, i) => expect(pdfText(bytes, i + 1).trimStart().startsWith(start)).toBe(true))
    const [w, h] = PAGE_SIZES.A4
    expect(pdf.getPage(0).getSize()).toEqual({ width: w, height: h })
    expect(pdf.getPage(1).getSize()).toEqual({ width: h, height: w })
    expect(pdf.getTitle()).toBe('Łódź Klimaatcoalitie')
    expect(pdf.getCreationDate()?.toISOString()).toBe('2025-03-12T00:00:00.000Z')
  })

  it('fits the spiral on the analysis page in A3, in English', async () => {
    const bytes = await renderReportPdf(input(trickySnapshot()), { lang: 'en', pageSize: 'A3' })
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(6)
    const [w, h] = PAGE_SIZES.A3
    expect(pdf.getPage(0).getSize()).toEqual({ width: w, height: h })
    const text = pdfText(bytes)
    expect(text).toContain('12 March 2025')
    expect(text).toContain('The network spiral over time')
    expect(text).toContain('Critical mass')
  })

  it('breaks long tables over pages, repeating the header, and reports progress up to 1', async () => {
    const s = generateSnapshot({ actors: 300, ties: 900, seed: 4 })
    const progress: number[] = []
    const bytes = await renderReportPdf(input(s), { lang: 'en', pageSize: 'A4', onProgress: (f) => progress.push(f) })
    const pdf = await PDFDocument.load(bytes)
    const text = pdfText(bytes)
    const headerCount = text.split('From To Trust Kind').length - 1
    // 900 one-line rows cannot fit on fewer than 900 / 60 pages; each page repeats the header.
    expect(headerCount).toBeGreaterThanOrEqual(15)
    expect(pdf.getPageCount()).toBeGreaterThan(headerCount + 5)
    expect(text).toContain(`page ${pdf.getPageCount()} / ${pdf.getPageCount()}`)
    expect(progress.length).toBeGreaterThan(10)
    expect(progress.at(-1)).toBe(1)
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1])
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true)
  })

  it('is the same bytes for the same input, and copes with an empty board and odd inputs', async () => {
    const inp = input(trickySnapshot())
    const a = await renderReportPdf(inp, { lang: 'nl', pageSize: 'A4' })
    const b = await renderReportPdf(inp, { lang: 'nl', pageSize: 'A4' })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    const empty: CoalitionSnapshot = { actors: [], ties: [], settings: { targetCoalitionSize: 30 } }
    const odd = { ...input(empty), title: '', date: 'not a date', participants: 1, history: [] }
    const text = pdfText(await renderReportPdf(odd, { lang: 'en', pageSize: 'A4' }))
    expect(text).toContain('not a date')
    expect(text).toContain('1 participant')
    expect(text).toContain('No history yet.')
    expect(text).toContain('No trust gaps found.')
  })
})
