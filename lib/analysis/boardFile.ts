/**
 * Reading the analyser's snapshot out of a board file exported by the app:
 * `{ "format": "coalition-canvas/board", "formatVersion": 1, "snapshot": {...}, ... }`.
 */
import { parseSnapshot, snapshotError, type ParseResult } from './snapshot'

/** The marker that tells a board file from a bare snapshot. */
export const BOARD_FORMAT = 'coalition-canvas/board'
/** Board file versions this module reads. */
export const BOARD_FORMAT_VERSIONS: readonly number[] = [1]

/** True when `json` carries the board file marker at its top level. */
export function isBoardFile(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && (json as { format?: unknown }).format === BOARD_FORMAT
}

/**
 * The coalition snapshot of a board file: its `snapshot` field, validated. Error paths are
 * paths in the file (`snapshot.ties[3].to`). A file without `formatVersion` is read as
 * version 1.
 */
export function snapshotFromBoardFile(json: unknown): ParseResult {
  if (!isBoardFile(json)) return { ok: false, error: snapshotError('format', `expected "${BOARD_FORMAT}"`) }
  const version = json.formatVersion
  if (version !== undefined && !BOARD_FORMAT_VERSIONS.includes(version as number)) {
    return { ok: false, error: snapshotError('formatVersion', `unsupported board format version ${JSON.stringify(version)}`) }
  }
  if (json.snapshot === undefined) return { ok: false, error: snapshotError('snapshot', 'required') }
  const result = parseSnapshot(json.snapshot)
  if (result.ok) return result
  const inner = result.error.path
  const path = inner === '$' ? 'snapshot' : inner.startsWith('[') ? `snapshot${inner}` : `snapshot.${inner}`
  return { ok: false, error: snapshotError(path, result.error.message.slice(inner.length + 2)) }
}
