// Shapes of tensor operations: tensor methods (x.view, x.permute, ...), torch.* functions and
// torch.nn.functional, as one table keyed by op name. Each rule receives the tensor ("self")
// first, like torch.* functions do. Rules return a shape, a tuple of shapes, a Python value
// (x.size(1), x.dim()), or null when the result is not known statically.
// Does not: create graph nodes (host.ts wraps results) or know about modules.
import { Poly, polyAdd, polyDivConst, polyMul } from '../../interp/poly';
import { asInt, asPoly, Dims, NONE, truthy, Value } from '../../interp/values';
import { flattenShape, padShape, unflattenSizes } from './shapes';
import { broadcast, c, convOut, D, dimEq, fmtShape, matmul, normAxis, num, ShapeProblems } from '../shape';
import { tupleArg } from '../args';
import { einopsShape } from './einops';
import { FUNCTIONAL_LOSS_CONTRACTS } from './catalog';
import { checkContract } from './contract';

export type OpResult = { shape: Dims } | { shapes: Dims[] } | { value: Value } | null;
type OpRule = (args: Value[], kw: Map<string, Value>, api: ShapeProblems) => OpResult;

function sh(v: Value | undefined): Dims {
  return v && v.k === 'tensor' ? v.shape : null;
}

function argAt(args: Value[], kw: Map<string, Value>, i: number, name: string): Value | undefined {
  return args[i] ?? kw.get(name);
}

/**
 * A dim argument as an index into a shape of rank r (r + 1 for unsqueeze and stack): a known
 * int out of range raises in torch (IndexError), so it is a mismatch; null when not known.
 */
