'use client'
/**
 * The big screen: the coalition map fitted to the projector and following changes live,
 * with the phase, the critical mass checklist, the top gaps, the timer, and a QR code plus
 * the link to join. Opened by a facilitator; it never writes and has no cursor of its own.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { atom, defaultBindingUtils, Tldraw, type Editor, type TLShape } from 'tldraw'
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { skipFontWarmUp } from '../board/fontWarmUp'
import 'tldraw/tldraw.css'
import { useI18n } from '@/app/_lib/i18n'
import { boardLinks } from '@/app/_lib/api'
import { describeGap, MISSING_TEXTS, PHASE_TEXTS } from '@/lib/analysis'
import { SessionKey } from '@/lib/doc/schema'
import { boardShapeUtils } from '../shapes/boardShapeUtils'
import { useBoardConnection } from '../board/useBoardConnection'
import { LINK_ERROR_TEXT, useBoardAccess } from '../board/useBoardAccess'
import { useAnalysis, useSessionValue } from '../board/useDocState'
import { AnalysisOverlay } from '../analysis/AnalysisOverlay'
import { MovingLinesOverlayUtil } from '../analysis/MovingLinesOverlay'
import { AnalysisContext, type AnalysisView } from '../analysis/AnalysisContext'
import { QrCode } from '../session/ShareDialog'
import { TimerControl } from '../session/Timer'
import type { ActorShape } from '@/lib/shapes/actor'
import { tldrawOptionsFor } from '@/app/_components/board/tldrawOptions'
import { installBoardSpatialIndex } from '@/app/_components/board/spatialIndex'
import { installBoardCulling } from '@/app/_components/board/culling'
import { installBoardRenderingShapes } from '@/app/_components/board/renderingShapes'
import { zoomToContent } from '@/app/_components/board/tieGeometry'
import { LiftedMapOverlay, MapLayer } from '@/app/_components/board/MapLayer'

const assetUrls = getAssetUrls({ baseUrl: '/tldraw' })
installBoardSpatialIndex()
installBoardCulling()
installBoardRenderingShapes()
const utils = { shapeUtils: boardShapeUtils, bindingUtils: [...defaultBindingUtils], overlayUtils: [LiftedMapOverlay, MovingLinesOverlayUtil] }
/** As on the board (BoardCanvas.tsx): a big board's ties, and far out its cards, on one canvas. */
function OnTheCanvas() {
  return (
    <>
      <AnalysisOverlay />
      <MapLayer />
    </>
  )
}
const components = { OnTheCanvas }
const CHECKS = ['focus', 'allies', 'mass', 'openness'] as const
const NEVER_WRITES = { current: true }

