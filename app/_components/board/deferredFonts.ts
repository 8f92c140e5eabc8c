/**
 * tldraw asks for all 16 of its font files when the editor mounts (4 families, regular, bold
 * and italics: 1.5 MB), whatever the board uses. Their download and decoding landed in a
 * user's first gestures. Here that request is taken from tldraw's queue before it runs (it
 * waits for a microtask; `onMount` runs first) and made again once the browser is idle.
 *
 * Text on the board does not wait: before the first render tldraw loads the fonts the page's
 * shapes use (a small page; a big one shows them in the fallback font first, as
 * `maxFontsToLoadBeforeRender` decides), and a shape re-renders when its font arrives.
 */
import type { Editor } from 'tldraw'
import { whenIdle } from '@/app/_lib/whenIdle'

interface FontQueue {
  fontsToLoad?: unknown
  requestFonts(fonts: unknown[]): void
}

/** Returns a function that cancels the later request (the editor's unmount). */
export function deferFontPreload(editor: Editor): () => void {
  const fonts = editor.fonts as unknown as FontQueue
  const queue = fonts.fontsToLoad
  if (!(queue instanceof Set) || queue.size === 0) return () => {}
  const later = [...queue]
  queue.clear()
  return whenIdle(() => {
    if (!editor.isDisposed) fonts.requestFonts(later)
  })
}
