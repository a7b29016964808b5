// Layered graph layout with @dagrejs/dagre. Pure: no DOM, no worker API, so jest runs it and
// the layout worker just wraps it. Input ids are opaque worker ids ("n0", "c3"), never user
// text, because dagre keeps nodes in plain objects keyed by id.
import dagre from '@dagrejs/dagre';
import type { LayoutInput, LayoutOutput, Point } from './protocol';

/** Room kept above a cluster's first row for its title. */
export const CLUSTER_LABEL_HEIGHT = 18;

/** Beyond this many nodes dagre is not even tried (its time and recursion depth grow too much). */
export const DAGRE_MAX_NODES = 1500;

/**
 * Lays the graph out with dagre, or - when the graph is too large, or dagre's recursion
 * overflows the worker's stack on a very long chain - with a simple layered fallback that is
 * linear in the size of the graph. Either way the panel gets positions.
 */
/** dagre recurses along paths; longer chains than this overflow a worker's stack. */
export const DAGRE_MAX_PATH = 400;

export function layoutGraph(input: LayoutInput): LayoutOutput {
  if (input.nodes.length <= DAGRE_MAX_NODES && longestPath(input) <= DAGRE_MAX_PATH) {
    try {
      return dagreLayout(input);
    } catch (error) {
      if (!(error instanceof RangeError)) {
        throw error;
      }
    }
  }
  return simpleLayout(input);
}

/** Number of edges on the longest path (cycles are cut where Kahn's algorithm stalls). */
export function longestPath(input: LayoutInput): number {
  const index = new Map<string, number>();
  input.nodes.forEach((node, i) => index.set(node.id, i));
  const succ: number[][] = input.nodes.map(() => []);
  const indeg = new Array<number>(input.nodes.length).fill(0);
  for (const e of input.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined && a !== b) {
      succ[a].push(b);
      indeg[b]++;
    }
  }
  const depth = new Array<number>(input.nodes.length).fill(0);
  const stack: number[] = [];
  indeg.forEach((d, i) => d === 0 && stack.push(i));
  let best = 0;
  while (stack.length) {
    const v = stack.pop()!;
    for (const w of succ[v]) {
      depth[w] = Math.max(depth[w], depth[v] + 1);
      best = Math.max(best, depth[w]);
      if (--indeg[w] === 0) {
        stack.push(w);
      }
    }
  }
  return best;
}

