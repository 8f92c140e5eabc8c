/**
 * The shape utils of every board canvas (the editing board and the big screen): tldraw's,
 * with arrows drawn by TieArrowShapeUtil, and our actors and rings.
 */
import { defaultShapeUtils, type TLAnyShapeUtilConstructor } from 'tldraw'
import { ActorShapeUtil } from './ActorShapeUtil'
import { RingsShapeUtil } from './RingsShapeUtil'
import { TieArrowShapeUtil } from './TieArrowShapeUtil'

export const boardShapeUtils: TLAnyShapeUtilConstructor[] = [
  ...defaultShapeUtils.filter((util) => util.type !== 'arrow'),
  TieArrowShapeUtil,
  ActorShapeUtil,
  RingsShapeUtil,
]
