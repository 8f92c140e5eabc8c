/**
 * One entry point for uploads: detect the format, enforce the limits, parse, validate, and
 * answer with either a complete snapshot or one error — never a partial snapshot, never a
 * thrown exception.
 */
import type { CoalitionSnapshot } from '../analysis'
import { importError, ImportFailure, fail, type ImportError } from './errors'
import { CSV_FILES, decodeText, parseCsv, readZip } from './csv'
import { sniff, type ImportFormat } from './detect'
import { snapshotFromBoardJson, snapshotFromJson } from './json'
import { tablesToSnapshot, type RawSheet } from './kumuread'
import { parseKumuXlsx } from './xlsx'

export interface ImportLimits {
  /** Largest file accepted, in bytes. Default 20 MB. */
  maxBytes: number
  /** Most elements (actors). Default 5,000. */
  maxElements: number
  /** Most connections (ties). Default 20,000. */
  maxConnections: number
  /** Most bytes a zip or workbook may unpack to. Default 3 × maxBytes. */
  maxUncompressed: number
}

export const DEFAULT_LIMITS: Readonly<ImportLimits> = {
  maxBytes: 20 * 1024 * 1024,
  maxElements: 5000,
  maxConnections: 20000,
  maxUncompressed: 60 * 1024 * 1024,
}

export type ImportResult = { ok: true; format: ImportFormat; snapshot: CoalitionSnapshot } | { ok: false; error: ImportError }

function limitsOf(partial?: Partial<ImportLimits>): ImportLimits {
  const maxBytes = partial?.maxBytes ?? DEFAULT_LIMITS.maxBytes
  return {
    maxBytes,
    maxElements: partial?.maxElements ?? DEFAULT_LIMITS.maxElements,
    maxConnections: partial?.maxConnections ?? DEFAULT_LIMITS.maxConnections,
    maxUncompressed: partial?.maxUncompressed ?? 3 * maxBytes,
  }
}

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`

function checkSize(bytes: Uint8Array, fileName: string, limits: ImportLimits): void {
  if (bytes.length > limits.maxBytes) fail(importError(fileName, `the file is ${mb(bytes.length)}; at most ${mb(limits.maxBytes)} is allowed`, 413))
}

/** Runs a parser; anything it throws becomes an error result. */
async function guarded(fileName: string, run: () => Promise<{ format: ImportFormat; snapshot: CoalitionSnapshot }>): Promise<ImportResult> {
  try {
    const { format, snapshot } = await run()
    return { ok: true, format, snapshot }
  } catch (e) {
    if (e instanceof ImportFailure) return { ok: false, error: e.error }
    const reason = e instanceof Error ? e.message : String(e)
    return { ok: false, error: importError(fileName, `could not be read (${reason.slice(0, 200)})`, 422) }
  }
}

function csvSheet(bytes: Uint8Array, name: string, maxRows: number): RawSheet {
  return parseCsv(decodeText(bytes, name), name, maxRows)
}

const isConnectionsHeader = (sheet: RawSheet) => {
  const head = (sheet.rows[0]?.cells ?? []).map((c) => String(c ?? '').trim().toLowerCase())
  return head.includes('from') && head.includes('to') && !head.includes('label')
}

function fromCsvZip(bytes: Uint8Array, fileName: string, limits: ImportLimits): CoalitionSnapshot {
  const files = readZip(bytes, fileName, limits.maxUncompressed)
  const pick = (exact: string, part: string) => files.get(exact) ?? [...files.entries()].find(([k]) => k.includes(part))?.[1]
  const elements = pick(CSV_FILES.elements, 'element')
  if (!elements) {
    const found = [...files.values()].map((f) => f.name).join(', ')
    fail(importError(fileName, `no ${CSV_FILES.elements} in the archive (it holds ${found || 'no CSV files'})`))
  }
  const connections = pick(CSV_FILES.connections, 'connection')
  const settings = files.get(CSV_FILES.settings)
  return tablesToSnapshot(
    csvSheet(elements.data, elements.name, limits.maxElements),
    connections && csvSheet(connections.data, connections.name, limits.maxConnections),
    settings && csvSheet(settings.data, settings.name, 100),
    limits,
  )
}

function fromJson(bytes: Uint8Array, json: unknown, board: boolean, limits: ImportLimits): CoalitionSnapshot {
  if (json === undefined) {
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      return fail(importError('$', 'the file is not UTF-8 text'))
    }
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch (e) {
      const why = e instanceof SyntaxError ? ` (${e.message.slice(0, 120)})` : ''
      return fail(importError('$', `not valid JSON${why}`))
    }
  }
  return board ? snapshotFromBoardJson(json, limits) : snapshotFromJson(json, limits)
}

/**
 * Reads an uploaded file into a validated snapshot: a Kumu XLSX workbook, a zip of
 * elements.csv + connections.csv (+ settings.csv), a single elements CSV (no ties), a
 * snapshot JSON, or a board file's snapshot. Errors name the file, sheet, row and column
 * (or JSON path); see {@link ImportError}. Never throws.
 */
export async function parseImport(bytes: Uint8Array, fileName: string, contentType?: string, limits?: Partial<ImportLimits>): Promise<ImportResult> {
  const lim = limitsOf(limits)
  return guarded(fileName, async () => {
    checkSize(bytes, fileName, lim)
    const detected = sniff(fileName, contentType, bytes)
    if (!detected.ok) throw new ImportFailure(detected.error)
    const { format } = detected
    switch (format) {
      case 'xlsx':
        return { format, snapshot: await parseKumuXlsx(bytes, fileName, lim) }
      case 'csv-zip':
        return { format, snapshot: fromCsvZip(bytes, fileName, lim) }
      case 'csv': {
        const sheet = csvSheet(bytes, fileName, lim.maxConnections)
        if (isConnectionsHeader(sheet)) {
          fail(importError(fileName, 'this is a connections file; import it together with its elements file (a zip of both, or both files at once)', 422))
        }
        return { format, snapshot: tablesToSnapshot(sheet, undefined, undefined, lim) }
      }
      case 'snapshot-json':
      case 'board-json':
        return { format, snapshot: fromJson(bytes, detected.json, format === 'board-json', lim) }
    }
  })
}

/** An elements CSV and (optionally) its connections CSV, uploaded as two files. Never throws. */
export async function parseCsvPair(
  elements: { bytes: Uint8Array; fileName: string },
  connections?: { bytes: Uint8Array; fileName: string },
  limits?: Partial<ImportLimits>,
): Promise<ImportResult> {
  const lim = limitsOf(limits)
  return guarded(elements.fileName, async () => {
    checkSize(elements.bytes, elements.fileName, lim)
    if (elements.bytes.length === 0) fail(importError(elements.fileName, 'the file is empty'))
    const el = csvSheet(elements.bytes, elements.fileName, lim.maxElements)
    let co: RawSheet | undefined
    if (connections) {
      checkSize(connections.bytes, connections.fileName, lim)
      co = csvSheet(connections.bytes, connections.fileName, lim.maxConnections)
    }
    return { format: 'csv', snapshot: tablesToSnapshot(el, co, undefined, lim) }
  })
}