function dimIndex(v: Value | undefined, r: number, api: ShapeProblems, op: string, extra = 0): number | null {
  const d = v && v.k !== 'none' ? asInt(v) : null;
  if (d === null) {
    return null;
  }
  // A 0-d tensor takes dims -1 and 0, as if it had one dim.
  const n = Math.max(r + extra, 1);
  const i = normAxis(d, n);
  if (i === null) {
    api.mismatch(`${op}: Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
  }
  return i;
}

/** The size list of view/reshape/expand/repeat/zeros: varargs ints or one tuple/list/Size. */
export function sizeArgs(args: Value[]): Value[] | null {
  if (args.length === 1 && (args[0].k === 'tuple' || args[0].k === 'list')) {
    return args[0].items;
  }
  return args;
}

function reshape(x: Dims, sizes: Value[] | null, api: ShapeProblems): Dims {
  if (!sizes) {
    return null;
  }
  const out: D[] = sizes.map(asPoly);
  const neg = out.findIndex(d => d !== null && num(d) === -1n);
  if (neg >= 0) {
    if (!x) {
      out[neg] = null;
      return out;
    }
    let total: D = c(1);
    for (const d of x) {
      total = total && d ? polyMul(total, d) : null;
    }
    let known: D = c(1);
    out.forEach((d, i) => {
      if (i !== neg) {
        known = known && d ? polyMul(known, d) : null;
      }
    });
    const kc = num(known);
    const tc = num(total);
    if (kc !== null && tc !== null) {
      if (kc === 0n || tc % kc !== 0n) {
        api.mismatch(`shape '${fmtShape(out)}' is invalid for input of size ${tc}`);
        return null;
      }
      out[neg] = c(tc / kc);
    } else if (total && kc !== null && kc !== 0n) {
      out[neg] = polyDivConst(total, kc);
    } else {
      out[neg] = null;
    }
  } else if (x) {
    let total: D = c(1);
    for (const d of x) {
      total = total && d ? polyMul(total, d) : null;
    }
    let got: D = c(1);
    for (const d of out) {
      got = got && d ? polyMul(got, d) : null;
    }
    const a = num(total);
    const b = num(got);
    if (a !== null && b !== null && a !== b) {
      api.mismatch(`shape '${fmtShape(out)}' is invalid for input of size ${a}`);
      return null;
    }
  }
  return out;
}

function reduce(args: Value[], kw: Map<string, Value>, api?: ShapeProblems): OpResult {
  const x = sh(args[0]);
  const dimV = argAt(args, kw, 1, 'dim') ?? kw.get('axis');
  const keep = truthy(argAt(args, kw, 2, 'keepdim') ?? NONE);
  if (!dimV || dimV.k === 'none') {
    return { shape: [] };
  }
  if (!x || keep === null) {
    return { shape: null };
  }
  const dims = (dimV.k === 'tuple' || dimV.k === 'list' ? dimV.items : [dimV]).map(d => (api ? dimIndex(d, x.length, api, 'reduction') : normAxis(asInt(d), x.length)));
  if (dims.some(d => d === null)) {
    return { shape: null };
  }
  if (x.length === 0) {
    return { shape: [] };
  }
  const out: D[] = [];
  x.forEach((d, i) => {
    if (dims.includes(i)) {
      if (keep) {
        out.push(c(1));
      }
    } else {
      out.push(d);
    }
  });
  return { shape: out };
}

function same(args: Value[]): OpResult {
  return { shape: sh(args[0]) };
}

function binary(name: string): OpRule {
  return (args, kw, api) => {
    const a = args[0];
    const b = args[1] ?? kw.get('other');
    if (!b) {
      return { shape: sh(a) };
    }
    if (b.k !== 'tensor') {
      return { shape: sh(a) };
    }
    if (a.k !== 'tensor') {
      return { shape: sh(b) };
    }
    return { shape: broadcast(a.shape, b.shape, api, name) };
  };
}

function catShape(tensors: Value | undefined, dimV: Value | undefined, api: ShapeProblems, stack: boolean): Dims {
  const items = tensors && (tensors.k === 'tuple' || tensors.k === 'list') ? tensors.items : null;
  if (!items || items.length === 0) {
    return null;
  }
  const shapes = items.map(sh);
  if (shapes.some(s => s === null)) {
    return null;
  }
  const ss = shapes as Array<D[]>;
  const r = ss[0].length;
  const di = dimIndex(dimV ?? c0, r, api, stack ? 'torch.stack' : 'torch.cat', stack ? 1 : 0);
  if (di === null) {
    return null;
  }
  if (stack) {
    // stack: every tensor has the same size.
    for (let j = 1; j < ss.length; j++) {
      if (ss[j].length !== r || ss[j].some((d, i) => dimEq(d, ss[0][i]) === false)) {
        api.mismatch(`torch.stack: stack expects each tensor to be equal size, but got ${fmtShape(ss[0])} at entry 0 and ${fmtShape(ss[j])} at entry ${j}`);
        return null;
      }
    }
    const out = [...ss[0]];
    out.splice(di, 0, c(items.length));
    return out;
  }
  if (ss.some(s => s.length !== r)) {
    api.mismatch(`torch.cat: tensors must have the same number of dimensions (${ss.map(fmtShape).join(', ')})`);
    return null;
  }
  const out: D[] = [];
  for (let i = 0; i < r; i++) {
    if (i === di) {
      let sum: D = c(0);
      for (const s of ss) {
        sum = sum && s[i] ? polyAdd(sum, s[i] as Poly) : null;
      }
      out.push(sum);
    } else {
      const vals = ss.map(s => num(s[i]));
      if (vals.every(v => v !== null) && new Set(vals.map(String)).size > 1) {
        api.mismatch(`torch.cat: sizes of tensors must match except in dimension ${di} (${ss.map(fmtShape).join(', ')})`);
        return null;
      }
      out.push(ss[0][i] ?? ss.find(s => s[i])?.[i] ?? null);
    }
  }
  return out;
}

const c0: Value = { k: 'int', v: 0n };

/** The input rank each interpolation mode needs. */
const MODE_RANK: ReadonlyMap<string, number> = new Map([['linear', 3], ['bilinear', 4], ['bicubic', 4], ['trilinear', 5]]);

function poolFn(n: number, kind: 'max' | 'avg'): OpRule {
  return (args, kw, api) => {
    const x = sh(args[0]);
    if (!x || x.length < n + 1) {
      return { shape: null };
    }
    const k = tupleArg(argAt(args, kw, 1, 'kernel_size'), n) ?? new Array(n).fill(null);
    const sv = argAt(args, kw, 2, 'stride');
    const s = sv && sv.k !== 'none' && !((sv.k === 'tuple' || sv.k === 'list') && sv.items.length === 0) ? tupleArg(sv, n) ?? new Array(n).fill(null) : k;
    const p = tupleArg(argAt(args, kw, 3, 'padding') ?? c0, n) ?? new Array(n).fill(null);
    const d = kind === 'max' ? tupleArg(argAt(args, kw, 4, 'dilation') ?? { k: 'int', v: 1n }, n) ?? new Array(n).fill(null) : new Array(n).fill(c(1));
    const ceil = truthy(argAt(args, kw, kind === 'max' ? 5 : 4, 'ceil_mode') ?? { k: 'bool', v: false });
    if (ceil === null) {
      return { shape: null };
    }
    const out = x.slice(x.length - n).map((L, i) => convOut(L, k[i], s[i], p[i], d[i], ceil));
    if (out.some(o => num(o) !== null && (num(o) as bigint) <= 0n)) {
      api.mismatch(`${kind}_pool${n}d: input ${fmtShape(x)} is too small (output size ${out.map(o => (num(o) !== null ? String(num(o)) : '?')).join('x')})`);
      return { shape: null };
    }
    return { shape: [...x.slice(0, x.length - n), ...out] };
  };
}

function adaptiveFn(n: number): OpRule {
  return (args, kw) => {
    const x = sh(args[0]);
    const os = argAt(args, kw, 1, 'output_size');
    if (!x || !os) {
      return { shape: null };
    }
    const items = os.k === 'tuple' || os.k === 'list' ? os.items : new Array(n).fill(os);
    const sp = x.slice(x.length - n);
    return { shape: [...x.slice(0, x.length - n), ...sp.map((L, i) => (items[i].k === 'none' ? L : asPoly(items[i])))] };
  };
}

function convFn(n: number): OpRule {
  return (args, kw, api) => {
    const x = sh(args[0]);
    const w = sh(argAt(args, kw, 1, 'weight'));
    if (!x || !w) {
      return { shape: null };
    }
    const s = tupleArg(argAt(args, kw, 3, 'stride') ?? { k: 'int', v: 1n }, n) ?? new Array(n).fill(null);
    const pv = argAt(args, kw, 4, 'padding') ?? c0;
    const d = tupleArg(argAt(args, kw, 5, 'dilation') ?? { k: 'int', v: 1n }, n) ?? new Array(n).fill(null);
    const k = w.slice(2);
    const sp = x.slice(x.length - n);
    // The input's channels are the weight's in-channels times groups.
    const groups = asPoly(argAt(args, kw, 6, 'groups') ?? { k: 'int', v: 1n });
    const chan = x.length === n + 2 ? x[1] : x.length === n + 1 ? x[0] : null;
    if (x.length === n + 2 || x.length === n + 1) {
      const want = groups && w[1] ? polyMul(w[1], groups) : null;
      if (dimEq(want, chan) === false) {
        api.mismatch(`conv${n}d: weight of size ${fmtShape(w)} with groups=${num(groups)} expects ${num(want)} input channels, but got input of size ${fmtShape(x)}`);
        return { shape: null };
      }
    } else {
      api.mismatch(`conv${n}d: expected a ${n + 1}D (unbatched) or ${n + 2}D (batched) input, but got input of size ${fmtShape(x)}`);
      return { shape: null };
    }
    const out = pv.k === 'str' ? (pv.v === 'same' ? sp : sp.map((L, i) => convOut(L, k[i], s[i], c(0), d[i]))) : sp.map((L, i) => convOut(L, k[i], s[i], (tupleArg(pv, n) ?? [])[i] ?? null, d[i]));
    return { shape: [...x.slice(0, x.length - n - 1), w[0], ...out] };
  };
}

function splitRule(isChunk: boolean): OpRule {
  return (args, kw, api) => {
    const x = sh(args[0]);
    const a = argAt(args, kw, 1, isChunk ? 'chunks' : 'split_size_or_sections') ?? kw.get('split_size');
    const di = x ? dimIndex(argAt(args, kw, 2, 'dim') ?? c0, x.length, api, isChunk ? 'chunk' : 'split') : null;
    if (!x || !a || di === null || x.length === 0) {
      return null;
    }
    const L = num(x[di]);
    const mk = (n: bigint): D[] => {
      const s = [...x];
      s[di] = c(n);
      return s;
    };
    if (a.k === 'tuple' || a.k === 'list') {
      const sizes = a.items.map(asInt);
      if (sizes.some(s => s === null)) {
        return null;
      }
      const sum = (sizes as bigint[]).reduce((p, v) => p + v, 0n);
      if (L !== null && sum !== L) {
        api.mismatch(`split_with_sizes expects split_sizes to sum exactly to ${L} (input tensor's size at dimension ${di}), but got split_sizes=[${sizes.join(', ')}]`);
        return null;
      }
      return { shapes: (sizes as bigint[]).map(mk) };
    }
    const n = asInt(a);
    if (n === null || n <= 0n) {
      return null;
    }
    if (L === null) {
      if (isChunk && x[di]) {
        const q = polyDivConst(x[di] as Poly, n);
        if (q) {
          return { shapes: new Array(Number(n)).fill(0).map(() => {
            const s = [...x];
            s[di] = q;
            return s;
          }) };
        }
      }
      return null;
    }
    const size = isChunk ? (L + n - 1n) / n : n;
    if (size === 0n) {
      return null;
    }
    const shapes: Dims[] = [];
    for (let start = 0n; start < L; start += size) {
      shapes.push(mk(start + size > L ? L - start : size));
    }
    return { shapes };
  };
}

