// Known values of the small 1-D tensors library code computes while it builds a model
// (RegNet widths from torch.arange / log / pow / round, drop-path rates from torch.linspace):
// each element is an interval [lo, hi] that holds what PyTorch computes in float32 (exact
// when lo === hi). Floating-point results are widened by a few float32 ULPs and by the two
// ways a Python float operand may enter (as a double or cast to float32), so whatever CPU
// kernel runs, the real value is inside; round/int/floor/ceil/unique give a number only when
// the whole interval gives the same one. Elements not decided are unknown, never guessed.
// Does not: model other dtypes than int64/int32/float32, tensors of rank > 1, or any op not
// in the tables below (those fall back to shapes only, tensors.ts).
import { asNumber, freshId, TensorData, TensorV, unknown, Value } from '../../interp/values';
import { polyConst } from '../../interp/poly';

/** Largest tensor whose values are kept. */
const MAX_ELEMENTS = 4096;
const UNKNOWN_EL: [number, number] = [-Infinity, Infinity];

type DType = TensorData['dtype'];

function make(dtype: DType, lo: number[], hi: number[], scalar = false): TensorV {
  return { k: 'tensor', shape: scalar ? [] : [polyConst(BigInt(lo.length))], id: freshId(), data: { dtype, lo, hi } };
}

/** The float32 ULP at x (the spacing of float32 numbers around it). */
function ulp32(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) {
    return Infinity;
  }
  if (a < 2 ** -126) {
    return 2 ** -149;
  }
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** [min, max] of candidate endpoint values, widened by k float32 ULPs on each side. */
function hull(cands: number[], k: number): [number, number] {
  if (cands.some(c => Number.isNaN(c))) {
    return UNKNOWN_EL;
  }
  const lo = Math.min(...cands);
  const hi = Math.max(...cands);
  return k === 0 ? [lo, hi] : [lo - k * ulp32(lo), hi + k * ulp32(hi)];
}

/** A tensor dtype named by a `dtype=` argument (torch.float32, torch.int64, ...), or null. */
function dtypeOf(v: Value | undefined): DType | null | undefined {
  if (!v || v.k === 'none') {
    return undefined;
  }
  const name = v.k === 'pymod' ? v.path.replace(/^\??torch\./, '') : null;
  switch (name) {
    case 'float32': case 'float':
      return 'float32';
    case 'int64': case 'long':
      return 'int64';
    case 'int32': case 'int':
      return 'int32';
    default:
      return null;
  }
}

const isInt = (d: DType): boolean => d !== 'float32';

/** A Python number operand: [value as double, value as float32] (null when not a number). */
function scalarOf(v: Value): { vals: number[]; int: boolean } | null {
  if (v.k === 'bool' || v.k === 'int') {
    const n = Number(v.v);
    return Math.abs(n) <= 2 ** 53 ? { vals: [n], int: true } : null;
  }
  if (v.k === 'float') {
    return { vals: Math.fround(v.v) === v.v ? [v.v] : [v.v, Math.fround(v.v)], int: false };
  }
  return null;
}

/** Element i of an operand: a tensor's interval or a scalar's candidate values. */
interface Operand { n: number; scalar: boolean; int: boolean; at(i: number): number[] }

function operand(v: Value): Operand | null {
  if (v.k === 'tensor') {
    const d = v.data;
    if (!d) {
      return null;
    }
    return { n: d.lo.length, scalar: v.shape !== null && v.shape.length === 0, int: isInt(d.dtype), at: i => (d.lo[i] === d.hi[i] ? [d.lo[i]] : [d.lo[i], d.hi[i]]) };
  }
  const s = scalarOf(v);
  return s ? { n: 1, scalar: true, int: s.int, at: () => s.vals } : null;
}

/** Whether an element interval is known (finite). */
const finite = (x: number[]): boolean => x.every(Number.isFinite);

