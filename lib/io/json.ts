/**
 * The coalition snapshot as JSON (ANALYSIS.md, "Input") and back, with errors that name the
 * JSON path (`$.actors[3].ring`).
 */
import { parseSnapshot, snapshotFromBoardFile, type CoalitionSnapshot, type ParseResult } from '../analysis'
import { fail, importError } from './errors'
import type { RowLimits } from './kumuread'

type Noted = { note?: unknown }

/**
 * The snapshot in the analyser's input format, keys in the documented order, 2-space
 * indented. An actor's optional `note` is kept (unknown fields are ignored by the analyser).
 */
export function toSnapshotJson(snapshot: CoalitionSnapshot): string {
  const actors = snapshot.actors.map((a) => {
    const out: Record<string, unknown> = { id: a.id, name: a.name, kind: a.kind, stance: a.stance, ring: a.ring }
    if (a.themes !== undefined) out.themes = a.themes
    if (a.size !== undefined) out.size = a.size
    const note = (a as Noted).note
    if (typeof note === 'string') out.note = note
    return out
  })
  const ties = snapshot.ties.map((t) => ({ id: t.id, from: t.from, to: t.to, trust: t.trust, kind: t.kind }))
  return `${JSON.stringify({ actors, ties, settings: { targetCoalitionSize: snapshot.settings.targetCoalitionSize } }, null, 2)}\n`
}

/** `ties[3].to` → `$.ties[3].to`; `$` stays `$`. */
function jsonPath(path: string): string {
  return path === '$' ? '$' : path.startsWith('[') ? `$${path}` : `$.${path}`
}

function check(result: ParseResult): CoalitionSnapshot {
  if (result.ok) return result.snapshot
  const { path, message } = result.error
  const where = jsonPath(path)
  // The analyser's messages start with their path; restate it as a JSON path.
  const detail = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message
  return fail(importError(where, detail))
}

/** Carries `note` strings over from the raw actors (parseSnapshot strips unknown fields). */
function withNotes(snapshot: CoalitionSnapshot, rawActors: unknown, base: string): CoalitionSnapshot {
  if (!Array.isArray(rawActors)) return snapshot
  rawActors.forEach((raw, i) => {
    const note = raw !== null && typeof raw === 'object' ? (raw as Noted).note : undefined
    if (note === undefined) return
    if (typeof note !== 'string') fail(importError(`${base}.actors[${i}].note`, 'expected a string'))
    ;(snapshot.actors[i] as Noted).note = note
  })
  return snapshot
}

function checkCounts(json: unknown, base: string, limits: RowLimits): void {
  if (json === null || typeof json !== 'object') return
  const { actors, ties } = json as { actors?: unknown; ties?: unknown }
  if (Array.isArray(actors) && actors.length > limits.maxElements) {
    fail(importError(`${base}.actors`, `${actors.length.toLocaleString('en')} actors; at most ${limits.maxElements.toLocaleString('en')} are allowed`, 413))
  }
  if (Array.isArray(ties) && ties.length > limits.maxConnections) {
    fail(importError(`${base}.ties`, `${ties.length.toLocaleString('en')} ties; at most ${limits.maxConnections.toLocaleString('en')} are allowed`, 413))
  }
}

/** A parsed snapshot JSON value → snapshot (throws ImportFailure). */
export function snapshotFromJson(json: unknown, limits: RowLimits): CoalitionSnapshot {
  checkCounts(json, '$', limits)
  return withNotes(check(parseSnapshot(json)), (json as { actors?: unknown } | null)?.actors, '$')
}

/** A board file's snapshot (its `snapshot` field; paths as `$.snapshot.ties[3].to`). */
export function snapshotFromBoardJson(json: unknown, limits: RowLimits): CoalitionSnapshot {
  const inner = (json as { snapshot?: unknown }).snapshot
  checkCounts(inner, '$.snapshot', limits)
  const snap = inner as { actors?: unknown } | null | undefined
  return withNotes(check(snapshotFromBoardFile(json)), snap && typeof snap === 'object' ? snap.actors : undefined, '$.snapshot')
}
