// The explicit value domain of the abstract interpreter. A value is a known Python value,
// a class/function, a (framework) module instance, a symbolic tensor, or Unknown with a
// reason. Python names only ever key Maps, never plain objects.
// Does not: evaluate anything (interpreter.ts) or know layer semantics (frameworks/).
import type { Expr, Param, Stmt } from '../parse/ast';
import type { Span } from '../ir';
import { Poly, polyConst, polyConstValue, polySym } from './poly';
import { charge, checkDepth, reserveItems, reserveString } from './cost';

/** Which source a piece of AST came from (for spans). */
export interface SrcCtx {
  cell: number;
  cellId?: string;
  file?: string;
}

export interface Scope {
  vars: Map<string, Value>;
  parent: Scope | null;
  /** Names declared `global` in this function scope. */
  globalNames?: Set<string>;
  /** Names declared `nonlocal` in this function scope. */
  nonlocalNames?: Set<string>;
  isClassBody?: boolean;
}

export type Value =
  | { k: 'none' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: bigint }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string; /** A literal CPython interns (identifier-like): `x is 'proj'` compares it by value. */ interned?: true }
  | { k: 'sym'; p: Poly }
  | { k: 'tuple'; items: Value[] }
  | ListV
  | DictV
  | { k: 'set'; items: Value[]; /** Contents not known (changed in a way not modelled). */ unknownItems?: boolean }
  | { k: 'slice'; lower: Value; upper: Value; step: Value }
  | FuncV
  | BuiltinV
  | ClassV
  | InstanceV
  | { k: 'bound'; func: Value; self: Value }
  | { k: 'pymod'; path: string; /** From an import of a module that cannot be read (see opaque.ts). */ unresolved?: true }
  | { k: 'super'; cls: ClassV; self: Value }
  | { k: 'staticmethod'; func: Value }
  | { k: 'classmethod'; func: Value }
  | { k: 'property'; func: Value; fset?: Value }
  | TensorV
  | UnknownV;

export interface UnknownV {
  k: 'unknown';
  reason: string;
  span?: Span;
  /** The value came out of a call we could not follow (it might be a module). */
  fromCall?: boolean;
  /** Known to be a bool, number, string or None (hasattr(), a flag or number set in a branch
   * not known statically): never a module, tensor or container, so it cannot hide parameters. */
  scalar?: boolean;
  /** Name under which this value acts as a symbolic integer (a top-level variable). */
  symbol?: string;
  /** A real number known to lie in [lo, hi] (a float32 tensor value known up to rounding): comparisons outside it are decided. */
  range?: [number, number];
}

interface ListV {
  k: 'list';
  items: Value[];
  /** Contents not known (mutated under a condition not known statically). */
  unknownItems?: boolean;
  /** dir() of this framework module: `name in` it asks the framework (hasModuleAttr). */
  dirOf?: string;
  /** A one-shot generator of this module's tensors (model.parameters()): iterating it uses it
   * up, so a second loop over it sees nothing; `consumed` once it has been (or may have been). */
  generatorOf?: InstanceV;
  consumed?: boolean;
}

export interface DictV {
  k: 'dict';
  /** Keyed by a canonical string of the Python key (see keyOf). */
  map: Map<string, [Value, Value]>;
  /** Set for OrderedDict and defaultdict. */
  ordered?: boolean;
  /** A defaultdict's default_factory: called for a missing key read by subscript. */
  factory?: Value;
  /** A copy of a module's registry (its _modules, _parameters or _buffers): reading it is
   * exact; setting a submodule by name through it is what setattr does; any other change is
   * not followed, so it makes the module's totals unknown. */
  registryOf?: InstanceV;
  /** Which registry of registryOf this copies. */
  registrySlot?: 'modules' | 'params' | 'buffers';
}

/** A dict is about to be changed: when it is a copy of a module's registry, the module's totals become unknown. */
export function touchDict(d: DictV, how: string): void {
  if (d.registryOf?.mod) {
    d.registryOf.mod.unknownParams.push(`its registry was changed directly (${how}), which is not followed`);
  }
}

export interface FuncV {
  k: 'func';
  name: string;
  params: Param[];
  defaults: Map<string, Value>;
  body: Stmt[] | Expr;
  closure: Scope;
  ctx: SrcCtx;
  isLambda: boolean;
  /** Class that defined the method (for zero-argument super()). */
  owner?: ClassV;
}

