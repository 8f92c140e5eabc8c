/**
 * The node and edge attributes GEXF and GraphML carry, computed once for both.
 */
import type { AnalysisResult, CoalitionSnapshot } from '../analysis'

export type AttrType = 'string' | 'integer' | 'double'

export interface AttrSpec {
  name: string
  type: AttrType
}

/** Node attributes (the node's label is also written as the format's own label). */
export const NODE_ATTRS: readonly AttrSpec[] = [
  { name: 'label', type: 'string' },
  { name: 'role', type: 'string' },
  { name: 'kind', type: 'string' },
  { name: 'stance', type: 'string' },
  { name: 'themes', type: 'string' },
  { name: 'size', type: 'double' },
  { name: 'degree', type: 'integer' },
  { name: 'betweenness', type: 'double' },
  { name: 'community', type: 'integer' },
]

export const EDGE_ATTRS: readonly AttrSpec[] = [
  { name: 'trust', type: 'string' },
  { name: 'kind', type: 'string' },
]

export type AttrValues = Record<string, string | number | undefined>

/**
 * Attribute values per actor: role is the ring; themes are joined with "; " (lossy for a
 * theme containing "; ", which network tools do not need to split); size is absent when the
 * actor has none; metrics are absent for an actor the analysis does not know.
 */
export function nodeValues(snapshot: CoalitionSnapshot, analysis: AnalysisResult): AttrValues[] {
  const metrics = analysis.metrics.actors
  return snapshot.actors.map((a) => {
    const m = Object.hasOwn(metrics, a.id) ? metrics[a.id] : undefined
    return {
      label: a.name,
      role: a.ring,
      kind: a.kind,
      stance: a.stance,
      themes: (a.themes ?? []).join('; '),
      size: a.size,
      degree: m?.degree,
      betweenness: m?.betweenness,
      community: m?.community,
    }
  })
}

/** A number as XML Schema / GraphML readers parse it (no "Infinity", shortest round-trip form). */
export function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN'
}
