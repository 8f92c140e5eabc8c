/**
 * Kumu-style spreadsheet tables of a coalition, shared by the XLSX and CSV exports.
 *
 * **Elements** columns: Label, Type, Description, Tags (Kumu's own), then ours: ID, Role
 * (the ring: core | ally | outside), Stance, Themes, Size, Note; with an analysis also
 * Degree, Betweenness, Community (ignored on import). **Connections**: From, To, Type (the
 * tie kind), Trust, ID. **Settings**: Setting, Value (targetCoalitionSize).
 *
 * Unique labels (Kumu's From/To name elements by label): actors keep their name as label in
 * snapshot order; an actor whose name is already taken as a label (compared trimmed and
 * case-insensitively, as a person reading the sheet would) gets " (2)", " (3)", … — the
 * smallest number giving a label no other actor has. When any label differs from its name,
 * an extra last column **Name** holds every actor's exact name, and the ID column always
 * holds the actor id, so a re-import restores names and ids exactly. From/To hold labels.
 *
 * Cells a spreadsheet would execute (starting with =, +, -, @, tab or carriage return) are
 * written with a leading apostrophe, which the importer removes again; a value that already
 * starts with apostrophes before such a character gets one more, so the rule is reversible.
 *
 * Themes are joined with "|" (Kumu's multi-value separator) without spaces so that themes
 * survive exactly; a "|" or "\" inside a theme is written as "\|" or "\\". Tags carries the
 * same themes for Kumu, joined with " | ".
 */
import type { AnalysisResult, CoalitionSnapshot } from '../analysis'

export type Cell = string | number | undefined

export interface Sheet {
  name: string
  header: string[]
  rows: Cell[][]
}

export interface KumuTables {
  elements: Sheet
  connections: Sheet
  settings: Sheet
}

export const ELEMENT_COLUMNS = ['Label', 'Type', 'Description', 'Tags', 'ID', 'Role', 'Stance', 'Themes', 'Size', 'Note'] as const
export const CONNECTION_COLUMNS = ['From', 'To', 'Type', 'Trust', 'ID'] as const
export const METRIC_COLUMNS = ['Degree', 'Betweenness', 'Community'] as const
export const NAME_COLUMN = 'Name'
export const SETTINGS_COLUMNS = ['Setting', 'Value'] as const

const DANGEROUS = /^'*[=+\-@\t\r]/
const ESCAPED = /^'+[=+\-@\t\r]/

/** Formula-injection guard: `=1+1` → `'=1+1`, `'=x` → `''=x`; other text unchanged. */
export function escapeCell(s: string): string {
  return DANGEROUS.test(s) ? `'${s}` : s
}

/** Inverse of {@link escapeCell}. */
export function unescapeCell(s: string): string {
  return ESCAPED.test(s) ? s.slice(1) : s
}

/** Themes as one exact cell: "a|b", with "\|" and "\\" inside themes. */
export function joinThemes(themes: readonly string[]): string {
  return themes.map((t) => t.replace(/[\\|]/g, (c) => `\\${c}`)).join('|')
}

/** Inverse of {@link joinThemes}; "" is no themes. */
export function splitThemes(cell: string): string[] {
  if (cell === '') return []
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]
    if (c === '\\' && i + 1 < cell.length) cur += cell[++i]
    else if (c === '|') {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

const labelKey = (s: string) => s.trim().toLowerCase()

/** Labels unique as described above, in actor order. */
export function uniqueLabels(names: readonly string[]): string[] {
  const taken = new Set<string>()
  const firstOwner = new Map<string, number>()
  names.forEach((n, i) => {
    if (!firstOwner.has(labelKey(n))) firstOwner.set(labelKey(n), i)
  })
  // Every name that keeps its label is reserved first, so a later actor literally called
  // "X (2)" keeps its name and the duplicate "X" moves on to " (3)".
  names.forEach((n, i) => {
    if (firstOwner.get(labelKey(n)) === i) taken.add(labelKey(n))
  })
  return names.map((n, i) => {
    if (firstOwner.get(labelKey(n)) === i) return n
    let k = 2
    while (taken.has(labelKey(`${n} (${k})`))) k++
    const label = `${n} (${k})`
    taken.add(labelKey(label))
    return label
  })
}

/** True when `label` is what {@link uniqueLabels} makes of `name` (the name, or name + " (k)"). */
export function isLabelOf(label: string, name: string): boolean {
  return label === name || (label.startsWith(`${name} (`) && /^ \(\d+\)$/.test(label.slice(name.length)))
}

/** The three sheets of a snapshot (and, if given, the analysis's per-actor metrics). */
export function toKumuTables(snapshot: CoalitionSnapshot, analysis?: AnalysisResult): KumuTables {
  const text = (s: string | undefined): Cell => (s === undefined || s === '' ? undefined : escapeCell(s))
  const names = snapshot.actors.map((a) => a.name)
  const labels = uniqueLabels(names)
  const needName = labels.some((l, i) => l !== names[i])
  const labelOf = new Map(snapshot.actors.map((a, i) => [a.id, labels[i]]))
  const metrics = analysis?.metrics.actors

  const header: string[] = [...ELEMENT_COLUMNS]
  if (metrics) header.push(...METRIC_COLUMNS)
  if (needName) header.push(NAME_COLUMN)
  const elements = snapshot.actors.map((a, i) => {
    const note = (a as { note?: unknown }).note
    const noteText = typeof note === 'string' ? note : undefined
    const themes = a.themes ?? []
    const row: Cell[] = [
      text(labels[i]),
      a.kind,
      text(noteText),
      text(themes.filter((t) => t.trim() !== '').join(' | ')),
      text(a.id),
      a.ring,
      a.stance,
      text(joinThemes(themes)),
      a.size,
      text(noteText),
    ]
    if (metrics) {
      const m = Object.hasOwn(metrics, a.id) ? metrics[a.id] : undefined
      row.push(m?.degree, m?.betweenness, m?.community)
    }
    if (needName) row.push(text(a.name))
    return row
  })
  const connections = snapshot.ties.map((t): Cell[] => [text(labelOf.get(t.from)), text(labelOf.get(t.to)), t.kind, t.trust, text(t.id)])
  return {
    elements: { name: 'Elements', header, rows: elements },
    connections: { name: 'Connections', header: [...CONNECTION_COLUMNS], rows: connections },
    settings: { name: 'Settings', header: [...SETTINGS_COLUMNS], rows: [['targetCoalitionSize', snapshot.settings.targetCoalitionSize]] },
  }
}
