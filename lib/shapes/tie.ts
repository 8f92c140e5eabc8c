/**
 * A tie is a tldraw arrow bound at both ends to actors. Its trust and kind ride on the
 * arrow's `meta.tie`, declared and validated here; its look (thickness, dash, colour,
 * arrowhead) is derived from them so the code reads in greyscale and for colour-blind people.
 */
import { z } from 'zod'
import { TIE_KINDS, TRUST_LEVELS, type TieKind, type TrustLevel } from '../analysis/snapshot'

export const TieMetaSchema = z
  .object({
    trust: z.enum(TRUST_LEVELS),
    kind: z.enum(TIE_KINDS),
  })
  .strict()

export type TieMeta = z.infer<typeof TieMetaSchema>

/** A new tie is cooperation of unknown trust until someone says otherwise. */
export const DEFAULT_TIE: TieMeta = { trust: 'none', kind: 'cooperation' }

/** Whether an arrow's meta carries tie data (a tie, as opposed to a plain arrow). */
export function hasTieMeta(meta: unknown): boolean {
  return typeof (meta as { tie?: unknown } | null)?.tie === 'object'
}

/** The tie data of an arrow's meta, or the default when it has none (a plain arrow). */
export function readTieMeta(meta: unknown): TieMeta {
  const tie = (meta as { tie?: unknown } | null)?.tie
  // The common case without zod (the analyser reads 10,000 ties per analysis): exactly the
  // two keys with valid values is what the strict schema accepts, and gives back as is.
  if (typeof tie === 'object' && tie !== null && !Array.isArray(tie)) {
    const { trust, kind } = tie as Record<string, unknown>
    if (TRUST_SET.has(trust) && KIND_SET.has(kind) && Object.keys(tie).length === 2) return { trust, kind } as TieMeta
  }
  const parsed = TieMetaSchema.safeParse(tie)
  return parsed.success ? parsed.data : DEFAULT_TIE
}

const TRUST_SET: ReadonlySet<unknown> = new Set(TRUST_LEVELS)
const KIND_SET: ReadonlySet<unknown> = new Set(TIE_KINDS)

/** Validates `meta.tie` when present; returns an error message or null. */
export function validateTieMeta(meta: unknown): string | null {
  const tie = (meta as { tie?: unknown } | null)?.tie
  if (tie === undefined) return null
  const parsed = TieMetaSchema.safeParse(tie)
  if (parsed.success) return null
  const issue = parsed.error.issues[0]
  return `meta.tie${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}`
}

export function isConflictTie(tie: TieMeta): boolean {
  return tie.trust === 'conflict' || tie.kind === 'conflict'
}

export interface TieStyle {
  color: 'grey' | 'light-blue' | 'blue' | 'green' | 'red'
  dash: 'dotted' | 'dashed' | 'solid'
  size: 's' | 'm' | 'l' | 'xl'
  arrowheadEnd: 'arrow' | 'bar'
}

/**
 * The arrow props that show a tie. Thickness grows with trust and the dash pattern changes,
 * so every level differs without colour; a conflict ends in a bar (⊣) instead of an arrow.
 */
export function tieStyle(tie: TieMeta): TieStyle {
  if (isConflictTie(tie)) return { color: 'red', dash: 'dashed', size: 'xl', arrowheadEnd: 'bar' }
  const byTrust: Record<Exclude<TrustLevel, 'conflict'>, TieStyle> = {
    none: { color: 'grey', dash: 'dotted', size: 's', arrowheadEnd: 'arrow' },
    low: { color: 'light-blue', dash: 'dashed', size: 'm', arrowheadEnd: 'arrow' },
    medium: { color: 'blue', dash: 'solid', size: 'l', arrowheadEnd: 'arrow' },
    high: { color: 'green', dash: 'solid', size: 'xl', arrowheadEnd: 'arrow' },
  }
  return byTrust[tie.trust as Exclude<TrustLevel, 'conflict'>]
}

export type { TieKind, TrustLevel }
