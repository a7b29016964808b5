// Attributes of Keras layers and models: name, trainable, built, layers, inputs/outputs,
// output_shape, add, pop, build, add_weight, get_layer, count_params, weights and variables,
// fit/compile/predict (not run), call, compute_output_shape; setting trainable (on layers and
// on Keras 3 variables) and attributes that may hide layers; containers in havocked code.
// Does not: construct or call layers (construct.ts, calls.ts).
import type { Interp } from '../../interp/context';
import { polyConst, polyConstValue } from '../../interp/poly';
import {
  asInt, BuiltinV, CallSite, Dims, freshId, InstanceV, NONE, str, TensorV, truthy, unknown, Value
} from '../../interp/values';
import { childLayers, countWeights, KLayer, KWeight, mayHaveWeights } from './state';
import { layerSetUnknown, trainableMayChange } from './unseen';
import type { KerasHost } from './host';
import { buildCatalog, callCatalog, catalogShape } from './build';
import { callLayer, ensureLayer, userMethod } from './calls';
import { seqAdd, seqBuild, seqLayers, seqMaybeRebuild, unknownReasons, weightsOf } from './models';
import { hasUnknownLeaf, mayHideLayer, shapeFromValue, shapeToValue } from './values';
import { KERAS_LOSS_TARGETS } from './catalog';
import { fitTargetProblem } from './contract';
import { num } from '../shape';

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
  const attr = LAYER_ATTRS.get(name);
  if (attr) {
    const fnv = (n: string, fn: BuiltinV['fn']): Value => ({ k: 'builtin', name: `${K.cls}.${n}`, fn });
    return attr({ host, I, inst, K, name, site, fnv });
  }
  // Weights by name (layer.kernel, embedding.embeddings, bn.gamma), once built.
  const w = K.weights.find(x => x.name === name);
  if (w) {
    return weightTensor(host, w);
  }
  if (K.args.has(name)) {
    return K.args.get(name);
  }
  if (K.entry && ['units', 'filters', 'kernel_size', 'rate', 'activation'].includes(name)) {
    return unknown(`${K.name}.${name}`);
  }
  return undefined;
}

/** An attribute lookup on a layer or model: the host, the layer behind the instance, the name, where. */
interface AttrCtx {
  host: KerasHost;
  I: Interp;
  inst: InstanceV;
  K: KLayer;
  name: string;
  site: Site;
  /** A method of this layer (named after its class). */
  fnv(name: string, fn: BuiltinV['fn']): Value;
}

function layerName(c: AttrCtx): Value | undefined {
  const { K } = c;
  return str(K.name);
}

function trainable(c: AttrCtx): Value | undefined {
  const { K } = c;
  return K.trainableUnknown ? unknown(K.trainableUnknown) : { k: 'bool', v: K.trainable };
}

function built(c: AttrCtx): Value | undefined {
  const { K } = c;
  return { k: 'bool', v: K.built };
}

function layers(c: AttrCtx): Value | undefined {
  const { host, K, site } = c;
  if (K.kind === 'app') {
    K.trainableUnknown = K.trainableUnknown ?? `${K.name}: its layers were used, but the layers of a keras.applications model are not modelled`;
    return unknown(`the layers of ${K.name} (a keras.applications model) are not modelled`, site.span);
  }
  const ls = K.kind === 'sequential' ? seqLayers(K) : K.kind === 'functional' ? (K.ops ?? []).filter(o => !o.isOp) : host.tracked(K);
  if (K.kind === 'functional' && K.opaque) {
    K.trainableUnknown = K.trainableUnknown ?? K.opaque;
    return unknown(K.opaque, site.span);
  }
  return { k: 'list', items: ls.map(l => (l.inst ? (l.inst as Value) : layerInstance(host, l))) };
}

