/**
 * A small TrueType subsetter, so the SVG can carry its font inside itself (no external
 * reference) at a few kilobytes instead of the 1.4 MB of the two full DejaVu files.
 *
 * fontkit's own subsetter (used by pdf-lib) writes no `cmap`, which is fine for a PDF but not
 * for a web font, so this one writes a complete, minimal TrueType file: the used glyphs (plus
 * the components of composite glyphs), renumbered, with a fresh `cmap` (formats 4 and 12),
 * `loca`, `hmtx`, `post` (format 3), and the other required tables copied. Layout tables
 * (GSUB, GPOS, kern) are dropped: map labels need no shaping, and the map measures text
 * without kerning to match.
 */
import { fontOf, fontBytes, type Weight } from './fonts'

interface TableRecord {
  offset: number
  length: number
}

function readTables(font: Uint8Array): Map<string, TableRecord> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength)
  const numTables = view.getUint16(4)
  const tables = new Map<string, TableRecord>()
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i
    const tag = String.fromCharCode(font[at], font[at + 1], font[at + 2], font[at + 3])
    tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) })
  }
  return tables
}

// Composite glyph flags (OpenType 'glyf').
const ARG_1_AND_2_ARE_WORDS = 0x0001
const WE_HAVE_A_SCALE = 0x0008
const MORE_COMPONENTS = 0x0020
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
const WE_HAVE_A_TWO_BY_TWO = 0x0080

/** Offsets of the glyph-index fields inside a composite glyph (empty for simple glyphs). */
function componentRefs(glyph: Uint8Array): number[] {
  if (glyph.length < 10) return []
  const view = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength)
  if (view.getInt16(0) >= 0) return []
  const refs: number[] = []
  let at = 10
  for (;;) {
    const flags = view.getUint16(at)
    refs.push(at + 2)
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2)
    if (flags & WE_HAVE_A_SCALE) at += 2
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8
    if (!(flags & MORE_COMPONENTS)) return refs
  }
}

class Writer {
  private bytes = new Uint8Array(1024)
  private view = new DataView(this.bytes.buffer)
  length = 0
  private grow(n: number): void {
    if (this.length + n <= this.bytes.length) return
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n))
    next.set(this.bytes)
    this.bytes = next
    this.view = new DataView(next.buffer)
  }
  u16(v: number): this {
    this.grow(2)
    this.view.setUint16(this.length, v & 0xffff)
    this.length += 2
    return this
  }
  u32(v: number): this {
    this.grow(4)
    this.view.setUint32(this.length, v >>> 0)
    this.length += 4
    return this
  }
  raw(b: Uint8Array): this {
    this.grow(b.length)
    this.bytes.set(b, this.length)
    this.length += b.length
    return this
  }
  pad4(): this {
    while (this.length % 4) this.raw(new Uint8Array(1))
    return this
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length)
  }
}

