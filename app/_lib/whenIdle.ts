/**
 * Calls `fn` once the browser is first idle (requestIdleCallback; a short timer where there
 * is none, as in Safari); returns a function that cancels it. For work a board wants soon but
 * not during its first frames (deferredSvgDefs.tsx).
 */
export function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn)
    return () => cancelIdleCallback(id)
  }
  const timer = setTimeout(fn, 200)
  return () => clearTimeout(timer)
}

/** What counts as someone using the page. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const

/**
 * Calls `fn` once nobody has used the page (pointer, keys, wheel) for `quietMs`, counted from
 * now, and the browser is then idle; returns a function that cancels it. For work that only
 * matters later and would otherwise compete with someone's first gestures for the CPU: the
 * browser idles between two frames of a drag too, so `whenIdle` alone lands in them.
 */
export function afterQuiet(fn: () => void, quietMs: number): () => void {
  let lastInput = performance.now()
  const onInput = () => {
    lastInput = performance.now()
  }
  for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true })
  let cancelIdle: (() => void) | null = null
  // One timer, re-armed for the rest of the quiet time when input came meanwhile (not one per event).
  let timer = setTimeout(check, quietMs)
  function check() {
    const quietFor = performance.now() - lastInput
    if (quietFor < quietMs) {
      timer = setTimeout(check, quietMs - quietFor)
      return
    }
    stopListening()
    cancelIdle = whenIdle(fn)
  }
  function stopListening() {
    clearTimeout(timer)
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true })
  }
  return () => {
    stopListening()
    cancelIdle?.()
  }
}
