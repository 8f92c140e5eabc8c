import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { createRequire } from 'node:module'
import { BOARD_FORMAT } from '../analysis'
import { mulberry32 } from '../analysis/metrics'
import { trickySnapshot } from './fixtures/tricky'
import { detectFormat, parseCsvPair, parseImport, toKumuXlsx, toSnapshotJson, type ImportResult } from './index'

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs')

type Rows = Array<Array<string | number | undefined>>

async function xlsx(sheets: Record<string, Rows>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name)
    for (const row of rows) ws.addRow(row)
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

const csv = (rows: Rows) => rows.map((r) => r.map((c) => c ?? '').join(',')).join('\r\n')
const csvZip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))
const json = (v: unknown) => strToU8(JSON.stringify(v))

const EL_HEAD = ['Label', 'Type', 'Role', 'Stance', 'ID']
const elements: Rows = [
  EL_HEAD,
  ['Alpha', 'organisation', 'core', 'supporter', 'a'],
  ['Beta', 'group', 'core', 'supporter', 'b'],
  ['Gamma', 'person', 'ally', 'neutral', 'c'],
  ['Delta', 'network', 'outside', 'opponent', 'd'],
  ['Eps', 'group', 'outside', 'neutral', 'e'],
  ['Zeta', 'group', 'outside', 'neutral', 'z'],
]
const CO_HEAD = ['From', 'To', 'Type', 'Trust', 'ID']
const connections: Rows = [CO_HEAD, ['Alpha', 'Beta', 'cooperation', 'high', 't1'], ['Beta', 'Gamma', 'communication', 'low', 't2']]

const actor = (id: string, ring = 'core') => ({ id, name: id.toUpperCase(), kind: 'group', stance: 'supporter', ring })

function garbage(n: number): Uint8Array {
  const r = mulberry32(42)
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256))
}

interface Case {
  name: string
  file: () => Uint8Array | Promise<Uint8Array>
  fileName: string
  where: string
  message: string | RegExp
  status?: number
  limits?: Record<string, number>
}

