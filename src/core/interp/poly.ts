// Integer polynomials over named symbols, used for symbolic dimensions and parameter totals
// ("4900*C + 2840"). Exact BigInt coefficients; only operations that stay exact are offered
// (floor division only by a constant that divides every coefficient).
// Does not: simplify anything non-polynomial; callers turn such cases into Unknown.

/** A monomial key is the sorted, '*'-joined list of symbol names ('' for the constant). */
export type Poly = Map<string, bigint>;

/** Shared constants (polys are never mutated after creation, so sharing is safe). */
const SMALL_LIMIT = 1 << 16;
// Allocated full size up front: an array filled at scattered indices turns into a slow
// dictionary, and this lookup runs for nearly every dimension and count.
const SMALL_CONSTS: Array<Poly | undefined> = new Array<Poly | undefined>(SMALL_LIMIT).fill(undefined);

/**
 * Other constants exactly representable as numbers (parameter counts, MACs: the same totals
 * recur in every copy of a block), shared through a bounded map keyed by that number.
 */
const BIG_CONSTS = new Map<number, Poly>();
const BIG_CONSTS_LIMIT = 10000;

export function polyConst(n: bigint): Poly {
  // Small non-negative constants are shared (indexed by number: BigInt map keys are slow).
  // Number(n) is exact below the limit and rounds monotonically, so one conversion decides.
  const num = Number(n);
  const small = num >= 0 && num < SMALL_LIMIT ? num : -1;
  if (small >= 0) {
    const hit = SMALL_CONSTS[small];
    if (hit) {
      return hit;
    }
  }
  // Beyond 2^53 distinct bigints share a number: those are not shared.
  const big = small < 0 && Number.isSafeInteger(num);
  if (big) {
    const hit = BIG_CONSTS.get(num);
    if (hit) {
      return hit;
    }
  }
  const p: Poly = new Map();
  if (n !== 0n) {
    p.set('', n);
  }
  if (small >= 0) {
    SMALL_CONSTS[small] = p;
  } else if (big) {
    if (BIG_CONSTS.size >= BIG_CONSTS_LIMIT) {
      BIG_CONSTS.clear();
    }
    BIG_CONSTS.set(num, p);
  }
  return p;
}

/** Shorthands for shape rules: a constant poly from a JS number, a dim's constant value. */

function constOf(p: Poly): bigint | null {
  if (p.size === 0) {
    return 0n;
  }
  return p.size === 1 ? p.get('') ?? null : null;
}

export function polySym(name: string): Poly {
  return new Map([[name, 1n]]);
}

export function polyIsConst(p: Poly): boolean {
  return p.size === 0 || (p.size === 1 && p.has(''));
}

export function polyConstValue(p: Poly): bigint | null {
  if (p.size === 0) {
    return 0n;
  }
  if (p.size === 1) {
    return p.get('') ?? null;
  }
  return null;
}

function put(p: Poly, k: string, v: bigint): void {
  const nv = (p.get(k) ?? 0n) + v;
  if (nv === 0n) {
    p.delete(k);
  } else {
    p.set(k, nv);
  }
}

export function polyAdd(a: Poly, b: Poly): Poly {
  const ca = constOf(a);
  const cb = ca === null ? null : constOf(b);
  if (ca !== null && cb !== null) {
    return polyConst(ca + cb);
  }
  // Adding zero gives the other operand, shared (polys are never mutated).
  if (b.size === 0) {
    return a;
  }
  if (a.size === 0) {
    return b;
  }
  const r: Poly = new Map(a);
  for (const [k, v] of b) {
    put(r, k, v);
  }
  return r;
}

export function polyNeg(a: Poly): Poly {
  const r: Poly = new Map();
  for (const [k, v] of a) {
    r.set(k, -v);
  }
  return r;
}

export function polySub(a: Poly, b: Poly): Poly {
  const ca = constOf(a);
  const cb = ca === null ? null : constOf(b);
  if (ca !== null && cb !== null) {
    return polyConst(ca - cb);
  }
  return polyAdd(a, polyNeg(b));
}

