import type { TLStore, TldrawOptions } from 'tldraw'
import { BIG_BOARD_SHAPES } from './renderingShapes'

/**
 * tldraw's options for every canvas of a board (one object, so its identity never changes).
 * tldraw stops adding shapes at 4,000 per page; a big coalition (1,000 actors and 3,000 ties
 * drawn as arrows) is already past that, with room needed for stickies and drawings.
 */
export const boardTldrawOptions: Partial<TldrawOptions> = {
  maxShapesPerPage: 20_000,
}

/**
 * A big board's: tldraw shows the canvas at once instead of first asking every shape on the
 * page which fonts it needs and waiting for them (as tldraw itself does when a page needs
 * many). That scan read all 4,001 shapes of the 1,000-actor board (~50 ms, profile) and put
 * a loading screen and a second render before the canvas; cards and ties need no font of
 * tldraw's, and a sticky's text shows in the fallback font until tldraw's fonts (requested
 * on mount anyway) arrive from our own origin.
 */
export const bigBoardTldrawOptions: Partial<TldrawOptions> = {
  ...boardTldrawOptions,
  maxFontsToLoadBeforeRender: 0,
}

/** The options for a canvas on this store, by the board's size when it opens. */
export function tldrawOptionsFor(store: TLStore): Partial<TldrawOptions> {
  let shapes = 0
  for (const record of store.allRecords()) if (record.typeName === 'shape' && ++shapes >= BIG_BOARD_SHAPES) return bigBoardTldrawOptions
  return boardTldrawOptions
}
