/**
 * The coalition rings: three concentric zones (core, allies, outside) drawn as one shape that
 * moves and resizes as a whole and always stays circular. A board holds at most one.
 */
import { T } from '@tldraw/validate'
import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'

export const RINGS_TYPE = 'rings' as const

export interface RingsShapeProps {
  /** Diameter of the outer circle (the shape's width and height). */
  size: number
  /** Radius of the core circle as a fraction of the outer radius. */
  core: number
  /** Radius of the allies circle as a fraction of the outer radius. */
  allies: number
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [RINGS_TYPE]: RingsShapeProps
  }
}

export type RingsShape = TLShape<typeof RINGS_TYPE>

const fraction = T.number.check((n) => {
  if (!(n > 0 && n < 1)) throw new Error('a fraction between 0 and 1')
})

/** Validated per field (tldraw validates props one by one); `ringGeometry` orders the radii. */
export const ringsShapeProps: RecordProps<RingsShape> = {
  size: T.nonZeroNumber,
  core: fraction,
  allies: fraction,
}

export const ringsVersions = createShapePropsMigrationIds(RINGS_TYPE, {})
export const ringsShapeMigrations = createShapePropsMigrationSequence({ sequence: [] })

export const DEFAULT_RINGS: RingsShapeProps = { size: 1800, core: 0.3, allies: 0.64 }
