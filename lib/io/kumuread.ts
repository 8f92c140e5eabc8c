/**
 * Kumu-style sheets (from XLSX or CSV) → a validated coalition snapshot, or one error that
 * names the sheet (or file), row and column. All or nothing: the first problem stops the
 * import. The column rules are in kumu.ts; here is how cells are read back.
 *
 * - Headers are matched trimmed and case-insensitively; unknown columns are ignored.
 * - Required: Elements Label, Type, Role, Stance; Connections From, To, Type, Trust.
 * - Enum cells accept the English values and the Dutch words of GLOSSARY.md, in any case.
 * - From/To: the element whose label is exactly the value; when several share it, the one
 *   whose ID is the value; when none has it, the one whose ID is the value; then a label
 *   match ignoring case and surrounding spaces. Several candidates left → an error naming
 *   their rows. An element without an ID gets `e<row>`, a connection without one `t<row>`.
 * - Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
import { ACTOR_KINDS, RINGS, STANCES, TIE_KINDS, TRUST_LEVELS, parseSnapshot, type Actor, type CoalitionSnapshot, type Tie } from '../analysis'
import { cellError, fail, importError, quote } from './errors'
import { isLabelOf, splitThemes, unescapeCell, NAME_COLUMN, type Cell } from './kumu'
import { KIND_NAMES, RING_NAMES, ROLE_NAMES, STANCE_NAMES, TIE_KIND_NAMES, TRUST_NAMES } from './labels'

/** One row as read, with its spreadsheet row number. */
export interface RawRow {
  row: number
  cells: Cell[]
}

/** A sheet as read: `name` is what errors call it ("Elements", "connections.csv"); rows[0] is the header. */
export interface RawSheet {
  name: string
  rows: RawRow[]
}

export interface RowLimits {
  maxElements: number
  maxConnections: number
}

function aliases<T extends string>(values: readonly T[], ...words: Array<Record<T, Record<string, string>>>): Map<string, T> {
  const map = new Map<string, T>()
  for (const v of values) map.set(v, v)
  for (const table of words) for (const v of values) for (const w of Object.values(table[v])) map.set(w.toLowerCase(), v)
  return map
}

const KINDS = aliases(ACTOR_KINDS, KIND_NAMES)
const RING_WORDS = aliases(RINGS, RING_NAMES, ROLE_NAMES)
RING_WORDS.set('allies', 'ally').set('outside groups', 'outside').set('externe groep', 'outside').set('externe groepen', 'outside')
const STANCE_WORDS = aliases(STANCES, STANCE_NAMES)
const TRUST_WORDS = aliases(TRUST_LEVELS, TRUST_NAMES)
const TIE_WORDS = aliases(TIE_KINDS, TIE_KIND_NAMES)

/** A cell as text, formula escape undone. */
function text(cell: Cell): string {
  if (cell === undefined) return ''
  return typeof cell === 'number' ? String(cell) : unescapeCell(cell)
}

const isEmptyRow = (r: RawRow) => r.cells.every((c) => c === undefined || (typeof c === 'string' && c.trim() === ''))

/** Header lookup plus cell access that knows where it is, for error messages. */
class Table {
  readonly columns = new Map<string, { index: number; title: string }>()
  readonly rows: RawRow[]

  constructor(readonly sheet: RawSheet, required: readonly string[], max: number, what: string) {
    const [head, ...rest] = sheet.rows
    if (!head || isEmptyRow(head)) {
      fail(importError(sheet.name, `the header row is missing (expected columns ${required.join(', ')})`))
    }
    head.cells.forEach((c, index) => {
      const title = text(c).trim()
      const key = title.toLowerCase()
      if (key !== '' && !this.columns.has(key)) this.columns.set(key, { index, title })
    })
    for (const col of required) {
      if (!this.columns.has(col.toLowerCase())) {
        fail(importError(`${sheet.name}, column ${col}`, '', 422, `${sheet.name}: missing column "${col}" (row ${head.row} must name the columns ${required.join(', ')})`))
      }
    }
    this.rows = rest.filter((r) => !isEmptyRow(r))
    if (this.rows.length > max) {
      fail(importError(sheet.name, `${this.rows.length.toLocaleString('en')} rows of ${what}; at most ${max.toLocaleString('en')} are allowed`, 413))
    }
  }

