import { describe, expect, it } from 'vitest'
import { Store } from '@tldraw/store'
import type { TLRecord } from '@tldraw/tlschema'
import { boardTLSchema } from './tlschema'
import { actorRecord, ringsRecord, tieRecords } from './records'
import { extractBoard, snapshotFromRecords, UNNAMED_ACTOR } from './snapshot'
import { DEFAULT_PAGE_ID } from './newBoard'
import type { StoredRecord } from '../doc/schema'

// Rings centred on (0, 0) with outer radius 1000: core radius 300, allies radius 640.
const rings = ringsRecord('shape:rings', 0, 0, { size: 2000, core: 0.3, allies: 0.64 })
/** An actor whose centre is at (cx, cy). */
const actorAt = (id: string, cx: number, cy: number, props = {}) =>
  actorRecord(`shape:${id}`, cx - 100, cy - 48, { name: id, ...props })
const page = { id: DEFAULT_PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} } as StoredRecord

function ringOf(records: StoredRecord[], id: string) {
  return snapshotFromRecords(records).actors.find((a) => a.id === `shape:${id}`)?.ring
}

describe('snapshot extraction', () => {
  it('reads roles from where each card stands, inclusive at the borders', () => {
    const records = [
      page,
      rings,
      actorAt('centre', 0, 0),
      actorAt('coreBorder', 300, 0),
      actorAt('justOutsideCore', 300.01, 0),
      actorAt('allyBorder', 0, -640),
      actorAt('justOutsideAllies', 0, 640.01),
      actorAt('outerBorder', 1000, 0),
      actorAt('beyond', 5000, 5000),
    ]
    expect(ringOf(records, 'centre')).toBe('core')
    expect(ringOf(records, 'coreBorder')).toBe('core')
    expect(ringOf(records, 'justOutsideCore')).toBe('ally')
    expect(ringOf(records, 'allyBorder')).toBe('ally')
    expect(ringOf(records, 'justOutsideAllies')).toBe('outside')
    expect(ringOf(records, 'outerBorder')).toBe('outside')
    expect(ringOf(records, 'beyond')).toBe('outside')
  })

  it('moves roles with the rings, and makes everyone outside without rings', () => {
    const moved = { ...rings, x: (rings.x as number) + 2000 }
    expect(ringOf([page, moved, actorAt('a', 0, 0)], 'a')).toBe('outside')
    expect(ringOf([page, moved, actorAt('a', 2000, 0)], 'a')).toBe('core')
    expect(ringOf([page, actorAt('a', 0, 0)], 'a')).toBe('outside')
  })

  it('follows parents: an actor inside a frame is placed through the frame', () => {
    const frame = { ...actorRecord('shape:frame', 600, 0, {}), type: 'frame', props: { w: 400, h: 400, name: '', color: 'black' } } as StoredRecord
    const inFrame = { ...actorAt('inFrame', 0, 0), parentId: 'shape:frame' } as StoredRecord
    // The card's centre is at (0,0) in the frame, i.e. (600, 0) on the page: the allies ring.
    expect(ringOf([page, rings, frame, inFrame], 'inFrame')).toBe('ally')
  })

  it('takes only arrows bound at both ends to actors as ties, in both directions', () => {
    const a = actorAt('a', 0, 0)
    const b = actorAt('b', 500, 0)
    const note = { ...actorAt('note', 0, 500), type: 'note' } as StoredRecord
    const ab = tieRecords('shape:ab', 'shape:a', 'shape:b', { x: 0, y: 0 }, { x: 500, y: 0 }, { trust: 'high', kind: 'cooperation' })
    const ba = tieRecords('shape:ba', 'shape:b', 'shape:a', { x: 500, y: 0 }, { x: 0, y: 0 }, { trust: 'low', kind: 'resources' })
    const [halfArrow, halfStart] = tieRecords('shape:half', 'shape:a', 'shape:b', { x: 0, y: 0 }, { x: 1, y: 1 }, { trust: 'high', kind: 'cooperation' })
    const toNote = tieRecords('shape:toNote', 'shape:a', 'shape:note', { x: 0, y: 0 }, { x: 0, y: 500 }, { trust: 'high', kind: 'cooperation' })
    const snapshot = snapshotFromRecords([page, rings, a, b, note, ...ab, ...ba, halfArrow, halfStart, ...toNote])
    expect(snapshot.ties).toEqual([
      { id: 'shape:ab', from: 'shape:a', to: 'shape:b', trust: 'high', kind: 'cooperation' },
      { id: 'shape:ba', from: 'shape:b', to: 'shape:a', trust: 'low', kind: 'resources' },
    ])
    expect(snapshot.actors.map((x) => x.id)).toEqual(['shape:a', 'shape:b'])
  })

  it('reads an arrow end bound twice from its lowest binding id, whatever the records order', () => {
    const [a, b, c] = [actorAt('a', 0, 0), actorAt('b', 500, 0), actorAt('c', 0, 500)]
    const [arrow, start, end] = tieRecords('shape:t', 'shape:a', 'shape:b', { x: 0, y: 0 }, { x: 500, y: 0 }, { trust: 'high', kind: 'cooperation' })
    // A second end binding (two people binding the end at once) to c, with a lower id.
    const other = { ...end, id: 'binding:0-other', toId: 'shape:c' } as StoredRecord
    const records = [page, a, b, c, arrow, start, end, other]
    for (const order of [records, [...records].reverse()]) {
      expect(snapshotFromRecords(order).ties).toEqual([{ id: 'shape:t', from: 'shape:a', to: 'shape:c', trust: 'high', kind: 'cooperation' }])
    }
  })

  it('drops ties whose actor was deleted, and gives a plain arrow between actors the default tie', () => {
    const a = actorAt('a', 0, 0)
    const b = actorAt('b', 500, 0)
    const [arrow, ...bindings] = tieRecords('shape:t', 'shape:a', 'shape:b', { x: 0, y: 0 }, { x: 500, y: 0 }, { trust: 'high', kind: 'cooperation' })
    expect(snapshotFromRecords([page, a, arrow, ...bindings]).ties).toEqual([])
    const plain = { ...arrow, meta: {} }
    expect(snapshotFromRecords([page, a, b, plain, ...bindings]).ties[0]).toMatchObject({ trust: 'none', kind: 'cooperation' })
  })

  it('carries names, themes, size and note; an empty name reads as unnamed; positions are centres', () => {
    const a = actorAt('a', 10, 20, { name: '  ', themes: ['Klimaat', 'wonen'], size: 300, note: 'first contact' })
    const { snapshot, geometry } = extractBoard([page, rings, a], { targetCoalitionSize: 12 })
    expect(snapshot.actors[0]).toEqual({
      id: 'shape:a', name: UNNAMED_ACTOR, kind: 'organisation', stance: 'supporter', ring: 'core',
      themes: ['Klimaat', 'wonen'], size: 300, note: 'first contact',
    })
    expect(snapshot.settings.targetCoalitionSize).toBe(12)
    expect(geometry.positions['shape:a']).toEqual({ x: 10, y: 20 })
    expect(geometry.rings?.radii).toEqual([300, 640, 1000])
  })

  it('builds records that pass the board schema', () => {
    const store = new Store<TLRecord, any>({ schema: boardTLSchema as any, props: {} })
    const records = [
      page, rings, actorAt('a', 0, 0), actorAt('b', 500, 0),
      ...tieRecords('shape:ab', 'shape:a', 'shape:b', { x: 0, y: 0 }, { x: 500, y: 0 }, { trust: 'conflict', kind: 'conflict' }),
    ]
    for (const r of records) expect(() => store.schema.validateRecord(store, r as any, 'createRecord', null)).not.toThrow()
  })
})
