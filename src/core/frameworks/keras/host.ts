// The Keras FrameworkHost: resolves keras / tf.keras / tensorflow / numpy names, builds
// catalog layers, Sequential, functional keras.Model and subclassed Model / Layer objects,
// calls them on symbolic KerasTensors (recording graph nodes) or on concrete tensors, runs
// build() / call() of user classes, add_weight, trainable freezing, Keras auto names, and
// keras.applications: routed to the library source (library/applications.ts); constructors
// it does not describe are listed with unknown totals. Batch dimensions are null (Keras' None).
// Does not: build the IR (extract.ts) or know torch (frameworks/host.ts dispatches).
import { charge } from '../../interp/cost';
import type { FrameworkHost } from '../../interp/host';
import type { Interpreter } from '../../interp/interpreter';
import type { Stmt } from '../../parse/ast';
import { FRAMEWORK_STATE } from '../../incremental/flow';
import { polyConst, polyConstValue } from '../../interp/poly';
import { BudgetError } from '../../interp/ops';
import {
  asInt, asPoly, asStr, CallSite, ClassV, Dims, freshId, InstanceV, NONE, str, TensorV, truthy, unknown, Value
} from '../../interp/values';
import { KERAS_BASE_KWARGS, KERAS_LAYER_ALIASES, KERAS_LAYER_CATALOG, KERAS_MERGE_FUNCTIONS, KerasLayerEntry } from './catalog';
import { defaultValue } from '../defaults';
import { indexShape } from '../indexing';
import { KERAS_OPERATOR_OPS, KERAS_OPS } from './ops';
import { broadcastShapes, c, D, KWeightSpec, num, RuleCtx, SHAPE_RULES, WEIGHT_RULES } from './rules';
import { childLayers, collectWeights, countWeights, KLayer, KNode, KTensorInfo, KWeight, mayHaveWeights, snakeCase } from './state';
import { bindArgs } from '../args';

const ROOTS = /^(keras|tensorflow|tf_keras|numpy)(\.|$)/;

const NAMESPACES = new Set([
  'keras', 'keras.layers', 'keras.models', 'keras.applications', 'keras.ops', 'keras.random', 'keras.backend',
  'keras.activations', 'keras.initializers', 'keras.regularizers', 'keras.optimizers', 'keras.losses', 'keras.metrics',
  'keras.callbacks', 'keras.utils', 'keras.datasets', 'keras.preprocessing', 'keras.mixed_precision', 'keras.saving',
  'keras.constraints', 'keras.config', 'keras.optimizers.schedules', 'keras.layers.experimental', 'keras.layers.experimental.preprocessing',
  'keras.ops.numpy', 'keras.ops.nn', 'keras.ops.math', 'keras.ops.core', 'keras.ops.image', 'keras.ops.linalg',
  'tensorflow', 'tensorflow.math', 'tensorflow.nn', 'tensorflow.random', 'tensorflow.linalg', 'tensorflow.data', 'tensorflow.image',
  'tensorflow.compat', 'tensorflow.config', 'tensorflow.io', 'tensorflow.strings', 'tensorflow.signal',
  'numpy', 'numpy.random', 'numpy.linalg'
]);

/** Names of functions that are graph ops / tensor functions in these namespaces. */
const OP_NAMESPACES = new Set(['keras.ops', 'keras.ops.numpy', 'keras.ops.nn', 'keras.ops.math', 'keras.ops.core', 'keras.ops.image', 'keras.random', 'keras.backend',
  'tensorflow', 'tensorflow.math', 'tensorflow.nn', 'tensorflow.random', 'tensorflow.linalg', 'numpy', 'numpy.random', 'keras.activations']);

/** Namespaces whose objects are never layers (their calls give plain objects). */
const NON_LAYER_NAMESPACES = new Set(['keras.metrics', 'keras.losses', 'keras.optimizers', 'keras.optimizers.schedules', 'keras.callbacks',
  'keras.initializers', 'keras.regularizers', 'keras.constraints', 'keras.random', 'keras.mixed_precision']);

/** Canonical module path: tf.keras / tensorflow.keras / tensorflow.python.keras / tf_keras -> keras. */
export function canonicalPath(path: string): string {
  for (const p of ['tensorflow.python.keras', 'tensorflow.keras', 'tf_keras', 'keras.src', 'keras.api._v2.keras', 'keras.api']) {
    if (path === p || path.startsWith(p + '.')) {
      return 'keras' + path.slice(p.length);
    }
  }
  if (/^keras\.layers\.(core|convolutional|pooling|recurrent|normalization|merge|advanced_activations|embeddings|wrappers|noise|convolutional_recurrent|preprocessing|attention|activation|reshaping|regularization|rnn)$/.test(path)) {
    return 'keras.layers';
  }
  if (path === 'keras.engine' || path === 'keras.engine.training' || path === 'keras.engine.sequential') {
    return 'keras.models';
  }
  return path;
}

type Site = CallSite;

