// Pure model of what the graph view draws: the IR's dataflow graph with collapsed module
// groups replaced by one node each, expanded groups turned into nested clusters, internal
// edges dropped and parallel edges merged. It also picks a shallower depth automatically
// when a model would otherwise put too many nodes on screen. No DOM, no d3: jest covers it.
import type { Category, Diagnostic, Dim, GraphNode, LayerInfo, ModelIR, Shape, Span } from '../../core/ir';
import { ancestorsOf, layerIndex, sumDims, timesDim } from './dims';
import { FoldState, isExpanded } from './tree';
import type { ErrorMarks } from './problems';

export interface VNode {
  /** View id: 'n:' + graph node id, or 'g:' + layer id for a collapsed group. */
  id: string;
  /** A module call, a collapsed group, or a fold of N identical collapsed groups. */
  kind: 'node' | 'group' | 'fold';
  /** For a fold: the layer ids of the folded groups, in order. */
  foldIds?: string[];
  /** The layer this node stands for (the called module, or the collapsed group). */
  layerId?: string;
  /** Attribute path shown as the node's name ('features.3', 'conv1'); may be empty. */
  name: string;
  type: string;
  category: Category;
  args?: string;
  params: Dim | undefined;
  outputShape?: Shape | Shape[];
  span?: Span;
  /** Number of graph nodes hidden inside a collapsed group. */
  hidden?: number;
  /** Cluster (expanded group) this node sits in. */
  parent?: string;
  /** Parameters and buffers an operation reads (GraphNode.uses), full attribute paths. */
  uses?: string[];
}

export interface VCluster {
  /** 'c:' + layer id. */
  id: string;
  layerId: string;
  name: string;
  type: string;
  parent?: string;
  span?: Span;
}

export interface VEdge {
  from: string;
  to: string;
  shape?: Shape;
  /** How many IR edges this edge stands for. */
  count: number;
}

export interface VisibleGraph {
  nodes: VNode[];
  clusters: VCluster[];
  edges: VEdge[];
  /** The depth actually used (shallower than asked when the graph was too large). */
  depth: number;
  /** True when the depth was reduced to keep the graph responsive. */
  reduced: boolean;
}

/** Layers that are groups: they have children and are not the root. */
export function isGroup(layer: LayerInfo | undefined): boolean {
  return !!layer && layer.id !== '' && layer.parent !== undefined && layer.children.length > 0;
}

/**
 * The chain of groups (outermost first) a graph node sits in. A node calling layer L sits in
 * L's ancestors. An operation the IR places (GraphNode.group: the module whose forward ran
 * it) sits in that module and its ancestors. Otherwise a node without a layer (a functional op,
 * an add) is matched to a layer by the longest prefix of its id ('layer1.0.add_1' ->
 * 'layer1.0'); failing that it sits at the top.
 */
export function groupChain(node: GraphNode, index: Map<string, LayerInfo>): string[] {
  if (node.layer !== undefined && index.has(node.layer)) {
    return ancestorsOf(node.layer, index).filter(id => isGroup(index.get(id)));
  }
  if (node.group !== undefined && index.has(node.group)) {
    return [...ancestorsOf(node.group, index), node.group].filter(id => isGroup(index.get(id)));
  }
  let id = node.id;
  for (;;) {
    const cut = Math.max(id.lastIndexOf('.'), id.lastIndexOf('/'), id.lastIndexOf(':'), id.lastIndexOf('#'), id.lastIndexOf('@'));
    if (cut <= 0) {
      return [];
    }
    id = id.slice(0, cut);
    const layer = index.get(id);
    if (layer && layer.id !== '') {
      const chain = ancestorsOf(id, index).filter(a => isGroup(index.get(a)));
      return isGroup(layer) ? [...chain, id] : chain;
    }
  }
}

