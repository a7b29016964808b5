// Constructing Keras objects: catalog layers (arguments bound to the catalog signature, the
// base keyword arguments name / trainable / input_shape), wrappers (Bidirectional,
// TimeDistributed, RNN over cells), Sequential, functional keras.Model, subclassed Model /
// Layer (their build() wrapped as Keras does) and InputLayer / keras.Input.
// Does not: build weights (build.ts) or call layers (calls.ts).
import type { Interp } from '../../interp/context';
import {
  asPoly, CallSite, ClassV, Dims, InstanceV, NONE, str, TensorV, truthy, unknown, Value
} from '../../interp/values';
import { KERAS_BASE_KWARGS, KERAS_LAYER_CATALOG, KerasLayerEntry } from './catalog';
import { defaultValue } from '../defaults';
import { KLayer, KNode } from './state';
import { bindArgs } from '../args';
import type { KerasHost } from './host';
import { userMethod } from './calls';
import { makeFunctional, seqAdd, seqMaybeRebuild } from './models';
import { shapeFromValue } from './values';

type Site = CallSite;

/** The base Layer keyword arguments. */
interface BaseKwargs {
  name?: string;
  nameUnknown?: boolean;
  trainable: boolean | null;
  inputShape?: Dims;
}

/** Reads name= / trainable= / input_shape= from the base Layer keyword arguments. */
function baseKwargs(kwargs: Map<string, Value>): BaseKwargs {
  const out: BaseKwargs = { trainable: true };
  const n = kwargs.get('name');
  if (n && n.k === 'str') {
    out.name = n.v;
  } else if (n && n.k !== 'none') {
    out.nameUnknown = true;
  }
  const t = kwargs.get('trainable');
  if (t) {
    out.trainable = truthy(t);
  }
  const is = kwargs.get('input_shape');
  const idim = kwargs.get('input_dim');
  const bis = kwargs.get('batch_input_shape');
  if (is && is.k !== 'none') {
    out.inputShape = shapeFromValue(is);
  } else if (idim && idim.k !== 'none') {
    out.inputShape = [asPoly(idim)];
  } else if (bis && bis.k !== 'none') {
    const s = shapeFromValue(bis);
    out.inputShape = s ? s.slice(1) : null;
  }
  return out;
}

function applyBase(K: KLayer, b: BaseKwargs, I: Interp, site: Site): void {
  if (b.trainable === null) {
    K.trainableUnknown = `${K.name}: trainable= is not known statically`;
  } else {
    K.trainable = b.trainable;
  }
  if (b.inputShape !== undefined) {
    K.inputShapeArg = b.inputShape;
  }
  if (b.nameUnknown) {
    I.diag('info', 'unknown-name', 'layer name not known statically', site.span);
  }
}

export function bindSignature(host: KerasHost, I: Interp, entry: KerasLayerEntry, args: Value[], kwargs: Map<string, Value>, site: Site): Map<string, Value> {
  if (args.length > entry.sig.length) {
    I.diag('error', 'bad-argument', `${entry.name}() takes at most ${entry.sig.length} positional arguments but ${args.length} were given`, site.span);
  }
  const bound = bindArgs(I, entry.name, entry.sig, args, kwargs, site, (_name, d) => defaultValue(d));
  const df = bound.get('data_format');
  if (df && df.k === 'none') {
    bound.set('data_format', host.dataFormat === null ? unknown('image data format not known statically') : str(host.dataFormat));
  }
  for (const [k, v] of kwargs) {
    if (!bound.has(k)) {
      bound.set(k, v);
      // Layers without weights cannot get any from an extra argument (LeakyReLU(alpha=0.2), ...).
      const weightless = entry.anyArgs || (!entry.weights && !entry.special);
      if (!KERAS_BASE_KWARGS.has(k) && !weightless && v.k !== 'none' && !(v.k === 'bool' && !v.v)) {
        I.diag('info', 'unknown-argument', `${entry.name}(): keyword argument '${k}' is not in the catalog signature, so its parameters are not known`, site.span);
        bound.set(`__unmodelled_${k}`, v);
      }
    }
  }
  return bound;
}

