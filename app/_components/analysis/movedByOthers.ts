'use client'
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'

const NONE: ReadonlySet<string> = new Set()

/**
 * The shapes someone else moved in the last `quietMs`: while a participant drags a card, its
 * overlay lines move in every other browser too, where the card is not selected. Those lines
 * go on the overlay's canvas of moving lines for the drag, as a selected card's do; drawn in
 * the <svg> of still lines, their change repainted that whole <svg> on every frame.
 *
 * The set changes only when a shape starts or stops moving, not on every move.
 */
export function useMovedByOthers(editor: Editor, quietMs = 500): ReadonlySet<string> {
  const [moved, setMoved] = useState(NONE)
  useEffect(() => {
    const lastMoved = new Map<string, number>()
    let timer: ReturnType<typeof setTimeout> | null = null
    const publish = () => setMoved(lastMoved.size ? new Set(lastMoved.keys()) : NONE)
    const expire = () => {
      timer = null
      const now = performance.now()
      let changed = false
      for (const [id, at] of lastMoved) {
        if (now - at >= quietMs) {
          lastMoved.delete(id)
          changed = true
        }
      }
      if (changed) publish()
      if (lastMoved.size) timer = setTimeout(expire, quietMs)
    }
    const stop = editor.store.listen(
      ({ changes }) => {
        const now = performance.now()
        let started = false
        for (const [from, to] of Object.values(changes.updated)) {
          if (to.typeName !== 'shape' || from.typeName !== 'shape') continue
          if (from.x === to.x && from.y === to.y && from.rotation === to.rotation) continue
          if (!lastMoved.has(to.id)) started = true
          lastMoved.set(to.id, now)
        }
        if (started) publish()
        if (lastMoved.size && !timer) timer = setTimeout(expire, quietMs)
      },
      { source: 'remote', scope: 'document' },
    )
    return () => {
      stop()
      if (timer) clearTimeout(timer)
    }
  }, [editor, quietMs])
  return moved
}
