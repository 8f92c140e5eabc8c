/**
 * The map's legend panel: trust styles, stances, kinds, and with the overlay the phase,
 * scores and the overlay's own marks. In the map's language.
 */
import { ACTOR_KINDS, MISSING_TEXTS, PHASE_TEXTS, SEVERITIES, SEVERITY_TEXTS, STANCES, TRUST_LEVELS, type Lang } from '../analysis'
import { wrapLines } from './fonts'
import { KIND_LETTERS, KIND_NAMES, STANCE_NAMES, TRUST_NAMES, UI, formatNumber } from './labels'
import type { Item } from './scene'
import { CONFLICT_HALO, INK, MISSING_TRUST, MUTED, SEVERITY_COLOR, STANCE_STYLE, TRUST_STYLE } from './style'
import type { ReportInput } from './types'

export const LEGEND_WIDTH = 270
const PAD = 14
const ROW = 21
const SAMPLE = 44

/** Legend items placed at (x, y); returns them and the panel's height. */
export function buildLegend(input: ReportInput, options: { lang: Lang; overlay: boolean }, x: number, y: number): { items: Item[]; height: number } {
  const { lang, overlay } = options
  const items: Item[] = []
  let cy = y + PAD
  const textX = x + PAD + SAMPLE + 10
  const textW = LEGEND_WIDTH - (textX - x) - PAD

  const heading = (text: string, size = 12.5) => {
    cy += size + 6
    items.push({ kind: 'text', x: x + PAD, y: cy, text, size, weight: 'bold', fill: INK, anchor: 'start' })
    cy += 6
  }
  /** One row: a sample drawn by `draw(midY)` and a label, wrapped when long. */
  const row = (label: string, draw?: (midY: number) => Item[]) => {
    // A row without a sample starts at the panel's edge.
    const tx = draw ? textX : x + PAD
    const lines = wrapLines(label, 11, 'regular', draw ? textW : LEGEND_WIDTH - 2 * PAD)
    const mid = cy + ROW / 2
    if (draw) items.push(...draw(mid))
    lines.forEach((line, i) => items.push({ kind: 'text', x: tx, y: mid + 4 + i * 14, text: line, size: 11, weight: 'regular', fill: INK, anchor: 'start' }))
    cy += ROW + (lines.length - 1) * 14
  }

  heading(UI.legend[lang], 15)
  heading(UI.trust[lang])
  for (const trust of [...TRUST_LEVELS].reverse()) {
    const s = TRUST_STYLE[trust]
    row(TRUST_NAMES[trust][lang], (m) => {
      const x0 = x + PAD
      const x1 = x0 + SAMPLE
      const len = 8 + s.width * 1.6
      const half = 3.5 + s.width * 0.9
      return [
        { kind: 'path', d: `M${x0} ${m} L${x1 - len} ${m}`, stroke: s.color, width: s.width, dash: s.dash, cap: s.cap },
        { kind: 'path', d: `M${x1} ${m} L${x1 - len} ${m - half} L${x1 - len} ${m + half} Z`, fill: s.color },
      ]
    })
  }
  heading(UI.stance[lang])
  for (const stance of STANCES) {
    const s = STANCE_STYLE[stance]
    row(STANCE_NAMES[stance][lang], (m) => [{ kind: 'rect', x: x + PAD + 6, y: m - 8, w: SAMPLE - 12, h: 16, rx: 5, fill: s.tint, stroke: s.color, width: 2 }])
  }
  heading(UI.kind[lang])
  for (const kind of ACTOR_KINDS) {
    row(KIND_NAMES[kind][lang], (m) => [
      { kind: 'circle', cx: x + PAD + SAMPLE / 2, cy: m, r: 10, fill: MUTED },
      { kind: 'text', x: x + PAD + SAMPLE / 2, y: m + 4, text: KIND_LETTERS[kind], size: 11, weight: 'bold', fill: '#ffffff', anchor: 'middle' },
    ])
  }

  if (overlay) {
    const a = input.analysis
    heading(UI.analysis[lang])
    const phase = PHASE_TEXTS[a.phase][lang].name
    row(`${UI.phase[lang]}: ${phase}`)
    for (const k of ['focus', 'mass', 'openness'] as const) row(`${MISSING_TEXTS[k][lang].title}: ${formatNumber(a.scores[k], lang)}`)
    row(UI.gapMarker[lang], (m) => [
      { kind: 'circle', cx: x + PAD + SAMPLE / 2, cy: m, r: 10.5, fill: SEVERITY_COLOR.high, stroke: '#ffffff', width: 1.5 },
      { kind: 'text', x: x + PAD + SAMPLE / 2, y: m + 3.8, text: '2', size: 10.5, weight: 'bold', fill: '#ffffff', anchor: 'middle' },
    ])
    for (const severity of SEVERITIES) {
      row(SEVERITY_TEXTS[severity][lang], (m) => [{ kind: 'circle', cx: x + PAD + SAMPLE / 2, cy: m, r: 7, fill: SEVERITY_COLOR[severity] }])
    }
    row(UI.missingTrust[lang], (m) => [
      { kind: 'path', d: `M${x + PAD} ${m} L${x + PAD + SAMPLE} ${m}`, stroke: MISSING_TRUST.color, width: MISSING_TRUST.width, dash: MISSING_TRUST.dash },
    ])
    row(UI.conflictGap[lang], (m) => [
      { kind: 'path', d: `M${x + PAD + 6} ${m} L${x + PAD + SAMPLE - 6} ${m}`, stroke: CONFLICT_HALO.color, width: CONFLICT_HALO.width, opacity: CONFLICT_HALO.opacity, cap: 'round' },
    ])
  }

  const height = cy - y + PAD
  const panel: Item = { kind: 'rect', x, y, w: LEGEND_WIDTH, h: height, rx: 10, fill: '#fbfcfd', stroke: '#d5dde6', width: 1 }
  return { items: [panel, ...items], height }
}
