/**
 * GraphML (read by networkx, Gephi, yEd, Cytoscape and graphology): a directed graph with
 * the same attributes as the GEXF export. Written by hand for the same reasons (any id,
 * deterministic output).
 */
import type { AnalysisResult, CoalitionSnapshot } from '../analysis'
import { EDGE_ATTRS, NODE_ATTRS, nodeValues, numberText, type AttrSpec, type AttrType } from './graphattrs'
import { xmlAttr, xmlText } from './xml'

const GRAPHML_TYPE: Record<AttrType, string> = { string: 'string', integer: 'int', double: 'double' }

function keys(cls: 'node' | 'edge', specs: readonly AttrSpec[]): string[] {
  return specs.map((s) => `  <key id="${cls[0]}_${s.name}" for="${cls}" attr.name="${s.name}" attr.type="${GRAPHML_TYPE[s.type]}"/>`)
}

function data(cls: 'node' | 'edge', specs: readonly AttrSpec[], values: Record<string, string | number | undefined>): string[] {
  const out: string[] = []
  for (const s of specs) {
    const v = values[s.name]
    if (v !== undefined) out.push(`      <data key="${cls[0]}_${s.name}">${xmlText(typeof v === 'number' ? numberText(v) : v)}</data>`)
  }
  return out
}

/** The coalition as GraphML text. */
export function toGraphml(snapshot: CoalitionSnapshot, analysis: AnalysisResult): string {
  const nodes = nodeValues(snapshot, analysis)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keys('node', NODE_ATTRS),
    ...keys('edge', EDGE_ATTRS),
    '  <graph id="coalition" edgedefault="directed">',
  ]
  snapshot.actors.forEach((a, i) => {
    lines.push(`    <node id="${xmlAttr(a.id)}">`, ...data('node', NODE_ATTRS, nodes[i]), '    </node>')
  })
  for (const t of snapshot.ties) {
    lines.push(`    <edge id="${xmlAttr(t.id)}" source="${xmlAttr(t.from)}" target="${xmlAttr(t.to)}">`, ...data('edge', EDGE_ATTRS, { trust: t.trust, kind: t.kind }), '    </edge>')
  }
  lines.push('  </graph>', '</graphml>')
  return `${lines.join('\n')}\n`
}
