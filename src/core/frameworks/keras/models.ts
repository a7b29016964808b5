// Sequential and functional models: layers added to a Sequential (built once its input is
// known, as Keras builds an inner functional graph), the graph of a functional model ordered
// as Keras' map_graph orders it, and the weights of a model and why some are not known.
// Does not: call layers (calls.ts) or make the IR (extract.ts).
import type { Interp } from '../../interp/context';
import {
  CallSite, Dims, TensorV, unknown, Value
} from '../../interp/values';
import { childLayers, collectWeights, KLayer, KNode } from './state';
import type { KerasHost } from './host';
import { callLayer } from './calls';
import { makeInputLayer } from './construct';
import { hasUnknownLeaf, shapeToValue } from './values';

type Site = CallSite;

export function seqAdd(host: KerasHost, I: Interp, K: KLayer, v: Value, rebuild: boolean, site: Site): void {
  const layers = K.layers ?? (K.layers = []);
  let L: KLayer | undefined;
  if (v.k === 'tensor') {
    const info = host.tinfo.get(v);
    if (info?.node?.isInput) {
      L = info.node.op;
    }
  } else if (v.k === 'instance') {
    L = host.layerOf.get(v);
  }
  if (!L) {
    K.unknown.push(`a layer added to ${K.name} is not known statically`);
    I.diag('info', 'unknown-layer', `a layer added to Sequential '${K.name}' is not known statically`, site.span);
    return;
  }
  if (layers.length === 0 && L.inputShapeArg !== undefined && L.kind !== 'input') {
    const inp = host.newLayer('InputLayer', 'input', undefined, site);
    makeInputLayer(host, I, inp, [], new Map([['batch_shape', shapeToValue(L.inputShapeArg ? [null, ...L.inputShapeArg] : null)]]));
    layers.push(inp);
  }
  if (L.kind === 'input' && layers.length > 0 && layers[0].kind === 'input') {
    I.diag('error', 'bad-argument', 'Sequential: an InputLayer can only be the first layer', site.span);
    return;
  }
  layers.push(L);
  K.built = false;
  K.seqFunctional = false;
  if (rebuild) {
    seqMaybeRebuild(host, I, K, site);
  }
}

export function seqMaybeRebuild(host: KerasHost, I: Interp, K: KLayer, site: Site): void {
  const layers = K.layers ?? [];
  K.built = false;
  K.seqFunctional = false;
  if (layers.length > 1 && layers[0].kind === 'input') {
    seqBuild(host, I, K, layers[0].batchShape ?? null, site);
  } else if (layers.length > 1 && (layers[0].kind === 'functional' || layers[0].kind === 'app') && layers[0].inputs?.length === 1) {
    seqBuild(host, I, K, layers[0].inputs[0].shape, site);
  } else if (layers.length > 1 && layers[0].kind === 'sequential' && layers[0].seqFunctional && layers[0].layers?.[0]?.kind === 'input') {
    seqBuild(host, I, K, layers[0].layers[0].batchShape ?? null, site);
  }
}

export function seqBuild(host: KerasHost, I: Interp, K: KLayer, batchShape: Dims, site: Site): void {
  const layers = K.layers ?? [];
  if (layers.length === 0) {
    I.diag('error', 'bad-argument', `Sequential model ${K.name} cannot be built because it has no layers`, site.span);
    return;
  }
  if (layers[0].kind !== 'input') {
    const inp = host.newLayer('InputLayer', 'input', undefined, site);
    makeInputLayer(host, I, inp, [], new Map([['batch_shape', shapeToValue(batchShape)]]));
    layers.unshift(inp);
  }
  let x: Value = layers[0].tensor ?? unknown('input');
  for (const L of layers.slice(1)) {
    if (!L.inst) {
      x = unknown('layer without instance');
      break;
    }
    x = callLayer(host, I, L.inst, [x], new Map(), site);
  }
  // Keras builds an inner Functional here (it consumes a 'functional' name).
  host.autoName('Functional');
  K.built = true;
  K.seqFunctional = true;
  K.outputsV = x;
  K.inputs = layers[0].tensor ? [layers[0].tensor] : [];
}

/** Sequential.layers: without the leading InputLayer. */
export function seqLayers(host: KerasHost, K: KLayer): KLayer[] {
  const ls = K.layers ?? [];
  return ls.length > 0 && ls[0].kind === 'input' ? ls.slice(1) : ls;
}