export function dagreLayout(input: LayoutInput): LayoutOutput {
  const started = Date.now();
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  const large = input.nodes.length > 400;
  g.setGraph({
    rankdir: input.rankdir,
    nodesep: input.rankdir === 'TB' ? 22 : 14,
    ranksep: input.rankdir === 'TB' ? 36 : 44,
    edgesep: 10,
    marginx: 16,
    marginy: 16,
    // network-simplex is the best ranker but grows super-linearly; longest-path stays fast
    // on the 1,000+ node graphs the issue asks for.
    ranker: large ? 'longest-path' : 'network-simplex'
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of input.clusters) {
    g.setNode(c.id, { paddingTop: CLUSTER_LABEL_HEIGHT });
  }
  for (const c of input.clusters) {
    if (c.parent) {
      g.setParent(c.id, c.parent);
    }
  }
  for (const n of input.nodes) {
    g.setNode(n.id, { width: n.width, height: n.height });
    if (n.parent) {
      g.setParent(n.id, n.parent);
    }
  }
  input.edges.forEach((e, i) => {
    const label: Record<string, unknown> = { minlen: 1, weight: 1 };
    if (e.labelWidth && e.labelHeight) {
      label.width = e.labelWidth;
      label.height = e.labelHeight;
      label.labelpos = 'c';
    }
    g.setEdge(e.from, e.to, label, 'e' + i);
  });
  dagre.layout(g);

  const nodes: Point[] = input.nodes.map(n => {
    const v = g.node(n.id) as { x: number; y: number };
    return { x: v.x, y: v.y };
  });
  const clusters = input.clusters.map(c => {
    const v = g.node(c.id) as { x: number; y: number; width: number; height: number };
    return { x: v.x - v.width / 2, y: v.y - v.height / 2, width: v.width, height: v.height };
  });
  const edges = input.edges.map((e, i) => {
    const v = g.edge(e.from, e.to, 'e' + i) as { points?: Point[]; x?: number; y?: number };
    const points = (v?.points ?? []).map(p => ({ x: p.x, y: p.y })).filter(p => Number.isFinite(p.x) && Number.isFinite(p.y));
    const label = v && typeof v.x === 'number' && typeof v.y === 'number' ? { x: v.x, y: v.y } : undefined;
    return { points, label };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, clusters, edges, ms: Date.now() - started };
}

/**
 * Linear-time layered layout: ranks by longest path (Kahn's order, cycles broken by input
 * order), one barycenter pass to order each rank, straight edges, clusters as bounding boxes.
 * Less pretty than dagre, but it never fails and stays fast for any size.
 */
export function simpleLayout(input: LayoutInput): LayoutOutput {
  const started = Date.now();
  const tb = input.rankdir === 'TB';
  const n = input.nodes.length;
  const index = new Map<string, number>();
  input.nodes.forEach((node, i) => index.set(node.id, i));
  const succ: number[][] = input.nodes.map(() => []);
  const pred: number[][] = input.nodes.map(() => []);
  const indeg = new Array<number>(n).fill(0);
  for (const e of input.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) {
      continue;
    }
    succ[a].push(b);
    pred[b].push(a);
    indeg[b]++;
  }
  const rank = new Array<number>(n).fill(0);
  const done = new Array<boolean>(n).fill(false);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    if (indeg[i] === 0) {
      queue.push(i);
    }
  }
  let next = 0;
  for (let processed = 0; processed < n; ) {
    if (queue.length === 0) {
      // A cycle: release the first unprocessed node.
      while (done[next]) {
        next++;
      }
      queue.push(next);
      indeg[next] = 0;
    }
    const v = queue.shift()!;
    if (done[v]) {
      continue;
    }
    done[v] = true;
    processed++;
    for (const w of succ[v]) {
      rank[w] = Math.max(rank[w], rank[v] + 1);
      if (--indeg[w] === 0) {
        queue.push(w);
      }
    }
  }
  const ranks: number[][] = [];
  for (let i = 0; i < n; i++) {
    (ranks[rank[i]] ??= []).push(i);
  }
  const order = new Array<number>(n).fill(0);
  const along = (i: number) => (tb ? input.nodes[i].height : input.nodes[i].width);
  const across = (i: number) => (tb ? input.nodes[i].width : input.nodes[i].height);
  const gap = tb ? 22 : 14;
  const rankGap = tb ? 40 : 50;
  const pos: Point[] = input.nodes.map(() => ({ x: 0, y: 0 }));
  let offset = 0;
  for (const r of ranks) {
    if (!r) {
      continue;
    }
    const bary = (i: number) => (pred[i].length ? pred[i].reduce((s, p) => s + order[p], 0) / pred[i].length : order[i]);
    r.sort((a, b) => bary(a) - bary(b) || a - b);
    const size = r.reduce((s, i) => s + across(i), 0) + gap * (r.length - 1);
    let cursor = -size / 2;
    const depth = Math.max(...r.map(along));
    r.forEach((i, k) => {
      order[i] = k;
      const c = cursor + across(i) / 2;
      cursor += across(i) + gap;
      pos[i] = tb ? { x: c, y: offset + depth / 2 } : { x: offset + depth / 2, y: c };
    });
    offset += depth + rankGap;
  }
  // Clusters: bounding boxes of their members, innermost first so parents include children.
  const boxes = input.clusters.map(() => ({ x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity }));
  const cIndex = new Map<string, number>();
  input.clusters.forEach((c, i) => cIndex.set(c.id, i));
  const grow = (ci: number | undefined, x0: number, y0: number, x1: number, y1: number, guard: number) => {
    while (ci !== undefined && guard-- > 0) {
      const b = boxes[ci];
      b.x0 = Math.min(b.x0, x0 - 10);
      b.y0 = Math.min(b.y0, y0 - 10 - CLUSTER_LABEL_HEIGHT);
      b.x1 = Math.max(b.x1, x1 + 10);
      b.y1 = Math.max(b.y1, y1 + 10);
      x0 = b.x0;
      y0 = b.y0;
      x1 = b.x1;
      y1 = b.y1;
      const parent = input.clusters[ci].parent;
      ci = parent === undefined ? undefined : cIndex.get(parent);
    }
  };
  input.nodes.forEach((node, i) => {
    if (node.parent !== undefined) {
      const p = pos[i];
      grow(cIndex.get(node.parent), p.x - node.width / 2, p.y - node.height / 2, p.x + node.width / 2, p.y + node.height / 2, 64);
    }
  });
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  input.nodes.forEach((node, i) => {
    minX = Math.min(minX, pos[i].x - node.width / 2);
    minY = Math.min(minY, pos[i].y - node.height / 2);
    maxX = Math.max(maxX, pos[i].x + node.width / 2);
    maxY = Math.max(maxY, pos[i].y + node.height / 2);
  });
  for (const b of boxes) {
    if (Number.isFinite(b.x0)) {
      minX = Math.min(minX, b.x0);
      minY = Math.min(minY, b.y0);
      maxX = Math.max(maxX, b.x1);
      maxY = Math.max(maxY, b.y1);
    }
  }
  if (!Number.isFinite(minX)) {
    minX = minY = maxX = maxY = 0;
  }
  const dx = 16 - minX;
  const dy = 16 - minY;
  const nodes = pos.map(p => ({ x: p.x + dx, y: p.y + dy }));
  const clusters = boxes.map(b =>
    Number.isFinite(b.x0) ? { x: b.x0 + dx, y: b.y0 + dy, width: b.x1 - b.x0, height: b.y1 - b.y0 } : { x: 0, y: 0, width: 0, height: 0 }
  );
  const edges = input.edges.map(e => {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined) {
      return { points: [] };
    }
    const na = input.nodes[a];
    const nb = input.nodes[b];
    const p = nodes[a];
    const q = nodes[b];
    const start = tb ? { x: p.x, y: p.y + na.height / 2 } : { x: p.x + na.width / 2, y: p.y };
    const end = tb ? { x: q.x, y: q.y - nb.height / 2 } : { x: q.x - nb.width / 2, y: q.y };
    const mid = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
    return { points: [start, mid, end], label: mid };
  });
  return { width: maxX - minX + 32, height: maxY - minY + 32, nodes, clusters, edges, ms: Date.now() - started };
}
