/**
 * How this browser draws other people's cursors: with their names (tldraw's way), without
 * names, or not at all. In a session of thirty, twenty-nine moving name labels cover the
 * cards and the ring labels on the facilitator's screen; the choice is each person's own and
 * is remembered by the browser.
 *
 * tldraw draws collaborators with overlay utils; ours replace its five by type (cursor, the
 * hint at the edge for a cursor out of view, selection outlines, brush and scribble), reading
 * the choice in `isActive`, so flipping it redraws the overlays without a new editor.
 */
import { atom } from '@tldraw/state'
import {
  CollaboratorBrushOverlayUtil,
  CollaboratorCursorOverlayUtil,
  CollaboratorHintOverlayUtil,
  CollaboratorScribbleOverlayUtil,
  CollaboratorShapeIndicatorOverlayUtil,
} from 'tldraw'

export const OTHERS_CURSORS = ['named', 'plain', 'hidden'] as const
export type OthersCursors = (typeof OTHERS_CURSORS)[number]

const STORAGE_KEY = 'cc:others-cursors'

function stored(): OthersCursors {
  if (typeof localStorage === 'undefined') return 'named'
  const value = localStorage.getItem(STORAGE_KEY)
  return (OTHERS_CURSORS as readonly string[]).includes(value ?? '') ? (value as OthersCursors) : 'named'
}

export const othersCursors = atom<OthersCursors>('others cursors', stored())

export function setOthersCursors(value: OthersCursors): void {
  othersCursors.set(value)
  try {
    localStorage.setItem(STORAGE_KEY, value)
  } catch {
    // Private mode or a full quota: the choice lasts this page.
  }
}

class OthersCursorOverlay extends hiddenWithCursors(CollaboratorCursorOverlayUtil) {
  override getOverlays() {
    const overlays = super.getOverlays()
    if (othersCursors.get() !== 'plain') return overlays
    return overlays.map((o) => ({ ...o, props: { ...o.props, name: null, chatMessage: '' } }))
  }
}

/** Hidden when the choice is "hidden"; the subclass keeps tldraw's static `type`, so it replaces tldraw's. */
function hiddenWithCursors<T extends new (...args: any[]) => { isActive(): boolean }>(Base: T) {
  class HiddenWithCursors extends Base {
    override isActive() {
      return othersCursors.get() !== 'hidden' && super.isActive()
    }
  }
  return HiddenWithCursors
}

/** For `<Tldraw overlayUtils>`: each replaces tldraw's own of the same type. */
export const othersCursorsOverlayUtils = [
  OthersCursorOverlay,
  hiddenWithCursors(CollaboratorHintOverlayUtil),
  hiddenWithCursors(CollaboratorShapeIndicatorOverlayUtil),
  hiddenWithCursors(CollaboratorBrushOverlayUtil),
  hiddenWithCursors(CollaboratorScribbleOverlayUtil),
]
