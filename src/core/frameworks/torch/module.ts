// nn.Module semantics on InstanceV: attribute registration (PyTorch's __setattr__ rules for
// parameters, buffers and submodules), named_modules / named_parameters traversal with
// de-duplication by identity, deep copy, and building catalog layers from their signature.
// Does not: compute forward shapes (shapes.ts) or resolve torch names (host.ts).
import { argText, MAX_ARG_TEXT } from '../../interp/repr';
import { charge } from '../../interp/cost';
import type { Interp } from '../../interp/context';
import { Poly, polyConst, polyMul } from '../../interp/poly';
import {
  asPoly, CallSite, ClassV, Dims, freshId, InstanceV, ModuleState, NO_SLOTS, TensorV, Value
} from '../../interp/values';
import { LayerEntry, TORCH_NN_CATALOG } from './catalog';
import { CatalogDefault, defaultValue } from '../defaults';
import { ArgLookup, BuildCtx, PARAM_RULES } from './rules';
import { bindValues } from '../args';
import { opaqueReason, unseen } from '../../interp/opaque';

function newModState(span?: ModuleState['span']): ModuleState {
  // With the fields constructLayer sets (set later, they would need a second property store).
  return { modules: NO_SLOTS, params: NO_SLOTS, buffers: NO_SLOTS, unknownParams: [], span, layerType: undefined, args: undefined, ctorSig: undefined, lazy: undefined, changedAt: 0 };
}

/** Registry writes so far, of any module (see slotMap and ModuleState.changedAt). */
let structureWrites = 0;

/** The number of registry writes so far: a module written after a call changed after it. */
export function structureEpoch(): number {
  return structureWrites;
}

/** The map of `kind` of a module to write to: its own, made on the first write (see NO_SLOTS). */
export function slotMap<K extends 'modules' | 'params' | 'buffers'>(mod: ModuleState, kind: K): ModuleState[K] {
  mod.changedAt = ++structureWrites;
  let m = mod[kind];
  if (m === NO_SLOTS) {
    m = new Map() as ModuleState[K];
    mod[kind] = m;
  }
  return m;
}

export function ensureMod(inst: InstanceV): ModuleState {
  if (!inst.mod) {
    inst.mod = newModState(inst.span);
  }
  return inst.mod;
}

export function newTensor(shape: Dims, extra?: Partial<TensorV>): TensorV {
  const t: TensorV = { k: 'tensor', shape, id: freshId() };
  return extra ? Object.assign(t, extra) : t;
}

/** newTensor(shape, { node }) in one object (no extra object, no property added later). */
export function tracedTensor(shape: Dims, node: string | undefined): TensorV {
  return { k: 'tensor', shape, id: freshId(), node };
}

export function newParam(shape: Dims, requiresGrad = true): TensorV {
  return { k: 'tensor', shape, id: freshId(), isParam: true, requiresGrad };
}

/** numel of a shape: polynomial, or null when some dim is unknown. */
export function numel(shape: Dims): Poly | null {
  if (!shape) {
    return null;
  }
  let p: Poly = polyConst(1n);
  for (const d of shape) {
    if (!d) {
      return null;
    }
    p = polyMul(p, d);
  }
  return p;
}