/** Whether a double result of float32 operands is the exact real result of + - * (Fast2Sum / product check). */
function exactArith(op: string, a: number, b: number, r: number): boolean {
  if (op === '*') {
    return Number.isFinite(r) && Math.abs(r) < 2 ** 100 && (Math.abs(a) < 2 ** 24 || Math.abs(b) < 2 ** 24);
  }
  return Number.isFinite(r) && r - a === b && r - b === a;
}

/** Elementwise `a op b` (+ - * / and the functions add/sub/mul/div/divide/true_divide). */
export function binaryData(op: string, a: Value, b: Value): TensorV | null {
  if (!['+', '-', '*', '/'].includes(op) || (a.k !== 'tensor' && b.k !== 'tensor')) {
    return null;
  }
  const x = operand(a);
  const y = operand(b);
  if (!x || !y || (x.n !== y.n && !x.scalar && !y.scalar) || (x.n !== y.n && x.n !== 1 && y.n !== 1)) {
    return null;
  }
  const n = Math.max(x.n, y.n);
  // int op int stays an integer (except true division); anything with a float is float32.
  const intResult = x.int && y.int && op !== '/';
  const dtype: DType = intResult ? 'int64' : 'float32';
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    const xs = x.at(x.n === 1 ? 0 : i);
    const ys = y.at(y.n === 1 ? 0 : i);
    if (!finite(xs) || !finite(ys) || (op === '/' && ys.some(v => v === 0))) {
      lo.push(-Infinity);
      hi.push(Infinity);
      continue;
    }
    const cands: number[] = [];
    for (const p of xs) {
      for (const q of ys) {
        cands.push(op === '+' ? p + q : op === '-' ? p - q : op === '*' ? p * q : p / q);
      }
    }
    let el: [number, number];
    if (intResult) {
      el = cands.every(c => Number.isSafeInteger(c)) ? hull(cands, 0) : UNKNOWN_EL;
    } else if (xs.length === 1 && ys.length === 1 && op !== '/' && Math.fround(xs[0]) === xs[0] && Math.fround(ys[0]) === ys[0] && exactArith(op, xs[0], ys[0], cands[0])) {
      // One float32 operation of float32 values, done exactly in double: rounded once.
      const r = Math.fround(cands[0]);
      el = [r, r];
    } else if (op === '/' && xs.length === 1 && ys.length === 1 && Math.fround(xs[0]) === xs[0] && Number.isInteger(Math.log2(Math.abs(ys[0])))) {
      // Division by a power of two is exact (also as a multiplication by its reciprocal).
      const r = Math.fround(cands[0]);
      el = [r, r];
    } else {
      el = hull(cands, 2);
    }
    lo.push(el[0]);
    hi.push(el[1]);
  }
  return make(dtype, lo, hi, x.scalar && y.scalar);
}

/** Monotone float functions of one tensor: log, exp, sqrt (float32 results, widened). */
const UNARY: Record<string, (x: number) => number> = { log: Math.log, exp: Math.exp, sqrt: Math.sqrt, log2: Math.log2 };
/** Integer-valued rounding (round is half to even, as torch.round). */
const ROUNDING: Record<string, (x: number) => number> = {
  round: x => {
    const f = Math.floor(x);
    const d = x - f;
    return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  },
  floor: Math.floor,
  ceil: Math.ceil,
  trunc: Math.trunc
};

function mapElements(t: TensorV, dtype: DType, f: (lo: number, hi: number) => [number, number]): TensorV {
  const d = t.data as TensorData;
  const lo: number[] = [];
  const hi: number[] = [];
  d.lo.forEach((l, i) => {
    const el = Number.isFinite(l) && Number.isFinite(d.hi[i]) ? f(l, d.hi[i]) : UNKNOWN_EL;
    lo.push(el[0]);
    hi.push(el[1]);
  });
  return make(dtype, lo, hi, t.shape !== null && t.shape.length === 0);
}

function unaryFloat(t: TensorV, fn: (x: number) => number): TensorV {
  return mapElements(t, 'float32', (l, h) => {
    if (l === h && l === 1 && (fn === Math.log || fn === Math.log2)) {
      return [0, 0];
    }
    if (l === h && l === 0 && fn === Math.exp) {
      return [1, 1];
    }
    return hull([fn(l), fn(h)], 4);
  });
}