export function makeFunctional(host: KerasHost, I: Interp, K: KLayer, inputsV: Value, outputsV: Value, site: Site): void {
  K.inputsV = inputsV;
  K.outputsV = outputsV;
  const ins = host.flatTensors(inputsV);
  const outs = host.flatTensors(outputsV);
  K.inputs = ins;
  K.outputs = outs;
  K.built = true;
  if (hasUnknownLeaf(inputsV) || hasUnknownLeaf(outputsV)) {
    K.unknown.push('some inputs/outputs of this functional model are not known statically');
  }
  if (ins.length === 0 || outs.length === 0 || [...ins, ...outs].some(t => !host.isSymbolic(t))) {
    K.unknown.push('the inputs/outputs of this functional model are not symbolic tensors known statically');
    I.diag('info', 'unknown-graph', `keras.Model '${K.name}': inputs/outputs not known statically`, site.span);
    K.ops = [];
    return;
  }
  K.ops = mapGraph(host, K, ins, outs);
}

/** Keras' map_graph: operations ordered by depth from the outputs, ties by walk order. */
export function mapGraph(host: KerasHost, K: KLayer, ins: TensorV[], outs: TensorV[]): KLayer[] {
  const finished = new Set<KNode>();
  const inProgress = new Set<KNode>();
  const order: KNode[] = [];
  const opIndex = new Map<KLayer, number>();
  const inputSet = new Set(ins);
  // Keras' _build_map_helper as an explicit stack (deep graphs must not exhaust the JS stack).
  const enter = (t: TensorV): { node: KNode; next: number; walk: boolean } | null => {
    const node = host.tinfo.get(t)?.node;
    if (!node || finished.has(node) || inProgress.has(node)) {
      return null;
    }
    if (!opIndex.has(node.op)) {
      opIndex.set(node.op, opIndex.size);
    }
    inProgress.add(node);
    const walk = !node.isInput && !inputSet.has(t);
    if (walk && node.op.kind === 'app' && (node.op as KLayer & { appNode?: KNode }).appNode === node) {
      K.opaque = node.op.opaque;
    }
    return { node, next: 0, walk };
  };
  for (const out of outs) {
    const first = enter(out);
    const stack = first ? [first] : [];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.walk && top.next < top.node.inputs.length) {
        const child = enter(top.node.inputs[top.next++]);
        if (child) {
          stack.push(child);
        }
        continue;
      }
      stack.pop();
      finished.add(top.node);
      inProgress.delete(top.node);
      order.push(top.node);
    }
  }
  const nodeDepth = new Map<KNode, number>();
  const opDepth = new Map<KLayer, number>();
  for (const node of [...order].reverse()) {
    let depth = nodeDepth.get(node) ?? 0;
    if (!nodeDepth.has(node)) {
      nodeDepth.set(node, 0);
    }
    depth = Math.max(depth, opDepth.get(node.op) ?? 0);
    opDepth.set(node.op, depth);
    nodeDepth.set(node, depth);
    if (!node.isInput) {
      for (const x of node.inputs) {
        const parent = host.tinfo.get(x)?.node;
        if (parent) {
          nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
        }
      }
    }
  }
  for (const t of ins) {
    const op = host.tinfo.get(t)?.node?.op;
    if (op && !opDepth.has(op)) {
      opDepth.set(op, 0);
      opIndex.set(op, -1);
    }
  }
  const byDepth = new Map<number, KLayer[]>();
  for (const [op, d] of opDepth) {
    const l = byDepth.get(d) ?? [];
    l.push(op);
    byDepth.set(d, l);
  }
  const out: KLayer[] = [];
  for (const d of [...byDepth.keys()].sort((a, b) => b - a)) {
    const l = byDepth.get(d) as KLayer[];
    l.sort((a, b) => (opIndex.get(a) ?? 0) - (opIndex.get(b) ?? 0));
    out.push(...l);
  }
  return out;
}

export function weightsOf(host: KerasHost, K: KLayer): ReturnType<typeof collectWeights> {
  return collectWeights(K, host.tracked);
}

/** Every reason some weight of K (or below) is not known. */
export function unknownReasons(host: KerasHost, K: KLayer): string[] {
  const out: string[] = [];
  const seen = new Set<KLayer>();
  const visit = (L: KLayer): void => {
    if (seen.has(L)) {
      return;
    }
    seen.add(L);
    out.push(...L.unknown);
    if (L.unknownAttrs) {
      out.push(...L.unknownAttrs.values());
    }
    for (const ch of childLayers(L, host.tracked)) {
      visit(ch);
    }
  };
  visit(K);
  return out;
}
