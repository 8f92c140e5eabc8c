/**
 * Roles in the browser: the same rule as `lib/board/roles.ts` (the server's and the
 * analyser's), fed with the editor's page geometry.
 */
import { atom, react, unsafe__withoutCapture, type Atom, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import type { Ring } from '@/lib/analysis/snapshot'
import { roleAt, type RingGeometry } from '@/lib/board/roles'
import { RINGS_TYPE, type RingsShape } from '@/lib/shapes/rings'

/**
 * All rings shapes, as an incremental store query: it depends on rings records only, so a
 * card being dragged does not make every card recompute its role (that was O(cards²) per frame).
 */
const ringsQueries = new WeakMap<Editor, { get(): RingsShape[] }>()
function ringsQuery(editor: Editor) {
  let query = ringsQueries.get(editor)
  if (!query) {
    query = editor.store.query.records('shape', () => ({ type: { eq: RINGS_TYPE } })) as unknown as { get(): RingsShape[] }
    ringsQueries.set(editor, query)
  }
  return query
}

/** The rings on the current page (the lowest id if there were ever two). */
export function currentRings(editor: Editor): RingsShape | null {
  const page = editor.getCurrentPageId()
  const rings = ringsQuery(editor)
    .get()
    .filter((s) => editor.getAncestorPageId(s) === page)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
  return rings[0] ?? null
}

export function ringGeometryIn(editor: Editor, rings: RingsShape): RingGeometry {
  const outer = rings.props.size / 2
  const [core, allies] = [rings.props.core, rings.props.allies].sort((a, b) => a - b)
  const centre = editor.getShapePageTransform(rings).applyToPoint({ x: outer, y: outer })
  return { shapeId: rings.id, pageId: editor.getCurrentPageId(), centre, radii: [outer * core, outer * allies, outer] }
}

/**
 * The current rings' id, as an atom kept by one reaction per editor. Cards read this rather
 * than the rings query: the query depends on every shape change, so a thousand cards reading
 * it meant a thousand role reactions visited and re-checked on every frame of a drag; the
 * atom changes only when the rings come or go.
 */
const ringsIds = new WeakMap<Editor, Atom<TLShapeId | null>>()
function currentRingsId(editor: Editor): TLShapeId | null {
  let id = ringsIds.get(editor)
  if (!id) {
    // Made on first read, which is usually inside a card's reactive read: not part of it.
    id = unsafe__withoutCapture(() => {
      const ringsId = atom<TLShapeId | null>('current rings id', currentRings(editor)?.id ?? null)
      editor.disposables.add(react('current rings id', () => ringsId.set(currentRings(editor)?.id ?? null)))
      return ringsId
    })
    ringsIds.set(editor, id)
  }
  return id.get()
}

export function roleOf(editor: Editor, shape: TLShape): Ring {
  return rolesOnPage(editor)(shape)
}

/**
 * The role of any shape on the page as it stands now, with the rings' geometry worked out
 * once: for drawing a thousand cards in one pass (per card it was ~20-60 ms of a map's
 * first drawing, profile).
 */
export function rolesOnPage(editor: Editor): (shape: TLShape) => Ring {
  const ringsId = currentRingsId(editor)
  const rings = ringsId ? (editor.getShape(ringsId) as RingsShape | undefined) : undefined
  const geometry = rings ? ringGeometryIn(editor, rings) : null
  return (shape) => {
    const bounds = geometry && editor.getShapePageBounds(shape)
    return geometry && bounds ? roleAt(bounds.center, geometry) : 'outside'
  }
}
