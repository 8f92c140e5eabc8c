/**
 * Which arrows are plain ties, and tldraw's stroke widths: what the tie's shape util, the map
 * layer and the tie geometry all need, kept apart from the shape util so that the geometry
 * (board/tieGeometry.ts) and the util that uses it do not import each other.
 */
import type { TLArrowShape } from 'tldraw'
import { hasTieMeta } from '@/lib/shapes/tie'

/** tldraw's stroke widths per size (STROKE_SIZES × theme stroke width 2). */
export const STROKE_SIZES = { s: 1, m: 1.75, l: 2.5, xl: 5 } as const

/**
 * Whether an arrow can be drawn as a plain tie line: a tie (`meta.tie`), straight, with plain
 * arrowheads and no label (see TieArrowShapeUtil).
 */
export function isPlainTie(shape: TLArrowShape): boolean {
  return (
    hasTieMeta(shape.meta) &&
    shape.props.kind === 'arc' &&
    shape.props.bend === 0 &&
    PLAIN_HEADS.has(shape.props.arrowheadStart) &&
    PLAIN_HEADS.has(shape.props.arrowheadEnd) &&
    isEmptyRichText(shape.props.richText)
  )
}

/** The arrowheads a tie is drawn with (see lib/shapes/tie.ts). */
const PLAIN_HEADS: ReadonlySet<string> = new Set(['none', 'arrow', 'bar'])

/** tldraw's test for a label with no text (not exported by tldraw). */
function isEmptyRichText(richText: TLArrowShape['props']['richText']): boolean {
  const content = richText.content as { content?: unknown[] }[]
  if (content.length === 0) return true
  return content.length === 1 && (!content[0].content || content[0].content.length === 0)
}
