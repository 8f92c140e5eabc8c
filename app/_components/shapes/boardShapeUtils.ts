/**
 * The shape utils of every board canvas (the editing board and the big screen): tldraw's,
 * with arrows drawn by TieArrowShapeUtil, and our actors and rings. Geo and draw shapes are
 * tldraw's but for their pattern fill, which is mounted only once a shape uses it (after the
 * browser has first been idle: deferredSvgDefs.tsx).
 */
import { defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw'
import { ActorShapeUtil } from './ActorShapeUtil'
import { RingsShapeUtil } from './RingsShapeUtil'
import { TieArrowShapeUtil } from './TieArrowShapeUtil'
import { BoardDrawShapeUtil, BoardGeoShapeUtil } from './deferredSvgDefs'

export const boardShapeUtils: TLAnyShapeUtilConstructor[] = [
  ...defaultShapeUtils.filter((util) => util.type !== 'arrow' && util.type !== 'geo' && util.type !== 'draw'),
  BoardGeoShapeUtil,
  BoardDrawShapeUtil,
  TieArrowShapeUtil,
  ActorShapeUtil,
  RingsShapeUtil,
]
