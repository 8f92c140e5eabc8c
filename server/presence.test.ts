import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { hasNewPresence } from './room'

function peer(clientID: number) {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return new awarenessProtocol.Awareness(doc)
}

describe('hasNewPresence (reading clocks before states)', () => {
  it('agrees with y-protocols on echoes, news and removals', () => {
    const server = peer(1)
    server.setLocalState(null)
    const alice = peer(2)
    alice.setLocalState({ cursor: { x: 1, y: 1 } })
    const first = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(hasNewPresence(server, first)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, first, 'alice')
    // The same state again (what every other browser re-sends): nothing new.
    expect(hasNewPresence(server, first)).toBe(false)
    alice.setLocalState({ cursor: { x: 2, y: 1 } })
    const moved = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(hasNewPresence(server, moved)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, moved, 'alice')
    // A removal at the current clock still counts while the state is there.
    const removal = awarenessProtocol.encodeAwarenessUpdate(alice, [2], new Map([[2, null]]) as never)
    expect(hasNewPresence(server, removal)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(server, removal, 'alice')
    expect(server.getStates().has(2)).toBe(false)
    expect(hasNewPresence(server, removal)).toBe(false)
  })

  it('throws on a truncated update, as y-protocols does', () => {
    const alice = peer(2)
    alice.setLocalState({ name: 'Alice' })
    const update = awarenessProtocol.encodeAwarenessUpdate(alice, [2])
    expect(() => hasNewPresence(peer(1), update.slice(0, update.length - 3))).toThrow()
  })
})
