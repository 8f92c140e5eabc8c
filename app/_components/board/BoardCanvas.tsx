'use client'
/**
 * The live board: tldraw on a store bound to the board's Y.Doc. Loaded client-only.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { defaultBindingUtils, getArrowInfo, Tldraw, type Editor, type TLArrowShape } from 'tldraw'
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import 'tldraw/tldraw.css'
import { useI18n } from '@/app/_lib/i18n'
import { loadUser, saveUser, type LocalUser } from '@/app/_lib/user'
import { registerServiceWorker } from '@/app/_lib/serviceWorker'
import { NamePrompt } from '../NamePrompt'
import { StatusBadge } from './StatusBadge'
import { useBoardConnection } from './useBoardConnection'
import { mark } from './boardLink'
import { ActorTool } from '../shapes/ActorShapeUtil'
import { boardShapeUtils } from '../shapes/boardShapeUtils'
import { coalitionComponents, uiOverrides } from './coalitionUi'
import { registerCoalitionSideEffects } from './coalitionSideEffects'
import { Inspector } from './Inspector'
import { Legend } from './Legend'
import { LanguageSwitch } from '../LanguageSwitch'
import { AnalysisPanel } from '../analysis/AnalysisPanel'
import { AnalysisOverlay } from '../analysis/AnalysisOverlay'
import { MovingLinesOverlayUtil } from '../analysis/MovingLinesOverlay'
import { AnalysisContext, type AnalysisView } from '../analysis/AnalysisContext'
import { useAnalysis, useSessionValue } from './useDocState'
import { SessionKey, sessionMap } from '@/lib/doc/schema'
import { setSession } from '../session/SessionContext'
import { LINK_ERROR_TEXT, useBoardAccess } from './useBoardAccess'
import { SessionBar } from '../session/SessionBar'
import { SessionEnvContext, type SessionEnv } from '../session/SessionContext'
import { othersCursorsOverlayUtils } from '../session/othersCursors'
import { tldrawOptionsFor } from './tldrawOptions'
import { skipDropSearchWithoutTargets } from './dropTargets'
import { installBoardSpatialIndex } from './spatialIndex'
import { installBoardCulling } from './culling'
import { installBoardRenderingShapes } from './renderingShapes'
import { tieLineFromCards, warmTieGeometry, zoomToContent } from './tieGeometry'
import { fontUrls, skipFontWarmUp } from './fontWarmUp'
import { LiftedMapOverlay, MapLayer } from './MapLayer'

mark('board-code')
installBoardSpatialIndex()
installBoardCulling()
installBoardRenderingShapes()
const assetUrls = getAssetUrls({ baseUrl: '/tldraw' })
const utils = {
  shapeUtils: boardShapeUtils,
  bindingUtils: [...defaultBindingUtils],
  overlayUtils: [LiftedMapOverlay, MovingLinesOverlayUtil, ...othersCursorsOverlayUtils],
}
const tools = [ActorTool]

/** The analysis panel's width and margins (globals.css, .cc-analysis): the map opens beside it. */
const ANALYSIS_PANEL_SPACE_PX = 346
/** Narrower than this, the map opens over the whole view (the panel is over it anyway). */
const WIDE_SCREEN_PX = 900

type StatusProps = Parameters<typeof StatusBadge>[0]
const StatusContext = createContext<StatusProps | null>(null)

/** tldraw's top-right slot; stable so tldraw does not remount it on every status change. */
function StatusPanel() {
  const status = useContext(StatusContext)
  return (
    <div className="cc-topright">
      {status && <StatusBadge {...status} />}
      <LanguageSwitch compact />
    </div>
  )
}
/** Analysis lines, then a big board's ties (and far out its cards) drawn on one canvas, above them as they are. */
function OnTheCanvas() {
  return (
    <>
      <AnalysisOverlay />
      <MapLayer />
    </>
  )
}
const components = { ...coalitionComponents, SharePanel: StatusPanel, OnTheCanvas, TopPanel: SessionBar }

