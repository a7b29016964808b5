// Pure row model of the summary table: which layers are visible given the depth control and
// the user's own expand/collapse clicks, and which runs of structurally identical siblings
// fold into one "Block x N" row. No DOM here, so jest covers it.
import type { Dim, LayerInfo, ModelIR, Shape } from '../../core/ir';
import { layerIndex, rootLayer, sumDims, timesDim } from './dims';

/** Collapse state shared by the table and the graph; survives live updates (ids are stable). */
export interface FoldState {
  /** Groups deeper than this are collapsed unless the user opened them. */
  depth: number;
  /** Layer ids the user expanded although they are at or beyond `depth`. */
  expanded: Set<string>;
  /** Layer ids the user collapsed although they are above `depth`. */
  collapsed: Set<string>;
  /** First ids of "Block x N" folds the user opened. */
  unfolded: Set<string>;
}

export function createFoldState(depth: number): FoldState {
  return { depth, expanded: new Set(), collapsed: new Set(), unfolded: new Set() };
}

/** Whether a group layer shows its children. The root always does. */
export function isExpanded(layer: LayerInfo, state: FoldState, isRoot = false): boolean {
  if (isRoot) {
    return true;
  }
  if (state.collapsed.has(layer.id)) {
    return false;
  }
  if (state.expanded.has(layer.id)) {
    return true;
  }
  return layer.depth < state.depth;
}

export function setExpanded(layer: LayerInfo, state: FoldState, open: boolean): void {
  state.expanded.delete(layer.id);
  state.collapsed.delete(layer.id);
  const byDepth = layer.depth < state.depth;
  if (open !== byDepth) {
    (open ? state.expanded : state.collapsed).add(layer.id);
  }
}

export interface FoldInfo {
  count: number;
  ids: string[];
  params: Dim;
  trainableParams: Dim;
  outputShape?: Shape | Shape[];
}

export interface TableRow {
  /** Layer id, or 'fold:' + first id for a folded run (a key, never shown). */
  key: string;
  layer: LayerInfo;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  fold?: FoldInfo;
  /** Set on the rows of an opened fold: the fold's first id (to fold it back). */
  inFold?: string;
}

/** Runs of >= 2 consecutive composite siblings with the same structural signature. */
export function findFolds(children: LayerInfo[]): Array<{ start: number; count: number }> {
  const out: Array<{ start: number; count: number }> = [];
  let i = 0;
  while (i < children.length) {
    const sig = children[i].signature;
    let j = i + 1;
    if (sig && children[i].children.length > 0) {
      while (j < children.length && children[j].signature === sig) {
        j++;
      }
    }
    if (j - i >= 2) {
      out.push({ start: i, count: j - i });
    }
    i = j;
  }
  return out;
}

export function foldInfo(layers: LayerInfo[]): FoldInfo {
  const first = layers[0];
  const all = layers.map(l => l.params);
  // Identical blocks: show N x (block) when symbolic so the expression stays readable.
  const params = all.every(p => typeof p === 'object' && p !== null) ? timesDim(first.params, layers.length) : sumDims(all);
  const trainable = sumDims(layers.map(l => l.trainableParams));
  return {
    count: layers.length,
    ids: layers.map(l => l.id),
    params,
    trainableParams: trainable,
    outputShape: layers[layers.length - 1].outputShape
  };
}

/** The visible rows, root first, in module order. */
export function tableRows(model: ModelIR, state: FoldState, options: { fold?: boolean } = {}): TableRow[] {
  const index = layerIndex(model);
  const root = rootLayer(model);
  const rows: TableRow[] = [];
  if (!root) {
    return rows;
  }
  const fold = options.fold !== false;
  const seen = new Set<string>();
  const visit = (layer: LayerInfo, isRoot: boolean, inFold?: string): void => {
    if (seen.has(layer.id)) {
      return; // defensive: a malformed tree must not loop
    }
    seen.add(layer.id);
    const children = layer.children.map(c => index.get(c)).filter((c): c is LayerInfo => !!c);
    const expanded = children.length > 0 && isExpanded(layer, state, isRoot);
    rows.push({ key: layer.id, layer, depth: layer.depth, hasChildren: children.length > 0, expanded, inFold });
    if (!expanded) {
      return;
    }
    const folds = fold ? findFolds(children) : [];
    let f = 0;
    for (let i = 0; i < children.length; i++) {
      const run = folds[f];
      if (run && run.start === i) {
        f++;
        const members = children.slice(i, i + run.count);
        const first = members[0];
        if (!state.unfolded.has(first.id)) {
          rows.push({
            key: 'fold:' + first.id,
            layer: first,
            depth: first.depth,
            hasChildren: true,
            expanded: false,
            fold: foldInfo(members)
          });
          members.forEach(m => seen.add(m.id));
          i += run.count - 1;
          continue;
        }
        for (const m of members) {
          visit(m, false, first.id);
        }
        i += run.count - 1;
        continue;
      }
      visit(children[i], false);
    }
  };
  visit(root, true);
  return rows;
}

/** Deepest layer depth in the model (for the depth control's range). */
export function maxDepth(model: ModelIR): number {
  return model.layers.reduce((m, l) => Math.max(m, l.depth), 0);
}
