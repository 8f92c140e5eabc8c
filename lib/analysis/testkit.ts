/**
 * A compact notation for snapshots in tests:
 *
 *   makeSnapshot({ core: ['a', 'b'], ally: ['c'], outside: ['x'], opponents: ['x'],
 *                  themes: { a: ['climate'] }, ties: ['a>b high', 'c>a medium resources', 't9=a>x conflict'] })
 *
 * A tie is `[id=]from>to trust [kind]`; kind defaults to cooperation, ids to t1, t2, ...
 */
import type { Actor, CoalitionSnapshot, Tie, TieKind, TrustLevel } from './snapshot'

export interface SnapshotSpec {
  core?: string[]
  ally?: string[]
  outside?: string[]
  /** Actors (of any ring) whose stance is opponent; others are supporters. */
  opponents?: string[]
  themes?: Record<string, string[]>
  ties?: string[]
  target?: number
}

/** Parses one tie in the notation above. */
export function tie(text: string, fallbackId: string): Tie {
  const [head, trust, kind = 'cooperation'] = text.trim().split(/\s+/)
  const [id, pair] = head.includes('=') ? head.split('=') : [fallbackId, head]
  const [from, to] = pair.split('>')
  return { id, from, to, trust: trust as TrustLevel, kind: kind as TieKind }
}

/** Builds a snapshot from the compact notation. */
export function makeSnapshot(spec: SnapshotSpec): CoalitionSnapshot {
  const opponents = new Set(spec.opponents ?? [])
  const actors: Actor[] = []
  for (const ring of ['core', 'ally', 'outside'] as const) {
    for (const id of spec[ring] ?? []) {
      const actor: Actor = { id, name: `Name ${id}`, kind: 'organisation', stance: opponents.has(id) ? 'opponent' : 'supporter', ring }
      if (spec.themes?.[id]) actor.themes = spec.themes[id]
      actors.push(actor)
    }
  }
  const ties = (spec.ties ?? []).map((t, i) => tie(t, `t${i + 1}`))
  return { actors, ties, settings: { targetCoalitionSize: spec.target ?? 30 } }
}

/** All core pairs joined both ways at the given trust, as tie strings. */
export function clique(ids: string[], trust: TrustLevel = 'high'): string[] {
  const out: string[] = []
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.push(`${ids[i]}>${ids[j]} ${trust}`)
  return out
}
