/**
 * Roles in the browser: the same rule as `lib/board/roles.ts` (the server's and the
 * analyser's), fed with the editor's page geometry.
 */
import type { Editor, TLShape } from 'tldraw'
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

export function roleOf(editor: Editor, shape: TLShape): Ring {
  const rings = currentRings(editor)
  const bounds = editor.getShapePageBounds(shape)
  if (!rings || !bounds) return 'outside'
  return roleAt(bounds.center, ringGeometryIn(editor, rings))
}
