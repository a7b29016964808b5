// The Keras FrameworkHost: one per analysis, holding Keras' state — the layer behind every
// instance, tensor information (symbolic or concrete, the graph node that made it, its mask),
// variables, auto-name counters, the image data format — and answering the interpreter
// through the parts of this folder: namespaces (names.ts), construction (construct.ts),
// building weights and shapes (build.ts), calls (calls.ts), Sequential and functional graphs
// (models.ts), attributes (attributes.ts), tensors and ops (tensors.ts), keras.applications
// (apps.ts). Batch dimensions are null (Keras' None).
// Does not: build the IR (extract.ts) or know torch.
import { charge } from '../../interp/cost';
import type { Interp } from '../../interp/context';
import type { ForStmt, FrameworkHost, QuietEval } from '../../interp/host';
import { BudgetError } from '../../interp/ops';
import { CallSite, ClassV, Dims, freshId, InstanceV, TensorV, Value } from '../../interp/values';
import type { Stmt } from '../../parse/ast';
import { FRAMEWORK_STATE } from '../../incremental/flow';
import { KERAS_LAYER_ALIASES } from './catalog';
import type { KLayer, KNode, KTensorInfo, KWeight } from './state';
import { snakeCase } from './state';
import * as attributes from './attributes';
import * as calls from './calls';
import * as construct from './construct';
import * as models from './models';
import * as names from './names';
import * as tensors from './tensors';
import * as unseen from './unseen';
import { NO_KERAS_LAYERS } from './values';

type Site = CallSite;

/** An application the library source is building (its user call site), see apps.ts. */
interface AppCall {
  ctor: string;
  site: Site;
  refused: boolean;
  unknownReason: string | null;
}

export class KerasHost implements Partial<FrameworkHost> {
  /** Keras classes by native name (and plain-object classes of non-layer namespaces). */
  readonly classes = new Map<string, ClassV>();
  /** The layer behind each layer or model instance. */
  readonly layerOf = new WeakMap<InstanceV, KLayer>();
  /** The weight behind each tensor standing for one (layer.kernel, model.weights[i]). */
  readonly weightOfTensor = new WeakMap<TensorV, KWeight>();
  /** What Keras knows of each tensor it made. */
  readonly tinfo = new WeakMap<TensorV, KTensorInfo>();
  /** Auto-name counters, as Keras keeps them ('dense' -> next index). */
  readonly counters = new Map<string, number>();
  /** Every layer/model created, in creation order. */
  readonly created: KLayer[] = [];
  /** Most layers/models one analysis may create (the maxModules budget, set by the analyzer). */
  layerBudget = Number.POSITIVE_INFINITY;
  /** The interpreter of this analysis (set when Keras is first asked anything). */
  interp: Interp | null = null;

  // ---- ownership (for the dispatcher) ---------------------------------------------------

