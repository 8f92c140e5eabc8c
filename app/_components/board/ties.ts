/**
 * Ties in the browser: which arrows are ties, and writing a tie's trust and kind (with the
 * arrow style that shows them) in one change.
 */
import type { Editor, TLArrowBinding, TLArrowShape, TLShape, TLShapeId } from 'tldraw'
import { ACTOR_TYPE, type ActorShape } from '@/lib/shapes/actor'
import { DEFAULT_TIE, hasTieMeta as hasTieData, readTieMeta, tieStyle, type TieMeta } from '@/lib/shapes/tie'

export interface TieEnds {
  from: ActorShape
  to: ActorShape
}

/** The actors an arrow joins, when it is bound at both ends to actors (a tie); else null. */
export function tieEnds(editor: Editor, arrow: TLShape): TieEnds | null {
  if (arrow.type !== 'arrow') return null
  const bindings = editor.getBindingsFromShape<TLArrowBinding>(arrow.id, 'arrow')
  const end = (terminal: 'start' | 'end') => {
    const binding = bindings.find((b) => b.props.terminal === terminal)
    const target = binding ? editor.getShape(binding.toId) : undefined
    return target?.type === ACTOR_TYPE ? (target as ActorShape) : null
  }
  const from = end('start')
  const to = end('end')
  return from && to ? { from, to } : null
}

export function setTie(editor: Editor, arrowId: TLShapeId, tie: TieMeta): void {
  const arrow = editor.getShape<TLArrowShape>(arrowId)
  if (!arrow) return
  const style = tieStyle(tie)
  editor.updateShape<TLArrowShape>({
    id: arrowId,
    type: 'arrow',
    meta: { ...arrow.meta, tie },
    props: { color: style.color, dash: style.dash, size: style.size, arrowheadEnd: style.arrowheadEnd },
  })
}

export function tieOf(arrow: TLShape): TieMeta {
  return readTieMeta(arrow.meta)
}

/** Whether an arrow already carries tie data (as opposed to a plain arrow). */
export function hasTieMeta(arrow: TLShape): boolean {
  return hasTieData(arrow.meta)
}

export { DEFAULT_TIE }