export interface BuiltinV {
  k: 'builtin';
  name: string;
  /** Implemented in TypeScript; receives evaluated positional and keyword arguments. */
  fn: (args: Value[], kwargs: Map<string, Value>, ctx: CallSite) => Value;
  /** Readable attributes (functools.partial's func/args/keywords). */
  attrs?: Map<string, Value>;
  /** A method of a class made in TypeScript (a namedtuple's): bound to the instance, which it receives first. */
  method?: true;
}

/** Where a call happens, for spans on values and diagnostics. */
export interface CallSite {
  span?: Span;
}

export interface ClassV {
  k: 'class';
  name: string;
  bases: ClassV[];
  attrs: Map<string, Value>;
  /** Method resolution order, self first. */
  mro: ClassV[];
  span?: Span;
  /** Set for classes from a framework: the qualified name under its module root. */
  native?: string;
  /** Id of the framework whose module base this class derives from (frameworks/registry.ts). */
  framework?: string;
  /** True for user classes (defined in the analysed sources). */
  user?: boolean;
  /** True when some base could not be resolved (so attributes may be missing). */
  unknownBase?: boolean;
  /** A subclass of dict / OrderedDict: its instances keep their items in attrs '__dictvalue__'. */
  dictBase?: boolean;
  dataclass?: boolean;
  /** enum.Enum / IntEnum / StrEnum themselves (interp/enums.ts). */
  enumRoot?: boolean;
  /** The type an enum's members mix in (`class F(str, Enum)`): they compare and hash as their value. */
  enumMixin?: 'str' | 'int';
  /** An enum class's members in definition order (set once its body has run). */
  enumMembers?: InstanceV[];
  /** Some member or lookup of this enum is not modelled: lookups by value are unknown. */
  enumUnsure?: boolean;
  /** Order of definition, for the model list. */
  seq?: number;
}

export interface ModuleState {
  modules: Map<string, InstanceV | null>;
  params: Map<string, TensorV | null>;
  buffers: Map<string, TensorV | null>;
  /** Catalog layer type when this is a framework layer (e.g. 'Linear'). */
  layerType?: string;
  /** Display args for the layer row. */
  args?: string;
  /** Structural signature of the constructor call (class + args). */
  ctorSig?: string;
  span?: Span;
  /** Reasons the parameters of this module are not exactly known. */
  unknownParams: string[];
  /** Attributes set to values we could not know (they might be modules or parameters). */
  unknownAttrs?: Map<string, string>;
  /** Output shapes seen when the module was called (first call wins for display). */
  outputShape?: Array<Poly | null> | null;
  inputShape?: Array<Poly | null> | null;
  called?: boolean;
  /** Lazy layers: parameters materialise on first call. */
  lazy?: boolean;
  /** Type shown in the table when it differs from layerType (ParametrizedLinear). */
  displayType?: string;
  /** Module.training (true after construction; eval()/train() change it). */
  training?: boolean;
  /** Set to false when train(mode) got a mode not known statically. */
  trainingKnown?: boolean;
  /** A layer class not in the catalog (placeholder row). */
  unknownLayer?: boolean;
  /** Its constructor would raise (an error was reported there): its calls are not checked again. */
  ctorFailed?: boolean;
  /** Some buffer has a shape not known statically. */
  unknownBuffers?: boolean;
  /** structureEpoch() at the last write to this module's registries (torch/module.ts). */
  changedAt?: number;
  /** Code that cannot be seen may have changed this module (opaque.ts): why, with the line. */
  changedUnseen?: string;
}

export interface InstanceV {
  k: 'instance';
  cls: ClassV;
  attrs: Map<string, Value>;
  mod?: ModuleState;
  id: number;
  span?: Span;
}

export type Dims = Array<Poly | null> | null;

export interface TensorV {
  k: 'tensor';
  /** null = rank unknown; a null entry = that dimension unknown. */
  shape: Dims;
  isParam?: boolean;
  /** Wrapped by nn.Buffer: assigning it to a module attribute registers a buffer. */
  isBuffer?: boolean;
  requiresGrad?: boolean;
  /** Graph node that produced this tensor during forward tracing. */
  node?: string;
  id: number;
  /** Small known integer tensors (e.g. torch.tensor([1,2])) are not tracked further. */
  dtype?: string;
  /** Where a tensor that is no model input came from, for graph labels: a factory ('arange'). */
  origin?: string;
  /**
   * Every element is this float32-exact float (torch.linspace(a, a, n)): item() and tolist()
   * give it (timm's drop-path rates with drop_path_rate=0).
   */
  fill?: number;
  /** Known element values of a small 1-D or 0-d tensor (frameworks/torch/tensordata.ts). */
  data?: TensorData;
}

