'use client'
/**
 * tldraw's pattern fill, mounted only once a shape on the board uses it, and not before the
 * browser is first idle.
 *
 * Geo, draw and arrow shapes share one canvas definition, the hatching of the "pattern"
 * fill. Mounting it draws and PNG-encodes a tile for every zoom level and both themes
 * (sixteen canvases up to 1,024 px): 250 ms of the main thread while a 1,000-actor board
 * opens (profile), for a fill that coalition maps rarely use. Deferred to the first idle
 * moment it still cost ~50 ms between a user's first clicks (profile), so it now also waits
 * for a shape with a pattern fill (looked for once the browser is idle).
 * Until it is mounted, such a shape shows no hatching; tldraw's own component then takes
 * over unchanged, and stays mounted.
 */
import { useEffect, useState, type ComponentType } from 'react'
import { DrawShapeUtil, GeoShapeUtil, useEditor, type Editor, type TLShapeUtilCanvasSvgDef } from 'tldraw'
import { whenIdle } from '@/app/_lib/whenIdle'

const deferred = new WeakMap<ComponentType, ComponentType>()

function hasPatternFill(record: unknown): boolean {
  const r = record as { typeName?: string; props?: { fill?: unknown } }
  return r.typeName === 'shape' && r.props?.fill === 'pattern'
}

/**
 * Calls `onFound` once a shape with a pattern fill is in the store: now, or when one is added
 * or changed to it; returns a function that stops looking. One pass over the records and then
 * only what changes (a store index on the fill cost ~20 ms to build on the 1,000-actor board).
 */
function whenPatternFillUsed(editor: Editor, onFound: () => void): () => void {
  if (editor.store.allRecords().some(hasPatternFill)) {
    onFound()
    return () => {}
  }
  const stop = editor.store.listen(
    ({ changes }) => {
      const found = Object.values(changes.added).some(hasPatternFill) || Object.values(changes.updated).some(([, to]) => hasPatternFill(to))
      if (!found) return
      stop()
      onFound()
    },
    { scope: 'document' },
  )
  return stop
}

/** The pattern definition, mounted once the browser has been idle and a shape uses it. One wrapper per component. */
function deferComponent(Component: ComponentType): ComponentType {
  let wrapper = deferred.get(Component)
  if (!wrapper) {
    wrapper = function DeferredPatternDef() {
      const editor = useEditor()
      const [used, setUsed] = useState(false)
      useEffect(() => {
        let stopLooking = () => {}
        const stopWaiting = whenIdle(() => (stopLooking = whenPatternFillUsed(editor, () => setUsed(true))))
        return () => {
          stopWaiting()
          stopLooking()
        }
      }, [editor])
      // Once mounted it stays: its tiles are made once, not again each time such a shape comes back.
      return used ? <Component /> : null
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
