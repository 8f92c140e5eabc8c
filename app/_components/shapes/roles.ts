/**
 * Roles in the browser: the same rule as `lib/board/roles.ts` (the server's and the
 * analyser's), fed with the editor's page geometry.
 */
import type { Editor, TLShape } from 'tldraw'
import type { Ring } from '@/lib/analysis/snapshot'
import { roleAt, type RingGeometry } from '@/lib/board/roles'
import { RINGS_TYPE, type RingsShape } from '@/lib/shapes/rings'

/** The rings on the current page (the lowest id if there were ever two). */
export function currentRings(editor: Editor): RingsShape | null {
  const rings = editor
    .getCurrentPageShapes()
    .filter((s): s is RingsShape => s.type === RINGS_TYPE)
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
