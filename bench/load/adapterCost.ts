/**
 * What the Hocuspocus adapter costs per message, measured in isolation: the outgoing prefix
 * copy and the incoming prefix strip, on frames of the sizes the scenarios send.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { decodeFrame, encodeFrame } from './hocuspocusSocket'
import { presenceState } from './client'

export interface AdapterCost {
  /** Frame sizes used (bytes). */
  updateFrameBytes: number
  awarenessFrameBytes: number
  /** Mean time per call, ns. */
  encodeNs: number
  decodeNs: number
}

function frames(template: Record<string, unknown>): { update: Uint8Array; awareness: Uint8Array } {
  const doc = new Y.Doc()
  let update: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => (update = u))
  doc.getMap('records').set('shape:x', { ...template, meta: { bench: { w: 1, s: 1, t: Date.now() } } })
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  syncProtocol.writeUpdate(e, update)
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(presenceState(1, Date.now()))
  const a = encoding.createEncoder()
  encoding.writeVarUint(a, 1)
  encoding.writeVarUint8Array(a, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))
  awareness.destroy()
  doc.destroy()
  return { update: encoding.toUint8Array(e), awareness: encoding.toUint8Array(a) }
}

export function measureAdapterCost(template: Record<string, unknown>, iterations = 200_000): AdapterCost {
  const { update, awareness } = frames(template)
  const prefixEncoder = encoding.createEncoder()
  encoding.writeVarString(prefixEncoder, 'room-0123456789abcdef')
  const prefix = encoding.toUint8Array(prefixEncoder)
  const inbound = [encodeFrame(prefix, update), encodeFrame(prefix, awareness)]
  let sink = 0
  // Warm up, then time.
  for (let i = 0; i < 20_000; i++) sink += encodeFrame(prefix, i & 1 ? update : awareness).length
  for (let i = 0; i < 20_000; i++) sink += decodeFrame(inbound[i & 1]).frame!.length
  let t0 = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) sink += encodeFrame(prefix, i & 1 ? update : awareness).length
  const encodeNs = Number(process.hrtime.bigint() - t0) / iterations
  t0 = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) sink += decodeFrame(inbound[i & 1]).frame!.length
  const decodeNs = Number(process.hrtime.bigint() - t0) / iterations
  if (sink === 0) throw new Error('unreachable')
  return { updateFrameBytes: update.length, awarenessFrameBytes: awareness.length, encodeNs, decodeNs }
}
