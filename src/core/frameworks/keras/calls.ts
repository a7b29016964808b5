// Calling Keras layers and models: on symbolic KerasTensors (a node in the graph, masks
// passed as Keras passes them) or on concrete tensors; Sequential and functional models on
// new inputs (shapes propagated through the graph), user call() run on stand-ins, with
// build() first as Keras does; what a layer left unbuilt means for the weights.
// Does not: compute layer shapes or weights (build.ts).
import type { Interp } from '../../interp/context';
import {
  CallSite, Dims, InstanceV, NONE, TensorV, truthy, unknown, Value
} from '../../interp/values';
import { KLayer, KNode } from './state';
import type { KerasHost } from './host';
import { callCatalog, catalogShape } from './build';
import { seqBuild, seqLayers } from './models';
import { applyOp } from './tensors';
import { hasUnknownLeaf, shapeToValue, sameNonBatch } from './values';

type Site = CallSite;

export function ensureLayer(host: KerasHost, I: Interp, inst: InstanceV, site: Site): KLayer {
  let K = host.layerOf.get(inst);
  if (!K) {
    const isModel = inst.cls.mro.some(c0 => c0.native === 'keras.Model');
    K = host.newLayer(inst.cls.name, isModel ? 'subclassed' : 'layer', inst, site);
    I.diag('info', 'keras-init', `${inst.cls.name}: super().__init__() was not seen`, site.span);
  }
  return K;
}

export function hasUserMethod(host: KerasHost, inst: InstanceV, name: string): boolean {
  const v = userMethod(host, inst, name);
  return v !== undefined && v.k === 'func';
}

export function userMethod(host: KerasHost, inst: InstanceV, name: string): Value | undefined {
  for (const c0 of inst.cls.mro) {
    if (c0.native) {
      return undefined;
    }
    const v = c0.attrs.get(name);
    if (v !== undefined) {
      return v;
    }
  }
  return undefined;
}

export function callLayer(host: KerasHost, I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
  host.interp = I;
  const K = ensureLayer(host, I, inst, site);
  K.callAttempted = true;
  const first = args[0] ?? kwargs.get('inputs') ?? kwargs.get('query') ?? kwargs.get('x');
  if (!first) {
    return unknown(`${K.name} called without inputs`, site.span);
  }
  const callArgs = K.entry?.special === 'mha' || K.entry?.name === 'GroupedQueryAttention' || K.entry?.name === 'Attention' || K.entry?.name === 'AdditiveAttention'
    ? [first, args[1] ?? kwargs.get('value') ?? NONE, args[2] ?? kwargs.get('key') ?? NONE].filter(v => v.k !== 'none')
    : [first];
  const inputs = host.flatTensors({ k: 'list', items: callArgs });
  if (inputs.length === 0) {
    if (first.k === 'unknown') {
      return first;
    }
    return unknown(`${K.name} called on a value that is not a tensor`, site.span);
  }
  const symbolic = inputs.some(t => host.isSymbolic(t));
  const shapes = inputs.map(t => t.shape);
  const call = userMethod(host, inst, 'call');
  let result: Value;
  const missing = callArgs.some(v => hasUnknownLeaf(v));
  if (missing) {
    // Some inputs are not known (a branch we could not follow): the graph is incomplete.
    const reason = `${K.name} is called on inputs not all known statically (layers feeding it may be missing)`;
    if (!K.unknown.includes(reason)) {
      K.unknown.push(reason);
    }
    result = host.newTensor(null, false);
  } else if (K.kind === 'sequential' && !call) {
    result = callSequential(host, I, K, first, site);
  } else if ((K.kind === 'functional' || K.kind === 'app') && !call) {
    result = callFunctional(host, I, K, shapes);
  } else if (call) {
    result = callUser(host, I, K, inst, call, args, kwargs, site, symbolic);
  } else {
    result = callCatalog(host, I, K, shapes, kwargs, site, first);
  }
  const nodeInputs = host.flatTensors({ k: 'list', items: [...args, ...kwargs.values()] });
  const masks = inputs.map(t => host.tinfo.get(t)?.mask).filter((m): m is TensorV => m !== undefined);
  if (symbolic && masks.length > 0 && K.entry && MASK_CONSUMERS.has(K.entry.name)) {
    nodeInputs.push(...masks);
  }
  const out = wrapResult(host, K, nodeInputs, result, symbolic);
  if (symbolic && K.nodes.length > 0) {
    K.nodes[K.nodes.length - 1].primary = inputs.filter(t => host.isSymbolic(t));
  }
  if (symbolic && out.k === 'tensor' && K.entry) {
    if (K.entry.name === 'Masking') {
      // Keras computes the mask with graph operations: any(not_equal(x, mask_value), axis=-1).
      const ne = applyOp(host, I, 'not_equal', [inputs[0], K.args.get('mask_value') ?? { k: 'float', v: 0 }], new Map(), site);
      const anyT = applyOp(host, I, 'any', [ne], new Map([['axis', { k: 'int', v: -1n } as Value]]), site);
      if (anyT.k === 'tensor') {
        const oi = host.tinfo.get(out);
        if (oi) {
          oi.mask = anyT;
        }
      }
    } else if (K.entry.name === 'Embedding' && truthy(K.args.get('mask_zero') ?? NONE)) {
      // Embedding(mask_zero=True): the mask is not_equal(inputs, 0), a graph operation.
      const ne = applyOp(host, I, 'not_equal', [inputs[0], { k: 'int', v: 0n }], new Map(), site);
      const oi = host.tinfo.get(out);
      if (oi && ne.k === 'tensor') {
        oi.mask = ne;
      }
    } else if (masks.length === 1 && (MASK_PROPAGATORS.has(K.entry.name) ||
      (['LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional', 'ConvLSTM2D'].includes(K.entry.name) && truthy(K.args.get('return_sequences') ?? NONE) === true))) {
      const oi = host.tinfo.get(out);
      if (oi) {
        oi.mask = masks[0];
      }
    }
  }
  return out;
}

