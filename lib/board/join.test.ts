import { describe, expect, it } from 'vitest'
import { templateRecords } from './templates'
import { createBoardDoc } from './newBoard'
import { allRecords } from '../doc/schema'
import { joinRecords } from './join'
import { snapshotFromRecords } from './snapshot'
import { validateStoredRecord } from './validateRecord'

describe('joining from a phone', () => {
  it('adds a valid actor in its ring, apart from everyone, with its ties', () => {
    const doc = createBoardDoc({ title: 'x', template: 'example', records: templateRecords('example').records })
    const existing = allRecords(doc)
    const target = snapshotFromRecords(existing).actors.find((a) => a.ring === 'core')!
    const { actorId, records } = joinRecords(existing, {
      name: 'Buurtcomité Zuid', kind: 'group', stance: 'supporter', ring: 'ally', themes: ['wonen'], trust: { [target.id]: 'high' },
    })
    for (const r of records) expect(validateStoredRecord(r.id, r)).toBeNull()
    const after = snapshotFromRecords([...existing, ...records])
    expect(after.actors.find((a) => a.id === actorId)?.ring).toBe('ally')
    expect(after.ties.filter((t) => t.from === actorId)).toEqual([expect.objectContaining({ to: target.id, trust: 'high' })])
  })
})