const cases: Case[] = [
  {
    name: 'a missing required column',
    fileName: 'map.zip',
    file: () => csvZip({ 'elements.csv': csv([['Label', 'Type', 'Role', 'Colour'], ['A', 'group', 'core', 'red']]) }),
    where: 'elements.csv, column Stance',
    message: 'elements.csv: missing column "Stance" (row 1 must name the columns Label, Type, Role, Stance)',
  },
  {
    name: 'a missing column in a workbook',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: elements, Connections: [['From', 'To', 'Type'], ['Alpha', 'Beta', 'cooperation']] }),
    where: 'Connections, column Trust',
    message: /^Connections: missing column "Trust"/,
  },
  {
    name: 'an unknown actor in a connection',
    fileName: 'map.zip',
    file: () => csvZip({ 'elements.csv': csv(elements), 'connections.csv': csv([...connections, ['Alpha', 'Foo', 'cooperation', 'low']]) }),
    where: 'connections.csv row 4, column To',
    message: 'connections.csv row 4, column "To": unknown actor "Foo"',
  },
  {
    name: 'a bad stance (the issue’s example)',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: [...elements.slice(0, 6), ['Eta', 'group', 'ally', 'maybe', 'h']] }),
    where: 'Elements row 7, column Stance',
    message: 'Elements row 7, column "Stance": expected one of supporter, neutral, opponent, got "maybe"',
  },
  {
    name: 'a bad trust value',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: elements, Connections: [...connections, ['Alpha', 'Gamma', 'cooperation', 'very']] }),
    where: 'Connections row 4, column Trust',
    message: 'Connections row 4, column "Trust": expected one of conflict, none, low, medium, high, got "very"',
  },
  {
    name: 'an empty enum cell',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: [EL_HEAD, ['Alpha', undefined, 'core', 'supporter', 'a']] }),
    where: 'Elements row 2, column Type',
    message: 'Elements row 2, column "Type": expected one of organisation, group, network, person, got nothing',
  },
  {
    name: 'duplicate labels without IDs, used by a connection',
    fileName: 'map.zip',
    file: () =>
      csvZip({
        'elements.csv': csv([['Label', 'Type', 'Role', 'Stance'], ['Twin', 'group', 'core', 'supporter'], ['Solo', 'group', 'core', 'supporter'], ['Twin', 'person', 'ally', 'neutral']]),
        'connections.csv': csv([['From', 'To', 'Type', 'Trust'], ['Solo', 'Twin', 'cooperation', 'high']]),
      }),
    where: 'connections.csv row 2, column To',
    message: 'connections.csv row 2, column "To": ambiguous label "Twin": elements.csv rows 2 and 4 share it (give them different labels or IDs)',
  },
  {
    name: 'a duplicate element ID',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: [...elements, ['Again', 'group', 'ally', 'neutral', 'b']] }),
    where: 'Elements row 8, column ID',
    message: 'Elements row 8, column "ID": duplicate ID "b" (also on row 3)',
  },
  {
    name: 'a missing label',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: [EL_HEAD, ['A', 'group', 'core', 'supporter'], [undefined, 'group', 'core', 'supporter', 'x']] }),
    where: 'Elements row 3, column Label',
    message: `Elements row 3, column "Label": required (the actor's name)`,
  },
  {
    name: 'a size that is not a number',
    fileName: 'elements.csv',
    file: () => strToU8(csv([[...EL_HEAD, 'Size'], ['A', 'group', 'core', 'supporter', 'a', 'lots']])),
    where: 'elements.csv row 2, column Size',
    message: 'elements.csv row 2, column "Size": expected a number ≥ 0, got "lots"',
  },
  {
    name: 'an unclosed quote',
    fileName: 'elements.csv',
    file: () => strToU8(`${csv(elements.slice(0, 2))}\r\n"Broken,group,core,supporter,x\r\n`),
    where: 'elements.csv row 3',
    message: 'elements.csv row 3: a quoted field is never closed (missing ")',
  },
  {
    name: 'a connections CSV on its own',
    fileName: 'connections.csv',
    file: () => strToU8(csv(connections)),
    where: 'connections.csv',
    message: /this is a connections file; import it together with its elements file/,
  },
  {
    name: 'a zip without elements.csv',
    fileName: 'map.zip',
    file: () => csvZip({ 'connections.csv': csv(connections) }),
    where: 'map.zip',
    message: 'map.zip: no elements.csv in the archive (it holds connections.csv)',
  },
  {
    name: 'a workbook without an Elements sheet',
    fileName: 'map.xlsx',
    file: () => xlsx({ Sheet1: elements }),
    where: 'map.xlsx',
    message: 'map.xlsx: no sheet named "Elements" (the workbook has "Sheet1")',
  },
  { name: 'an empty file', fileName: 'map.xlsx', file: () => new Uint8Array(0), where: 'map.xlsx', message: 'map.xlsx: the file is empty' },
  {
    name: 'binary garbage',
    fileName: 'upload.bin',
    file: () => garbage(100_000),
    where: 'upload.bin',
    message: /^upload\.bin: this is a binary file of unknown type; expected a Kumu \.xlsx workbook/,
    status: 415,
  },
  {
    name: 'a 50 MB buffer',
    fileName: 'huge.csv',
    file: () => new Uint8Array(50 * 1024 * 1024).fill(0x41),
    where: 'huge.csv',
    message: 'huge.csv: the file is 50 MB; at most 20 MB is allowed',
    status: 413,
  },
  {
    name: 'a truncated workbook',
    fileName: 'map.xlsx',
    file: async () => (await toKumuXlsx(trickySnapshot())).slice(0, 3000),
    where: 'map.xlsx',
    message: 'map.xlsx: not a readable zip archive (truncated or damaged)',
  },
  {
    name: 'a truncated CSV zip',
    fileName: 'map.zip',
    file: () => csvZip({ 'elements.csv': csv(elements), 'connections.csv': csv(connections) }).slice(0, 200),
    where: 'map.zip',
    message: 'map.zip: not a readable zip archive (truncated or damaged)',
  },
  { name: 'invalid JSON', fileName: 'map.json', file: () => strToU8('{"actors": [ {"id": "a",'), where: '$', message: /^\$: not valid JSON/ },
  {
    name: 'JSON with a bad enum',
    fileName: 'map.json',
    file: () => json({ actors: [actor('a'), actor('b'), actor('c'), actor('d', 'middle')] }),
    where: '$.actors[3].ring',
    message: '$.actors[3].ring: must be one of core, ally, outside, got "middle"',
  },
  {
    name: 'JSON with a tie to an unknown actor',
    fileName: 'map.json',
    file: () => json({ actors: [actor('a')], ties: [{ id: 't', from: 'a', to: 'x', trust: 'low', kind: 'cooperation' }] }),
    where: '$.ties[0].to',
    message: '$.ties[0].to: unknown actor "x"',
  },
  {
    name: 'JSON with a note that is not text',
    fileName: 'map.json',
    file: () => json({ actors: [{ ...actor('a'), note: 5 }] }),
    where: '$.actors[0].note',
    message: '$.actors[0].note: expected a string',
  },
  {
    name: 'a board file with a bad snapshot',
    fileName: 'board.json',
    file: () => json({ format: BOARD_FORMAT, formatVersion: 1, snapshot: { actors: [{ ...actor('a'), kind: 'robot' }] } }),
    where: '$.snapshot.actors[0].kind',
    message: '$.snapshot.actors[0].kind: must be one of organisation, group, network, person, got "robot"',
  },
  {
    name: 'an old .xls file',
    fileName: 'map.xls',
    file: () => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
    where: 'map.xls',
    message: /an old Excel \(\.xls\) file/,
    status: 415,
  },
  {
    name: 'too many elements',
    fileName: 'map.xlsx',
    file: () => xlsx({ Elements: elements }),
    limits: { maxElements: 4 },
    where: 'Elements',
    message: 'Elements: 6 rows of elements; at most 4 are allowed',
    status: 413,
  },
  {
    name: 'too many connections in CSV',
    fileName: 'map.zip',
    file: () => csvZip({ 'elements.csv': csv(elements), 'connections.csv': csv(connections) }),
    limits: { maxConnections: 1 },
    where: 'connections.csv',
    message: 'connections.csv: 2 rows of connections; at most 1 are allowed',
    status: 413,
  },
  {
    name: 'too many actors in JSON',
    fileName: 'map.json',
    file: () => json({ actors: [actor('a'), actor('b'), actor('c')] }),
    limits: { maxElements: 2 },
    where: '$.actors',
    message: '$.actors: 3 actors; at most 2 are allowed',
    status: 413,
  },
]