export default function PresentView({ boardId }: { boardId: string }) {
  const { t, lang } = useI18n()
  const access = useBoardAccess(boardId, { hideLink: true })
  // The big screen has no presence of its own and draws nobody's cursor.
  const board = useBoardConnection(boardId, null, access.token ?? undefined, NEVER_WRITES, false)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [joinLink, setJoinLink] = useState<string | null>(null)
  const { core, metrics } = useAnalysis(board.doc)
  const hideTrust = useSessionValue(board.doc, SessionKey.presentHidesTrust, false)
  // tldraw builds a new editor when its options change, so the visibility rule is one stable
  // function reading a signal; flipping the signal re-renders the shapes, not the editor.
  const [hideTrustSignal] = useState(() => atom('present hides trust', false))
  useEffect(() => {
    hideTrustSignal.set(hideTrust)
  }, [hideTrust, hideTrustSignal])
  const getShapeVisibility = useCallback(
    (shape: TLShape) => (hideTrustSignal.get() && shape.type === 'arrow' ? 'hidden' : 'inherit') as 'hidden' | 'inherit',
    [hideTrustSignal],
  )
  // Decided once per store, when the board opens: tldraw reads its options at mount.
  const tldrawOptions = useMemo(() => (board.store ? tldrawOptionsFor(board.store) : undefined), [board.store])
  const analysisView = useMemo<AnalysisView>(
    () => ({ core: hideTrust ? null : core, metrics, hidden: hideTrust, showMetrics: false, focusedActors: [] }),
    [core, metrics, hideTrust],
  )

  useEffect(() => {
    if (access.token && access.capability === 'facilitate') boardLinks(boardId, access.token).then((r) => setJoinLink(r.links.join), () => {})
  }, [boardId, access.token, access.capability])

  // Keep the whole map on screen as it changes.
  useEffect(() => {
    if (!editor) return
    editor.updateInstanceState({ isReadonly: true })
    let timer: ReturnType<typeof setTimeout> | null = null
    const fit = () => zoomToContent(editor, { animation: { duration: 300 } })
    fit()
    const stop = editor.store.listen(() => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(fit, 400)
    }, { scope: 'document' })
    const onResize = () => fit()
    window.addEventListener('resize', onResize)
    return () => {
      stop()
      window.removeEventListener('resize', onResize)
      if (timer) clearTimeout(timer)
    }
  }, [editor])

  const names = (id: string) => {
    const shape = editor?.getShape(id as TLShape['id'])
    return (shape as ActorShape | undefined)?.props?.name || t('actor.unnamed')
  }
  if (access.error) return <main className="cc-page">{t(LINK_ERROR_TEXT[access.error])}</main>
  return (
    <div className="cc-present" data-testid="present-view">
      <div className="cc-present__map">
        {board.store ? (
          <AnalysisContext.Provider value={analysisView}>
            <Tldraw
              store={board.store}
              shapeUtils={utils.shapeUtils}
              bindingUtils={utils.bindingUtils}
              overlayUtils={utils.overlayUtils}
              assetUrls={assetUrls}
              options={tldrawOptions}
              licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY}
              hideUi
              components={components}
              // A projector is public: trust levels can be kept off it.
              getShapeVisibility={getShapeVisibility}
              onMount={(e) => {
                skipFontWarmUp(e)
                ;(window as any).__coalitionCanvas = { editor: e, doc: board.doc, awareness: board.provider?.awareness }
                setEditor(e)
              }}
            />
          </AnalysisContext.Provider>
        ) : (
          <p className="cc-loading">{t('board.loading')}</p>
        )}
      </div>
      <aside className="cc-present__side">
        {board.doc && <TimerControl doc={board.doc} clockOffset={access.clockOffset} canFacilitate={false} large />}
        {core && (
          <section>
            <p className="cc-present__label">{t('analysis.phase')}</p>
            <p className={`cc-present__phase cc-phase__name--${core.phase}`} data-testid="present-phase">
              {PHASE_TEXTS[core.phase][lang].name}
            </p>
            <ul className="cc-present__checks">
              {CHECKS.map((item) => {
                const missing = core.criticalMass.missing.includes(item)
                return (
                  <li key={item} className={missing ? 'cc-checklist__missing' : 'cc-checklist__ok'}>
                    {missing ? '○' : '✓'} {MISSING_TEXTS[item][lang].title}
                  </li>
                )
              })}
            </ul>
            {!hideTrust && core.gaps.length > 0 && (
              <>
                <p className="cc-present__label">{t('present.topGaps')}</p>
                <ol className="cc-present__gaps">
                  {core.gaps.slice(0, 3).map((gap) => (
                    <li key={gap.id}>{describeGap(gap, names, lang).title}: {gap.actors.slice(0, 3).map(names).join(', ')}</li>
                  ))}
                </ol>
              </>
            )}
          </section>
        )}
        {joinLink && (
          <section className="cc-present__join">
            <p className="cc-present__label">{t('present.scan')}</p>
            <QrCode text={joinLink} size={260} testId="present-qr" />
            <p className="cc-present__url" data-testid="present-join-link">
              {t('present.orGo')} {joinLink}
            </p>
          </section>
        )}
      </aside>
    </div>
  )
}