/** PyTorch's Module.__setattr__: returns true when the value was registered. */
export function setModuleAttr(I: Interp, inst: InstanceV, name: string, value: Value): boolean {
  const mod = ensureMod(inst);
  if (value.k === 'tensor' && value.isParam) {
    inst.attrs.delete(name);
    mod.buffers.delete(name);
    mod.modules.delete(name);
    slotMap(mod, 'params').set(name, value);
    return true;
  }
  if (value.k === 'tensor' && value.isBuffer) {
    // self.x = nn.Buffer(t): register_buffer('x', t) (torch >= 2.5).
    inst.attrs.delete(name);
    mod.params.delete(name);
    mod.modules.delete(name);
    slotMap(mod, 'buffers').set(name, { ...value, isBuffer: undefined });
    return true;
  }
  if (value.k === 'instance' && value.mod) {
    inst.attrs.delete(name);
    mod.params.delete(name);
    mod.buffers.delete(name);
    slotMap(mod, 'modules').set(name, value);
    return true;
  }
  // PyTorch only lets a module (or None) replace a submodule, and a Parameter (or None) a
  // parameter: an unknown value there is one of those, so the totals are not known.
  const replacesRegistered = mod.params.has(name) || mod.modules.has(name);
  if (mod.params.has(name)) {
    if (value.k === 'none') {
      slotMap(mod, 'params').set(name, null);
      return true;
    }
    if (value.k === 'tensor') {
      I.diag('error', 'bad-assignment', `cannot assign a plain tensor to parameter '${name}' (use nn.Parameter)`, I.span(undefined));
    }
    mod.params.delete(name);
  }
  if (mod.modules.has(name)) {
    if (value.k === 'none') {
      slotMap(mod, 'modules').set(name, null);
      return true;
    }
    mod.modules.delete(name);
  }
  if (mod.buffers.has(name) && (value.k === 'tensor' || value.k === 'none')) {
    slotMap(mod, 'buffers').set(name, value.k === 'tensor' ? value : null);
    return true;
  }
  // Something unseen (opaque.ts) might be a module or parameter: totals become unknown.
  const why = opaqueReason(value) ?? (value.k === 'unknown' && replacesRegistered && !value.scalar ? value.reason : null);
  if (why) {
    mod.unknownAttrs = mod.unknownAttrs ?? new Map();
    mod.unknownAttrs.set(name, why);
  } else {
    mod.unknownAttrs?.delete(name);
  }
  inst.attrs.set(name, value);
  return true;
}

/**
 * Calls `fn` on each module of named_modules() in PyTorch order, each module once, with its
 * path; without paths (all '') when `prefix` is null, for callers that need only the modules.
 * Given `paths`, the path of each module goes there too (it is then what marks a module seen).
 */
function eachModule(root: InstanceV, prefix: string | null, fn: (m: InstanceV, path: string) => void, paths?: Map<InstanceV, string>): void {
  const seen = paths ?? new Set<InstanceV>();
  const visit = (m: InstanceV, p: string): void => {
    if (seen.has(m)) {
      return;
    }
    if (paths) {
      paths.set(m, p);
    } else {
      (seen as Set<InstanceV>).add(m);
    }
    fn(m, p);
    for (const [n, c] of m.mod?.modules ?? []) {
      if (c) {
        visit(c, prefix === null ? '' : p ? `${p}.${n}` : n);
      }
    }
  };
  visit(root, prefix ?? '');
}

/** named_modules(): [path, module] in PyTorch order, each module once; `paths` as in eachModule. */
export function namedModules(root: InstanceV, prefix = '', paths?: Map<InstanceV, string>): Array<[string, InstanceV]> {
  const out: Array<[string, InstanceV]> = [];
  eachModule(root, prefix, (m, p) => {
    out.push([p, m]);
  }, paths);
  return out;
}

/** The path of each module of named_modules() (its first). */
export function modulePaths(root: InstanceV): Map<InstanceV, string> {
  const paths = new Map<InstanceV, string>();
  eachModule(root, '', () => undefined, paths);
  return paths;
}

/** modules(): named_modules() without the paths. */
export function moduleList(root: InstanceV): InstanceV[] {
  const out: InstanceV[] = [];
  eachModule(root, null, m => {
    out.push(m);
  });
  return out;
}

/** named_parameters() / named_buffers(): [path, tensor] each tensor once (by identity). */
function namedTensors(root: InstanceV, kind: 'params' | 'buffers'): Array<[string, TensorV]> {
  const out: Array<[string, TensorV]> = [];
  const seen = new Set<TensorV>();
  eachModule(root, '', (m, p) => {
    m.mod?.[kind].forEach((t, n) => {
      if (t && !seen.has(t)) {
        seen.add(t);
        out.push([p ? `${p}.${n}` : n, t]);
      }
    });
  });
  return out;
}

export function namedParameters(root: InstanceV): Array<[string, TensorV]> {
  return namedTensors(root, 'params');
}

export function namedBuffers(root: InstanceV): Array<[string, TensorV]> {
  return namedTensors(root, 'buffers');
}

/** parameters() / buffers(): named_parameters() / named_buffers() without the paths. */
export function tensorList(root: InstanceV, kind: 'params' | 'buffers'): TensorV[] {
  const out: TensorV[] = [];
  const seen = new Set<TensorV>();
  eachModule(root, null, m => {
    m.mod?.[kind].forEach(t => {
      if (t && !seen.has(t)) {
        seen.add(t);
        out.push(t);
      }
    });
  });
  return out;
}

