import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { mulberry32 } from '../analysis/metrics'
import { TIE_KINDS, TRUST_LEVELS } from '../analysis/snapshot'
import { allRecords, recordsKV, type StoredRecord } from '../doc/schema'
import { IncrementalSnapshot } from './incrementalSnapshot'
import { actorRecord, ringsRecord, tieRecords } from './records'
import { extractBoard } from './snapshot'

type Rnd = () => number
const pick = <T,>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
const coin = (rnd: Rnd, p = 0.5) => rnd() < p

/** A random parent: mostly the page, sometimes one of the frames (which may not exist). */
const parentFor = (rnd: Rnd, below = 3) => (below > 0 && coin(rnd, 0.2) ? `shape:f${Math.floor(rnd() * below)}` : 'page:page')

/** One random edit of a board: any record the extraction reads, or ignores, or depends on. */
function randomEdit(rnd: Rnd, kv: ReturnType<typeof recordsKV>): void {
  const r = rnd()
  const xy = () => Math.round(rnd() * 2400 - 1200)
  if (r < 0.3) {
    const id = `shape:a${Math.floor(rnd() * 15)}`
    const actor = actorRecord(id, xy(), xy(), {
      name: coin(rnd, 0.1) ? '  ' : `Actor ${Math.floor(rnd() * 100)}`,
      themes: coin(rnd) ? ['climate'] : [],
      ...(coin(rnd, 0.2) ? { size: Math.floor(rnd() * 50) } : {}),
    })
    kv.set(id, { ...actor, parentId: parentFor(rnd) } as StoredRecord)
  } else if (r < 0.38) kv.delete(`shape:a${Math.floor(rnd() * 15)}`)
  else if (r < 0.5) {
    const key = `t${Math.floor(rnd() * 20)}`
    const tie = { trust: pick(rnd, TRUST_LEVELS), kind: pick(rnd, TIE_KINDS) }
    const [arrow] = tieRecords(`shape:${key}`, 'shape:a0', 'shape:a1', { x: 0, y: 0 }, { x: 1, y: 1 }, tie)
    kv.set(arrow.id, { ...arrow, meta: coin(rnd, 0.1) ? {} : coin(rnd, 0.05) ? { tie: { trust: 'lots' } } : arrow.meta } as StoredRecord)
  } else if (r < 0.55) kv.delete(`shape:t${Math.floor(rnd() * 20)}`)
  else if (r < 0.72) {
    // A binding of an end; a second id for the same end, to exercise the lowest-id rule.
    const key = `t${Math.floor(rnd() * 20)}`
    const terminal = pick(rnd, ['start', 'end'] as const)
    const id = `binding:${key}-${terminal}${coin(rnd, 0.2) ? '-2' : ''}`
    const target = coin(rnd, 0.85) ? `shape:a${Math.floor(rnd() * 15)}` : pick(rnd, ['shape:g0', 'shape:f0', 'shape:rings'])
    kv.set(id, {
      id,
      typeName: 'binding',
      type: 'arrow',
      fromId: coin(rnd, 0.95) ? `shape:${key}` : `shape:t${Math.floor(rnd() * 20)}`,
      toId: target,
      meta: {},
      props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    } as unknown as StoredRecord)
  } else if (r < 0.8) {
    const key = `t${Math.floor(rnd() * 20)}-${pick(rnd, ['start', 'end'])}${coin(rnd, 0.2) ? '-2' : ''}`
    kv.delete(`binding:${key}`)
  } else if (r < 0.86) {
    // The rings (sometimes a second one, sometimes in a frame), moved, resized or gone.
    const id = coin(rnd, 0.8) ? 'shape:rings' : 'shape:rings2'
    if (coin(rnd, 0.15)) kv.delete(id)
    else {
      const rings = ringsRecord(id, xy() / 4, xy() / 4, { size: 1000 + Math.round(rnd() * 1500) })
      kv.set(id, { ...rings, parentId: coin(rnd, 0.1) ? 'shape:f0' : 'page:page' } as StoredRecord)
    }
  } else if (r < 0.93) {
    // A frame: moved, rotated, nested in a lower one, or gone.
    const n = Math.floor(rnd() * 3)
    const id = `shape:f${n}`
    if (coin(rnd, 0.15)) kv.delete(id)
    else {
      const frame = actorRecord(id, xy(), xy(), {})
      kv.set(id, { ...frame, type: 'frame', rotation: coin(rnd, 0.2) ? rnd() : 0, parentId: parentFor(rnd, n), props: { w: 400, h: 400, name: '', color: 'black' } } as StoredRecord)
    }
  } else {
    // Content the analyser ignores.
    const id = `shape:g${Math.floor(rnd() * 3)}`
    kv.set(id, { ...actorRecord(id, xy(), xy(), {}), type: 'geo', props: { w: 10, h: 10 } } as StoredRecord)
  }
}

