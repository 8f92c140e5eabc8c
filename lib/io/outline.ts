/**
 * Text as glyph outlines (one path per line of text), for the PNG. resvg lays out each
 * `<text>` through its own shaper, which made a 1,000-actor map take twice as long; DejaVu's
 * outlines placed here with the same advances the map measures with draw the same letters
 * in a fraction of the time, and cannot drift from the measured widths.
 */
import { fontOf, textWidth, toFontText, type Weight } from './fonts'
import type { TextItem } from './scene'

interface Glyph {
  /** Path commands in font units: [letter, ...coordinates]. */
  commands: Array<[string, ...number[]]>
  advance: number
}

const LETTER: Record<string, string> = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' }
const cache: Record<Weight, Map<number, Glyph>> = { regular: new Map(), bold: new Map() }

function glyph(cp: number, weight: Weight): Glyph {
  let g = cache[weight].get(cp)
  if (!g) {
    const fg = fontOf(weight).glyphForCodePoint(cp)
    // fontkit's typings omit `commands`, which its Path objects do have.
    const commands = (fg.path as unknown as { commands: Array<{ command: string; args: number[] }> }).commands
    g = { commands: commands.map((c) => [LETTER[c.command] ?? 'Z', ...c.args] as [string, ...number[]]), advance: fg.advanceWidth }
    cache[weight].set(cp, g)
  }
  return g
}

const r1 = (v: number) => Math.round(v * 10) / 10

/** The outline of a text item as path data in scene units ('' for blank text). */
export function textOutline(item: TextItem): string {
  const text = toFontText(item.text, item.weight)
  const k = item.size / fontOf(item.weight).unitsPerEm
  const width = textWidth(text, item.size, item.weight)
  let x = item.anchor === 'middle' ? item.x - width / 2 : item.anchor === 'end' ? item.x - width : item.x
  const y = item.y
  const out: string[] = []
  for (const ch of text) {
    const g = glyph(ch.codePointAt(0)!, item.weight)
    for (const [letter, ...args] of g.commands) {
      let part = letter
      for (let i = 0; i < args.length; i += 2) part += `${i === 0 ? '' : ' '}${r1(x + args[i] * k)} ${r1(y - args[i + 1] * k)}`
      out.push(part)
    }
    x += g.advance * k
  }
  return out.join('')
}
