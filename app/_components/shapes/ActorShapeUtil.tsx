'use client'
/**
 * The actor card: name (edited inline), kind as an icon, stance as colour and a glyph (so it
 * reads in greyscale), themes as chips, members, and the role badge, which is computed from
 * where the card stands and so changes, for everyone, the moment it is dragged to a ring.
 */
import {
  BaseBoxShapeTool,
  BaseBoxShapeUtil,
  Box,
  createShapeId,
  HTMLContainer,
  StateNode,
  useEditor,
  type Editor,
  type TLKeyboardEventInfo,
  resizeBox,
  type TLResizeInfo,
} from 'tldraw'
import { useEffect, useRef } from 'react'
import type { Ring } from '@/lib/analysis/snapshot'
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
 * The card's name while it is edited. Focused once mounted, with its text selected (typing
 * renames), a frame later: mounted by a double click, the field lost the focus to tldraw's
 * container, which takes it on the click's pointer up, and typing went nowhere.
 */
function NameInput({ shape, label }: { shape: ActorShape; label: string }) {
  const editor = useEditor()
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const input = ref.current
      if (!input || editor.getEditingShapeId() !== shape.id || document.activeElement === input) return
      input.focus()
      input.select()
    })
    return () => cancelAnimationFrame(frame)
  }, [editor, shape.id])
  return (
    <input
      ref={ref}
      className="cc-actor__name-input"
      autoFocus
      aria-label={label}
      value={shape.props.name}
      maxLength={ACTOR_LIMITS.nameLength}
      onPointerDown={(e) => e.stopPropagation()}
      onChange={(e) => editor.updateShape({ id: shape.id, type: ACTOR_TYPE, props: { name: e.target.value } })}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Enter' || e.key === 'Escape') editor.setEditingShape(null)
      }}
    />
  )
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
              <NameInput shape={shape} label={t('inspector.name')} />
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

const [BoxIdle, BoxPointing] = BaseBoxShapeTool.children()

/**
 * The tool's idle state, as tldraw's box tools have it, plus Enter: a card in the middle of
 * the view, for whoever places cards from the keyboard (a click or a drag places one anywhere).
 * A spot already taken by a card moves the new one down, so that Enter pressed again does not
 * stack cards out of sight under each other.
 */
class ActorIdle extends (BoxIdle as typeof StateNode) {
  static override id = 'idle'
  override onKeyUp(info: TLKeyboardEventInfo) {
    if (info.key !== 'Enter' || this.editor.getIsReadonly()) return
    const { w, h } = defaultActorProps()
    const centre = this.editor.getViewportPageBounds().center
    let box = new Box(centre.x - w / 2, centre.y - h / 2, w, h)
    for (let i = 0; i < 20 && cardAt(this.editor, box); i++) box = box.clone().translate({ x: 0, y: h + 16 })
    this.editor.markHistoryStoppingPoint('placing an actor')
    this.editor.createShape({ id: createShapeId(), type: ACTOR_TYPE, x: box.x, y: box.y })
    // As after a click: back to selection, and the coalition side effects start editing its name.
    this.editor.setCurrentTool('select')
  }
}

/** Whether a card stands in `box` (not the rings or a tie crossing it). */
function cardAt(editor: Editor, box: Box): boolean {
  for (const id of editor.getShapeIdsInsideBounds(box)) if (editor.getShape(id)?.type === ACTOR_TYPE) return true
  return false
}

/**
 * Click to place a card, or drag to size it, or Enter for one in the middle of the view; then
 * type its name (the coalition side effects start editing the new card once the tool hands
 * back to selection).
 */
export class ActorTool extends BaseBoxShapeTool {
  static override id = ACTOR_TYPE
  static override initial = 'idle'
  static override children() {
    return [ActorIdle, BoxPointing]
  }
  override shapeType = ACTOR_TYPE
  override onEnter() {
    // Its shortcut works wherever the focus is; its keys (Enter) reach it only from inside
    // tldraw's container, and after the page opened the focus was on the page's body.
    const container = this.editor.getContainer()
    if (!container.contains(container.ownerDocument.activeElement)) container.focus()
  }
}