describe('the incremental snapshot', () => {
  it('equals the whole extraction after every change of seeded random edits by two writers, delivered late', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rnd = mulberry32(seed)
      const writers = [new Y.Doc(), new Y.Doc()]
      const replica = new Y.Doc()
      const incremental = new IncrementalSnapshot(recordsKV(replica))
      // Each writer's updates reach the replica and the other writer, sometimes a few steps late.
      const queues: Uint8Array[][] = [[], []]
      writers.forEach((doc, i) => doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && queues[i].push(u)))
      const deliver = (i: number) => {
        for (const update of queues[i].splice(0)) {
          Y.applyUpdate(replica, update, 'remote')
          Y.applyUpdate(writers[1 - i], update, 'remote')
        }
      }
      let target: number | undefined
      for (let step = 0; step < 300; step++) {
        const i = coin(rnd) ? 0 : 1
        const edits = 1 + Math.floor(rnd() * 4)
        writers[i].transact(() => {
          for (let k = 0; k < edits; k++) randomEdit(rnd, recordsKV(writers[i]))
        })
        if (coin(rnd, 0.7)) deliver(i)
        if (coin(rnd, 0.05)) target = coin(rnd) ? undefined : 1 + Math.floor(rnd() * 40)
        const settings = target === undefined ? {} : { targetCoalitionSize: target }
        const expected = extractBoard(allRecords(replica), settings).snapshot
        const got = incremental.snapshot(settings)
        expect(JSON.stringify(got), `seed ${seed}, step ${step}`).toBe(JSON.stringify(expected))
        expect(incremental.json(settings), `seed ${seed}, step ${step}: the text`).toBe(JSON.stringify(expected))
        expect(incremental.snapshot(settings), 'the same object while nothing changed').toBe(got)
      }
      deliver(0)
      deliver(1)
      expect(JSON.stringify(incremental.snapshot())).toBe(JSON.stringify(extractBoard(allRecords(replica)).snapshot))
      const actors = incremental.snapshot().actors.length
      expect(actors, `seed ${seed} ends with a board to compare`).toBeGreaterThan(0)
      incremental.destroy()
    }
  })

  it('reads a moved card and its ties only, and everything again when the rings move', () => {
    const doc = new Y.Doc()
    const kv = recordsKV(doc)
    kv.set('shape:rings', ringsRecord('shape:rings', 0, 0))
    kv.set('shape:a', actorRecord('shape:a', -100, -48, { name: 'a' }))
    kv.set('shape:b', actorRecord('shape:b', 1900, -48, { name: 'b' }))
    for (const r of tieRecords('shape:t', 'shape:a', 'shape:b', { x: 0, y: 0 }, { x: 1, y: 1 }, { trust: 'high', kind: 'cooperation' })) kv.set(r.id, r)
    const incremental = new IncrementalSnapshot(kv)
    const first = incremental.snapshot()
    expect(first.actors.map((a) => a.ring)).toEqual(['core', 'outside'])
    expect(first.ties).toHaveLength(1)
    // A sticky changes nothing: the very same snapshot.
    kv.set('shape:g', { ...actorRecord('shape:g', 0, 0, {}), type: 'note' } as StoredRecord)
    expect(incremental.snapshot()).toBe(first)
    // The card moves into the allies ring.
    kv.set('shape:a', actorRecord('shape:a', 300, -48, { name: 'a' }))
    expect(incremental.snapshot().actors[0].ring).toBe('ally')
    // The rings grow: a is in the core again, and b an ally.
    kv.set('shape:rings', ringsRecord('shape:rings', 0, 0, { size: 8000 }))
    expect(incremental.snapshot().actors.map((a) => a.ring)).toEqual(['core', 'ally'])
    // b leaves the board: the tie goes with it.
    kv.delete('shape:b')
    expect(incremental.snapshot().ties).toHaveLength(0)
    incremental.destroy()
  })
})