describe('malformed imports', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: a clear error, never a throw, fast', async (_n, c) => {
    const bytes = await c.file()
    const start = performance.now()
    let result: ImportResult
    try {
      result = await parseImport(bytes, c.fileName, undefined, c.limits)
    } catch (e) {
      throw new Error(`parseImport threw: ${String(e)}`)
    }
    const ms = performance.now() - start
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.where).toBe(c.where)
    if (typeof c.message === 'string') expect(result.error.message).toBe(c.message)
    else expect(result.error.message).toMatch(c.message)
    expect(result.error.status).toBe(c.status ?? 422)
    expect(Object.keys(result.error).sort()).toEqual(['message', 'status', 'where'])
    expect(ms).toBeLessThan(2000)
  })

  it('refuses a 50 MB buffer before looking at it', async () => {
    const big = new Uint8Array(50 * 1024 * 1024)
    const start = performance.now()
    const r = await parseImport(big, 'x.xlsx')
    expect(performance.now() - start).toBeLessThan(50)
    expect(r.ok).toBe(false)
  })

  it('never returns a partial snapshot: an error late in the file is still an error', async () => {
    const rows = [...connections, ...Array.from({ length: 500 }, () => ['Alpha', 'Beta', 'cooperation', 'high']), ['Alpha', 'Nobody', 'cooperation', 'high']]
    const r = await parseImport(csvZip({ 'elements.csv': csv(elements), 'connections.csv': csv(rows) }), 'm.zip')
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ where: 'connections.csv row 504, column To' }) })
    expect('snapshot' in r).toBe(false)
  })

  it('survives fuzzed bytes of every format without throwing', async () => {
    const seeds = [await toKumuXlsx(trickySnapshot()), strToU8(toSnapshotJson(trickySnapshot())), csvZip({ 'elements.csv': csv(elements) })]
    const r = mulberry32(7)
    for (const seed of seeds) {
      for (let k = 0; k < 15; k++) {
        const b = seed.slice()
        for (let i = 0; i < 20; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256)
        const res = await parseImport(b, 'fuzz.bin')
        if (!res.ok) expect(typeof res.error.message).toBe('string')
      }
    }
  })
})

