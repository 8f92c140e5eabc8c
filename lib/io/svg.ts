/**
 * Scene → SVG text. The font travels inside the file (a DejaVu subset as a data: URI), so
 * the SVG has no external reference at all; the text stays real, selectable text. Numbers
 * are printed one way only, so the same scene is always the same bytes.
 */
import { FONT_FAMILY, toFontText, type Weight } from './fonts'
import type { Item, Scene, Stroke } from './scene'
import { texts } from './scene'
import { subsetFont } from './subset'
import { textOutline } from './outline'
import { num, xmlAttr, xmlText } from './xml'

/** The embedded face's own name, so a viewer never mixes it up with an installed DejaVu. */
const EMBEDDED_FAMILY = 'CoalitionCanvasSans'

export interface SvgWriteOptions {
  /** Width/height factor (the viewBox stays the same). Default 1. */
  scale?: number
  /** Embed the font subset (false for resvg, which is given the font files and ignores @font-face). */
  embedFont: boolean
  /** Replace what DejaVu cannot draw with the fallback character (for resvg, which has no other font). */
  fontText: boolean
  /** Draw text as DejaVu glyph outlines instead of `<text>` (for resvg: much faster, see outline.ts). */
  outlineText?: boolean
}

function strokeAttrs(s: Stroke): string {
  let out = ''
  if (s.stroke) {
    out += ` stroke="${s.stroke}" stroke-width="${num(s.width ?? 1)}"`
    if (s.dash && s.dash.length > 0) out += ` stroke-dasharray="${s.dash.map(num).join(' ')}"`
    if (s.cap && s.cap !== 'butt') out += ` stroke-linecap="${s.cap}"`
  }
  if (s.opacity !== undefined && s.opacity < 1) out += ` opacity="${num(s.opacity)}"`
  return out
}

function fontFace(weight: Weight, codePoints: Set<number>): string {
  const b64 = Buffer.from(subsetFont(weight, codePoints)).toString('base64')
  const w = weight === 'bold' ? 700 : 400
  return `@font-face{font-family:'${EMBEDDED_FAMILY}';font-weight:${w};src:url(data:font/ttf;base64,${b64}) format('truetype')}`
}

/** Serialises a scene as a standalone SVG document. */
export function sceneToSvg(scene: Scene, options: SvgWriteOptions): string {
  const scale = options.scale && options.scale > 0 ? options.scale : 1
  const shown = (text: string, weight: Weight) => (options.fontText ? toFontText(text, weight) : text)
  const out: string[] = []

  const write = (item: Item, indent: string): void => {
    switch (item.kind) {
      case 'path':
        out.push(`${indent}<path d="${item.d}" fill="${item.fill ?? 'none'}"${strokeAttrs(item)}/>`)
        break
      case 'circle':
        out.push(`${indent}<circle cx="${num(item.cx)}" cy="${num(item.cy)}" r="${num(item.r)}" fill="${item.fill ?? 'none'}"${strokeAttrs(item)}/>`)
        break
      case 'rect': {
        const rx = item.rx > 0 ? ` rx="${num(item.rx)}"` : ''
        out.push(`${indent}<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.w)}" height="${num(item.h)}"${rx} fill="${item.fill ?? 'none'}"${strokeAttrs(item)}/>`)
        break
      }
      case 'text': {
        if (options.outlineText) {
          const d = textOutline(item)
          if (d !== '') out.push(`${indent}<path d="${d}" fill="${item.fill}"/>`)
          break
        }
        const bold = item.weight === 'bold' ? ' font-weight="bold"' : ''
        const anchor = item.anchor === 'start' ? '' : ` text-anchor="${item.anchor}"`
        out.push(`${indent}<text x="${num(item.x)}" y="${num(item.y)}" font-size="${num(item.size)}"${bold} fill="${item.fill}"${anchor}>${xmlText(shown(item.text, item.weight))}</text>`)
        break
      }
      case 'group':
        out.push(`${indent}<g>`)
        if (item.title !== undefined) out.push(`${indent}  <title>${xmlText(item.title)}</title>`)
        for (const child of item.items) write(child, `${indent}  `)
        out.push(`${indent}</g>`)
        break
    }
  }

  const family = `${EMBEDDED_FAMILY}, '${FONT_FAMILY}', sans-serif`
  out.push('<?xml version="1.0" encoding="UTF-8"?>')
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(scene.width * scale)}" height="${num(scene.height * scale)}" viewBox="0 0 ${num(scene.width)} ${num(scene.height)}" font-family="${xmlAttr(family)}" role="img" aria-label="${xmlAttr(scene.title)}">`,
  )
  out.push(`  <title>${xmlText(scene.title)}</title>`)
  if (options.embedFont) {
    const used: Record<Weight, Set<number>> = { regular: new Set(), bold: new Set() }
    for (const t of texts(scene.items)) for (const ch of toFontText(t.text, t.weight)) used[t.weight].add(ch.codePointAt(0)!)
    const faces = (['regular', 'bold'] as const).filter((w) => used[w].size > 0).map((w) => fontFace(w, used[w]))
    if (faces.length > 0) out.push(`  <style>${faces.join('')}</style>`)
  }
  for (const item of scene.items) write(item, '  ')
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
