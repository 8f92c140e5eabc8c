/**
 * The full board file: every record, the board's meta, session, analysis and spiral history,
 * and the coalition snapshot, with a format marker and version. Exported from a board and
 * imported into a new one (or merged), all or nothing.
 */
import * as Y from 'yjs'
import { BOARD_FORMAT } from '../analysis/boardFile'
import { readAnalysis, readSpiral } from '../doc/analysisEntry'
import { allRecords, metaMap, MetaKey, sessionMap, SessionKey, type StoredRecord } from '../doc/schema'
import { extractBoard } from './snapshot'
import { validateStoredRecord } from './validateRecord'

export const BOARD_FORMAT_VERSION = 1

export function boardFileOf(doc: Y.Doc, exportedAt: string) {
  const target = Number(sessionMap(doc).get(SessionKey.targetCoalitionSize))
  const records = allRecords(doc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return {
    format: BOARD_FORMAT,
    formatVersion: BOARD_FORMAT_VERSION,
    exportedAt,
    title: String(metaMap(doc).get(MetaKey.title) ?? ''),
    meta: metaMap(doc).toJSON(),
    session: sessionMap(doc).toJSON(),
    records,
    analysis: readAnalysis(doc),
    spiral: readSpiral(doc),
    snapshot: extractBoard(records, Number.isInteger(target) && target >= 1 ? { targetCoalitionSize: target } : {}).snapshot,
  }
}

export type BoardFile = ReturnType<typeof boardFileOf>

/** The records of a board file, each validated; an error names the JSON path. */
export function recordsFromBoardFile(json: unknown): { ok: true; records: StoredRecord[]; title: string } | { ok: false; message: string; where: string } {
  const file = json as { format?: unknown; formatVersion?: unknown; records?: unknown; title?: unknown }
  if (!file || file.format !== BOARD_FORMAT) return { ok: false, message: `expected "format": "${BOARD_FORMAT}"`, where: '$.format' }
  if (file.formatVersion !== undefined && file.formatVersion !== BOARD_FORMAT_VERSION) {
    return { ok: false, message: `unsupported board format version ${JSON.stringify(file.formatVersion)}`, where: '$.formatVersion' }
  }
  if (!Array.isArray(file.records)) return { ok: false, message: 'expected an array of records', where: '$.records' }
  const seen = new Set<string>()
  for (let i = 0; i < file.records.length; i++) {
    const record = file.records[i] as StoredRecord
    const id = typeof record?.id === 'string' ? record.id : ''
    const error = validateStoredRecord(id, record)
    if (error) return { ok: false, message: error, where: `$.records[${i}]` }
    if (seen.has(id)) return { ok: false, message: `duplicate record id "${id}"`, where: `$.records[${i}].id` }
    seen.add(id)
  }
  return { ok: true, records: file.records as StoredRecord[], title: typeof file.title === 'string' ? file.title.slice(0, 200) : '' }
}