/**
 * Group chains for every graph node. Module calls know their layer; functional ops (an add,
 * F.relu) only know their source span, so they are placed in the frame that runs them:
 * - a module call's span is its call site, which lies in the forward() of the layer's parent,
 *   so the call sites of each group's direct children give the lines of its forward();
 * - graph nodes come in execution order, so the nearest module call before the op (in the
 *   same cell) belongs to the same call stack; the op joins the deepest group on that
 *   stack whose forward() lines contain the op's line (give or take a few lines), skipping
 *   library containers, which run no user code.
 * When that finds nothing, the nearest calls before and after the op decide.
 */
export function nodeChains(model: ModelIR, index: Map<string, LayerInfo>): string[][] {
  const nodes = model.graph.nodes;
  const chains = nodes.map(n => groupChain(n, index));
  if (nodes.some(n => n.group !== undefined)) {
    // The trace recorded the module that ran every operation (GraphNode.group); an operation
    // without one ran in the model's own forward. (The placement by spans below is for graphs
    // without that record.)
    return chains;
  }
  const anchored = nodes.map(n => n.layer !== undefined && index.has(n.layer));
  const sameDoc = (a: Span | undefined, b: Span | undefined) => !!a && !!b && a.cell === b.cell && (a.file ?? '') === (b.file ?? '');
  const docKey = (span: Span) => `${span.file ?? ''}\u0000${span.cell}`;
  // Lines of each group's forward(), per cell: from the call sites of its direct children.
  const ranges = new Map<string, Map<string, [number, number]>>();
  nodes.forEach((n, i) => {
    if (!anchored[i] || !n.span) {
      return;
    }
    // The call runs in the forward() of the nearest ancestor that is not a library container.
    let parent = index.get(n.layer!)?.parent;
    for (let guard = 0; parent !== undefined && parent !== '' && index.get(parent)?.category === 'container' && guard < 64; guard++) {
      parent = index.get(parent)?.parent;
    }
    if (parent === undefined) {
      return;
    }
    let byDoc = ranges.get(parent);
    if (!byDoc) {
      byDoc = new Map();
      ranges.set(parent, byDoc);
    }
    const key = docKey(n.span);
    const r = byDoc.get(key);
    byDoc.set(key, r ? [Math.min(r[0], n.span.startLine), Math.max(r[1], n.span.startLine)] : [n.span.startLine, n.span.startLine]);
  });
  const SLACK = 3;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (anchored[i] || chains[i].length > 0 || !n.span) {
      continue;
    }
    const line = n.span.startLine;
    // Frame search along the call stack of the nearest earlier module call in this cell.
    let placed = false;
    for (let j = i - 1; j >= 0 && !placed; j--) {
      const m = nodes[j];
      if (!anchored[j] || !sameDoc(m.span, n.span)) {
        continue;
      }
      const stack = ['', ...chains[j]];
      for (let k = stack.length - 1; k >= 0; k--) {
        // Library containers (Sequential, ModuleList, ...) run no user code of their own.
        if (k > 0 && index.get(stack[k])?.category === 'container') {
          continue;
        }
        const r = ranges.get(stack[k])?.get(docKey(n.span));
        if (r && line >= r[0] - SLACK && line <= r[1] + SLACK) {
          chains[i] = chains[j].slice(0, k);
          placed = true;
          break;
        }
      }
      break;
    }
    if (placed) {
      continue;
    }
    let before: string[] | null = null;
    for (let j = i - 1; j >= 0; j--) {
      const m = nodes[j];
      if (anchored[j] && sameDoc(m.span, n.span)) {
        if (m.span!.startLine <= line) {
          before = chains[j];
        }
        break;
      }
    }
    let after: string[] | null = null;
    for (let j = i + 1; j < nodes.length; j++) {
      const m = nodes[j];
      if (anchored[j] && sameDoc(m.span, n.span)) {
        if (m.span!.startLine >= line) {
          after = chains[j];
        }
        break;
      }
    }
    if (before && after) {
      let k = 0;
      while (k < before.length && k < after.length && before[k] === after[k]) {
        k++;
      }
      chains[i] = before.slice(0, k);
    } else {
      chains[i] = before ?? after ?? [];
    }
  }
  return chains;
}

