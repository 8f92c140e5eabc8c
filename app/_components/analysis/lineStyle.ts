/** How the overlay draws a line between two actors, whether in its <svg> or on its canvas. */

/** A line of the overlay: from actor `a`'s centre to actor `b`'s, for the gap `key`. */
export interface OverlayPair {
  key: string
  a: string
  b: string
  /** The gap's kind: 'core-distrust', 'core-conflict' or 'coalition-conflict'. */
  kind: string
}

export interface LineStyle {
  colour: string
  opacity: number
  width: number
  /** Dash and gap lengths in page units; none for a solid line. */
  dash?: [number, number]
}

const CONFLICT: LineStyle = { colour: '#e03131', opacity: 0.35, width: 18 }
const DISTRUST: LineStyle = { colour: '#868e96', opacity: 0.9, width: 4, dash: [14, 12] }

/** A conflict is a wide, faint red band; missing trust a thin grey dashed line. */
export const lineStyle = (conflict: boolean): LineStyle => (conflict ? CONFLICT : DISTRUST)

export const isConflict = (pair: OverlayPair) => pair.kind.endsWith('conflict')
