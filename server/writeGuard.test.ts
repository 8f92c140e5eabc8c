import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { recordsKV, sessionMap } from '../lib/doc/schema'
import { geoShape } from '../lib/testing/records'
import { WriteGuard } from './writeGuard'

/** A client document whose updates are handed to the guard, as the server would. */
function writer(guard: WriteGuard) {
  const doc = new Y.Doc()
  const origin = {}
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  return {
    doc,
    send(capability: 'edit' | 'view' | 'facilitate' = 'edit') {
      return out.splice(0).map((u) => guard.apply(u, origin, capability))
    },
  }
}

describe('WriteGuard', () => {
  it('keeps no content of overwritten records (the undo manager must not pin them)', () => {
    const server = new Y.Doc()
    const guard = new WriteGuard(server)
    const writers = [writer(guard), writer(guard), writer(guard), writer(guard)]
    for (let round = 0; round < 500; round++) {
      writers.forEach((w, i) => {
        recordsKV(w.doc).set(`shape:w${i}`, geoShape(`w${i}`, round, i) as never)
        expect(w.send().every((r) => r.ok)).toBe(true)
      })
    }
    // 2,000 overwrites of ~360-byte records: 700 KB if their content were kept.
    expect(Y.encodeStateAsUpdate(server).length).toBeLessThan(8 * 1024)
    expect(recordsKV(server).get('shape:w3')).toMatchObject({ x: 499 })
  })

  it('a refused write is undone and leaves no content behind either', () => {
    const server = new Y.Doc()
    const guard = new WriteGuard(server)
    const editor = writer(guard)
    for (let i = 0; i < 200; i++) {
      sessionMap(editor.doc).set('lock', i % 2 === 0)
      recordsKV(editor.doc).set('shape:x', geoShape('x', i, 0, { url: 'x'.repeat(500) }) as never)
      expect(editor.send('edit').every((r) => !r.ok)).toBe(true)
    }
    expect(sessionMap(server).get('lock')).toBeUndefined()
    expect(recordsKV(server).has('shape:x')).toBe(false)
    expect(Y.encodeStateAsUpdate(server).length).toBeLessThan(8 * 1024)
  })
})
