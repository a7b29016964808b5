// Attributes of Keras layers and models: name, trainable, built, layers, inputs/outputs,
// output_shape, add, pop, build, add_weight, get_layer, count_params, weights and variables,
// fit/compile/predict (not run), call, compute_output_shape; setting trainable (on layers and
// on Keras 3 variables) and attributes that may hide layers; containers in havocked code.
// Does not: construct or call layers (construct.ts, calls.ts).
import type { Interp } from '../../interp/context';
import { polyConst, polyConstValue } from '../../interp/poly';
import {
  asInt, CallSite, Dims, freshId, InstanceV, NONE, str, TensorV, truthy, unknown, Value
} from '../../interp/values';
import { childLayers, countWeights, KLayer, KWeight, mayHaveWeights } from './state';
import type { KerasHost } from './host';
import { buildCatalog, callCatalog, catalogShape } from './build';
import { callLayer, ensureLayer, userMethod } from './calls';
import { seqAdd, seqBuild, seqLayers, seqMaybeRebuild, unknownReasons, weightsOf } from './models';
import { mayHideLayer, shapeFromValue, shapeToValue } from './values';

type Site = CallSite;

export function instanceAttr(host: KerasHost, I: Interp, inst: InstanceV, name: string, site: Site): Value | undefined {
  host.interp = I;
  const K = host.layerOf.get(inst);
  if (!K) {
    if (name === 'add_weight' || name === 'build' || name === 'call') {
      ensureLayer(host, I, inst, site);
      return instanceAttr(host, I, inst, name, site);
    }
    return undefined;
  }
  const fnv = (n: string, fn: (a: Value[], kw: Map<string, Value>, s: Site) => Value): Value => ({ k: 'builtin', name: `${K.cls}.${n}`, fn });
  switch (name) {
    case 'name':
      return str(K.name);
    case 'trainable':
      return K.trainableUnknown ? unknown(K.trainableUnknown) : { k: 'bool', v: K.trainable };
    case 'built':
      return { k: 'bool', v: K.built };
    case 'layers': {
      if (K.kind === 'app') {
        K.trainableUnknown = K.trainableUnknown ?? `${K.name}: its layers were used, but the layers of a keras.applications model are not modelled`;
        return unknown(`the layers of ${K.name} (a keras.applications model) are not modelled`, site.span);
      }
      const ls = K.kind === 'sequential' ? seqLayers(host, K) : K.kind === 'functional' ? (K.ops ?? []).filter(o => !o.isOp) : host.tracked(K);
      if (K.kind === 'functional' && K.opaque) {
        K.trainableUnknown = K.trainableUnknown ?? K.opaque;
        return unknown(K.opaque, site.span);
      }
      return { k: 'list', items: ls.map(l => (l.inst ? (l.inst as Value) : layerInstance(host, l))) };
    }
    case 'input':
    case 'inputs':
    case 'output':
    case 'outputs': {
      const many = name.endsWith('s');
      if (K.kind === 'functional' || K.kind === 'app') {
        const ts = name.startsWith('input') ? K.inputs : K.outputs;
        if (!ts) {
          return unknown(`${K.name}.${name}`, site.span);
        }
        if (many) {
          return { k: 'list', items: ts };
        }
        const v = name === 'input' ? K.inputsV : K.outputsV;
        return v ?? unknown(`${K.name}.${name}`);
      }
      if (K.kind === 'sequential' && K.seqFunctional) {
        const ls = K.layers ?? [];
        const t = name.startsWith('input') ? ls[0]?.tensor : K.outputsV;
        if (t) {
          return many ? { k: 'list', items: [t] } : t;
        }
      }
      const node = K.nodes[0];
      if (node) {
        const ts = name.startsWith('input') ? node.inputs : node.outputs;
        return many ? { k: 'list', items: ts } : ts.length === 1 ? ts[0] : { k: 'list', items: ts };
      }
      return unknown(`${K.name}.${name} is not known statically`, site.span);
    }
    case 'output_shape': {
      const s = K.nodes.length > 0 ? K.nodes[K.nodes.length - 1].outputs.map(t => t.shape) : null;
      return s && s.length === 1 ? shapeToValue(s[0]) : unknown('output_shape');
    }
    case 'add':
      return fnv('add', (a, kw, s) => {
        if (K.kind === 'sequential') {
          seqAdd(host, I, K, a[0] ?? kw.get('layer') ?? NONE, true, s);
        }
        return NONE;
      });
    case 'pop':
      return fnv('pop', (_a, _kw, s) => {
        if (K.kind === 'sequential' && K.layers) {
          const ls = seqLayers(host, K);
          const last = ls[ls.length - 1];
          if (last) {
            K.layers.splice(K.layers.indexOf(last), 1);
            seqMaybeRebuild(host, I, K, s);
            return last.inst ?? NONE;
          }
        }
        return unknown('pop');
      });
    case 'build':
      return fnv('build', (a, kw, s) => {
        K.callAttempted = true;
        const shapeV = a[0] ?? kw.get('input_shape') ?? NONE;
        if (K.kind === 'sequential') {
          seqBuild(host, I, K, shapeFromValue(shapeV), s);
          return NONE;
        }
        if (K.entry) {
          const sh = shapeFromValue(shapeV);
          buildCatalog(host, I, K, [sh], s);
          K.lastShape = catalogShape(host, I, K, [sh], new Map(), s);
          return NONE;
        }
        if (K.kind === 'subclassed') {
          // Keras 3: Model.build() without a build() of its own does not build sub-layers.
          I.diag('info', 'keras-build', `${K.name}.build(): the model defines no build(), so Keras does not build its layers`, s.span);
          K.built = true;
          K.builtWithoutBuild = true;
          return NONE;
        }
        K.built = true;
        return NONE;
      });
    case 'add_weight':
      return fnv('add_weight', (a, kw) => {
        const names = ['shape', 'initializer', 'dtype', 'trainable', 'autocast', 'regularizer', 'constraint', 'aggregation', 'overwrite_with_gradient', 'name'];
        const get = (n: string): Value | undefined => {
          const i = names.indexOf(n);
          return a[i] ?? kw.get(n);
        };
        const shV = get('shape');
        const shape = !shV || shV.k === 'none' ? [] : shapeFromValue(shV);
        const tr = get('trainable');
        const trainable = tr ? truthy(tr) : true;
        if (trainable === null) {
          K.trainableUnknown = `${K.name}: add_weight(trainable=...) not known statically`;
        }
        const t = host.newTensor(shape, false);
        t.isParam = true;
        const nm = get('name');
        const w: KWeight = { id: freshId(), name: nm && nm.k === 'str' ? nm.v : 'variable', shape, trainable: trainable !== false, tensor: t };
        if (!shape) {
          K.unknown.push(`${K.name}.add_weight: shape not known statically`);
        }
        K.weights.push(w);
        return t;
      });
    case 'get_layer':
      return fnv('get_layer', (a, kw) => {
        const n = a[0] ?? kw.get('name');
        const idx = kw.get('index') ?? (n && n.k === 'int' ? n : undefined);
        const ls = K.kind === 'sequential' ? seqLayers(host, K) : K.kind === 'functional' ? (K.ops ?? []).filter(o => !o.isOp) : host.tracked(K);
        if (K.kind === 'app' || K.opaque) {
          K.trainableUnknown = K.trainableUnknown ?? `${K.name}: a layer inside a keras.applications model was used`;
          return unknown('get_layer on an opaque model');
        }
        let L: KLayer | undefined;
        if (n && n.k === 'str') {
          L = ls.find(l => l.name === n.v);
        } else if (idx) {
          const i = asInt(idx);
          L = i === null ? undefined : ls[Number(i)];
        }
        return L ? (L.inst ?? layerInstance(host, L)) : unknown('get_layer: not found statically');
      });
    case 'count_params':
      return fnv('count_params', () => {
        const ws = weightsOf(host, K);
        const n = countWeights(ws.all);
        if (!K.built || n === null || unknownReasons(host, K).length > 0) {
          return unknown(`${K.name}.count_params() not known statically`);
        }
        const v = polyConstValue(n);
        return v === null ? { k: 'sym', p: n } : { k: 'int', v };
      });
    case 'weights':
    case 'trainable_weights':
    case 'non_trainable_weights':
    case 'variables':
    case 'trainable_variables': {
      const ws = weightsOf(host, K);
      const list = name.startsWith('trainable') ? ws.trainable : name.startsWith('non') ? ws.all.filter(w => !ws.trainable.includes(w)) : ws.all;
      if (ws.trainableUnknown && name !== 'weights' && name !== 'variables') {
        return unknown(ws.trainableUnknown);
      }
      return { k: 'list', items: list.map(w => weightTensor(host, w)) };
    }
    case 'summary':
    case 'compile':
    case 'fit':
    case 'evaluate':
    case 'predict':
    case 'save':
    case 'save_weights':
    case 'load_weights':
    case 'adapt':
    case 'reset_states':
    case 'train_on_batch':
    case 'set_weights':
      return fnv(name, (_a, _kw, s) => {
        if (name === 'load_weights' || name === 'set_weights' || name === 'adapt' || name === 'summary' || name === 'compile' || name === 'save' || name === 'save_weights') {
          return NONE;
        }
        if ((name === 'fit' || name === 'evaluate' || name === 'predict') && callOnFirstBatch(host, I, inst, K, name, _a, _kw, s)) {
          return unknown(`${K.name}.${name}() is not run statically`, s.span);
        }
        // fit/evaluate/predict build a model's unbuilt layers from the data's shape, which we
        // do not follow: their weights are then not known (rather than an unbuilt layer's 0).
        if (childLayers(K, host.tracked).some(L => !L.built && mayHaveWeights(L))) {
          K.callAttempted = true;
        } else if (K.kind === 'subclassed' && !K.built && !userMethod(host, inst, 'build')) {
          // Its layers are all built and it has no build() of its own: the first batch
          // builds it without new weights (a VAE over a built encoder and decoder).
          K.built = true;
        }
        return unknown(`${K.name}.${name}() is not run statically`, s.span);
      });
    case 'get_config':
      return fnv(name, () => unknown('get_config'));
    case 'call':
      return fnv('call', (a, kw, s) => callCatalog(host, I, K, host.flatTensors(a[0] ?? NONE).map(t => t.shape), kw, s, a[0] ?? NONE));
    case 'compute_output_shape':
      return fnv(name, (a, kw, s) => {
        const sh = shapeFromValue(a[0] ?? kw.get('input_shape') ?? NONE);
        const o = catalogShape(host, I, K, [sh], new Map(), s);
        return o && !Array.isArray(o[0]) ? shapeToValue(o as Dims) : unknown('compute_output_shape');
      });
    case '__call__':
      return fnv(name, (a, kw, s) => callLayer(host, I, inst, a, kw, s));
    default:
      {
        // Weights by name (layer.kernel, embedding.embeddings, bn.gamma), once built.
        const w = K.weights.find(x => x.name === name);
        if (w) {
          return weightTensor(host, w);
        }
      }
      if (K.args.has(name)) {
        return K.args.get(name);
      }
      if (K.entry && ['units', 'filters', 'kernel_size', 'rate', 'activation'].includes(name)) {
        return unknown(`${K.name}.${name}`);
      }
      return undefined;
  }
}

