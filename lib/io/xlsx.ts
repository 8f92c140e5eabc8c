/**
 * The Kumu tables as an Excel workbook (exceljs), and back.
 */
import { createRequire } from 'node:module'
import { unzipSync } from 'fflate'
import type { AnalysisResult, CoalitionSnapshot } from '../analysis'
import { fail, importError, ImportFailure } from './errors'
import { toKumuTables, type Cell } from './kumu'
import { tablesToSnapshot, type RawRow, type RawSheet, type RowLimits } from './kumuread'

// exceljs is CommonJS; `import * as` gives no named exports under Node's own ESM loader.
const require = createRequire(import.meta.url)
const ExcelJS = require('exceljs') as typeof import('exceljs')

/**
 * Text as OOXML stores it. XML cannot hold most control characters and turns CR into LF,
 * and exceljs silently drops them, so they are written as `_xHHHH_` escapes (which Excel and
 * exceljs decode); a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_`.
 */
export function toXlsxText(s: string): string {
  return s
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    .replace(/[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\u007F]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
}

/** A Kumu workbook: sheets Elements, Connections, Settings (see kumu.ts for the columns). */
export async function toKumuXlsx(snapshot: CoalitionSnapshot, analysis?: AnalysisResult): Promise<Uint8Array> {
  const tables = toKumuTables(snapshot, analysis)
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Coalition Canvas'
  // No clock: fixed document dates.
  wb.created = new Date(Date.UTC(2000, 0, 1))
  wb.modified = wb.created
  for (const sheet of [tables.elements, tables.connections, tables.settings]) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.addRow(sheet.header).font = { bold: true }
    for (const row of sheet.rows) ws.addRow(row.map((c) => (typeof c === 'string' ? toXlsxText(c) : c ?? null)))
    ws.columns.forEach((col, i) => {
      col.width = sheet.header[i] === 'Label' || sheet.header[i] === 'From' || sheet.header[i] === 'To' ? 32 : 16
    })
  }
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}

/** A cell value as read by exceljs → text or number. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('')
    if ('formula' in o || 'sharedFormula' in o) return cellOf(o.result)
    if ('text' in o) return cellOf(o.text)
    if ('error' in o) return String(o.error)
  }
  return String(v)
}

function sheetRows(ws: import('exceljs').Worksheet, name: string): RawSheet {
  const rows: RawRow[] = []
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[]
    const cells: Cell[] = []
    for (let i = 1; i < values.length; i++) cells[i - 1] = cellOf(values[i])
    rows.push({ row: rowNumber, cells: Array.from(cells) })
  })
  return { name, rows }
}

/** Counts `<row` tags in the worksheets without parsing them: a cheap guard before exceljs. */
function rowTags(bytes: Uint8Array, name: string, maxUncompressed: number): number {
  let total = 0
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize
        if (total > maxUncompressed) fail(importError(name, `the workbook unpacks to more than ${Math.round(maxUncompressed / 1e6)} MB`, 413))
        return /^xl\/worksheets\/[^/]+\.xml$/.test(f.name)
      },
    })
  } catch (e) {
    if (e instanceof ImportFailure) throw e
    return fail(importError(name, 'not a readable Excel workbook (the zip is truncated or damaged)', 422))
  }
  let most = 0
  for (const data of Object.values(files)) {
    let count = 0
    for (let i = 0; i + 4 < data.length; i++) {
      if (data[i] === 0x3c && data[i + 1] === 0x72 && data[i + 2] === 0x6f && data[i + 3] === 0x77 && (data[i + 4] === 0x20 || data[i + 4] === 0x3e)) count++
    }
    most = Math.max(most, count)
  }
  return most
}

/** Reads a Kumu workbook (Elements required; Connections and Settings when present). Throws ImportFailure. */
export async function parseKumuXlsx(bytes: Uint8Array, fileName: string, limits: RowLimits & { maxUncompressed: number }): Promise<CoalitionSnapshot> {
  const rows = rowTags(bytes, fileName, limits.maxUncompressed)
  const most = Math.max(limits.maxElements, limits.maxConnections)
  // Generous (empty formatted rows count here too); the exact limits are checked per sheet.
  if (rows > 2 * most + 1000) fail(importError(fileName, `a sheet has ${rows.toLocaleString('en')} rows; at most ${most.toLocaleString('en')} are allowed`, 413))

  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch {
    fail(importError(fileName, 'not a readable Excel workbook', 422))
  }
  const find = (n: string) => wb.worksheets.find((ws) => ws.name.trim().toLowerCase() === n)
  const elements = find('elements')
  if (!elements) {
    const names = wb.worksheets.map((ws) => `"${ws.name}"`).join(', ')
    fail(importError(fileName, `no sheet named "Elements" (the workbook has ${names || 'no sheets'})`, 422))
  }
  const connections = find('connections')
  const settings = find('settings')
  return tablesToSnapshot(
    sheetRows(elements, 'Elements'),
    connections && sheetRows(connections, 'Connections'),
    settings && sheetRows(settings, 'Settings'),
    limits,
  )
}
