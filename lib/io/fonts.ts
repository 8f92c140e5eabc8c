/**
 * DejaVu Sans, the one typeface of every export: its files (for resvg and the PDF), its
 * metrics (to size cards and tables without a browser), and its coverage (to replace what it
 * cannot draw with a fallback character instead of crashing or drawing nothing).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Font } from '@pdf-lib/fontkit'

const require = createRequire(import.meta.url)
// fontkit and pdf-lib's embedder share one copy; loaded through require because its UMD
// build has no default export under Node's ESM loader.
export const fontkit = require('@pdf-lib/fontkit') as typeof import('@pdf-lib/fontkit')

export type Weight = 'regular' | 'bold'

const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')

/** Absolute paths of the font files (resvg loads fonts by path). */
export const FONT_FILES: Readonly<Record<Weight, string>> = {
  regular: join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
}

/** The family name resvg and the SVG fall back to. */
export const FONT_FAMILY = 'DejaVu Sans'

/** Drawn for a character the font lacks (U+25A1 WHITE SQUARE, which DejaVu has). */
export const FALLBACK_CHAR = '\u25A1'

interface Loaded {
  bytes: Uint8Array
  font: Font
  /** Advance width per code point, in em (1 = font size). */
  widths: Map<number, number>
  has: Map<number, boolean>
}

const loaded: Partial<Record<Weight, Loaded>> = {}

function load(weight: Weight): Loaded {
  let l = loaded[weight]
  if (!l) {
    const bytes = new Uint8Array(readFileSync(FONT_FILES[weight]))
    l = { bytes, font: fontkit.create(bytes), widths: new Map(), has: new Map() }
    loaded[weight] = l
  }
  return l
}

/** The font file's bytes (read once). */
export function fontBytes(weight: Weight): Uint8Array {
  return load(weight).bytes
}

/** The parsed font (parsed once). */
export function fontOf(weight: Weight): Font {
  return load(weight).font
}

/** True when the font draws this code point. */
export function hasGlyph(cp: number, weight: Weight): boolean {
  const l = load(weight)
  let h = l.has.get(cp)
  if (h === undefined) {
    h = l.font.hasGlyphForCodePoint(cp)
    l.has.set(cp, h)
  }
  return h
}

/**
 * Code points that never draw anything and are dropped rather than replaced: zero-width
 * spaces and joiners, variation selectors, tags, the BOM. Without this "❤️" (heart + VS16)
 * would come out as "❤□".
 */
function ignorable(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  )
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

// Scripts where every code point is a grapheme of its own (no combining marks, joiners,
// variation selectors or surrogates): Latin, Greek, Cyrillic letters, punctuation, symbols.
const SIMPLE = /^[\u0000-\u02FF\u0370-\u0482\u048A-\u058F\u1E00-\u1FFF\u2000-\u200A\u2010-\u2027\u2030-\u205E\u20A0-\u20BF\u2100-\u2BFF]*$/

/** Splits text into user-perceived characters (an emoji with modifiers stays one piece). */
export function graphemes(text: string): string[] {
  if (SIMPLE.test(text)) return Array.from(text)
  return Array.from(segmenter.segment(text), (s) => s.segment)
}

/**
 * Text the font can draw, for one line: NFC-normalised (so accents need no mark positioning),
 * line breaks and tabs become spaces, other controls go, and each grapheme with a code point the font lacks becomes one {@link FALLBACK_CHAR}
 * (so a family emoji of five code points is one square, not five).
 */
export function toFontText(text: string, weight: Weight): string {
  const flat = text
    .normalize('NFC')
    .replace(/[\t\n\r\v\f\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
  // Fast path: every character drawable and none ignorable (almost all names), no segmenting.
  let simple = true
  for (const ch of flat) {
    const cp = ch.codePointAt(0)!
    if (cp >= 0x7f && (ignorable(cp) || !hasGlyph(cp, weight))) {
      simple = false
      break
    }
  }
  if (simple) return flat
  let out = ''
  for (const g of graphemes(flat)) {
    let visible = ''
    let ok = true
    for (const ch of g) {
      const cp = ch.codePointAt(0)!
      if (ignorable(cp)) continue
      if (!hasGlyph(cp, weight)) {
        ok = false
        break
      }
      visible += ch
    }
    out += ok ? visible : FALLBACK_CHAR
  }
  return out
}

function advance(cp: number, weight: Weight): number {
  const l = load(weight)
  let w = l.widths.get(cp)
  if (w === undefined) {
    w = l.font.glyphForCodePoint(cp).advanceWidth / l.font.unitsPerEm
    l.widths.set(cp, w)
  }
  return w
}

/**
 * Width of text drawn in DejaVu at `size`, as the SVG and PNG draw it (no kerning: the
 * subset embedded in the SVG carries no kerning tables). Characters the font lacks are
 * measured as the fallback square.
 */
export function textWidth(text: string, size: number, weight: Weight): number {
  let w = 0
  for (const ch of toFontText(text, weight)) w += advance(ch.codePointAt(0)!, weight)
  return w * size
}

/**
 * The longest start of `text` (whole graphemes) that fits `maxWidth`, with "…" when cut.
 * Measured on what will be drawn, so emoji count as the width they will take.
 */
export function fitText(text: string, size: number, weight: Weight, maxWidth: number): string {
  const flat = text.replace(/[\t\n\r\v\f\u2028\u2029]/g, ' ')
  if (textWidth(flat, size, weight) <= maxWidth) return flat
  const ell = textWidth('…', size, weight)
  let out = ''
  let w = 0
  for (const g of graphemes(flat)) {
    const gw = textWidth(g, size, weight)
    if (w + gw + ell > maxWidth) break
    out += g
    w += gw
  }
  return `${out.trimEnd()}…`
}

/**
 * Greedy line breaking at spaces, measured like {@link textWidth}; a word wider than the line
 * is broken between graphemes. Line breaks in the text start new lines.
 */
export function wrapLines(text: string, size: number, weight: Weight, maxWidth: number): string[] {
  const lines: string[] = []
  for (const para of text.split(/\r\n|\r|\n/)) {
    let line = ''
    for (const word of para.split(/[ \t]+/).filter((w) => w !== '')) {
      const next = line === '' ? word : `${line} ${word}`
      if (textWidth(next, size, weight) <= maxWidth) {
        line = next
        continue
      }
      if (line !== '') lines.push(line)
      line = ''
      // A word too long for any line is cut into pieces that fit.
      let piece = ''
      for (const g of graphemes(word)) {
        if (piece !== '' && textWidth(piece + g, size, weight) > maxWidth) {
          lines.push(piece)
          piece = ''
        }
        piece += g
      }
      line = piece
    }
    lines.push(line)
  }
  return lines
}
