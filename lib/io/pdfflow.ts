/**
 * Flowing content onto PDF pages: a cursor that moves down, wrapped paragraphs, and tables
 * that break across pages with their header repeated. Text is measured with DejaVu's
 * metrics (fonts.ts), the same as the map.
 */
import type { PDFDocument, PDFPage } from 'pdf-lib'
import { fitText, wrapLines, type Weight } from './fonts'
import { color, drawText, type PdfFonts } from './pdfdraw'
import { INK } from './style'

export const PAGE_SIZES = { A4: [595.28, 841.89], A3: [841.89, 1190.55] } as const
const MARGIN = 48
const FOOTER = 28

export interface TextStyle {
  size?: number
  weight?: Weight
  color?: string
  indent?: number
  /** Space after the paragraph. */
  after?: number
}

/** The cursor over the report's pages. `y` is the top of the free space, in PDF points. */
export class Flow {
  page!: PDFPage
  y = 0
  readonly width: number
  readonly height: number

  constructor(
    readonly pdf: PDFDocument,
    readonly fonts: PdfFonts,
    size: 'A4' | 'A3',
    /** Called after each new page (progress, yielding). */
    private readonly onPage: () => void = () => {},
  ) {
    ;[this.width, this.height] = PAGE_SIZES[size]
  }

  get left(): number {
    return MARGIN
  }
  get contentWidth(): number {
    return this.page.getWidth() - 2 * MARGIN
  }
  /** Lowest y content may reach on this page. */
  get bottom(): number {
    return MARGIN + FOOTER
  }

  newPage(landscape = false): PDFPage {
    this.page = this.pdf.addPage(landscape ? [this.height, this.width] : [this.width, this.height])
    this.y = this.page.getHeight() - MARGIN
    this.onPage()
    return this.page
  }

  /** Starts a new page unless `h` points still fit. */
  ensure(h: number): void {
    if (this.y - h < this.bottom) this.newPage()
  }

  /** A wrapped paragraph; breaks pages between lines. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10
    const weight = style.weight ?? 'regular'
    const indent = style.indent ?? 0
    const lineH = size * 1.35
    for (const line of wrapLines(text, size, weight, this.contentWidth - indent)) {
      this.ensure(lineH)
      this.y -= lineH
      drawText(this.page, this.fonts, line, this.left + indent, this.y + size * 0.3, size, weight, style.color ?? INK)
    }
    this.y -= style.after ?? 4
  }

  heading(text: string, size = 15): void {
    this.ensure(size * 3)
    this.y -= 6
    this.text(text, { size, weight: 'bold', after: 6 })
  }
}

export interface Column {
  title: string
  /** Share of the content width. */
  share: number
  align?: 'start' | 'end'
}

const CELL_PAD = 4
const MAX_LINES = 3

/**
 * A table that breaks across pages, repeating its header. Cells wrap to at most three lines
 * (the last cut with "…"): the report stays readable and the data exports hold every byte.
 */
export async function table(flow: Flow, columns: readonly Column[], rows: readonly string[][], tick: () => Promise<void>): Promise<void> {
  const size = 8.5
  const lineH = size * 1.3
  const widths = columns.map((c) => c.share * flow.contentWidth)
  const header = () => {
    const h = lineH + 2 * CELL_PAD
    flow.ensure(h + lineH + 2 * CELL_PAD)
    flow.page.drawRectangle({ x: flow.left, y: flow.y - h, width: flow.contentWidth, height: h, color: color('#e3eaf2') })
    let x = flow.left
    columns.forEach((c, i) => {
      const t = fitText(c.title, size, 'bold', widths[i] - 2 * CELL_PAD)
      drawText(flow.page, flow.fonts, t, c.align === 'end' ? x + widths[i] - CELL_PAD : x + CELL_PAD, flow.y - CELL_PAD - size, size, 'bold', INK, c.align ?? 'start')
      x += widths[i]
    })
    flow.y -= h
  }
  header()
  let pageOfHeader = flow.page
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r].map((text, i) => {
      const lines = wrapLines(text, size, 'regular', widths[i] - 2 * CELL_PAD)
      if (lines.length <= MAX_LINES) return lines
      const kept = lines.slice(0, MAX_LINES)
      kept[MAX_LINES - 1] = fitText(`${kept[MAX_LINES - 1]} ${lines[MAX_LINES]}`, size, 'regular', widths[i] - 2 * CELL_PAD - 1)
      if (!kept[MAX_LINES - 1].endsWith('…')) kept[MAX_LINES - 1] += '…'
      return kept
    })
    const h = Math.max(...cells.map((l) => l.length)) * lineH + 2 * CELL_PAD
    flow.ensure(h)
    if (flow.page !== pageOfHeader) {
      await tick()
      header()
      pageOfHeader = flow.page
    }
    if (r % 2 === 1) flow.page.drawRectangle({ x: flow.left, y: flow.y - h, width: flow.contentWidth, height: h, color: color('#f5f7fa') })
    let x = flow.left
    cells.forEach((lines, i) => {
      const align = columns[i].align ?? 'start'
      lines.forEach((line, k) => {
        const tx = align === 'end' ? x + widths[i] - CELL_PAD : x + CELL_PAD
        drawText(flow.page, flow.fonts, line, tx, flow.y - CELL_PAD - size - k * lineH, size, 'regular', INK, align)
      })
      x += widths[i]
    })
    flow.y -= h
  }
  flow.y -= 8
}