export function buildVisibleGraph(model: ModelIR, state: FoldState, options: { maxNodes?: number } = {}): VisibleGraph {
  const maxNodes = options.maxNodes ?? 600;
  const index = layerIndex(model);
  const chains = nodeChains(model, index);
  const owners = leafOwners(model, index);
  let graph = build(model, index, chains, state, owners);
  if (graph.nodes.length <= maxNodes) {
    return graph;
  }
  const full = graph;
  // Too many nodes: fall back to shallower depths until it fits. Groups the user opened stay
  // open, so expanding one group of a huge model still works.
  for (let depth = Math.min(state.depth, 8) - 1; depth >= 1; depth--) {
    graph = build(model, index, chains, { ...state, depth }, owners);
    if (graph.nodes.length <= maxNodes) {
      return { ...graph, depth, reduced: true };
    }
  }
  // Shallower is no smaller (a flat chain of a thousand layers): the graph as it is, and no
  // notice that groups were collapsed.
  return graph.nodes.length < full.nodes.length ? { ...graph, depth: 1, reduced: true } : full;
}

/**
 * Operations that stand for a leaf module of the user's: the one operation its forward ran
 * (a LayerNorm written as F.layer_norm(x, ..., self.weight, self.bias)) is drawn as that
 * module, with its name, type and parameters.
 */
function leafOwners(model: ModelIR, index: Map<string, LayerInfo>): Map<string, LayerInfo> {
  const count = new Map<string, number>();
  for (const n of model.graph.nodes) {
    if (n.layer === undefined && n.group !== undefined && n.category !== 'input') {
      count.set(n.group, (count.get(n.group) ?? 0) + 1);
    }
  }
  const out = new Map<string, LayerInfo>();
  for (const n of model.graph.nodes) {
    const layer = n.layer === undefined && n.group !== undefined ? index.get(n.group) : undefined;
    if (layer && layer.children.length === 0 && count.get(layer.id) === 1 && n.category !== 'input') {
      out.set(n.id, layer);
    }
  }
  return out;
}

