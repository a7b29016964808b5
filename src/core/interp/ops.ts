// Python operators on known values: arithmetic (BigInt ints, floats, symbolic ints),
// comparisons, sequence concatenation/repetition. Guarded by the int/string/collection
// budgets (exceeding one throws BudgetError, which the interpreter turns into a diagnostic
// naming the budget). Tensor operands are handed to a hook so frameworks can compute shapes.
// Does not: evaluate expressions (interpreter.ts) or call user functions.
import { Budgets } from './budgets';
import { BudgetError, charge, checkDepth, reserveItems, reserveString } from './cost';
import { polyAdd, polyConst, polyConstValue, polyDivConst, polyEq, polyMul, polyNeg, polySub } from './poly';
import { asInt, asPoly, bool, keyOf, unknown, Value } from './values';
import { enumMixinValue, memberIdentity } from './enums';

export { BudgetError };

function bitLength(n: bigint): number {
  if (n < 0n) {
    n = -n;
  }
  return n === 0n ? 0 : n.toString(16).length * 4;
}

/** |n| below this has at most 48 bits: within the limit of any maxIntDigits >= 13. */
const SMALL_INT = 1n << 48n;

const HALF_SMALL_INT = 1n << 24n;

function halfSmall(n: bigint): boolean {
  return n < HALF_SMALL_INT && n > -HALF_SMALL_INT;
}

/** Checks an int result against maxIntDigits. */
export function guardInt(n: bigint, b: Budgets): Value {
  const small = n < SMALL_INT && n > -SMALL_INT && b.maxIntDigits >= 13;
  if (!small && bitLength(n) > b.maxIntDigits * 3.33 + 8) {
    throw new BudgetError('maxIntDigits', `integer larger than maxIntDigits (${b.maxIntDigits} digits)`);
  }
  return { k: 'int', v: n };
}

function floorDiv(a: bigint, d: bigint): bigint {
  let q = a / d;
  if (a % d !== 0n && (a < 0n) !== (d < 0n)) {
    q -= 1n;
  }
  return q;
}

function pyMod(a: bigint, d: bigint): bigint {
  return a - floorDiv(a, d) * d;
}

function symOrInt(p: ReturnType<typeof polyConst>, b: Budgets): Value {
  const c = polyConstValue(p);
  return c !== null ? guardInt(c, b) : { k: 'sym', p };
}

function isNum(v: Value): boolean {
  return v.k === 'int' || v.k === 'bool' || v.k === 'float';
}

function num(v: Value): number {
  return v.k === 'float' ? v.v : Number(asInt(v));
}