  has(col: string): boolean {
    return this.columns.has(col.toLowerCase())
  }

  raw(r: RawRow, col: string): Cell {
    const c = this.columns.get(col.toLowerCase())
    return c === undefined ? undefined : r.cells[c.index]
  }

  text(r: RawRow, col: string): string {
    return text(this.raw(r, col))
  }

  error(r: RawRow, col: string, detail: string): never {
    return fail(cellError(this.sheet.name, r.row, col, detail))
  }

  required(r: RawRow, col: string, what: string): string {
    const v = this.text(r, col)
    if (v.trim() === '') this.error(r, col, `required (${what})`)
    return v
  }

  oneOf<T extends string>(r: RawRow, col: string, words: Map<string, T>, values: readonly string[]): T {
    const v = this.text(r, col)
    const hit = words.get(v.trim().toLowerCase())
    if (hit === undefined) this.error(r, col, `expected one of ${values.join(', ')}, got ${v.trim() === '' ? 'nothing' : quote(v)}`)
    return hit
  }
}

/** Reads Elements (+ Connections, Settings when present) into a snapshot; throws ImportFailure. */
export function tablesToSnapshot(elementsSheet: RawSheet, connectionsSheet: RawSheet | undefined, settingsSheet: RawSheet | undefined, limits: RowLimits): CoalitionSnapshot {
  const el = new Table(elementsSheet, ['Label', 'Type', 'Role', 'Stance'], limits.maxElements, 'elements')

  // Ids first, so generated ones never collide with given ones further down.
  const given = new Map<string, RawRow>()
  if (el.has('ID')) {
    for (const r of el.rows) {
      const id = el.text(r, 'ID')
      if (id === '') continue
      const prev = given.get(id)
      if (prev) el.error(r, 'ID', `duplicate ID ${quote(id)} (also on row ${prev.row})`)
      given.set(id, r)
    }
  }
  const fresh = (base: string, used: { has(k: string): boolean }) => {
    let id = base
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`
    return id
  }

  const actors: Actor[] = []
  const labels: string[] = []
  const taken = new Set(given.keys())
  for (const r of el.rows) {
    const label = el.required(r, 'Label', "the actor's name")
    let id = el.has('ID') ? el.text(r, 'ID') : ''
    if (id === '') {
      id = fresh(`e${r.row}`, taken)
      taken.add(id)
    }
    const exact = el.has(NAME_COLUMN) ? el.text(r, NAME_COLUMN) : ''
    // The Name column wins unless the label was edited away from it.
    const name = exact !== '' && isLabelOf(label, exact) ? exact : label
    const actor: Actor = {
      id,
      name,
      kind: el.oneOf(r, 'Type', KINDS, ACTOR_KINDS),
      stance: el.oneOf(r, 'Stance', STANCE_WORDS, STANCES),
      ring: el.oneOf(r, 'Role', RING_WORDS, RINGS),
    }
    const themes = el.has('Themes')
      ? splitThemes(el.text(r, 'Themes'))
      : el.text(r, 'Tags').split('|').map((t) => t.trim()).filter((t) => t !== '')
    if (themes.length > 0) actor.themes = themes
    const size = el.raw(r, 'Size')
    if (size !== undefined && !(typeof size === 'string' && size.trim() === '')) {
      const n = typeof size === 'number' ? size : Number(text(size).trim())
      if (!Number.isFinite(n) || n < 0) el.error(r, 'Size', `expected a number ≥ 0, got ${quote(text(size))}`)
      actor.size = n
    }
    const note = el.has('Note') ? el.text(r, 'Note') : el.text(r, 'Description')
    if (note !== '') (actor as Actor & { note?: string }).note = note
    actors.push(actor)
    labels.push(label)
  }

  const ties = connectionsSheet ? readConnections(connectionsSheet, el, actors, labels, limits) : []
  let target: number | undefined
  if (settingsSheet) target = readSettings(settingsSheet)

  // Defence in depth: the result must be what the analyser accepts.
  const json = { actors, ties, settings: target === undefined ? undefined : { targetCoalitionSize: target } }
  const parsed = parseSnapshot(json)
  if (!parsed.ok) fail(importError(elementsSheet.name, parsed.error.message))
  parsed.snapshot.actors.forEach((a, i) => {
    const note = (actors[i] as { note?: string }).note
    if (note !== undefined) (a as Actor & { note?: string }).note = note
  })
  return parsed.snapshot
}

function readConnections(sheet: RawSheet, el: Table, actors: Actor[], labels: string[], limits: RowLimits): Tie[] {
  const co = new Table(sheet, ['From', 'To', 'Type', 'Trust'], limits.maxConnections, 'connections')
  const byLabel = new Map<string, number[]>()
  const byLoose = new Map<string, number[]>()
  const byId = new Map<string, number>()
  const push = (m: Map<string, number[]>, k: string, i: number) => {
    const l = m.get(k)
    if (l) l.push(i)
    else m.set(k, [i])
  }
  actors.forEach((a, i) => {
    push(byLabel, labels[i], i)
    push(byLoose, labels[i].trim().toLowerCase(), i)
    byId.set(a.id, i)
  })
  const resolve = (r: RawRow, col: string): string => {
    const v = co.required(r, col, 'an element label')
    const exact = byLabel.get(v) ?? []
    if (exact.length === 1) return actors[exact[0]].id
    const id = byId.get(v)
    if (id !== undefined) return actors[id].id
    const candidates = exact.length > 0 ? exact : (byLoose.get(v.trim().toLowerCase()) ?? [])
    if (candidates.length === 1) return actors[candidates[0]].id
    if (candidates.length > 1) {
      const rows = candidates.map((i) => el.rows[i].row)
      co.error(r, col, `ambiguous label ${quote(v)}: ${el.sheet.name} rows ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]} share it (give them different labels or IDs)`)
    }
    return co.error(r, col, `unknown actor ${quote(v)}`)
  }

  const given = new Map<string, RawRow>()
  if (co.has('ID')) {
    for (const r of co.rows) {
      const id = co.text(r, 'ID')
      if (id === '') continue
      const prev = given.get(id)
      if (prev) co.error(r, 'ID', `duplicate ID ${quote(id)} (also on row ${prev.row})`)
      given.set(id, r)
    }
  }
  const taken = new Set(given.keys())
  return co.rows.map((r): Tie => {
    const from = resolve(r, 'From')
    const to = resolve(r, 'To')
    const kind = co.oneOf(r, 'Type', TIE_WORDS, TIE_KINDS)
    const trust = co.oneOf(r, 'Trust', TRUST_WORDS, TRUST_LEVELS)
    let id = co.has('ID') ? co.text(r, 'ID') : ''
    if (id === '') {
      id = `t${r.row}`
      for (let k = 2; taken.has(id); k++) id = `t${r.row}-${k}`
      taken.add(id)
    }
    return { id, from, to, trust, kind }
  })
}

function readSettings(sheet: RawSheet): number | undefined {
  const st = new Table(sheet, ['Setting', 'Value'], 100, 'settings')
  let target: number | undefined
  for (const r of st.rows) {
    if (st.text(r, 'Setting').trim().toLowerCase() !== 'targetcoalitionsize') continue
    const raw = st.raw(r, 'Value')
    const n = typeof raw === 'number' ? raw : Number(text(raw).trim())
    if (!Number.isInteger(n) || n < 1) st.error(r, 'Value', `expected an integer ≥ 1 (targetCoalitionSize), got ${quote(text(raw))}`)
    target = n
  }
  return target
}