/** Turns a call's result into symbolic tensors with a node (symbolic call) or concrete ones. */
export function wrapResult(host: KerasHost, K: KLayer, inputs: TensorV[], result: Value, symbolic: boolean): Value {
  const outShapes = host.flatTensors(result).map(t => t.shape);
  K.lastShape = outShapes.length === 1 ? outShapes[0] : outShapes.length === 0 ? null : outShapes;
  if (!symbolic) {
    return host.mapTensors(result, t => (host.tinfo.has(t) ? t : host.newTensor(t.shape, false)));
  }
  const node: KNode = { op: K, inputs: inputs.filter(t => host.isSymbolic(t)), outputs: [] };
  const wrapped = host.mapTensors(result, t => {
    const o = host.newTensor(t.shape, true, node, node.outputs.length);
    node.outputs.push(o);
    return o;
  });
  node.result = wrapped;
  K.nodes.push(node);
  return wrapped;
}

export function callSequential(host: KerasHost, I: Interp, K: KLayer, first: Value, site: Site): Value {
  if (!K.built || !K.seqFunctional) {
    const t = first.k === 'tensor' ? first : null;
    if (!t) {
      return unknown(`${K.name}: input not known statically`, site.span);
    }
    seqBuild(host, I, K, host.isSymbolic(t) && t.shape ? [null, ...t.shape.slice(1)] : t.shape, site);
  }
  // Run the layers on stand-ins so inner layers record no new nodes.
  let x: Value = host.mapTensors(first, t => host.newTensor(t.shape, false));
  for (const L of seqLayers(host, K)) {
    if (!L.inst) {
      return host.newTensor(null, false);
    }
    x = callLayer(host, I, L.inst, [x], new Map(), site);
  }
  return x;
}

export function callFunctional(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[]): Value {
  const orig = (K.inputs ?? []).map(t => t.shape);
  const sameShapes = orig.length === shapes.length && orig.every((s, i) => sameNonBatch(s, shapes[i]));
  const out = K.outputsV ?? NONE;
  if (!sameShapes && K.kind === 'functional') {
    // Called on other shapes: run the shape rules through the graph again.
    const env = propagate(host, I, K, shapes, 0);
    return host.mapTensors(out, t => host.newTensor(env?.get(t) ?? null, false));
  }
  return host.mapTensors(out, t => host.newTensor(sameShapes && t.shape ? [shapes[0]?.[0] ?? null, ...t.shape.slice(1)] : null, false));
}