/** Rounding to integers: a number only when the whole interval rounds to it. */
function rounding(t: TensorV, fn: (x: number) => number, dtype: DType): TensorV {
  return mapElements(t, dtype, (l, h) => {
    const a = fn(l);
    return a === fn(h) && Number.isSafeInteger(a) ? [a, a] : UNKNOWN_EL;
  });
}

/** torch.pow(a, b) with a scalar base or exponent and positive values. */
function powData(a: Value, b: Value): TensorV | null {
  const x = operand(a);
  const y = operand(b);
  if (!x || !y || (a.k !== 'tensor' && b.k !== 'tensor')) {
    return null;
  }
  const n = Math.max(x.n, y.n);
  if (x.n !== y.n && x.n !== 1 && y.n !== 1) {
    return null;
  }
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    const xs = x.at(x.n === 1 ? 0 : i);
    const ys = y.at(y.n === 1 ? 0 : i);
    if (!finite(xs) || !finite(ys) || xs.some(v => v <= 0)) {
      lo.push(-Infinity);
      hi.push(Infinity);
      continue;
    }
    const cands: number[] = [];
    for (const p of xs) {
      for (const q of ys) {
        cands.push(Math.pow(p, q));
      }
    }
    const el = hull(cands, 4);
    lo.push(el[0]);
    hi.push(el[1]);
  }
  return make(x.int && y.int ? 'int64' : 'float32', lo, hi, x.scalar && y.scalar);
}

/** Exact values of every element, or null when some is not exact. */
function exactValues(t: TensorV): number[] | null {
  const d = t.data;
  if (!d || d.lo.some((l, i) => l !== d.hi[i] || !Number.isFinite(l))) {
    return null;
  }
  return [...d.lo];
}

/** torch.unique(t, sorted=True, return_counts=...): sorted distinct values (exact ones only). */
function uniqueData(t: TensorV, kw: Map<string, Value>): Value | null {
  const vals = exactValues(t);
  const inverse = kw.get('return_inverse');
  if (!vals || (inverse && !(inverse.k === 'bool' && !inverse.v)) || kw.has('dim')) {
    return null;
  }
  const counts = new Map<number, number>();
  for (const v of vals) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((p, q) => p - q);
  const values = make((t.data as TensorData).dtype, keys, [...keys]);
  const rc = kw.get('return_counts');
  if (rc && rc.k === 'bool' && rc.v) {
    const c = keys.map(k => counts.get(k) as number);
    return { k: 'tuple', items: [values, make('int64', c, [...c])] };
  }
  return rc && !(rc.k === 'bool') ? null : values;
}

/** torch.diff(t) of a 1-D tensor. */
function diffData(t: TensorV): TensorV | null {
  const d = t.data as TensorData;
  if (!t.shape || t.shape.length !== 1 || d.lo.length < 1) {
    return null;
  }
  const a = make(d.dtype, d.lo.slice(1), d.hi.slice(1));
  const b = make(d.dtype, d.lo.slice(0, -1), d.hi.slice(0, -1));
  return binaryData('-', a, b);
}

/** max() / min() over all elements: a 0-d tensor. */
function extremum(t: TensorV, max: boolean): TensorV | null {
  const d = t.data as TensorData;
  if (d.lo.length === 0) {
    return null;
  }
  const pick = (xs: number[]): number => (max ? Math.max(...xs) : Math.min(...xs));
  return make(d.dtype, [pick(d.lo)], [pick(d.hi)], true);
}

/** A tensor of one element as a Python number (unknown with its range when not exact). */
function elementValue(dtype: DType, lo: number, hi: number): Value {
  if (lo === hi && Number.isFinite(lo)) {
    return isInt(dtype) ? { k: 'int', v: BigInt(lo) } : { k: 'float', v: lo };
  }
  const u = unknown('a tensor value known only within a range (float32 rounding)');
  u.scalar = true;
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    u.range = [lo, hi];
  }
  return u;
}

