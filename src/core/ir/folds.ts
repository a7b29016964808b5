// Folds of a model's dataflow graph: runs of consecutive sibling blocks (layers with children)
// with the same structural signature that form a chain in the graph — everything entering
// block k > 0 comes from block k - 1 (or from a source nothing flows into), everything leaving
// block k < last goes to block k + 1 — so views and exports can draw them as one "Block × N".
// A graph node belongs to the blocks that contain its layer, or the module whose forward ran
// it (GraphNode.group).
// Does not: compute signatures (the frameworks' extractors do) or decide how a fold is drawn.
import type { GraphFold, GraphNode, LayerInfo, ModelIR } from '../ir';

/** The layers a graph node sits in, innermost first (the root '' left out). */
export function ownerChain(node: GraphNode, index: Map<string, LayerInfo>): string[] {
  const out: string[] = [];
  let id: string | undefined = node.layer ?? node.group;
  for (let guard = 0; id !== undefined && id !== '' && guard < 256; guard++) {
    const layer = index.get(id);
    if (!layer) {
      break;
    }
    out.push(id);
    id = layer.parent;
  }
  return out;
}

/** The folds of `model`'s graph, outer runs before the runs inside them. */
export function graphFolds(model: Pick<ModelIR, 'layers' | 'graph'>): GraphFold[] {
  const index = new Map(model.layers.map(l => [l.id, l]));
  // Candidate runs: consecutive siblings with children and one signature.
  const runs: string[][] = [];
  for (const layer of model.layers) {
    const kids = layer.children;
    let i = 0;
    while (i < kids.length) {
      const first = index.get(kids[i]);
      const sig = first && first.children.length > 0 ? first.signature : undefined;
      let j = i + 1;
      if (sig) {
        while (j < kids.length && index.get(kids[j])?.signature === sig && (index.get(kids[j])?.children.length ?? 0) > 0) {
          j++;
        }
      }
      if (j - i >= 2) {
        runs.push(kids.slice(i, j));
      }
      i = j;
    }
  }
  if (runs.length === 0) {
    return [];
  }
  // Which block of which run each layer is.
  const blockOf = new Map<string, [number, number]>();
  runs.forEach((run, r) => run.forEach((id, k) => blockOf.set(id, [r, k])));
  const nodeBlocks = new Map<string, Map<number, number>>();
  for (const n of model.graph.nodes) {
    const m = new Map<number, number>();
    for (const id of ownerChain(n, index)) {
      const b = blockOf.get(id);
      if (b) {
        m.set(b[0], b[1]);
      }
    }
    nodeBlocks.set(n.id, m);
  }
  const hasInput = new Set(model.graph.edges.map(e => e.to));
  const broken = new Set<number>();
  const links = runs.map(run => new Array<boolean>(Math.max(0, run.length - 1)).fill(false));
  const none = new Map<number, number>();
  for (const e of model.graph.edges) {
    const from = nodeBlocks.get(e.from) ?? none;
    const to = nodeBlocks.get(e.to) ?? none;
    for (const r of new Set([...from.keys(), ...to.keys()])) {
      const a = from.get(r);
      const b = to.get(r);
      const last = runs[r].length - 1;
      if (a !== undefined && b !== undefined) {
        if (b === a + 1) {
          links[r][a] = true;
        } else if (b !== a) {
          broken.add(r);
        }
      } else if (b !== undefined) {
        if (b !== 0 && hasInput.has(e.from)) {
          broken.add(r); // enters in the middle (a source such as arange may feed any block)
        }
      } else if (a !== undefined && a !== last) {
        broken.add(r); // leaves from the middle
      }
    }
  }
  const folds: GraphFold[] = [];
  runs.forEach((run, r) => {
    if (!broken.has(r) && links[r].every(x => x)) {
      folds.push({ ids: run, type: index.get(run[0])?.type ?? '' });
    }
  });
  return folds;
}
