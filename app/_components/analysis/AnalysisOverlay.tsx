'use client'
/**
 * The analysis drawn on the canvas, in page space: a marker on each actor a gap concerns, a
 * dashed "missing trust" line between core actors that lack trust, red for conflicts, the
 * bridge and its dependents highlighted, and on demand betweenness halos and community
 * colours. Each piece follows only its own actors, so one moved card or one changed gap
 * re-renders one piece, not the board.
 *
 * On the 1,000-actor board (~500 lines, 100 markers) the overlay was one page-wide <svg> for
 * lines and halos and one for markers. Dragging a card with gap lines changed them on every
 * frame, and Chromium painted and rasterised that whole <svg> again each time: 5-10 frames a
 * second (frame p50 100-250 ms in the browser bench's drag of such a card; without those
 * lines, 16.7 ms). Now:
 * - lines that stay still share one <svg> (one piece for the page's paint, unchanged by the
 *   drag); the lines of a selected actor, or of one someone else is moving, are drawn on
 *   tldraw's overlay canvas while they may move (MovingLinesOverlay.ts);
 * - markers and halos are each a small <svg> at their own box, on a layer of their own while
 *   their actor is selected, so a moved one repaints its own box only.
 */
import { memo, useLayoutEffect, useMemo, type ReactNode } from 'react'
import { unsafe__withoutCapture, useEditor, useValue, type TLShapeId } from 'tldraw'
import { movedByOthers as movedByOthersOf } from '../shapes/movedByOthers'
import { currentRings } from '../shapes/roles'
import { liftedStyle } from '../shapes/shapeView'
import type { Gap } from '@/lib/analysis'
import { useAnalysisView } from './AnalysisContext'
import { isConflict, lineStyle, type OverlayPair } from './lineStyle'
import { setMovingLines } from './MovingLinesOverlay'

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

/**
 * One piece of the overlay: an <svg> covering the page box (x, y, w, h); children drawn in
 * page coordinates. `lifted`: its actor is selected or moved by someone else, so it may move.
 */
function Piece({ x, y, w, h, lifted, children }: { x: number; y: number; w: number; h: number; lifted: boolean; children: ReactNode }) {
  return (
    <svg
      className="cc-overlay-piece"
      width={Math.max(1, w)}
      height={Math.max(1, h)}
      style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible', transform: `translate(${x}px, ${y}px)`, ...(lifted ? liftedStyle : null) }}
    >
      <g transform={`translate(${-x} ${-y})`}>{children}</g>
    </svg>
  )
}

const ActorMarker = memo(function ActorMarker({ id, severity, count, focused, lifted }: { id: string; severity: string; count: number; focused: boolean; lifted: boolean }) {
  const b = useBounds(id)
  if (!b) return null
  const colour = SEVERITY_COLOUR[severity]
  // The badge (r 16, stroke 3) on the card's top-right corner; the focus ring 14 around the card.
  const box = focused ? { x: b.x - 20, y: b.y - 20, w: b.w + 40, h: b.h + 40 } : { x: b.x + b.w - 20, y: b.y - 20, w: 40, h: 40 }
  return (
    <Piece {...box} lifted={lifted}>
      <g data-testid="gap-marker" data-actor={id} data-severity={severity}>
        {focused && <rect x={b.x - 14} y={b.y - 14} width={b.w + 28} height={b.h + 28} rx={16} fill="none" stroke={colour} strokeWidth={6} strokeDasharray="4 8" />}
        <circle cx={b.x + b.w} cy={b.y} r={16} fill={colour} stroke="white" strokeWidth={3} />
        <text x={b.x + b.w} y={b.y + 6} textAnchor="middle" fontSize={17} fontWeight={800} fill="white" fontFamily="system-ui, sans-serif">
          {count > 9 ? '9+' : count}
        </text>
      </g>
    </Piece>
  )
})