function build(model: ModelIR, index: Map<string, LayerInfo>, chains: string[][], state: FoldState, owners: Map<string, LayerInfo>): VisibleGraph {
  const nodes: VNode[] = [];
  const clusters = new Map<string, VCluster>();
  const map = new Map<string, string>();
  const groupNodes = new Map<string, VNode>();

  const clusterFor = (chain: string[]): string | undefined => {
    let parent: string | undefined;
    for (const gid of chain) {
      const cid = 'c:' + gid;
      if (!clusters.has(cid)) {
        const layer = index.get(gid)!;
        clusters.set(cid, { id: cid, layerId: gid, name: layer.id, type: layer.type, parent, span: layer.span });
      }
      parent = cid;
    }
    return parent;
  };

  // A library container holding nothing but a fold of identical blocks (GPT's ModuleList of
  // Blocks) opens by itself, so the blocks show as "Block × N" rather than one closed list.
  const autoOpen = new Set<string>();
  for (const f of model.graph.folds ?? []) {
    const parent = index.get(f.ids[0])?.parent;
    const layer = parent !== undefined ? index.get(parent) : undefined;
    if (layer && layer.category === 'container' && layer.children.length === f.ids.length && !state.collapsed.has(layer.id)) {
      autoOpen.add(layer.id);
    }
  }
  const open = (gid: string): boolean => autoOpen.has(gid) || isExpanded(index.get(gid)!, state);
  model.graph.nodes.forEach((n, i) => {
    const chain = chains[i];
    const cut = chain.findIndex(gid => !open(gid));
    if (cut >= 0) {
      const gid = chain[cut];
      const vid = 'g:' + gid;
      let g = groupNodes.get(vid);
      if (!g) {
        const layer = index.get(gid)!;
        g = {
          id: vid,
          kind: 'group',
          layerId: gid,
          name: layer.id,
          type: layer.type,
          category: layer.category,
          args: layer.args,
          params: layer.params,
          outputShape: layer.outputShape,
          span: layer.span,
          hidden: 0,
          parent: clusterFor(chain.slice(0, cut))
        };
        groupNodes.set(vid, g);
        nodes.push(g);
      }
      g.hidden = (g.hidden ?? 0) + 1;
      map.set(n.id, vid);
      return;
    }
    const owner = owners.get(n.id);
    const layer = n.layer !== undefined ? index.get(n.layer) : owner;
    const vid = 'n:' + n.id;
    nodes.push({
      id: vid,
      kind: 'node',
      layerId: layer?.id,
      name: layer ? layer.id : '',
      type: (owner ? owner.type : n.type) || layer?.type || n.label,
      category: n.category,
      args: layer?.args,
      params: layer ? layer.params : undefined,
      outputShape: n.outputShape ?? layer?.outputShape,
      // Clicking a module call goes to where the layer is defined, an op to where it runs.
      span: layer?.span ?? n.span,
      parent: clusterFor(chain),
      // a module drawn for its one operation owns what that operation reads
      ...(n.uses?.length && !owner ? { uses: n.uses } : {})
    });
    map.set(n.id, vid);
  });

  const edges: VEdge[] = [];
  const seen = new Map<string, VEdge>();
  for (const e of model.graph.edges) {
    const from = map.get(e.from);
    const to = map.get(e.to);
    if (!from || !to || from === to) {
      continue;
    }
    const key = from + '\u0000' + to;
    const existing = seen.get(key);
    if (existing) {
      existing.count++;
      continue;
    }
    const edge: VEdge = { from, to, shape: e.shape, count: 1 };
    seen.set(key, edge);
    edges.push(edge);
  }
  foldRuns(nodes, edges, index, state);
  // Keep only clusters that contain something (a cluster whose members all collapsed away
  // into a group node of a deeper level still contains that node, so this is rare).
  const used = new Set<string>();
  for (const n of nodes) {
    let c = n.parent;
    while (c && !used.has(c)) {
      used.add(c);
      c = clusters.get(c)?.parent;
    }
  }
  return {
    nodes,
    clusters: [...clusters.values()].filter(c => used.has(c.id)),
    edges,
    depth: state.depth,
    reduced: false
  };
}

/** Lower-case text a search matches against: name, type and arguments. */
export function searchText(node: VNode): string {
  return `${node.name} ${node.type} ${node.args ?? ''}`.toLowerCase();
}

/**
 * Folds runs of collapsed sibling groups with the same structural signature that form a
 * simple chain (each feeds only the next, nothing enters or leaves in the middle) into one
 * "Block x N" node, unless the user unfolded that run (FoldState.unfolded, shared with the
 * table). Mutates `nodes` and `edges`.
 */
