/**
 * A drawing as a flat list of primitives, built once and written by two backends: SVG text
 * (svg.ts, which resvg also turns into the PNG) and pdf-lib vector operations (pdfdraw.ts).
 * One model means the PNG, the SVG and the map in the PDF are the same picture.
 */
import type { Weight } from './fonts'

export interface Stroke {
  stroke?: string
  width?: number
  /** Dash pattern in drawing units. */
  dash?: readonly number[]
  cap?: 'butt' | 'round'
  opacity?: number
}

/** An SVG path (`M`, `L`, `Q`, `C`, `Z` only, absolute), filled and/or stroked. */
export interface PathItem extends Stroke {
  kind: 'path'
  d: string
  fill?: string
}

export interface CircleItem extends Stroke {
  kind: 'circle'
  cx: number
  cy: number
  r: number
  fill?: string
}

export interface RectItem extends Stroke {
  kind: 'rect'
  x: number
  y: number
  w: number
  h: number
  rx: number
  fill?: string
}

/** One line of text; `y` is the baseline. `text` is the original (emoji and all). */
export interface TextItem {
  kind: 'text'
  x: number
  y: number
  text: string
  size: number
  weight: Weight
  fill: string
  anchor: 'start' | 'middle' | 'end'
}

/** Items that belong together; `title` is a tooltip / accessible name (SVG only). */
export interface GroupItem {
  kind: 'group'
  title?: string
  items: Item[]
}

export type Item = PathItem | CircleItem | RectItem | TextItem | GroupItem

export interface Scene {
  width: number
  height: number
  /** The document title (SVG `<title>`). */
  title: string
  items: Item[]
}

/** Every text item, groups included (to collect the glyphs a font subset needs). */
export function* texts(items: readonly Item[]): Generator<TextItem> {
  for (const item of items) {
    if (item.kind === 'text') yield item
    else if (item.kind === 'group') yield* texts(item.items)
  }
}

const f = (n: number) => Math.round(n * 100) / 100

/** A rounded rectangle as a path of lines and cubic corners (pdf-lib has no rounded rect). */
export function roundedRectPath(x: number, y: number, w: number, h: number, rx: number): string {
  const r = Math.min(rx, w / 2, h / 2)
  const k = r * 0.4477 // 1 - 0.5523: where the cubic's handles sit for a quarter circle
  return [
    `M${f(x + r)} ${f(y)}`,
    `L${f(x + w - r)} ${f(y)}`,
    `C${f(x + w - k)} ${f(y)} ${f(x + w)} ${f(y + k)} ${f(x + w)} ${f(y + r)}`,
    `L${f(x + w)} ${f(y + h - r)}`,
    `C${f(x + w)} ${f(y + h - k)} ${f(x + w - k)} ${f(y + h)} ${f(x + w - r)} ${f(y + h)}`,
    `L${f(x + r)} ${f(y + h)}`,
    `C${f(x + k)} ${f(y + h)} ${f(x)} ${f(y + h - k)} ${f(x)} ${f(y + h - r)}`,
    `L${f(x)} ${f(y + r)}`,
    `C${f(x)} ${f(y + k)} ${f(x + k)} ${f(y)} ${f(x + r)} ${f(y)}`,
    'Z',
  ].join(' ')
}

/** A circle as four cubic arcs. */
export function circlePath(cx: number, cy: number, r: number): string {
  const k = r * 0.5523
  return [
    `M${f(cx)} ${f(cy - r)}`,
    `C${f(cx + k)} ${f(cy - r)} ${f(cx + r)} ${f(cy - k)} ${f(cx + r)} ${f(cy)}`,
    `C${f(cx + r)} ${f(cy + k)} ${f(cx + k)} ${f(cy + r)} ${f(cx)} ${f(cy + r)}`,
    `C${f(cx - k)} ${f(cy + r)} ${f(cx - r)} ${f(cy + k)} ${f(cx - r)} ${f(cy)}`,
    `C${f(cx - r)} ${f(cy - k)} ${f(cx - k)} ${f(cy - r)} ${f(cx)} ${f(cy - r)}`,
    'Z',
  ].join(' ')
}
