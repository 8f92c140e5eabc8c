import { describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import { createRequire } from 'node:module'
import { analyse, type CoalitionSnapshot } from '../analysis'
import { generateSnapshot } from '../analysis/generate'
import { trickySnapshot } from './fixtures/tricky'
import { escapeCell, joinThemes, splitThemes, uniqueLabels, unescapeCell } from './kumu'
import { parseImport, toKumuCsvZip, toKumuXlsx, toSnapshotJson } from './index'

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs')

async function reimport(bytes: Uint8Array, fileName: string): Promise<CoalitionSnapshot> {
  const result = await parseImport(bytes, fileName)
  if (!result.ok) throw new Error(`import failed: ${result.error.message}`)
  return result.snapshot
}

const canonical = (s: CoalitionSnapshot) => toSnapshotJson(s)

describe.each([
  ['Kumu XLSX', 'map.xlsx', async (s: CoalitionSnapshot) => toKumuXlsx(s, analyse(s))],
  ['CSV zip', 'map.zip', async (s: CoalitionSnapshot) => toKumuCsvZip(s, analyse(s))],
  ['snapshot JSON', 'map.json', async (s: CoalitionSnapshot) => new TextEncoder().encode(toSnapshotJson(s))],
])('%s round trip', (_label, fileName, write) => {
  it('gives back the same snapshot for awkward names, themes, notes, ids and duplicate labels', async () => {
    const original = trickySnapshot()
    const back = await reimport(await write(original), fileName)
    expect(canonical(back)).toBe(canonical(original))
    expect(back.actors.map((a) => a.name)).toContain('-Foo')
    expect(back.actors.filter((a) => a.name === 'Twin')).toHaveLength(2)
  })

  it('gives back a generated 200-actor snapshot', async () => {
    const original = generateSnapshot({ actors: 200, ties: 600, seed: 11 })
    const back = await reimport(await write(original), fileName)
    expect(canonical(back)).toBe(canonical(original))
  })

  it('is exact without analysis columns too, and for an empty coalition', async () => {
    const empty: CoalitionSnapshot = { actors: [], ties: [], settings: { targetCoalitionSize: 30 } }
    const back = await reimport(await write(empty), fileName)
    expect(canonical(back)).toBe(canonical(empty))
  })
})

describe('Kumu tables', () => {
  it('makes duplicate labels unique and keeps the exact name in a Name column', async () => {
    const bytes = await toKumuXlsx(trickySnapshot())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('Elements')!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(['Label', 'Type', 'Description', 'Tags', 'ID', 'Role', 'Stance', 'Themes', 'Size', 'Note', 'Name'])
    const labels = ws.getColumn(1).values.slice(2) as string[]
    // a7 "Twin" keeps its name, a8 "Twin" moves past the real "Twin (2)" to " (3)", a15 "twin" differs only in case.
    expect(labels.slice(6, 9)).toEqual(['Twin', 'Twin (3)', 'Twin (2)'])
    expect(labels[14]).toBe('twin (4)')
    expect(new Set(labels.map((l) => l.toLowerCase())).size).toBe(labels.length)
    const conn = wb.getWorksheet('Connections')!
    expect((conn.getRow(1).values as unknown[]).slice(1)).toEqual(['From', 'To', 'Type', 'Trust', 'ID'])
    expect((conn.getRow(7).values as unknown[]).slice(1, 3)).toEqual(['Twin', 'Twin (3)'])
  })

  it('writes only the documented columns when labels are unique, plus metrics with an analysis', async () => {
    const s = generateSnapshot({ actors: 10, ties: 20, seed: 3 })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await toKumuXlsx(s, analyse(s))) as unknown as ArrayBuffer)
    expect((wb.getWorksheet('Elements')!.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Label', 'Type', 'Description', 'Tags', 'ID', 'Role', 'Stance', 'Themes', 'Size', 'Note', 'Degree', 'Betweenness', 'Community',
    ])
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Elements', 'Connections', 'Settings'])
  })

  it('labels: first keeps the name, later ones get the smallest free number', () => {
    expect(uniqueLabels(['A', 'A', 'A (2)', 'a', 'B'])).toEqual(['A', 'A (3)', 'A (2)', 'a (4)', 'B'])
  })

  it('themes survive separators and backslashes', () => {
    for (const themes of [['a|b', 'c\\d', ' e '], ['x'], ['', 'y'], ['\\|\\']]) expect(splitThemes(joinThemes(themes))).toEqual(themes)
  })
})

describe('formula escaping', () => {
  it('prefixes cells a spreadsheet would execute, reversibly', () => {
    for (const v of ['=1+1', '+31', '-Foo', '@SUM(A1)', '\tx', '\rx', "'=x", "''-y"]) {
      expect(escapeCell(v)).toBe(`'${v}`)
      expect(unescapeCell(escapeCell(v))).toBe(v)
    }
    for (const v of ['plain', "it's", "'quoted'", '', 'a=b', ' =x']) {
      expect(escapeCell(v)).toBe(v)
      expect(unescapeCell(v)).toBe(v)
    }
  })

  it('escapes in the CSV files', () => {
    const files = unzipSync(toKumuCsvZip(trickySnapshot()))
    const elements = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files['elements.csv'])
    const connections = new TextDecoder().decode(files['connections.csv'])
    expect(elements.startsWith('\uFEFFLabel,Type,Description,Tags,ID,Role,Stance,Themes,Size,Note,Name\r\n')).toBe(true)
    expect(elements).toContain(`"'=HYPERLINK(""http://example.org"",""click"")"`)
    expect(elements).toContain("\r\n'-Foo,group,'+31 6 1234,,a6,outside,neutral,,,'+31 6 1234,'-Foo\r\n")
    expect(elements).toContain("''=already quoted")
    expect(elements).toContain(",'=id11,")
    expect(elements).toContain('\r\n\'@mention,')
    expect(connections).toContain("\r\n''=already quoted,\"Comma, \"\"quote\"\"\r\nnew line\",communication,medium,'+t9\r\n")
    expect(elements).not.toMatch(/(^|[\n,])[=+\-@][^,]/)
  })

  it('escapes in the XLSX cells', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await toKumuXlsx(trickySnapshot())) as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('Elements')!
    const byId = new Map<string, unknown[]>()
    ws.eachRow((row) => byId.set(String((row.values as unknown[])[5]), row.values as unknown[]))
    expect(byId.get('a5')![1]).toBe(`'=HYPERLINK("http://example.org","click")`)
    expect(byId.get('a6')![1]).toBe("'-Foo")
    expect(byId.get('a6')![10]).toBe("'+31 6 1234")
    expect(byId.get('a14')![1]).toBe("'@mention")
    expect(byId.has("'=id11")).toBe(true)
    // No cell is a formula.
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)))
  })
})
