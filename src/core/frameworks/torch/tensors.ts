// Tensors: the factories (torch.zeros, randn, arange, tensor, ...), tensor attributes and
// methods (shape, size(), view, ...), operators and indexing, and torch / functional ops
// applied through the shape rules of tensorops.ts, each result a tensor recorded in the trace.
// Does not: know layers (shapes.ts, forward.ts) or draw the graph (trace.ts does).
import type { Interp } from '../../interp/context';
import { Poly, polyConst, polyConstValue } from '../../interp/poly';
import { asInt, asNumber, asPoly, builtin as b, CallSite, Dims, NONE, TensorV, truthy, unknown, Value } from '../../interp/values';
import { indexShape } from '../indexing';
import { broadcast, matmul } from '../shape';
import type { TorchHost } from './host';
import { newTensor, notParam, numel, tracedTensor } from './module';
import { OPS, OpResult, sizeArgs } from './tensorops';
import { addNode, opCategory, opInputs, ownedName, shapeProblems } from './trace';
import { binaryData, dataFunction, dataMethod, factoryData } from './tensordata';

const PASS_THROUGH = new Set(['contiguous', 'to', 'cuda', 'cpu', 'float', 'half', 'double', 'bfloat16', 'detach', 'clone', 'type_as', 'requires_grad_', 'data', 'pin_memory', 'type', 'long', 'int', 'bool']);

/** Pass-through methods that keep a filled tensor's values. */
const KEEPS_FILL = new Set(['contiguous', 'cpu', 'cuda', 'float', 'detach', 'clone', 'pin_memory', 'data']);

/** A filled tensor's item() (one element) or tolist() (shape known), else null. */
function filledValue(t: TensorV, fill: number, item: boolean): Value | null {
  const dims = t.shape ? t.shape.map(d => (d ? polyConstValue(d) : null)) : null;
  if (!dims || dims.some(d => d === null || d > 100000n)) {
    return null;
  }
  const f: Value = { k: 'float', v: fill };
  if (item) {
    return dims.every(d => d === 1n) ? f : null;
  }
  const build = (i: number): Value => (i === dims.length ? f : { k: 'list', items: new Array<Value>(Number(dims[i])).fill(null as unknown as Value).map(() => build(i + 1)) });
  return build(0);
}

/** split(sizes) of a filled 1-D tensor: filled pieces, or null (the plain op then). */
function splitFilled(t: TensorV, fill: number, sizes: Value | undefined): Value | null {
  const n = t.shape && t.shape.length === 1 && t.shape[0] ? polyConstValue(t.shape[0]) : null;
  const parts = sizes && (sizes.k === 'list' || sizes.k === 'tuple') ? sizes.items.map(x => asInt(x)) : null;
  if (n === null || !parts || parts.some(p => p === null || p < 0n) || parts.reduce((x, y) => (x as bigint) + (y as bigint), 0n) !== n) {
    return null;
  }
  return { k: 'tuple', items: parts.map(p => ({ ...newTensor([polyConst(p as bigint)]), fill }) as Value) };
}

export const CREATION = new Set(['zeros', 'ones', 'randn', 'rand', 'empty', 'full', 'randint', 'arange', 'linspace', 'tensor', 'eye', 'as_tensor', 'from_numpy', 'FloatTensor', 'LongTensor', 'Tensor', 'normal', 'randperm', 'logspace']);

export function create(I: Interp, name: string, a: Value[], kw: Map<string, Value>): Value {
  const t = createShape(I, name, a, kw);
  if (t.k === 'tensor' && (name === 'arange' || name === 'linspace' || name === 'tensor' || name === 'as_tensor') && t.shape && t.shape.length === 1 && !t.requiresGrad) {
    // Small factories of known numbers keep their values (tensordata.ts).
    const n = t.shape[0] ? polyConstValue(t.shape[0]) : null;
    const data = factoryData(name, a, kw, n === null ? null : Number(n));
    if (data) {
      t.data = data;
    }
  }
  return t;
}