/**
 * fit / evaluate / predict on a Sequential or subclassed model that was never built: Keras
 * builds it by calling it on the first batch of x, batch_size rows (32 when not given, all
 * of x when it has fewer). The same call here, so the data's shape is the input evidence.
 * False (nothing done) when the model is built, x is not one array of known shape, or
 * fit's validation_split changes the rows.
 */
function callOnFirstBatch(host: KerasHost, I: Interp, inst: InstanceV, K: KLayer, method: string, a: Value[], kw: Map<string, Value>, s: Site): boolean {
  if ((K.kind !== 'sequential' && K.kind !== 'subclassed') || K.built || K.nodes.length > 0 || kw.has('validation_split')) {
    return false;
  }
  const x = a[0] ?? kw.get('x');
  if (!x || x.k !== 'tensor' || !x.shape || x.shape.length === 0) {
    return false;
  }
  const bsV = kw.get('batch_size') ?? a[method === 'predict' ? 1 : 2];
  const bs = bsV && bsV.k !== 'none' ? asInt(bsV) : 32n;
  const n = x.shape[0] ? polyConstValue(x.shape[0]) : null;
  const rows = bs !== null && bs > 0n && n !== null ? (n < bs ? n : bs) : null;
  const batch = host.newTensor([rows === null ? null : polyConst(rows), ...x.shape.slice(1)], false);
  callLayer(host, I, inst, [batch], new Map(), s);
  return true;
}

