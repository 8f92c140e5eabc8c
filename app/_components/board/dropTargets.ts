/**
 * While a card is dragged, tldraw looks for a shape to drop it into (a frame) every 60 ms:
 * `getDraggingOverShape` hit-tests every shape under the pointer, walking the page's 4,001
 * shapes in order, then keeps the first whose util accepts drops. On the 1,000-actor board
 * that was ~13 ms per call (30 ms on a busy machine) for an answer that is always "none" when
 * the page holds no shape that accepts drops (only frame-like shapes do; a coalition map
 * rarely has one). This asks tldraw only when such a shape exists, so its answer is the same.
 */
import type { Editor, TLShape, Vec } from 'tldraw'

export function skipDropSearchWithoutTargets(editor: Editor): () => void {
  const targetTypes = Object.entries(editor.shapeUtils)
    .filter(([, u]) => u && (u.onDragShapesOver || u.onDragShapesIn || u.onDragShapesOut || u.onDropShapesOver))
    .map(([type]) => type as TLShape['type'])
  const queries = targetTypes.map((type) => editor.store.query.ids('shape', () => ({ type: { eq: type } })))
  const original = editor.getDraggingOverShape
  editor.getDraggingOverShape = function (this: Editor, point: Vec, droppingShapes: TLShape[]) {
    if (queries.every((q) => q.get().size === 0)) return undefined
    return original.call(this, point, droppingShapes)
  }
  return () => {
    editor.getDraggingOverShape = original
  }
}