/**
 * copy.deepcopy of a module/tensor/container, preserving internal sharing. Every copied
 * module counts against the maxModules budget and the wall clock is checked as it goes,
 * so copying a huge model (or a layer many times) stops with a BudgetError.
 */
export function deepCopy(v: Value, I: Interp): Value {
  const memo = new Map<object, Value>();
  let copied = 0;
  const copy = (v: Value): Value => {
    charge(1);
    if ((++copied & 1023) === 0) {
      I.checkWall();
    }
    switch (v.k) {
      case 'tensor': {
        const m = memo.get(v);
        if (m) {
          return m;
        }
        const t: TensorV = { ...v, id: freshId(), shape: v.shape ? [...v.shape] : null, node: undefined };
        memo.set(v, t);
        return t;
      }
      case 'instance': {
        const m = memo.get(v);
        if (m) {
          return m;
        }
        if (v.mod) {
          I.noteModule();
        }
        const inst: InstanceV = { k: 'instance', cls: v.cls, attrs: new Map(), id: freshId(), span: v.span };
        memo.set(v, inst);
        for (const [k, x] of v.attrs) {
          inst.attrs.set(k, copy(x));
        }
        if (v.mod) {
          const mod: ModuleState = { ...v.mod, modules: new Map(), params: new Map(), buffers: new Map(), unknownParams: [...v.mod.unknownParams], outputShape: undefined, inputShape: undefined, called: false };
          for (const [k, x] of v.mod.modules) {
            mod.modules.set(k, x ? (copy(x) as InstanceV) : null);
          }
          for (const [k, x] of v.mod.params) {
            mod.params.set(k, x ? (copy(x) as TensorV) : null);
          }
          for (const [k, x] of v.mod.buffers) {
            mod.buffers.set(k, x ? (copy(x) as TensorV) : null);
          }
          inst.mod = mod;
        }
        return inst;
      }
      case 'list': {
        const m = memo.get(v);
        if (m) {
          return m;
        }
        const l: Value = { k: 'list', items: [] };
        memo.set(v, l);
        l.items.push(...v.items.map(copy));
        return l;
      }
      case 'dict': {
        // Shared containers are copied once, as copy.deepcopy's memo does.
        const m = memo.get(v);
        if (m) {
          return m;
        }
        const d: Value = { k: 'dict', map: new Map() };
        memo.set(v, d);
        for (const [k, [kk, vv]] of v.map) {
          d.map.set(k, [kk, copy(vv)]);
        }
        return d;
      }
      case 'tuple': {
        const m = memo.get(v);
        if (m) {
          return m;
        }
        const t: Value = { k: 'tuple', items: v.items.map(copy) };
        memo.set(v, t);
        return t;
      }
      default:
        return v;
    }
  };
  return copy(v);
}

/**
 * What is derived once per catalog entry: the position of each argument, the defaults, and
 * the constant pieces of the layer's display strings (built from them a layer's strings take
 * two concatenations per argument instead of four, each one a new string).
 */
interface EntryInfo {
  /** Signature position by argument name. */
  index: Map<string, number>;
  /** Default of the argument at a signature position (default values are immutable). */
  defaultOf: (name: string, d: CatalogDefault, i: number) => Value;
  /** By signature position: "Name(k=" for the first argument printed, ",k=" for later ones. */
  sigFirst: string[];
  sigNext: string[];
  /** By position in `show`: "k=" and ", k=". */
  showFirst: string[];
  showNext: string[];
}

const INFOS = new WeakMap<LayerEntry, EntryInfo>();

function infoOf(entry: LayerEntry): EntryInfo {
  let info = INFOS.get(entry);
  if (!info) {
    const defaults = entry.sig.map(([, def]) => (def === 'REQ' ? undefined : defaultValue(def)));
    const show = entry.show ?? [];
    info = {
      index: new Map(entry.sig.map(([k], i) => [k, i])),
      defaultOf: (_name, _d, i) => defaults[i] as Value,
      sigFirst: entry.sig.map(([k]) => `${entry.name}(${k}=`),
      sigNext: entry.sig.map(([k]) => `,${k}=`),
      showFirst: show.map(n => `${n}=`),
      showNext: show.map(n => `, ${n}=`)
    };
    INFOS.set(entry, info);
  }
  return info;
}