/** Functions of torch (and tensor methods) computed on known values; null when not. */
export function dataFunction(name: string, a: Value[], kw: Map<string, Value>): Value | null {
  const t = a[0];
  switch (name) {
    case 'add': case 'sub': case 'mul': case 'div': case 'divide': case 'true_divide': {
      const other = a[1] ?? kw.get('other');
      if (!t || !other || (name === 'div' && kw.has('rounding_mode')) || kw.has('alpha')) {
        return null;
      }
      return binaryData(name === 'add' ? '+' : name === 'sub' ? '-' : name === 'mul' ? '*' : '/', t, other);
    }
    case 'pow': {
      const e = a[1] ?? kw.get('exponent');
      return t && e ? powData(t, e) : null;
    }
    default:
      break;
  }
  if (!t || t.k !== 'tensor' || !t.data) {
    return null;
  }
  if (UNARY[name] && a.length === 1) {
    return unaryFloat(t, UNARY[name]);
  }
  if (ROUNDING[name] && a.length === 1 && !kw.has('decimals')) {
    return rounding(t, ROUNDING[name], t.data.dtype);
  }
  switch (name) {
    case 'unique':
      return a.length === 1 ? uniqueData(t, kw) : null;
    case 'diff':
      return a.length === 1 && kw.size === 0 ? diffData(t) : null;
    case 'max': case 'min':
      return a.length === 1 && kw.size === 0 ? extremum(t, name === 'max') : null;
    default:
      return null;
  }
}

/** Conversions: int()/long() truncate, float() widens to float32. */
function convert(t: TensorV, to: DType): TensorV {
  const d = t.data as TensorData;
  if (isInt(to)) {
    return isInt(d.dtype) ? make(to, [...d.lo], [...d.hi], t.shape?.length === 0) : rounding(t, Math.trunc, to);
  }
  return mapElements(t, 'float32', (l, h) => [Math.fround(l) === l ? l : l - ulp32(l), Math.fround(h) === h ? h : h + ulp32(h)]);
}

/** Tensor methods on known values (item, tolist, int, split, ...), as a callable; undefined when not. */
export function dataMethod(t: TensorV, name: string): ((a: Value[], kw: Map<string, Value>) => Value | null) | undefined {
  const d = t.data as TensorData;
  switch (name) {
    case 'item':
      return a => (a.length === 0 && d.lo.length === 1 ? elementValue(d.dtype, d.lo[0], d.hi[0]) : null);
    case 'tolist':
      return a => {
        if (a.length > 0 || !t.shape) {
          return null;
        }
        if (t.shape.length === 0) {
          return elementValue(d.dtype, d.lo[0], d.hi[0]);
        }
        return { k: 'list', items: d.lo.map((l, i) => elementValue(d.dtype, l, d.hi[i])) };
      };
    case 'int': case 'long': case 'float':
      return a => (a.length === 0 ? convert(t, name === 'int' ? 'int32' : name === 'long' ? 'int64' : 'float32') : null);
    case 'split':
      return (a, kw) => {
        const sizes = a[0] ?? kw.get('split_size_or_sections');
        if (!sizes || a.length > 1 || kw.has('dim') || !t.shape || t.shape.length !== 1) {
          return null;
        }
        const n = d.lo.length;
        const sz = asNumber(sizes);
        const parts = sz !== null ? Array.from({ length: sz > 0 ? Math.ceil(n / sz) : 0 }, (_, i) => Math.min(sz, n - i * sz)) : sizes.k === 'list' || sizes.k === 'tuple' ? sizes.items.map(asNumber) : null;
        if (!parts || parts.some(p => p === null || p < 0 || !Number.isInteger(p)) || (sz === null && (parts as number[]).reduce((x, y) => x + y, 0) !== n)) {
          return null;
        }
        let at = 0;
        return {
          k: 'tuple',
          items: (parts as number[]).map(p => {
            const piece = make(d.dtype, d.lo.slice(at, at + p), d.hi.slice(at, at + p));
            at += p;
            return piece;
          })
        };
      };
    default:
      if (UNARY[name] || ROUNDING[name] || ['unique', 'diff', 'max', 'min', 'add', 'sub', 'mul', 'div', 'divide', 'true_divide', 'pow'].includes(name)) {
        return (a, kw) => dataFunction(name, [t, ...a], kw);
      }
      return undefined;
  }
}

