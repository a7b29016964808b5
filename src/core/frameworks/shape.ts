// Shape arithmetic every framework shares. A dimension is a polynomial (an exact integer, or an
// expression over named symbols) or null when it is not known. One mismatch policy: a conflict
// that would raise when the code runs (shapes that cannot be broadcast or multiplied) is
// reported through ShapeProblems — each framework turns it into an error diagnostic at the
// call site — and the result is null; a dimension that is only not known never is a mismatch.
// Does not: know any layer (the frameworks' shape rules use these) or make graph nodes.
import { Poly, polyAdd, polyConst, polyConstValue, polyDivConst, polyEq, polyMul, polySub } from '../interp/poly';
import type { Dims } from '../interp/values';

/** A dimension: exact or symbolic, null when not known. */
export type D = Poly | null;

/** Where shape rules report a conflict that would raise at run time. */
export interface ShapeProblems {
  mismatch(message: string): void;
}

/** An exact dimension. */
export const c = (n: number | bigint): Poly => polyConst(BigInt(n));

/** The exact value of a dimension, or null (unknown or symbolic). */
export const num = (d: D): bigint | null => (d ? polyConstValue(d) : null);

export function add(a: D, b: D): D {
  return a && b ? polyAdd(a, b) : null;
}

export function sub(a: D, b: D): D {
  return a && b ? polySub(a, b) : null;
}

export function mul(a: D, b: D): D {
  return a && b ? polyMul(a, b) : null;
}

export function prod(ds: D[]): D {
  return ds.reduce<D>((a, b) => mul(a, b), c(1));
}

export function rank(shape: Dims): number | null {
  return shape ? shape.length : null;
}

/** An axis (negative counts from the end) as an index into a shape of `rank` dims, or null when out of range. */
export function normAxis(axis: bigint | null, rank: number): number | null {
  if (axis === null) {
    return null;
  }
  const r = BigInt(rank);
  const x = axis < 0n ? axis + r : axis;
  return x < 0n || x >= r ? null : Number(x);
}

/** Whether two dims are equal: null when that is not known. */
export function dimEq(a: D, b: D): boolean | null {
  if (!a || !b) {
    return null;
  }
  if (polyEq(a, b)) {
    return true;
  }
  const x = num(a);
  const y = num(b);
  return x !== null && y !== null ? false : null;
}

/** A shape for messages: [4, 3, ?] with `sym` for symbolic dims. */
export function fmtShape(s: Dims): string {
  if (!s) {
    return '[?]';
  }
  return `[${s.map(d => (d ? (num(d) !== null ? String(num(d)) : 'sym') : '?')).join(', ')}]`;
}

/** Broadcasts two shapes; reports a mismatch only when two exact dims conflict. */
export function broadcast(a: Dims, b: Dims, problems: ShapeProblems, what: string): Dims {
  if (!a || !b) {
    return null;
  }
  const n = Math.max(a.length, b.length);
  const out: D[] = [];
  for (let i = 0; i < n; i++) {
    // Missing leading dims broadcast as 1; a null (unknown) dim stays unknown.
    const xa = a.length - n + i < 0 ? c(1) : a[a.length - n + i];
    const ya = b.length - n + i < 0 ? c(1) : b[b.length - n + i];
    if (num(xa) === 1n) {
      out.push(ya);
    } else if (num(ya) === 1n) {
      out.push(xa);
    } else {
      const e = dimEq(xa, ya);
      if (e === false) {
        problems.mismatch(`${what}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together`);
        return null;
      }
      out.push(e ? xa : null);
    }
  }
  return out;
}

/** Broadcasts any number of shapes (left to right). */
export function broadcastAll(shapes: Dims[], problems: ShapeProblems, what: string): Dims {
  if (shapes.length === 0) {
    return [];
  }
  let out = shapes[0];
  for (let i = 1; i < shapes.length && out; i++) {
    out = broadcast(out, shapes[i], problems, what);
  }
  return out;
}

