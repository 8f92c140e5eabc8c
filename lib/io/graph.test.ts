import { describe, expect, it } from 'vitest'
import { MultiDirectedGraph } from 'graphology'
import * as gexf from 'graphology-gexf'
import * as graphml from 'graphology-graphml'
import { analyse, type CoalitionSnapshot } from '../analysis'
import { generateSnapshot } from '../analysis/generate'
import { trickySnapshot } from './fixtures/tricky'
import { toGexf, toGraphml } from './index'
import { networkx } from './testkit'

const tricky = trickySnapshot()
const trickyAnalysis = analyse(tricky)

/** Ids that break naive object-keyed graph code. */
function oddIds(): CoalitionSnapshot {
  return {
    actors: [
      { id: '__proto__', name: 'Proto <&>', kind: 'group', stance: 'supporter', ring: 'core', themes: ['a', 'b'] },
      { id: 'constructor', name: 'Ctor "q"', kind: 'group', stance: 'supporter', ring: 'core', themes: ['a'] },
      { id: 'toString', name: 'line\nbreak', kind: 'person', stance: 'neutral', ring: 'ally', size: 5 },
    ],
    ties: [
      { id: '__proto__', from: '__proto__', to: 'constructor', trust: 'high', kind: 'cooperation' },
      { id: 'e2', from: 'constructor', to: '__proto__', trust: 'low', kind: 'communication' },
      { id: 'e3', from: 'toString', to: '__proto__', trust: 'conflict', kind: 'conflict' },
    ],
    settings: { targetCoalitionSize: 30 },
  }
}

describe.each([
  ['GEXF', 'gexf', toGexf, gexf.parse],
  ['GraphML', 'graphml', toGraphml, graphml.parse],
] as const)('%s', (_name, ext, write, parse) => {
  it('is read back by graphology with every node, edge and attribute', () => {
    const s = generateSnapshot({ actors: 60, ties: 150, seed: 5 })
    const a = analyse(s)
    const g = parse(MultiDirectedGraph, write(s, a))
    expect(g.order).toBe(60)
    expect(g.size).toBe(150)
    expect(g.type).toBe('directed')
    const actor = s.actors[3]
    const attrs = g.getNodeAttributes(actor.id)
    expect(attrs.label).toBe(actor.name)
    expect(attrs.role).toBe(actor.ring)
    expect(attrs.kind).toBe(actor.kind)
    expect(attrs.stance).toBe(actor.stance)
    expect(attrs.themes).toBe((actor.themes ?? []).join('; '))
    expect(attrs.degree).toBe(a.metrics.actors[actor.id].degree)
    expect(attrs.betweenness).toBeCloseTo(a.metrics.actors[actor.id].betweenness, 12)
    expect(attrs.community).toBe(a.metrics.actors[actor.id].community)
    const tie = s.ties[7]
    expect(g.source(tie.id)).toBe(tie.from)
    expect(g.target(tie.id)).toBe(tie.to)
    expect(g.getEdgeAttributes(tie.id)).toMatchObject({ trust: tie.trust, kind: tie.kind })
  })

  it('keeps awkward names exact for graphology', () => {
    const g = parse(MultiDirectedGraph, write(tricky, trickyAnalysis))
    expect(g.order).toBe(tricky.actors.length)
    expect(g.size).toBe(tricky.ties.length)
    for (const actor of tricky.actors) {
      // XML 1.0 cannot carry U+0007; it becomes U+FFFD.
      expect(g.getNodeAttribute(actor.id, 'label')).toBe(actor.name.replace('\u0007', '\uFFFD'))
    }
  })

  it('is read back by networkx', () => {
    const s = generateSnapshot({ actors: 60, ties: 150, seed: 5 })
    const a = analyse(s)
    const reader = ext === 'gexf' ? 'nx.read_gexf("g.xml")' : 'nx.read_graphml("g.xml")'
    const out = networkx(
      `G = ${reader}
n = G.nodes["a4"]
def edge(eid):
    if G.is_multigraph():
        return [d for u, v, k, d in G.edges(keys=True, data=True) if k == eid or d.get("id") == eid][0]
    return [d for u, v, d in G.edges(data=True) if d.get("id") == eid][0]
e = edge("t8")
print(json.dumps({"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "directed": G.is_directed(),
  "label": n["label"], "role": n["role"], "degree": n["degree"], "betweenness": n["betweenness"], "community": n["community"],
  "edge": [e["trust"], e["kind"]]}))`,
      { 'g.xml': write(s, a) },
    ) as Record<string, unknown>
    const actor = s.actors[3]
    const tie = s.ties.find((t) => t.id === 't8')!
    expect(out).toEqual({
      nodes: 60, edges: 150, directed: true,
      label: actor.name, role: actor.ring, degree: a.metrics.actors.a4.degree,
      betweenness: a.metrics.actors.a4.betweenness, community: a.metrics.actors.a4.community,
      edge: [tie.trust, tie.kind],
    })
  })

  it('gives networkx exact names, odd ids, parallel and opposite edges', () => {
    const s = oddIds()
    const out = networkx(
      `G = ${ext === 'gexf' ? 'nx.read_gexf' : 'nx.read_graphml'}("g.xml")
print(json.dumps({"nodes": sorted(G.nodes()), "edges": G.number_of_edges(),
  "labels": {k: G.nodes[k]["label"] for k in G.nodes()}, "size": G.nodes["toString"].get("size"),
  "multi": G.is_multigraph(), "proto_out": sorted(v for u, v in G.out_edges("__proto__"))}))`,
      { 'g.xml': write(s, analyse(s)) },
    ) as Record<string, unknown>
    expect(out).toEqual({
      nodes: ['__proto__', 'constructor', 'toString'],
      edges: 3,
      labels: { ['__proto__']: 'Proto <&>', constructor: 'Ctor "q"', toString: 'line\nbreak' },
      size: 5,
      multi: false,
      proto_out: ['constructor'],
    })
  })

  it('is deterministic', () => {
    expect(write(tricky, trickyAnalysis)).toBe(write(trickySnapshot(), analyse(trickySnapshot())))
  })
})