const elementwise = [
  'relu', 'relu_', 'sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'selu', 'celu', 'leaky_relu', 'leaky_relu_', 'relu6', 'hardtanh', 'hardswish', 'hardsigmoid', 'mish',
  'softplus', 'softsign', 'logsigmoid', 'softmax', 'log_softmax', 'softmin', 'dropout', 'dropout1d', 'dropout2d', 'dropout3d', 'alpha_dropout', 'feature_alpha_dropout',
  'exp', 'exp2', 'log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'abs', 'neg', 'sin', 'cos', 'sign', 'round', 'floor', 'ceil', 'clamp', 'clip', 'clamp_', 'sigmoid_', 'tanh_', 'square', 'reciprocal',
  'contiguous', 'clone', 'detach', 'float', 'half', 'double', 'bfloat16', 'long', 'int', 'bool', 'to', 'cuda', 'cpu', 'type', 'type_as', 'requires_grad_',
  'normalize', 'layer_norm', 'batch_norm', 'group_norm', 'instance_norm', 'local_response_norm', 'rms_norm', 'masked_fill', 'masked_fill_', 'flip', 'roll', 'triu', 'tril',
  'zeros_like', 'ones_like', 'randn_like', 'rand_like', 'empty_like', 'full_like', 'fill_', 'zero_', 'normal_', 'uniform_', 'bernoulli', 'cumsum', 'cumprod',
  'pow', 'add_', 'mul_', 'sub_', 'div_', 'copy_', 'nan_to_num', 'erf', 'threshold', 'hardshrink', 'softshrink', 'tanhshrink', 'prelu', 'rrelu', 'glu_', 'sort_values',
  'requires_grad', 'pin_memory', 'share_memory_', 'data', 'exp_', 'sqrt_', 'abs_', 'neg_', 'detach_', 'as_strided_'
];

