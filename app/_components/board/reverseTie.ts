/**
 * Ties can go both ways with different trust: the reverse of a tie is a second arrow from
 * the other actor. The pair curves apart so both stay readable.
 */
import { createShapeId, type Editor, type TLArrowShape, type TLShapeId } from 'tldraw'
import { DEFAULT_TIE, setTie, tieEnds } from './ties'

const BEND = 40

export function reverseTieOf(editor: Editor, arrowId: TLShapeId): TLShapeId | null {
  const arrow = editor.getShape(arrowId)
  const ends = arrow ? tieEnds(editor, arrow) : null
  if (!ends) return null
  for (const other of editor.getCurrentPageShapes()) {
    if (other.type !== 'arrow' || other.id === arrowId) continue
    const e = tieEnds(editor, other)
    if (e && e.from.id === ends.to.id && e.to.id === ends.from.id) return other.id
  }
  return null
}

export function addReverseTie(editor: Editor, arrowId: TLShapeId): void {
  const arrow = editor.getShape<TLArrowShape>(arrowId)
  const ends = arrow ? tieEnds(editor, arrow) : null
  if (!arrow || !ends) return
  const id = createShapeId()
  editor.run(() => {
    editor.createShape<TLArrowShape>({ id, type: 'arrow', x: arrow.x, y: arrow.y, props: { bend: BEND } })
    const binding = (terminal: 'start' | 'end', toId: TLShapeId) => ({
      type: 'arrow' as const,
      fromId: id,
      toId,
      props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' as const },
    })
    editor.createBindings([binding('start', ends.to.id), binding('end', ends.from.id)])
    editor.updateShape<TLArrowShape>({ id: arrowId, type: 'arrow', props: { bend: BEND } })
    setTie(editor, id, DEFAULT_TIE)
    editor.select(id)
  })
}