export function constructNative(host: KerasHost, I: Interp, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): void {
  host.interp = I;
  const native = cls.native ?? '';
  const userCls = inst.cls !== cls ? inst.cls : undefined;
  const display = userCls ? userCls.name : cls.name;
  const b = baseKwargs(kwargs);
  if (native === 'keras.Model') {
    const inputs = args[0] ?? kwargs.get('inputs');
    const outputs = args[1] ?? kwargs.get('outputs');
    if (inputs && outputs) {
      const K = host.newLayer(userCls ? display : 'Functional', 'functional', inst, site, b.name);
      applyBase(K, b, I, site);
      makeFunctional(host, I, K, inputs, outputs, site);
      return;
    }
    const K = host.newLayer(display, 'subclassed', inst, site, b.name);
    applyBase(K, b, I, site);
    wrapUserBuild(host, I, K, inst);
    return;
  }
  if (native === 'keras.Sequential') {
    const K = host.newLayer(userCls ? display : 'Sequential', 'sequential', inst, site, b.name);
    K.layers = [];
    applyBase(K, b, I, site);
    const ls = args[0] ?? kwargs.get('layers');
    if (ls && ls.k !== 'none') {
      const items = I.iterate(ls);
      if (!items) {
        K.unknown.push('the layer list of this Sequential is not known statically');
      } else {
        for (const it of items) {
          seqAdd(host, I, K, it, false, site);
        }
        seqMaybeRebuild(host, I, K, site);
      }
    }
    return;
  }
  if (native === 'keras.layers.Layer') {
    const K = host.newLayer(display, 'layer', inst, site, b.name);
    applyBase(K, b, I, site);
    wrapUserBuild(host, I, K, inst);
    return;
  }
  if (native === 'keras.layers.InputLayer') {
    const K = host.newLayer('InputLayer', 'input', inst, site, b.name);
    makeInputLayer(host, I, K, args, kwargs);
    return;
  }
  const entryName = native.startsWith('keras.layers.') ? native.slice('keras.layers.'.length) : cls.name;
  const entry = KERAS_LAYER_CATALOG.get(entryName);
  const K = host.newLayer(display, 'layer', inst, site, b.name);
  applyBase(K, b, I, site);
  if (!entry) {
    K.unknown.push(`${entryName} is not in the keras.layers catalog`);
    return;
  }
  K.entry = entry;
  K.args = bindSignature(host, I, entry, args, kwargs, site);
  for (const k of K.args.keys()) {
    if (k.startsWith('__unmodelled_')) {
      K.unknown.push(`${entry.name}: argument '${k.slice(13)}' is not modelled`);
    }
  }
  if (K.args.get('use_gate') && truthy(K.args.get('use_gate') as Value) !== false) {
    K.unknown.push(`${entry.name}(use_gate=...) is not modelled`);
  }
  for (const [k, v] of K.args) {
    if (!inst.attrs.has(k) && k !== 'name' && k !== 'trainable') {
      inst.attrs.set(k, v);
    }
  }
  constructSpecial(host, I, K, site);
}

/** Keras wraps build(): after a user build() runs, the layer is built (and records its input shape). */
export function wrapUserBuild(host: KerasHost, I: Interp, K: KLayer, inst: InstanceV): void {
  const build = userMethod(host, inst, 'build');
  if (!build || build.k !== 'func') {
    return;
  }
  inst.attrs.set('build', {
    k: 'builtin',
    name: `${K.cls}.build`,
    fn: (a, kw, s) => {
      K.built = true;
      I.callValue({ k: 'bound', func: build, self: inst }, a, kw, s);
      const call = userMethod(host, inst, 'call');
      const shape = shapeFromValue(a[0] ?? kw.get('input_shape') ?? NONE);
      if (K.kind === 'subclassed' && call && call.k === 'func' && shape && K.lastShape === undefined) {
        // The output shape of a model built by build(): trace call() on a stand-in of that shape.
        const r = I.callValue({ k: 'bound', func: call, self: inst }, [host.newTensor(shape, false)], new Map(), s);
        const outs = host.flatTensors(r);
        if (outs.length > 0) {
          K.lastShape = outs.length === 1 ? outs[0].shape : outs.map(t => t.shape);
        }
      }
      return NONE;
    }
  });
}