export const OPS: Map<string, OpRule> = new Map<string, OpRule>([
  ...elementwise.map((n): [string, OpRule] => [n, same]),
  ...['add', 'sub', 'mul', 'div', 'true_divide', 'floor_divide', 'maximum', 'minimum', 'fmod', 'remainder', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'atan2', 'logical_and', 'logical_or', 'logical_xor', 'bitwise_and', 'bitwise_or', 'bitwise_xor'].map(
    (n): [string, OpRule] => [n, binary(n)]
  ),
  ['where', (args, _kw, api) => {
    const cond = sh(args[0]);
    const a = args[1];
    const b = args[2];
    let s = cond;
    for (const v of [a, b]) {
      if (v && v.k === 'tensor') {
        s = broadcast(s, v.shape, api, 'where');
      }
    }
    return { shape: s };
  }],
  ['view', (args, _kw, api) => {
    const rest = args.slice(1);
    if (rest.length === 1 && rest[0].k !== 'tuple' && rest[0].k !== 'list' && asPoly(rest[0]) === null) {
      return { shape: null }; // view(dtype) or unknown
    }
    return { shape: reshape(sh(args[0]), sizeArgs(rest), api) };
  }],
  ['reshape', (args, kw, api) => ({ shape: reshape(sh(args[0]), sizeArgs(args.length > 1 ? args.slice(1) : kw.get('shape') ? [kw.get('shape') as Value] : []), api) })],
  ['view_as', args => ({ shape: sh(args[1]) })],
  ['reshape_as', args => ({ shape: sh(args[1]) })],
  ['expand_as', args => ({ shape: sh(args[1]) })],
  ['flatten', (args, kw, api) => {
    const x = sh(args[0]);
    const sd = argAt(args, kw, 1, 'start_dim') ?? c0;
    const ed = argAt(args, kw, 2, 'end_dim') ?? { k: 'int', v: -1n };
    if (x && (dimIndex(sd, x.length, api, 'flatten') === null || dimIndex(ed, x.length, api, 'flatten') === null)) {
      return null;
    }
    return { shape: flattenShape(x, sd, ed) };
  }],
  ['ravel', args => ({ shape: flattenShape(sh(args[0])) })],
  ['unflatten', (args, kw, api) => {
    const x = sh(args[0]);
    const di = x ? dimIndex(argAt(args, kw, 1, 'dim'), x.length, api, 'unflatten') : null;
    const sv = argAt(args, kw, 2, 'sizes');
    const sizes = sv && (sv.k === 'tuple' || sv.k === 'list') ? sv.items.map(asPoly) : null;
    if (!x || di === null || !sizes || x.length === 0) {
      return null;
    }
    const total = num(x[di]);
    const ints = sizes.map(num);
    if (total !== null && ints.every(v => v !== null)) {
      const known = (ints as bigint[]).filter(v => v !== -1n).reduce((p, v) => p * v, 1n);
      const free = ints.filter(v => v === -1n).length;
      const bad = free === 0 ? known !== total : free > 1 || known === 0n || total % known !== 0n;
      if (bad) {
          api.mismatch(`unflatten: Provided sizes ${fmtShape(sizes)} don't multiply up to the size of dim ${di} (${total}) in the input tensor`);
        return null;
      }
    }
    return { shape: [...x.slice(0, di), ...unflattenSizes(x[di], sizes), ...x.slice(di + 1)] };
  }],
  ['permute', (args, kw, api) => {
    const x = sh(args[0]);
    const dims = sizeArgs(args.length > 1 ? args.slice(1) : kw.get('dims') ? [kw.get('dims') as Value] : []);
    if (!x || !dims) {
      return null;
    }
    if (dims.length !== x.length) {
      api.mismatch(`permute: number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.length} is not equal to len(dims) = ${dims.length}`);
      return null;
    }
    const idx: Array<number | null> = [];
    for (const d of dims) {
      const i = dimIndex(d, x.length, api, 'permute');
      if (i !== null && idx.includes(i)) {
        api.mismatch('permute(): duplicate dims are not allowed.');
        return null;
      }
      idx.push(i);
    }
    if (idx.some(i => i === null) || x.length === 0) {
      return null;
    }
    return { shape: idx.map(i => x[i as number]) };
  }],
  ['transpose', (args, kw, api) => {
    const x = sh(args[0]);
    const a = x ? dimIndex(argAt(args, kw, 1, 'dim0'), x.length, api, 'transpose') : null;
    const b = x ? dimIndex(argAt(args, kw, 2, 'dim1'), x.length, api, 'transpose') : null;
    if (!x || a === null || b === null || x.length === 0) {
      return null;
    }
    const out = [...x];
    out[a] = x[b];
    out[b] = x[a];
    return { shape: out };
  }],
  ['swapaxes', (args, kw, api): OpResult => (OPS.get('transpose') as OpRule)(args, kw, api)],
  ['t', args => {
    const x = sh(args[0]);
    return { shape: x ? (x.length < 2 ? x : [x[1], x[0]]) : null };
  }],
  ['mT', args => {
    const x = sh(args[0]);
    return { shape: x && x.length >= 2 ? [...x.slice(0, -2), x[x.length - 1], x[x.length - 2]] : null };
  }],
  ['unsqueeze', (args, kw, api) => {
    const x = sh(args[0]);
    const d = x ? dimIndex(argAt(args, kw, 1, 'dim'), x.length, api, 'unsqueeze', 1) : null;
    if (!x || d === null) {
      return null;
    }
    const out = [...x];
    out.splice(d, 0, c(1));
    return { shape: out };
  }],
  ['squeeze', (args, kw, api) => {
    const x = sh(args[0]);
    const dv = argAt(args, kw, 1, 'dim');
    if (!x) {
      return null;
    }
    if (!dv || dv.k === 'none') {
      if (x.some(d => num(d) === null)) {
        return null;
      }
      return { shape: x.filter(d => num(d) !== 1n) };
    }
    const dims = (dv.k === 'tuple' || dv.k === 'list' ? dv.items : [dv]).map(d => dimIndex(d, x.length, api, 'squeeze'));
    if (dims.some(d => d === null) || x.length === 0) {
      return null;
    }
    const out: D[] = [];
    for (let i = 0; i < x.length; i++) {
      if (dims.includes(i)) {
        const v = num(x[i]);
        if (v === null) {
          return null;
        }
        if (v === 1n) {
          continue;
        }
      }
      out.push(x[i]);
    }
    return { shape: out };
  }],
  ...['mean', 'sum', 'prod', 'std', 'var', 'amax', 'amin', 'logsumexp', 'nansum', 'nanmean', 'all', 'any', 'count_nonzero'].map((n): [string, OpRule] => [n, reduce]),
  ['norm', (args, kw) => reduce([args[0], argAt(args, kw, 2, 'dim') ?? NONE, argAt(args, kw, 3, 'keepdim') ?? NONE], new Map())],
  ['argmax', reduce],
  ['argmin', reduce],
  ...['max', 'min', 'median', 'mode'].map((n): [string, OpRule] => [n, (args, kw, api) => {
    const d = argAt(args, kw, 1, 'dim');
    if (d && d.k === 'tensor') {
      return binary(n)(args, kw, api);
    }
    if (!d || d.k === 'none') {
      return { shape: [] };
    }
    const r = reduce(args, kw);
    if (!r || !('shape' in r)) {
      return null;
    }
    return { shapes: [r.shape, r.shape] };
  }]),
  ['matmul', (args, _kw, api) => ({ shape: matmul(sh(args[0]), sh(args[1]), api) })],
  ['spmm', (args, _kw, api) => ({ shape: matmul(sh(args[0]), sh(args[1]), api) })],
  ['addmm', (args, _kw, api) => ({ shape: matmul(sh(args[1]), sh(args[2]), api) })],
  ['baddbmm', (args, _kw, api) => ({ shape: matmul(sh(args[1]), sh(args[2]), api) })],
  ['addmv', (args, _kw, api) => ({ shape: matmul(sh(args[1]), sh(args[2]), api) })],
  ['cat', (args, kw, api) => ({ shape: catShape(args[0] ?? kw.get('tensors'), argAt(args, kw, 1, 'dim') ?? kw.get('axis'), api, false) })],
  ['concat', (args, kw, api) => ({ shape: catShape(args[0] ?? kw.get('tensors'), argAt(args, kw, 1, 'dim'), api, false) })],
  ['concatenate', (args, kw, api) => ({ shape: catShape(args[0] ?? kw.get('tensors'), argAt(args, kw, 1, 'dim') ?? kw.get('axis'), api, false) })],
  ['stack', (args, kw, api) => ({ shape: catShape(args[0] ?? kw.get('tensors'), argAt(args, kw, 1, 'dim'), api, true) })],
  ['meshgrid', (args, kw) => {
    // N 1-D tensors -> N tensors of shape (len_1, ..., len_N); 'xy' swaps the first two.
    const items = args.length === 1 && (args[0].k === 'tuple' || args[0].k === 'list') ? args[0].items : args;
    const lens = items.map(t => {
      const s = sh(t);
      return s && s.length === 1 ? s[0] : s && s.length === 0 ? c(1) : undefined;
    });
    if (items.length === 0 || lens.some(l => l === undefined)) {
      return null;
    }
    const ix = kw.get('indexing');
    const out = [...lens] as D[];
    if (ix && ix.k === 'str' && ix.v === 'xy' && out.length >= 2) {
      [out[0], out[1]] = [out[1], out[0]];
    } else if (ix && !(ix.k === 'str' && ix.v === 'ij')) {
      return null;
    }
    return { shapes: items.map(() => [...out]) };
  }],
  ['chunk', splitRule(true)],
  ['split', splitRule(false)],
  ['tensor_split', () => null],
  ['unbind', (args, kw) => {
    const x = sh(args[0]);
    const d = x ? normAxis(asInt(argAt(args, kw, 1, 'dim') ?? c0), x.length) : null;
    const L = x && d !== null ? num(x[d]) : null;
    if (!x || d === null || L === null || L > 10000n) {
      return null;
    }
    const s = [...x];
    s.splice(d, 1);
    return { shapes: new Array(Number(L)).fill(s) };
  }],
  ['narrow', args => {
    const x = sh(args[0]);
    const d = x ? normAxis(asInt(args[1] ?? NONE), x.length) : null;
    if (!x || d === null) {
      return null;
    }
    const out = [...x];
    out[d] = asPoly(args[3] ?? NONE);
    return { shape: out };
  }],
  ['linear', (args, kw, api) => {
    const x = sh(args[0]);
    const w = sh(argAt(args, kw, 1, 'weight'));
    if (!x || !w) {
      return null;
    }
    const inF = w[w.length - 1];
    const last = x[x.length - 1];
    if (num(inF) !== null && num(last) !== null && num(inF) !== num(last)) {
      api.mismatch(`F.linear: input has ${num(last)} features but weight expects ${num(inF)}`);
      return null;
    }
    return { shape: [...x.slice(0, -1), ...(w.length === 2 ? [w[0]] : [])] };
  }],
  ['embedding', (args, kw) => {
    const x = sh(args[0]);
    const w = sh(argAt(args, kw, 1, 'weight'));
    return { shape: x && w ? [...x, w[w.length - 1]] : null };
  }],
  ['conv1d', convFn(1)],
  ['conv2d', convFn(2)],
  ['conv3d', convFn(3)],
  ['max_pool1d', poolFn(1, 'max')],
  ['max_pool2d', poolFn(2, 'max')],
  ['max_pool3d', poolFn(3, 'max')],
  ['avg_pool1d', poolFn(1, 'avg')],
  ['avg_pool2d', poolFn(2, 'avg')],
  ['avg_pool3d', poolFn(3, 'avg')],
  ['adaptive_avg_pool1d', adaptiveFn(1)],
  ['adaptive_avg_pool2d', adaptiveFn(2)],
  ['adaptive_avg_pool3d', adaptiveFn(3)],
  ['adaptive_max_pool1d', adaptiveFn(1)],
  ['adaptive_max_pool2d', adaptiveFn(2)],
  ['adaptive_max_pool3d', adaptiveFn(3)],
  ['pad', (args, kw) => {
    const pads = argAt(args, kw, 1, 'pad');
    const items = pads && (pads.k === 'tuple' || pads.k === 'list') ? pads.items.map(asPoly) : null;
    return { shape: items ? padShape(sh(args[0]), items) : null };
  }],
  ['interpolate', (args, kw, api) => {
    const x = sh(args[0]);
    if (!x) {
      return null;
    }
    // (N, C, *spatial) with 1 to 3 spatial dims, one size / scale per spatial dim, the mode's rank.
    const mode = argAt(args, kw, 3, 'mode');
    const need = mode && mode.k === 'str' ? MODE_RANK.get(mode.v) : undefined;
    if (x.length < 3 || x.length > 5) {
      api.mismatch(`interpolate: only 3D, 4D and 5D input tensors are supported, got ${x.length}D ${fmtShape(x)}`);
      return null;
    }
    if (need !== undefined && x.length !== need) {
      api.mismatch(`interpolate: got ${x.length}D input, but ${(mode as { v: string }).v} mode needs ${need}D input`);
      return null;
    }
    const n = x.length - 2;
    for (const [i, name] of [[1, 'size'], [2, 'scale_factor']] as Array<[number, string]>) {
      const v = argAt(args, kw, i, name);
      if (v && (v.k === 'tuple' || v.k === 'list') && v.items.length !== n) {
        api.mismatch(`interpolate: input ${fmtShape(x)} has ${n} spatial dimensions, but ${name} has ${v.items.length} entries`);
        return null;
      }
    }
    const size = argAt(args, kw, 1, 'size');
    if (size && size.k !== 'none') {
      const t = tupleArg(size, n);
      return { shape: t ? [x[0], x[1], ...t] : null };
    }
    const sf = argAt(args, kw, 2, 'scale_factor');
    if (!sf || sf.k === 'none') {
      return null;
    }
    const fs = sf.k === 'tuple' || sf.k === 'list' ? sf.items : new Array(n).fill(sf);
    return {
      shape: [x[0], x[1], ...x.slice(2).map((L, i) => {
        const f = fs[i] as Value;
        if (!L) {
          return null;
        }
        if (f.k === 'int' || (f.k === 'float' && Number.isInteger(f.v))) {
          return polyMul(L, c(f.k === 'int' ? f.v : BigInt(f.v)));
        }
        const Lc = num(L);
        return f.k === 'float' && Lc !== null ? c(Math.floor(Number(Lc) * f.v)) : null;
      })]
    };
  }],
  ['pixel_shuffle', args => {
    const x = sh(args[0]);
    const r = asInt(args[1] ?? NONE);
    if (!x || x.length < 3 || r === null) {
      return null;
    }
    const C = x[x.length - 3];
    return { shape: [...x.slice(0, -3), C ? polyDivConst(C, r * r) : null, x[x.length - 2] ? polyMul(x[x.length - 2] as Poly, c(r)) : null, x[x.length - 1] ? polyMul(x[x.length - 1] as Poly, c(r)) : null] };
  }],
  ['glu', (args, kw, api) => {
    const x = sh(args[0]);
    const d = x ? dimIndex(argAt(args, kw, 1, 'dim') ?? { k: 'int', v: -1n }, x.length, api, 'glu') : null;
    if (!x || d === null || x.length === 0) {
      return null;
    }
    const half = num(x[d]);
    if (half !== null && half % 2n !== 0n) {
      api.mismatch(`glu: Halving dimension must be even, but dimension ${d} is size ${half}`);
      return null;
    }
    const out = [...x];
    out[d] = x[d] ? polyDivConst(x[d] as Poly, 2n) : null;
    return { shape: out };
  }],
  ...['cross_entropy', 'mse_loss', 'l1_loss', 'nll_loss', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'kl_div', 'smooth_l1_loss', 'huber_loss'].map((n): [string, OpRule] => [n, (a, kw, api) => {
    // The same input/target contract as the loss modules (catalog.ts).
    const contract = FUNCTIONAL_LOSS_CONTRACTS.get(n);
    if (contract && !checkContract(contract, n, new Map(), a, kw, api)) {
      return null;
    }
    const red = kw.get('reduction');
    return red && red.k === 'str' && red.v === 'none' ? null : { shape: [] };
  }]),
  ['outer', args => {
    const a = sh(args[0]);
    const b = sh(args[1]);
    return { shape: a && b ? [a[0], b[0]] : null };
  }],
  ['diff', () => null],
  ['one_hot', () => null],
  ['einsum', (args, _kw, api) => {
    // torch.einsum("bhid,bhjd->bhij", q, k): sizes by letter; "..." broadcasts leading dims.
    const eq = args[0];
    if (!eq || eq.k !== 'str') {
      return null;
    }
    const ops = args.length === 2 && (args[1].k === 'tuple' || args[1].k === 'list') ? args[1].items : args.slice(1);
    const spec = eq.v.replace(/\s+/g, '');
    const [lhs, rhsGiven] = spec.includes('->') ? spec.split('->') : [spec, null];
    const terms = lhs.split(',');
    if (terms.length !== ops.length) {
      return null;
    }
    const sizes = new Map<string, D>();
    let ell: Dims = [];
    for (let i = 0; i < terms.length; i++) {
      const s = sh(ops[i]);
      if (!s) {
        return null;
      }
      const term = terms[i];
      const hasEll = term.includes('...');
      const letters = term.replace('...', '').split('');
      const nEll = s.length - letters.length;
      if (nEll < 0 || (!hasEll && nEll !== 0)) {
        return null;
      }
      const before = hasEll ? term.indexOf('...') : letters.length;
      if (hasEll) {
        const e = s.slice(before, before + nEll);
        ell = broadcast(ell, e, api, 'einsum');
      }
      letters.forEach((ch, j) => {
        const d = s[j < before ? j : j + nEll];
        const prev = sizes.get(ch);
        if (prev === undefined || (prev !== null && num(prev) === 1n)) {
          sizes.set(ch, d);
        } else if (prev && d && num(prev) !== null && num(d) !== null && num(prev) !== num(d) && num(d) !== 1n) {
          api.mismatch(`einsum: operands disagree on the size of '${ch}' (${num(prev)} vs ${num(d)})`);
        }
      });
    }
    let rhs = rhsGiven;
    if (rhs === null) {
      const counts = new Map<string, number>();
      for (const ch of lhs.replace(/\.\.\./g, '').replace(/,/g, '')) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      rhs = (lhs.includes('...') ? '...' : '') + [...counts.entries()].filter(([, n]) => n === 1).map(([ch]) => ch).sort().join('');
    }
    const out: D[] = [];
    const e = rhs.indexOf('...');
    const letters = rhs.replace('...', '').split('');
    letters.forEach((ch, j) => {
      if (e >= 0 && j === e) {
        out.push(...(ell ?? []));
      }
      out.push(sizes.get(ch) ?? null);
    });
    if (e >= 0 && e >= letters.length) {
      out.push(...(ell ?? []));
    }
    return { shape: ell === null ? null : out };
  }],
  ['gather', args => ({ shape: sh(args[2]) })],
  ['index_select', args => {
    const x = sh(args[0]);
    const d = x ? normAxis(asInt(args[1] ?? NONE), x.length) : null;
    const idx = sh(args[2]);
    if (!x || d === null || !idx) {
      return null;
    }
    const out = [...x];
    out[d] = idx[0] ?? null;
    return { shape: out };
  }],
  ['affine_grid', (args, kw) => {
    const size = argAt(args, kw, 1, 'size');
    const items = size && (size.k === 'tuple' || size.k === 'list') ? size.items.map(asPoly) : null;
    if (!items || items.length < 3) {
      return null;
    }
    // (N, C, H, W) -> (N, H, W, 2); (N, C, D, H, W) -> (N, D, H, W, 3)
    return { shape: [items[0], ...items.slice(2), c(items.length - 2)] };
  }],
  ['grid_sample', args => {
    const x = sh(args[0]);
    const g = sh(args[1]);
    if (!x || !g || g.length < 3) {
      return null;
    }
    return { shape: [x[0], x[1], ...g.slice(1, -1)] };
  }],
  ...(['rearrange', 'reduce', 'repeat'] as const).map((mode): [string, OpRule] => [`einops.${mode}`, (args, kw) => {
    const pattern = args[1];
    if (!pattern || pattern.k !== 'str') {
      return null;
    }
    const axes = new Map<string, Poly | null>();
    for (const [k, v] of kw) {
      axes.set(k, asPoly(v));
    }
    return { shape: einopsShape(pattern.v, sh(args[0]), axes, mode) };
  }]),
  ['topk', (args, kw) => {
    const x = sh(args[0]);
    const k = asPoly(argAt(args, kw, 1, 'k') ?? NONE);
    const d = x ? normAxis(asInt(argAt(args, kw, 2, 'dim') ?? { k: 'int', v: -1n }), x.length) : null;
    if (!x || !k || d === null) {
      return null;
    }
    const out = [...x];
    out[d] = k;
    return { shapes: [out, [...out]] };
  }],
  ['kthvalue', () => null],
  ['sort', args => ({ shapes: [sh(args[0]), sh(args[0])] })],
  ['argsort', same],
  // Ops whose dim or second operand must fit the tensor (later keys replace the elementwise ones above).
  ...['softmax', 'log_softmax', 'softmin'].map((n): [string, OpRule] => [n, (args, kw, api) => {
    const x = sh(args[0]);
    if (x) {
      dimIndex(argAt(args, kw, 1, 'dim'), x.length, api, n);
    }
    return { shape: x };
  }]),
  ['masked_fill', (args, kw, api) => {
    // The mask broadcasts with the tensor; out of place, the result has the broadcast shape.
    const mask = argAt(args, kw, 1, 'mask');
    return { shape: mask && mask.k === 'tensor' ? broadcast(sh(args[0]), mask.shape, api, 'masked_fill') : sh(args[0]) };
  }],
  ['masked_fill_', (args, kw, api) => {
    const x = sh(args[0]);
    const mask = argAt(args, kw, 1, 'mask');
    const b = mask && mask.k === 'tensor' ? broadcast(x, mask.shape, api, 'masked_fill_') : x;
    if (x && b && (b.length !== x.length || b.some((d, i) => dimEq(d, x[i]) === false))) {
      api.mismatch(`masked_fill_: a mask of shape ${fmtShape(sh(mask))} does not broadcast to the tensor's shape ${fmtShape(x)}`);
      return null;
    }
    return { shape: x };
  }],
  ['layer_norm', (args, kw, api) => {
    const x = sh(args[0]);
    const ns = argAt(args, kw, 1, 'normalized_shape');
    const want = ns && (ns.k === 'tuple' || ns.k === 'list') ? ns.items.map(asPoly) : ns ? [asPoly(ns)] : null;
    if (x && want && (x.length < want.length || want.some((d, i) => dimEq(d, x[x.length - want.length + i]) === false))) {
      api.mismatch(`layer_norm: Given normalized_shape=${fmtShape(want)}, expected input with shape [*, ${want.map(d => (num(d) !== null ? String(num(d)) : '?')).join(', ')}], but got input of size ${fmtShape(x)}`);
      return null;
    }
    return { shape: x };
  }],
  ['mm', (args, kw, api) => {
    const a = sh(args[0]);
    const b = sh(argAt(args, kw, 1, 'mat2'));
    if ((a && a.length !== 2) || (b && b.length !== 2)) {
      api.mismatch(`mm: both arguments must be matrices, got ${fmtShape(a)} and ${fmtShape(b)}`);
      return null;
    }
    return { shape: matmul(a, b, api) };
  }],
  ['bmm', (args, kw, api) => {
    const a = sh(args[0]);
    const b = sh(argAt(args, kw, 1, 'mat2'));
    if ((a && a.length !== 3) || (b && b.length !== 3)) {
      api.mismatch(`bmm: both arguments must be 3D tensors, got ${fmtShape(a)} and ${fmtShape(b)}`);
      return null;
    }
    if (a && b && dimEq(a[0], b[0]) === false) {
      api.mismatch(`bmm: batch sizes differ: ${fmtShape(a)} and ${fmtShape(b)}`);
      return null;
    }
    return { shape: matmul(a, b, api) };
  }],
  ['expand', (args, _kw, api) => {
    const x = sh(args[0]);
    const sizes = sizeArgs(args.slice(1));
    if (!sizes) {
      return null;
    }
    const out = sizes.map(asPoly);
    if (x) {
      if (out.length < x.length) {
        api.mismatch(`expand: the number of sizes provided (${out.length}) must be greater or equal to the number of dimensions in the tensor (${x.length})`);
        return null;
      }
      const off = out.length - x.length;
      for (let i = 0; i < out.length; i++) {
        const d = out[i];
        const old = i - off >= 0 ? x[i - off] : null;
        if (d && num(d) === -1n) {
          out[i] = old;
        } else if (i - off >= 0 && num(old) !== 1n && dimEq(d, old) === false) {
          api.mismatch(`expand: the expanded size of the tensor (${num(d)}) must match the existing size (${num(old)}) at non-singleton dimension ${i}. Target sizes: ${fmtShape(out)}. Tensor sizes: ${fmtShape(x)}`);
          return null;
        }
      }
    }
    return { shape: out };
  }],
  ['repeat', (args, _kw, api) => {
    const x = sh(args[0]);
    const sizes = sizeArgs(args.slice(1));
    if (!x || !sizes) {
      return null;
    }
    if (sizes.length < x.length) {
      api.mismatch(`repeat: Number of dimensions of repeat dims (${sizes.length}) can not be smaller than number of dimensions of tensor (${x.length})`);
      return null;
    }
    const reps = sizes.map(asPoly);
    const xs: D[] = [...new Array(Math.max(0, reps.length - x.length)).fill(c(1)), ...x];
    return { shape: reps.map((r, i) => (r && xs[i] ? polyMul(r, xs[i] as Poly) : null)) };
  }],
  ['scaled_dot_product_attention', (args, kw, api) => {
    const q = sh(argAt(args, kw, 0, 'query'));
    const k = sh(argAt(args, kw, 1, 'key'));
    const v = sh(argAt(args, kw, 2, 'value'));
    if (q && k && q.length > 0 && k.length > 0 && dimEq(q[q.length - 1], k[k.length - 1]) === false) {
      api.mismatch(`scaled_dot_product_attention: query ${fmtShape(q)} and key ${fmtShape(k)} differ in their last dim`);
      return null;
    }
    if (k && v && k.length > 1 && v.length > 1 && dimEq(k[k.length - 2], v[v.length - 2]) === false) {
      api.mismatch(`scaled_dot_product_attention: key ${fmtShape(k)} and value ${fmtShape(v)} differ in their sequence length`);
      return null;
    }
    return { shape: q && v ? [...q.slice(0, -1), v[v.length - 1]] : null };
  }]
]);

