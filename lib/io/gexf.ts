/**
 * GEXF 1.2draft (read by Gephi, networkx ≥ 2.8 and graphology): a directed graph with one
 * node per actor and one edge per tie, written by hand rather than through graphology so
 * that any actor id works (graphology keeps neighbours in plain objects, where ids such as
 * `__proto__` break) and the output is deterministic. No dates are written (no clock).
 */
import type { AnalysisResult, CoalitionSnapshot } from '../analysis'
import { EDGE_ATTRS, NODE_ATTRS, nodeValues, numberText, type AttrSpec, type AttrValues } from './graphattrs'
import { xmlAttr } from './xml'

// GEXF has its own `label` on each node; an attribute of the same name would duplicate it.
const GEXF_NODE_ATTRS = NODE_ATTRS.filter((s) => s.name !== 'label')

function attributes(cls: 'node' | 'edge', specs: readonly AttrSpec[]): string[] {
  return [
    `    <attributes class="${cls}">`,
    // The id is the name: graphology keys attributes by id, networkx and Gephi by title.
    ...specs.map((s) => `      <attribute id="${s.name}" title="${s.name}" type="${s.type}"/>`),
    '    </attributes>',
  ]
}

function attvalues(specs: readonly AttrSpec[], values: AttrValues, indent: string): string[] {
  const out: string[] = []
  for (const s of specs) {
    const v = values[s.name]
    if (v !== undefined) out.push(`${indent}  <attvalue for="${s.name}" value="${xmlAttr(typeof v === 'number' ? numberText(v) : v)}"/>`)
  }
  return out.length === 0 ? [] : [`${indent}<attvalues>`, ...out, `${indent}</attvalues>`]
}

/** The coalition as GEXF 1.2draft text. */
export function toGexf(snapshot: CoalitionSnapshot, analysis: AnalysisResult): string {
  const nodes = nodeValues(snapshot, analysis)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
    '  <meta>',
    '    <creator>Coalition Canvas</creator>',
    '  </meta>',
    '  <graph mode="static" defaultedgetype="directed">',
    ...attributes('node', GEXF_NODE_ATTRS),
    ...attributes('edge', EDGE_ATTRS),
    '    <nodes>',
  ]
  snapshot.actors.forEach((a, i) => {
    lines.push(`      <node id="${xmlAttr(a.id)}" label="${xmlAttr(a.name)}">`, ...attvalues(GEXF_NODE_ATTRS, nodes[i], '        '), '      </node>')
  })
  lines.push('    </nodes>', '    <edges>')
  for (const t of snapshot.ties) {
    lines.push(
      `      <edge id="${xmlAttr(t.id)}" source="${xmlAttr(t.from)}" target="${xmlAttr(t.to)}">`,
      ...attvalues(EDGE_ATTRS, { trust: t.trust, kind: t.kind }, '        '),
      '      </edge>',
    )
  }
  lines.push('    </edges>', '  </graph>', '</gexf>')
  return `${lines.join('\n')}\n`
}
