import { describe, expect, it } from 'vitest'
import { FALLBACK_CHAR, fitText, fontkit, fontOf, textWidth, toFontText, wrapLines } from './fonts'
import { parseCsv, sheetToCsv } from './csv'
import { formatDate, formatNumber } from './labels'
import { subsetFont } from './subset'
import { toXlsxText } from './xlsx'
import { num, xmlAttr, xmlText } from './xml'

describe('font subset', () => {
  it('keeps the exact outlines and advances of the chosen characters, composites included', () => {
    const text = 'Łódź Klimaatcoalitie Ærø Ελλάδα ǅ ✓ □ 0123'
    const cps = [...text].map((c) => c.codePointAt(0)!)
    for (const weight of ['regular', 'bold'] as const) {
      const bytes = subsetFont(weight, cps)
      expect(bytes.length).toBeLessThan(60_000)
      expect(Buffer.from(subsetFont(weight, [...cps].reverse())).equals(Buffer.from(bytes))).toBe(true)
      const sub = fontkit.create(bytes)
      const full = fontOf(weight)
      for (const cp of cps) {
        const a = sub.glyphForCodePoint(cp)
        const b = full.glyphForCodePoint(cp)
        expect(a.id, String.fromCodePoint(cp)).not.toBe(0)
        expect(a.advanceWidth).toBe(b.advanceWidth)
        expect(a.path.toSVG()).toBe(b.path.toSVG())
      }
      expect(sub.hasGlyphForCodePoint('Q'.codePointAt(0)!)).toBe(false)
    }
  })
})

describe('text DejaVu can draw', () => {
  it('replaces what the font lacks with one fallback per character, never crashing', () => {
    expect(toFontText('Earth 🌍!', 'regular')).toBe(`Earth ${FALLBACK_CHAR}!`)
    expect(toFontText('👨‍👩‍👧 family', 'bold')).toBe(`${FALLBACK_CHAR} family`)
    expect(toFontText('❤️ love', 'regular')).toBe('❤ love')
    expect(toFontText('Cafe\u0301', 'regular')).toBe('Café')
    expect(toFontText('a\nb\tc\u0007d', 'regular')).toBe('a b cd')
    expect(toFontText('Łódź Ærø Ελλάδα', 'bold')).toBe('Łódź Ærø Ελλάδα')
    expect(toFontText('\uD800 lone', 'regular')).toBe(`${FALLBACK_CHAR} lone`)
  })

  it('cuts long names on whole characters with an ellipsis, and wraps', () => {
    const cut = fitText('Energiecoöperatie Zuidoost 🌍🌍🌍 en omstreken', 12, 'bold', 120)
    expect(cut.endsWith('…')).toBe(true)
    expect(textWidth(cut, 12, 'bold')).toBeLessThanOrEqual(120)
    expect(fitText('Kort', 12, 'bold', 120)).toBe('Kort')
    const lines = wrapLines('een twee drie vier vijf zes zeven acht negen tien elf twaalf', 10, 'regular', 80)
    expect(lines.length).toBeGreaterThan(2)
    for (const l of lines) expect(textWidth(l, 10, 'regular')).toBeLessThanOrEqual(80)
    expect(wrapLines('Supercalifragilisticexpialidocious', 10, 'regular', 40).join('')).toBe('Supercalifragilisticexpialidocious')
  })
})

describe('XML and number text', () => {
  it('escapes text and attributes, and replaces what XML cannot hold', () => {
    expect(xmlText('a < b & "c" \r\n')).toBe('a &lt; b &amp; "c" &#13;\n')
    expect(xmlAttr(`x"y'z\n<&>\t`)).toBe('x&quot;y&apos;z&#10;&lt;&amp;&gt;&#9;')
    expect(xmlText('bell\u0007 \uFFFE \uD800 🌍')).toBe('bell\uFFFD \uFFFD \uFFFD 🌍')
    expect([num(-0), num(1 / 3), num(1e-9), num(12)]).toEqual(['0', '0.33', '0', '12'])
  })

  it('writes OOXML text escapes for control characters and literal escapes', () => {
    expect(toXlsxText('a\rb\u0001_x0041_')).toBe('a_x000D_b_x0001__x005F_x0041_')
  })

  it('formats dates and numbers per language without a clock or locale data', () => {
    expect(formatDate('2025-03-12', 'nl')).toBe('12 maart 2025')
    expect(formatDate('2025-03-12T10:00:00Z', 'en')).toBe('12 March 2025')
    expect(formatDate('soon', 'en')).toBe('soon')
    expect(formatNumber(0.5, 'nl')).toBe('0,50')
  })
})

describe('CSV', () => {
  const sheet = { name: 's', header: ['A', 'B'], rows: [['x,y', 'say "hi"'], ['line\r\nbreak', ' padded '], [undefined, 7], ['semi;colon', '']] }

  it('writes RFC 4180 with BOM and CRLF, and reads it back exactly', () => {
    const text = sheetToCsv(sheet)
    expect(text).toBe('\uFEFFA,B\r\n"x,y","say ""hi"""\r\n"line\r\nbreak"," padded "\r\n,7\r\n"semi;colon",\r\n')
    const back = parseCsv(text.slice(1), 's', 100)
    expect(back.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5])
    expect(back.rows.map((r) => r.cells)).toEqual([['A', 'B'], ['x,y', 'say "hi"'], ['line\r\nbreak', ' padded '], [undefined, '7'], ['semi;colon', undefined]])
  })

  it('detects semicolon and tab separators from the header row', () => {
    expect(parseCsv('A;B\n1;"2;3"\n', 's', 10).rows[1].cells).toEqual(['1', '2;3'])
    expect(parseCsv('A\tB\r\n1\t2', 's', 10).rows[1].cells).toEqual(['1', '2'])
  })
})
