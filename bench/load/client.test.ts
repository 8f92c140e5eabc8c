/**
 * The bench client's lean paths against the bare relay (bench/servers/relay.child.ts): a lean
 * client sends its own writes as the stock provider does, applies the others', and no longer
 * encodes the updates it receives; presence stamps read from bytes equal the ones written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { BenchClient, presenceState, presenceStampTime, type BenchRecord, type ClientSink } from './client'
import { spawnChild, type ChildServer } from '../servers/process'
import { geoShape } from '../../lib/testing/records'
import { RecordStore } from '../../lib/doc/recordStore'

const encoder = new TextEncoder()

describe('presenceStampTime', () => {
  it('reads the send time of a presence from its JSON bytes', () => {
    for (const t of [1764043200000.123, 1764043200000, 0.5, 1.5e-7, 17640432e5 + 1 / 3]) {
      expect(presenceStampTime(encoder.encode(JSON.stringify(presenceState(12, t))))).toBe(t)
    }
    expect(presenceStampTime(encoder.encode(JSON.stringify({ user: { name: 'x' } })))).toBeNaN()
    expect(presenceStampTime(encoder.encode('null'))).toBeNaN()
  })
})

describe('lean BenchClient through the bare relay', () => {
  let relay: ChildServer
  beforeAll(async () => {
    relay = await spawnChild({ script: 'bench/servers/relay.child.ts', env: {} })
  })
  afterAll(() => relay?.kill())

  it('sends its own writes as updates, applies the others, and encodes no received update', async () => {
    const template = JSON.parse(JSON.stringify(geoShape('bench', 0, 0))) as Record<string, unknown>
    const wsBase = `ws://127.0.0.1:${relay.port}`
    const receipts: [number, number][] = []
    const sink: ClientSink = { receipt: (w, s) => receipts.push([w, s]), presence: () => {}, presenceSent: () => {} }
    const spec = (idx: number) => ({ idx, wsBase, room: 'lean-test', params: {}, schema: 'kv' as const, adapter: 'none' as const })
    // A plain socket in the room sees exactly what the writer sends.
    const frames: Uint8Array[] = []
    const observer = new WebSocket(`${wsBase}/lean-test`)
    observer.binaryType = 'nodebuffer'
    observer.on('message', (data) => frames.push(new Uint8Array(data as Buffer)))
    await new Promise((resolve) => observer.once('open', resolve))

    const writer = new BenchClient(spec(1), template, sink, 'lean')
    const reader = new BenchClient(spec(2), template, sink, 'lean')
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10))
      expect(ok()).toBe(true)
    }
    try {
      await until(() => writer.syncedAt > 0 && reader.syncedAt > 0)
      let encodedByReader = 0
      reader.doc.on('afterTransaction', () => {
        // The doc has no 'update' listener, so Yjs skips encoding the transaction.
        if ((reader.doc as unknown as { _observers: Map<string, unknown> })._observers.has('update')) encodedByReader++
      })
      writer.writeOnce()
      writer.writeOnce()
      await until(() => receipts.length === 2)
      expect(receipts).toEqual([
        [1, 1],
        [1, 2],
      ])
      expect(encodedByReader).toBe(0)
      expect(new RecordStore<BenchRecord>(reader.doc.getArray('records')).get('shape:bench-1')?.meta.bench?.s).toBe(2)

      // The observer got two sync-update frames (type 0, step 2) whose updates rebuild the record.
      const updates = frames
        .map((f) => decoding.createDecoder(f))
        .filter((d) => decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 2)
        .map((d) => decoding.readVarUint8Array(d))
      expect(updates).toHaveLength(2)
      const replica = new Y.Doc()
      for (const u of updates) Y.applyUpdate(replica, u)
      expect(new RecordStore<BenchRecord>(replica.getArray('records')).get('shape:bench-1')?.meta.bench).toMatchObject({ w: 1, s: 2 })
    } finally {
      writer.destroy()
      reader.destroy()
      observer.close()
    }
  })
})
