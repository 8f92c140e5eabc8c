import { describe, expect, it } from 'vitest'
import { Store } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { analyse } from '../analysis'
import { createBoardDoc } from './newBoard'
import { allRecords } from '../doc/schema'
import { boardTLSchema } from './tlschema'
import { snapshotFromRecords } from './snapshot'
import { templateRecords } from './templates'
import { EXAMPLE_ACTORS } from './exampleCoalition'

describe('templates', () => {
  it('the example coalition is valid, stands in its rings, and shows gaps and a phase', () => {
    const { records, title } = templateRecords('example')
    const doc = createBoardDoc({ title: title!, template: 'example', records })
    const store = new Store<TLRecord, any>({ schema: boardTLSchema as any, props: {} })
    for (const r of allRecords(doc)) store.schema.validateRecord(store, r as any, 'createRecord', null)
    const snapshot = snapshotFromRecords(allRecords(doc))
    expect(snapshot.actors).toHaveLength(EXAMPLE_ACTORS.length)
    for (const a of EXAMPLE_ACTORS) {
      expect(snapshot.actors.find((x) => x.name === a.name)?.ring, a.name).toBe(a.ring)
    }
    const result = analyse(snapshot)
    expect(result.gapCounts['core-conflict']).toBe(1)
    expect(result.gapCounts['isolated-ally']).toBeGreaterThan(0)
    expect(result.phase).toBe('focus')
  })

  it('a coalition map has one rings shape and a blank board none', () => {
    expect(templateRecords('coalition').records.filter((r) => r.type === 'rings')).toHaveLength(1)
    expect(templateRecords('blank').records).toHaveLength(0)
  })
})