function createShape(I: Interp, name: string, a: Value[], kw: Map<string, Value>): Value {
  const rg = kw.get('requires_grad');
  const extra: Partial<TensorV> = rg && truthy(rg) ? { requiresGrad: true, origin: `torch.${name}` } : { origin: `torch.${name}` };
  const dimsOf = (vals: Value[] | null): Dims => (vals ? vals.map(asPoly) : null);
  switch (name) {
    case 'zeros':
    case 'ones':
    case 'randn':
    case 'rand':
    case 'empty':
    case 'FloatTensor':
    case 'LongTensor':
    case 'Tensor': {
      const sizeKw = kw.get('size');
      const vals = a.length > 0 ? sizeArgs(a) : sizeKw ? I.iterate(sizeKw) : [];
      if ((name === 'FloatTensor' || name === 'LongTensor' || name === 'Tensor') && a.length === 1 && (a[0].k === 'list' || a[0].k === 'tuple')) {
        return newTensor(nestedShape(a[0]), extra);
      }
      return newTensor(dimsOf(vals), extra);
    }
    case 'full':
      return newTensor(dimsOf(a[0] ? I.iterate(a[0]) : null), extra);
    case 'randint': {
      const size = kw.get('size') ?? a[a.length - 1];
      return newTensor(dimsOf(size ? I.iterate(size) : null), extra);
    }
    case 'randperm':
      return newTensor([a[0] ? asPoly(a[0]) : null], extra);
    case 'normal':
      return newTensor(dimsOf(kw.get('size') ? I.iterate(kw.get('size') as Value) : null), extra);
    case 'arange': {
      // arange(end) / arange(start, end[, step]), also by keyword.
      const parts = a.length === 1 && !kw.has('end') ? [kw.get('start') ?? { k: 'int', v: 0n } as Value, a[0]] : [a[0] ?? kw.get('start'), a[1] ?? kw.get('end')];
      const stepV = a[2] ?? kw.get('step');
      // arange(t), arange(0, t), arange(0, t, 1) with a symbolic t (b, t = idx.size()): [t]. Another
      // start or step would need max(0, ...) or a ceiling, which are not polynomials.
      const startV = parts[0] ?? { k: 'int', v: 0n };
      if (parts[1]?.k === 'sym' && asInt(startV) === 0n && startV.k !== 'float' && (!stepV || (asInt(stepV) === 1n && stepV.k !== 'float'))) {
        return newTensor([parts[1].p], extra);
      }
      const n = arangeLength(startV, parts[1], stepV ?? { k: 'int', v: 1n });
      return newTensor([n === null ? null : polyConst(n)], extra);
    }
    case 'linspace':
    case 'logspace': {
      const t = newTensor([asPoly(a[2] ?? kw.get('steps') ?? NONE)], extra);
      const lo = a[0] ?? kw.get('start');
      const hi = a[1] ?? kw.get('end');
      const x = lo ? asNumber(lo) : null;
      if (name === 'linspace' && x !== null && hi && asNumber(hi) === x && Math.fround(x) === x && !kw.has('dtype')) {
        // Equal ends: every element is the start (drop-path rates for a rate of 0).
        t.fill = x;
      }
      return t;
    }
    case 'eye': {
      const n = asPoly(a[0] ?? NONE);
      return newTensor([n, a[1] ? asPoly(a[1]) : n], extra);
    }
    case 'tensor':
    case 'as_tensor':
    case 'from_numpy':
      // From a numpy array (or a tensor): its shape; from nested lists: their lengths.
      return newTensor(a[0] ? (a[0].k === 'tensor' ? a[0].shape && [...a[0].shape] : name === 'from_numpy' ? null : nestedShape(a[0])) : null, extra);
    default:
      return newTensor(null, extra);
  }
}

