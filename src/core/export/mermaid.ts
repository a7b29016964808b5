// Mermaid flowchart of a model's dataflow graph, collapsed to a readable depth: nodes inside
// a module deeper than `depth` merge into that module's node. Node ids are generated
// (n0, n1, ...); every label goes through mermaidLabel, so no notebook text can break out.
import type { ArchitectureIR, GraphNode, ModelIR } from '../ir';
import { mermaidLabel } from './escape';
import { formatShape } from './format';

export interface MermaidOptions {
  /** Module nesting shown; deeper modules are folded into their ancestor at this depth. */
  depth?: number;
  /** Above this many nodes the depth is reduced until the chart fits. */
  maxNodes?: number;
  direction?: 'TD' | 'LR';
}

export function modelToMermaid(model: ModelIR, options: MermaidOptions = {}): string {
  const maxNodes = options.maxNodes ?? 80;
  let depth = options.depth ?? 2;
  let chart = collapse(model, depth);
  while (chart.nodes.length > maxNodes && depth > 1) {
    depth--;
    chart = collapse(model, depth);
  }
  const lines = [`flowchart ${options.direction ?? 'TD'}`];
  const ids = new Map<string, string>();
  chart.nodes.forEach((n, i) => {
    ids.set(n.key, `n${i}`);
    lines.push(`  n${i}["${mermaidLabel(n.label)}"]`);
  });
  for (const e of chart.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) {
      continue;
    }
    lines.push(e.label ? `  ${from} -->|"${mermaidLabel(e.label)}"| ${to}` : `  ${from} --> ${to}`);
  }
  if (chart.nodes.length === 0) {
    lines.push(`  n0["${mermaidLabel(model.name)}"]`);
  }
  return lines.join('\n');
}

/** Every model's chart, each introduced by a Mermaid comment naming it. */
export function irToMermaid(ir: ArchitectureIR, options: MermaidOptions = {}): string {
  return ir.models.map(m => `%% ${mermaidLabel(m.name)}\n${modelToMermaid(m, options)}`).join('\n\n') + '\n';
}

interface Chart {
  nodes: Array<{ key: string; label: string }>;
  edges: Array<{ from: string; to: string; label?: string }>;
}

function collapse(model: ModelIR, depth: number): Chart {
  const layers = new Map(model.layers.map(l => [l.id, l]));
  const keyOf = (node: GraphNode): string => {
    if (node.layer === undefined) {
      return 'node:' + node.id;
    }
    const parts = node.layer.split('.');
    return 'layer:' + parts.slice(0, Math.max(1, depth)).join('.');
  };
  const nodes: Chart['nodes'] = [];
  const seen = new Set<string>();
  const nodeKey = new Map<string, string>();
  for (const node of model.graph.nodes) {
    const key = keyOf(node);
    nodeKey.set(node.id, key);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    if (key.startsWith('layer:')) {
      const id = key.slice('layer:'.length);
      const layer = layers.get(id);
      const type = layer?.type ?? node.type;
      nodes.push({ key, label: id === node.layer ? `${id}: ${node.label || type}` : `${id}: ${type}` });
    } else {
      nodes.push({ key, label: node.label || node.type });
    }
  }
  const edges: Chart['edges'] = [];
  const edgeSeen = new Set<string>();
  for (const e of model.graph.edges) {
    const from = nodeKey.get(e.from);
    const to = nodeKey.get(e.to);
    if (!from || !to || from === to) {
      continue;
    }
    const k = from + '\u0000' + to;
    if (edgeSeen.has(k)) {
      continue;
    }
    edgeSeen.add(k);
    edges.push({ from, to, label: e.shape ? formatShape(e.shape) : undefined });
  }
  return { nodes, edges };
}
