/**
 * Page geometry of plain shape records, without the editor: where a shape's point lands on
 * the page through its parents (frames, groups) and their rotations. The server, exports and
 * tests compute roles from the same records a browser shows.
 */
export interface Point {
  x: number
  y: number
}

export interface ShapeLike {
  id: string
  typeName: string
  type?: string
  x?: number
  y?: number
  rotation?: number
  parentId?: string
  props?: Record<string, unknown>
}

function rotate(p: Point, angle: number): Point {
  if (!angle) return p
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  return { x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos }
}

/** Shapes by id, for following parents: a Map, or a board's record store. */
export interface ShapeLookup {
  get(id: string): ShapeLike | undefined
}

/** The page a shape is on, following its parents. */
export function pageOf(shape: ShapeLike, byId: ShapeLookup): string | null {
  let current: ShapeLike | undefined = shape
  for (let depth = 0; current && depth < 100; depth++) {
    const parent = current.parentId
    if (!parent) return null
    if (parent.startsWith('page:')) return parent
    current = byId.get(parent)
  }
  return null
}

/** `local` (in the shape's own space) on the page. */
export function toPage(shape: ShapeLike, local: Point, byId: ShapeLookup): Point {
  let point = local
  let current: ShapeLike | undefined = shape
  for (let depth = 0; current && depth < 100; depth++) {
    const r = rotate(point, current.rotation ?? 0)
    point = { x: (current.x ?? 0) + r.x, y: (current.y ?? 0) + r.y }
    const parent = current.parentId
    if (!parent || parent.startsWith('page:')) break
    current = byId.get(parent)
  }
  return point
}

/** The centre of a box shape (`props.w`, `props.h`) on the page. */
export function boxCentre(shape: ShapeLike, byId: ShapeLookup): Point {
  const w = Number(shape.props?.w ?? 0)
  const h = Number(shape.props?.h ?? 0)
  return toPage(shape, { x: w / 2, y: h / 2 }, byId)
}
