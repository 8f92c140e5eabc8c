/**
 * The analyser's input contract: a coalition snapshot of actors and ties (ANALYSIS.md,
 * "Input"). Declared once as zod schemas; {@link parseSnapshot} turns unknown JSON into a
 * {@link CoalitionSnapshot} or into one error that names the path of the first problem.
 */
import { z } from 'zod'
import { DEFAULT_TARGET_COALITION_SIZE } from './constants'

/** Kinds of actor. */
export const ACTOR_KINDS = ['organisation', 'group', 'network', 'person'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

/** An actor's stance towards the coalition's cause. */
export const STANCES = ['supporter', 'neutral', 'opponent'] as const
export type Stance = (typeof STANCES)[number]

/** The ring an actor's card stands in. */
export const RINGS = ['core', 'ally', 'outside'] as const
export type Ring = (typeof RINGS)[number]

/** Trust carried by a tie. */
export const TRUST_LEVELS = ['conflict', 'none', 'low', 'medium', 'high'] as const
export type TrustLevel = (typeof TRUST_LEVELS)[number]

/** Kinds of tie. */
export const TIE_KINDS = ['cooperation', 'communication', 'resources', 'conflict'] as const
export type TieKind = (typeof TIE_KINDS)[number]

// "Non-empty" is read literally: length ≥ 1, so a name of only spaces is valid.
const id = z.string().min(1)

/** One actor on the map. Unknown fields are stripped. */
export const ActorSchema = z.object({
  id,
  name: z.string().min(1),
  kind: z.enum(ACTOR_KINDS),
  stance: z.enum(STANCES),
  ring: z.enum(RINGS),
  /** Identity tags; compared trimmed and lower-cased by the analyser. */
  themes: z.array(z.string()).optional(),
  /** Members; validated but not used by the analysis. */
  size: z.number().min(0).optional(),
})
export type Actor = z.infer<typeof ActorSchema>

/** One directed tie from `from` to `to`. */
export const TieSchema = z.object({
  id,
  from: z.string().min(1),
  to: z.string().min(1),
  trust: z.enum(TRUST_LEVELS),
  kind: z.enum(TIE_KINDS),
})
export type Tie = z.infer<typeof TieSchema>

/** Board settings the analysis reads. */
export const SettingsSchema = z.object({
  targetCoalitionSize: z.number().int().min(1).optional(),
})

/** The raw snapshot as it may appear in JSON (optional parts still optional). */
export const SnapshotSchema = z.object({
  actors: z.array(ActorSchema),
  ties: z.array(TieSchema).optional(),
  settings: SettingsSchema.optional(),
})
export type CoalitionSnapshotInput = z.input<typeof SnapshotSchema>

/** A valid snapshot with defaults filled in: what the analyser takes. */
export interface CoalitionSnapshot {
  actors: Actor[]
  /** May contain self-ties; the analysis ignores them. */
  ties: Tie[]
  settings: { targetCoalitionSize: number }
}

/** Where and what: `path` as `ties[3].to` (or `$`), `message` as `ties[3].to: unknown actor "x"`. */
export interface SnapshotError {
  path: string
  message: string
}

export type ParseResult =
  | { ok: true; snapshot: CoalitionSnapshot }
  | { ok: false; error: SnapshotError }

type PathKey = PropertyKey

/** `['ties', 3, 'to']` → `ties[3].to`; the empty path is `$`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out === '' ? '$' : out
}

/** Builds an error whose message starts with its path. */
export function snapshotError(path: readonly PathKey[] | string, detail: string): SnapshotError {
  const p = typeof path === 'string' ? path : formatPath(path)
  return { path: p, message: `${p}: ${detail}` }
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[key as string]
  }
  return v
}

const ARTICLE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
}

/** Turns zod's first issue into our wording; the input is read back to say null/missing. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): SnapshotError {
  const value = valueAt(root, issue.path)
  const at = issue.path
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return snapshotError(at, 'required')
      if (value === null) return snapshotError(at, `must not be null (expected ${ARTICLE[issue.expected] ?? issue.expected})`)
      if (issue.expected === 'int') return snapshotError(at, `expected an integer, got ${JSON.stringify(value)}`)
      if (issue.expected === 'number' && typeof value === 'number') return snapshotError(at, 'expected a finite number')
      return snapshotError(at, `expected ${ARTICLE[issue.expected] ?? issue.expected}, got ${kindOf(value)}`)
    }
    case 'invalid_value': {
      const options = issue.values.map(String).join(', ')
      if (value === null) return snapshotError(at, `must not be null (expected one of ${options})`)
      return snapshotError(at, `must be one of ${options}, got ${JSON.stringify(value)}`)
    }
    case 'too_small':
      if (issue.origin === 'string') return snapshotError(at, 'must be a non-empty string')
      return snapshotError(at, `must be ≥ ${String(issue.minimum)}, got ${JSON.stringify(value)}`)
    default:
      return snapshotError(at, issue.message)
  }
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'object') return 'an object'
  return String(value)
}

/**
 * Validates unknown JSON as a coalition snapshot. Structural problems are reported first
 * (zod's first issue, in document order), then duplicate actor ids, then ties in order
 * (duplicate tie id, unknown `from`, unknown `to`). Unknown fields are dropped; `ties`
 * defaults to `[]` and `settings.targetCoalitionSize` to 30. Self-ties are kept here (they
 * are valid input) and ignored by the analysis.
 */
export function parseSnapshot(json: unknown): ParseResult {
  const parsed = SnapshotSchema.safeParse(json)
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error.issues[0], json) }
  const { actors, ties = [], settings } = parsed.data

  const actorIds = new Set<string>()
  for (let i = 0; i < actors.length; i++) {
    const aid = actors[i].id
    if (actorIds.has(aid)) return fail(['actors', i, 'id'], `duplicate actor id ${JSON.stringify(aid)}`)
    actorIds.add(aid)
  }
  const tieIds = new Set<string>()
  for (let i = 0; i < ties.length; i++) {
    const tie = ties[i]
    if (tieIds.has(tie.id)) return fail(['ties', i, 'id'], `duplicate tie id ${JSON.stringify(tie.id)}`)
    tieIds.add(tie.id)
    if (!actorIds.has(tie.from)) return fail(['ties', i, 'from'], `unknown actor ${JSON.stringify(tie.from)}`)
    if (!actorIds.has(tie.to)) return fail(['ties', i, 'to'], `unknown actor ${JSON.stringify(tie.to)}`)
  }

  return {
    ok: true,
    snapshot: {
      actors,
      ties,
      settings: { targetCoalitionSize: settings?.targetCoalitionSize ?? DEFAULT_TARGET_COALITION_SIZE },
    },
  }
}

function fail(path: PathKey[], detail: string): ParseResult {
  return { ok: false, error: snapshotError(path, detail) }
}
