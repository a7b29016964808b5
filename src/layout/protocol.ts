// Messages between the panel and the layout Web Worker. Plain JSON shapes only. Ids are the
// worker's own opaque strings ("n12"): the panel maps its ids (which contain notebook text)
// to them, so no user text ever becomes a key inside the layout library's objects.

export type RankDir = 'TB' | 'LR';

export interface LayoutNodeIn {
  id: string;
  width: number;
  height: number;
  /** Id of the enclosing cluster, if any. */
  parent?: string;
}

export interface LayoutClusterIn {
  id: string;
  parent?: string;
}

export interface LayoutEdgeIn {
  from: string;
  to: string;
  /** Size of the edge label; omitted for unlabelled edges (and on very large graphs). */
  labelWidth?: number;
  labelHeight?: number;
}

export interface LayoutInput {
  rankdir: RankDir;
  nodes: LayoutNodeIn[];
  clusters: LayoutClusterIn[];
  edges: LayoutEdgeIn[];
}

export interface Point {
  x: number;
  y: number;
}

export interface LayoutOutput {
  width: number;
  height: number;
  /** Centres, in the order of the input nodes. */
  nodes: Point[];
  /** Boxes (top-left corner), in the order of the input clusters. */
  clusters: Array<{ x: number; y: number; width: number; height: number }>;
  /** Polyline and label centre per input edge, in input order. */
  edges: Array<{ points: Point[]; label?: Point }>;
  /** Milliseconds the layout itself took. */
  ms: number;
}

export interface LayoutRequest {
  type: 'layout';
  id: number;
  input: LayoutInput;
}

export type LayoutResponse =
  | { type: 'result'; id: number; output: LayoutOutput }
  | { type: 'error'; id: number; message: string };
