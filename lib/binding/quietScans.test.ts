import { describe, expect, it } from 'vitest'
import { react } from '@tldraw/state'
import { Store } from '@tldraw/store'
import { boardTLSchema } from '../board/tlschema'
import { geoShape } from '../testing/records'
import { quietQueryScans } from './quietScans'

function storeWith(n: number, quiet: boolean) {
  const store = new Store<any, any>({ schema: boardTLSchema as any, props: {} })
  if (quiet) quietQueryScans(store)
  store.put(Array.from({ length: n }, (_, i) => geoShape(`g${i}`, i * 10, 0)))
  return store
}

/** How many signals a computed read from a reactor depends on (tldraw's internal `parents`). */
const parentsOf = (signal: unknown) => (signal as { parents: unknown[] }).parents.length

describe('quietQueryScans', () => {
  for (const quiet of [false, true]) {
    it(`queries and indexes give the same answers and follow every change (${quiet ? 'quiet' : 'as tldraw'})`, () => {
      const store = storeWith(50, quiet)
      const ids = store.query.ids('shape')
      const geos = store.query.records('shape', () => ({ type: { eq: 'geo' } }))
      const byX = store.query.index('shape', 'x')
      const seen: number[] = []
      const stop = react('watch', () => void seen.push(ids.get().size + geos.get().length + byX.get().size))
      expect(ids.get().size).toBe(50)
      expect(geos.get()).toHaveLength(50)
      expect(byX.get().get(30)?.size).toBe(1)
      store.put([geoShape('new', 30, 5)])
      expect(ids.get().size).toBe(51)
      expect(byX.get().get(30)?.size).toBe(2)
      store.update('shape:g3' as any, (r: any) => ({ ...r, x: 999 }))
      expect(byX.get().get(30)?.size).toBe(1)
      expect(byX.get().get(999)?.size).toBe(1)
      // A record's content still reaches a query of records (that read stays reactive).
      expect(geos.get().find((r: any) => r.id === 'shape:g3').x).toBe(999)
      store.remove(['shape:g0' as any])
      expect(ids.get().size).toBe(50)
      expect(seen.length).toBeGreaterThan(1)
      stop()
    })
  }

  it('a first scan no longer subscribes the query to every record', () => {
    const loud = storeWith(200, false).query.ids('shape')
    const quiet = storeWith(200, true).query.ids('shape')
    const stops = [react('a', () => void loud.get()), react('b', () => void quiet.get())]
    expect(parentsOf(loud)).toBeGreaterThan(200)
    expect(parentsOf(quiet)).toBeLessThan(5)
    for (const stop of stops) stop()
  })
})

describe('quietQueryScans, repeated scans', () => {
  it('a later first scan sees records added, updated and removed since the one before', () => {
    const store = storeWith(20, true)
    expect(store.query.ids('shape').get().size).toBe(20)
    store.put([geoShape('late', 1, 1)])
    store.update('shape:g1' as any, (r: any) => ({ ...r, x: 4242 }))
    store.remove(['shape:g2' as any])
    // New queries scan from scratch.
    expect(store.query.ids('shape').get().size).toBe(20)
    expect(store.query.index('shape', 'x').get().get(4242)?.size).toBe(1)
    expect(store.query.exec('shape', { x: { eq: 1 } }).map((r: any) => r.id)).toContain('shape:late')
    store.update('shape:late' as any, (r: any) => ({ ...r, x: 7 }))
    expect(store.query.index('shape', 'x').get().get(7)?.size).toBe(1)
    // An update alone keeps the map of atoms: a new index's scan reads the new value.
    store.update('shape:g5' as any, (r: any) => ({ ...r, y: 555 }))
    expect(store.query.index('shape', 'y').get().get(555)?.size).toBe(1)
  })
})
