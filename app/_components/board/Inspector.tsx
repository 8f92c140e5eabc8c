'use client'
/**
 * The inspector: everything about the selected actor or tie, as plain form controls (so it
 * works from the keyboard and on a phone). Every change is an ordinary editor change: synced,
 * undoable, and validated like any other.
 */
import { useState } from 'react'
import { computed, useValue, type Computed, type Editor, type TLArrowShape, type TLShape } from 'tldraw'
import { useI18n } from '@/app/_lib/i18n'
import { ACTOR_KINDS, STANCES, TIE_KINDS, TRUST_LEVELS } from '@/lib/analysis/snapshot'
import { ACTOR_LIMITS, ACTOR_TYPE, type ActorShape } from '@/lib/shapes/actor'
import { roleOf } from '../shapes/roles'
import { addReverseTie, reverseTieOf } from './reverseTie'
import { setTie, tieEnds, tieOf } from './ties'

export function Inspector({
  editor,
  readOnly,
  onSpotlight,
}: {
  editor: Editor
  readOnly: boolean
  /** Facilitators only: point everyone at this actor. */
  onSpotlight?: (actorId: string) => void
}) {
  const selectedId = useValue('only selected', () => editor.getOnlySelectedShape()?.id ?? null, [editor])
  const shape = useValue('selected shape', () => (selectedId ? editor.getShape(selectedId) ?? null : null), [editor, selectedId])
  const isTie = useValue('is tie', () => (shape && shape.type === 'arrow' ? tieEnds(editor, shape) !== null : false), [editor, shape])
  if (!shape) return null
  if (shape.type === ACTOR_TYPE) return <ActorInspector editor={editor} actor={shape as ActorShape} readOnly={readOnly} onSpotlight={onSpotlight} />
  if (isTie) return <TieInspector editor={editor} arrow={shape as TLArrowShape} readOnly={readOnly} />
  return null
}

/** The canvas's shortcut into the inspector, for whoever works from the keyboard. */
export const INSPECTOR_KBD = 'i'

/** Moves the focus to the inspector's first field; false when no inspector is open. */
export function focusInspector(container: HTMLElement): boolean {
  const field = container.ownerDocument.querySelector<HTMLElement>(
    '[data-testid=inspector] :is(input, select, textarea, button):not([disabled]):not([hidden]):not(.cc-inspector__close)',
  )
  field?.focus()
  return !!field
}

function Panel({ title, children, editor }: { title: string; children: React.ReactNode; editor: Editor }) {
  const { t } = useI18n()
  return (
    <aside
      className="cc-inspector"
      data-testid="inspector"
      aria-label={title}
      onKeyDown={(e) => {
        e.stopPropagation()
        // Back to the canvas, the selection kept (INSPECTOR_KBD came here from it).
        if (e.key === 'Escape') editor.getContainer().focus()
      }}
    >
      <header className="cc-inspector__header">
        <h2>{title}</h2>
        <button type="button" className="cc-inspector__close" aria-label={t('inspector.close')} onClick={() => editor.selectNone()}>
          ×
        </button>
      </header>
      {children}
    </aside>
  )
}

/**
 * Every theme on the page's cards, for the theme suggestions. One computed per editor over
 * the actor records that gives back its previous list while no card's themes changed: the
 * inspector is open on the dragged card, and re-reading the page's 4,001 shapes and sorting
 * a thousand cards' themes on every frame of the drag cost ~10 ms a frame.
 */
const boardThemesCache = new WeakMap<Editor, Computed<string[]>>()
function boardThemesOf(editor: Editor): Computed<string[]> {
  let themes = boardThemesCache.get(editor)
  if (themes) return themes
  const actors = editor.store.query.records('shape', () => ({ type: { eq: ACTOR_TYPE } }))
  let lastLists: readonly string[][] = []
  let last: string[] = []
  themes = computed('board themes', () => {
    const page = editor.getCurrentPageId()
    const lists: string[][] = []
    // A card on the page itself needs no walk up its ancestors (this runs on every frame of a drag).
    for (const s of actors.get()) if (s.parentId === page || editor.getAncestorPageId(s) === page) lists.push((s as ActorShape).props.themes)
    if (lists.length === lastLists.length && lists.every((l, i) => l === lastLists[i])) return last
    const seen = new Map<string, string>()
    for (const list of lists) {
      for (const theme of list) {
        const key = theme.trim().toLowerCase()
        if (key && !seen.has(key)) seen.set(key, theme.trim())
      }
    }
    lastLists = lists
    last = [...seen.values()].sort((a, b) => a.localeCompare(b))
    return last
  })
  boardThemesCache.set(editor, themes)
  return themes
}