function inputsOutputs(c: AttrCtx): Value | undefined {
  const { K, name, site } = c;
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

function outputShape(c: AttrCtx): Value | undefined {
  const { K } = c;
  const s = K.nodes.length > 0 ? K.nodes[K.nodes.length - 1].outputs.map(t => t.shape) : null;
  return s && s.length === 1 ? shapeToValue(s[0]) : unknown('output_shape');
}

function add(c: AttrCtx): Value | undefined {
  const { host, I, K, fnv } = c;
  return fnv('add', (a, kw, s) => {
    if (K.kind === 'sequential') {
      seqAdd(host, I, K, a[0] ?? kw.get('layer') ?? NONE, true, s);
    }
    return NONE;
  });
}

function pop(c: AttrCtx): Value | undefined {
  const { host, I, K, fnv } = c;
  return fnv('pop', (_a, _kw, s) => {
    if (K.kind === 'sequential' && K.layers) {
      const ls = seqLayers(K);
      const last = ls[ls.length - 1];
      if (K.seqGap !== undefined && K.seqGap >= ls.length) {
        // The last layer is the one not known statically: that one goes.
        return unknown('pop() of a layer not known statically', s.span);
      }
      if (last) {
        K.layers.splice(K.layers.indexOf(last), 1);
        seqMaybeRebuild(host, I, K, s);
        return last.inst ?? NONE;
      }
    }
    return unknown('pop');
  });
}

function build(c: AttrCtx): Value | undefined {
  const { host, I, K, fnv } = c;
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
}

function addWeight(c: AttrCtx): Value | undefined {
  const { host, K, fnv } = c;
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
}

function getLayer(c: AttrCtx): Value | undefined {
  const { host, K, fnv } = c;
  return fnv('get_layer', (a, kw) => {
    const n = a[0] ?? kw.get('name');
    const idx = kw.get('index') ?? (n && n.k === 'int' ? n : undefined);
    const ls = K.kind === 'sequential' ? seqLayers(K) : K.kind === 'functional' ? (K.ops ?? []).filter(o => !o.isOp) : host.tracked(K);
    if (K.kind === 'app' || K.opaque) {
      K.trainableUnknown = K.trainableUnknown ?? `${K.name}: a layer inside a keras.applications model was used`;
      return unknown('get_layer on an opaque model');
    }
    const gap = layerSetUnknown(K);
    if (gap) {
      // One of layers we do not all know: whatever is done to it may touch any of them.
      trainableMayChange(host, K, `${K.name}.get_layer() on a model whose layers are not all known (${gap})`);
      return unknown(`get_layer: the layers of ${K.name} are not all known statically (${gap})`);
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
}

function countParams(c: AttrCtx): Value | undefined {
  const { host, K, fnv } = c;
  return fnv('count_params', () => {
    const ws = weightsOf(host, K);
    const n = countWeights(ws.all);
    if (!K.built || n === null || unknownReasons(host, K).length > 0) {
      return unknown(`${K.name}.count_params() not known statically`);
    }
    const v = polyConstValue(n);
    return v === null ? { k: 'sym', p: n } : { k: 'int', v };
  });
}

function weights(c: AttrCtx): Value | undefined {
  const { host, K, name } = c;
  const ws = weightsOf(host, K);
  const list = name.startsWith('trainable') ? ws.trainable : name.startsWith('non') ? ws.all.filter(w => !ws.trainable.includes(w)) : ws.all;
  if (ws.trainableUnknown && name !== 'weights' && name !== 'variables') {
    return unknown(ws.trainableUnknown);
  }
  return { k: 'list', items: list.map(w => weightTensor(host, w)) };
}

function notRun(c: AttrCtx): Value | undefined {
  const { host, I, inst, K, name, fnv } = c;
  return fnv(name, (a, kw, s) => {
    if (name === 'compile') {
      const loss = a[1] ?? kw.get('loss');
      K.loss = loss && loss.k === 'str' ? loss.v : undefined;
      return NONE;
    }
    if (name === 'load_weights' || name === 'set_weights' || name === 'adapt' || name === 'summary' || name === 'save' || name === 'save_weights') {
      return NONE;
    }
    if ((name === 'fit' || name === 'evaluate' || name === 'predict') && callOnFirstBatch(host, I, inst, K, name, a, kw, s)) {
      if (name !== 'predict') {
        checkTargets(host, I, K, a, kw, s);
      }
      return unknown(`${K.name}.${name}() is not run statically`, s.span);
    }
    if (name === 'fit' || name === 'evaluate' || name === 'predict') {
      checkOnData(host, I, inst, K, name, a, kw, s);
      if (name !== 'predict') {
        checkTargets(host, I, K, a, kw, s);
      }
    }
    // fit/evaluate/predict build a model's unbuilt layers from the data's shape, which we
    // do not follow: their weights are then not known (rather than an unbuilt layer's 0).
    if (childLayers(K, host.tracked).some(L => !L.built && mayHaveWeights(L))) {
      K.callAttempted = true;
    } else if (K.kind === 'subclassed' && !K.built && !userMethod(inst, 'build')) {
      // Its layers are all built and it has no build() of its own: the first batch
      // builds it without new weights (a VAE over a built encoder and decoder).
      K.built = true;
    }
    return unknown(`${K.name}.${name}() is not run statically`, s.span);
  });
}

function getConfig(c: AttrCtx): Value | undefined {
  const { name, fnv } = c;
  return fnv(name, () => unknown('get_config'));
}

function call(c: AttrCtx): Value | undefined {
  const { host, I, K, fnv } = c;
  return fnv('call', (a, kw, s) => callCatalog(host, I, K, host.flatTensors(a[0] ?? NONE).map(t => t.shape), kw, s, a[0] ?? NONE));
}

function computeOutputShape(c: AttrCtx): Value | undefined {
  const { host, I, K, name, fnv } = c;
  return fnv(name, (a, kw, s) => {
    const sh = shapeFromValue(a[0] ?? kw.get('input_shape') ?? NONE);
    const o = catalogShape(host, I, K, [sh], new Map(), s);
    return o && !Array.isArray(o[0]) ? shapeToValue(o as Dims) : unknown('compute_output_shape');
  });
}

function callMethod(c: AttrCtx): Value | undefined {
  const { host, I, inst, name, fnv } = c;
  return fnv(name, (a, kw, s) => callLayer(host, I, inst, a, kw, s));
}

/** Attributes and methods of Keras layers and models, by name. */
const LAYER_ATTRS: ReadonlyMap<string, (c: AttrCtx) => Value | undefined> = new Map<string, (c: AttrCtx) => Value | undefined>([
  ['name', layerName],
  ['trainable', trainable],
  ['built', built],
  ['layers', layers],
  ['input', inputsOutputs],
  ['inputs', inputsOutputs],
  ['output', inputsOutputs],
  ['outputs', inputsOutputs],
  ['output_shape', outputShape],
  ['add', add],
  ['pop', pop],
  ['build', build],
  ['add_weight', addWeight],
  ['get_layer', getLayer],
  ['count_params', countParams],
  ['weights', weights],
  ['trainable_weights', weights],
  ['non_trainable_weights', weights],
  ['variables', weights],
  ['trainable_variables', weights],
  ['summary', notRun],
  ['compile', notRun],
  ['fit', notRun],
  ['evaluate', notRun],
  ['predict', notRun],
  ['save', notRun],
  ['save_weights', notRun],
  ['load_weights', notRun],
  ['adapt', notRun],
  ['reset_states', notRun],
  ['train_on_batch', notRun],
  ['set_weights', notRun],
  ['get_config', getConfig],
  ['call', call],
  ['compute_output_shape', computeOutputShape],
  ['__call__', callMethod]
]);

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

/**
 * fit / evaluate / predict on a built model call it on every batch: the same call on the
 * first batch here, for the input contracts of the model and its layers only (what the call
 * records — last shapes — is put back, so the summary stays the build's).
 */
function checkOnData(host: KerasHost, I: Interp, inst: InstanceV, K: KLayer, method: string, a: Value[], kw: Map<string, Value>, s: Site): void {
  if (!K.built || (K.kind !== 'sequential' && K.kind !== 'subclassed' && K.kind !== 'functional') || K.opaque) {
    return;
  }
  const x = a[0] ?? kw.get('x');
  if (!x || hasUnknownLeaf(x) || host.flatTensors(x).length === 0) {
    return;
  }
  const bsV = kw.get('batch_size') ?? a[method === 'predict' ? 1 : 2];
  const bs = bsV && bsV.k !== 'none' ? asInt(bsV) : 32n;
  const batch = host.mapTensors(x, t => {
    const n = t.shape && t.shape[0] ? polyConstValue(t.shape[0]) : null;
    const rows = bs !== null && bs > 0n && n !== null ? (n < bs ? n : bs) : null;
    return host.newTensor(t.shape ? [rows === null ? null : polyConst(rows), ...t.shape.slice(1)] : null, false);
  });
  const saved = new Map<KLayer, KLayer['lastShape']>();
  const visit = (L: KLayer): void => {
    if (!saved.has(L)) {
      saved.set(L, L.lastShape);
      childLayers(L, host.tracked).forEach(visit);
    }
  };
  visit(K);
  try {
    callLayer(host, I, inst, [batch], new Map(), s);
  } finally {
    for (const [L, ls] of saved) {
      L.lastShape = ls;
    }
  }
}

/**
 * fit / evaluate(x, y): the rows of x and y, and y against the model's output for the loss
 * compile() was given (catalog KERAS_LOSS_TARGETS, contract.ts). One array each, one output.
 */
function checkTargets(host: KerasHost, I: Interp, K: KLayer, a: Value[], kw: Map<string, Value>, s: Site): void {
  const x = a[0] ?? kw.get('x');
  const y = a[1] ?? kw.get('y');
  if (!x || !y || x.k !== 'tensor' || y.k !== 'tensor' || !x.shape || !y.shape) {
    return;
  }
  const rx = x.shape.length > 0 ? num(x.shape[0]) : null;
  const ry = y.shape.length > 0 ? num(y.shape[0]) : null;
  const related = K.span ? [K.span] : undefined;
  if (rx !== null && ry !== null && rx !== ry) {
    I.diag('error', 'shape-mismatch', `Data cardinality is ambiguous: x sizes: ${rx}, y sizes: ${ry} (make sure all arrays contain the same number of samples)`, s.span, related);
    return;
  }
  const kind = K.loss ? KERAS_LOSS_TARGETS.get(K.loss) : undefined;
  const outs = K.kind === 'sequential' ? (K.outputsV ? host.flatTensors(K.outputsV).map(t => t.shape) : []) : K.kind === 'functional' ? (K.outputs ?? []).map(t => t.shape)
    : K.lastShape && !Array.isArray(K.lastShape[0]) ? [K.lastShape as Dims] : [];
  if (!kind || !K.loss || outs.length !== 1) {
    return;
  }
  // The batches fit/evaluate cut: batch_size rows (32 when not given), the last one the rest.
  const bsV = kw.get('batch_size') ?? a[2];
  const bs = bsV && bsV.k !== 'none' ? asInt(bsV) : 32n;
  const batches = ry === null || bs === null || bs <= 0n ? null : ry <= bs ? [ry] : ry % bs === 0n ? [bs] : [bs, ry % bs];
  const problem = fitTargetProblem(kind, K.loss, y.shape, outs[0], batches);
  if (problem) {
    I.diag('error', 'shape-mismatch', problem, s.span, related);
  }
}

function layerInstance(host: KerasHost, L: KLayer): Value {
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
function weightTensor(host: KerasHost, w: KWeight): TensorV {
  if (!w.tensor) {
    w.tensor = host.newTensor(w.shape, false);
    w.tensor.isParam = true;
    host.weightOfTensor.set(w.tensor, w);
  }
  return w.tensor;
}

/** Keras' trainable setter: sets the flag on the layer and every layer below it (and on the
 * variables made trainable, so their own settings are replaced). */
function setTrainable(host: KerasHost, K: KLayer, t: boolean | null, seen: Set<KLayer>): void {
  if (seen.has(K)) {
    return;
  }
  seen.add(K);
  const gap = seen.size === 1 ? layerSetUnknown(K) : null;
  if (gap) {
    // Which layers this reaches is not known: all that may belong to K may change (unseen.ts);
    // the ones known to belong to it are set below.
    trainableMayChange(host, K, `${K.name}.trainable was set while its layers are not all known (${gap})`);
  }
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
  if (K.kind === 'sequential') {
    // What the layers added after this point are fed is not known: no shapes past it (models.ts).
    const at = seqLayers(K).length;
    K.seqGap = Math.min(K.seqGap ?? at, at);
  }
  return true;
}

export function iterModule(host: KerasHost, inst: InstanceV): Value[] | null {
  const K = host.layerOf.get(inst);
  if (K && K.kind === 'sequential') {
    return seqLayers(K).map(l => l.inst ?? layerInstance(host, l));
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
