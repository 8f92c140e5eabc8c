'use client'
/**
 * tldraw UI additions: the actor tool (toolbar and shortcut C), adding the coalition rings,
 * and our labels in tldraw's own translation tables (served with its strings from our origin).
 */
import {
  createShapeId,
  DefaultStylePanel,
  DefaultToolbar,
  DefaultToolbarContent,
  TldrawUiMenuItem,
  useEditor,
  useIsToolSelected,
  useTools,
  useValue,
  type Editor,
  type TLComponents,
  type TLUiStylePanelProps,
  type TLUiOverrides,
} from 'tldraw'
import { translate, type Language } from '@/lib/i18n'
import { DEFAULT_RINGS, RINGS_TYPE } from '@/lib/shapes/rings'
import { focusInspector, INSPECTOR_KBD } from './Inspector'
import { ACTOR_TYPE } from '@/lib/shapes/actor'
import { KindIcon } from '../shapes/KindIcon'
import { currentRings } from '../shapes/roles'

export const ACTOR_TOOL_KBD = 'c'

/** Rings centred on the viewport, at the bottom of the stack, when the page has none. */
export function addRings(editor: Editor): boolean {
  if (currentRings(editor)) return false
  const centre = editor.getViewportPageBounds().center
  const id = createShapeId()
  editor.run(() => {
    editor.createShape({
      id,
      type: RINGS_TYPE,
      x: centre.x - DEFAULT_RINGS.size / 2,
      y: centre.y - DEFAULT_RINGS.size / 2,
      props: { ...DEFAULT_RINGS },
    })
    editor.sendToBack([id])
  })
  return true
}

const ringsIcon = (
  <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
    <circle cx="12" cy="12" r="10" />
    <circle cx="12" cy="12" r="6" />
    <circle cx="12" cy="12" r="2" />
  </svg>
)

/** tldraw's own Dutch leaves these in English (its nl.json, tldraw 5.4). */
const TLDRAW_DUTCH_GAPS = {
  'tool.cloud': 'Wolk',
  'geo-style.cloud': 'Wolk',
  'tool.x-box': 'Kruisvak',
  'geo-style.x-box': 'Kruisvak',
}

function tldrawStrings(lang: Language) {
  return {
    ...(lang === 'nl' ? TLDRAW_DUTCH_GAPS : {}),
    'tool.actor': translate(lang, 'tool.actor'),
    'tool.rings': translate(lang, 'action.addRings'),
    'action.inspect': translate(lang, 'action.inspect'),
  }
}

export const uiOverrides: TLUiOverrides = {
  tools(editor, tools) {
    tools[ACTOR_TYPE] = {
      id: ACTOR_TYPE,
      label: 'tool.actor' as never,
      icon: <KindIcon kind="organisation" />,
      kbd: ACTOR_TOOL_KBD,
      onSelect: () => editor.setCurrentTool(ACTOR_TYPE),
    }
    tools[RINGS_TYPE] = {
      id: RINGS_TYPE,
      label: 'tool.rings' as never,
      icon: ringsIcon,
      onSelect: () => void addRings(editor),
    }
    return tools
  },
  actions(editor, actions) {
    actions['cc-inspect'] = {
      id: 'cc-inspect',
      label: 'action.inspect' as never,
      kbd: INSPECTOR_KBD,
      onSelect: () => void focusInspector(editor.getContainer()),
    }
    return actions
  },
  translations: { en: tldrawStrings('en'), nl: tldrawStrings('nl') },
}

function CoalitionToolbar() {
  const editor = useEditor()
  const tools = useTools()
  const actorSelected = useIsToolSelected(tools[ACTOR_TYPE])
  const hasRings = useValue('has rings', () => currentRings(editor) !== null, [editor])
  return (
    <DefaultToolbar>
      <TldrawUiMenuItem {...tools[ACTOR_TYPE]} isSelected={actorSelected} />
      {!hasRings && <TldrawUiMenuItem {...tools[RINGS_TYPE]} />}
      <DefaultToolbarContent />
    </DefaultToolbar>
  )
}

/**
 * tldraw's style panel is for free content. Actors have no styles and a tie's look follows
 * its trust (set in the inspector, which takes this place on the right), so it stays away
 * for them.
 */
function StylePanelForFreeContent(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const show = useValue(
    'style panel shown',
    () => {
      const selected = editor.getSelectedShapes()
      if (selected.length === 0) return editor.getCurrentToolId() !== 'select' && editor.getCurrentToolId() !== ACTOR_TYPE
      return selected.some((s) => s.type !== ACTOR_TYPE && s.type !== RINGS_TYPE && !(s.type === 'arrow' && (s.meta as { tie?: unknown }).tie))
    },
    [editor],
  )
  return show ? <DefaultStylePanel {...props} /> : null
}

export const coalitionComponents: Partial<TLComponents> = {
  Toolbar: CoalitionToolbar,
  StylePanel: StylePanelForFreeContent,
}
