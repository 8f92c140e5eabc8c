/**
 * Scenarios 4 and 5 (the parts that need no server) in a fresh child process, so their
 * timings do not inherit the bench's heap, and so NODE_ENV=test is set (by the parent)
 * before tldraw loads (its store listeners otherwise wait for requestAnimationFrame).
 *
 *   growth '{"scale":{"single":10000,"selection":1000,"alternating":1000},"phases":true}'
 *   analysis 5          (and the analyser's CPU per change, perChange.ts)
 *
 * Prints one line `RESULT <json>`.
 */
import * as Y from 'yjs'
import { RecordStore } from '../../lib/doc/recordStore'
import { playOverwriteSequence, type GrowthScale } from '../../lib/doc/growth'
import { geoShape } from '../../lib/testing/records'
import { benchAnalysis } from '../../lib/analysis/bench'
import { benchPerChange } from './perChange'
import { playOverwriteSequenceMap } from './growthMap'

if (process.env.NODE_ENV !== 'test') throw new Error('run with NODE_ENV=test')

export interface GrowthPhase {
  name: string
  scale: GrowthScale
  overwrites: number
  kvBytes: number
  mapBytes: number
  /** (bytes − bytes before any overwrite) / overwrites. */
  kvBytesPerOverwrite: number
  mapBytesPerOverwrite: number
}

export interface InterleavedResult {
  writers: number
  overwrites: number
  kvBytes: number
  mapBytes: number
  /** Items in the records Y.Array (live + deleted) of the RecordStore document at the end. */
  kvListItems: number
  /** Time to apply one more overwrite at a receiver that observes the records, µs. */
  kvApplyUs: number
  mapApplyUs: number
}

/**
 * Several clients overwriting their own shape in turn (a room where people drag at the same
 * time), fully synced as through a server: unlike one writer, their superseded entries never
 * sit next to each other, so they cannot merge. Measures the size and what one more update
 * costs a receiver that observes the records (every client; our server's write guard and
 * analyser too).
 */
function interleaved(writers: number, overwrites: number): InterleavedResult {
  const run = (schema: 'kv' | 'map') => {
    const docs = Array.from({ length: writers }, () => new Y.Doc())
    const set = docs.map((d) => {
      if (schema === 'kv') {
        const kv = new RecordStore<unknown>(d.getArray('records'))
        return (id: string, v: unknown) => kv.set(id, v)
      }
      const map = d.getMap<unknown>('records')
      return (id: string, v: unknown) => map.set(id, v)
    })
    const receiver = new Y.Doc()
    if (schema === 'kv') new RecordStore<unknown>(receiver.getArray('records')).on('change', () => {})
    else receiver.getMap('records').observe(() => {})
    let applyMs = 0
    docs.forEach((d, i) =>
      d.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin === 'wire') return
        for (let j = 0; j < writers; j++) if (j !== i) Y.applyUpdate(docs[j], u, 'wire')
        const t = performance.now()
        Y.applyUpdate(receiver, u, 'wire')
        applyMs += performance.now() - t
      }),
    )
    const shapes = Array.from({ length: writers }, (_, i) => geoShape(`w${i}`, i * 120, 0) as unknown as Record<string, unknown>)
    const write = (n: number) => set[n % writers](shapes[n % writers].id as string, { ...shapes[n % writers], x: n, y: n / 2 })
    for (let n = 0; n < overwrites; n++) write(n)
    applyMs = 0
    const probe = 100
    for (let n = overwrites; n < overwrites + probe; n++) write(n)
    let items = 0
    if (schema === 'kv') for (let item = (receiver.getArray('records') as any)._start; item; item = item.right) items++
    return { bytes: Y.encodeStateAsUpdate(receiver).length, items, applyUs: (applyMs / probe) * 1000 }
  }
  const kv = run('kv')
  const map = run('map')
  return { writers, overwrites, kvBytes: kv.bytes, mapBytes: map.bytes, kvListItems: kv.items, kvApplyUs: kv.applyUs, mapApplyUs: map.applyUs }
}

function growth(full: GrowthScale, withPhases: boolean): { baseline: { kv: number; map: number }; phases: GrowthPhase[]; agree: boolean } {
  const zero = { single: 0, selection: 0, alternating: 0 }
  const baseline = { kv: playOverwriteSequence(zero).result.bytes, map: playOverwriteSequenceMap(zero).bytes }
  const phases: [string, GrowthScale][] = [['whole sequence', full]]
  if (withPhases) {
    phases.push(
      ['one shape dragged', { ...zero, single: full.single }],
      ['ten shapes dragged together', { ...zero, selection: full.selection }],
      ['one shape, two clients in turn', { ...zero, alternating: full.alternating }],
    )
  }
  let agree = true
  const out = phases.map(([name, scale]) => {
    const kv = playOverwriteSequence(scale)
    const map = playOverwriteSequenceMap(scale)
    if (kv.result.overwrites !== map.overwrites) agree = false
    const n = Math.max(1, kv.result.overwrites)
    return {
      name,
      scale,
      overwrites: kv.result.overwrites,
      kvBytes: kv.result.bytes,
      mapBytes: map.bytes,
      kvBytesPerOverwrite: (kv.result.bytes - baseline.kv) / n,
      mapBytesPerOverwrite: (map.bytes - baseline.map) / n,
    }
  })
  return { baseline, phases: out, agree }
}

const [what, arg] = process.argv.slice(2)
let result: unknown
if (what === 'growth') {
  const { scale, phases, interleaved: mix } = JSON.parse(arg) as { scale: GrowthScale; phases: boolean; interleaved: { writers: number; overwrites: number } }
  result = { ...growth(scale, phases), interleaved: interleaved(mix.writers, mix.overwrites) }
}
else if (what === 'analysis') {
  const runs = Number(arg || 5)
  // The smoke run (1 run) keeps to a small board: it checks that the row is made, not its figure.
  const perChange = runs > 1 ? await benchPerChange(runs * 4) : await benchPerChange(6, 200, 1000)
  result = { ...benchAnalysis(runs, false), perChange }
}
else throw new Error(`unknown task ${what}`)
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
