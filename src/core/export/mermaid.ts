// Mermaid flowchart of a model's dataflow graph, collapsed to a readable depth: graph nodes
// inside a module deeper than `depth` (library containers such as ModuleList not counted)
// merge into that module's node; a fold of identical blocks (GraphFold, ir/folds.ts) is one
// "Block × N" node; operations of a leaf module of the user's (a LayerNorm written with
// F.layer_norm) are that module's node; the modules left open are subgraphs. Node ids are
// generated (n0, g0, ...); every label goes through mermaidLabel, so no notebook text can
// break out.
// Does not: compute folds or groups (the IR carries them) or lay the chart out.
import type { ArchitectureIR, GraphFold, GraphNode, LayerInfo, ModelIR } from '../ir';
import { graphFolds, ownerChain } from '../ir/folds';
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
  const folds = model.graph.folds ?? graphFolds(model);
  let chart = collapse(model, depth, folds);
  while (chart.nodes.length > maxNodes && depth > 1) {
    depth--;
    chart = collapse(model, depth, folds);
  }
  const lines = [`flowchart ${options.direction ?? 'TD'}`];
  const ids = new Map<string, string>();
  chart.nodes.forEach((n, i) => ids.set(n.key, `n${i}`));
  // Subgraphs nest as the modules do; nodes are written inside the innermost one.
  const byCluster = new Map<string, Chart['nodes']>();
  for (const n of chart.nodes) {
    const list = byCluster.get(n.cluster ?? '');
    if (list) {
      list.push(n);
    } else {
      byCluster.set(n.cluster ?? '', [n]);
    }
  }
  const children = new Map<string, string[]>();
  for (const c of chart.clusters.values()) {
    const list = children.get(c.parent ?? '');
    if (list) {
      list.push(c.id);
    } else {
      children.set(c.parent ?? '', [c.id]);
    }
  }
  let sub = 0;
  const write = (cluster: string, indent: string): void => {
    for (const n of byCluster.get(cluster) ?? []) {
      lines.push(`${indent}${ids.get(n.key)}["${mermaidLabel(n.label)}"]`);
    }
    for (const c of children.get(cluster) ?? []) {
      const info = chart.clusters.get(c)!;
      lines.push(`${indent}subgraph g${sub++}["${mermaidLabel(info.label)}"]`);
      write(c, indent + '  ');
      lines.push(`${indent}end`);
    }
  };
  write('', '  ');
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
  nodes: Array<{ key: string; label: string; cluster?: string }>;
  clusters: Map<string, { id: string; label: string; parent?: string }>;
  edges: Array<{ from: string; to: string; label?: string }>;
}

function collapse(model: ModelIR, depth: number, folds: GraphFold[]): Chart {
  const layers = new Map(model.layers.map(l => [l.id, l]));
  const foldOf = new Map<string, GraphFold>();
  for (const f of folds) {
    for (const id of f.ids) {
      if (!foldOf.has(id)) {
        foldOf.set(id, f);
      }
    }
  }
  const clusters: Chart['clusters'] = new Map();
  const clusterOf = (open: string[]): string | undefined => {
    let parent: string | undefined;
    for (const id of open) {
      const key = 'c:' + id;
      if (!clusters.has(key)) {
        const layer = layers.get(id);
        clusters.set(key, { id: key, label: `${id}: ${layer?.type ?? ''}`, parent });
      }
      parent = key;
    }
    return parent;
  };
  /** The chart node a graph node merges into, and the modules left open around it. */
  const place = (node: GraphNode): { key: string; label: string; open: string[] } => {
    const chain = ownerChain(node, layers).reverse();
    const open: string[] = [];
    let level = 0;
    for (const id of chain) {
      const layer = layers.get(id) as LayerInfo;
      const fold = foldOf.get(id);
      if (fold) {
        const first = fold.ids[0];
        const last = fold.ids[fold.ids.length - 1];
        return { key: 'fold:' + first, label: `${first} … ${last}: ${fold.type} × ${fold.ids.length}`, open };
      }
      if (layer.category === 'container') {
        continue; // ModuleList, Sequential, ModuleDict: no level of their own
      }
      level++;
      // Cut at the depth asked, and at a leaf module whose forward ran this operation.
      if (level >= depth || (id !== node.layer && layer.children.length === 0) || id === node.layer) {
        return { key: 'layer:' + id, label: `${id}: ${layer.type}`, open };
      }
      open.push(id);
    }
    return { key: 'node:' + node.id, label: node.label || node.type, open };
  };
  const nodes: Chart['nodes'] = [];
  const seen = new Set<string>();
  const nodeKey = new Map<string, string>();
  for (const node of model.graph.nodes) {
    const { key, label, open } = place(node);
    nodeKey.set(node.id, key);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const cluster = clusterOf(open);
    nodes.push(cluster ? { key, label, cluster } : { key, label });
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
  return { nodes, clusters, edges };
}