/**
 * Constructor arguments bound to a catalog signature: the values by signature position,
 * looked up by name through the entry's positions (no map per layer).
 */
class BoundArgs implements ArgLookup {
  constructor(private readonly index: Map<string, number>, readonly values: Value[]) {}

  get(name: string): Value | undefined {
    const i = this.index.get(name);
    return i === undefined ? undefined : this.values[i];
  }

  has(name: string): boolean {
    return this.index.has(name);
  }
}

/** Binds call arguments to a catalog signature. Reports bad arguments as warnings. */
export function bindSignature(I: Interp, entry: LayerEntry, args: Value[], kwargs: Map<string, Value>, site: CallSite): BoundArgs | null {
  const info = infoOf(entry);
  if (args.length > entry.sig.length && !entry.varargs) {
    I.diag('error', 'bad-argument', `${entry.name}() takes at most ${entry.sig.length} positional arguments but ${args.length} were given`, site.span);
    return null;
  }
  const bound = new BoundArgs(info.index, bindValues(I, entry.name, entry.sig, args, kwargs, site, info.defaultOf));
  if (!entry.varargs && kwargs.size > 0) {
    for (const k of kwargs.keys()) {
      if (!bound.has(k)) {
        I.diag('warning', 'bad-argument', `${entry.name}() got an unexpected keyword argument '${k}'`, site.span);
      }
    }
  }
  return bound;
}

/** Display of the key arguments: "3→64, k=3, s=1". */
function showArgs(entry: LayerEntry, bound: BoundArgs, fmt: (v: Value) => string): string {
  if (!entry.show) {
    return '';
  }
  const info = infoOf(entry);
  let s = '';
  for (let i = 0; i < entry.show.length; i++) {
    const v = bound.get(entry.show[i]);
    if (v) {
      s += s ? info.showNext[i] : info.showFirst[i];
      s += fmt(v);
    }
  }
  return s;
}

/** Decimal strings of small non-negative ints, made once (layer sizes are formatted per layer). */
const SMALL_INT_LIMIT = 4096;
// Allocated full size up front (filled at scattered indices it would become a slow dictionary).
const SMALL_INT_STRINGS: Array<string | undefined> = new Array<string | undefined>(SMALL_INT_LIMIT).fill(undefined);

function intString(n: bigint): string {
  const num = Number(n);
  if (num >= 0 && num < SMALL_INT_LIMIT) {
    return (SMALL_INT_STRINGS[num] ??= n.toString());
  }
  return n.toString();
}

/** A layer argument as shown and signed (bounded: see interp/repr.ts argText). */
function fmtArg(v: Value): string {
  return v.k === 'int' ? intString(v.v) : argText(v, MAX_ARG_TEXT, intString);
}

/** Builds a catalog layer into `inst` (nn.Linear(...) and friends). */
export function constructLayer(I: Interp, entry: LayerEntry, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite, classOf: (name: string) => ClassV): void {
  const mod = ensureMod(inst);
  mod.layerType = entry.name;
  mod.span = mod.span ?? site.span;
  if (entry.container) {
    constructContainer(I, entry, inst, args, kwargs);
    mod.ctorSig = entry.name;
    return;
  }
  const bound = bindSignature(I, entry, args, kwargs, site);
  if (!bound) {
    mod.unknownParams.push(`${entry.name}: constructor arguments are invalid`);
    return;
  }
  mod.lazy = entry.lazy;
  // Attributes PyTorch keeps on the layer (in_features, kernel_size as tuples, ...).
  const n = entry.data?.n;
  for (let i = 0; i < entry.sig.length; i++) {
    const k = entry.sig[i][0];
    const v = bound.values[i];
    if (k === 'device' || k === 'dtype' || k.startsWith('_')) {
      continue;
    }
    if (n && entry.shape !== 'pad' && (k === 'kernel_size' || k === 'stride' || k === 'dilation' || (k === 'padding' && v.k !== 'str') || k === 'output_padding') && (v.k === 'int' || v.k === 'sym')) {
      inst.attrs.set(k, { k: 'tuple', items: new Array(n).fill(v) });
    } else {
      inst.attrs.set(k, v);
    }
  }
  if (entry.varargs) {
    // Extra keyword arguments (einops axis sizes) are kept as attributes.
    for (const [k, v] of kwargs) {
      if (!bound.has(k)) {
        inst.attrs.set(k, v);
      }
    }
  }
  if (entry.data?.n && entry.shape === 'pad') {
    inst.attrs.set('__n__', { k: 'int', v: BigInt(entry.data.n) });
  }
  mod.args = showArgs(entry, bound, fmtArg);
  mod.ctorSig = ctorSigOf(entry, bound);
  const rule = entry.params ? PARAM_RULES.get(entry.params) : undefined;
  if (!rule) {
    return;
  }
  const ctx = new LayerBuild(I, entry, bound, mod, site, classOf);
  rule(ctx);
  // Registered tensors and submodules shadow constructor arguments of the same name
  // (Linear.bias is the parameter, not the `bias=True` flag).
  deleteKeys(inst.attrs, mod.params);
  deleteKeys(inst.attrs, mod.buffers);
  deleteKeys(inst.attrs, mod.modules);
}