function checksum(b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < b.length; i += 4) {
    sum = (sum + (((b[i] << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0)) >>> 0
  }
  return sum
}

/** cmap with (3,1) format 4 for the BMP and (3,10) format 12 for everything. */
function buildCmap(map: Array<[number, number]>): Uint8Array {
  // Runs of consecutive code points mapped to consecutive glyphs.
  const runs: Array<[number, number, number]> = []
  for (const [cp, gid] of map) {
    const last = runs[runs.length - 1]
    if (last && cp === last[1] + 1 && gid === last[2] + (cp - last[0])) last[1] = cp
    else runs.push([cp, cp, gid])
  }
  const bmp = runs.filter((r) => r[0] <= 0xfffe).map(([s, e, g]): [number, number, number] => [s, Math.min(e, 0xfffe), g])
  const seg = bmp.length + 1
  const f4 = new Writer()
  const f4len = 16 + 8 * seg
  const log = Math.floor(Math.log2(seg))
  f4.u16(4).u16(f4len).u16(0).u16(seg * 2).u16(2 << log).u16(log).u16(seg * 2 - (2 << log))
  for (const [, e] of bmp) f4.u16(e)
  f4.u16(0xffff).u16(0)
  for (const [s] of bmp) f4.u16(s)
  f4.u16(0xffff)
  for (const [s, , g] of bmp) f4.u16((g - s) & 0xffff)
  f4.u16(1)
  for (let i = 0; i < seg; i++) f4.u16(0)
  const f12 = new Writer()
  f12.u16(12).u16(0).u32(16 + 12 * runs.length).u32(0).u32(runs.length)
  for (const [s, e, g] of runs) f12.u32(s).u32(e).u32(g)
  const a = f4.done()
  const b = f12.done()
  const out = new Writer()
  out.u16(0).u16(2).u16(3).u16(1).u32(4 + 16).u16(3).u16(10).u32(4 + 16 + a.length)
  return out.raw(a).raw(b).done()
}

/**
 * A TrueType font with only the glyphs for `codePoints` (those the font has; others are left
 * out and render with the viewer's fallback). Deterministic: the same font and code points
 * always give the same bytes.
 */
export function subsetFont(weight: Weight, codePoints: Iterable<number>): Uint8Array {
  const src = fontBytes(weight)
  const font = fontOf(weight)
  const tables = readTables(src)
  const table = (tag: string): Uint8Array => {
    const t = tables.get(tag)
    if (!t) throw new Error(`font has no ${tag} table`)
    return src.subarray(t.offset, t.offset + t.length)
  }
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength)
  const head = table('head')
  const longLoca = dv(head).getInt16(50) === 1
  const loca = dv(table('loca'))
  const glyf = table('glyf')
  const glyphAt = (gid: number): Uint8Array => {
    const s = longLoca ? loca.getUint32(gid * 4) : loca.getUint16(gid * 2) * 2
    const e = longLoca ? loca.getUint32(gid * 4 + 4) : loca.getUint16(gid * 2 + 2) * 2
    return glyf.subarray(s, e)
  }

  // Which glyphs: .notdef, the mapped ones, and every component they use.
  const cmap: Array<[number, number]> = []
  const used = new Set<number>([0])
  for (const cp of [...new Set(codePoints)].sort((a, b) => a - b)) {
    if (!font.hasGlyphForCodePoint(cp)) continue
    const gid = font.glyphForCodePoint(cp).id
    cmap.push([cp, gid])
    used.add(gid)
  }
  const queue = [...used]
  while (queue.length) {
    const glyph = glyphAt(queue.pop()!)
    for (const at of componentRefs(glyph)) {
      const c = dv(glyph).getUint16(at)
      if (!used.has(c)) {
        used.add(c)
        queue.push(c)
      }
    }
  }
  const order = [...used].sort((a, b) => a - b)
  const newId = new Map(order.map((g, i) => [g, i]))

  const glyfOut = new Writer()
  const locaOut = new Writer()
  for (const gid of order) {
    locaOut.u32(glyfOut.length)
    const glyph = glyphAt(gid).slice()
    for (const at of componentRefs(glyph)) dv(glyph).setUint16(at, newId.get(dv(glyph).getUint16(at))!)
    glyfOut.raw(glyph).pad4()
  }
  locaOut.u32(glyfOut.length)

  const hhea = table('hhea').slice()
  const hmtx = dv(table('hmtx'))
  const nhm = dv(hhea).getUint16(34)
  const hmtxOut = new Writer()
  for (const gid of order) {
    const aw = hmtx.getUint16(4 * Math.min(gid, nhm - 1))
    const lsb = gid < nhm ? hmtx.getInt16(4 * gid + 2) : hmtx.getInt16(4 * nhm + 2 * (gid - nhm))
    hmtxOut.u16(aw).u16(lsb)
  }
  dv(hhea).setUint16(34, order.length)
  const maxp = table('maxp').slice()
  dv(maxp).setUint16(4, order.length)
  const headOut = head.slice()
  dv(headOut).setUint32(8, 0)
  dv(headOut).setInt16(50, 1)
  const post = table('post').slice(0, 32)
  dv(post).setUint32(0, 0x00030000)

  const out = new Map<string, Uint8Array>([
    ['OS/2', table('OS/2')],
    ['cmap', buildCmap(cmap.map(([cp, gid]): [number, number] => [cp, newId.get(gid)!]))],
    ['glyf', glyfOut.done()],
    ['head', headOut],
    ['hhea', hhea],
    ['hmtx', hmtxOut.done()],
    ['loca', locaOut.done()],
    ['maxp', maxp],
    ['name', table('name')],
    ['post', post],
  ])
  // Hinting programs are referenced by glyph instructions; keep them when present.
  for (const tag of ['cvt ', 'fpgm', 'prep', 'gasp']) if (tables.has(tag)) out.set(tag, table(tag))
  const tags = [...out.keys()].sort()

  const file = new Writer()
  const n = tags.length
  const log = Math.floor(Math.log2(n))
  file.u32(0x00010000).u16(n).u16(16 << log).u16(log).u16(n * 16 - (16 << log))
  let offset = 12 + 16 * n
  for (const tag of tags) {
    const data = out.get(tag)!
    for (let i = 0; i < 4; i++) file.raw(new Uint8Array([tag.charCodeAt(i)]))
    file.u32(checksum(data)).u32(offset).u32(data.length)
    offset += Math.ceil(data.length / 4) * 4
  }
  let headAt = 0
  for (const tag of tags) {
    if (tag === 'head') headAt = file.length
    file.raw(out.get(tag)!).pad4()
  }
  const bytes = file.done()
  dv(bytes).setUint32(headAt + 8, (0xb1b0afba - checksum(bytes)) >>> 0)
  return bytes
}
