'use client'
/**
 * tldraw's pattern fill, mounted once the browser is idle rather than with the canvas.
 *
 * Geo, draw and arrow shapes share one canvas definition, the hatching of the "pattern"
 * fill. Mounting it draws and PNG-encodes a tile for every zoom level and both themes
 * (sixteen canvases up to 1,024 px): 250 ms of the main thread while a 1,000-actor board
 * opens (profile), for a fill that coalition maps rarely use. Until it is mounted, a shape
 * with a pattern fill shows no hatching; tldraw's own component then takes over unchanged.
 */
import { useEffect, useState, type ComponentType } from 'react'
import { DrawShapeUtil, GeoShapeUtil, type TLShapeUtilCanvasSvgDef } from 'tldraw'

const deferred = new WeakMap<ComponentType, ComponentType>()

function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 2000 })
    return () => cancelIdleCallback(id)
  }
  const timer = setTimeout(fn, 200)
  return () => clearTimeout(timer)
}

/** The same definition, mounted when the browser is first idle. One wrapper per component. */
function deferComponent(Component: ComponentType): ComponentType {
  let wrapper = deferred.get(Component)
  if (!wrapper) {
    wrapper = function DeferredSvgDef() {
      const [ready, setReady] = useState(false)
      useEffect(() => whenIdle(() => setReady(true)), [])
      return ready ? <Component /> : null
    }
    deferred.set(Component, wrapper)
  }
  return wrapper
}

export function deferSvgDefs(defs: TLShapeUtilCanvasSvgDef[]): TLShapeUtilCanvasSvgDef[] {
  return defs.map(({ key, component }) => ({ key, component: deferComponent(component) }))
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