/** Known values of a factory's result (arange, linspace, tensor of numbers), or undefined. */
export function factoryData(name: string, a: Value[], kw: Map<string, Value>, n: number | null): TensorData | undefined {
  const dtype = dtypeOf(kw.get('dtype'));
  if (dtype === null || n === null || n < 0 || n > MAX_ELEMENTS || kw.has('out')) {
    return undefined;
  }
  if (name === 'arange') {
    if (a.length === 0 || a.length > 3 || kw.has('start') || kw.has('end') || kw.has('step')) {
      return undefined;
    }
    const nums = (a.length === 1 ? [{ k: 'int', v: 0n } as Value, a[0]] : a).map(v => scalarOf(v));
    if (nums.some(x => x === null || x.vals.length !== 1)) {
      return undefined;
    }
    const [start, , step] = [nums[0]?.vals[0] ?? 0, 0, nums[2]?.vals[0] ?? 1];
    const intArgs = nums.every(x => x?.int);
    const dt = dtype ?? (intArgs ? 'int64' : 'float32');
    const vals = Array.from({ length: n }, (_, i) => start + i * step);
    if (isInt(dt)) {
      return vals.every(Number.isSafeInteger) ? { dtype: dt, lo: vals, hi: [...vals] } : undefined;
    }
    // Float results are exact when start and step are small integers (the common case).
    return intArgs && vals.every(v => Math.abs(v) < 2 ** 24) ? { dtype: dt, lo: vals, hi: [...vals] } : undefined;
  }
  if (name === 'linspace') {
    const s = scalarOf(a[0] ?? kw.get('start') ?? { k: 'none' });
    const e = scalarOf(a[1] ?? kw.get('end') ?? { k: 'none' });
    if (!s || !e || (dtype && dtype !== 'float32') || n < 1) {
      return undefined;
    }
    // The ends as float32, as the kernel holds them.
    const start = Math.fround(s.vals[0]);
    const end = Math.fround(e.vals[0]);
    const lo: number[] = [];
    const hi: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = n === 1 ? start : start + ((end - start) * i) / (n - 1);
      if (i === 0 || start === end) {
        // The first element is the start itself in every kernel (all are, for equal ends).
        lo.push(start);
        hi.push(start);
      } else {
        const w = 8 * ulp32(Math.max(Math.abs(start), Math.abs(end)));
        lo.push(v - w);
        hi.push(v + w);
      }
    }
    return { dtype: 'float32', lo, hi };
  }
  if (name === 'tensor' || name === 'as_tensor') {
    const list = a[0];
    if (!list || (list.k !== 'list' && list.k !== 'tuple') || list.k === 'list' && list.unknownItems) {
      return undefined;
    }
    const s = list.items.map(scalarOf);
    if (s.some(x => x === null)) {
      return undefined;
    }
    const allInt = s.every(x => x?.int);
    const dt = dtype ?? (allInt ? 'int64' : 'float32');
    const vals = s.map(x => (x as { vals: number[] }).vals[0]);
    if (isInt(dt)) {
      return allInt && vals.every(Number.isSafeInteger) ? { dtype: dt, lo: vals, hi: [...vals] } : undefined;
    }
    const f = vals.map(v => Math.fround(v));
    return { dtype: dt, lo: f, hi: [...f] };
  }
  return undefined;
}

/** torch functions computed here that have no shape rule of their own (tensorops.ts). */
export const DATA_FUNCTIONS: ReadonlySet<string> = new Set(['unique', 'divide', 'trunc']);
