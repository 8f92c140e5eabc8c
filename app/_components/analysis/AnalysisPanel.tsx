'use client'
/**
 * The analysis the server wrote into the board, for everyone the same: phase and critical
 * mass, trust gaps, network metrics and the spiral timeline. Facilitators can hide it from
 * participants and set the target coalition size.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { SpotlightState } from '@/lib/doc/session'
import { Box, useValue, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { useI18n } from '@/app/_lib/i18n'
import { sessionMap, SessionKey } from '@/lib/doc/schema'
import { ACTOR_TYPE, type ActorShape } from '@/lib/shapes/actor'
import { useAnalysis, useSessionValue, useSpiral } from '../board/useDocState'
import { addRings } from '../board/coalitionUi'
import { currentRings } from '../shapes/roles'
import { GapList } from './GapList'
import { NetworkView } from './NetworkView'
import { PhaseView } from './PhaseView'
import { SpiralTimeline } from './SpiralTimeline'
import { SessionToggle } from '../session/SessionToggle'
import { setSession } from '../session/SessionContext'

type Tab = 'phase' | 'gaps' | 'network' | 'spiral'
const TABS: Tab[] = ['phase', 'gaps', 'network', 'spiral']

export function AnalysisPanel({
  editor,
  doc,
  canFacilitate,
  canEdit,
  showMetrics,
  onShowMetrics,
  onFocusActors,
}: {
  editor: Editor
  doc: Y.Doc
  canFacilitate: boolean
  canEdit: boolean
  showMetrics: boolean
  onShowMetrics(on: boolean): void
  onFocusActors(ids: string[]): void
}) {
  const { t } = useI18n()
  const { core, metrics } = useAnalysis(doc)
  const spiral = useSpiral(doc)
  const hidden = useSessionValue(doc, SessionKey.analysisHidden, false)
  const target = useSessionValue(doc, SessionKey.targetCoalitionSize, 30)
  const hasRings = useValue('has rings', () => currentRings(editor) !== null, [editor])
  const [tab, setTab] = useState<Tab>('phase')
  // A spotlight from the facilitator: everyone looks at the same actors.
  const spotlight = useSessionValue<SpotlightState>(doc, SessionKey.spotlight, null)
  // The spotlight already on when this page opened is not news; every later one is.
  const seenSpotlight = useRef<number | undefined>(undefined)
  if (seenSpotlight.current === undefined) seenSpotlight.current = spotlight?.seq ?? -1
  useEffect(() => {
    if (!spotlight || spotlight.seq === seenSpotlight.current) return
    seenSpotlight.current = spotlight.seq
    zoomToRef.current?.(spotlight.actorIds)
  }, [spotlight])
  const zoomToRef = useRef<((ids: string[]) => void) | null>(null)
  const [open, setOpen] = useState(true)
  useEffect(() => {
    if (window.matchMedia('(max-width: 600px)').matches) setOpen(false)
  }, [])

  const names = useCallback(
    (id: string) => {
      const shape = editor.getShape(id as TLShapeId)
      return shape?.type === ACTOR_TYPE ? (shape as ActorShape).props.name || t('actor.unnamed') : id
    },
    [editor, t],
  )
  const zoomTo = useCallback(
    (ids: string[]) => {
      const bounds = ids.map((id) => editor.getShapePageBounds(id as TLShapeId)).filter((b) => b !== undefined)
      if (bounds.length === 0) return
      // A new box: Box.union changes the box it is called on, here tldraw's cached bounds of
      // the first actor (which then covered every actor of the gap, for hit tests too).
      const box = Box.Common(bounds)
      editor.zoomToBounds(box, { inset: 120, animation: { duration: 300 }, targetZoom: 1 })
      onFocusActors(ids)
    },
    [editor, onFocusActors],
  )
  zoomToRef.current = zoomTo

  if (hidden && !canFacilitate) {
    return (
      <aside className="cc-analysis cc-analysis--hidden" data-testid="analysis-panel" data-hidden="true">
        <p>{t('analysis.hidden')}</p>
      </aside>
    )
  }
  if (!open) {
    return (
      <aside className="cc-analysis cc-analysis--collapsed" data-testid="analysis-panel">
        <button type="button" onClick={() => setOpen(true)} className="cc-analysis__open" data-testid="analysis-open">
          {t('analysis.title')}
          {core && <span className={`cc-phase-chip cc-phase-chip--${core.phase}`}>{t(`analysis.tab.phase`)}: {core.phase}</span>}
        </button>
      </aside>
    )
  }
  return (
    <aside className="cc-analysis" data-testid="analysis-panel" aria-label={t('analysis.title')} onKeyDown={(e) => e.stopPropagation()}>
      <header className="cc-analysis__header">
        <h2>{t('analysis.title')}</h2>
        {canFacilitate && hidden && <span className="cc-badge">{t('analysis.hiddenForOthers')}</span>}
        <button type="button" className="cc-icon-button" aria-label={t('analysis.collapse')} onClick={() => setOpen(false)}>
          –
        </button>
      </header>
      <div role="tablist" className="cc-tabs">
        {TABS.map((id) => (
          <button
            key={id}
            role="tab"
            type="button"
            aria-selected={tab === id}
            className={tab === id ? 'cc-tab cc-tab--active' : 'cc-tab'}
            data-testid={`analysis-tab-${id}`}
            onClick={() => setTab(id)}
          >
            {t(`analysis.tab.${id}`)}
            {id === 'gaps' && core ? ` (${core.gaps.length})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="cc-analysis__body">
        {!hasRings && core?.phase === 'empty' && (
          <div className="cc-analysis__norings">
            <p>{t('analysis.noRings')}</p>
            {canEdit && (
              <button type="button" data-testid="add-rings" onClick={() => addRings(editor)}>
                {t('action.addRings')}
              </button>
            )}
          </div>
        )}
        {!core ? (
          <p className="cc-muted">{t('analysis.waiting')}</p>
        ) : tab === 'phase' ? (
          <PhaseView
            core={core}
            target={target}
            canSetTarget={canFacilitate}
            onTarget={(n) => setSession(doc, SessionKey.targetCoalitionSize, n)}
          />
        ) : tab === 'gaps' ? (
          <GapList
            core={core}
            names={names}
            onZoom={zoomTo}
            onSpotlight={
              canFacilitate
                ? (id, actorIds) => {
                    const previous = sessionMap(doc).get(SessionKey.spotlight) as { seq?: number } | null | undefined
                    setSession(doc, SessionKey.spotlight, { seq: (previous?.seq ?? 0) + 1, kind: 'gap', id, actorIds })
                  }
                : undefined
            }
          />
        ) : tab === 'network' ? (
          <NetworkView metrics={metrics} names={names} showOnMap={showMetrics} onShowOnMap={onShowMetrics} onZoom={zoomTo} />
        ) : (
          <SpiralTimeline points={spiral} />
        )}
      </div>
      {canFacilitate && (
        <footer className="cc-analysis__footer">
          <SessionToggle doc={doc} sessionKey={SessionKey.analysisHidden} checked={hidden} testId="hide-analysis" className="cc-toggle">
            {t('analysis.hide')}
          </SessionToggle>
        </footer>
      )}
    </aside>
  )
}