export function layerInstance(host: KerasHost, L: KLayer): Value {
  const cls = host.nativeClass(L.cls, `keras.internal.${L.cls}`);
  const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), mod: { modules: new Map(), params: new Map(), buffers: new Map(), unknownParams: [] } };
  host.layerOf.set(inst, L);
  L.inst = inst;
  return inst;
}

export function setModuleAttr(host: KerasHost, inst: InstanceV, name: string, value: Value): boolean {
  const K = host.layerOf.get(inst);
  if (!K) {
    return false;
  }
  if (name === 'trainable') {
    const t = truthy(value);
    setTrainable(host, K, t, new Set());
    return true;
  }
  if (name === 'built') {
    const t = truthy(value);
    if (t !== null) {
      K.built = t;
    }
    return true;
  }
  if (name === 'name' && value.k === 'str') {
    K.name = value.v;
    return false;
  }
  // An attribute from a call we could not follow may be a layer: its weights would be missing.
  if (mayHideLayer(value)) {
    K.unknownAttrs = K.unknownAttrs ?? new Map();
    K.unknownAttrs.set(name, `${K.name}.${name} is not known statically (it may hold layers)`);
  } else {
    K.unknownAttrs?.delete(name);
  }
  return false;
}

/** The tensor standing for a weight (layer.kernel, layer.weights[i]): one per weight. */
export function weightTensor(host: KerasHost, w: KWeight): TensorV {
  if (!w.tensor) {
    w.tensor = host.newTensor(w.shape, false);
    w.tensor.isParam = true;
    host.weightOfTensor.set(w.tensor, w);
  }
  return w.tensor;
}