/** Element i lies in [lo[i], hi[i]] (exact when equal; infinite bounds: not known). */
export interface TensorData {
  dtype: 'int64' | 'int32' | 'float32';
  lo: number[];
  hi: number[];
}

export const NONE: Value = { k: 'none' };

/** Keyword arguments of a call that has none: shared, so writing to it is a bug (it throws). */
class NoKwargs extends Map<string, Value> {
  set(): this {
    throw new Error('keyword arguments of a call are read-only');
  }

  delete(): boolean {
    throw new Error('keyword arguments of a call are read-only');
  }

  clear(): void {
    throw new Error('keyword arguments of a call are read-only');
  }
}

export const NO_KWARGS: Map<string, Value> = new NoKwargs();

/**
 * The submodules, parameters or buffers of a module that has none yet: one shared empty map
 * (most layers have no submodules, most no buffers). Writers get the module's own map from
 * slotMap() (frameworks/torch/module.ts); writing here is a bug, so it throws.
 */
class NoSlots extends Map<string, never> {
  set(): this {
    throw new Error('write to a module through slotMap()');
  }

  delete(): boolean {
    return false;
  }

  clear(): void {
    // empty already
  }
}

export const NO_SLOTS: Map<string, never> = new NoSlots();
export const TRUE: Value = { k: 'bool', v: true };
export const FALSE: Value = { k: 'bool', v: false };

let nextId = 1;
export function freshId(): number {
  return nextId++;
}

/** A callable implemented in TypeScript. */
export function builtin(name: string, fn: BuiltinV['fn']): BuiltinV {
  return { k: 'builtin', name, fn };
}

export function unknown(reason: string, span?: Span): UnknownV {
  return { k: 'unknown', reason, span };
}

export function int(n: number | bigint): Value {
  return { k: 'int', v: BigInt(n) };
}

export function str(s: string): Value {
  return { k: 'str', v: s };
}

export function bool(b: boolean): Value {
  return b ? TRUE : FALSE;
}

/** Integer value (bool counts as int), or null. */
export function asInt(v: Value): bigint | null {
  if (v.k === 'int') {
    return v.v;
  }
  if (v.k === 'bool') {
    return v.v ? 1n : 0n;
  }
  if (v.k === 'sym') {
    return polyConstValue(v.p);
  }
  return null;
}

/** Integer-like value as a polynomial (int, bool or symbolic), or null. */
export function asPoly(v: Value): Poly | null {
  if (v.k === 'int') {
    return polyConst(v.v);
  }
  if (v.k === 'bool') {
    return polyConst(v.v ? 1n : 0n);
  }
  if (v.k === 'sym') {
    return v.p;
  }
  if (v.k === 'unknown' && v.symbol !== undefined) {
    return polySym(v.symbol);
  }
  return null;
}

export function asNumber(v: Value): number | null {
  if (v.k === 'float') {
    return v.v;
  }
  const i = asInt(v);
  return i === null ? null : Number(i);
}

export function asStr(v: Value): string | null {
  return v.k === 'str' ? v.v : null;
}

/** Items of a known finite sequence value, or null. */
export function seqItems(v: Value): Value[] | null {
  switch (v.k) {
    case 'list':
      return v.unknownItems ? null : v.items;
    case 'tuple':
      return v.items;
    case 'set':
      return v.unknownItems ? null : v.items;
    case 'dict':
      // '?' marks a dict updated with entries not known statically.
      return v.map.has('?') ? null : [...v.map.values()].map(e => e[0]);
    case 'str': {
      // One value per character: checked before they are made.
      reserveItems(v.v.length, 'characters of a string');
      const chars: Value[] = [];
      for (const c of v.v) {
        chars.push(str(c));
      }
      return chars;
    }
    default:
      return null;
  }
}

