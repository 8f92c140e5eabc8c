import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { afterQuiet } from './whenIdle'

describe('afterQuiet', () => {
  let target: EventTarget
  beforeEach(() => {
    vi.useFakeTimers()
    target = new EventTarget()
    vi.stubGlobal('window', target)
    // No requestIdleCallback here: whenIdle falls back to a 200 ms timer.
    vi.stubGlobal('requestIdleCallback', undefined)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('runs once the page has had no input for the quiet time, then idles', () => {
    const fn = vi.fn()
    afterQuiet(fn, 3000)
    vi.advanceTimersByTime(2999)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1 + 200)
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(10_000)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('counts the quiet time again from the last input', () => {
    const fn = vi.fn()
    afterQuiet(fn, 3000)
    vi.advanceTimersByTime(2000)
    target.dispatchEvent(new Event('pointermove'))
    vi.advanceTimersByTime(2500)
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(2999 + 200)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(1)
    // It stopped listening: later input changes nothing.
    target.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(10_000)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('removes every listener it added, once it has run', () => {
    const added = vi.spyOn(target, 'addEventListener')
    const removed = vi.spyOn(target, 'removeEventListener')
    afterQuiet(() => {}, 1000)
    expect(added.mock.calls.map((c) => c[0]).sort()).toEqual(['keydown', 'pointerdown', 'pointermove', 'wheel'])
    expect(removed).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1000)
    // The same listener and capture flag, or the browser keeps it.
    expect(removed.mock.calls.map((c) => [c[0], c[1], (c[2] as AddEventListenerOptions).capture]).sort()).toEqual(
      added.mock.calls.map((c) => [c[0], c[1], (c[2] as AddEventListenerOptions).capture]).sort(),
    )
  })

  it('does nothing once cancelled, before or after the quiet time', () => {
    const early = vi.fn()
    afterQuiet(early, 3000)()
    const late = vi.fn()
    const cancelLate = afterQuiet(late, 3000)
    vi.advanceTimersByTime(3100)
    cancelLate()
    vi.advanceTimersByTime(10_000)
    expect(early).not.toHaveBeenCalled()
    expect(late).not.toHaveBeenCalled()
  })
})