/** Keras' trainable setter: sets the flag on the layer and every layer below it (and on the
 * variables made trainable, so their own settings are replaced). */
export function setTrainable(host: KerasHost, K: KLayer, t: boolean | null, seen: Set<KLayer>): void {
  if (seen.has(K)) {
    return;
  }
  seen.add(K);
  for (const w of K.weights) {
    if (w.trainable) {
      w.override = undefined;
    }
  }
  if (t === null) {
    K.trainableUnknown = `${K.name}.trainable is set to a value not known statically`;
  } else {
    K.trainable = t;
    K.trainableUnknown = undefined;
  }
  for (const ch of childLayers(K, host.tracked)) {
    setTrainable(host, ch, t, seen);
  }
}

/** `model.add(...)` in a loop or branch not known statically: the model stays, its structure is unknown. */
export function havocInstance(host: KerasHost, inst: InstanceV, reason: string): boolean {
  const K = host.layerOf.get(inst);
  if (!K) {
    return false;
  }
  const r = `${K.name}: layers were added or removed in code not known statically (${reason})`;
  if (!K.unknown.includes(r)) {
    K.unknown.push(r);
  }
  return true;
}

export function iterModule(host: KerasHost, inst: InstanceV): Value[] | null {
  const K = host.layerOf.get(inst);
  if (K && K.kind === 'sequential') {
    return seqLayers(host, K).map(l => l.inst ?? layerInstance(host, l));
  }
  return null;
}

/** `variable.trainable = x` (Keras 3 variables have a settable flag). */
export function setTensorAttr(host: KerasHost, t: TensorV, name: string, value: Value): boolean {
  const w = host.weightOfTensor.get(t);
  if (!w || name !== 'trainable') {
    return false;
  }
  w.override = truthy(value);
  return true;
}