export default function BoardCanvas({ boardId }: { boardId: string }) {
  const { t, lang } = useI18n()
  const [user, setUser] = useState<LocalUser | null>(null)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [showMetrics, setShowMetrics] = useState(false)
  const [focusedActors, setFocusedActors] = useState<readonly string[]>([])
  useEffect(() => {
    setUser(loadUser())
    return registerServiceWorker(fontUrls(assetUrls))
  }, [])
  const presenceUser = useMemo(() => (user?.name ? user : null), [user])
  const access = useBoardAccess(boardId)
  const readOnlyRef = useRef(true)
  readOnlyRef.current = access.capability === null || access.capability === 'view'
  const board = useBoardConnection(boardId, presenceUser, access.token ?? undefined, readOnlyRef)
  const canFacilitate = access.capability === 'facilitate'
  const locked = useSessionValue(board.doc, SessionKey.lock, false)
  const canEdit =
    board.connection.kind !== 'read-only' &&
    (access.capability === 'facilitate' || (access.capability === 'edit' && !locked))
  const analysis = useAnalysis(board.doc)
  const analysisHidden = useSessionValue(board.doc, SessionKey.analysisHidden, false)
  // Decided once per store, when the board opens: tldraw reads its options at mount.
  const tldrawOptions = useMemo(() => (board.store ? tldrawOptionsFor(board.store) : undefined), [board.store])
  const analysisView = useMemo<AnalysisView>(
    () => ({ ...analysis, hidden: analysisHidden && !canFacilitate, showMetrics, focusedActors }),
    [analysis, analysisHidden, canFacilitate, showMetrics, focusedActors],
  )

  // tldraw's own UI (its people menu, its strings) follows our user and language.
  useEffect(() => {
    if (!editor || !user) return
    editor.user.updateUserPreferences({ id: user.id, name: user.name, color: user.color, locale: lang })
  }, [editor, user, lang])

  // What the link allows, and the lock, decide whether this canvas can be edited.
  // Until the server (or this browser's memory) says what the link allows, nothing is editable.
  useEffect(() => {
    if (!editor) return
    editor.updateInstanceState({ isReadonly: !canEdit })
  }, [editor, canEdit])

  // Others see our capability in the participants list.
  useEffect(() => {
    if (board.provider && access.capability) board.provider.awareness.setLocalStateField('capability', access.capability)
  }, [board.provider, access.capability])

  const sessionEnv = useMemo<SessionEnv | null>(
    () =>
      editor && board.doc && board.provider && access.token && access.capability && user
        ? {
            boardId,
            token: access.token,
            doc: board.doc,
            provider: board.provider,
            editor,
            capability: access.capability,
            user,
            clockOffset: access.clockOffset,
          }
        : null,
    [editor, board.doc, board.provider, access.token, access.capability, access.clockOffset, user, boardId],
  )

  useEffect(() => {
    if (!editor) return
    const undo = [skipDropSearchWithoutTargets(editor), warmTieGeometry(editor)]
    return () => undo.forEach((u) => u())
  }, [editor])

  useEffect(() => {
    if (!editor) return
    return registerCoalitionSideEffects(editor, { onSecondRings: () => setNotice(t('rings.onlyOne')) })
  }, [editor, t])

  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => setNotice(null), 4000)
    return () => clearTimeout(timer)
  }, [notice])

  useEffect(() => {
    if (!editor || !board.doc) return
    ;(window as any).__coalitionCanvas = {
      editor,
      doc: board.doc,
      provider: board.provider,
      // For e2e/big-board: the map's line of a tie where it is meant to be tldraw's own, and
      // tldraw's own (its arrow info, in page space).
      tieLineFromCards: (arrow: TLArrowShape) => tieLineFromCards(editor, arrow, true),
      tldrawTieLine: (arrow: TLArrowShape) => {
        const info = getArrowInfo(editor, arrow)
        const m = editor.getShapePageTransform(arrow)
        return info?.isValid ? { start: m.applyToPoint(info.start.point), end: m.applyToPoint(info.end.point) } : null
      },
    }
  }, [editor, board.doc, board.provider])

  return (
    <div className="cc-board" data-testid="board">
      {board.store ? (
        <SessionEnvContext.Provider value={sessionEnv}>
        <AnalysisContext.Provider value={analysisView}>
        <StatusContext.Provider
          value={{ connection: board.connection, pendingEdits: board.pendingEdits, invalidRecords: board.invalidRecords, viewOnly: access.capability === 'view', editable: access.capability ? canEdit : null }}
        >
        <Tldraw
          store={board.store}
          shapeUtils={utils.shapeUtils}
          bindingUtils={utils.bindingUtils}
          overlayUtils={utils.overlayUtils}
          tools={tools}
          options={tldrawOptions}
          overrides={uiOverrides}
          assetUrls={assetUrls}
          licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY}
          onMount={(mounted) => {
            // Open on the whole map (the rings and everything on them), beside the analysis
            // panel on a wide screen rather than under it.
            mark('editor-mounted')
            skipFontWarmUp(mounted)
            const wide = mounted.getViewportScreenBounds().w >= WIDE_SCREEN_PX
            zoomToContent(mounted, { animation: { duration: 0 } }, wide ? ANALYSIS_PANEL_SPACE_PX : 0)
            setEditor(mounted)
          }}
          components={components}
        />
        </StatusContext.Provider>
        </AnalysisContext.Provider>
        </SessionEnvContext.Provider>
      ) : (
        <div className="cc-loading" data-testid="board-loading">
          {access.error
            ? t(LINK_ERROR_TEXT[access.error])
            : board.connection.kind === 'closed'
              ? t('status.closed', { reason: board.connection.reason })
              : t('board.loading')}
        </div>
      )}
      {editor && board.store && (
        <Inspector
          editor={editor}
          readOnly={!canEdit}
          onSpotlight={
            canFacilitate && board.doc
              ? (actorId) => {
                  const doc = board.doc!
                  const previous = sessionMap(doc).get(SessionKey.spotlight) as { seq?: number } | null | undefined
                  setSession(doc, SessionKey.spotlight, { seq: (previous?.seq ?? 0) + 1, kind: 'actor', id: actorId, actorIds: [actorId] })
                }
              : undefined
          }
        />
      )}
      {editor && board.store && <Legend />}
      {editor && board.store && board.doc && (
        <AnalysisPanel
          editor={editor}
          doc={board.doc}
          canFacilitate={canFacilitate}
          canEdit={canEdit}
          showMetrics={showMetrics}
          onShowMetrics={setShowMetrics}
          onFocusActors={setFocusedActors}
        />
      )}
      {notice && (
        <div className="cc-notice" role="status">
          {notice}
        </div>
      )}
      {user && !user.name && (
        <NamePrompt
          onSave={(name) => {
            const next = { ...user, name }
            saveUser(next)
            setUser(next)
          }}
        />
      )}
    </div>
  )
}