function ActorInspector({
  editor,
  actor,
  readOnly,
  onSpotlight,
}: {
  editor: Editor
  actor: ActorShape
  readOnly: boolean
  onSpotlight?: (actorId: string) => void
}) {
  const { t } = useI18n()
  const role = useValue('role', () => roleOf(editor, editor.getShape(actor.id) ?? actor), [editor, actor.id])
  const boardThemes = useValue('board themes', () => boardThemesOf(editor).get(), [editor])
  const [draftTheme, setDraftTheme] = useState('')
  const update = (props: Partial<ActorShape['props']>) => editor.updateShape({ id: actor.id, type: ACTOR_TYPE, props })
  const p = actor.props
  const addTheme = () => {
    const theme = draftTheme.trim()
    setDraftTheme('')
    if (!theme || p.themes.some((x) => x.trim().toLowerCase() === theme.toLowerCase())) return
    if (p.themes.length >= ACTOR_LIMITS.themes) return
    update({ themes: [...p.themes, theme.slice(0, ACTOR_LIMITS.themeLength)] })
  }
  const id = (name: string) => `cc-${name}-${actor.id}`
  return (
    <Panel title={t('inspector.title.actor')} editor={editor}>
      <fieldset disabled={readOnly} className="cc-inspector__fields">
        <label htmlFor={id('name')}>{t('inspector.name')}</label>
        <input
          id={id('name')}
          data-testid="inspector-name"
          value={p.name}
          maxLength={ACTOR_LIMITS.nameLength}
          onChange={(e) => update({ name: e.target.value })}
        />
        <label htmlFor={id('kind')}>{t('inspector.kind')}</label>
        <select id={id('kind')} data-testid="inspector-kind" value={p.kind} onChange={(e) => update({ kind: e.target.value as never })}>
          {ACTOR_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor={id('stance')}>{t('inspector.stance')}</label>
        <select id={id('stance')} data-testid="inspector-stance" value={p.stance} onChange={(e) => update({ stance: e.target.value as never })}>
          {STANCES.map((s) => (
            <option key={s} value={s}>
              {t(`stance.${s}`)}
            </option>
          ))}
        </select>
        <span className="cc-inspector__label">{t('inspector.role')}</span>
        <span className={`cc-actor__role cc-actor__role--${role}`} data-testid="inspector-role">
          {t(`role.${role}`)}
        </span>
        <label htmlFor={id('theme')}>{t('inspector.themes')}</label>
        <div className="cc-inspector__themes">
          <ul className="cc-chips" aria-label={t('inspector.themes')}>
            {p.themes.map((theme) => (
              <li key={theme} className="cc-chip">
                {theme}
                {!readOnly && (
                  <button
                    type="button"
                    aria-label={t('inspector.removeTheme', { theme })}
                    onClick={() => update({ themes: p.themes.filter((x) => x !== theme) })}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          <input
            id={id('theme')}
            hidden={readOnly}
            data-testid="inspector-theme"
            list={id('themes')}
            placeholder={t('inspector.addTheme')}
            value={draftTheme}
            maxLength={ACTOR_LIMITS.themeLength}
            onChange={(e) => setDraftTheme(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ',') {
                e.preventDefault()
                addTheme()
              }
            }}
            onBlur={addTheme}
          />
          <datalist id={id('themes')}>
            {boardThemes.map((theme) => (
              <option key={theme} value={theme} />
            ))}
          </datalist>
        </div>
        <label htmlFor={id('size')}>{t('inspector.size')}</label>
        <input
          id={id('size')}
          data-testid="inspector-size"
          type="number"
          min={0}
          inputMode="numeric"
          value={p.size ?? ''}
          onChange={(e) => {
            const n = e.target.value === '' ? null : Number(e.target.value)
            if (n === null || (Number.isFinite(n) && n >= 0)) update({ size: n })
          }}
        />
        <label htmlFor={id('note')}>{t('inspector.note')}</label>
        <textarea
          id={id('note')}
          data-testid="inspector-note"
          rows={3}
          maxLength={ACTOR_LIMITS.noteLength}
          value={p.note}
          onChange={(e) => update({ note: e.target.value })}
        />
      </fieldset>
      {onSpotlight && (
        <button type="button" className="cc-button--secondary" data-testid="spotlight-actor" onClick={() => onSpotlight(actor.id)}>
          {t('session.spotlight')}
        </button>
      )}
    </Panel>
  )
}

function TieInspector({ editor, arrow, readOnly }: { editor: Editor; arrow: TLArrowShape; readOnly: boolean }) {
  const { t } = useI18n()
  const ends = useValue('tie ends', () => tieEnds(editor, editor.getShape(arrow.id) ?? arrow), [editor, arrow.id])
  const reverse = useValue('reverse tie', () => reverseTieOf(editor, arrow.id), [editor, arrow.id])
  if (!ends) return null
  const tie = tieOf(arrow)
  const name = (s: TLShape) => (s as ActorShape).props.name || t('actor.unnamed')
  return (
    <Panel title={t('inspector.title.tie')} editor={editor}>
      <p className="cc-inspector__ends">{t('inspector.from', { from: name(ends.from), to: name(ends.to) })}</p>
      <fieldset disabled={readOnly} className="cc-inspector__fields">
        <label htmlFor={`cc-trust-${arrow.id}`}>{t('inspector.trust')}</label>
        <select
          id={`cc-trust-${arrow.id}`}
          data-testid="inspector-trust"
          autoFocus
          value={tie.trust}
          onChange={(e) => setTie(editor, arrow.id, { ...tie, trust: e.target.value as never })}
        >
          {TRUST_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`trust.${level}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`cc-tiekind-${arrow.id}`}>{t('inspector.tieKind')}</label>
        <select
          id={`cc-tiekind-${arrow.id}`}
          data-testid="inspector-tie-kind"
          value={tie.kind}
          onChange={(e) => setTie(editor, arrow.id, { ...tie, kind: e.target.value as never })}
        >
          {TIE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`tieKind.${kind}`)}
            </option>
          ))}
        </select>
        {!reverse && (
          <button type="button" data-testid="inspector-reverse" onClick={() => addReverseTie(editor, arrow.id)}>
            {t('inspector.reverse')}
          </button>
        )}
      </fieldset>
    </Panel>
  )
}
