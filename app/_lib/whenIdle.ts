/**
 * Calls `fn` once the browser is first idle (requestIdleCallback; a short timer where there
 * is none, as in Safari); returns a function that cancels it. For work a board wants soon but
 * not during its first frames (deferredFonts.ts, deferredSvgDefs.tsx).
 */
export function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn)
    return () => cancelIdleCallback(id)
  }
  const timer = setTimeout(fn, 200)
  return () => clearTimeout(timer)
}
