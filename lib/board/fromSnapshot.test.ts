import { describe, expect, it } from 'vitest'
import { generateSnapshot } from '../analysis/generate'
import { recordsFromSnapshot } from './fromSnapshot'
import { snapshotFromRecords } from './snapshot'
import { validateStoredRecord } from './validateRecord'
import { createBoardDoc } from './newBoard'
import { allRecords } from '../doc/schema'
import { boardFileOf, recordsFromBoardFile } from './boardFile'

const strip = (s: ReturnType<typeof snapshotFromRecords>) =>
  s.actors.map((a) => [a.name, a.ring, a.kind, a.stance, (a.themes ?? []).join('|')].join('/')).sort()

describe('an imported coalition on the board', () => {
  it('lays every actor in its own ring and keeps roles, themes and ties', () => {
    const snapshot = generateSnapshot({ actors: 40, ties: 80, seed: 7 })
    const base = allRecords(createBoardDoc({ title: 't', template: 'blank' }))
    const records = recordsFromSnapshot(snapshot, base)
    for (const r of records) expect(validateStoredRecord(r.id, r), r.id).toBeNull()
    const back = snapshotFromRecords([...base, ...records])
    expect(strip(back)).toEqual(strip({ ...snapshot, actors: snapshot.actors.map((a) => ({ ...a, themes: [...(a.themes ?? [])] })) } as never))
    expect(back.ties.length).toBe(snapshot.ties.filter((t) => t.from !== t.to).length)
  })

  it('round-trips through the board file, and names the path of a bad record', () => {
    const doc = createBoardDoc({ title: 'Klimaat', template: 'blank', records: recordsFromSnapshot(generateSnapshot({ actors: 5, ties: 6, seed: 1 })) })
    const file = JSON.parse(JSON.stringify(boardFileOf(doc, '2026-01-01')))
    const read = recordsFromBoardFile(file)
    expect(read.ok && read.records.length).toBe(allRecords(doc).length)
    file.records[2] = { ...file.records[2], x: 'far' }
    const bad = recordsFromBoardFile(file)
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.where).toBe('$.records[2]')
  })
})