export function constructSpecial(host: KerasHost, I: Interp, K: KLayer, site: Site): void {
  const e = K.entry;
  if (!e || !e.special) {
    return;
  }
  const layerArg = (n: string): KLayer | undefined => {
    const v = K.args.get(n);
    return v && v.k === 'instance' ? host.layerOf.get(v) : undefined;
  };
  switch (e.special) {
    case 'bidirectional': {
      const inner = layerArg('layer');
      if (!inner) {
        K.unknown.push('Bidirectional: wrapped layer not known statically');
        return;
      }
      const fwd = cloneLayer(host, inner, `forward_${inner.name.replace(/^forward_/, '')}`, site);
      const back = layerArg('backward_layer');
      const bwd = back ?? cloneLayer(host, inner, `backward_${inner.name.replace(/^backward_/, '')}`, site);
      K.sub = [fwd, bwd];
      return;
    }
    case 'timedistributed': {
      const inner = layerArg('layer');
      if (!inner) {
        K.unknown.push('TimeDistributed: wrapped layer not known statically');
        return;
      }
      K.sub = [inner];
      return;
    }
    case 'rnn': {
      const cell = K.args.get('cell');
      if (cell && (cell.k === 'list' || cell.k === 'tuple')) {
        const cells = cell.items.map(x => (x.k === 'instance' ? host.layerOf.get(x) : undefined));
        if (cells.some(x => !x)) {
          K.unknown.push('RNN: cells not known statically');
          return;
        }
        const st = host.newLayer('StackedRNNCells', 'layer', undefined, site);
        st.sub = cells as KLayer[];
        K.sub = [st];
        return;
      }
      const cl = layerArg('cell');
      if (!cl) {
        K.unknown.push('RNN: cell not known statically');
        return;
      }
      K.sub = [cl];
      return;
    }
    case 'stackedcells': {
      const cells = K.args.get('cells');
      const items = cells ? I.iterate(cells) : null;
      const ls = items ? items.map(x => (x.k === 'instance' ? host.layerOf.get(x) : undefined)) : null;
      if (!ls || ls.some(x => !x)) {
        K.unknown.push('StackedRNNCells: cells not known statically');
        return;
      }
      K.sub = ls as KLayer[];
      return;
    }
    default:
      return;
  }
}

/** Layer.from_config(layer.get_config()) with an explicit name (consumes no counter). */
export function cloneLayer(host: KerasHost, L: KLayer, name: string, site: Site): KLayer {
  const K = host.newLayer(L.cls, L.kind, undefined, site, name);
  K.entry = L.entry;
  K.args = new Map(L.args);
  K.unknown = [...L.unknown];
  if (L.entry?.special) {
    K.sub = L.sub.map(s => cloneLayer(host, s, s.name, site));
  }
  return K;
}

export function makeInputLayer(host: KerasHost, I: Interp, K: KLayer, args: Value[], kwargs: Map<string, Value>): TensorV {
  const get = (i: number, n: string): Value | undefined => args[i] ?? kwargs.get(n);
  const shapeV = get(0, 'shape');
  const batchV = get(1, 'batch_size');
  const bsV = kwargs.get('batch_shape') ?? kwargs.get('batch_input_shape');
  let shape: Dims = null;
  if (bsV && bsV.k !== 'none') {
    shape = shapeFromValue(bsV);
  } else if (shapeV && shapeV.k !== 'none') {
    const s = shapeFromValue(shapeV);
    const bsz = batchV && batchV.k !== 'none' ? asPoly(batchV) : null;
    shape = s ? [bsz, ...s] : null;
  } else if (kwargs.get('input_shape')) {
    const s = shapeFromValue(kwargs.get('input_shape') as Value);
    shape = s ? [null, ...s] : null;
  }
  if (!shape) {
    K.unknown.push('Input shape not known statically');
    I.diag('info', 'unknown-shape', 'keras.Input shape not known statically', K.span);
  }
  K.batchShape = shape;
  K.built = true;
  const node: KNode = { op: K, inputs: [], outputs: [], isInput: true };
  const t = host.newTensor(shape, true, node, 0);
  node.outputs.push(t);
  node.result = t;
  K.nodes.push(node);
  K.tensor = t;
  return t;
}