/** Binary operator on known (non-tensor) values. Returns Unknown when not modelled. */
export function binaryOp(op: string, a: Value, b: Value, budgets: Budgets): Value {
  // The range of an unknown number holds for that number only, not for what is computed from it.
  a = withoutRange(a);
  b = withoutRange(b);
  // A named unknown used in integer arithmetic acts as a symbol.
  const intLike = (v: Value): boolean => v.k === 'int' || v.k === 'bool' || v.k === 'sym' || (v.k === 'unknown' && v.symbol !== undefined);
  if ((a.k === 'unknown' && a.symbol !== undefined && intLike(b)) || (b.k === 'unknown' && b.symbol !== undefined && intLike(a))) {
    const ap = asPoly(a);
    const bp = asPoly(b);
    if (ap && bp && ['+', '-', '*', '//', '**'].includes(op)) {
      return binaryOp(op, { k: 'sym', p: ap }, { k: 'sym', p: bp }, budgets);
    }
  }
  if (a.k === 'unknown') {
    return a;
  }
  if (b.k === 'unknown') {
    return b;
  }
  if ((a.k === 'list' && a.unknownItems) || (b.k === 'list' && b.unknownItems)) {
    return unknown('list contents not known statically');
  }
  const ai = a.k === 'int' || a.k === 'bool' ? asInt(a) : null;
  const bi = b.k === 'int' || b.k === 'bool' ? asInt(b) : null;
  if (ai !== null && bi !== null) {
    switch (op) {
      case '+':
        return guardInt(ai + bi, budgets);
      case '-':
        return guardInt(ai - bi, budgets);
      case '*':
        // Factors below 2^24 make at most 48 bits: within any budget guardInt skips checking.
        if (!(halfSmall(ai) && halfSmall(bi) && budgets.maxIntDigits >= 13) && bitLength(ai) + bitLength(bi) > budgets.maxIntDigits * 3.33 + 8) {
          throw new BudgetError('maxIntDigits', `integer larger than maxIntDigits (${budgets.maxIntDigits} digits)`);
        }
        return guardInt(ai * bi, budgets);
      case '//':
        return bi === 0n ? unknown('division by zero') : guardInt(floorDiv(ai, bi), budgets);
      case '%':
        return bi === 0n ? unknown('division by zero') : guardInt(pyMod(ai, bi), budgets);
      case '/':
        return bi === 0n ? unknown('division by zero') : { k: 'float', v: Number(ai) / Number(bi) };
      case '**': {
        if (bi < 0n) {
          return { k: 'float', v: Math.pow(Number(ai), Number(bi)) };
        }
        const digits = Number(bi) * Math.log10(Math.max(2, Math.abs(Number(ai))));
        if (ai !== 0n && ai !== 1n && ai !== -1n && digits > budgets.maxIntDigits) {
          throw new BudgetError('maxIntDigits', `integer larger than maxIntDigits (${budgets.maxIntDigits} digits)`);
        }
        return guardInt(ai ** bi, budgets);
      }
      case '<<':
        if (bi > BigInt(budgets.maxIntDigits * 4)) {
          throw new BudgetError('maxIntDigits', `integer larger than maxIntDigits (${budgets.maxIntDigits} digits)`);
        }
        return guardInt(ai << bi, budgets);
      case '>>':
        return guardInt(ai >> bi, budgets);
      case '&':
        return a.k === 'bool' && b.k === 'bool' ? bool(a.v && b.v) : guardInt(ai & bi, budgets);
      case '|':
        return a.k === 'bool' && b.k === 'bool' ? bool(a.v || b.v) : guardInt(ai | bi, budgets);
      case '^':
        return guardInt(ai ^ bi, budgets);
      default:
        return unknown(`operator ${op} on ints`);
    }
  }
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    switch (op) {
      case '+':
        return { k: 'float', v: x + y };
      case '-':
        return { k: 'float', v: x - y };
      case '*':
        return { k: 'float', v: x * y };
      case '/':
        return y === 0 ? unknown('division by zero') : { k: 'float', v: x / y };
      case '//':
        return y === 0 ? unknown('division by zero') : { k: 'float', v: Math.floor(x / y) };
      case '%':
        return y === 0 ? unknown('division by zero') : { k: 'float', v: x - Math.floor(x / y) * y };
      case '**':
        return { k: 'float', v: Math.pow(x, y) };
      default:
        return unknown(`operator ${op} on floats`);
    }
  }
  // Symbolic integers.
  const ap = asPoly(a);
  const bp = asPoly(b);
  if (ap !== null && bp !== null && (a.k === 'sym' || b.k === 'sym')) {
    switch (op) {
      case '+':
        return symOrInt(polyAdd(ap, bp), budgets);
      case '-':
        return symOrInt(polySub(ap, bp), budgets);
      case '*':
        return symOrInt(polyMul(ap, bp), budgets);
      case '//': {
        const d = polyConstValue(bp);
        const r = d !== null ? polyDivConst(ap, d) : null;
        return r ? symOrInt(r, budgets) : unknown('division of a symbolic value');
      }
      case '**': {
        const e = polyConstValue(bp);
        if (e !== null && e >= 0n && e <= 8n) {
          let r = polyConst(1n);
          for (let i = 0n; i < e; i++) {
            r = polyMul(r, ap);
          }
          return symOrInt(r, budgets);
        }
        return unknown('power of a symbolic value');
      }
      default:
        return unknown(`operator ${op} on a symbolic value`);
    }
  }
  // Sequences: the size of the result is checked before it is built.
  if (op === '+') {
    if (a.k === 'str' && b.k === 'str') {
      reserveString(a.v.length + b.v.length, 'string', budgets, false);
      return { k: 'str', v: a.v + b.v };
    }
    if ((a.k === 'list' && b.k === 'list') || (a.k === 'tuple' && b.k === 'tuple')) {
      reserveItems(a.items.length + b.items.length, 'collection', budgets);
      return { k: a.k, items: [...a.items, ...b.items] } as Value;
    }
  }
  if (op === '*') {
    const [seq, n] = a.k === 'str' || a.k === 'list' || a.k === 'tuple' ? [a, asInt(b)] : [b, asInt(a)];
    if (n !== null && (seq.k === 'str' || seq.k === 'list' || seq.k === 'tuple')) {
      const length = seq.k === 'str' ? seq.v.length : seq.items.length;
      // Exact in BigInt: `"" * 10**400` is "" and `"a" * 10**400` is over any budget.
      const total = n <= 0n || length === 0 ? 0 : BigInt(length) * n > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : length * Number(n);
      const count = total === 0 ? 0 : Number(n);
      if (seq.k === 'str') {
        reserveString(total, 'string', budgets);
        return { k: 'str', v: seq.v.repeat(count) };
      }
      reserveItems(total, 'collection', budgets);
      const items: Value[] = [];
      for (let i = 0; i < count; i++) {
        items.push(...seq.items);
      }
      return { k: seq.k, items } as Value;
    }
  }
  if (op === '%' && a.k === 'str') {
    return percentFormat(a.v, b, budgets);
  }
  if (op === '|' && a.k === 'dict' && b.k === 'dict') {
    const map = new Map(a.map);
    for (const [k, v] of b.map) {
      map.set(k, v);
    }
    return { k: 'dict', map };
  }
  return unknown(`operator ${op} on ${a.k} and ${b.k}`);
}