function mulKeys(a: string, b: string): string {
  if (a === '') {
    return b;
  }
  if (b === '') {
    return a;
  }
  if (!a.includes('*') && !b.includes('*')) {
    // Two single symbols (the common case): the same sorted join without arrays.
    return a <= b ? `${a}*${b}` : `${b}*${a}`;
  }
  return [...a.split('*'), ...b.split('*')].sort().join('*');
}

export function polyMul(a: Poly, b: Poly): Poly {
  const ca = constOf(a);
  const cb = constOf(b);
  if (ca !== null && cb !== null) {
    return polyConst(ca * cb);
  }
  // Multiplying by one (the first step of every product) gives the other operand, shared.
  if (ca === 1n) {
    return b;
  }
  if (cb === 1n) {
    return a;
  }
  const r: Poly = new Map();
  for (const [ka, va] of a) {
    for (const [kb, vb] of b) {
      put(r, mulKeys(ka, kb), va * vb);
    }
  }
  return r;
}

/** Exact floor division by a constant; null when some coefficient is not divisible. */
export function polyDivConst(a: Poly, d: bigint): Poly | null {
  if (d === 0n) {
    return null;
  }
  const c = polyConstValue(a);
  if (c !== null) {
    // Python floor division semantics.
    let q = c / d;
    if ((c % d !== 0n) && ((c < 0n) !== (d < 0n))) {
      q -= 1n;
    }
    return polyConst(q);
  }
  const r: Poly = new Map();
  for (const [k, v] of a) {
    if (v % d !== 0n) {
      return null;
    }
    r.set(k, v / d);
  }
  return r;
}

export function polyEq(a: Poly, b: Poly): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const [k, v] of a) {
    if (b.get(k) !== v) {
      return false;
    }
  }
  return true;
}

export function polySymbols(p: Poly): string[] {
  const s = new Set<string>();
  for (const k of p.keys()) {
    if (k !== '') {
      for (const n of k.split('*')) {
        s.add(n);
      }
    }
  }
  return [...s].sort();
}

/** Replaces symbols by known integer values. */
export function polySubst(p: Poly, values: ReadonlyMap<string, bigint>): Poly {
  let r: Poly = new Map();
  for (const [k, v] of p) {
    let term: Poly = polyConst(v);
    if (k !== '') {
      for (const n of k.split('*')) {
        const val = values.get(n);
        term = polyMul(term, val !== undefined ? polyConst(val) : polySym(n));
      }
    }
    r = polyAdd(r, term);
  }
  return r;
}

function fmtMono(k: string): string {
  // C*C*H -> C^2*H
  const parts = k.split('*');
  const out: string[] = [];
  let i = 0;
  while (i < parts.length) {
    let j = i;
    while (j < parts.length && parts[j] === parts[i]) {
      j++;
    }
    out.push(j - i > 1 ? `${parts[i]}^${j - i}` : parts[i]);
    i = j;
  }
  return out.join('*');
}

/** Display form: highest degree first, constant last: "4900*C + 2840". */
export function polyToString(p: Poly): string {
  if (p.size === 0) {
    return '0';
  }
  const keys = [...p.keys()].sort((a, b) => {
    const da = a === '' ? 0 : a.split('*').length;
    const db = b === '' ? 0 : b.split('*').length;
    return db - da || (a < b ? -1 : a > b ? 1 : 0);
  });
  let s = '';
  keys.forEach((k, i) => {
    const v = p.get(k) as bigint;
    const neg = v < 0n;
    const abs = neg ? -v : v;
    const body = k === '' ? abs.toString() : abs === 1n ? fmtMono(k) : `${abs}*${fmtMono(k)}`;
    if (i === 0) {
      s = (neg ? '-' : '') + body;
    } else {
      s += neg ? ` - ${body}` : ` + ${body}`;
    }
  });
  return s;
}
