/**
 * Scene → pdf-lib vector drawing, and the few text helpers the report pages share. The map
 * in the PDF is the same scene as the SVG/PNG, drawn as PDF paths and real text.
 */
import { LineCapStyle, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib'
import { toFontText, type Weight } from './fonts'
import { circlePath, roundedRectPath, type Item, type Stroke } from './scene'

export type PdfFonts = Record<Weight, PDFFont>

const colors = new Map<string, RGB>()
/** '#rrggbb' → pdf-lib colour. */
export function color(hex: string): RGB {
  let c = colors.get(hex)
  if (!c) {
    const n = Number.parseInt(hex.slice(1), 16)
    c = rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255)
    colors.set(hex, c)
  }
  return c
}

/** Where a scene goes on a page: scene (0, 0) lands at (x, top) in PDF points, scaled. */
export interface Placement {
  x: number
  top: number
  scale: number
}

function drawPath(page: PDFPage, d: string, fill: string | undefined, s: Stroke, at: Placement): void {
  page.drawSvgPath(d, {
    x: at.x,
    y: at.top,
    scale: at.scale,
    color: fill ? color(fill) : undefined,
    borderColor: s.stroke ? color(s.stroke) : undefined,
    borderWidth: s.stroke ? (s.width ?? 1) : undefined,
    borderDashArray: s.stroke && s.dash ? [...s.dash] : undefined,
    borderLineCap: s.cap === 'round' ? LineCapStyle.Round : undefined,
    opacity: s.opacity,
    borderOpacity: s.opacity,
  })
}

/** Draws one line of text; `x`, `y` (baseline) in PDF points. Unsupported glyphs become the fallback. */
export function drawText(page: PDFPage, fonts: PdfFonts, text: string, x: number, y: number, size: number, weight: Weight, fill: string, anchor: 'start' | 'middle' | 'end' = 'start'): void {
  const shown = toFontText(text, weight)
  if (shown === '' || size <= 0) return
  const font = fonts[weight]
  let left = x
  if (anchor !== 'start') {
    const w = font.widthOfTextAtSize(shown, size)
    left = anchor === 'middle' ? x - w / 2 : x - w
  }
  page.drawText(shown, { x: left, y, size, font, color: color(fill) })
}

/** Draws scene items onto a page. */
export function drawItems(page: PDFPage, fonts: PdfFonts, items: readonly Item[], at: Placement): void {
  for (const item of items) {
    switch (item.kind) {
      case 'path':
        drawPath(page, item.d, item.fill, item, at)
        break
      case 'circle':
        drawPath(page, circlePath(item.cx, item.cy, item.r), item.fill, item, at)
        break
      case 'rect':
        drawPath(page, roundedRectPath(item.x, item.y, item.w, item.h, item.rx), item.fill, item, at)
        break
      case 'text':
        drawText(page, fonts, item.text, at.x + item.x * at.scale, at.top - item.y * at.scale, item.size * at.scale, item.weight, item.fill, item.anchor)
        break
      case 'group':
        drawItems(page, fonts, item.items, at)
        break
    }
  }
}
