/**
 * The report map as SVG and PNG (the public entry points of map.ts + svg.ts).
 */
import { createRequire } from 'node:module'
import { FONT_FAMILY, FONT_FILES } from './fonts'
import { buildMapScene } from './map'
import { sceneToSvg } from './svg'
import type { MapOptions, ReportInput } from './types'

const require = createRequire(import.meta.url)
const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')

/**
 * PNGs are capped at this many pixels on their longest side (a 1,000-actor map at scale 1
 * would otherwise need a 100 MB+ bitmap); larger requests are scaled down to fit.
 */
export const MAX_PNG_SIDE = 4096

/**
 * The report map as a standalone SVG: rings, actor cards, styled ties, legend, and with
 * `overlay` the analysis (gap markers, missing trust, conflicts, phase). The font is
 * embedded; the same input and options always give byte-identical output.
 */
export function renderReportSvg(input: ReportInput, options: MapOptions): string {
  return sceneToSvg(buildMapScene(input, options), { scale: options.scale, embedFont: true, fontText: false })
}

/**
 * The same map as a PNG, drawn by resvg; text is DejaVu (as glyph outlines, see outline.ts;
 * resvg is still given only the DejaVu files, never system fonts), so every server draws
 * the same pixels. Size: the SVG's size × `scale`, within {@link MAX_PNG_SIDE}.
 */
export function renderReportPng(input: ReportInput, options: MapOptions): Uint8Array {
  const scene = buildMapScene(input, options)
  const wanted = options.scale && options.scale > 0 ? options.scale : 1
  const zoom = Math.min(wanted, MAX_PNG_SIDE / Math.max(scene.width, scene.height))
  const svg = sceneToSvg(scene, { embedFont: false, fontText: true, outlineText: true })
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: '#ffffff',
    font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    logLevel: 'off',
  })
  return resvg.render().asPng()
}
