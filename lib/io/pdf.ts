/**
 * The PDF report, A4 or A3, in Dutch or English: title page, the map (vector, the same scene
 * as the SVG), phase and scores with the critical-mass checklist and the spiral timeline,
 * trust gaps with their questions, and tables of actors and ties. Text is real text in
 * embedded DejaVu; nothing reads a clock (the date is an input).
 */
import { PDFDocument } from 'pdf-lib'
import {
  FOCUS_THRESHOLD, MASS_THRESHOLD, MISSING_ITEMS, MISSING_TEXTS, OPENNESS_THRESHOLD, PHASE_TEXTS, SEVERITY_TEXTS, TIPPING_SHARE,
  describeGap, type Lang,
} from '../analysis'
import { fitText, fontBytes, fontkit, wrapLines } from './fonts'
import { KIND_NAMES, ROLE_NAMES, STANCE_NAMES, TIE_KIND_NAMES, TRUST_NAMES, UI, formatDate, formatNumber } from './labels'
import { buildMapScene } from './map'
import { color, drawItems, drawText, type PdfFonts } from './pdfdraw'
import { Flow, table } from './pdfflow'
import { spiralItems } from './spiral'
import { INK, MUTED, SEVERITY_COLOR } from './style'
import type { PdfOptions, ReportInput } from './types'

/**
 * OpenType features switched off: fontkit's shaping was most of the time of a large report
 * (7× slower per string), and without it the PDF sets text exactly as it is measured here
 * and as the SVG draws it (no kerning, no ligatures). Text is NFC-normalised before drawing,
 * so accented letters need no mark positioning.
 */
const NO_SHAPING = { liga: false, kern: false, ccmp: false, locl: false, mark: false, mkmk: false, calt: false, clig: false, rlig: false, rclt: false, curs: false, dlig: false }

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function titlePage(flow: Flow, input: ReportInput, lang: Lang): void {
  const page = flow.newPage()
  const w = page.getWidth()
  const h = page.getHeight()
  page.drawRectangle({ x: 0, y: h - 14, width: w, height: 14, color: color('#2f5d8a') })
  let y = h * 0.62
  const title = input.title.trim() === '' ? UI.map[lang] : input.title
  const { snapshot, analysis } = input
  drawText(page, flow.fonts, UI.report[lang], flow.left, y + 48, 14, 'regular', MUTED)
  for (const line of wrapTitle(title, flow.contentWidth)) {
    drawText(page, flow.fonts, line, flow.left, y, 30, 'bold', INK)
    y -= 38
  }
  const n = Math.max(0, Math.floor(input.participants))
  const facts = [
    formatDate(input.date, lang),
    `${n} ${n === 1 ? UI.participant[lang] : UI.participants[lang]}`,
    `${snapshot.actors.length} ${UI.actors[lang].toLowerCase()} · ${snapshot.ties.length} ${UI.ties[lang].toLowerCase()}`,
    `${UI.phase[lang]}: ${PHASE_TEXTS[analysis.phase][lang].name}`,
  ]
  y -= 10
  for (const fact of facts) {
    drawText(page, flow.fonts, fact, flow.left, y, 13, 'regular', INK)
    y -= 20
  }
}

/** At most three lines of title; the rest is cut with "…". */
function wrapTitle(title: string, width: number): string[] {
  const lines = wrapLines(title, 30, 'bold', width)
  return lines.length <= 3 ? lines : [lines[0], lines[1], fitText(lines.slice(2).join(' '), 30, 'bold', width)]
}

function mapPage(flow: Flow, input: ReportInput, lang: Lang): void {
  const page = flow.newPage(true)
  const scene = buildMapScene(input, { lang, overlay: true })
  const w = flow.contentWidth
  const h = page.getHeight() - 2 * flow.left - 10
  const scale = Math.min(w / scene.width, h / scene.height)
  const x = flow.left + (w - scene.width * scale) / 2
  drawItems(page, flow.fonts, scene.items, { x, top: page.getHeight() - flow.left, scale })
}

