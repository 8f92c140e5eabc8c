/**
 * The shapes someone else moved in the last half second, per editor, as a signal that
 * changes only when a shape starts or stops moving (not on every move).
 *
 * While a participant drags a card, every other browser moves it too, one remote update at a
 * time, where it is not selected. Drawn as a resting card is drawn (its ties on the map
 * layer's one canvas, its gap lines in the analysis overlay's one <svg>), each update redrew
 * that whole canvas or <svg>: a browser watching the most-flagged card of the 1,000-actor
 * board being dragged (60 updates a second) ran at 7-9 frames a second. Treated for the time
 * of the move as a selected card is (lifted: see shapeView.ts), only what moves is redrawn.
 */
import { atom, unsafe__withoutCapture, type Atom, type Editor, type TLShapeId } from 'tldraw'

/** How long after someone's last move of a shape it still counts as moving. */
export const MOVING_QUIET_MS = 500

const NONE: ReadonlySet<TLShapeId> = new Set()
const signals = new WeakMap<Editor, Atom<ReadonlySet<TLShapeId>>>()

export function movedByOthers(editor: Editor): ReadonlySet<TLShapeId> {
  let signal = signals.get(editor)
  if (!signal) {
    signal = unsafe__withoutCapture(() => atom('moved by others', NONE))
    signals.set(editor, signal)
    follow(editor, signal)
  }
  return signal.get()
}

function follow(editor: Editor, signal: Atom<ReadonlySet<TLShapeId>>) {
  const lastMoved = new Map<TLShapeId, number>()
  let timer: ReturnType<typeof setTimeout> | null = null
  const publish = () => signal.set(lastMoved.size ? new Set(lastMoved.keys()) : NONE)
  const expire = () => {
    timer = null
    const now = performance.now()
    let changed = false
    for (const [id, at] of lastMoved) {
      if (now - at < MOVING_QUIET_MS) continue
      lastMoved.delete(id)
      changed = true
    }
    if (changed) publish()
    if (lastMoved.size) timer = setTimeout(expire, MOVING_QUIET_MS / 2)
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
      // A shape deleted while moving stops moving.
      for (const id of Object.keys(changes.removed)) if (lastMoved.delete(id as TLShapeId)) started = true
      if (started) publish()
      if (lastMoved.size && !timer) timer = setTimeout(expire, MOVING_QUIET_MS / 2)
    },
    { source: 'remote', scope: 'document' },
  )
  editor.disposables.add(() => {
    stop()
    if (timer) clearTimeout(timer)
  })
}
