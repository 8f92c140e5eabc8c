/**
 * Editor rules that make the canvas a coalition map:
 * - an arrow that gets bound at both ends to actors becomes a tie (cooperation, trust
 *   unknown) and is selected, so the inspector opens on it;
 * - a board holds one set of rings: a second one (drawn, pasted, or duplicated) is removed;
 * - an actor deleted takes its ties with it (tldraw would leave each one bound at one end only,
 *   a line to nowhere that is no tie any more but still showed its trust on the map).
 * Only the user's own changes trigger them; remote changes already obeyed them at the source.
 */
import type { Editor, TLArrowBinding, TLShapeId } from 'tldraw'
import { RINGS_TYPE } from '@/lib/shapes/rings'
import { ACTOR_TYPE } from '@/lib/shapes/actor'
import { DEFAULT_TIE, hasTieMeta, setTie, tieEnds } from './ties'

export function registerCoalitionSideEffects(editor: Editor, options: { onSecondRings(): void }): () => void {
  const pendingTies = new Set<TLShapeId>()
  // A card placed with the actor tool: type its name straight away, once the tool has
  // finished placing it and handed back to selection.
  const offActorCreate = editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== ACTOR_TYPE || editor.getCurrentToolId() !== ACTOR_TYPE) return
    editor.timers.setTimeout(() => {
      if (!editor.getShape(shape.id) || editor.getCurrentToolId() !== 'select') return
      editor.select(shape.id)
      editor.setEditingShape(shape.id)
    }, 0)
  })
  const checkTie = (arrowId: TLShapeId) => {
    const arrow = editor.getShape(arrowId)
    if (!arrow || hasTieMeta(arrow) || !tieEnds(editor, arrow)) return
    setTie(editor, arrowId, DEFAULT_TIE)
    pendingTies.add(arrowId)
  }
  const offBindingCreate = editor.sideEffects.registerAfterCreateHandler('binding', (binding, source) => {
    if (source !== 'user' || binding.type !== 'arrow') return
    checkTie((binding as TLArrowBinding).fromId)
  })
  const offBindingChange = editor.sideEffects.registerAfterChangeHandler('binding', (_prev, binding, source) => {
    if (source !== 'user' || binding.type !== 'arrow') return
    checkTie((binding as TLArrowBinding).fromId)
  })
  // Select a new tie once the arrow tool has finished with it, so the inspector opens on it.
  const offComplete = editor.sideEffects.registerOperationCompleteHandler(() => {
    if (pendingTies.size === 0) return
    const ids = [...pendingTies].filter((id) => editor.getShape(id))
    pendingTies.clear()
    if (ids.length === 1 && editor.getCurrentToolId() === 'select' && !editor.isIn('select.dragging_handle')) {
      editor.select(ids[0])
    }
  })
  const offRings = editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== RINGS_TYPE) return
    const others = editor.getCurrentPageShapes().filter((s) => s.type === RINGS_TYPE && s.id !== shape.id)
    if (others.length > 0) {
      queueMicrotask(() => {
        editor.deleteShape(shape.id)
        options.onSecondRings()
      })
    }
  })
  // Before the actors go: their bindings, and so which ties are theirs, go with them. Emitted by
  // the editor's deleteShapes only (this user's deletions, never remote ones), in the same
  // undo step, so an undo brings the actor back with its ties.
  const onDeleting = (ids: TLShapeId[]) => {
    const deleting = new Set(ids)
    const ties = new Set<TLShapeId>()
    for (const id of ids) {
      if (editor.getShape(id)?.type !== ACTOR_TYPE) continue
      for (const binding of editor.getBindingsToShape(id, 'arrow')) {
        const arrow = editor.getShape(binding.fromId)
        if (arrow && hasTieMeta(arrow) && !deleting.has(arrow.id)) ties.add(arrow.id)
      }
    }
    if (ties.size) editor.deleteShapes([...ties])
  }
  editor.on('deleted-shapes', onDeleting)
  return () => {
    editor.off('deleted-shapes', onDeleting)
    offActorCreate()
    offBindingCreate()
    offBindingChange()
    offComplete()
    offRings()
  }
}
