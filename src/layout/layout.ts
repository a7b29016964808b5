// Layered graph layout with @dagrejs/dagre. Pure: no DOM, no worker API, so jest runs it and
// the layout worker just wraps it. Input ids are opaque worker ids ("n0", "c3"), never user
// text, because dagre keeps nodes in plain objects keyed by id.
import dagre from '@dagrejs/dagre';
import type { LayoutInput, LayoutOutput, Point } from './protocol';

/** Room kept above a cluster's first row for its title. */
export const CLUSTER_LABEL_HEIGHT = 18;

export function layoutGraph(input: LayoutInput): LayoutOutput {
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