  ownsTensor(t: TensorV): boolean {
    return this.tinfo.has(t);
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
  onHavoc(I: Interp, body: Stmt[], reason: string): void {
    if (this.nameDrift || !mayCreateLayers(I, body)) {
      return;
    }
    I.flow.touch(FRAMEWORK_STATE, false);
    this.nameDrift = `code that could not be followed statically (${reason}) may have created layers, so Keras may number this name differently`;
  }

  /** Code that cannot be seen ran: unless it is from a library that never makes Keras layers, later auto names may drift. */
  onUnseenCode(I: Interp, what: string): void {
    if (this.nameDrift || NO_KERAS_LAYERS.has(what.split('.')[0])) {
      return;
    }
    I.flow.touch(FRAMEWORK_STATE, false);
    this.nameDrift = `code that cannot be seen (${what}) ran before this layer was created; if it created layers, Keras numbers names differently`;
  }

  // ---- code that cannot be seen (unseen.ts) -------------------------------------------------

  /** Layers handed to unseen code (directly, or as the makers of tensors it was handed). */
  readonly escaped = new Set<KLayer>();

  onHandedToUnseen(_I: Interp, values: Value[]): void {
    unseen.onHandedToUnseen(this, values);
  }

  onUnseenFlagWrite(_I: Interp, name: string, why: string): void {
    unseen.onUnseenFlagWrite(this, name, why);
  }

  havocLoop(I: Interp, st: ForStmt, _iterValue: Value | null, quiet: QuietEval): void {
    unseen.havocLoop(this, I, st, quiet);
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

  layerClass(name: string): ClassV {
    const target = KERAS_LAYER_ALIASES.get(name) ?? name;
    return this.nativeClass(target, `keras.layers.${target}`);
  }

  // ---- FrameworkHost: names -----------------------------------------------------------------

  /** A module under one of Keras' roots (roots.ts), by its canonical path. */
  importModule(path: string): Value | null {
    return { k: 'pymod', path: names.canonicalPath(path) };
  }

  pymodAttr(I: Interp, path: string, name: string, site: Site): Value {
    return names.pymodAttr(this, I, path, name, site);
  }

  starName(I: Interp, path: string, name: string): Value | undefined {
    return names.starName(this, I, path, name);
  }

  // ---- FrameworkHost: tensors (tensors.ts) ------------------------------------------------

  tensorAttr(I: Interp, t: TensorV, name: string, site: Site): Value {
    return tensors.tensorAttr(this, I, t, name, site);
  }

  tensorBinary(I: Interp, op: string, a: Value, b: Value, site: Site): Value {
    return tensors.tensorBinary(this, I, op, a, b, site);
  }

  tensorIndex(_I: Interp, t: TensorV, index: Value, site: Site): Value {
    return tensors.tensorIndex(this, t, index, site);
  }

  setTensorAttr(_I: Interp, t: TensorV, name: string, value: Value): boolean {
    return attributes.setTensorAttr(this, t, name, value);
  }

  /** A keras.ops / tf / numpy function applied to values. */
  applyOp(I: Interp, name: string, args: Value[], kw: Map<string, Value>, site: Site): Value {
    return tensors.applyOp(this, I, name, args, kw, site);
  }

  // ---- FrameworkHost: construction and attributes ------------------------------------------

  constructNative(I: Interp, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): void {
    construct.constructNative(this, I, cls, inst, args, kwargs, site);
  }

  instanceAttr(I: Interp, inst: InstanceV, name: string, site: Site): Value | undefined {
    return attributes.instanceAttr(this, I, inst, name, site);
  }

  setModuleAttr(_I: Interp, inst: InstanceV, name: string, value: Value): boolean {
    return attributes.setModuleAttr(this, inst, name, value);
  }

  iterModule(inst: InstanceV): Value[] | null {
    return attributes.iterModule(this, inst);
  }

  havocInstance(_I: Interp, inst: InstanceV, reason: string): boolean {
    return attributes.havocInstance(this, inst, reason);
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

  // ---- applications -------------------------------------------------------------------------

  /** The applications being built by the library source (their user call sites), innermost last. */
  readonly appCalls: AppCall[] = [];

  // ---- models and weights (models.ts) --------------------------------------------------------

  /** Sequential.layers: without the leading InputLayer. */
  seqLayers(K: KLayer): KLayer[] {
    return models.seqLayers(K);
  }

  weightsOf(K: KLayer): ReturnType<typeof models.weightsOf> {
    return models.weightsOf(this, K);
  }

  /** Every reason some weight of K (or below) is not known. */
  unknownReasons(K: KLayer): string[] {
    return models.unknownReasons(this, K);
  }

  hasUserMethod(inst: InstanceV, name: string): boolean {
    return calls.hasUserMethod(this, inst, name);
  }

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

  // ---- calls ----------------------------------------------------------------------------------

  onModuleCall(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
    return calls.callLayer(this, I, inst, args, kwargs, site);
  }

  callNative(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
    return calls.callLayer(this, I, inst, args, kwargs, site);
  }
}

// ---- helpers ----------------------------------------------------------------------------------

/** Does skipped code call a class (Dense(...), layers.Conv2D(...)) or a user function? */
function mayCreateLayers(I: Interp, body: Stmt[]): boolean {
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

