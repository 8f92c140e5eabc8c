/**
 * The actor shape: an organisation, group, network or person on the coalition map.
 * Declared once here (props, validators, migrations), without React, so the browser, the
 * server's validation and the analyser read the same definition.
 *
 * An actor's role is not stored: it is where the card stands on the rings (see `roles.ts`).
 */
import { T } from '@tldraw/validate'
import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from '@tldraw/tlschema'
import { ACTOR_KINDS, STANCES, type ActorKind, type Stance } from '../analysis/snapshot'

export const ACTOR_TYPE = 'actor' as const

export const ACTOR_LIMITS = {
  nameLength: 200,
  themes: 20,
  themeLength: 60,
  noteLength: 2000,
} as const

export interface ActorShapeProps {
  /** Card width and height in page units. */
  w: number
  h: number
  /** The name shown on the card; may be empty while being typed. */
  name: string
  /** organisation, group, network or person: drawn as an icon. */
  kind: ActorKind
  /** supporter, neutral or opponent: drawn as the card's colour. */
  stance: Stance
  /** Identity tags (values); compared trimmed and lower-cased by the analyser. */
  themes: string[]
  /** Members, when known. */
  size: number | null
  /** Free text for the facilitator. */
  note: string
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [ACTOR_TYPE]: ActorShapeProps
  }
}

export type ActorShape = TLShape<typeof ACTOR_TYPE>

const boundedString = (max: number) =>
  T.string.check((value) => {
    if (value.length > max) throw new Error(`at most ${max} characters (got ${value.length})`)
  })

export const actorShapeProps: RecordProps<ActorShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  name: boundedString(ACTOR_LIMITS.nameLength),
  kind: T.literalEnum(...ACTOR_KINDS),
  stance: T.literalEnum(...STANCES),
  themes: T.arrayOf(boundedString(ACTOR_LIMITS.themeLength)).check((themes) => {
    if (themes.length > ACTOR_LIMITS.themes) throw new Error(`at most ${ACTOR_LIMITS.themes} themes (got ${themes.length})`)
  }),
  size: T.number
    .check((n) => {
      if (!Number.isFinite(n) || n < 0) throw new Error('a number of members ≥ 0')
    })
    .nullable(),
  note: boundedString(ACTOR_LIMITS.noteLength),
}

export const actorVersions = createShapePropsMigrationIds(ACTOR_TYPE, {
  AddNote: 1,
  AddSize: 2,
})

/** The first actors had neither a note nor a size; boards from then keep opening. */
export const actorShapeMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      id: actorVersions.AddNote,
      up: (props: any) => {
        props.note = ''
      },
      down: (props: any) => {
        delete props.note
      },
    },
    {
      id: actorVersions.AddSize,
      up: (props: any) => {
        props.size = null
      },
      down: (props: any) => {
        delete props.size
      },
    },
  ],
})

export const ACTOR_CARD = { w: 200, h: 96 } as const

export function defaultActorProps(overrides: Partial<ActorShapeProps> = {}): ActorShapeProps {
  return {
    w: ACTOR_CARD.w,
    h: ACTOR_CARD.h,
    name: '',
    kind: 'organisation',
    stance: 'supporter',
    themes: [],
    size: null,
    note: '',
    ...overrides,
  }
}