export function tensorAttr(host: TorchHost, I: Interp, t: TensorV, name: string, site: CallSite): Value {
  if (t.data && name.endsWith('_')) {
    // An in-place method (add_, copy_, ...): the known values are not followed.
    delete t.data;
  }
  const known = t.data ? dataMethod(t, name) : undefined;
  if (known) {
    // Known values: computed when the method allows it, else the shape rules below.
    return b(name, (a, kw, s) => known(a, kw) ?? tensorAttrShape(host, I, t, name, s));
  }
  return tensorAttrShape(host, I, t, name, site);
}

function tensorAttrShape(host: TorchHost, I: Interp, t: TensorV, name: string, site: CallSite): Value {
  switch (name) {
    case 'shape':
      return t.shape ? { k: 'tuple', items: t.shape.map(d => dimValue(d, site)) } : unknown('tensor shape not known statically', site.span);
    case 'size':
      return b('size', a => {
        if (!t.shape) {
          return unknown('tensor shape not known statically', site.span);
        }
        if (a.length === 0) {
          return { k: 'tuple', items: t.shape.map(d => dimValue(d, site)) };
        }
        const i = asInt(a[0]);
        const n = BigInt(t.shape.length);
        if (i === null) {
          return unknown('size() index not known');
        }
        const j = i < 0n ? i + n : i;
        return j >= 0n && j < n ? dimValue(t.shape[Number(j)], site) : unknown('size() index out of range');
      });
    case 'dim':
    case 'ndimension':
      return b(name, () => (t.shape ? { k: 'int', v: BigInt(t.shape.length) } : unknown('tensor rank not known statically')));
    case 'ndim':
      return t.shape ? { k: 'int', v: BigInt(t.shape.length) } : unknown('tensor rank not known statically');
    case 'numel':
    case 'nelement':
      return b(name, () => polyValue(numel(t.shape)));
    case 'T':
      return wrapOp(host, I, 't', [t], new Map(), site);
    case 'mT':
      return wrapOp(host, I, 'mT', [t], new Map(), site);
    case 'requires_grad':
      return t.requiresGrad === undefined ? (t.isParam ? unknown('requires_grad not known') : { k: 'bool', v: false }) : { k: 'bool', v: t.requiresGrad };
    case 'data':
      // param.data is another tensor object over the same storage: setting requires_grad
      // on it does not change the Parameter.
      return t.isParam ? notParam(t) : t;
    case 'dtype':
    case 'device':
    case 'is_cuda':
    case 'grad':
      return { k: 'pymod', path: `?tensor.${name}` };
    case 'requires_grad_':
      return b('requires_grad_', (a, kw) => {
        const f = truthy(a[0] ?? kw.get('requires_grad') ?? { k: 'bool', v: true });
        t.requiresGrad = f === null ? undefined : f;
        return t;
      });
    case 'item':
    case 'tolist':
    case 'numpy':
      if (t.fill !== undefined && name !== 'numpy') {
        const fill = t.fill;
        return b(name, () => filledValue(t, fill, name === 'item') ?? unknown(`tensor.${name}() needs real data`, site.span));
      }
      return b(name, () => unknown(`tensor.${name}() needs real data`, site.span));
    case 'split':
      if (t.fill !== undefined) {
        const fill = t.fill;
        return b('split', (a, kw, s) => splitFilled(t, fill, a[0] ?? kw.get('split_size_or_sections')) ?? wrapOp(host, I, 'split', [t, ...a], kw, s));
      }
      break;
    case 'size_':
      return NONE;
    case 'new_empty':
    case 'new_zeros':
    case 'new_ones':
    case 'new_full':
      // A new tensor of the given size (new_full's first argument): x.new_empty(shape).bernoulli_(p) in drop path.
      return b(name, (a, kw) => {
        const sizeV = name === 'new_full' ? a[0] ?? kw.get('size') : a.length > 0 ? undefined : kw.get('size');
        const vals = sizeV ? I.iterate(sizeV) : name === 'new_full' ? null : sizeArgs(a);
        return newTensor(vals ? vals.map(asPoly) : null);
      });
    default:
      break;
  }
  if (t.fill !== undefined && PASS_THROUGH.has(name) && !KEEPS_FILL.has(name)) {
    // A conversion may change the values (long, int, bool, to(dtype)): they are not kept.
    return b(name, () => newTensor(t.shape && [...t.shape]));
  }
  if ((name === 'detach' || name === 'clone') && t.isParam) {
    return b(name, () => notParam(t));
  }
  if (PASS_THROUGH.has(name)) {
    return b(name, () => t);
  }
  if (name.endsWith('_') && OPS.has(name.slice(0, -1))) {
    return b(name, () => t);
  }
  if (OPS.has(name)) {
    return b(`Tensor.${name}`, (a, kw, s) => wrapOp(host, I, name, [t, ...a], kw, s));
  }
  return unknown(`tensor attribute '${name}' is not modelled`, site.span);
}