/** Whether `items` holds a value equal to `x`; null when some comparison is not decidable. */
export function containsValue(items: Value[], x: Value): boolean | null {
  let unsure = false;
  const memo: EqMemo = { open: new Map(), equal: new Map() };
  for (const y of items) {
    charge(1);
    const eq = equals(y, x, memo, 0);
    if (eq === true) {
      return true;
    }
    unsure = unsure || eq === null;
  }
  return unsure ? null : false;
}

/** A key that cannot stand for set membership: none, or one holding NaN (never equal to itself). */
function unkeyed(k: string | null): boolean {
  return k === null || k.includes('fNaN');
}

/**
 * Adds to a set's items those of `xs` it does not hold yet (Python equality: 1, 1.0 and True
 * are one; the first kept). Hashable values go by their canonical key, so large sets stay
 * linear; once a value without a usable key is present, the rest are compared one by one.
 * False (target partly filled) when some comparison is not decidable.
 */
export function addUnique(target: Value[], xs: Value[]): boolean {
  // The keys of a set's items are kept between adds while it only grew through here (same
  // length and last item): adding n items one by one stays linear, not quadratic.
  let index = SET_KEYS.get(target);
  if (!index || index.n !== target.length || index.last !== target[target.length - 1]) {
    index = { keys: new Set<string>(), keyless: false, n: 0, last: undefined };
    for (const y of target) {
      const k = keyOf(y);
      if (unkeyed(k)) {
        index.keyless = true;
      } else {
        index.keys.add(k as string);
      }
    }
    SET_KEYS.set(target, index);
  }
  const keys = index.keys;
  let keyless = index.keyless;
  try {
    return addKeyed(target, xs, keys, () => keyless, () => {
      keyless = true;
    });
  } finally {
    index.keyless = keyless;
    index.n = target.length;
    index.last = target[target.length - 1];
  }
}

/** Keys of set items by the items array (addUnique). */
const SET_KEYS = new WeakMap<Value[], { keys: Set<string>; keyless: boolean; n: number; last: Value | undefined }>();

function addKeyed(target: Value[], xs: Value[], keys: Set<string>, isKeyless: () => boolean, setKeyless: () => void): boolean {
  for (const x of xs) {
    const keyless = isKeyless();
    const k = keyOf(x);
    if (!unkeyed(k) && !keyless) {
      charge(1);
      if (!keys.has(k as string)) {
        keys.add(k as string);
        target.push(x);
      }
      continue;
    }
    const h = containsValue(target, x);
    if (h === null) {
      return false;
    }
    if (!h) {
      target.push(x);
      setKeyless();
    }
  }
  return true;
}

