'use client'
/**
 * The analysis drawn on the canvas, in page space: a marker on each actor a gap concerns, a
 * dashed "missing trust" line between core actors that lack trust, red for conflicts, the
 * bridge and its dependents highlighted, and on demand betweenness halos and community
 * colours. Each piece follows only its own actors, so one moved card or one changed gap
 * re-renders one piece, not the board.
 */
import { memo, useMemo } from 'react'
import { unsafe__withoutCapture, useEditor, useValue, type TLShapeId } from 'tldraw'
import { currentRings } from '../shapes/roles'
import type { Gap } from '@/lib/analysis'
import { useAnalysisView } from './AnalysisContext'

const SEVERITY_COLOUR: Record<string, string> = {
  critical: '#c92a2a',
  high: '#e8590c',
  medium: '#f59f00',
  low: '#1c7ed6',
  info: '#868e96',
}
const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info']
const COMMUNITY_COLOURS = ['#748ffc', '#63e6be', '#ffa94d', '#f783ac', '#a9e34b', '#66d9e8', '#e599f7', '#ffd43b']

function useBounds(id: string) {
  const editor = useEditor()
  return useValue(
    `bounds ${id}`,
    () => {
      const b = editor.getShapePageBounds(id as TLShapeId)
      return b ? { x: b.x, y: b.y, w: b.w, h: b.h, cx: b.center.x, cy: b.center.y } : null
    },
    [editor, id],
  )
}

const ActorMarker = memo(function ActorMarker({ id, severity, count, focused }: { id: string; severity: string; count: number; focused: boolean }) {
  const b = useBounds(id)
  if (!b) return null
  const colour = SEVERITY_COLOUR[severity]
  return (
    <g data-testid="gap-marker" data-actor={id} data-severity={severity}>
      {focused && <rect x={b.x - 14} y={b.y - 14} width={b.w + 28} height={b.h + 28} rx={16} fill="none" stroke={colour} strokeWidth={6} strokeDasharray="4 8" />}
      <circle cx={b.x + b.w} cy={b.y} r={16} fill={colour} stroke="white" strokeWidth={3} />
      <text x={b.x + b.w} y={b.y + 6} textAnchor="middle" fontSize={17} fontWeight={800} fill="white" fontFamily="system-ui, sans-serif">
        {count > 9 ? '9+' : count}
      </text>
    </g>
  )
})

const PairLine = memo(function PairLine({ a, b, kind }: { a: string; b: string; kind: string }) {
  const pa = useBounds(a)
  const pb = useBounds(b)
  if (!pa || !pb) return null
  const conflict = kind.endsWith('conflict')
  return (
    <line
      data-testid={conflict ? 'conflict-line' : 'missing-trust-line'}
      x1={pa.cx}
      y1={pa.cy}
      x2={pb.cx}
      y2={pb.cy}
      stroke={conflict ? '#e03131' : '#868e96'}
      strokeOpacity={conflict ? 0.35 : 0.9}
      strokeWidth={conflict ? 18 : 4}
      strokeDasharray={conflict ? undefined : '14 12'}
      strokeLinecap="round"
    />
  )
})

const BridgeHalo = memo(function BridgeHalo({ id, role }: { id: string; role: 'bridge' | 'dependent' }) {
  const b = useBounds(id)
  if (!b) return null
  return (
    <rect
      data-testid={role === 'bridge' ? 'bridge-halo' : 'dependent-halo'}
      x={b.x - 8}
      y={b.y - 8}
      width={b.w + 16}
      height={b.h + 16}
      rx={14}
      fill="none"
      stroke="#f59f00"
      strokeWidth={role === 'bridge' ? 8 : 3}
      strokeDasharray={role === 'bridge' ? undefined : '6 6'}
    />
  )
})

const MetricHalo = memo(function MetricHalo({ id, betweenness, community }: { id: string; betweenness: number; community: number }) {
  const b = useBounds(id)
  if (!b) return null
  const r = Math.max(b.w, b.h) / 2 + 10 + 90 * Math.sqrt(betweenness)
  return (
    <circle
      data-testid="metric-halo"
      cx={b.cx}
      cy={b.cy}
      r={r}
      fill={COMMUNITY_COLOURS[community % COMMUNITY_COLOURS.length]}
      fillOpacity={0.25}
      stroke={COMMUNITY_COLOURS[community % COMMUNITY_COLOURS.length]}
      strokeWidth={2}
    />
  )
})

function summarise(gaps: readonly Gap[]) {
  const perActor = new Map<string, { severity: string; count: number }>()
  const pairs: { key: string; a: string; b: string; kind: string }[] = []
  const bridges: { id: string; role: 'bridge' | 'dependent' }[] = []
  for (const gap of gaps) {
    for (const id of gap.actors) {
      const current = perActor.get(id)
      const worse = !current || SEVERITY_RANK.indexOf(gap.severity) < SEVERITY_RANK.indexOf(current.severity)
      perActor.set(id, { severity: worse ? gap.severity : current!.severity, count: (current?.count ?? 0) + 1 })
    }
    if (gap.kind === 'core-distrust' || gap.kind === 'core-conflict' || gap.kind === 'coalition-conflict') {
      pairs.push({ key: gap.id, a: gap.actors[0], b: gap.actors[1], kind: gap.kind })
    }
    if (gap.kind === 'single-bridge') {
      bridges.push({ id: gap.actors[0], role: 'bridge' })
      for (const dependent of gap.actors.slice(1)) bridges.push({ id: dependent, role: 'dependent' })
    }
  }
  return { perActor, pairs, bridges }
}

const layerStyle = (zIndex: number) =>
  ({ position: 'absolute', left: 0, top: 0, width: 1, height: 1, overflow: 'visible', pointerEvents: 'none', zIndex }) as const

export function AnalysisOverlay() {
  const view = useAnalysisView()
  const editor = useEditor()
  const gaps = view?.core?.gaps
  const summary = useMemo(() => summarise(gaps ?? []), [gaps])
  // Lines and halos go just above the rings and below the cards and ties; markers on top.
  const ringsId = useValue('rings id', () => currentRings(editor)?.id ?? null, [editor])
  // Read once per rings change, not tracked: rendering order depends on every shape.
  const underIndex = useMemo(
    () =>
      unsafe__withoutCapture(() => {
        const rings = editor.getRenderingShapes().find((r) => r.id === ringsId)
        return rings ? rings.index + 1 : 1
      }),
    [editor, ringsId],
  )
  if (!view || view.hidden || !view.core) return null
  const focused = new Set(view.focusedActors)
  return (
    <>
    <svg className="cc-overlay" data-testid="analysis-overlay-under" style={layerStyle(underIndex)}>
      {view.showMetrics &&
        view.metrics &&
        Object.entries(view.metrics.actors).map(([id, m]) => <MetricHalo key={`m-${id}`} id={id} betweenness={m.betweenness} community={m.community} />)}
      {summary.pairs.map((p) => (
        <PairLine key={p.key} a={p.a} b={p.b} kind={p.kind} />
      ))}
      {summary.bridges.map((b) => (
        <BridgeHalo key={`${b.role}-${b.id}`} id={b.id} role={b.role} />
      ))}
    </svg>
    <svg className="cc-overlay" data-testid="analysis-overlay" style={layerStyle(100_000)}>
      {[...summary.perActor.entries()].map(([id, m]) => (
        <ActorMarker key={`g-${id}`} id={id} severity={m.severity} count={m.count} focused={focused.has(id)} />
      ))}
    </svg>
    </>
  )
}