/** A line between two actors' centres, in the overlay's one <svg> of lines that stay still. */
const StillLine = memo(function StillLine({ pair }: { pair: OverlayPair }) {
  const pa = useBounds(pair.a)
  const pb = useBounds(pair.b)
  if (!pa || !pb) return null
  const conflict = isConflict(pair)
  const style = lineStyle(conflict)
  return (
    <line
      data-testid={conflict ? 'conflict-line' : 'missing-trust-line'}
      x1={pa.cx}
      y1={pa.cy}
      x2={pb.cx}
      y2={pb.cy}
      stroke={style.colour}
      strokeOpacity={style.opacity}
      strokeWidth={style.width}
      strokeDasharray={style.dash?.join(' ')}
      strokeLinecap="round"
    />
  )
})

const BridgeHalo = memo(function BridgeHalo({ id, role, lifted }: { id: string; role: 'bridge' | 'dependent'; lifted: boolean }) {
  const b = useBounds(id)
  if (!b) return null
  return (
    <Piece x={b.x - 14} y={b.y - 14} w={b.w + 28} h={b.h + 28} lifted={lifted}>
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
    </Piece>
  )
})

const MetricHalo = memo(function MetricHalo({ id, betweenness, community, lifted }: { id: string; betweenness: number; community: number; lifted: boolean }) {
  const b = useBounds(id)
  if (!b) return null
  const r = Math.max(b.w, b.h) / 2 + 10 + 90 * Math.sqrt(betweenness)
  return (
    <Piece x={b.cx - r - 2} y={b.cy - r - 2} w={2 * r + 4} h={2 * r + 4} lifted={lifted}>
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
    </Piece>
  )
})

function summarise(gaps: readonly Gap[]) {
  const perActor = new Map<string, { severity: string; count: number }>()
  const pairs: OverlayPair[] = []
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
  const selected = useValue('selected ids', () => editor.getSelectedShapeIds(), [editor])
  const movedByOthers = useValue('moved by others', () => movedByOthersOf(editor), [editor])
  // A selected actor's pieces (a drag may move them), and those of an actor someone else moves.
  const isMoving = (id: string) => selected.includes(id as TLShapeId) || movedByOthers.has(id as TLShapeId)
  const moves = (p: OverlayPair) => isMoving(p.a) || isMoving(p.b)
  // `moves` reads exactly these; a new array only when one of them changes.
  const movingPairs = useMemo(() => summary.pairs.filter(moves), [summary, selected, movedByOthers])
  const shown = !!view && !view.hidden && !!view.core
  // The moving lines are drawn on tldraw's overlay canvas (MovingLinesOverlay.ts).
  useLayoutEffect(() => {
    setMovingLines(editor, shown ? movingPairs : [])
    return () => setMovingLines(editor, [])
  }, [editor, movingPairs, shown])
  if (!view || !shown) return null
  const focused = new Set(view.focusedActors)
  return (
    <>
    <div className="cc-overlay" data-testid="analysis-overlay-under" style={layerStyle(underIndex)}>
      {view.showMetrics &&
        view.metrics &&
        Object.entries(view.metrics.actors).map(([id, m]) => <MetricHalo key={`m-${id}`} id={id} betweenness={m.betweenness} community={m.community} lifted={isMoving(id)} />)}
      <svg style={{ position: 'absolute', left: 0, top: 0, width: 1, height: 1, overflow: 'visible' }}>
        {summary.pairs.map((p) => !moves(p) && <StillLine key={p.key} pair={p} />)}
      </svg>
      {summary.bridges.map((b) => (
        <BridgeHalo key={`${b.role}-${b.id}`} id={b.id} role={b.role} lifted={isMoving(b.id)} />
      ))}
    </div>
    <div className="cc-overlay" data-testid="analysis-overlay" style={layerStyle(100_000)}>
      {[...summary.perActor.entries()].map(([id, m]) => (
        <ActorMarker key={`g-${id}`} id={id} severity={m.severity} count={m.count} focused={focused.has(id)} lifted={isMoving(id)} />
      ))}
    </div>
    </>
  )
}
