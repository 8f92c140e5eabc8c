/**
 * Two documents joined as two browsers are through a server, for tests and the bench's
 * growth runs: the copy starts as `doc` stands, and every update of either goes across.
 */
import * as Y from 'yjs'

/** The transaction origin of updates that came across the link (not sent back). */
const WIRE = 'wire'

export function linkedCopy(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  doc.on('update', (u: Uint8Array, origin: unknown) => origin !== WIRE && Y.applyUpdate(copy, u, WIRE))
  copy.on('update', (u: Uint8Array, origin: unknown) => origin !== WIRE && Y.applyUpdate(doc, u, WIRE))
  return copy
}