/** Layers whose call() takes the mask (it becomes an input of their graph node). */
const MASK_CONSUMERS = new Set(['GlobalAveragePooling1D', 'LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional', 'ConvLSTM2D', 'MultiHeadAttention', 'Attention', 'AdditiveAttention', 'TimeDistributed']);
/** Layers that pass a mask through unchanged. */
const MASK_PROPAGATORS = new Set(['Dropout', 'SpatialDropout1D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'Activation', 'ActivityRegularization', 'Dense', 'LayerNormalization', 'BatchNormalization']);

export class KerasHost implements FrameworkHost {
  private readonly classes = new Map<string, ClassV>();
  private readonly layerOf = new WeakMap<InstanceV, KLayer>();
  private readonly weightOfTensor = new WeakMap<TensorV, KWeight>();
  private readonly tinfo = new WeakMap<TensorV, KTensorInfo>();
  private readonly counters = new Map<string, number>();
  /** Every layer/model created, in creation order. */
  readonly created: KLayer[] = [];
  /** Most layers/models one analysis may create (the maxModules budget, set by the analyzer). */
  layerBudget = Number.POSITIVE_INFINITY;
  /** Set while a subclassed Model/Layer's call runs on stand-ins for symbolic tensors. */
  private interp: Interpreter | null = null;

  // ---- ownership (for the dispatching host) ----------------------------------------------

  ownsPath(path: string): boolean {
    return ROOTS.test(path);
  }

  ownsTensor(t: TensorV): boolean {
    return this.tinfo.has(t);
  }

  ownsInstance(inst: InstanceV): boolean {
    if (this.layerOf.has(inst)) {
      return true;
    }
    return inst.cls.mro.some(c0 => c0.framework === 'keras');
  }

  layer(inst: InstanceV): KLayer | undefined {
    return this.layerOf.get(inst);
  }

  tensorInfo(t: TensorV): KTensorInfo | undefined {
    return this.tinfo.get(t);
  }

  // ---- names --------------------------------------------------------------------------------

  /** Global image data format (keras.backend.set_image_data_format); null = set to a value not known. */
  dataFormat: string | null = 'channels_last';

  /** Set once auto names may no longer match Keras' counters (with the reason). */
  nameDrift?: string;
  /** Layers whose auto name may differ from Keras'. */
  readonly uncertainNames = new WeakSet<KLayer>();

  /** Diagnostics already checked for code that was skipped (see noteSkippedCode). */
  private diagSeen = 0;

  /** Code the interpreter could not follow (unknown loops/branches, budgets) may have created layers: names drift. */
  private noteSkippedCode(): void {
    const I = this.interp;
    if (!I || this.nameDrift) {
      return;
    }
    const ds = I.diagnostics;
    for (let i = this.diagSeen; i < ds.length; i++) {
      const code = ds[i].code;
      if (code === 'unknown-loop' || code === 'unknown-condition' || code === 'internal' || code === 'raise' || code.startsWith('budget-')) {
        this.nameDrift = 'code that could not be followed statically ran before this layer was created; if it created layers, Keras numbers names differently';
        break;
      }
    }
    this.diagSeen = ds.length;
  }

  /** Skipped code that calls a class or a user function may have created layers: later auto names may drift. */
  onHavoc(I: Interpreter, body: Stmt[], reason: string): void {
    if (this.nameDrift || !mayCreateLayers(I, body)) {
      return;
    }
    I.flow.touch(FRAMEWORK_STATE, false);
    this.nameDrift = `code that could not be followed statically (${reason}) may have created layers, so Keras may number this name differently`;
  }

  autoName(className: string): string {
    this.interp?.flow.touch(FRAMEWORK_STATE, true);
    this.noteSkippedCode();
    const base = snakeCase(className);
    const n = this.counters.get(base);
    if (n === undefined) {
      this.counters.set(base, 1);
      return base;
    }
    let i = n;
    while (this.counters.has(`${base}_${i}`)) {
      i++;
    }
    this.counters.set(base, i + 1);
    return `${base}_${i}`;
  }

  // ---- tensors ------------------------------------------------------------------------------

  newTensor(shape: Dims, symbolic: boolean, node?: KNode, index?: number): TensorV {
    const t: TensorV = { k: 'tensor', shape, id: freshId() };
    this.tinfo.set(t, { symbolic, node, index });
    return t;
  }

  isSymbolic(v: Value): boolean {
    return v.k === 'tensor' && this.tinfo.get(v)?.symbolic === true;
  }

  /** Tensors in a call argument (tensor, list/tuple/dict of tensors). */
  flatTensors(v: Value | undefined, out: TensorV[] = []): TensorV[] {
    if (!v) {
      return out;
    }
    charge(1); // every element visited counts (shared structure can be exponential)
    if (v.k === 'tensor') {
      out.push(v);
    } else if (v.k === 'list' || v.k === 'tuple') {
      v.items.forEach(x => this.flatTensors(x, out));
    } else if (v.k === 'dict') {
      // Keras flattens dicts in sorted key order.
      const entries = [...v.map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [, [, x]] of entries) {
        this.flatTensors(x, out);
      }
    }
    return out;
  }

  /** Same structure with tensors replaced. */
  mapTensors(v: Value, f: (t: TensorV) => Value): Value {
    charge(1);
    if (v.k === 'tensor') {
      return f(v);
    }
    if (v.k === 'list' || v.k === 'tuple') {
      return { k: v.k, items: v.items.map(x => this.mapTensors(x, f)) } as Value;
    }
    if (v.k === 'dict') {
      const map = new Map<string, [Value, Value]>();
      for (const [k, [kk, x]] of v.map) {
        map.set(k, [kk, this.mapTensors(x, f)]);
      }
      return { k: 'dict', map };
    }
    return v;
  }

  // ---- classes ------------------------------------------------------------------------------

  nativeClass(name: string, native: string): ClassV {
    const key = native;
    let cls = this.classes.get(key);
    if (!cls) {
      cls = { k: 'class', name, bases: [], attrs: new Map(), mro: [], native, framework: 'keras' };
      cls.mro = [cls];
      this.classes.set(key, cls);
    }
    return cls;
  }

  private layerClass(name: string): ClassV {
    const target = KERAS_LAYER_ALIASES.get(name) ?? name;
    return this.nativeClass(target, `keras.layers.${target}`);
  }

  // ---- FrameworkHost: names -----------------------------------------------------------------

  importModule(path: string): Value | null {
    if (!this.ownsPath(path)) {
      return null;
    }
    return { k: 'pymod', path: canonicalPath(path) };
  }

  pymodAttr(I: Interpreter, rawPath: string, name: string, site: Site): Value {
    this.interp = I;
    const path = canonicalPath(rawPath);
    const full = canonicalPath(`${path}.${name}`);
    if (NAMESPACES.has(full)) {
      return { k: 'pymod', path: full };
    }
    if (path === 'keras' || path === 'keras.models' || path === 'keras.layers') {
      switch (name) {
        case 'Sequential':
          return this.nativeClass('Sequential', 'keras.Sequential');
        case 'Model':
        case 'Functional':
          return this.nativeClass('Model', 'keras.Model');
        case 'Input':
          return this.inputFn();
        case 'Layer':
          return this.nativeClass('Layer', 'keras.layers.Layer');
        case 'InputLayer':
          return this.nativeClass('InputLayer', 'keras.layers.InputLayer');
        default:
          break;
      }
    }
    if (path === 'keras.layers' || path === 'keras.layers.experimental.preprocessing' || path === 'keras.layers.experimental') {
      const merge = KERAS_MERGE_FUNCTIONS.get(name);
      if (merge) {
        return this.mergeFn(merge);
      }
      if (/^[A-Z]/.test(name)) {
        if (!KERAS_LAYER_CATALOG.has(KERAS_LAYER_ALIASES.get(name) ?? name)) {
          I.diag('info', 'unknown-layer', `keras.layers.${name} is not in the catalog: its parameters and output shape are unknown`, site.span);
        }
        return this.layerClass(name);
      }
    }
    if (path === 'keras' && name === 'Variable') {
      return unknown('keras.Variable');
    }
    if (path === 'keras.applications' || path.startsWith('keras.applications.')) {
      // keras.applications is described as Python source (library/applications.ts): read it
      // like a local module. A module it does not have: its constructors are not described.
      if (I.loadUserModule(path) && I.userScope(path)) {
        return I.pymodAttr(path, name, site);
      }
      if (/^[A-Z]/.test(name)) {
        return this.appFn(name);
      }
      if (name === 'preprocess_input' || name === 'decode_predictions') {
        return { k: 'builtin', name, fn: (_a, _kw, s) => unknown(`keras.applications ${name} of a module that is not described`, s.span) };
      }
      return { k: 'pymod', path: `keras.applications.${name}` };
    }
    if (path === 'keras._archlens') {
      const v = this.libraryHook(name);
      if (v) {
        return v;
      }
    }
    if (path === 'keras.utils' && (name === 'plot_model' || name === 'set_random_seed' || name === 'model_to_dot')) {
      return { k: 'builtin', name, fn: () => NONE };
    }
    if ((path === 'keras.backend' || path === 'keras.config') && name === 'set_image_data_format') {
      return { k: 'builtin', name, fn: a => {
        const v = a[0];
        this.dataFormat = v && v.k === 'str' ? v.v.toLowerCase() : null;
        return NONE;
      } };
    }
    if ((path === 'keras.backend' || path === 'keras.config') && name === 'image_data_format') {
      return { k: 'builtin', name, fn: () => (this.dataFormat === null ? unknown('image_data_format') : str(this.dataFormat)) };
    }
    if ((path === 'keras.backend' || path === 'keras.utils') && name === 'clear_session') {
      // Keras forgets its auto-name counters: the next Dense is 'dense' again.
      return { k: 'builtin', name, fn: () => {
        this.counters.clear();
        return NONE;
      } };
    }
    if (path === 'keras.models' && name === 'clone_model') {
      return { k: 'builtin', name, fn: (_a, _k, s) => unknown('keras.models.clone_model is not modelled', s.span) };
    }
    if (NON_LAYER_NAMESPACES.has(path) && !(path === 'keras.random' && KERAS_OPS.has(name))) {
      // Metrics, losses, optimizers, initializers, regularizers, seed generators: objects, never layers.
      return this.plainObjectFactory(`${path}.${name}`, name);
    }
    if (OP_NAMESPACES.has(path)) {
      if (name === 'float32' || name === 'float16' || name === 'int32' || name === 'int64' || name === 'uint8' || name === 'bool' || name === 'float64') {
        return str(name);
      }
      if (name === 'newaxis') {
        return NONE;
      }
      const op = KERAS_OPS.get(name);
      if (op) {
        return this.opFn(name, path);
      }
    }
    return { k: 'pymod', path: full };
  }

  /** A class or function of a non-layer namespace: calling it gives a plain object (not a layer, not Unknown). */
  private plainObjectFactory(full: string, name: string): Value {
    let cls = this.classes.get(`plain:${full}`);
    if (!cls) {
      cls = { k: 'class', name, bases: [], attrs: new Map(), mro: [] };
      cls.mro = [cls];
      this.classes.set(`plain:${full}`, cls);
    }
    if (/^[A-Z]/.test(name)) {
      return cls;
    }
    const c0 = cls;
    return { k: 'builtin', name: full, fn: () => ({ k: 'instance', cls: c0, attrs: new Map(), id: freshId() }) };
  }

  // ---- FrameworkHost: tensors ---------------------------------------------------------------

  tensorAttr(I: Interpreter, t: TensorV, name: string, site: Site): Value {
    switch (name) {
      case 'shape': {
        if (!t.shape) {
          return unknown('tensor shape not known statically', site.span);
        }
        return { k: 'tuple', items: t.shape.map(d => this.dimValue(d)) };
      }
      case 'ndim':
        return t.shape ? { k: 'int', v: BigInt(t.shape.length) } : unknown('tensor rank not known statically');
      case 'dtype':
        return str('float32');
      case 'T':
        return this.applyOp(I, 'transpose', [t], new Map(), site);
      default: {
        const op = KERAS_OPS.get(name);
        if (op || name === 'numpy' || name === 'astype' || name === 'reshape') {
          return {
            k: 'builtin', name: `Tensor.${name}`, fn: (a, kw, s) => {
              if (name === 'numpy' || name === 'astype') {
                return t;
              }
              return this.applyOp(I, name, [t, ...(name === 'reshape' && a.length > 1 ? [{ k: 'tuple', items: a } as Value] : a)], kw, s);
            }
          };
        }
        return unknown(`tensor attribute '${name}' is not known statically`, site.span);
      }
    }
  }

  private dimValue(d: D): Value {
    if (d === null) {
      return NONE;
    }
    const v = polyConstValue(d);
    return v !== null ? { k: 'int', v } : { k: 'sym', p: d };
  }

  tensorBinary(I: Interpreter, op: string, a: Value, b: Value, site: Site): Value {
    if (op === 'neg') {
      return this.applyOp(I, 'negative', [a], new Map(), site);
    }
    const name = KERAS_OPERATOR_OPS.get(op);
    if (!name) {
      return unknown(`operator ${op} on tensors`, site.span);
    }
    return this.applyOp(I, name, [a, b], new Map(), site);
  }

  tensorIndex(I: Interpreter, t: TensorV, index: Value, site: Site): Value {
    // indexing with a list of ints stays unknown: not yet checked against real Keras
    const shape = indexShape(t.shape, index, { intLists: false });
    return this.opResult(I, 'GetItem', [t], { shape }, site);
  }

  /** A keras.ops / tf / numpy function applied to values. */
  applyOp(I: Interpreter, name: string, args: Value[], kw: Map<string, Value>, site: Site): Value {
    const op = KERAS_OPS.get(name);
    if (!op) {
      return unknown(`${name} is not modelled`, site.span);
    }
    const r = op.rule(args, kw);
    if (r === null) {
      return unknown(`${name}: result not known statically`, site.span);
    }
    if ('value' in r) {
      return r.value;
    }
    const inputs = this.flatTensors({ k: 'list', items: [...args, ...kw.values()] });
    if (args.some(a => hasUnknownLeaf(a))) {
      // An operand is not known: the shape is not, and the graph may miss what produced it.
      const out = this.opResult(I, op.op, inputs, { shape: null }, site);
      const node = out.k === 'tensor' ? this.tinfo.get(out)?.node : undefined;
      if (node) {
        node.op.unknown.push(`${node.op.name}: an operand is not known statically`);
      }
      return inputs.some(t => this.isSymbolic(t)) ? out : unknown(`${name} of a value not known statically`, site.span);
    }
    return this.opResult(I, op.op, inputs, r, site);
  }

  private opResult(I: Interpreter, opClass: string, inputs: TensorV[], r: { shape: Dims } | { shapes: Dims[] }, site: Site): Value {
    const symbolic = inputs.length > 0 && inputs.some(t => this.isSymbolic(t));
    const shapes = 'shapes' in r ? r.shapes : [r.shape];
    if (!symbolic) {
      const outs = shapes.map(s => this.newTensor(s, false));
      return 'shapes' in r ? { k: 'tuple', items: outs } : outs[0];
    }
    // An operation on symbolic tensors: a graph node of its own (Keras 3 records it).
    const K = this.newLayer(opClass, 'op', undefined, site);
    K.isOp = true;
    K.built = true;
    K.trainable = false;
    const node: KNode = { op: K, inputs: inputs.filter(t => this.isSymbolic(t)), outputs: [] };
    const outs = shapes.map((s, i) => {
      const o = this.newTensor(s, true, node, i);
      node.outputs.push(o);
      return o;
    });
    node.result = 'shapes' in r ? { k: 'tuple', items: outs } : outs[0];
    K.nodes.push(node);
    void I;
    return node.result;
  }

  private opFn(name: string, path: string): Value {
    return {
      k: 'builtin',
      name: `${path}.${name}`,
      fn: (args, kw, site) => {
        const I = this.interp;
        if (!I) {
          return unknown(name);
        }
        // numpy.random.rand(*dims) / np.zeros(shape) make concrete tensors (batches of data).
        return this.applyOp(I, name, args, kw, site);
      }
    };
  }

  // ---- layers -------------------------------------------------------------------------------

  newLayer(cls: string, kind: KLayer['kind'], inst: InstanceV | undefined, site: Site, name?: string): KLayer {
    if (this.created.length >= this.layerBudget) {
      throw new BudgetError('maxModules', `stopped after maxModules (${this.layerBudget}) Keras layers were created`);
    }
    const K: KLayer = {
      uid: freshId(), inst, cls, name: name ?? this.autoName(cls), kind, args: new Map(), built: false, weights: [], sub: [],
      trainable: true, nodes: [], unknown: [], span: site.span
    };
    if (name === undefined && this.nameDrift) {
      this.uncertainNames.add(K);
    }
    if (inst) {
      this.layerOf.set(inst, K);
      if (!inst.mod) {
        inst.mod = { modules: new Map(), params: new Map(), buffers: new Map(), unknownParams: [], span: site.span };
      }
    }
    this.created.push(K);
    return K;
  }

  /** Reads name= / trainable= / input_shape= from the base Layer keyword arguments. */
  private baseKwargs(I: Interpreter, kwargs: Map<string, Value>, site: Site): { name?: string; nameUnknown?: boolean; trainable: boolean | null; inputShape?: Dims } {
    const out: { name?: string; nameUnknown?: boolean; trainable: boolean | null; inputShape?: Dims } = { trainable: true };
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
    void I;
    void site;
    return out;
  }

  private applyBase(K: KLayer, b: ReturnType<KerasHost['baseKwargs']>, I: Interpreter, site: Site): void {
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

  bindSignature(I: Interpreter, entry: KerasLayerEntry, args: Value[], kwargs: Map<string, Value>, site: Site): Map<string, Value> {
    if (args.length > entry.sig.length) {
      I.diag('error', 'bad-argument', `${entry.name}() takes at most ${entry.sig.length} positional arguments but ${args.length} were given`, site.span);
    }
    const bound = bindArgs(I, entry.name, entry.sig, args, kwargs, site, (_name, d) => defaultValue(d));
    const df = bound.get('data_format');
    if (df && df.k === 'none') {
      bound.set('data_format', this.dataFormat === null ? unknown('image data format not known statically') : str(this.dataFormat));
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

  constructNative(I: Interpreter, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): void {
    this.interp = I;
    const native = cls.native ?? '';
    const userCls = inst.cls !== cls ? inst.cls : undefined;
    const display = userCls ? userCls.name : cls.name;
    const b = this.baseKwargs(I, kwargs, site);
    if (native === 'keras.Model') {
      const inputs = args[0] ?? kwargs.get('inputs');
      const outputs = args[1] ?? kwargs.get('outputs');
      if (inputs && outputs) {
        const K = this.newLayer(userCls ? display : 'Functional', 'functional', inst, site, b.name);
        this.applyBase(K, b, I, site);
        this.makeFunctional(I, K, inputs, outputs, site);
        return;
      }
      const K = this.newLayer(display, 'subclassed', inst, site, b.name);
      this.applyBase(K, b, I, site);
      this.wrapUserBuild(I, K, inst);
      return;
    }
    if (native === 'keras.Sequential') {
      const K = this.newLayer(userCls ? display : 'Sequential', 'sequential', inst, site, b.name);
      K.layers = [];
      this.applyBase(K, b, I, site);
      const ls = args[0] ?? kwargs.get('layers');
      if (ls && ls.k !== 'none') {
        const items = I.iterate(ls);
        if (!items) {
          K.unknown.push('the layer list of this Sequential is not known statically');
        } else {
          for (const it of items) {
            this.seqAdd(I, K, it, false, site);
          }
          this.seqMaybeRebuild(I, K, site);
        }
      }
      return;
    }
    if (native === 'keras.layers.Layer') {
      const K = this.newLayer(display, 'layer', inst, site, b.name);
      this.applyBase(K, b, I, site);
      this.wrapUserBuild(I, K, inst);
      return;
    }
    if (native === 'keras.layers.InputLayer') {
      const K = this.newLayer('InputLayer', 'input', inst, site, b.name);
      this.makeInputLayer(I, K, args, kwargs);
      return;
    }
    const entryName = native.startsWith('keras.layers.') ? native.slice('keras.layers.'.length) : cls.name;
    const entry = KERAS_LAYER_CATALOG.get(entryName);
    const K = this.newLayer(display, 'layer', inst, site, b.name);
    this.applyBase(K, b, I, site);
    if (!entry) {
      K.unknown.push(`${entryName} is not in the keras.layers catalog`);
      return;
    }
    K.entry = entry;
    K.args = this.bindSignature(I, entry, args, kwargs, site);
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
    this.constructSpecial(I, K, site);
  }

  /** Keras wraps build(): after a user build() runs, the layer is built (and records its input shape). */
  private wrapUserBuild(I: Interpreter, K: KLayer, inst: InstanceV): void {
    const build = this.userMethod(inst, 'build');
    if (!build || build.k !== 'func') {
      return;
    }
    inst.attrs.set('build', {
      k: 'builtin',
      name: `${K.cls}.build`,
      fn: (a, kw, s) => {
        K.built = true;
        I.callValue({ k: 'bound', func: build, self: inst }, a, kw, s);
        const call = this.userMethod(inst, 'call');
        const shape = shapeFromValue(a[0] ?? kw.get('input_shape') ?? NONE);
        if (K.kind === 'subclassed' && call && call.k === 'func' && shape && K.lastShape === undefined) {
          // The output shape of a model built by build(): trace call() on a stand-in of that shape.
          const r = I.callValue({ k: 'bound', func: call, self: inst }, [this.newTensor(shape, false)], new Map(), s);
          const outs = this.flatTensors(r);
          if (outs.length > 0) {
            K.lastShape = outs.length === 1 ? outs[0].shape : outs.map(t => t.shape);
          }
        }
        return NONE;
      }
    });
  }

  private constructSpecial(I: Interpreter, K: KLayer, site: Site): void {
    const e = K.entry;
    if (!e || !e.special) {
      return;
    }
    const layerArg = (n: string): KLayer | undefined => {
      const v = K.args.get(n);
      return v && v.k === 'instance' ? this.layerOf.get(v) : undefined;
    };
    switch (e.special) {
      case 'bidirectional': {
        const inner = layerArg('layer');
        if (!inner) {
          K.unknown.push('Bidirectional: wrapped layer not known statically');
          return;
        }
        const fwd = this.cloneLayer(inner, `forward_${inner.name.replace(/^forward_/, '')}`, site);
        const back = layerArg('backward_layer');
        const bwd = back ?? this.cloneLayer(inner, `backward_${inner.name.replace(/^backward_/, '')}`, site);
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
          const cells = cell.items.map(x => (x.k === 'instance' ? this.layerOf.get(x) : undefined));
          if (cells.some(x => !x)) {
            K.unknown.push('RNN: cells not known statically');
            return;
          }
          const st = this.newLayer('StackedRNNCells', 'layer', undefined, site);
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
        const ls = items ? items.map(x => (x.k === 'instance' ? this.layerOf.get(x) : undefined)) : null;
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
  private cloneLayer(L: KLayer, name: string, site: Site): KLayer {
    const K = this.newLayer(L.cls, L.kind, undefined, site, name);
    K.entry = L.entry;
    K.args = new Map(L.args);
    K.unknown = [...L.unknown];
    if (L.entry?.special) {
      K.sub = L.sub.map(s => this.cloneLayer(s, s.name, site));
    }
    return K;
  }

  private makeInputLayer(I: Interpreter, K: KLayer, args: Value[], kwargs: Map<string, Value>): TensorV {
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
    const t = this.newTensor(shape, true, node, 0);
    node.outputs.push(t);
    node.result = t;
    K.nodes.push(node);
    K.tensor = t;
    return t;
  }

  private inputFn(): Value {
    return {
      k: 'builtin',
      name: 'keras.Input',
      fn: (args, kwargs, site) => {
        const I = this.interp;
        if (!I) {
          return unknown('keras.Input');
        }
        const n = kwargs.get('name');
        const K = this.newLayer('InputLayer', 'input', undefined, site, n && n.k === 'str' ? n.v : undefined);
        return this.makeInputLayer(I, K, args, kwargs);
      }
    };
  }

  private mergeFn(layerName: string): Value {
    return {
      k: 'builtin',
      name: snakeCase(layerName),
      fn: (args, kwargs, site) => {
        const I = this.interp;
        if (!I) {
          return unknown(layerName);
        }
        const cls = this.layerClass(layerName);
        const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: site.span };
        const ctorKw = new Map([...kwargs].filter(([k]) => k !== 'inputs'));
        this.constructNative(I, cls, inst, [], ctorKw, site);
        const inputs = args[0] ?? kwargs.get('inputs') ?? NONE;
        return this.callLayer(I, inst, [inputs], new Map(), site);
      }
    };
  }

  // ---- applications -------------------------------------------------------------------------

  /** The application being built by the library source (its user call site), innermost last. */
  private readonly appCalls: Array<{ ctor: string; site: Site; refused: boolean; unknownReason: string | null }> = [];

  /**
   * Helpers the keras.applications library source imports from `keras._archlens`:
   * app(ctor, fn) wraps a Python builder as the public constructor (the user's call site is
   * kept for diagnostics), refuse(msg) reports what Keras would raise, unknown(reason) gives
   * up (null with the reason), note(msg) adds an info note, undescribed(ctor) is a constructor
   * that is listed with unknown totals,
   * preprocess(mode) / decode_predictions are the imagenet_utils functions.
   */
  private libraryHook(name: string): Value | null {
    switch (name) {
      case 'app':
        return { k: 'builtin', name, fn: (a) => {
          const ctorV = a[0];
          const fn = a[1];
          const ctor = ctorV && ctorV.k === 'str' ? ctorV.v : '?';
          return { k: 'builtin', name: `keras.applications.${ctor}`, fn: (args, kwargs, site) => this.callLibraryApp(ctor, fn ?? NONE, args, kwargs, site) };
        } };
      case 'undescribed':
        return { k: 'builtin', name, fn: (a) => {
          const ctorV = a[0];
          return ctorV && ctorV.k === 'str' ? this.appFn(ctorV.v) : unknown('undescribed');
        } };
      case 'refuse':
        return { k: 'builtin', name, fn: (a) => {
          const call = this.appCalls[this.appCalls.length - 1];
          const msg = a[0];
          if (call && this.interp) {
            call.refused = true;
            this.interp.diag('error', 'bad-argument', `keras.applications.${call.ctor}: ${msg && msg.k === 'str' ? msg.v : 'invalid arguments'}`, call.site.span);
          }
          return NONE;
        } };
      case 'unknown':
        return { k: 'builtin', name, fn: (a) => {
          const call = this.appCalls[this.appCalls.length - 1];
          const msg = a[0];
          if (call) {
            call.unknownReason = call.unknownReason ?? (msg && msg.k === 'str' ? msg.v : 'not described');
          }
          return NONE;
        } };
      case 'source_inputs':
        // operation_utils.get_source_inputs: the Input tensors a symbolic tensor comes from.
        return { k: 'builtin', name, fn: (a, _kw, site) => {
          const t = a[0];
          if (!t || t.k !== 'tensor' || !this.isSymbolic(t)) {
            return unknown('input_tensor is not a symbolic Keras tensor', site.span);
          }
          const found: TensorV[] = [];
          const seen = new Set<TensorV>();
          const stack: TensorV[] = [t];
          while (stack.length > 0) {
            const x = stack.pop() as TensorV;
            if (seen.has(x)) {
              continue;
            }
            seen.add(x);
            const node = this.tinfo.get(x)?.node;
            if (!node || node.isInput || node.op.kind === 'input' || node.inputs.length === 0) {
              found.push(x);
              continue;
            }
            for (let i = node.inputs.length - 1; i >= 0; i--) {
              stack.push(node.inputs[i]);
            }
          }
          return found.length === 1 ? found[0] : { k: 'list', items: found };
        } };
      case 'note':
        return { k: 'builtin', name, fn: (a) => {
          const call = this.appCalls[this.appCalls.length - 1];
          const msg = a[0];
          if (call && this.interp && msg && msg.k === 'str') {
            this.interp.diag('info', 'application-note', `keras.applications.${call.ctor}: ${msg.v}`, call.site.span);
          }
          return NONE;
        } };
      case 'known':
        // True when every argument is known statically (None included; no Unknown, no symbol).
        return { k: 'builtin', name, fn: (a) => ({ k: 'bool', v: a.every(v => knownValue(v)) }) };
      case 'data_format':
        return { k: 'builtin', name, fn: () => str(this.dataFormat ?? 'channels_last') };
      case 'preprocess':
        return { k: 'builtin', name, fn: (a) => {
          const m = a[0];
          const mode = m && m.k === 'str' ? m.v : undefined;
          return { k: 'builtin', name: 'preprocess_input', fn: (args, kw, site) => this.preprocessInput(mode, args[0] ?? kw.get('x') ?? NONE, site) };
        } };
      case 'decode_predictions':
        return { k: 'builtin', name, fn: (_a, _kw, s) => unknown('decode_predictions', s.span) };
      default:
        return null;
    }
  }

  /** A keras.applications constructor described as Python: runs the builder, else the table. */
  private callLibraryApp(ctor: string, fn: Value, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
    const I = this.interp;
    if (!I) {
      return unknown(ctor);
    }
    if (fn.k === 'func') {
      // Keras' constructors take no **kwargs: an unknown keyword or too many arguments raise TypeError.
      const names = new Set(fn.params.filter(p => p.kind !== 'varargs' && p.kind !== 'varkw').map(p => p.name));
      const bad = [...kwargs.keys()].filter(k => !names.has(k));
      if (bad.length > 0 || args.length > names.size) {
        const msg = bad.length > 0 ? `TypeError: ${ctor}() got an unexpected keyword argument '${bad[0]}'` : `TypeError: ${ctor}() takes at most ${names.size} arguments (${args.length} given)`;
        I.diag('error', 'bad-argument', `keras.applications.${ctor}: ${msg}`, site.span);
        return this.makeAppFailed(I, ctor, `${ctor}: Keras refuses these arguments`, site);
      }
    }
    const call = { ctor, site, refused: false, unknownReason: null as string | null };
    this.appCalls.push(call);
    let result: Value;
    try {
      result = I.callValue(fn, args, kwargs, site);
    } finally {
      this.appCalls.pop();
    }
    if (call.refused) {
      return this.makeAppFailed(I, ctor, `${ctor}: Keras refuses these arguments`, site);
    }
    const K = result.k === 'instance' ? this.layerOf.get(result) : undefined;
    if (call.unknownReason !== null || !K || K.kind !== 'functional') {
      // Not described for these arguments (or not followed): unknown with the reason, never
      // the measured table (measured for other arguments, it could be wrong here).
      const reason = `keras.applications.${ctor}: ${call.unknownReason ?? 'the model could not be followed statically'}`;
      I.diag('info', 'unknown-application', reason, site.span);
      return this.makeAppFailed(I, ctor, reason, site);
    }
    return result;
  }

  /** An application whose arguments Keras refuses: an opaque model with unknown totals. */
  private makeAppFailed(I: Interpreter, ctor: string, reason: string, site: Site): Value {
    const cls = this.nativeClass('Functional', `keras.applications.${ctor}`);
    const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: site.span };
    const K = this.newLayer('Functional', 'app', inst, site, ctor.toLowerCase());
    K.built = true;
    K.unknown.push(reason);
    this.appGraph(I, K, null, null, site);
    K.opaque = `${K.name}: ${reason}`;
    return inst;
  }

  private appFn(ctor: string): Value {
    return {
      k: 'builtin',
      name: `keras.applications.${ctor}`,
      fn: (_args, _kwargs, site) => {
        const I = this.interp;
        if (!I) {
          return unknown(ctor);
        }
        return this.makeApp(I, ctor, site);
      }
    };
  }

  /** A keras.applications constructor the library source does not describe: listed, totals unknown. */
  private makeApp(I: Interpreter, ctor: string, site: Site): Value {
    const reason = `keras.applications.${ctor} is not described: its layers and totals are unknown`;
    I.diag('info', 'unknown-application', reason, site.span);
    // Its own layers consume auto names we do not model: later auto names may differ.
    this.nameDrift = this.nameDrift ?? `names of layers created after keras.applications.${ctor} may differ from Keras (its internal layers use auto names too)`;
    return this.makeAppFailed(I, ctor, reason, site);
  }

  /** An application's input/output tensors: the model is one opaque node in graphs built on base.output. */
  private appGraph(I: Interpreter, K: KLayer, inShape: Dims, outShape: Dims, site: Site, inputTensor?: TensorV): void {
    let t: TensorV;
    if (inputTensor) {
      // input_tensor=keras.Input(...): the application is built on it (no new InputLayer).
      t = inputTensor;
    } else {
      const inp = this.newLayer('InputLayer', 'input', undefined, site);
      t = this.makeInputLayer(I, inp, [], new Map([['batch_shape', shapeToValue(inShape)]]));
      if (!inShape) {
        inp.unknown = [];
      }
    }
    K.inputs = [t];
    K.inputsV = t;
    const node: KNode = { op: K, inputs: [t], outputs: [] };
    const o = this.newTensor(outShape, true, node, 0);
    node.outputs.push(o);
    node.result = o;
    K.outputs = [o];
    K.outputsV = o;
    K.opaque = `${K.name} is a keras.applications model: its layers are not listed`;
    // The internal node is not an inbound call of K (summary shows no shape from it).
    (K as KLayer & { appNode?: KNode }).appNode = node;
  }

  /** keras.applications.<module>.preprocess_input on a tensor: the ops Keras records (imagenet_utils). */
  private preprocessInput(mode: string | undefined, x: Value, site: Site): Value {
    const I = this.interp;
    if (!I || x.k !== 'tensor') {
      return x.k === 'tensor' || x.k === 'unknown' ? x : unknown('preprocess_input of data', site.span);
    }
    const f = (v: number): Value => ({ k: 'float', v });
    switch (mode) {
      case 'none':
        return x;
      case 'tf':
        return this.applyOp(I, 'subtract', [this.applyOp(I, 'true_divide', [x, f(127.5)], new Map(), site), f(1)], new Map(), site);
      case 'torch': {
        const a = this.applyOp(I, 'true_divide', [x, f(255)], new Map(), site);
        const b = this.applyOp(I, 'add', [a, this.newTensor([c(3)], false)], new Map(), site);
        return this.applyOp(I, 'true_divide', [b, this.newTensor([c(3)], false)], new Map(), site);
      }
      case 'caffe': {
        if (!x.shape || x.shape.length !== 4) {
          return unknown('preprocess_input (caffe mode) on a tensor that is not 4-D', site.span);
        }
        const ell: Value = { k: 'pymod', path: '?Ellipsis' };
        const parts = [2, 1, 0].map(i => this.tensorIndex(I, x, { k: 'tuple', items: [ell, { k: 'int', v: BigInt(i) }] }, site));
        const st = this.applyOp(I, 'stack', [{ k: 'list', items: parts }], new Map([['axis', { k: 'int', v: -1n } as Value]]), site);
        return this.applyOp(I, 'add', [st, this.newTensor([c(1), c(1), c(1), c(3)], false)], new Map(), site);
      }
      default:
        return unknown('preprocess_input of this application is not modelled', site.span);
    }
  }

  // ---- Sequential -----------------------------------------------------------------------------

  seqAdd(I: Interpreter, K: KLayer, v: Value, rebuild: boolean, site: Site): void {
    const layers = K.layers ?? (K.layers = []);
    let L: KLayer | undefined;
    if (v.k === 'tensor') {
      const info = this.tinfo.get(v);
      if (info?.node?.isInput) {
        L = info.node.op;
      }
    } else if (v.k === 'instance') {
      L = this.layerOf.get(v);
    }
    if (!L) {
      K.unknown.push(`a layer added to ${K.name} is not known statically`);
      I.diag('info', 'unknown-layer', `a layer added to Sequential '${K.name}' is not known statically`, site.span);
      return;
    }
    if (layers.length === 0 && L.inputShapeArg !== undefined && L.kind !== 'input') {
      const inp = this.newLayer('InputLayer', 'input', undefined, site);
      this.makeInputLayer(I, inp, [], new Map([['batch_shape', shapeToValue(L.inputShapeArg ? [null, ...L.inputShapeArg] : null)]]));
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
      this.seqMaybeRebuild(I, K, site);
    }
  }

  private seqMaybeRebuild(I: Interpreter, K: KLayer, site: Site): void {
    const layers = K.layers ?? [];
    K.built = false;
    K.seqFunctional = false;
    if (layers.length > 1 && layers[0].kind === 'input') {
      this.seqBuild(I, K, layers[0].batchShape ?? null, site);
    } else if (layers.length > 1 && (layers[0].kind === 'functional' || layers[0].kind === 'app') && layers[0].inputs?.length === 1) {
      this.seqBuild(I, K, layers[0].inputs[0].shape, site);
    } else if (layers.length > 1 && layers[0].kind === 'sequential' && layers[0].seqFunctional && layers[0].layers?.[0]?.kind === 'input') {
      this.seqBuild(I, K, layers[0].layers[0].batchShape ?? null, site);
    }
  }

  seqBuild(I: Interpreter, K: KLayer, batchShape: Dims, site: Site): void {
    const layers = K.layers ?? [];
    if (layers.length === 0) {
      I.diag('error', 'bad-argument', `Sequential model ${K.name} cannot be built because it has no layers`, site.span);
      return;
    }
    if (layers[0].kind !== 'input') {
      const inp = this.newLayer('InputLayer', 'input', undefined, site);
      this.makeInputLayer(I, inp, [], new Map([['batch_shape', shapeToValue(batchShape)]]));
      layers.unshift(inp);
    }
    let x: Value = layers[0].tensor ?? unknown('input');
    for (const L of layers.slice(1)) {
      if (!L.inst) {
        x = unknown('layer without instance');
        break;
      }
      x = this.callLayer(I, L.inst, [x], new Map(), site);
    }
    // Keras builds an inner Functional here (it consumes a 'functional' name).
    this.autoName('Functional');
    K.built = true;
    K.seqFunctional = true;
    K.outputsV = x;
    K.inputs = layers[0].tensor ? [layers[0].tensor] : [];
  }

  /** Sequential.layers: without the leading InputLayer. */
  seqLayers(K: KLayer): KLayer[] {
    const ls = K.layers ?? [];
    return ls.length > 0 && ls[0].kind === 'input' ? ls.slice(1) : ls;
  }

  // ---- functional ---------------------------------------------------------------------------

  makeFunctional(I: Interpreter, K: KLayer, inputsV: Value, outputsV: Value, site: Site): void {
    K.inputsV = inputsV;
    K.outputsV = outputsV;
    const ins = this.flatTensors(inputsV);
    const outs = this.flatTensors(outputsV);
    K.inputs = ins;
    K.outputs = outs;
    K.built = true;
    if (hasUnknownLeaf(inputsV) || hasUnknownLeaf(outputsV)) {
      K.unknown.push('some inputs/outputs of this functional model are not known statically');
    }
    if (ins.length === 0 || outs.length === 0 || [...ins, ...outs].some(t => !this.isSymbolic(t))) {
      K.unknown.push('the inputs/outputs of this functional model are not symbolic tensors known statically');
      I.diag('info', 'unknown-graph', `keras.Model '${K.name}': inputs/outputs not known statically`, site.span);
      K.ops = [];
      return;
    }
    K.ops = this.mapGraph(K, ins, outs);
  }

  /** Keras' map_graph: operations ordered by depth from the outputs, ties by walk order. */
  private mapGraph(K: KLayer, ins: TensorV[], outs: TensorV[]): KLayer[] {
    const finished = new Set<KNode>();
    const inProgress = new Set<KNode>();
    const order: KNode[] = [];
    const opIndex = new Map<KLayer, number>();
    const inputSet = new Set(ins);
    // Keras' _build_map_helper as an explicit stack (deep graphs must not exhaust the JS stack).
    const enter = (t: TensorV): { node: KNode; next: number; walk: boolean } | null => {
      const node = this.tinfo.get(t)?.node;
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
          const parent = this.tinfo.get(x)?.node;
          if (parent) {
            nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
          }
        }
      }
    }
    for (const t of ins) {
      const op = this.tinfo.get(t)?.node?.op;
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

  // ---- weights --------------------------------------------------------------------------------

  /** Layers a subclassed layer/model tracks through its attributes (in assignment order). */
  tracked = (K: KLayer): KLayer[] => {
    const inst = K.inst;
    if (!inst || (K.kind !== 'subclassed' && K.kind !== 'layer' && K.kind !== 'functional')) {
      return [];
    }
    const out: KLayer[] = [];
    const seen = new Set<KLayer>();
    const visit = (v: Value, depth: number): void => {
      if (depth > 4) {
        return;
      }
      charge(1);
      if (v.k === 'instance') {
        const L = this.layerOf.get(v);
        if (L && L !== K && !seen.has(L)) {
          seen.add(L);
          out.push(L);
        }
      } else if (v.k === 'list' || v.k === 'tuple') {
        v.items.forEach(x => visit(x, depth + 1));
      } else if (v.k === 'dict') {
        for (const [, x] of v.map.values()) {
          visit(x, depth + 1);
        }
      }
    };
    for (const [name, v] of inst.attrs) {
      if (K.entry && K.args.has(name)) {
        continue;
      }
      visit(v, 0);
    }
    return out;
  };

  weightsOf(K: KLayer): ReturnType<typeof collectWeights> {
    return collectWeights(K, this.tracked);
  }

  /** Every reason some weight of K (or below) is not known. */
  unknownReasons(K: KLayer): string[] {
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
      for (const ch of childLayers(L, this.tracked)) {
        visit(ch);
      }
    };
    visit(K);
    return out;
  }

  private addWeights(K: KLayer, specs: KWeightSpec[]): void {
    for (const s of specs) {
      K.weights.push({ id: freshId(), name: s.name, shape: s.shape, trainable: s.trainable });
    }
  }

  // ---- calls ----------------------------------------------------------------------------------

  onModuleCall(I: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
    return this.callLayer(I, inst, args, kwargs, site);
  }

  callNative(I: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
    return this.callLayer(I, inst, args, kwargs, site);
  }

  private ensureLayer(I: Interpreter, inst: InstanceV, site: Site): KLayer {
    let K = this.layerOf.get(inst);
    if (!K) {
      const isModel = inst.cls.mro.some(c0 => c0.native === 'keras.Model');
      K = this.newLayer(inst.cls.name, isModel ? 'subclassed' : 'layer', inst, site);
      I.diag('info', 'keras-init', `${inst.cls.name}: super().__init__() was not seen`, site.span);
    }
    return K;
  }

  hasUserMethod(inst: InstanceV, name: string): boolean {
    const v = this.userMethod(inst, name);
    return v !== undefined && v.k === 'func';
  }

  private userMethod(inst: InstanceV, name: string): Value | undefined {
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

  callLayer(I: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
    this.interp = I;
    const K = this.ensureLayer(I, inst, site);
    K.callAttempted = true;
    const first = args[0] ?? kwargs.get('inputs') ?? kwargs.get('query') ?? kwargs.get('x');
    if (!first) {
      return unknown(`${K.name} called without inputs`, site.span);
    }
    const callArgs = K.entry?.special === 'mha' || K.entry?.name === 'GroupedQueryAttention' || K.entry?.name === 'Attention' || K.entry?.name === 'AdditiveAttention'
      ? [first, args[1] ?? kwargs.get('value') ?? NONE, args[2] ?? kwargs.get('key') ?? NONE].filter(v => v.k !== 'none')
      : [first];
    const inputs = this.flatTensors({ k: 'list', items: callArgs });
    if (inputs.length === 0) {
      if (first.k === 'unknown') {
        return first;
      }
      return unknown(`${K.name} called on a value that is not a tensor`, site.span);
    }
    const symbolic = inputs.some(t => this.isSymbolic(t));
    const shapes = inputs.map(t => t.shape);
    const call = this.userMethod(inst, 'call');
    let result: Value;
    const missing = callArgs.some(v => hasUnknownLeaf(v));
    if (missing) {
      // Some inputs are not known (a branch we could not follow): the graph is incomplete.
      const reason = `${K.name} is called on inputs not all known statically (layers feeding it may be missing)`;
      if (!K.unknown.includes(reason)) {
        K.unknown.push(reason);
      }
      result = this.newTensor(null, false);
    } else if (K.kind === 'sequential' && !call) {
      result = this.callSequential(I, K, first, site);
    } else if ((K.kind === 'functional' || K.kind === 'app') && !call) {
      result = this.callFunctional(I, K, first, shapes);
    } else if (call) {
      result = this.callUser(I, K, inst, call, args, kwargs, site, symbolic);
    } else {
      result = this.callCatalog(I, K, shapes, kwargs, site, first);
    }
    const nodeInputs = this.flatTensors({ k: 'list', items: [...args, ...kwargs.values()] });
    const masks = inputs.map(t => this.tinfo.get(t)?.mask).filter((m): m is TensorV => m !== undefined);
    if (symbolic && masks.length > 0 && K.entry && MASK_CONSUMERS.has(K.entry.name)) {
      nodeInputs.push(...masks);
    }
    const out = this.wrapResult(K, nodeInputs, result, symbolic);
    if (symbolic && K.nodes.length > 0) {
      K.nodes[K.nodes.length - 1].primary = inputs.filter(t => this.isSymbolic(t));
    }
    if (symbolic && out.k === 'tensor' && K.entry) {
      if (K.entry.name === 'Masking') {
        // Keras computes the mask with graph operations: any(not_equal(x, mask_value), axis=-1).
        const ne = this.applyOp(I, 'not_equal', [inputs[0], K.args.get('mask_value') ?? { k: 'float', v: 0 }], new Map(), site);
        const anyT = this.applyOp(I, 'any', [ne], new Map([['axis', { k: 'int', v: -1n } as Value]]), site);
        if (anyT.k === 'tensor') {
          const oi = this.tinfo.get(out);
          if (oi) {
            oi.mask = anyT;
          }
        }
      } else if (K.entry.name === 'Embedding' && truthy(K.args.get('mask_zero') ?? NONE)) {
        // Embedding(mask_zero=True): the mask is not_equal(inputs, 0), a graph operation.
        const ne = this.applyOp(I, 'not_equal', [inputs[0], { k: 'int', v: 0n }], new Map(), site);
        const oi = this.tinfo.get(out);
        if (oi && ne.k === 'tensor') {
          oi.mask = ne;
        }
      } else if (masks.length === 1 && (MASK_PROPAGATORS.has(K.entry.name) ||
        (['LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional', 'ConvLSTM2D'].includes(K.entry.name) && truthy(K.args.get('return_sequences') ?? NONE) === true))) {
        const oi = this.tinfo.get(out);
        if (oi) {
          oi.mask = masks[0];
        }
      }
    }
    return out;
  }

  /** Turns a call's result into symbolic tensors with a node (symbolic call) or concrete ones. */
  private wrapResult(K: KLayer, inputs: TensorV[], result: Value, symbolic: boolean): Value {
    const outShapes = this.flatTensors(result).map(t => t.shape);
    K.lastShape = outShapes.length === 1 ? outShapes[0] : outShapes.length === 0 ? null : outShapes;
    if (!symbolic) {
      return this.mapTensors(result, t => (this.tinfo.has(t) ? t : this.newTensor(t.shape, false)));
    }
    const node: KNode = { op: K, inputs: inputs.filter(t => this.isSymbolic(t)), outputs: [] };
    const wrapped = this.mapTensors(result, t => {
      const o = this.newTensor(t.shape, true, node, node.outputs.length);
      node.outputs.push(o);
      return o;
    });
    node.result = wrapped;
    K.nodes.push(node);
    return wrapped;
  }

  private ruleCtx(I: Interpreter, K: KLayer, shapes: Dims[], site: Site, entry?: KerasLayerEntry, args?: Map<string, Value>): RuleCtx {
    const e = entry ?? (K.entry as KerasLayerEntry);
    return {
      entry: e,
      args: args ?? K.args,
      inputs: shapes,
      fail: reason => {
        if (!K.unknown.includes(reason)) {
          K.unknown.push(reason);
        }
      },
      error: message => I.diag('error', 'shape-mismatch', `${K.name}: ${message}`, site.span)
    };
  }

  /** Builds (weights) a catalog layer on input shapes, once. */
  buildCatalog(I: Interpreter, K: KLayer, shapes: Dims[], site: Site): void {
    if (K.built) {
      return;
    }
    K.built = true;
    const e = K.entry;
    if (!e) {
      return;
    }
    if (K.args.get('data_format')?.k === 'unknown') {
      K.unknown.push(`${K.name}: data_format not known statically`);
      return;
    }
    if (e.special) {
      this.buildSpecial(I, K, shapes, site);
      return;
    }
    const rule = e.weights ? WEIGHT_RULES.get(e.weights) : undefined;
    if (rule) {
      this.addWeights(K, rule(this.ruleCtx(I, K, shapes, site)));
    }
    if (e.name === 'GroupedQueryAttention') {
      // Building the attention creates a Softmax and a Dropout with auto names.
      this.autoName('Softmax');
      this.autoName('Dropout');
    }
  }

  private buildSpecial(I: Interpreter, K: KLayer, shapes: Dims[], site: Site): void {
    const e = K.entry as KerasLayerEntry;
    switch (e.special) {
      case 'bidirectional':
        for (const s of K.sub) {
          this.buildCatalog(I, s, shapes, site);
        }
        return;
      case 'timedistributed': {
        const x = shapes[0];
        const inner = K.sub[0];
        if (inner && inner.inst && !inner.built) {
          const innerShape: Dims = x ? [x[0], ...x.slice(2)] : null;
          this.buildAny(I, inner, [innerShape], site);
        }
        return;
      }
      case 'rnn': {
        const cell = K.sub[0];
        if (!cell) {
          return;
        }
        const x = shapes[0];
        const stepShape: Dims = x ? [x[0], ...x.slice(2)] : null;
        if (cell.cls === 'StackedRNNCells') {
          let cur = stepShape;
          cell.built = true;
          for (const cl of cell.sub) {
            this.buildAny(I, cl, [cur], site);
            const u = cellUnits(cl);
            cur = cur ? [cur[0], u] : null;
          }
        } else {
          this.buildAny(I, cell, [stepShape], site);
        }
        return;
      }
      case 'mha': {
        const q = shapes[0];
        const v = shapes[1] ?? q;
        const k = shapes[2] ?? v;
        const ld = (s: Dims): D => (s && s.length > 0 ? s[s.length - 1] : null);
        const ctx = this.ruleCtx(I, K, shapes, site);
        const h = asPoly(K.args.get('num_heads') ?? NONE);
        const kd = asPoly(K.args.get('key_dim') ?? NONE);
        const vdA = K.args.get('value_dim');
        const vdim = vdA && vdA.k !== 'none' ? asPoly(vdA) : kd;
        const bias = truthy(K.args.get('use_bias') ?? NONE);
        const osA = K.args.get('output_shape');
        let outDims: D[] | null = [ld(q)];
        if (osA && osA.k !== 'none') {
          outDims = shapeFromValue(osA);
        }
        if (!h || !kd || !vdim || bias === null || !outDims || !K.args.get('attention_axes') || K.args.get('attention_axes')?.k !== 'none') {
          ctx.fail('MultiHeadAttention: arguments not known statically (or attention_axes given)');
        }
        if (q && q.length !== 3) {
          ctx.fail('MultiHeadAttention: only rank-3 queries are modelled');
        }
        const dense = (name: string, kernel: Dims, b: Dims): void => {
          const L = this.newLayer('EinsumDense', 'layer', undefined, site, name);
          L.built = true;
          L.weights.push({ id: freshId(), name: 'kernel', shape: kernel, trainable: true });
          if (bias) {
            L.weights.push({ id: freshId(), name: 'bias', shape: b, trainable: true });
          }
          K.sub.push(L);
        };
        dense('query', [ld(q), h, kd], [h, kd]);
        dense('key', [ld(k), h, kd], [h, kd]);
        dense('value', [ld(v), h, vdim], [h, vdim]);
        dense('attention_output', [h, vdim, ...(outDims ?? [null])], outDims ?? [null]);
        // Building the attention creates a Softmax and a Dropout with auto names.
        this.autoName('Softmax');
        this.autoName('Dropout');
        return;
      }
      default:
        return;
    }
  }

  /** Builds any layer (catalog, user) on shapes without making graph nodes. */
  private buildAny(I: Interpreter, L: KLayer, shapes: Dims[], site: Site): void {
    if (L.built) {
      return;
    }
    if (L.entry) {
      this.buildCatalog(I, L, shapes, site);
      L.lastShape = this.catalogShape(I, L, shapes, new Map(), site);
      return;
    }
    if (L.inst) {
      const t = this.newTensor(shapes[0] ?? null, false);
      this.callLayer(I, L.inst, [t], new Map(), site);
    }
  }

  private catalogShape(I: Interpreter, K: KLayer, shapes: Dims[], kwargs: Map<string, Value>, site: Site): Dims | Dims[] | null {
    const e = K.entry;
    if (!e) {
      return null;
    }
    const ctx = this.ruleCtx(I, K, shapes, site);
    if (K.args.get('data_format')?.k === 'unknown') {
      return null;
    }
    switch (e.special) {
      case 'bidirectional': {
        // Keras: compute_output_shape of the forward layer, last dim doubled for 'concat'.
        const f = K.sub[0];
        if (!f) {
          return null;
        }
        const fo = this.catalogShape(I, f, shapes, kwargs, site);
        if (!fo) {
          return null;
        }
        const multi = fo.length > 0 && Array.isArray(fo[0]);
        const out = multi ? (fo as Dims[])[0] : (fo as Dims);
        const states = multi ? (fo as Dims[]).slice(1) : [];
        const mode = K.args.get('merge_mode');
        const m = !mode ? 'concat' : mode.k === 'none' ? null : asStr(mode);
        if (m === null) {
          return [out, out, ...states, ...states];
        }
        if (!out) {
          return null;
        }
        let merged: Dims;
        if (m === 'concat') {
          const last = out[out.length - 1];
          merged = [...out.slice(0, -1), last && num(last) !== null ? c((num(last) as bigint) * 2n) : null];
        } else if (m === 'sum' || m === 'mul' || m === 'ave') {
          merged = out;
        } else {
          return null;
        }
        return states.length > 0 ? [merged, ...states, ...states] : merged;
      }
      case 'timedistributed': {
        const x = shapes[0];
        const inner = K.sub[0];
        if (!x || !inner) {
          return null;
        }
        const innerIn: Dims = [x[0], ...x.slice(2)];
        let o: Dims | Dims[] | null;
        if (inner.entry) {
          o = this.catalogShape(I, inner, [innerIn], kwargs, site);
        } else if (inner.inst) {
          const r = this.callLayer(I, inner.inst, [this.newTensor(innerIn, false)], new Map(), site);
          o = r.k === 'tensor' ? r.shape : null;
        } else {
          o = null;
        }
        if (!o || Array.isArray(o[0])) {
          return null;
        }
        const os = o as Dims;
        return os ? [x[0], x[1], ...os.slice(1)] : null;
      }
      case 'rnn': {
        const cell = K.sub[0];
        if (!cell) {
          return null;
        }
        const last = cell.cls === 'StackedRNNCells' ? cell.sub[cell.sub.length - 1] : cell;
        const u = last ? cellUnits(last) : null;
        const x = shapes[0];
        if (!x || x.length < 3) {
          return null;
        }
        const seq = truthy(K.args.get('return_sequences') ?? NONE);
        const out: Dims = seq ? [x[0], x[1], u] : [x[0], u];
        if (truthy(K.args.get('return_state') ?? NONE)) {
          const cells = cell.cls === 'StackedRNNCells' ? cell.sub : [cell];
          const st: Dims[] = [];
          for (const cl of cells) {
            const n = cl.entry?.data?.kind === 'lstm' ? 2 : 1;
            for (let i = 0; i < n; i++) {
              st.push([x[0], cellUnits(cl)]);
            }
          }
          return [out, ...st];
        }
        return out;
      }
      case 'mha': {
        const q = shapes[0];
        const osA = K.args.get('output_shape');
        let o: D[] | null = q ? [q[q.length - 1]] : null;
        if (osA && osA.k !== 'none') {
          o = shapeFromValue(osA);
        }
        const out: Dims = q && o ? [...q.slice(0, -1), ...o] : null;
        if (truthy(kwargs.get('return_attention_scores') ?? NONE)) {
          const h = asPoly(K.args.get('num_heads') ?? NONE);
          return [out, q ? [q[0], h, q[1], q[1]] : null];
        }
        return out;
      }
      case 'lambda': {
        const osA = K.args.get('output_shape');
        if (osA && osA.k !== 'none') {
          const s = shapeFromValue(osA);
          return s ? [shapes[0]?.[0] ?? null, ...s] : null;
        }
        return null;
      }
      default:
        break;
    }
    const rule = e.shape ? SHAPE_RULES.get(e.shape) : undefined;
    if (!rule) {
      return null;
    }
    return rule(ctx);
  }

  private callCatalog(I: Interpreter, K: KLayer, shapes: Dims[], kwargs: Map<string, Value>, site: Site, first: Value): Value {
    if (!K.entry) {
      K.unknown.push(`${K.cls}: unknown layer`);
      return this.newTensor(null, false);
    }
    if (K.entry.special === 'input') {
      return unknown('calling an InputLayer', site.span);
    }
    this.buildCatalog(I, K, shapes, site);
    if (K.entry.special === 'lambda' && !(K.args.get('output_shape') && K.args.get('output_shape')?.k !== 'none')) {
      // Keras infers the output by running the function on symbolic stand-ins.
      const fn = K.args.get('function');
      if (fn && (fn.k === 'func' || fn.k === 'builtin' || fn.k === 'bound')) {
        const standIn = this.mapTensors(first, t => this.newTensor(t.shape, false));
        const r = I.callValue(fn, [standIn], new Map(), site);
        if (this.flatTensors(r).length > 0) {
          return this.mapTensors(r, t => this.newTensor(t.shape, false));
        }
      }
      return this.newTensor(null, false);
    }
    const out = this.catalogShape(I, K, shapes, kwargs, site);
    if (out && out.length > 0 && Array.isArray(out[0])) {
      const items = (out as Dims[]).map(s => this.newTensor(s, false));
      return { k: K.entry.special === 'mha' ? 'tuple' : 'list', items } as Value;
    }
    return this.newTensor(out as Dims, false);
  }

  private callSequential(I: Interpreter, K: KLayer, first: Value, site: Site): Value {
    if (!K.built || !K.seqFunctional) {
      const t = first.k === 'tensor' ? first : null;
      if (!t) {
        return unknown(`${K.name}: input not known statically`, site.span);
      }
      this.seqBuild(I, K, this.isSymbolic(t) && t.shape ? [null, ...t.shape.slice(1)] : t.shape, site);
    }
    // Run the layers on stand-ins so inner layers record no new nodes.
    let x: Value = this.mapTensors(first, t => this.newTensor(t.shape, false));
    for (const L of this.seqLayers(K)) {
      if (!L.inst) {
        return this.newTensor(null, false);
      }
      x = this.callLayer(I, L.inst, [x], new Map(), site);
    }
    return x;
  }

  private callFunctional(I: Interpreter, K: KLayer, first: Value, shapes: Dims[]): Value {
    const orig = (K.inputs ?? []).map(t => t.shape);
    const sameShapes = orig.length === shapes.length && orig.every((s, i) => sameNonBatch(s, shapes[i]));
    const out = K.outputsV ?? NONE;
    void first;
    if (!sameShapes && K.kind === 'functional') {
      // Called on other shapes: run the shape rules through the graph again.
      const env = this.propagate(I, K, shapes, 0);
      return this.mapTensors(out, t => this.newTensor(env?.get(t) ?? null, false));
    }
    return this.mapTensors(out, t => this.newTensor(sameShapes && t.shape ? [shapes[0]?.[0] ?? null, ...t.shape.slice(1)] : null, false));
  }

  /** Output shapes of every tensor of a functional graph for new input shapes (catalog layers only). */
  private propagate(I: Interpreter, K: KLayer, shapes: Dims[], depth: number): Map<TensorV, Dims> | null {
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
        if (op.entry && !(op.inst && this.hasUserMethod(op.inst, 'call')) && !op.entry.special) {
          const o = this.catalogShape(I, op, inShapes, new Map(), site);
          outs = o === null ? null : o.length > 0 && Array.isArray(o[0]) ? (o as Dims[]) : [o as Dims];
        } else if (op.kind === 'functional' && !op.opaque) {
          const sub = this.propagate(I, op, inShapes, depth + 1);
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

  private callUser(I: Interpreter, K: KLayer, inst: InstanceV, call: Value, args: Value[], kwargs: Map<string, Value>, site: Site, symbolic: boolean): Value {
    const standIn = (v: Value): Value => this.mapTensors(v, t => (this.isSymbolic(t) ? this.newTensor(t.shape, false) : t));
    const inArgs = args.map(standIn);
    const inKw = new Map([...kwargs].map(([k, v]) => [k, standIn(v)] as [string, Value]));
    if (!K.built) {
      const build = this.userMethod(inst, 'build');
      const firstT = this.flatTensors(inArgs[0] ?? NONE);
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
    for (const L of this.tracked(K)) {
      if (!L.built && (L.entry?.weights || L.entry?.special || (!L.entry && L.kind !== 'input'))) {
        const reason = `${L.name} was not built when ${K.name}.call() was analysed (its weights are not known)`;
        if (!K.unknown.includes(reason)) {
          K.unknown.push(reason);
        }
      }
    }
    if (this.flatTensors(r).length === 0) {
      if (r.k === 'unknown') {
        K.unknown.push(`${K.name}.call: result not known statically (${r.reason})`);
      }
      return symbolic ? this.newTensor(null, false) : r;
    }
    return r;
  }

  // ---- attributes ---------------------------------------------------------------------------

  instanceAttr(I: Interpreter, inst: InstanceV, name: string, site: Site): Value | undefined {
    this.interp = I;
    const K = this.layerOf.get(inst);
    if (!K) {
      if (name === 'add_weight' || name === 'build' || name === 'call') {
        this.ensureLayer(I, inst, site);
        return this.instanceAttr(I, inst, name, site);
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
        const ls = K.kind === 'sequential' ? this.seqLayers(K) : K.kind === 'functional' ? (K.ops ?? []).filter(o => !o.isOp) : this.tracked(K);
        if (K.kind === 'functional' && K.opaque) {
          K.trainableUnknown = K.trainableUnknown ?? K.opaque;
          return unknown(K.opaque, site.span);
        }
        return { k: 'list', items: ls.map(l => (l.inst ? (l.inst as Value) : this.layerInstance(l))) };
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
            this.seqAdd(I, K, a[0] ?? kw.get('layer') ?? NONE, true, s);
          }
          return NONE;
        });
      case 'pop':
        return fnv('pop', (_a, _kw, s) => {
          if (K.kind === 'sequential' && K.layers) {
            const ls = this.seqLayers(K);
            const last = ls[ls.length - 1];
            if (last) {
              K.layers.splice(K.layers.indexOf(last), 1);
              this.seqMaybeRebuild(I, K, s);
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
            this.seqBuild(I, K, shapeFromValue(shapeV), s);
            return NONE;
          }
          if (K.entry) {
            const sh = shapeFromValue(shapeV);
            this.buildCatalog(I, K, [sh], s);
            K.lastShape = this.catalogShape(I, K, [sh], new Map(), s);
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
          const t = this.newTensor(shape, false);
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
          const ls = K.kind === 'sequential' ? this.seqLayers(K) : K.kind === 'functional' ? (K.ops ?? []).filter(o => !o.isOp) : this.tracked(K);
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
          return L ? (L.inst ?? this.layerInstance(L)) : unknown('get_layer: not found statically');
        });
      case 'count_params':
        return fnv('count_params', () => {
          const ws = this.weightsOf(K);
          const n = countWeights(ws.all);
          if (!K.built || n === null || this.unknownReasons(K).length > 0) {
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
        const ws = this.weightsOf(K);
        const list = name.startsWith('trainable') ? ws.trainable : name.startsWith('non') ? ws.all.filter(w => !ws.trainable.includes(w)) : ws.all;
        if (ws.trainableUnknown && name !== 'weights' && name !== 'variables') {
          return unknown(ws.trainableUnknown);
        }
        return { k: 'list', items: list.map(w => this.weightTensor(w)) };
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
          if ((name === 'fit' || name === 'evaluate' || name === 'predict') && this.callOnFirstBatch(I, inst, K, name, _a, _kw, s)) {
            return unknown(`${K.name}.${name}() is not run statically`, s.span);
          }
          // fit/evaluate/predict build a model's unbuilt layers from the data's shape, which we
          // do not follow: their weights are then not known (rather than an unbuilt layer's 0).
          if (childLayers(K, this.tracked).some(L => !L.built && mayHaveWeights(L))) {
            K.callAttempted = true;
          } else if (K.kind === 'subclassed' && !K.built && !this.userMethod(inst, 'build')) {
            // Its layers are all built and it has no build() of its own: the first batch
            // builds it without new weights (a VAE over a built encoder and decoder).
            K.built = true;
          }
          return unknown(`${K.name}.${name}() is not run statically`, s.span);
        });
      case 'get_config':
        return fnv(name, () => unknown('get_config'));
      case 'call':
        return fnv('call', (a, kw, s) => this.callCatalog(I, K, this.flatTensors(a[0] ?? NONE).map(t => t.shape), kw, s, a[0] ?? NONE));
      case 'compute_output_shape':
        return fnv(name, (a, kw, s) => {
          const sh = shapeFromValue(a[0] ?? kw.get('input_shape') ?? NONE);
          const o = this.catalogShape(I, K, [sh], new Map(), s);
          return o && !Array.isArray(o[0]) ? shapeToValue(o as Dims) : unknown('compute_output_shape');
        });
      case '__call__':
        return fnv(name, (a, kw, s) => this.callLayer(I, inst, a, kw, s));
      default:
        {
          // Weights by name (layer.kernel, embedding.embeddings, bn.gamma), once built.
          const w = K.weights.find(x => x.name === name);
          if (w) {
            return this.weightTensor(w);
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
  private callOnFirstBatch(I: Interpreter, inst: InstanceV, K: KLayer, method: string, a: Value[], kw: Map<string, Value>, s: Site): boolean {
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
    const batch = this.newTensor([rows === null ? null : polyConst(rows), ...x.shape.slice(1)], false);
    this.callLayer(I, inst, [batch], new Map(), s);
    return true;
  }

  private layerInstance(L: KLayer): Value {
    const cls = this.nativeClass(L.cls, `keras.internal.${L.cls}`);
    const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), mod: { modules: new Map(), params: new Map(), buffers: new Map(), unknownParams: [] } };
    this.layerOf.set(inst, L);
    L.inst = inst;
    return inst;
  }

  setModuleAttr(I: Interpreter, inst: InstanceV, name: string, value: Value): boolean {
    const K = this.layerOf.get(inst);
    if (!K) {
      return false;
    }
    if (name === 'trainable') {
      const t = truthy(value);
      this.setTrainable(K, t, new Set());
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
    void I;
    return false;
  }

  /** The tensor standing for a weight (layer.kernel, layer.weights[i]): one per weight. */
  private weightTensor(w: KWeight): TensorV {
    if (!w.tensor) {
      w.tensor = this.newTensor(w.shape, false);
      w.tensor.isParam = true;
      this.weightOfTensor.set(w.tensor, w);
    }
    return w.tensor;
  }

  /** `variable.trainable = x` (Keras 3 variables have a settable flag). */
  setTensorAttr(_I: Interpreter, t: TensorV, name: string, value: Value): boolean {
    const w = this.weightOfTensor.get(t);
    if (!w || name !== 'trainable') {
      return false;
    }
    w.override = truthy(value);
    return true;
  }

  /** Keras' trainable setter: sets the flag on the layer and every layer below it (and on the
   * variables made trainable, so their own settings are replaced). */
  private setTrainable(K: KLayer, t: boolean | null, seen: Set<KLayer>): void {
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
    for (const ch of childLayers(K, this.tracked)) {
      this.setTrainable(ch, t, seen);
    }
  }

  /** Names `from keras.layers import *` (and friends) bring in: only names Keras really exports. */
  starName(I: Interpreter, rawPath: string, name: string): Value | undefined {
    const path = canonicalPath(rawPath);
    const layerish = path === 'keras.layers' || path === 'keras.layers.experimental.preprocessing';
    if (layerish && (KERAS_LAYER_CATALOG.has(KERAS_LAYER_ALIASES.get(name) ?? name) || KERAS_MERGE_FUNCTIONS.has(name) || name === 'Input' || name === 'Layer' || name === 'InputLayer')) {
      return this.pymodAttr(I, path, name, {});
    }
    if (path === 'keras.models' && (name === 'Sequential' || name === 'Model')) {
      return this.pymodAttr(I, path, name, {});
    }
    if (path === 'keras' && (name === 'Sequential' || name === 'Model' || name === 'Input' || NAMESPACES.has(`keras.${name}`))) {
      return this.pymodAttr(I, path, name, {});
    }
    if (path === 'keras.applications' && I.loadUserModule(path) && I.userScope(path)?.vars.has(name)) {
      return I.pymodAttr(path, name, {});
    }
    return undefined;
  }

  /** `model.add(...)` in a loop or branch not known statically: the model stays, its structure is unknown. */
  havocInstance(I: Interpreter, inst: InstanceV, reason: string): boolean {
    const K = this.layerOf.get(inst);
    if (!K) {
      return false;
    }
    const r = `${K.name}: layers were added or removed in code not known statically (${reason})`;
    if (!K.unknown.includes(r)) {
      K.unknown.push(r);
    }
    void I;
    return true;
  }

    iterModule(inst: InstanceV): Value[] | null {
    const K = this.layerOf.get(inst);
    if (K && K.kind === 'sequential') {
      return this.seqLayers(K).map(l => l.inst ?? this.layerInstance(l));
    }
    return null;
  }

  indexModule(I: Interpreter, inst: InstanceV, index: Value, site: Site): Value | undefined {
    void I;
    void inst;
    void index;
    void site;
    return undefined;
  }
}

// ---- helpers ----------------------------------------------------------------------------------

/** A value that came out of a call we could not follow (or holds one): it might be a layer. */
function mayHideLayer(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown') {
    return !v.scalar && (v.fromCall === true || /comprehension|unpacking|list extended/.test(v.reason));
  }
  if (depth > 3) {
    return false;
  }
  if (v.k === 'list' || v.k === 'tuple') {
    // Keras tracks layers kept in lists: a list with items not known may hold some.
    return (v.k === 'list' && v.unknownItems === true) || v.items.some(x => mayHideLayer(x, depth + 1));
  }
  if (v.k === 'dict') {
    return [...v.map.values()].some(([, x]) => mayHideLayer(x, depth + 1));
  }
  return false;
}

/** An Unknown value at the top of an argument or inside its list/tuple/dict. */
function hasUnknownLeaf(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown') {
    return true;
  }
  if (depth > 4) {
    return false;
  }
  if (v.k === 'list' || v.k === 'tuple') {
    return v.items.some(x => hasUnknownLeaf(x, depth + 1));
  }
  if (v.k === 'dict') {
    return [...v.map.values()].some(([, x]) => hasUnknownLeaf(x, depth + 1));
  }
  return false;
}

/** Does skipped code call a class (Dense(...), layers.Conv2D(...)) or a user function? */
function mayCreateLayers(I: Interpreter, body: Stmt[]): boolean {
  // The walk depends only on the (cached) AST: done once per body, then checked against the
  // current globals (a name called may be a user function or class now).
  let calls = CALLS_IN.get(body);
  if (!calls) {
    calls = callsIn(body);
    CALLS_IN.set(body, calls);
  }
  if (calls.certain) {
    return true;
  }
  return calls.names.some(name => {
    const g = I.globals.vars.get(name);
    return !!g && (g.k === 'func' || g.k === 'class');
  });
}

/** Calls in skipped code: `certain` when one calls a capitalised name (a class, by convention). */
const CALLS_IN = new WeakMap<Stmt[], { certain: boolean; names: string[] }>();

function callsIn(body: Stmt[]): { certain: boolean; names: string[] } {
  let budget = 20000;
  let certain = false;
  const names = new Set<string>();
  const walk = (n: unknown, depth: number): void => {
    if (certain || budget-- <= 0 || depth > 60 || n === null || typeof n !== 'object') {
      return;
    }
    if (Array.isArray(n)) {
      for (let i = 0; i < n.length; i++) {
        if (i in n) {
          walk(n[i], depth + 1);
        }
      }
      return;
    }
    const o = n as { k?: string; func?: { k?: string; id?: string; attr?: string } };
    if (o.k === 'Call' && o.func) {
      const name = o.func.k === 'Name' ? o.func.id : o.func.k === 'Attr' ? o.func.attr : undefined;
      if (name && /^[A-Z]/.test(name)) {
        certain = true;
        return;
      }
      if (name && o.func.k === 'Name') {
        names.add(name);
      }
    }
    // The node's fields in Object.values order, without an array per node (AST nodes are
    // plain data: no enumerable inherited properties).
    for (const key in n) {
      walk((n as Record<string, unknown>)[key], depth + 1);
    }
  };
  walk(body, 0);
  return { certain: certain || budget <= 0, names: [...names] };
}

/** A value known statically all the way down (tuples and lists of known values). */
function knownValue(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown' || v.k === 'sym' || depth > 4) {
    return false;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.every(x => knownValue(x, depth + 1));
  }
  return true;
}

/** A Python shape value ((None, 28, 28), [784], 10) as dims; null when not a shape. */
export function shapeFromValue(v: Value): Dims {
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.map(x => (x.k === 'none' ? null : asPoly(x)));
  }
  const d = asPoly(v);
  return d ? [d] : null;
}

export function shapeToValue(s: Dims): Value {
  if (!s) {
    return unknown('shape not known statically');
  }
  return {
    k: 'tuple',
    items: s.map(d => {
      if (d === null) {
        return NONE;
      }
      const v = polyConstValue(d);
      return v !== null ? ({ k: 'int', v } as Value) : ({ k: 'sym', p: d } as Value);
    })
  };
}

function sameNonBatch(a: Dims, b: Dims): boolean {
  if (!a || !b || a.length !== b.length) {
    return false;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null && y === null) {
      continue;
    }
    if (x === null || y === null || num(x) === null || num(x) !== num(y)) {
      return false;
    }
  }
  return true;
}

function cellUnits(L: KLayer): D {
  return asPoly(L.args.get('units') ?? NONE);
}

export { broadcastShapes };