function scoreBars(flow: Flow, input: ReportInput, lang: Lang): void {
  const { scores } = input.analysis
  const bars = [
    ['focus', scores.focus, FOCUS_THRESHOLD],
    ['mass', scores.mass, MASS_THRESHOLD],
    ['openness', scores.openness, OPENNESS_THRESHOLD],
  ] as const
  const labelW = 90
  const barW = flow.contentWidth - labelW - 60
  for (const [key, value, threshold] of bars) {
    flow.ensure(34)
    flow.y -= 26
    const page = flow.page
    const x0 = flow.left + labelW
    const v = Math.min(1, Math.max(0, value))
    drawText(page, flow.fonts, MISSING_TEXTS[key][lang].title, flow.left, flow.y + 4, 11, 'bold', INK)
    page.drawRectangle({ x: x0, y: flow.y, width: barW, height: 14, color: color('#e6ebf0') })
    page.drawRectangle({ x: x0, y: flow.y, width: barW * v, height: 14, color: color(value >= threshold ? '#43a047' : '#fb8c00') })
    const tx = x0 + barW * threshold
    page.drawLine({ start: { x: tx, y: flow.y - 4 }, end: { x: tx, y: flow.y + 18 }, thickness: 1.5, color: color(INK) })
    drawText(page, flow.fonts, `${UI.threshold[lang]} ${formatNumber(threshold, lang, 1)}`, tx, flow.y - 12, 7.5, 'regular', MUTED, 'middle')
    drawText(page, flow.fonts, formatNumber(value, lang), x0 + barW + 8, flow.y + 3, 11, 'regular', INK)
  }
  flow.y -= 18
}

function analysisPage(flow: Flow, input: ReportInput, lang: Lang): void {
  const a = input.analysis
  flow.newPage()
  flow.heading(UI.spiralPhase[lang])
  flow.text(PHASE_TEXTS[a.phase][lang].name, { size: 20, weight: 'bold', after: 2 })
  flow.text(PHASE_TEXTS[a.phase][lang].explanation, { after: 8 })
  scoreBars(flow, input, lang)
  const p = a.parts
  const themes = p.visionThemes.length > 0 ? p.visionThemes.join(', ') : UI.none[lang]
  flow.text(`${UI.coreCohesion[lang]}: ${formatNumber(p.coreCohesion, lang)} · ${UI.sharedVision[lang]}: ${formatNumber(p.sharedVision, lang)} · ${UI.visionThemes[lang]}: ${themes}`, { size: 9, color: MUTED })
  flow.text(`${UI.anchored[lang]}: ${p.anchored} (${UI.target[lang]} ${input.snapshot.settings.targetCoalitionSize})`, { size: 9, color: MUTED, after: 8 })

  flow.heading(UI.criticalMass[lang], 13)
  for (const item of MISSING_ITEMS) {
    const ok = !a.criticalMass.missing.includes(item)
    flow.ensure(30)
    drawText(flow.page, flow.fonts, ok ? '✓' : '✗', flow.left, flow.y - 12, 12, 'bold', ok ? '#2e7d32' : '#c62828')
    flow.text(MISSING_TEXTS[item][lang].title, { weight: 'bold', indent: 18, after: 0 })
    flow.text(MISSING_TEXTS[item][lang].explanation, { size: 9, indent: 18, after: 4 })
  }
  flow.text(a.criticalMass.reached ? UI.reached[lang] : UI.notReached[lang], { weight: 'bold', after: 2 })
  const pct = (x: number) => `${formatNumber(x * 100, lang, 0)} %`
  flow.text(`${UI.committed[lang]}: ${pct(a.criticalMass.committedShare)} (${UI.tipping[lang]} ${pct(TIPPING_SHARE)})`, { size: 9, after: 10 })

  const size = flow.contentWidth
  const spiral = spiralItems(input.history, lang, size)
  // On this page when it fits at three quarters of its size or more, else on the next.
  if (flow.y - 50 - spiral.height * 0.75 < flow.bottom) flow.newPage()
  flow.heading(UI.spiral[lang], 13)
  flow.text(UI.spiralHow[lang], { size: 9, color: MUTED, after: 6 })
  const top = flow.y
  const scale = Math.min(1, (top - flow.bottom) / spiral.height)
  drawItems(flow.page, flow.fonts, spiral.items, { x: flow.left + (size - size * scale) / 2, top, scale })
  flow.y -= spiral.height * scale
}

async function gapsSection(flow: Flow, input: ReportInput, lang: Lang): Promise<void> {
  const { analysis, snapshot } = input
  flow.newPage()
  flow.heading(UI.gaps[lang])
  if (analysis.gaps.length === 0) {
    flow.text(UI.noGaps[lang])
    return
  }
  const names = new Map(snapshot.actors.map((x) => [x.id, x.name]))
  const nameOf = (id: string) => names.get(id) ?? id
  for (let i = 0; i < analysis.gaps.length; i++) {
    const gap = analysis.gaps[i]
    const text = describeGap(gap, nameOf, lang)
    flow.ensure(60)
    const sev = SEVERITY_TEXTS[gap.severity][lang]
    flow.page.drawCircle({ x: flow.left + 4, y: flow.y - 8, size: 4, color: color(SEVERITY_COLOR[gap.severity]) })
    flow.text(`${text.title} (${sev})`, { weight: 'bold', indent: 14, after: 1 })
    flow.text(text.explanation, { size: 9, indent: 14, after: 1 })
    flow.text(`${UI.question[lang]}: ${text.question}`, { size: 9, indent: 14, color: '#2f5d8a', after: 8 })
    if (i % 50 === 49) await tick()
  }
  const total = Object.values(analysis.gapCounts).reduce((s, n) => s + (n ?? 0), 0)
  if (total > analysis.gaps.length) flow.text(UI.moreGaps[lang].replace('{n}', String(total - analysis.gaps.length)), { color: MUTED })
}

