// Keyboard moves in the graph view, as pure geometry over the placed nodes: along the dataflow
// (to the successor or predecessor nearest in the cross direction) and across it (to the
// nearest node on that side, preferring the same rank).
// Does not: handle events or draw (graph.ts does).

export interface PlacedPoint {
  x: number;
  y: number;
}

/** The first node in reading order (top-left for top-down, left-top for left-right). */
export function firstNode<T extends PlacedPoint>(nodes: T[], tb: boolean): T | undefined {
  return [...nodes].sort((a, b) => (tb ? a.y - b.y || a.x - b.x : a.x - b.x || a.y - b.y))[0];
}

/** Along the flow: of `options` (the successors or predecessors), the one nearest across it. */
export function alongFlow<T extends PlacedPoint>(nodes: T[], current: T | null, options: T[], tb: boolean): T | undefined {
  if (!current) {
    return firstNode(nodes, tb);
  }
  return [...options].sort((a, b) => (tb ? Math.abs(a.x - current.x) - Math.abs(b.x - current.x) : Math.abs(a.y - current.y) - Math.abs(b.y - current.y)))[0];
}

/** Across the flow, towards `dir` (+1 right/down, -1 left/up): the nearest node on that side. */
export function acrossFlow<T extends PlacedPoint>(nodes: T[], current: T | null, dir: number, tb: boolean): T | undefined {
  if (!current) {
    return firstNode(nodes, tb);
  }
  let best: T | undefined;
  let bestScore = Infinity;
  for (const p of nodes) {
    const dx = tb ? p.x - current.x : p.y - current.y;
    const dy = tb ? p.y - current.y : p.x - current.x;
    if (p === current || Math.sign(dx) !== dir) {
      continue;
    }
    const score = Math.abs(dy) * 4 + Math.abs(dx);
    if (score < bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return best;
}
