/**
 * CSV (RFC 4180) for the Kumu tables: writing elements.csv / connections.csv / settings.csv
 * into a zip, and reading them back, as a zip or as single files.
 *
 * Written as UTF-8 with a BOM (so Excel picks UTF-8), CRLF line ends, fields quoted when
 * they hold a comma, semicolon, quote, CR, LF or surrounding spaces. Read leniently: a BOM
 * (UTF-8 or UTF-16), LF or CRLF, and a comma, semicolon or tab separator (whichever the
 * header row uses; Dutch Excel writes semicolons); text that is not UTF-8 is read as
 * Windows-1252, which is what Excel writes otherwise.
 */
import { unzipSync, zipSync, type Unzipped } from 'fflate'
import type { AnalysisResult, CoalitionSnapshot } from '../analysis'
import { fail, importError, ImportFailure } from './errors'
import { toKumuTables, type Cell, type Sheet } from './kumu'
import type { RawRow, RawSheet } from './kumuread'

export const CSV_FILES = { elements: 'elements.csv', connections: 'connections.csv', settings: 'settings.csv' } as const

function field(cell: Cell): string {
  if (cell === undefined) return ''
  const s = String(cell)
  return /[",;\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One sheet as CSV text (with BOM). */
export function sheetToCsv(sheet: Sheet): string {
  const lines = [sheet.header, ...sheet.rows].map((row) => row.map(field).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

// A fixed date keeps the zip byte-identical for the same snapshot (1980-01-01 is the
// earliest a zip can say).
const ZIP_DATE = new Date(1980, 0, 1, 0, 0, 0)

/** elements.csv, connections.csv and settings.csv in a zip. */
export function toKumuCsvZip(snapshot: CoalitionSnapshot, analysis?: AnalysisResult): Uint8Array {
  const t = toKumuTables(snapshot, analysis)
  const enc = new TextEncoder()
  return zipSync(
    {
      [CSV_FILES.elements]: [enc.encode(sheetToCsv(t.elements)), { mtime: ZIP_DATE }],
      [CSV_FILES.connections]: [enc.encode(sheetToCsv(t.connections)), { mtime: ZIP_DATE }],
      [CSV_FILES.settings]: [enc.encode(sheetToCsv(t.settings)), { mtime: ZIP_DATE }],
    },
    { level: 6 },
  )
}

/** Bytes → text: BOM-aware UTF-8 / UTF-16, else Windows-1252. NUL bytes mean it is not text. */
export function decodeText(bytes: Uint8Array, name: string): string {
  let text: string
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2))
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2))
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes)
    }
  }
  if (text.includes('\u0000')) fail(importError(name, 'not a text file (it contains binary data)', 415))
  return text
}

/** The separator the header row uses: the most frequent of , ; and tab outside quotes. */
function separatorOf(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && c in counts) counts[c]++
  }
  return counts[';'] > counts[','] && counts[';'] >= counts['\t'] ? ';' : counts['\t'] > counts[','] ? '\t' : ','
}

/**
 * RFC 4180 records with their row numbers (1-based, a record spanning lines counts once).
 * Stops with an error past `maxRows` records, so a huge file fails fast.
 */
export function parseCsv(text: string, name: string, maxRows: number): RawSheet {
  const sep = separatorOf(text)
  const rows: RawRow[] = []
  let cells: Cell[] = []
  let cur = ''
  let i = 0
  const n = text.length
  const endRecord = () => {
    cells.push(cur)
    rows.push({ row: rows.length + 1, cells })
    // A coarse early stop (blank rows count here); the exact limit is checked on the rows read.
    if (rows.length > 2 * maxRows + 100) fail(importError(name, `more than ${maxRows.toLocaleString('en')} rows; at most ${maxRows.toLocaleString('en')} are allowed`, 413))
    cells = []
    cur = ''
  }
  while (i < n) {
    const c = text[i]
    if (c === '"' && cur === '') {
      // Quoted field: up to the closing quote; "" is a quote.
      const start = rows.length + 1
      i++
      for (;;) {
        if (i >= n) fail(importError(`${name} row ${start}`, 'a quoted field is never closed (missing ")', 422))
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cur += '"'
            i += 2
            continue
          }
          i++
          break
        }
        cur += text[i++]
      }
      // Anything between the closing quote and the separator is kept, as Excel does.
      while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') cur += text[i++]
      continue
    }
    if (c === sep) {
      cells.push(cur)
      cur = ''
      i++
    } else if (c === '\r' || c === '\n') {
      endRecord()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      cur += c
      i++
    }
  }
  if (cur !== '' || cells.length > 0) endRecord()
  // Empty cells read as absent, like empty spreadsheet cells.
  for (const r of rows) r.cells = r.cells.map((c) => (c === '' ? undefined : c))
  return { name, rows }
}

/** A zip's CSV entries by lower-cased base name, refusing oversized content. */
export function readZip(bytes: Uint8Array, name: string, maxUncompressed: number): Map<string, { name: string; data: Uint8Array }> {
  let files: Unzipped
  let total = 0
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize
        if (total > maxUncompressed) fail(importError(name, `the archive unpacks to more than ${Math.round(maxUncompressed / 1e6)} MB`, 413))
        return /\.csv$/i.test(f.name) && !/(^|\/)__MACOSX\//.test(f.name)
      },
    })
  } catch (e) {
    if (e instanceof ImportFailure) throw e
    return fail(importError(name, 'not a readable zip archive (truncated or damaged)', 422))
  }
  const out = new Map<string, { name: string; data: Uint8Array }>()
  for (const [path, data] of Object.entries(files)) {
    const base = path.split('/').pop()!
    if (!out.has(base.toLowerCase())) out.set(base.toLowerCase(), { name: base, data })
  }
  return out
}
