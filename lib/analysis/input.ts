/**
 * Text to snapshot, the way the CLI and imports read a file: a bare snapshot or a board file
 * (recognised by its format marker).
 */
import { isBoardFile, snapshotFromBoardFile } from './boardFile'
import { parseSnapshot, type ParseResult } from './snapshot'

/** Parses JSON text as a snapshot or a board file; `$: not valid JSON` when it is not JSON. */
export function snapshotFromText(text: string): ParseResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, error: { path: '$', message: '$: not valid JSON' } }
  }
  return isBoardFile(json) ? snapshotFromBoardFile(json) : parseSnapshot(json)
}