/**
 * Pairs of containers met during one deep comparison: `open` ones are being compared (meeting
 * one again is a cycle), `equal` ones were found equal. Shared structure (`a = [a, a]` sixty
 * times) is then compared once per distinct pair instead of once per path.
 */
interface EqMemo {
  open: Map<Value, Set<Value>>;
  equal: Map<Value, Set<Value>>;
}

function memoHas(m: Map<Value, Set<Value>>, a: Value, b: Value): boolean {
  const s = m.get(a);
  return s !== undefined && s.has(b);
}

function memoAdd(m: Map<Value, Set<Value>>, a: Value, b: Value): void {
  const s = m.get(a);
  if (s) {
    s.add(b);
  } else {
    m.set(a, new Set([b]));
  }
}

/** Structural equality of known values; null when not decidable. */
export function valueEquals(a: Value, b: Value): boolean | null {
  return equals(a, b, null, 0);
}

function equals(a: Value, b: Value, memo: EqMemo | null, depth: number): boolean | null {
  if (a.k === 'unknown' || b.k === 'unknown') {
    return null;
  }
  if (a.k === 'instance' && a.cls.enumMixin !== undefined && a.cls.enumMembers) {
    // A str/int-mixin enum member compares as its value (interp/enums.ts).
    const av = enumMixinValue(a);
    return av ? equals(av, b, memo, depth + 1) : null;
  }
  if (b.k === 'instance' && b.cls.enumMixin !== undefined && b.cls.enumMembers) {
    const bv = enumMixinValue(b);
    return bv ? equals(a, bv, memo, depth + 1) : null;
  }
  if (isNum(a) && isNum(b)) {
    if (a.k !== 'float' && b.k !== 'float') {
      return asInt(a) === asInt(b);
    }
    return num(a) === num(b);
  }
  const ap = asPoly(a);
  const bp = asPoly(b);
  if (ap && bp) {
    return polyEq(ap, bp) ? true : null;
  }
  if (a.k === 'none' || b.k === 'none') {
    return a.k === b.k;
  }
  if (a.k === 'str' && b.k === 'str') {
    return a.v === b.v;
  }
  if ((a.k === 'tuple' || a.k === 'list') && a.k === b.k) {
    // Python compares items with `is` first: a container equals itself.
    if (a === b) {
      return true;
    }
    if ((a.k === 'list' && a.unknownItems) || (b.k === 'list' && b.unknownItems)) {
      return null;
    }
    if (a.items.length !== b.items.length) {
      return false;
    }
    memo ??= { open: new Map(), equal: new Map() };
    if (memoHas(memo.equal, a, b)) {
      return true;
    }
    if (memoHas(memo.open, a, b)) {
      return null; // a cycle: Python would recurse until RecursionError
    }
    checkDepth(depth);
    memoAdd(memo.open, a, b);
    let result: boolean | null = true;
    for (let i = 0; i < a.items.length; i++) {
      charge(1);
      const e = equals(a.items[i], b.items[i], memo, depth + 1);
      if (e !== true) {
        result = e;
        break;
      }
    }
    memo.open.get(a)?.delete(b);
    if (result === true) {
      memoAdd(memo.equal, a, b);
    }
    return result;
  }
  if ((a.k === 'tuple' || a.k === 'list') && (b.k === 'tuple' || b.k === 'list')) {
    return false; // [1] != (1,): a list never equals a tuple
  }
  if (a.k === 'str' || b.k === 'str') {
    return a.k === 'str' && b.k === 'str' ? a.v === b.v : isNum(a) || isNum(b) || a.k === 'tuple' || b.k === 'tuple' ? false : null;
  }
  if (a === b) {
    return true;
  }
  const same = memberIdentity(a, b);
  if (same !== null) {
    return same;
  }
  if (a.k === 'class' || a.k === 'instance' || a.k === 'func' || a.k === 'builtin') {
    // Identity comparison; an instance with __eq__ is not modelled.
    return a.k === 'instance' && b.k === 'instance' ? null : false;
  }
  if (a.k === 'pymod' && b.k === 'pymod') {
    return a.path === b.path ? true : null;
  }
  return null;
}

