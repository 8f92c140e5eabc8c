/**
 * What an uploaded file is, from its bytes first (magic numbers, zip contents, JSON shape)
 * and its name and content type only as hints for plain text. Anything else is refused with
 * a 415-style error that says what the file looks like.
 */
import { unzipSync } from 'fflate'
import { BOARD_FORMAT } from '../analysis'
import { importError, type ImportError } from './errors'

export type ImportFormat = 'xlsx' | 'csv-zip' | 'csv' | 'snapshot-json' | 'board-json'

export type DetectResult = { ok: true; format: ImportFormat } | { ok: false; error: ImportError }

const starts = (b: Uint8Array, ...sig: number[]) => sig.every((v, i) => b[i] === v)

const KNOWN_BINARY: Array<[number[], string]> = [
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) file or a password-protected workbook; save it as .xlsx without a password'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
]

const SUPPORTED = 'expected a Kumu .xlsx workbook, a .zip of elements.csv and connections.csv, a .csv file, or a snapshot or board .json file'

function unsupported(fileName: string, what: string): DetectResult {
  return { ok: false, error: importError(fileName, `this is ${what}; ${SUPPORTED}`, 415) }
}

/** Entry names of a zip, without unpacking anything. */
function zipEntries(bytes: Uint8Array): string[] | null {
  const names: string[] = []
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name)
        return false
      },
    })
  } catch {
    return null
  }
  return names
}

function looksBinary(head: Uint8Array): boolean {
  let control = 0
  for (const b of head) {
    if (b === 0) return true
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++
  }
  return control > head.length / 100
}

/** Internal detection that also hands over the parsed JSON, so it is parsed once. */
export function sniff(fileName: string, contentType: string | undefined, bytes: Uint8Array): (DetectResult & { json?: unknown }) {
  if (bytes.length === 0) return { ok: false, error: importError(fileName, 'the file is empty', 422) }
  if (starts(bytes, 0x50, 0x4b) && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)) {
    const names = zipEntries(bytes)
    if (names === null) return { ok: false, error: importError(fileName, 'not a readable zip archive (truncated or damaged)', 422) }
    if (names.includes('xl/workbook.xml')) return { ok: true, format: 'xlsx' }
    if (names.some((n) => /\.csv$/i.test(n))) return { ok: true, format: 'csv-zip' }
    if (names.includes('word/document.xml')) return unsupported(fileName, 'a Word document')
    return unsupported(fileName, 'a zip archive without elements.csv')
  }
  for (const [sig, what] of KNOWN_BINARY) if (starts(bytes, ...sig)) return unsupported(fileName, what)
  const bom = starts(bytes, 0xef, 0xbb, 0xbf) ? 3 : 0
  const utf16 = starts(bytes, 0xff, 0xfe) || starts(bytes, 0xfe, 0xff)
  const head = bytes.subarray(bom, bom + 4096)
  if (!utf16 && looksBinary(head)) return unsupported(fileName, 'a binary file of unknown type')

  let i = 0
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++
  if (!utf16 && (head[i] === 0x7b || head[i] === 0x5b)) {
    let json: unknown
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bom)))
    } catch {
      // It looks like JSON; the JSON importer says what is wrong with it.
      return { ok: true, format: 'snapshot-json' }
    }
    const board = typeof json === 'object' && json !== null && !Array.isArray(json) && (json as { format?: unknown }).format === BOARD_FORMAT
    return { ok: true, format: board ? 'board-json' : 'snapshot-json', json }
  }
  const type = (contentType ?? '').toLowerCase()
  if (/\.(csv|tsv|txt)$/i.test(fileName) || /^text\/(csv|plain|tab-separated-values)|ms-excel/.test(type)) return { ok: true, format: 'csv' }
  // Unnamed text whose first line has separators is taken as CSV too.
  const firstLine = new TextDecoder('utf-8').decode(head).split(/\r?\n/)[0]
  if (/[,;\t]/.test(firstLine)) return { ok: true, format: 'csv' }
  return unsupported(fileName, 'a text file that is neither CSV nor JSON')
}

/**
 * The import format of a file: 'xlsx' | 'csv-zip' | 'csv' | 'snapshot-json' | 'board-json',
 * or an error (status 415 for files we do not read, 422 for empty or damaged ones).
 */
export function detectFormat(fileName: string, contentType: string | undefined, bytes: Uint8Array): DetectResult {
  const r = sniff(fileName, contentType, bytes)
  return r.ok ? { ok: true, format: r.format } : r
}
