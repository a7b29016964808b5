// Which part of a large graph's drawing is put in the DOM. Every SVG text costs layout time,
// so a 1,000-layer chain drawn whole takes most of a second to lay out in the browser, on
// every change; drawn around the view it takes milliseconds. The window drawn is the view (the
// visible part of the drawing, from the zoom transform and the canvas size) grown by a margin
// on each side, so small pans draw nothing; a pan or zoom that leaves it, or a zoom in that
// makes it far larger than the view, draws a new one.
// Does not: draw (graph.ts), lay out, or decide which nodes the graph has (graph-model.ts).

/** A rectangle of the drawing, in layout units. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The window of a graph drawn whole. */
export const EVERYTHING: Box = { x0: -Infinity, y0: -Infinity, x1: Infinity, y1: Infinity };

/**
 * Up to this many nodes a graph is drawn whole: a few hundred nodes lay out in the browser in
 * well under 100 ms, and everything stays in the DOM (find in page, tests, screen readers).
 */
export const WINDOWED_NODES = 150;

/** Margin around the view, on each side, as a fraction of the view's width and height. */
export const MARGIN = 0.5;

/** A window more than this many times the view's area (after zooming in) is redrawn smaller. */
const MAX_AREA_RATIO = 16;

/** Room around a node's box for its stacked card and error mark. */
const NODE_PAD = 8;

/** The visible part of the drawing for a zoom transform and a canvas size (CSS pixels). */
export function viewBox(t: { k: number; x: number; y: number }, width: number, height: number): Box {
  return { x0: (0 - t.x) / t.k, y0: (0 - t.y) / t.k, x1: (width - t.x) / t.k, y1: (height - t.y) / t.k };
}

/** `box` grown by `fraction` of its width and height on each side. */
export function grow(box: Box, fraction: number): Box {
  const dx = (box.x1 - box.x0) * fraction;
  const dy = (box.y1 - box.y0) * fraction;
  return { x0: box.x0 - dx, y0: box.y0 - dy, x1: box.x1 + dx, y1: box.y1 + dy };
}

export function intersects(a: Box, b: Box): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

export function contains(outer: Box, inner: Box): boolean {
  return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
}

/** The box of a node centred at (x, y), with room for its decorations. */
export function nodeBox(n: { x: number; y: number; w: number; h: number }): Box {
  return { x0: n.x - n.w / 2 - NODE_PAD, y0: n.y - n.h / 2 - NODE_PAD, x1: n.x + n.w / 2 + NODE_PAD, y1: n.y + n.h / 2 + NODE_PAD };
}

/** The bounding box of an edge's points and its label (empty box far away without points). */
export function pointsBox(points: Array<{ x: number; y: number }>, label?: { x: number; y: number }): Box {
  const all = label ? [...points, label] : points;
  if (!all.length) {
    return { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  }
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of all) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  // edge labels are drawn around their point: keep them in when the point is just outside
  return { x0: x0 - 60, y0: y0 - 10, x1: x1 + 60, y1: y1 + 10 };
}

/**
 * Whether the window drawn still serves the view: it covers the view and is not much larger
 * than it (after zooming in, nodes far outside the view would only cost layout time).
 */
export function serves(window: Box | null, view: Box): boolean {
  if (!window) {
    return false;
  }
  if (window === EVERYTHING) {
    return true;
  }
  if (!contains(window, view)) {
    return false;
  }
  const area = (b: Box) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
  return area(window) <= area(view) * MAX_AREA_RATIO;
}

/** The window to draw for a view. */
export function windowFor(view: Box): Box {
  return grow(view, MARGIN);
}
