'use client'
/**
 * tldraw's pattern fill, mounted only once a shape on the board uses it, and not before the
 * browser is first idle.
 *
 * Geo, draw and arrow shapes share one canvas definition, the hatching of the "pattern"
 * fill. Mounting it draws and PNG-encodes a tile for every zoom level and both themes
 * (sixteen canvases up to 1,024 px): 250 ms of the main thread while a 1,000-actor board
 * opens (profile), for a fill that coalition maps rarely use. Deferred to the first idle
 * moment it still cost ~50 ms between a user's first clicks (profile), so it now waits for a
 * shape with a pattern fill (a store query on the fill, read only after that idle moment).
 * Until it is mounted, such a shape shows no hatching; tldraw's own component then takes
 * over unchanged, and stays mounted.
 */
import { useEffect, useRef, useState, type ComponentType } from 'react'
import { DrawShapeUtil, GeoShapeUtil, useEditor, useValue, type Editor, type TLShapeUtilCanvasSvgDef } from 'tldraw'

const deferred = new WeakMap<ComponentType, ComponentType>()

function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 2000 })
    return () => cancelIdleCallback(id)
  }
  const timer = setTimeout(fn, 200)
  return () => clearTimeout(timer)
}

/** The ids of shapes with a pattern fill, per editor (an index on the fill, kept by the store). */
const patternQueries = new WeakMap<Editor, { get(): ReadonlySet<unknown> }>()
function patternFilled(editor: Editor): { get(): ReadonlySet<unknown> } {
  let query = patternQueries.get(editor)
  if (!query) {
    query = editor.store.query.ids('shape', () => ({ props: { fill: { eq: 'pattern' } } }))
    patternQueries.set(editor, query)
  }
  return query
}

/** The pattern definition, mounted once the browser has been idle and a shape uses it. One wrapper per component. */
function deferComponent(Component: ComponentType): ComponentType {
  let wrapper = deferred.get(Component)
  if (!wrapper) {
    wrapper = function DeferredPatternDef() {
      const editor = useEditor()
      const [idle, setIdle] = useState(false)
      useEffect(() => whenIdle(() => setIdle(true)), [])
      const used = useValue('pattern fill used', () => idle && patternFilled(editor).get().size > 0, [editor, idle])
      // Once mounted it stays: its tiles are made once, not again each time such a shape comes back.
      const mounted = useRef(false)
      if (used) mounted.current = true
      return mounted.current ? <Component /> : null
    }
    deferred.set(Component, wrapper)
  }
  return wrapper
}

/** tldraw's canvas definitions with the pattern fill's deferred (the others as they are). */
export function deferSvgDefs(defs: TLShapeUtilCanvasSvgDef[]): TLShapeUtilCanvasSvgDef[] {
  return defs.map((def) => (def.key.endsWith(':pattern') ? { key: def.key, component: deferComponent(def.component) } : def))
}

export class BoardGeoShapeUtil extends GeoShapeUtil {
  override getCanvasSvgDefs() {
    return deferSvgDefs(super.getCanvasSvgDefs())
  }
}

export class BoardDrawShapeUtil extends DrawShapeUtil {
  override getCanvasSvgDefs() {
    return deferSvgDefs(super.getCanvasSvgDefs())
  }
}
