'use client'
/**
 * The actor card: name (edited inline), kind as an icon, stance as colour and a glyph (so it
 * reads in greyscale), themes as chips, members, and the role badge, which is computed from
 * where the card stands and so changes, for everyone, the moment it is dragged to a ring.
 */
import { BaseBoxShapeTool, BaseBoxShapeUtil, HTMLContainer, useEditor, type TLResizeInfo } from 'tldraw'
import type { Ring } from '@/lib/analysis/snapshot'
import { resizeBox } from 'tldraw'
import { useI18n } from '@/app/_lib/i18n'
import {
  ACTOR_LIMITS,
  ACTOR_TYPE,
  actorShapeMigrations,
  actorShapeProps,
  defaultActorProps,
  type ActorShape,
} from '@/lib/shapes/actor'
import { KindIcon } from './KindIcon'
import { roleOf } from './roles'
import { EDITING, FAR, HIDDEN, LIFTED, liftedStyle, shapeView } from './shapeView'

const STANCE_GLYPH = { supporter: '+', neutral: '○', opponent: '−' } as const

export class ActorShapeUtil extends BaseBoxShapeUtil<ActorShape> {
  static override type = ACTOR_TYPE
  static override props = actorShapeProps
  static override migrations = actorShapeMigrations

  override getDefaultProps(): ActorShape['props'] {
    return defaultActorProps()
  }

  override canEdit() {
    return true
  }

  override onResize(shape: ActorShape, info: TLResizeInfo<ActorShape>) {
    const resized = resizeBox(shape, info)
    return { ...resized, props: { ...resized.props, w: Math.max(120, resized.props.w), h: Math.max(64, resized.props.h) } }
  }

  override component(shape: ActorShape) {
    // Read inside tldraw's tracking of this shape: no subscription of its own.
    return <ActorCard shape={shape} view={shapeView(this.editor, shape.id)} role={roleOf(this.editor, shape)} />
  }

  override getIndicatorPath(shape: ActorShape) {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
    return path
  }
}

/**
 * How much of a card is drawn (see shapeView.ts). A card off screen (culled: tldraw hides it)
 * is an empty box; below 30 % zoom, where 15 px text is under 5 px, it keeps its name and
 * role badge but not the kind icon, stance glyph, themes and members. On a 1,000-actor board
 * that is ~3 DOM nodes a card instead of ~12 at the opening overview, and zooming in
 * re-renders only the cards in view. The card's box, colours and data attributes are the
 * same at every level.
 */
function ActorCard({ shape, view, role }: { shape: ActorShape; view: number; role: Ring }) {
  const editor = useEditor()
  const { t } = useI18n()
  const editing = (view & EDITING) !== 0
  const detail = view & HIDDEN ? 'hidden' : view & FAR ? 'far' : 'full'
  const { name, kind, stance, themes, size, w, h } = shape.props
  const roleBadge = (
    <span className={`cc-actor__role cc-actor__role--${role}`} data-testid="actor-role">
      {t(`role.${role}`)}
    </span>
  )
  const nameText = <span className="cc-actor__name">{name || t('actor.unnamed')}</span>
  return (
    <HTMLContainer
      className={`cc-actor cc-actor--${stance}`}
      style={view & LIFTED ? { ...liftedStyle, width: w, height: h } : { width: w, height: h }}
      data-testid="actor-card"
      data-actor-name={name}
      data-role={role}
      data-detail={editing ? 'full' : detail}
    >
      {editing || detail === 'full' ? (
        <>
          <div className="cc-actor__head">
            <span className="cc-actor__kind" title={t(`kind.${kind}`)}>
              <KindIcon kind={kind} />
            </span>
            {editing ? (
              <input
                className="cc-actor__name-input"
                autoFocus
                aria-label={t('inspector.name')}
                value={name}
                maxLength={ACTOR_LIMITS.nameLength}
                onPointerDown={(e) => e.stopPropagation()}
                onChange={(e) => editor.updateShape({ id: shape.id, type: ACTOR_TYPE, props: { name: e.target.value } })}
                onKeyDown={(e) => {
                  e.stopPropagation()
                  if (e.key === 'Enter' || e.key === 'Escape') editor.setEditingShape(null)
                }}
              />
            ) : (
              nameText
            )}
            <span className="cc-actor__stance" title={t(`stance.${stance}`)} aria-label={t(`stance.${stance}`)}>
              {STANCE_GLYPH[stance]}
            </span>
          </div>
          <div className="cc-actor__foot">
            {roleBadge}
            {themes.slice(0, 4).map((theme) => (
              <span key={theme} className="cc-actor__theme">
                {theme}
              </span>
            ))}
            {themes.length > 4 && <span className="cc-actor__theme">+{themes.length - 4}</span>}
            {size !== null && <span className="cc-actor__size">{t('actor.members', { count: size })}</span>}
          </div>
        </>
      ) : detail === 'far' ? (
        <>
          {nameText}
          {roleBadge}
        </>
      ) : null}
    </HTMLContainer>
  )
}

/**
 * Click to place a card, or drag to size it; then type its name (the coalition side effects
 * start editing the new card once the tool hands back to selection).
 */
export class ActorTool extends BaseBoxShapeTool {
  static override id = ACTOR_TYPE
  static override initial = 'idle'
  override shapeType = ACTOR_TYPE
}