export function tensorBinary(host: TorchHost, I: Interp, op: string, a: Value, bv: Value, site: CallSite): Value {
  const known = (a.k === 'tensor' && a.data) || (bv.k === 'tensor' && bv.data) ? binaryData(op, a, bv) : null;
  if (known) {
    return known;
  }
  const api = shapeProblems(host, I, site);
  if (op === 'neg') {
    return a;
  }
  const sa = a.k === 'tensor' ? a.shape : scalarShape(a);
  const sb = bv.k === 'tensor' ? bv.shape : scalarShape(bv);
  if (sa === undefined || sb === undefined) {
    return newTensor(null);
  }
  let shape: Dims;
  if (op === '@') {
    shape = matmul(sa, sb, api);
  } else {
    shape = broadcast(sa, sb, api, `operator ${op}`);
  }
  const both = a.k === 'tensor' && bv.k === 'tensor';
  const t = newTensor(shape);
  const trace = host.activeTrace;
  if (trace) {
    if (both) {
      const opName = op === '@' ? 'matmul' : op === '+' ? 'add' : op === '*' ? 'mul' : op === '-' ? 'sub' : op === '/' ? 'div' : op;
      t.node = addNode(host, trace, I, { label: opName, type: opName, category: opName === 'matmul' ? 'linear' : 'merge' }, [a, bv], shape, site.span);
    } else {
      const x = a.k === 'tensor' ? a : (bv as TensorV);
      t.node = x.node;
      if (!x.node) {
        // `self.mask == 0`: still the mask, for the graph's labels.
        t.origin = x.origin ?? ownedName(host, x);
      }
    }
  }
  return t;
}

export function tensorIndex(host: TorchHost, t: TensorV, index: Value): Value {
  const shape = index.k === 'tensor' ? null : indexShape(t.shape, index, { intLists: true });
  // A slice of a buffer, a parameter or a tensor made inside forward keeps saying where it came from.
  const origin = t.node ? undefined : t.origin ?? ownedName(host, t);
  const r = tracedTensor(shape, t.node);
  if (origin) {
    r.origin = origin;
  }
  return r;
}

export function opFunction(host: TorchHost, I: Interp, name: string, label: string): Value {
  const plain = opFunctionShape(host, I, name, label);
  if (plain.k !== 'builtin') {
    return plain;
  }
  // Known values first (tensordata.ts), else the shape rule.
  return b(label, (a, kw, site) => (a.some(x => x.k === 'tensor' && x.data) ? dataFunction(name, a, kw) : null) ?? plain.fn(a, kw, site));
}

function opFunctionShape(host: TorchHost, I: Interp, name: string, label: string): Value {
  if (!OPS.has(name)) {
    return b(label, (_a, _kw, site) => {
      const trace = host.activeTrace;
      if (trace) {
        trace.incomplete = trace.incomplete ?? `${label} is not modelled`;
      }
      I.diag('info', 'unknown-op', `${label} is not modelled; shapes after it are unknown`, site.span);
      return newTensor(null);
    });
  }
  return b(label, (a, kw, site) => wrapOp(host, I, name, a, kw, site));
}