function foldRuns(nodes: VNode[], edges: VEdge[], index: Map<string, LayerInfo>, state: FoldState): void {
  const groupNode = new Map<string, VNode>();
  for (const n of nodes) {
    if (n.kind === 'group' && n.layerId !== undefined) {
      groupNode.set(n.layerId, n);
    }
  }
  if (groupNode.size < 2) {
    return;
  }
  const parents = new Set<string>();
  for (const id of groupNode.keys()) {
    const parent = index.get(id)?.parent;
    if (parent !== undefined) {
      parents.add(parent);
    }
  }
  const replace = new Map<string, string>();
  const removed = new Set<string>();
  for (const parentId of parents) {
    const children = index.get(parentId)?.children ?? [];
    let i = 0;
    while (i < children.length) {
      const first = groupNode.get(children[i]);
      const sig = first ? index.get(children[i])?.signature : undefined;
      let j = i + 1;
      if (first && sig) {
        while (j < children.length && groupNode.has(children[j]) && index.get(children[j])?.signature === sig) {
          j++;
        }
      }
      const run = children.slice(i, j).map(id => groupNode.get(id)!);
      i = j;
      if (run.length < 2 || state.unfolded.has(run[0].layerId!) || !isChain(run, edges)) {
        continue;
      }
      const ids = run.map(n => n.layerId!);
      const params = run.every(n => n.params !== undefined && typeof n.params === 'object' && n.params !== null)
        ? timesDim(run[0].params as Dim, run.length)
        : sumDims(run.map(n => (n.params === undefined ? null : n.params)));
      const fold: VNode = {
        ...run[0],
        id: 'f:' + ids[0],
        kind: 'fold',
        foldIds: ids,
        name: `${ids[0]} … ${ids[ids.length - 1]}`,
        params,
        outputShape: run[run.length - 1].outputShape,
        hidden: run.reduce((sum, n) => sum + (n.hidden ?? 0), 0)
      };
      nodes[nodes.indexOf(run[0])] = fold;
      for (const n of run) {
        replace.set(n.id, fold.id);
        if (n !== run[0]) {
          removed.add(n.id);
        }
      }
    }
  }
  if (!replace.size) {
    return;
  }
  for (let k = nodes.length - 1; k >= 0; k--) {
    if (removed.has(nodes[k].id)) {
      nodes.splice(k, 1);
    }
  }
  const seen = new Map<string, VEdge>();
  const out: VEdge[] = [];
  for (const e of edges) {
    const from = replace.get(e.from) ?? e.from;
    const to = replace.get(e.to) ?? e.to;
    if (from === to) {
      continue;
    }
    const key = from + '\u0000' + to;
    const existing = seen.get(key);
    if (existing) {
      existing.count += e.count;
      continue;
    }
    const edge = { ...e, from, to };
    seen.set(key, edge);
    out.push(edge);
  }
  edges.splice(0, edges.length, ...out);
}

/** Whether the nodes form a chain: only the first has outside inputs, only the last outside outputs. */
function isChain(run: VNode[], edges: VEdge[]): boolean {
  const pos = new Map(run.map((n, i) => [n.id, i]));
  // Nodes nothing flows into (inputs, buffers, constants) may feed any block of the run.
  const targets = new Set(edges.map(e => e.to));
  const sources = new Set(edges.filter(e => !targets.has(e.from)).map(e => e.from));
  let links = 0;
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (a !== undefined && b !== undefined) {
      if (b !== a + 1) {
        return false;
      }
      links++;
    } else if (b !== undefined && b !== 0) {
      if (!sources.has(e.from)) {
        return false; // enters in the middle (side inputs such as buffers are fine)
      }
    } else if (a !== undefined && a !== run.length - 1) {
      return false; // leaves from the middle
    }
  }
  return links >= run.length - 1;
}

/** The errors a visible node stands for: its call and its layer, or any layer inside its group. */
export function errorsOfNode(node: VNode, marks: ErrorMarks | null): Diagnostic[] {
  if (!marks || (!marks.layers.size && !marks.nodes.size)) {
    return [];
  }
  const out = new Set<Diagnostic>();
  if (node.kind === 'node') {
    marks.nodes.get(node.id.slice(2))?.forEach(d => out.add(d));
    if (node.layerId !== undefined) {
      marks.layers.get(node.layerId)?.forEach(d => out.add(d));
    }
  } else {
    const roots = node.foldIds ?? (node.layerId !== undefined ? [node.layerId] : []);
    for (const [id, list] of marks.layers) {
      if (roots.some(r => id === r || id.startsWith(r + '.'))) {
        list.forEach(d => out.add(d));
      }
    }
  }
  return [...out];
}