/**
 * Builds the report. Pages: title, map (landscape), phase & scores & spiral, gaps, actors,
 * ties; long lists continue on further pages. `onProgress` gets fractions up to 1; the work
 * yields to the event loop between pages so a large report does not stall the server.
 */
export async function renderReportPdf(input: ReportInput, options: PdfOptions): Promise<Uint8Array> {
  const { lang, pageSize, onProgress } = options
  const { snapshot, analysis } = input
  const pdf = await PDFDocument.create({ updateMetadata: false })
  pdf.registerFontkit(fontkit)
  const fonts: PdfFonts = {
    regular: await pdf.embedFont(fontBytes('regular'), { subset: true, features: NO_SHAPING }),
    bold: await pdf.embedFont(fontBytes('bold'), { subset: true, features: NO_SHAPING }),
  }
  // Progress counts pages, against an estimate of how many there will be.
  const estimate = 5 + analysis.gaps.length / 12 + snapshot.actors.length / 45 + snapshot.ties.length / 50
  let pages = 0
  const report = (f: number) => onProgress?.(Math.min(0.95, f))
  const flow = new Flow(pdf, fonts, pageSize, () => report(++pages / estimate * 0.9))

  titlePage(flow, input, lang)
  mapPage(flow, input, lang)
  await tick()
  analysisPage(flow, input, lang)
  await gapsSection(flow, input, lang)

  const metrics = analysis.metrics.actors
  flow.newPage()
  flow.heading(UI.actors[lang])
  const actors = [...snapshot.actors].sort((x, y) => x.name.localeCompare(y.name, lang) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  await table(
    flow,
    [
      { title: UI.name[lang], share: 0.24 },
      { title: UI.role[lang], share: 0.12 },
      { title: UI.kind[lang], share: 0.13 },
      { title: UI.stance[lang], share: 0.13 },
      { title: UI.themes[lang], share: 0.18 },
      { title: UI.degree[lang], share: 0.08, align: 'end' },
      { title: UI.betweenness[lang], share: 0.12, align: 'end' },
    ],
    actors.map((x) => {
      const m = Object.hasOwn(metrics, x.id) ? metrics[x.id] : undefined
      return [
        x.name, ROLE_NAMES[x.ring][lang], KIND_NAMES[x.kind][lang], STANCE_NAMES[x.stance][lang], (x.themes ?? []).join(', '),
        m ? String(m.degree) : '', m ? formatNumber(m.betweenness, lang, 3) : '',
      ]
    }),
    tick,
  )

  flow.newPage()
  flow.heading(UI.ties[lang])
  const names = new Map(snapshot.actors.map((x) => [x.id, x.name]))
  await table(
    flow,
    [
      { title: UI.from[lang], share: 0.31 },
      { title: UI.to[lang], share: 0.31 },
      { title: UI.trust[lang], share: 0.16 },
      { title: UI.tieKind[lang], share: 0.22 },
    ],
    snapshot.ties.map((t) => [names.get(t.from) ?? t.from, names.get(t.to) ?? t.to, TRUST_NAMES[t.trust][lang], TIE_KIND_NAMES[t.kind][lang]]),
    tick,
  )

  // Footers last, when the page count is known.
  const all = pdf.getPages()
  const title = input.title.trim() === '' ? UI.map[lang] : input.title
  all.forEach((page, i) => {
    const label = `${fitText(title, 8, 'regular', 300)} · ${UI.page[lang]} ${i + 1} / ${all.length}`
    drawText(page, fonts, label, page.getWidth() / 2, 24, 8, 'regular', MUTED, 'middle')
  })

  pdf.setTitle(title)
  pdf.setLanguage(lang === 'nl' ? 'nl-NL' : 'en-GB')
  pdf.setCreator('Coalition Canvas')
  pdf.setProducer('Coalition Canvas')
  const date = new Date(input.date)
  if (!Number.isNaN(date.getTime())) {
    pdf.setCreationDate(date)
    pdf.setModificationDate(date)
  }
  report(0.95)
  await tick()
  const bytes = await pdf.save()
  onProgress?.(1)
  return bytes
}