function order(a: Value, b: Value, memo: EqMemo | null = null, depth = 0): number | null {
  if (isNum(a) && isNum(b)) {
    if (a.k !== 'float' && b.k !== 'float') {
      const x = asInt(a) as bigint;
      const y = asInt(b) as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return num(a) - num(b);
  }
  if (a.k === 'str' && b.k === 'str') {
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  }
  if ((a.k === 'tuple' && b.k === 'tuple') || (a.k === 'list' && b.k === 'list')) {
    if ((a.k === 'list' && a.unknownItems) || (b.k === 'list' && b.unknownItems)) {
      return null;
    }
    checkDepth(depth);
    memo ??= { open: new Map(), equal: new Map() };
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      charge(1);
      const e = equals(a.items[i], b.items[i], memo, depth + 1);
      if (e === null) {
        return null;
      }
      if (!e) {
        return order(a.items[i], b.items[i], memo, depth + 1);
      }
    }
    return a.items.length - b.items.length;
  }
  return null;
}

export function contains(container: Value, item: Value): boolean | null {
  switch (container.k) {
    case 'str':
      return item.k === 'str' ? container.v.includes(item.v) : null;
    case 'list':
    case 'tuple':
    case 'set': {
      const found = containsValue(container.items, item);
      // Items added in a way not followed may hold it.
      return found === false && container.k !== 'tuple' && container.unknownItems ? null : found;
    }
    case 'dict': {
      const k = keyOf(item);
      return k === null ? null : container.map.has(k);
    }
    case 'instance': {
      // A dict subclass without its own __contains__ (calls.ts keeps its items).
      const dv = container.cls.dictBase && !container.cls.mro.some(c => c.attrs.has('__contains__')) ? container.attrs.get('__dictvalue__') : undefined;
      return dv ? contains(dv, item) : null;
    }
    default:
      return null;
  }
}

/** An unknown number without the range known for it (UnknownV.range): what is computed from it. */
export function withoutRange(v: Value): Value {
  if (v.k !== 'unknown' || !v.range) {
    return v;
  }
  const { range: _dropped, ...rest } = v;
  return rest;
}

/** `a op b` where one side is a number known only within a range (UnknownV.range); null when not decided. */
function rangeCompare(op: string, a: Value, b: Value): boolean | null {
  const bounds = (v: Value): [number, number] | null => (v.k === 'unknown' ? v.range ?? null : v.k === 'int' || v.k === 'bool' || v.k === 'float' ? [Number(v.k === 'bool' ? Number(v.v) : v.v), Number(v.k === 'bool' ? Number(v.v) : v.v)] : null);
  const x = bounds(a);
  const y = bounds(b);
  if (!x || !y) {
    return null;
  }
  const lt = x[1] < y[0];
  const gt = x[0] > y[1];
  switch (op) {
    case '<': return lt ? true : x[0] >= y[1] ? false : null;
    case '<=': return x[1] <= y[0] ? true : gt ? false : null;
    case '>': return gt ? true : x[1] <= y[0] ? false : null;
    case '>=': return x[0] >= y[1] ? true : lt ? false : null;
    case '==': return lt || gt ? false : null;
    case '!=': return lt || gt ? true : null;
    default: return null;
  }
}