function deleteKeys(from: Map<string, unknown>, keys: Map<string, unknown>): void {
  for (const k of keys.keys()) {
    from.delete(k);
  }
}

/**
 * What a parameter rule builds a layer with (BuildCtx): one object per layer, its methods on
 * the prototype rather than a fresh closure per method and layer.
 */
class LayerBuild implements BuildCtx {
  constructor(
    private readonly I: Interp,
    readonly entry: LayerEntry,
    readonly args: BoundArgs,
    private readonly mod: ModuleState,
    private readonly site: CallSite,
    private readonly classOf: (name: string) => ClassV
  ) {}

  param(name: string, shape: Dims, requiresGrad = true): void {
    this.I.noteWork();
    if (this.entry.lazy && shape && shape.some(d => d === null)) {
      // Uninitialized parameter of a lazy layer: shape known after the first forward.
      slotMap(this.mod, 'params').set(name, newParam(shape, requiresGrad));
      return;
    }
    if (!shape || shape.some(d => d === null)) {
      this.mod.unknownParams.push(`${this.entry.name}.${name}: shape not known statically`);
    }
    slotMap(this.mod, 'params').set(name, newParam(shape, requiresGrad));
  }

  buffer(name: string, shape: Dims): void {
    this.I.noteWork();
    slotMap(this.mod, 'buffers').set(name, newTensor(shape));
  }

  absent(name: string, kind: 'param' | 'buffer' = 'param'): void {
    slotMap(this.mod, kind === 'param' ? 'params' : 'buffers').set(name, null);
  }

  module(name: string, v: Value): void {
    if (v.k === 'instance' && v.mod) {
      slotMap(this.mod, 'modules').set(name, v);
    } else if (v.k === 'none') {
      slotMap(this.mod, 'modules').set(name, null);
    }
  }

  make(layer: string, a: Value[], kw?: Array<[string, Value]>): Value {
    const e = TORCH_NN_CATALOG.get(layer);
    this.I.noteModule();
    const child: InstanceV = { k: 'instance', cls: this.classOf(layer), attrs: new Map(), id: freshId(), span: this.site.span };
    if (e) {
      constructLayer(this.I, e, child, a, new Map(kw ?? []), this.site, this.classOf);
    }
    return child;
  }

  deepcopy(v: Value): Value {
    return deepCopy(v, this.I);
  }

  fail(reason: string): void {
    this.mod.unknownParams.push(reason);
  }

  error(code: string, message: string): void {
    this.mod.ctorFailed = true;
    this.I.diag('error', code, message, this.site.span);
  }
}

/** "Conv2d(in_channels=3,out_channels=64,...)": the layer's identity for signatures. */
function ctorSigOf(entry: LayerEntry, bound: BoundArgs): string {
  const info = infoOf(entry);
  let s = '';
  for (let i = 0; i < entry.sig.length; i++) {
    const k = entry.sig[i][0];
    if (k === 'device' || k === 'dtype') {
      continue;
    }
    s += s ? info.sigNext[i] : info.sigFirst[i];
    s += sigOf(bound.values[i]);
  }
  return s ? `${s})` : `${entry.name}()`;
}

function sigOf(v: Value): string {
  if (v.k === 'instance' && v.mod) {
    return v.mod.ctorSig ?? v.cls.name;
  }
  return fmtArg(v);
}