/** Runs a shape rule and wraps the result into tensors with a graph node. */
function wrapOp(host: TorchHost, I: Interp, name: string, a: Value[], kw: Map<string, Value>, site: CallSite): Value {
  const rule = OPS.get(name);
  if (!rule) {
    return newTensor(null);
  }
  const self = a[0];
  let r: OpResult;
  try {
    r = rule(a, kw, shapeProblems(host, I, site));
  } catch {
    r = null;
  }
  if (r && 'value' in r) {
    return r.value;
  }
  const trace = host.activeTrace;
  const inputs = opInputs(a);
  if (PASS_THROUGH.has(name) && self && self.k === 'tensor') {
    return self;
  }
  const makeNode = (shape: Dims): string | undefined => {
    if (!trace || inputs.length === 0) {
      return undefined;
    }
    return addNode(host, trace, I, { label: name, type: name, category: opCategory(name) }, inputs, shape, site.span);
  };
  if (r && 'shapes' in r) {
    const node = makeNode(null);
    return { k: 'tuple', items: r.shapes.map(s => tracedTensor(s, node)) };
  }
  const shape = r ? r.shape : null;
  const node = makeNode(shape);
  return tracedTensor(shape, node);
}

function nestedShape(v: Value): Dims {
  if (v.k === 'list' || v.k === 'tuple') {
    if (v.items.length === 0) {
      return [polyConst(0n)];
    }
    const inner = nestedShape(v.items[0]);
    return inner ? [polyConst(BigInt(v.items.length)), ...inner] : null;
  }
  if (v.k === 'int' || v.k === 'float' || v.k === 'bool') {
    return [];
  }
  return null;
}

function scalarShape(v: Value): Dims | undefined {
  if (v.k === 'int' || v.k === 'float' || v.k === 'bool' || v.k === 'sym' || (v.k === 'unknown' && v.scalar === true)) {
    return [];
  }
  return undefined;
}

export function dimValue(d: Poly | null, site: CallSite): Value {
  if (!d) {
    return unknown('dimension not known statically', site.span);
  }
  const c = polyConstValue(d);
  return c !== null ? { k: 'int', v: c } : { k: 'sym', p: d };
}

export function polyValue(p: Poly | null): Value {
  if (!p) {
    return unknown('not known statically');
  }
  const c = polyConstValue(p);
  return c !== null ? { k: 'int', v: c } : { k: 'sym', p };
}

/**
 * Number of elements of torch.arange(start, end, step): ceil((end - start) / step), as PyTorch
 * computes it (exactly for integers, in doubles when any bound is a float); null when a bound is
 * not known, or PyTorch raises (a step of 0, bounds inconsistent with the step's sign).
 */
export function arangeLength(start: Value, end: Value | undefined, step: Value): bigint | null {
  if (!end) {
    return null;
  }
  const ints = [start, end, step].map(asInt);
  if (ints.every(x => x !== null) && [start, end, step].every(v => v.k !== 'float')) {
    const [s, e, st] = ints as bigint[];
    if (st === 0n) {
      return null;
    }
    // ceil(d / st) for integers of any sign (BigInt division truncates toward zero).
    const d = e - s;
    if (d !== 0n && (d > 0n) !== (st > 0n)) {
      return null; // "upper bound and lower bound inconsistent with step sign"
    }
    const q = d / st;
    return q * st !== d ? q + 1n : q;
  }
  const f = (v: Value): number | null => (v.k === 'float' ? v.v : v.k === 'int' ? Number(v.v) : v.k === 'bool' ? Number(v.v) : null);
  const [s, e, st] = [f(start), f(end), f(step)];
  if (s === null || e === null || st === null || st === 0) {
    return null;
  }
  if (e !== s && (e > s) !== (st > 0)) {
    return null;
  }
  const n = Math.ceil((e - s) / st);
  return Number.isFinite(n) && n >= 0 && n < Number.MAX_SAFE_INTEGER ? BigInt(n) : null;
}