describe('lenient reading of real-world files', () => {
  it('reads a plain Kumu sheet: no IDs, Dutch words, any case, extra columns, From/To by label', async () => {
    const r = await parseImport(
      await xlsx({
        elements: [
          ['label', 'TYPE', 'Description', 'Tags', 'role', 'Stance', 'Colour'],
          ['Alpha', 'Organisatie', 'first', 'klimaat | wonen', 'kern', 'voorstander', 'red'],
          ['Beta', 'groep', '', '', 'Bondgenoten', 'Neutraal', 'blue'],
        ],
        CONNECTIONS: [['From', 'To', 'Type', 'Trust', 'Weight'], ['Alpha', 'beta ', 'samenwerking', 'Hoog', 3]],
      }),
      'kumu.xlsx',
    )
    if (!r.ok) throw new Error(r.error.message)
    expect(r.format).toBe('xlsx')
    expect(r.snapshot).toEqual({
      actors: [
        { id: 'e2', name: 'Alpha', kind: 'organisation', stance: 'supporter', ring: 'core', themes: ['klimaat', 'wonen'], note: 'first' },
        { id: 'e3', name: 'Beta', kind: 'group', stance: 'neutral', ring: 'ally' },
      ],
      ties: [{ id: 't2', from: 'e2', to: 'e3', trust: 'high', kind: 'cooperation' }],
      settings: { targetCoalitionSize: 30 },
    })
  })

  it('reads From/To given as IDs, and labels shared by elements that have IDs', async () => {
    const r = await parseImport(
      csvZip({
        'elements.csv': csv([EL_HEAD, ['Twin', 'group', 'core', 'supporter', 'x1'], ['Twin', 'group', 'core', 'supporter', 'x2']]),
        'connections.csv': csv([['From', 'To', 'Type', 'Trust'], ['x1', 'x2', 'cooperation', 'high']]),
      }),
      'ids.zip',
    )
    if (!r.ok) throw new Error(r.error.message)
    expect(r.snapshot.ties).toEqual([{ id: 't2', from: 'x1', to: 'x2', trust: 'high', kind: 'cooperation' }])
  })

  it('reads semicolon CSV in Windows-1252 (Dutch Excel), and a pair of CSV files', async () => {
    const text = 'Label;Type;Role;Stance\r\nCoöperatie "De Eik";organisatie;kern;voorstander\r\nBuurt, samen;groep;kern;voorstander\r\n'
    const cp1252 = Uint8Array.from([...text].map((c) => (c === 'ö' ? 0xf6 : c.charCodeAt(0))))
    const single = await parseImport(cp1252, 'leden.csv', 'text/csv')
    if (!single.ok) throw new Error(single.error.message)
    expect(single.snapshot.actors.map((a) => a.name)).toEqual(['Coöperatie "De Eik"', 'Buurt, samen'])
    const pair = await parseCsvPair(
      { bytes: strToU8(csv(elements)), fileName: 'e.csv' },
      { bytes: strToU8(`\uFEFF${csv(connections)}\n`), fileName: 'c.csv' },
    )
    if (!pair.ok) throw new Error(pair.error.message)
    expect(pair.snapshot.ties.map((t) => t.id)).toEqual(['t1', 't2'])
    const bad = await parseCsvPair({ bytes: strToU8(csv(elements)), fileName: 'e.csv' }, { bytes: strToU8(csv([...connections, ['Alpha', 'X', 'cooperation', 'low']])), fileName: 'c.csv' })
    expect(bad).toEqual({ ok: false, error: { where: 'c.csv row 4, column To', message: 'c.csv row 4, column "To": unknown actor "X"', status: 422 } })
  })

  it('reads a board file’s snapshot', async () => {
    const r = await parseImport(json({ format: BOARD_FORMAT, formatVersion: 1, snapshot: { actors: [{ ...actor('a'), note: 'hi' }] }, shapes: [] }), 'board.json')
    expect(r).toEqual({ ok: true, format: 'board-json', snapshot: { actors: [{ ...actor('a'), note: 'hi' }], ties: [], settings: { targetCoalitionSize: 30 } } })
  })
})

describe('detectFormat', () => {
  const enc = (s: string) => strToU8(s)
  it.each([
    ['map.xlsx', undefined, async () => toKumuXlsx(trickySnapshot()), 'xlsx'],
    ['whatever.bin', undefined, async () => csvZip({ 'Elements.CSV': 'x' }), 'csv-zip'],
    ['map.csv', undefined, async () => enc('Label,Type\n'), 'csv'],
    ['upload', 'text/csv; charset=utf-8', async () => enc('just text'), 'csv'],
    ['upload', undefined, async () => enc('Label;Type;Role\r\n'), 'csv'],
    ['map.json', undefined, async () => enc(' \n{"actors": []}'), 'snapshot-json'],
    ['map.txt', undefined, async () => enc('{broken'), 'snapshot-json'],
    ['board.json', 'application/json', async () => enc(JSON.stringify({ format: BOARD_FORMAT, snapshot: {} })), 'board-json'],
  ] as const)('%s (%s) → its format', async (name, type, bytes, format) => {
    expect(detectFormat(name, type, await bytes())).toEqual({ ok: true, format })
  })

  it.each([
    ['a PDF', 'r.pdf', enc('%PDF-1.7\n...'), /this is a PDF document/],
    ['a PNG', 'i.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /this is a PNG image/],
    ['a Word file', 'd.docx', zipSync({ 'word/document.xml': enc('<w/>') }), /this is a Word document/],
    ['plain prose', 'notes', enc('Hello there'), /neither CSV nor JSON/],
  ])('refuses %s with a 415', (_what, name, bytes, message) => {
    const r = detectFormat(name, undefined, bytes)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.status).toBe(415)
      expect(r.error.where).toBe(name)
      expect(r.error.message).toMatch(message)
    }
  })
})