function addModules(I: Interp, inst: InstanceV, items: Value[], startIndex: number): void {
  const mod = ensureMod(inst);
  items.forEach((m, i) => {
    const name = String(startIndex + i);
    const why = m.k === 'instance' && m.mod ? null : opaqueReason(m);
    if (m.k === 'instance' && m.mod) {
      slotMap(mod, 'modules').set(name, m);
    } else if (why) {
      // A hole: the container's totals are unknown and a forward through it gives unknown.
      unseen(mod, `container item ${name}`, why);
      slotMap(mod, 'modules').set(name, null);
    } else {
      I.diag('error', 'bad-argument', `${mod.layerType ?? 'container'} item ${name} is not a Module`, inst.span);
    }
  });
}

function constructContainer(I: Interp, entry: LayerEntry, inst: InstanceV, args: Value[], kwargs: Map<string, Value>): void {
  const mod = ensureMod(inst);
  const arg = args[0] ?? kwargs.get(entry.sig[0]?.[0] ?? '');
  switch (entry.container) {
    case 'sequential': {
      if (args.length === 1 && args[0].k === 'dict') {
        for (const [k, v] of args[0].map.values()) {
          if (k.k === 'str' && v.k === 'instance' && v.mod) {
            slotMap(mod, 'modules').set(k.v, v);
          } else {
            unseen(mod, 'a Sequential entry', opaqueReason(v) ?? (k.k === 'str' ? `'${k.v}' is not a module` : 'its name is not known'));
            if (k.k === 'str') {
              slotMap(mod, 'modules').set(k.v, null);
            }
          }
        }
        return;
      }
      addModules(I, inst, args, 0);
      return;
    }
    case 'list': {
      if (!arg || arg.k === 'none') {
        return;
      }
      const items = I.iterate(arg);
      if (!items) {
        mod.unknownParams.push('ModuleList contents not known statically');
        return;
      }
      addModules(I, inst, items, 0);
      return;
    }
    case 'dict': {
      if (!arg || arg.k === 'none') {
        return;
      }
      if (arg.k === 'dict') {
        for (const [k, v] of arg.map.values()) {
          if (k.k === 'str' && v.k === 'instance' && v.mod) {
            slotMap(mod, 'modules').set(k.v, v);
          } else {
            mod.unknownParams.push('ModuleDict entry not known statically');
          }
        }
        return;
      }
      const items = I.iterate(arg);
      if (!items) {
        mod.unknownParams.push('ModuleDict contents not known statically');
        return;
      }
      for (const it of items) {
        const pair = I.iterate(it);
        if (pair && pair.length === 2 && pair[0].k === 'str' && pair[1].k === 'instance') {
          slotMap(mod, 'modules').set(pair[0].v, pair[1]);
        } else {
          mod.unknownParams.push('ModuleDict entry not known statically');
        }
      }
      return;
    }
    case 'plist': {
      if (!arg || arg.k === 'none') {
        return;
      }
      const items = I.iterate(arg);
      if (!items) {
        mod.unknownParams.push('ParameterList contents not known statically');
        return;
      }
      items.forEach((p, i) => addParamItem(mod, String(i), p));
      return;
    }
    case 'pdict': {
      if (!arg || arg.k === 'none') {
        return;
      }
      if (arg.k === 'dict') {
        for (const [k, v] of arg.map.values()) {
          addParamItem(mod, k.k === 'str' ? k.v : '?', v);
        }
      } else {
        mod.unknownParams.push('ParameterDict contents not known statically');
      }
      return;
    }
    default:
      return;
  }
}

export function addParamItem(mod: ModuleState, name: string, p: Value): void {
  if (p.k === 'tensor') {
    // ParameterList wraps plain tensors into Parameters.
    if (!p.isParam) {
      p = { ...p, isParam: true, requiresGrad: true, id: freshId() };
    }
    slotMap(mod, 'params').set(name, p as TensorV);
  } else {
    mod.unknownParams.push(`parameter ${name} not known statically`);
    slotMap(mod, 'params').set(name, newParam(null));
  }
}

export { asPoly };

/** Another tensor object over a parameter's storage (param.data, param.detach()): not a parameter. */
export function notParam(t: TensorV): TensorV {
  return { k: 'tensor', shape: t.shape, id: freshId(), node: t.node };
}
