import type { TldrawOptions } from 'tldraw'

/**
 * tldraw's options for every canvas of a board (one object, so its identity never changes).
 * tldraw stops adding shapes at 4,000 per page; a big coalition (1,000 actors and 3,000 ties
 * drawn as arrows) is already past that, with room needed for stickies and drawings.
 */
export const boardTldrawOptions: Partial<TldrawOptions> = {
  maxShapesPerPage: 20_000,
}