/** Canonical key of a hashable known value for dict/set storage; null if not hashable/known. */
export function keyOf(v: Value): string | null {
  switch (v.k) {
    case 'none':
      return 'N';
    case 'bool':
      return 'i' + (v.v ? '1' : '0');
    case 'int':
      return 'i' + v.v.toString();
    case 'float':
      return Number.isInteger(v.v) && Math.abs(v.v) < 1e15 ? 'i' + v.v.toString() : 'f' + v.v.toString();
    case 'str':
      return 's' + v.v;
    case 'tuple':
      return tupleKey(v, 0);
    case 'instance':
      if (v.cls.enumMixin !== undefined && v.cls.enumMembers) {
        // A str/int-mixin enum member hashes as its value (interp/enums.ts); unknown if that is.
        const x = v.attrs.get('_value_');
        return x && (x.k === 'str' || x.k === 'int' || x.k === 'bool') ? keyOf(x) : null;
      }
      return 'o' + identityOf(v);
    case 'class':
    case 'func':
    case 'tensor':
      return 'o' + identityOf(v);
    default:
      return null;
  }
}

/**
 * Keys of tuples already hashed. A tuple never changes and neither do the keys of its items
 * (only immutable values and identities have keys), so a shared tuple is hashed once: a
 * tuple of itself sixty times over costs sixty keys, whose length is checked before each is
 * built.
 */
const tupleKeys = new WeakMap<Value, string | null>();

function tupleKey(v: Value & { k: 'tuple' }, depth: number): string | null {
  const hit = tupleKeys.get(v);
  if (hit !== undefined) {
    return hit;
  }
  checkDepth(depth);
  charge(v.items.length);
  const parts: string[] = [];
  let length = 1;
  let key: string | null = null;
  let hashable = true;
  for (const it of v.items) {
    const k = it.k === 'tuple' ? tupleKey(it, depth + 1) : keyOf(it);
    if (k === null) {
      hashable = false;
      break;
    }
    const head = k.length + ':';
    length += head.length + k.length;
    reserveString(length, 'dict key', undefined, false);
    parts.push(head, k);
  }
  if (hashable) {
    reserveString(length, 'dict key');
    key = 't' + parts.join('');
  }
  tupleKeys.set(v, key);
  return key;
}

const identities = new WeakMap<object, number>();
function identityOf(v: object): number {
  let id = identities.get(v);
  if (id === undefined) {
    id = freshId();
    identities.set(v, id);
  }
  return id;
}

/** Python truthiness; null when not known. */
export function truthy(v: Value): boolean | null {
  switch (v.k) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'int':
      return v.v !== 0n;
    case 'float':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'tuple':
    case 'list':
    case 'set':
      return v.items.length > 0;
    case 'dict':
      return v.map.size > 0;
    case 'sym':
      return null;
    case 'pymod':
      // A name from a module that cannot be read may be None, 0 or False.
      return v.unresolved || v.path.startsWith('?') ? null : true;
    case 'func':
    case 'builtin':
    case 'class':
    case 'bound':
      return true;
    case 'instance':
      if (v.mod) {
        return true;
      }
      // An object of a class the analysis knows whole: true unless it defines __bool__ or
      // __len__ (a framework class or an unknown base may define them).
      return !v.cls.unknownBase && !v.cls.mro.some(c => c.native !== undefined || c.framework !== undefined || c.attrs.has('__bool__') || c.attrs.has('__len__')) ? true : null;
    default:
      return null;
  }
}

export function isModuleInstance(v: Value): v is InstanceV & { mod: ModuleState } {
  return v.k === 'instance' && v.mod !== undefined;
}

/** An Unknown without its symbol name (an attribute or item of it is something else). */
export function withoutSymbol(v: Value & { k: 'unknown' }): Value {
  // (A range known for the number is dropped too: it holds for that number only.)
  return v.symbol === undefined && v.range === undefined ? v : { k: 'unknown', reason: v.reason, span: v.span, fromCall: v.fromCall, scalar: v.scalar };
}

/** The nearest scope that is not a class body (where a method or lambda closes over names). */
export function nonClassParent(scope: Scope): Scope {
  let s: Scope = scope;
  while (s.isClassBody && s.parent) {
    s = s.parent;
  }
  return s;
}

/**
 * `{ ...v, [key]: x }` (same keys in the same order) through Object.assign, several times
 * faster than a spread for values of varying shapes such as Unknowns.
 */
export function withField<V extends Value, K extends keyof V>(v: V, key: K, x: V[K]): V {
  const out = Object.assign({}, v);
  out[key] = x;
  return out;
}

/** The module-level scope a scope belongs to. */
export function globalScopeOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) {
    s = s.parent;
  }
  return s;
}