/** matmul (the @ operator, np.matmul): 1-D operands promoted, batch dims broadcast. */
export function matmul(a: Dims, b: Dims, problems: ShapeProblems): Dims {
  if (!a || !b) {
    return null;
  }
  if (a.length === 0 || b.length === 0) {
    problems.mismatch('matmul: both arguments need at least 1 dimension');
    return null;
  }
  const a2 = a.length === 1 ? [c(1), a[0]] : a;
  const b2 = b.length === 1 ? [b[0], c(1)] : b;
  const k1 = a2[a2.length - 1];
  const k2 = b2[b2.length - 2];
  if (num(k1) !== null && num(k2) !== null && num(k1) !== num(k2)) {
    problems.mismatch(`matmul: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be multiplied (${num(k1)} vs ${num(k2)})`);
    return null;
  }
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2), problems, 'matmul');
  if (!batch) {
    return null;
  }
  const out = [...batch];
  if (a.length > 1) {
    out.push(a2[a2.length - 2]);
  }
  if (b.length > 1) {
    out.push(b2[b2.length - 1]);
  }
  return out;
}

// ---- convolution output lengths ---------------------------------------------------------------

/**
 * Output length of a convolution or pooling with explicit padding `p` (PyTorch's form):
 * floor((L + 2p - d(k-1) - 1) / s) + 1, or with ceil_mode the ceiling (the last window must
 * start inside the input or its left padding). Exact for ints; for symbols only when s divides.
 */
export function convOut(L: D, k: D, s: D, p: D, d: D, ceil = false): D {
  if (!L || !k || !s || !p || !d) {
    return null;
  }
  // L + 2p - d*(k-1) - 1
  const numr = polySub(polySub(polyAdd(L, polyMul(c(2), p)), polyMul(d, polySub(k, c(1)))), c(1));
  const sc = num(s);
  const nc = num(numr);
  if (sc === null || sc <= 0n) {
    return null;
  }
  if (nc !== null) {
    let q = nc >= 0n ? nc / sc : -((-nc + sc - 1n) / sc);
    if (ceil && nc % sc !== 0n && nc > 0n) {
      q += 1n;
      const Lc = num(L);
      const pc = num(p);
      if (Lc !== null && pc !== null && q * sc >= Lc + pc) {
        q -= 1n;
      }
    }
    return c(q + 1n);
  }
  const q = polyDivConst(numr, sc);
  return q ? polyAdd(q, c(1)) : null;
}

/** Output length of a transposed convolution with explicit padding (PyTorch's form). */
export function convTransposeOut(L: D, k: D, s: D, p: D, d: D, op: D): D {
  if (!L || !k || !s || !p || !d || !op) {
    return null;
  }
  return polyAdd(polyAdd(polySub(polyMul(polySub(L, c(1)), s), polyMul(c(2), p)), polyMul(d, polySub(k, c(1)))), polyAdd(op, c(1)));
}

/** Output length of a convolution with a padding mode, 'valid', 'same' or 'causal' (Keras' conv_output_length). */
export function convOutMode(L: D, k: D, mode: string, s: D, d: D): D {
  if (L === null || k === null || s === null || d === null) {
    return null;
  }
  const dk = add(k, mul(sub(k, c(1)), sub(d, c(1))));
  const sv = num(s);
  if (mode === 'same' || mode === 'causal') {
    if (sv === 1n) {
      return L;
    }
    const l = num(L);
    return l === null || sv === null ? null : c((l + sv - 1n) / sv);
  }
  const diff = sub(L, dk);
  if (sv === 1n) {
    return add(diff, c(1));
  }
  const l = num(diff);
  if (l === null || sv === null) {
    return null;
  }
  return l < 0n ? null : c(l / sv + 1n);
}

/** Output length of a transposed convolution with a padding mode (Keras' deconv_output_length). */
export function deconvOutMode(L: D, k: D, mode: string, op: D | undefined, s: D, d: D): D {
  if (L === null || k === null || s === null || d === null) {
    return null;
  }
  const dk = add(k, mul(sub(k, c(1)), sub(d, c(1))));
  if (op === undefined) {
    if (mode === 'valid') {
      const kv = num(dk);
      const sv = num(s);
      if (kv === null || sv === null) {
        return null;
      }
      return add(mul(L, s), c(kv > sv ? kv - sv : 0n));
    }
    return mul(L, s);
  }
  const kv = num(dk);
  if (kv === null || op === null) {
    return null;
  }
  const p = mode === 'same' ? kv / 2n : 0n;
  return add(add(mul(sub(L, c(1)), s), c(kv - 2n * p)), op);
}
