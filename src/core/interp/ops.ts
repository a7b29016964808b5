// Python operators on known values: arithmetic (BigInt ints, floats, symbolic ints),
// comparisons, sequence concatenation/repetition. Guarded by the int/string/collection
// budgets (exceeding one throws BudgetError, which the interpreter turns into a diagnostic
// naming the budget). Tensor operands are handed to a hook so frameworks can compute shapes.
// Does not: evaluate expressions (interpreter.ts) or call user functions.
import { Budgets } from './budgets';
import { polyAdd, polyConst, polyConstValue, polyDivConst, polyEq, polyMul, polyNeg, polySub } from './poly';
import { asInt, asPoly, bool, keyOf, unknown, Value } from './values';

export class BudgetError extends Error {
  constructor(readonly budget: string, message: string) {
    super(message);
  }
}

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
  // Sequences.
  if (op === '+') {
    if (a.k === 'str' && b.k === 'str') {
      if (a.v.length + b.v.length > budgets.maxStringLength) {
        throw new BudgetError('maxStringLength', `string longer than maxStringLength (${budgets.maxStringLength})`);
      }
      return { k: 'str', v: a.v + b.v };
    }
    if ((a.k === 'list' && b.k === 'list') || (a.k === 'tuple' && b.k === 'tuple')) {
      if (a.items.length + b.items.length > budgets.maxCollectionLength) {
        throw new BudgetError('maxCollectionLength', `collection longer than maxCollectionLength (${budgets.maxCollectionLength})`);
      }
      return { k: a.k, items: [...a.items, ...b.items] } as Value;
    }
  }
  if (op === '*') {
    const [seq, n] = a.k === 'str' || a.k === 'list' || a.k === 'tuple' ? [a, asInt(b)] : [b, asInt(a)];
    if (n !== null && (seq.k === 'str' || seq.k === 'list' || seq.k === 'tuple')) {
      const count = n < 0n ? 0 : Number(n);
      if (seq.k === 'str') {
        if (seq.v.length * count > budgets.maxStringLength) {
          throw new BudgetError('maxStringLength', `string longer than maxStringLength (${budgets.maxStringLength})`);
        }
        return { k: 'str', v: seq.v.repeat(count) };
      }
      if (seq.items.length * count > budgets.maxCollectionLength) {
        throw new BudgetError('maxCollectionLength', `collection longer than maxCollectionLength (${budgets.maxCollectionLength})`);
      }
      const items: Value[] = [];
      for (let i = 0; i < count; i++) {
        items.push(...seq.items);
      }
      return { k: seq.k, items } as Value;
    }
  }
  if (op === '%' && a.k === 'str') {
    return percentFormat(a.v, b);
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
  for (const y of items) {
    const eq = valueEquals(y, x);
    if (eq === true) {
      return true;
    }
    unsure = unsure || eq === null;
  }
  return unsure ? null : false;
}

/**
 * Adds to a set's items those of `xs` it does not hold yet (Python equality: 1, 1.0 and True
 * are one; the first kept). Hashable values go by their canonical key, so large sets stay
 * linear; once a value without a usable key is present, the rest are compared one by one.
 * False (target partly filled) when some comparison is not decidable.
 */
export function addUnique(target: Value[], xs: Value[]): boolean {
  const keys = new Set<string>();
  let keyless = false;
  for (const y of target) {
    const k = keyOf(y);
    if (k === null || k[0] === 'f') {
      keyless = true;
    } else {
      keys.add(k);
    }
  }
  for (const x of xs) {
    const k = keyOf(x);
    if (k !== null && k[0] !== 'f' && !keyless) {
      if (!keys.has(k)) {
        keys.add(k);
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
      keyless = true;
    }
  }
  return true;
}

/** Structural equality of known values; null when not decidable. */
export function valueEquals(a: Value, b: Value): boolean | null {
  if (a.k === 'unknown' || b.k === 'unknown') {
    return null;
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
    if (a.items.length !== b.items.length) {
      return false;
    }
    for (let i = 0; i < a.items.length; i++) {
      const e = valueEquals(a.items[i], b.items[i]);
      if (e !== true) {
        return e;
      }
    }
    return true;
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
  if (a.k === 'class' || a.k === 'instance' || a.k === 'func' || a.k === 'builtin') {
    // Identity comparison; an instance with __eq__ is not modelled.
    return a.k === 'instance' && b.k === 'instance' ? null : false;
  }
  if (a.k === 'pymod' && b.k === 'pymod') {
    return a.path === b.path ? true : null;
  }
  return null;
}

function order(a: Value, b: Value): number | null {
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
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      const e = valueEquals(a.items[i], b.items[i]);
      if (e === null) {
        return null;
      }
      if (!e) {
        return order(a.items[i], b.items[i]);
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
      let unsure = false;
      for (const it of container.items) {
        const e = valueEquals(it, item);
        if (e === true) {
          return true;
        }
        if (e === null) {
          unsure = true;
        }
      }
      return unsure ? null : false;
    }
    case 'dict': {
      const k = keyOf(item);
      return k === null ? null : container.map.has(k);
    }
    default:
      return null;
  }
}

/** One comparison `a op b`; null when not decidable. */
export function compareOp(op: string, a: Value, b: Value): boolean | null {
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
    return v;
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
function percentFormat(fmt: string, arg: Value): Value {
  const args = arg.k === 'tuple' ? arg.items : [arg];
  let i = 0;
  let bad = false;
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
      s = n === null ? null : n.toFixed(prec === undefined ? 6 : Number(prec));
    } else {
      s = v.k === 'str' ? (conv === 'r' ? `'${v.v}'` : v.v) : v.k === 'int' ? v.v.toString() : v.k === 'float' ? String(v.v) : v.k === 'none' ? 'None' : v.k === 'bool' ? (v.v ? 'True' : 'False') : null;
    }
    if (s === null) {
      bad = true;
      return '';
    }
    const w = width ? Number(width) : 0;
    return left ? s.padEnd(w) : s.padStart(w, zero ? '0' : ' ');
  });
  if (bad || i !== args.length) {
    return unknown('%-formatting with values not known statically');
  }
  return { k: 'str', v: out };
}
