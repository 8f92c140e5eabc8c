'use client'
/**
 * The coalition rings: three concentric circles moved and resized as one shape. They stay
 * circles (aspect ratio locked) and are hit only on their lines, so drawing or selecting
 * inside the rings works as on an empty canvas.
 */
import { Circle2d, Group2d, resizeBox, ShapeUtil, SVGContainer, type TLResizeInfo } from 'tldraw'
import { useI18n } from '@/app/_lib/i18n'
import { DEFAULT_RINGS, RINGS_TYPE, ringsShapeMigrations, ringsShapeProps, type RingsShape } from '@/lib/shapes/rings'

const MIN_SIZE = 400

function radii(shape: RingsShape): [number, number, number] {
  const outer = shape.props.size / 2
  const [core, allies] = [shape.props.core, shape.props.allies].sort((a, b) => a - b)
  return [outer * core, outer * allies, outer]
}

export class RingsShapeUtil extends ShapeUtil<RingsShape> {
  static override type = RINGS_TYPE
  static override props = ringsShapeProps
  static override migrations = ringsShapeMigrations

  override getDefaultProps(): RingsShape['props'] {
    return { ...DEFAULT_RINGS }
  }

  override isAspectRatioLocked() {
    return true
  }

  override canBind() {
    return false
  }

  override canEdit() {
    return false
  }

  override getGeometry(shape: RingsShape) {
    const outer = shape.props.size / 2
    return new Group2d({
      children: radii(shape).map(
        (radius) => new Circle2d({ x: outer - radius, y: outer - radius, radius, isFilled: false }),
      ),
    })
  }

  override onResize(shape: RingsShape, info: TLResizeInfo<RingsShape>) {
    const asBox = (s: RingsShape) => ({ ...s, props: { w: s.props.size, h: s.props.size } }) as any
    const resized = resizeBox(asBox(shape), { ...info, initialShape: asBox(info.initialShape) } as any)
    const size = Math.max(MIN_SIZE, Math.min(Math.abs(resized.props.w), Math.abs(resized.props.h)))
    return { x: resized.x, y: resized.y, props: { size } }
  }

  override component(shape: RingsShape) {
    return <Rings shape={shape} />
  }

  override getIndicatorPath(shape: RingsShape) {
    const outer = shape.props.size / 2
    const path = new Path2D()
    for (const r of radii(shape)) {
      path.moveTo(outer + r, outer)
      path.arc(outer, outer, r, 0, Math.PI * 2)
    }
    return path
  }
}

function Rings({ shape }: { shape: RingsShape }) {
  const { t } = useI18n()
  const [core, allies, outer] = radii(shape)
  const labelSize = Math.max(18, outer / 22)
  const label = (text: string, y: number) => (
    <text x={outer} y={y} textAnchor="middle" fontSize={labelSize} fontWeight={700} fill="#495057" fontFamily="system-ui, sans-serif">
      {text}
    </text>
  )
  return (
    <SVGContainer data-testid="coalition-rings">
      <circle cx={outer} cy={outer} r={outer} fill="#f8f9fa" stroke="#868e96" strokeWidth={3} />
      <circle cx={outer} cy={outer} r={allies} fill="#e7f5ff" stroke="#4dabf7" strokeWidth={3} />
      <circle cx={outer} cy={outer} r={core} fill="#d3f9d8" stroke="#40c057" strokeWidth={4} />
      {/* Each label at the top of its own zone; the layout keeps that spot free of cards. */}
      {label(t('ring.outside'), labelSize * 1.5)}
      {label(t('ring.ally'), outer - allies + labelSize * 1.5)}
      {label(t('ring.core'), outer - core + labelSize * 1.5)}
    </SVGContainer>
  )
}
