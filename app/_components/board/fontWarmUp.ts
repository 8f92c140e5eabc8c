/**
 * tldraw asks for all 16 of its font files when the editor mounts (4 families, regular, bold
 * and italics: 1.5 MB), whatever the board uses. Decoding them took the browser's second
 * core for ~200 ms (and relaid the page's text out twice) during a visitor's first gestures,
 * on a board whose cards and panels use the system's fonts. Here that warm-up is taken from
 * tldraw's queue before it runs (it waits for a microtask; `onMount` runs first) and dropped.
 *
 * Text on the board does not go without: before the first render tldraw loads the fonts the
 * page's shapes use (a small page; a big one shows them in the fallback font first, as
 * `maxFontsToLoadBeforeRender` decides), and each shape asks for its own fonts when it mounts
 * (a sticky written later, a text scrolled into view). For a reload with no network the
 * service worker keeps every font file in its cache (`fontUrls`, app/_lib/serviceWorker.ts),
 * fetched there, not decoded on the page.
 */
import type { Editor } from 'tldraw'

interface FontQueue {
  fontsToLoad?: unknown
}

/** Drops tldraw's request for all its fonts, made as the editor mounts (see the module comment). */
export function skipFontWarmUp(editor: Editor): void {
  const queue = (editor.fonts as unknown as FontQueue).fontsToLoad
  if (queue instanceof Set) queue.clear()
}

/** The font files of tldraw's asset URLs, for the service worker's cache. */
export function fontUrls(assetUrls: { fonts?: Record<string, string | undefined> }): string[] {
  return Object.values(assetUrls.fonts ?? {}).filter((url): url is string => typeof url === 'string')
}