/** Output shapes of every tensor of a functional graph for new input shapes (catalog layers only). */
export function propagate(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[], depth: number): Map<TensorV, Dims> | null {
  const ins = K.inputs ?? [];
  if (ins.length !== shapes.length || depth > 8) {
    return null;
  }
  const env = new Map<TensorV, Dims>();
  ins.forEach((t, i) => env.set(t, shapes[i]));
  const site: Site = {};
  for (const op of K.ops ?? []) {
    if (op.kind === 'input') {
      continue;
    }
    for (const node of op.nodes) {
      const prim = node.primary ?? node.inputs;
      if (node.isInput || prim.length === 0 || !node.inputs.every(t => env.has(t)) || node.outputs.every(t => env.has(t))) {
        continue;
      }
      const inShapes = prim.map(t => env.get(t) ?? null);
      let outs: Dims[] | null = null;
      if (op.entry && !(op.inst && hasUserMethod(host, op.inst, 'call')) && !op.entry.special) {
        const o = catalogShape(host, I, op, inShapes, new Map(), site);
        outs = o === null ? null : o.length > 0 && Array.isArray(o[0]) ? (o as Dims[]) : [o as Dims];
      } else if (op.kind === 'functional' && !op.opaque) {
        const sub = propagate(host, I, op, inShapes, depth + 1);
        outs = sub ? (op.outputs ?? []).map(t => sub.get(t) ?? null) : null;
      }
      if (!outs || outs.length !== node.outputs.length) {
        return null;
      }
      node.outputs.forEach((t, i) => env.set(t, (outs as Dims[])[i]));
    }
  }
  return env;
}

export function callUser(host: KerasHost, I: Interp, K: KLayer, inst: InstanceV, call: Value, args: Value[], kwargs: Map<string, Value>, site: Site, symbolic: boolean): Value {
  const standIn = (v: Value): Value => host.mapTensors(v, t => (host.isSymbolic(t) ? host.newTensor(t.shape, false) : t));
  const inArgs = args.map(standIn);
  const inKw = new Map([...kwargs].map(([k, v]) => [k, standIn(v)] as [string, Value]));
  if (!K.built) {
    const build = userMethod(host, inst, 'build');
    const firstT = host.flatTensors(inArgs[0] ?? NONE);
    if (build && build.k === 'func') {
      const shapeV = inArgs[0] && (inArgs[0].k === 'list' || inArgs[0].k === 'tuple')
        ? { k: 'list', items: firstT.map(t => shapeToValue(t.shape)) } as Value
        : shapeToValue(firstT[0]?.shape ?? null);
      I.callValue({ k: 'bound', func: build, self: inst }, [shapeV], new Map(), site);
    }
    K.built = true;
  }
  const fn: Value = call.k === 'func' ? { k: 'bound', func: call, self: inst } : call;
  const r = I.callValue(fn, inArgs, inKw, site);
  for (const L of host.tracked(K)) {
    if (!L.built && (L.entry?.weights || L.entry?.special || (!L.entry && L.kind !== 'input'))) {
      const reason = `${L.name} was not built when ${K.name}.call() was analysed (its weights are not known)`;
      if (!K.unknown.includes(reason)) {
        K.unknown.push(reason);
      }
    }
  }
  if (host.flatTensors(r).length === 0) {
    if (r.k === 'unknown') {
      K.unknown.push(`${K.name}.call: result not known statically (${r.reason})`);
    }
    return symbolic ? host.newTensor(null, false) : r;
  }
  return r;
}

/** Layers whose call() takes the mask (it becomes an input of their graph node). */
export const MASK_CONSUMERS = new Set(['GlobalAveragePooling1D', 'LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional', 'ConvLSTM2D', 'MultiHeadAttention', 'Attention', 'AdditiveAttention', 'TimeDistributed']);

/** Layers that pass a mask through unchanged. */
export const MASK_PROPAGATORS = new Set(['Dropout', 'SpatialDropout1D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'Activation', 'ActivityRegularization', 'Dense', 'LayerNormalization', 'BatchNormalization']);