/** One comparison `a op b`; null when not decidable. */
export function compareOp(op: string, a: Value, b: Value): boolean | null {
  if ((a.k === 'unknown' && a.range) || (b.k === 'unknown' && b.range)) {
    return rangeCompare(op, a, b);
  }
  switch (op) {
    case '==':
      return valueEquals(a, b);
    case '!=': {
      const e = valueEquals(a, b);
      return e === null ? null : !e;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const o = order(a, b);
      if (o === null) {
        return null;
      }
      return op === '<' ? o < 0 : op === '<=' ? o <= 0 : op === '>' ? o > 0 : o >= 0;
    }
    case 'is':
      if (a.k === 'none' || b.k === 'none') {
        return a.k === 'unknown' || b.k === 'unknown' ? null : a.k === b.k;
      }
      if (a.k === 'bool' && b.k === 'bool') {
        return a.v === b.v;
      }
      if (a.k === 'str' && b.k === 'str') {
        // Different strings are never one object; equal ones are when both are literals
        // CPython interns (`block_type is 'proj'`), otherwise it depends on how they were made.
        return a.v !== b.v ? false : a.interned && b.interned ? true : null;
      }
      if (a.k === 'instance' && b.k === 'instance' && a.cls.enumMembers?.includes(a) && b.cls.enumMembers?.includes(b)) {
        return a === b; // enum members are singletons
      }
      if (a.k === 'class' && b.k === 'class' && a.user && b.user && !a.native && !b.native) {
        return a === b; // a class statement makes one class object each time it runs
      }
      return a === b ? true : a.k === 'unknown' || b.k === 'unknown' ? null : a.k !== b.k ? false : null;
    case 'is not': {
      const r = compareOp('is', a, b);
      return r === null ? null : !r;
    }
    case 'in':
      return contains(b, a);
    case 'not in': {
      const r = contains(b, a);
      return r === null ? null : !r;
    }
    default:
      return null;
  }
}

export function unaryOp(op: string, v: Value, budgets: Budgets): Value {
  if (v.k === 'unknown') {
    return withoutRange(v);
  }
  const i = v.k === 'int' || v.k === 'bool' ? asInt(v) : null;
  if (op === '-') {
    if (i !== null) {
      return guardInt(-i, budgets);
    }
    if (v.k === 'float') {
      return { k: 'float', v: -v.v };
    }
    if (v.k === 'sym') {
      return { k: 'sym', p: polyNeg(v.p) };
    }
  }
  if (op === '+' && (i !== null || v.k === 'float' || v.k === 'sym')) {
    return i !== null ? { k: 'int', v: i } : v;
  }
  if (op === '~' && i !== null) {
    return guardInt(-i - 1n, budgets);
  }
  return unknown(`unary ${op} on ${v.k}`);
}

/** printf-style `"%d" % x` for the simple conversions model code uses (%d %i %s %r %f, width). */
function percentFormat(fmt: string, arg: Value, budgets: Budgets): Value {
  const args = arg.k === 'tuple' ? arg.items : [arg];
  let i = 0;
  let bad = false;
  // Every piece and the running total are checked before they are built.
  let total = fmt.length;
  const out = fmt.replace(/%(-?)(0?)(\d*)(?:\.(\d+))?([diusrf%])/g, (_m, left: string, zero: string, width: string, prec: string | undefined, conv: string) => {
    if (conv === '%') {
      return '%';
    }
    const v = args[i++];
    let s: string | null = null;
    if (v === undefined) {
      bad = true;
      return '';
    }
    if (conv === 'd' || conv === 'i' || conv === 'u') {
      s = v.k === 'int' ? v.v.toString() : v.k === 'bool' ? (v.v ? '1' : '0') : v.k === 'float' ? Math.trunc(v.v).toString() : null;
    } else if (conv === 'f') {
      const n = v.k === 'float' ? v.v : v.k === 'int' ? Number(v.v) : null;
      const digits = prec === undefined ? 6 : Number(prec);
      // JavaScript's toFixed stops at 100 digits; longer is left unknown.
      s = n === null || digits > 100 ? null : n.toFixed(digits);
    } else {
      s = v.k === 'str' ? (conv === 'r' ? `'${v.v}'` : v.v) : v.k === 'int' ? v.v.toString() : v.k === 'float' ? String(v.v) : v.k === 'none' ? 'None' : v.k === 'bool' ? (v.v ? 'True' : 'False') : null;
    }
    if (s === null) {
      bad = true;
      return '';
    }
    const w = width ? Number(width) : 0;
    total += Math.max(w, s.length);
    reserveString(total, 'string', budgets, false);
    return left ? s.padEnd(w) : s.padStart(w, zero ? '0' : ' ');
  });
  if (bad || i !== args.length) {
    return unknown('%-formatting with values not known statically');
  }
  reserveString(out.length, 'string', budgets);
  return { k: 'str', v: out };
}
