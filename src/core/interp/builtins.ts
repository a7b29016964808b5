// Python builtins and the small part of the standard library model code uses (math,
// collections.OrderedDict, functools.partial, dataclasses, typing), plus methods of str, list,
// dict, tuple and set. Only these allow-listed callables are ever "run".
// Does not: touch frameworks (frameworks/), or do any I/O (print is a no-op).
import type { Interpreter } from './interpreter';
import { addUnique, binaryOp, BudgetError, compareOp, containsValue, valueEquals } from './ops';
import { charge, reserveItems, reserveString, sizeUnits } from './cost';
import { polyConstValue } from './poly';
import {
  asInt, asNumber, asPoly, asStr, bool, BuiltinV, CallSite, ClassV, DictV, FALSE, freshId, int, keyOf, NONE, str, touchDict, truthy, TRUE,
  unknown, Value
} from './values';

type Fn = (args: Value[], kwargs: Map<string, Value>, site: CallSite) => Value;

/**
 * Builtins and methods whose work does not grow with the size of their arguments (or of the
 * object they are called on): they are not charged for it.
 */
const CONSTANT_WORK = new Set([
  'len', 'isinstance', 'issubclass', 'type', 'getattr', 'setattr', 'hasattr', 'delattr', 'print', 'id', 'hash', 'callable', 'iter',
  'next', 'super', 'property', 'staticmethod', 'classmethod', 'bool', 'append', 'pop', 'get', 'setdefault', 'add', 'discard',
  'bit_length', 'is_integer', 'partial', 'range', 'enumerate', 'zip', 'reversed'
]);

/**
 * A builtin run with the work metered (cost.ts): a call is charged for the size of its
 * arguments and of the object it is a method of (`self`) - a linear builtin visits them all -
 * and what it returns is checked against the string and collection budgets, so no chain of
 * builtins can grow a value past them.
 */
function b(name: string, fn: Fn, self?: Value): BuiltinV {
  if (CONSTANT_WORK.has(name)) {
    return { k: 'builtin', name, fn: (a, kw, site) => checkedResult(fn(a, kw, site)) };
  }
  return {
    k: 'builtin',
    name,
    fn: (a, kw, site) => {
      let units = self ? sizeUnits(self) : 0;
      for (const x of a) {
        units += sizeUnits(x);
      }
      if (units > 0) {
        charge(units);
      }
      return checkedResult(fn(a, kw, site));
    }
  };
}

function checkedResult(v: Value): Value {
  if (v.k === 'str') {
    reserveString(v.v.length, 'string', undefined, false);
  } else if (v.k === 'list' || v.k === 'tuple' || v.k === 'set') {
    reserveItems(v.items.length, 'collection', undefined, false);
  }
  return v;
}

/** Classes for builtin exception types and `object`, so user classes can derive from them. */
function plainClass(name: string): ClassV {
  const c: ClassV = { k: 'class', name, bases: [], attrs: new Map(), mro: [], native: undefined };
  c.mro = [c];
  return c;
}

export function makeBuiltins(I: Interpreter): Map<string, Value> {
  const m = new Map<string, Value>();
  const iter = (v: Value): Value[] | null => I.iterate(v);
  const call = (f: Value, args: Value[]): Value => I.callValue(f, args, new Map(), {});

  m.set('print', b('print', () => NONE));
  m.set('len', b('len', (a, _k, site) => {
    const v = a[0];
    if (!v) {
      return unknown('len()');
    }
    if (v.k === 'str') {
      return int(v.v.length);
    }
    if (v.k === 'tensor') {
      const d = v.shape && v.shape.length > 0 ? v.shape[0] : null;
      const c = d ? polyConstValue(d) : null;
      return c !== null ? int(c) : d ? { k: 'sym', p: d } : unknown('len() of a tensor with unknown shape', site.span);
    }
    if (v.k === 'dict' && !v.map.has('?')) {
      return int(v.map.size);
    }
    const items = iter(v);
    if (items !== null) {
      return int(items.length);
    }
    if (v.k === 'instance' && !v.mod) {
      const f = I.classAttr(v.cls, '__len__');
      if (f) {
        return I.callValue({ k: 'bound', func: f, self: v }, [], new Map(), site);
      }
    }
    if (v.k === 'unknown' && v.symbol !== undefined) {
      // The length of data named X is the symbol len(X) until bound to a name.
      return { k: 'unknown', reason: v.reason, span: v.span, symbol: `len(${v.symbol})` };
    }
    return unknown('len() of a value not known statically', site.span);
  }));
  m.set('range', b('range', (a, _k, site) => {
    const ns = a.map(asInt);
    if (ns.some(n => n === null) || ns.length === 0) {
      return unknown('range() with bounds not known statically', site.span);
    }
    const [start, stop, step] = ns.length === 1 ? [0n, ns[0] as bigint, 1n] : [ns[0] as bigint, ns[1] as bigint, (ns[2] ?? 1n) as bigint];
    if (step === 0n) {
      return unknown('range() step is zero', site.span);
    }
    const count = step > 0n ? (stop > start ? (stop - start + step - 1n) / step : 0n) : start > stop ? (start - stop - step - 1n) / -step : 0n;
    if (count > BigInt(I.budgets.maxCollectionLength)) {
      I.diag('info', 'budget-maxCollectionLength', `range longer than maxCollectionLength (${I.budgets.maxCollectionLength})`, site.span);
      return unknown(`range longer than maxCollectionLength`, site.span);
    }
    const items: Value[] = [];
    for (let i = 0n, v = start; i < count; i++, v += step) {
      items.push(int(v));
    }
    return { k: 'tuple', items };
  }));
  m.set('int', b('int', a => {
    const v = a[0] ?? int(0);
    if (v.k === 'int' || v.k === 'sym' || (v.k === 'unknown' && v.symbol !== undefined)) {
      return v;
    }
    if (v.k === 'bool') {
      return int(v.v ? 1 : 0);
    }
    if (v.k === 'float') {
      return Number.isFinite(v.v) ? int(BigInt(Math.trunc(v.v))) : unknown('int() of inf/nan');
    }
    if (v.k === 'str' && /^\s*[-+]?\d+\s*$/.test(v.v)) {
      // CPython refuses to convert more than its int digits limit (ValueError).
      return v.v.trim().replace(/^[-+]/, '').length > I.budgets.maxIntDigits ? unknown('int() of a string longer than maxIntDigits') : int(BigInt(v.v.trim()));
    }
    return unknown('int() of a value not known statically');
  }));
  m.set('float', b('float', a => {
    const n = a[0] ? asNumber(a[0]) : 0;
    if (n !== null) {
      return { k: 'float', v: n };
    }
    if (a[0] && a[0].k === 'str') {
      const s = a[0].v.trim().toLowerCase();
      if (s === 'inf' || s === '-inf' || s === 'nan' || /^[-+]?\d*\.?\d+(e[-+]?\d+)?$/.test(s)) {
        return { k: 'float', v: s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s) };
      }
    }
    return unknown('float() of a value not known statically');
  }));
  m.set('str', b('str', a => {
    if (!a[0]) {
      return str('');
    }
    const f = I.formatValue(a[0]);
    return f === null ? unknown('str() of a value not known statically') : str(f);
  }));
  m.set('repr', b('repr', a => {
    const f = a[0] ? I.formatValue(a[0], undefined, 'r') : null;
    return f === null ? unknown('repr()') : str(f);
  }));
  m.set('bool', b('bool', a => {
    const t = a[0] ? truthy(a[0]) : false;
    return t === null ? unknown('bool() of a value not known statically') : bool(t);
  }));
  m.set('list', b('list', a => {
    const items = a[0] ? iter(a[0]) : [];
    return items === null ? unknown('list() of a value not known statically') : { k: 'list', items: [...items] };
  }));
  m.set('tuple', b('tuple', a => {
    const items = a[0] ? iter(a[0]) : [];
    return items === null ? unknown('tuple() of a value not known statically') : { k: 'tuple', items: [...items] };
  }));
  m.set('set', b('set', a => {
    const items = a[0] ? iter(a[0]) : [];
    if (items === null) {
      return unknown('set() of a value not known statically');
    }
    // Keyed where the items are hashable, so a large set stays linear.
    const out: Value[] = [];
    return addUnique(out, items) ? { k: 'set', items: out } : unknown('set() of values whose equality is not known statically');
  }));
  m.set('frozenset', m.get('set') as Value);
  const dictCtor = (ordered: boolean): Fn => (a, kw) => {
    const d: DictV = { k: 'dict', map: new Map(), ordered };
    if (a[0]) {
      if (a[0].k === 'dict') {
        for (const [k, v] of a[0].map) {
          d.map.set(k, v);
        }
      } else {
        const items = iter(a[0]);
        if (items === null) {
          return unknown('dict() of a value not known statically');
        }
        for (const it of items) {
          const pair = iter(it);
          if (!pair || pair.length !== 2) {
            return unknown('dict() of a value not known statically');
          }
          const key = keyOf(pair[0]);
          if (key === null) {
            return unknown('dict key not known statically');
          }
          d.map.set(key, [pair[0], pair[1]]);
        }
      }
    }
    for (const [k, v] of kw) {
      d.map.set('s' + k, [str(k), v]);
    }
    return d;
  };
  m.set('dict', b('dict', dictCtor(false)));
  const minmax = (isMax: boolean): Fn => (a, kw) => {
    const items = a.length === 1 ? iter(a[0]) : a;
    if (!items || items.length === 0) {
      return unknown(`${isMax ? 'max' : 'min'}() of values not known statically`);
    }
    const key = kw.get('key');
    let best = items[0];
    let bestK = key ? call(key, [best]) : best;
    for (const it of items.slice(1)) {
      const k = key ? call(key, [it]) : it;
      const c = compareOp(isMax ? '>' : '<', k, bestK);
      if (c === null) {
        return unknown(`${isMax ? 'max' : 'min'}() of values not known statically`);
      }
      if (c) {
        best = it;
        bestK = k;
      }
    }
    return best;
  };
  m.set('max', b('max', minmax(true)));
  m.set('min', b('min', minmax(false)));
  m.set('sum', b('sum', a => {
    const items = a[0] ? iter(a[0]) : null;
    if (!items) {
      return unknown('sum() of values not known statically');
    }
    let acc: Value = a[1] ?? int(0);
    for (const it of items) {
      acc = it.k === 'tensor' || acc.k === 'tensor' ? I.host.tensorBinary(I, '+', acc, it, {}) : binaryOp('+', acc, it, I.budgets);
    }
    return acc;
  }));
  m.set('chr', b('chr', a => {
    const v = a[0];
    if (v && v.k === 'int' && v.v >= 0n && v.v <= 0x10ffffn) {
      return str(String.fromCodePoint(Number(v.v)));
    }
    return unknown('chr() of a value not known statically');
  }));
  m.set('ord', b('ord', a => {
    const v = a[0];
    if (v && v.k === 'str' && [...v.v].length === 1) {
      return int(BigInt(v.v.codePointAt(0) as number));
    }
    return unknown('ord() of a value not known statically');
  }));
  m.set('abs', b('abs', a => {
    const v = a[0];
    if (v && v.k === 'int') {
      return int(v.v < 0n ? -v.v : v.v);
    }
    if (v && v.k === 'float') {
      return { k: 'float', v: Math.abs(v.v) };
    }
    return unknown('abs()');
  }));
  m.set('round', b('round', a => {
    const n = a[0] ? asNumber(a[0]) : null;
    if (n === null) {
      return unknown('round()');
    }
    if (a[1] && a[1].k !== 'none') {
      const d = Number(asInt(a[1]) ?? 0n);
      // toFixed takes 0..100 digits; other ndigits are left unknown.
      return d >= 0 && d <= 100 ? { k: 'float', v: Number(n.toFixed(d)) } : unknown('round() with these digits');
    }
    // Python rounds half to even.
    const f = Math.floor(n);
    const diff = n - f;
    const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    return int(BigInt(r));
  }));
  m.set('divmod', b('divmod', a => ({ k: 'tuple', items: [binaryOp('//', a[0], a[1], I.budgets), binaryOp('%', a[0], a[1], I.budgets)] })));
  m.set('pow', b('pow', a => binaryOp('**', a[0], a[1], I.budgets)));
  m.set('zip', b('zip', a => {
    const lists = a.map(iter);
    if (lists.some(l => l === null)) {
      return unknown('zip() of values not known statically');
    }
    const n = Math.min(...(lists as Value[][]).map(l => l.length));
    const items: Value[] = [];
    for (let i = 0; i < n; i++) {
      items.push({ k: 'tuple', items: (lists as Value[][]).map(l => l[i]) });
    }
    return { k: 'tuple', items };
  }));
  m.set('enumerate', b('enumerate', (a, kw) => {
    const items = a[0] ? iter(a[0]) : null;
    const start = asInt(a[1] ?? kw.get('start') ?? int(0)) ?? 0n;
    if (!items) {
      const first = a[0] && I.host.firstItem ? I.host.firstItem(I, a[0]) : null;
      if (first) {
        // Unknown length, known first element: loops run their first pass only.
        const cls = plainClass('enumerate');
        return { k: 'instance', cls, attrs: new Map([['__first__', { k: 'tuple', items: [int(start), first] } as Value]]), id: 0 };
      }
      return unknown('enumerate() of values not known statically');
    }
    return { k: 'tuple', items: items.map((v, i) => ({ k: 'tuple', items: [int(start + BigInt(i)), v] }) as Value) };
  }));
  m.set('reversed', b('reversed', a => {
    const items = a[0] ? iter(a[0]) : null;
    return items ? { k: 'tuple', items: [...items].reverse() } : unknown('reversed()');
  }));
  m.set('sorted', b('sorted', (a, kw) => {
    const items = a[0] ? iter(a[0]) : null;
    if (!items) {
      return unknown('sorted()');
    }
    const key = kw.get('key');
    const keyed = items.map(v => ({ v, k: key ? call(key, [v]) : v }));
    let bad = false;
    keyed.sort((x, y) => {
      const lt = compareOp('<', x.k, y.k);
      const gt = compareOp('>', x.k, y.k);
      if (lt === null || gt === null) {
        bad = true;
        return 0;
      }
      return lt ? -1 : gt ? 1 : 0;
    });
    if (bad) {
      return unknown('sorted() of values not known statically');
    }
    const out = keyed.map(x => x.v);
    if (kw.get('reverse') && truthy(kw.get('reverse') as Value)) {
      out.reverse();
    }
    return { k: 'list', items: out };
  }));
  m.set('any', b('any', a => {
    const items = a[0] ? iter(a[0]) : null;
    if (!items) {
      return unknown('any()');
    }
    let unsure = false;
    for (const it of items) {
      const t = truthy(it);
      if (t === true) {
        return TRUE;
      }
      if (t === null) {
        unsure = true;
      }
    }
    return unsure ? unknown('any()') : FALSE;
  }));
  m.set('all', b('all', a => {
    const items = a[0] ? iter(a[0]) : null;
    if (!items) {
      return unknown('all()');
    }
    let unsure = false;
    for (const it of items) {
      const t = truthy(it);
      if (t === false) {
        return FALSE;
      }
      if (t === null) {
        unsure = true;
      }
    }
    return unsure ? unknown('all()') : TRUE;
  }));
  m.set('map', b('map', a => {
    const lists = a.slice(1).map(iter);
    if (!a[0] || lists.length === 0 || lists.some(l => l === null)) {
      return unknown('map()');
    }
    const n = Math.min(...(lists as Value[][]).map(l => l.length));
    const items: Value[] = [];
    for (let i = 0; i < n; i++) {
      items.push(call(a[0], (lists as Value[][]).map(l => l[i])));
    }
    return { k: 'tuple', items };
  }));
  m.set('filter', b('filter', a => {
    const items = a[1] ? iter(a[1]) : null;
    if (!items || !a[0]) {
      return unknown('filter()');
    }
    const out: Value[] = [];
    for (const it of items) {
      const t = truthy(a[0].k === 'none' ? it : call(a[0], [it]));
      if (t === null) {
        return unknown('filter()');
      }
      if (t) {
        out.push(it);
      }
    }
    return { k: 'tuple', items: out };
  }));
  m.set('iter', b('iter', a => a[0] ?? unknown('iter()')));
  m.set('next', b('next', a => {
    const g = a[0];
    if (g && g.k === 'list' && g.generatorOf) {
      // next() on a parameter generator takes one item; the rest stays for later loops.
      if (g.consumed || g.items.length === 0) {
        g.consumed = true;
        return unknown('next() of a used-up generator');
      }
      return g.items.shift() as Value;
    }
    const items = a[0] ? iter(a[0]) : null;
    if (items && items.length > 0) {
      return items[0];
    }
    const first = a[0] && I.host.firstItem ? I.host.firstItem(I, a[0]) : null;
    return first ?? unknown('next()');
  }));
  m.set('callable', b('callable', a => {
    const v = a[0];
    if (!v || v.k === 'unknown') {
      return unknown('callable()');
    }
    return bool(['func', 'builtin', 'class', 'bound'].includes(v.k) || (v.k === 'instance' && (!!v.mod || I.classAttr(v.cls, '__call__') !== undefined)));
  }));
  m.set('id', b('id', () => unknown('id()')));
  m.set('hash', b('hash', () => unknown('hash()')));
  m.set('open', b('open', (_a, _k, site) => unknown('open(): files are never read while analysing', site.span)));
  m.set('input', b('input', () => unknown('input()')));
  m.set('eval', b('eval', (_a, _k, site) => unknown('eval() is never run', site.span)));
  m.set('exec', b('exec', (_a, _k, site) => unknown('exec() is never run', site.span)));
  m.set('__import__', b('__import__', (_a, _k, site) => unknown('__import__() is never run', site.span)));
  m.set('globals', b('globals', () => unknown('globals()')));
  m.set('locals', b('locals', () => unknown('locals()')));
  m.set('vars', b('vars', () => unknown('vars()')));
  m.set('object', plainClass('object'));
  for (const e of ['Exception', 'ValueError', 'TypeError', 'RuntimeError', 'NotImplementedError', 'KeyError', 'IndexError', 'AttributeError', 'AssertionError', 'StopIteration', 'ImportError', 'ModuleNotFoundError', 'ZeroDivisionError', 'OSError', 'FileNotFoundError', 'Warning', 'UserWarning']) {
    m.set(e, plainClass(e));
  }
  m.set('NotImplemented', { k: 'pymod', path: '?NotImplemented' });
  m.set('property', b('property', a => ({ k: 'property', func: a[0] ?? NONE })));
  m.set('staticmethod', b('staticmethod', a => ({ k: 'staticmethod', func: a[0] ?? NONE })));
  m.set('classmethod', b('classmethod', a => ({ k: 'classmethod', func: a[0] ?? NONE })));
  m.set('isinstance', b('isinstance', a => isInstance(I, a[0], a[1])));
  m.set('issubclass', b('issubclass', a => {
    if (a[0]?.k === 'class' && a[1]?.k === 'class') {
      return bool(a[0].mro.includes(a[1]));
    }
    return unknown('issubclass()');
  }));
  m.set('type', b('type', a => {
    const v = a[0];
    if (!v) {
      return unknown('type()');
    }
    if (v.k === 'instance') {
      return v.cls;
    }
    if (v.k === 'class') {
      return m.get('type') as Value;
    }
    if (v.k === 'builtin' && v.name === 'partial()') {
      return stdlibAttr(I, 'functools', 'partial') ?? unknown('type()');
    }
    if (v.k === 'builtin' || v.k === 'func') {
      return { k: 'pymod', path: '?function' };
    }
    return m.get(TYPE_NAMES.get(v.k) ?? '') ?? unknown('type() of a value not known statically');
  }));
  // Whatever hasattr() cannot decide is still a bool: never a module that could hold parameters.
  const unknownBool = (reason: string): Value => ({ k: 'unknown', reason, scalar: true });
  m.set('hasattr', b('hasattr', a => {
    const name = a[1] ? asStr(a[1]) : null;
    const v = a[0];
    if (!v || name === null) {
      return unknownBool('hasattr()');
    }
    if (v.k === 'instance') {
      if (v.attrs.has(name) || v.mod?.params.has(name) || v.mod?.modules.has(name) || v.mod?.buffers.has(name) || I.classAttr(v.cls, name) !== undefined) {
        return TRUE;
      }
      return v.cls.unknownBase || v.mod || I.nativeBase(v.cls) ? unknownBool('hasattr() on a framework object') : FALSE;
    }
    if (v.k === 'class') {
      return I.classAttr(v, name) !== undefined ? TRUE : unknownBool('hasattr()');
    }
    if (v.k === 'pymod' && !v.path.startsWith('?') && I.host.hasModuleAttr?.(I, v.path, name) === true) {
      return TRUE;
    }
    return unknownBool('hasattr()');
  }));
  m.set('getattr', b('getattr', (a, _k, site) => {
    const name = a[1] ? asStr(a[1]) : null;
    if (!a[0] || name === null) {
      return unknown('getattr() with a name not known statically', site.span);
    }
    if (a[2] !== undefined && a[0].k === 'instance' && !a[0].mod && !I.nativeBase(a[0].cls)) {
      const has = a[0].attrs.has(name) || I.classAttr(a[0].cls, name) !== undefined;
      if (!has && !a[0].cls.unknownBase) {
        return a[2];
      }
    }
    return I.getAttr(a[0], name);
  }));
  m.set('setattr', b('setattr', (a, _k, site) => {
    const name = a[1] ? asStr(a[1]) : null;
    if (!a[0] || name === null || !a[2]) {
      if (a[0] && a[0].k === 'instance') {
        a[0].attrs.set('__unknown__', unknown('setattr() with an unknown name'));
        if (a[0].mod) {
          a[0].mod.unknownParams.push('setattr() with a name not known statically');
        }
      }
      return unknown('setattr() with a name not known statically', site.span);
    }
    I.setAttr(a[0], name, a[2]);
    return NONE;
  }));
  m.set('delattr', b('delattr', () => NONE));
  m.set('super', b('super', (a, _k, site) => {
    if (a[0]?.k === 'class' && a[1]) {
      return { k: 'super', cls: a[0], self: a[1] };
    }
    return unknown('super() with unknown arguments', site.span);
  }));
  m.set('Ellipsis', { k: 'pymod', path: '?Ellipsis' });
  I.builtinMethod = (obj, name) => builtinMethod(I, obj, name);
  return m;
}

const TYPE_NAMES = new Map([['int', 'int'], ['float', 'float'], ['str', 'str'], ['list', 'list'], ['tuple', 'tuple'], ['dict', 'dict'], ['bool', 'bool'], ['set', 'set']]);

function isInstance(I: Interpreter, v: Value | undefined, t: Value | undefined): Value {
  if (!v || !t) {
    return unknown('isinstance()');
  }
  if (t.k === 'tuple') {
    let unsure = false;
    for (const x of t.items) {
      I.charge(1); // a tuple of types nested in itself is walked per path, as Python does
      const r = isInstance(I, v, x);
      if (r.k === 'bool' && r.v) {
        return TRUE;
      }
      if (r.k !== 'bool') {
        unsure = true;
      }
    }
    return unsure ? unknown('isinstance()') : FALSE;
  }
  if (v.k === 'unknown') {
    return unknown('isinstance() of an unknown value');
  }
  if (t.k === 'builtin') {
    const kinds = new Map([['int', ['int', 'bool']], ['float', ['float']], ['str', ['str']], ['list', ['list']], ['tuple', ['tuple']], ['dict', ['dict']], ['bool', ['bool']], ['set', ['set']]]);
    const ks = kinds.get(t.name);
    if (ks) {
      if (v.k === 'sym') {
        return bool(t.name === 'int');
      }
      return bool(ks.includes(v.k));
    }
    return unknown('isinstance()');
  }
  if (t.k === 'class') {
    if (v.k === 'instance') {
      if (v.cls.mro.includes(t)) {
        return TRUE;
      }
      return v.cls.unknownBase ? unknown('isinstance() with an unknown base') : FALSE;
    }
    if (v.k === 'tensor') {
      return bool(t.native === 'torch.Tensor' || (t.native === 'torch.nn.Parameter' && v.isParam === true));
    }
    if (t.native === 'torch.Tensor' || t.native === 'torch.nn.Parameter') {
      return FALSE;
    }
    if (t.native) {
      return v.k === 'int' || v.k === 'str' || v.k === 'float' || v.k === 'none' || v.k === 'list' || v.k === 'tuple' || v.k === 'dict' ? FALSE : unknown('isinstance()');
    }
    return v.k === 'int' || v.k === 'str' || v.k === 'float' || v.k === 'none' || v.k === 'list' || v.k === 'tuple' || v.k === 'dict' || v.k === 'bool' ? FALSE : unknown('isinstance()');
  }
  return unknown('isinstance()');
}

/** Methods of builtin types. Mutating methods mutate the (identity-carrying) list/dict. */
function builtinMethod(I: Interpreter, obj: Value, name: string): Value | undefined {
  const mb = (fn: Fn): BuiltinV => b(name, fn, obj);
  const iter = (v: Value): Value[] | null => I.iterate(v);
  if (obj.k === 'list') {
    switch (name) {
      case 'append':
        return mb(a => {
          if (obj.items.length >= I.budgets.maxCollectionLength) {
            throw new BudgetError('maxCollectionLength', `list longer than maxCollectionLength (${I.budgets.maxCollectionLength})`);
          }
          obj.items.push(a[0] ?? NONE);
          return NONE;
        });
      case 'extend':
        return mb(a => {
          const items = a[0] ? iter(a[0]) : null;
          if (items === null) {
            obj.unknownItems = true;
          } else {
            reserveItems(obj.items.length + items.length, 'list');
            for (const x of [...items]) {
              obj.items.push(x);
            }
          }
          return NONE;
        });
      case 'insert':
        return mb(a => {
          const i = asInt(a[0] ?? NONE);
          if (i === null) {
            obj.unknownItems = true;
          } else {
            const n = obj.items.length;
            reserveItems(n + 1, 'list', undefined, false);
            const j = i < 0n ? Math.max(0, n + Number(i)) : Math.min(n, Number(i));
            obj.items.splice(j, 0, a[1] ?? NONE);
          }
          return NONE;
        });
      case 'pop':
        return mb(a => {
          const i = a[0] ? asInt(a[0]) : -1n;
          if (i === null || obj.items.length === 0) {
            return unknown('pop()');
          }
          const j = i < 0n ? obj.items.length + Number(i) : Number(i);
          return obj.items.splice(j, 1)[0] ?? unknown('pop()');
        });
      case 'copy':
      case 'tolist':
        return mb(() => ({ k: 'list', items: [...obj.items], unknownItems: obj.unknownItems }));
      case 'reverse':
        return mb(() => {
          obj.items.reverse();
          return NONE;
        });
      case 'sort':
        // Without key=, on ints, floats or strings (one kind: equal items are then identical).
        return mb((a, kw) => {
          const rev = kw.get('reverse') ? truthy(kw.get('reverse') as Value) : false;
          const kind = obj.items[0]?.k;
          if (kw.has('key') || a.length > 0 || rev === null || obj.unknownItems || !(kind === 'int' || kind === 'float' || kind === 'str') || obj.items.some(x => x.k !== kind)) {
            obj.unknownItems = true;
            return NONE;
          }
          const key = (x: Value): bigint | number | string => (x as { v: bigint | number | string }).v;
          obj.items.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0) * (rev ? -1 : 1));
          return NONE;
        });
      case 'clear':
        return mb(() => {
          obj.items.length = 0;
          return NONE;
        });
      case 'index':
        return mb(a => {
          const i = obj.items.findIndex(x => valueEquals(x, a[0] ?? NONE) === true);
          return i < 0 ? unknown('index()') : int(i);
        });
      case 'count':
        return mb(a => int(obj.items.filter(x => valueEquals(x, a[0] ?? NONE) === true).length));
      case 'remove':
        return mb(a => {
          const i = obj.items.findIndex(x => valueEquals(x, a[0] ?? NONE) === true);
          if (i >= 0) {
            obj.items.splice(i, 1);
          }
          return NONE;
        });
      default:
        return undefined;
    }
  }
  if (obj.k === 'tuple') {
    // torch.return_types (max/min/sort/topk with dim): named fields.
    if (name === 'values' && obj.items.length === 2 && obj.items[0].k === 'tensor') {
      return obj.items[0];
    }
    if (name === 'indices' && obj.items.length === 2 && obj.items[1].k === 'tensor') {
      return obj.items[1];
    }
    if (name === 'index') {
      return mb(a => {
        const i = obj.items.findIndex(x => valueEquals(x, a[0] ?? NONE) === true);
        return i < 0 ? unknown('index()') : int(i);
      });
    }
    if (name === 'count') {
      return mb(a => int(obj.items.filter(x => valueEquals(x, a[0] ?? NONE) === true).length));
    }
    if (name === '_asdict' || name === '_replace') {
      return undefined;
    }
    return undefined;
  }
  if (obj.k === 'set') {
    const newSet = (items: Value[] | null): Value => (items ? { k: 'set', items } : unknown(`set.${name}() not known statically`));
    switch (name) {
      case 'add':
      case 'update':
        return mb(a => {
          const xs = name === 'add' ? [a[0] ?? NONE] : a.flatMap(v => iter(v) ?? [unknown('')]);
          if (obj.unknownItems || xs.some(x => x.k === 'unknown') || !addUnique(obj.items, xs)) {
            obj.unknownItems = true;
          }
          return NONE;
        });
      case 'discard':
      case 'remove':
        return mb(a => {
          const x = a[0] ?? NONE;
          const i = obj.items.findIndex(y => valueEquals(y, x) === true);
          if (i >= 0) {
            obj.items.splice(i, 1);
          } else if (containsValue(obj.items, x) === null) {
            obj.unknownItems = true;
          }
          return NONE;
        });
      case 'clear':
        return mb(() => {
          obj.items.length = 0;
          obj.unknownItems = false;
          return NONE;
        });
      case 'copy':
        return mb(() => (obj.unknownItems ? unknown('copy of a set not known statically') : { k: 'set', items: [...obj.items] }));
      case 'union':
      case 'intersection':
      case 'difference':
        return mb(a => {
          const others = a.map(v => iter(v));
          if (obj.unknownItems || others.some(o => o === null)) {
            return newSet(null);
          }
          let items = [...obj.items];
          for (const o of others as Value[][]) {
            if (name === 'union') {
              if (!addUnique(items, o)) {
                return newSet(null);
              }
              continue;
            }
            const kept: Value[] = [];
            for (const x of items) {
              const h = containsValue(o, x);
              if (h === null) {
                return newSet(null);
              }
              if (h === (name === 'intersection')) {
                kept.push(x);
              }
            }
            items = kept;
          }
          return newSet(items);
        });
      default:
        return undefined;
    }
  }
  if (obj.k === 'dict') {
    switch (name) {
      case 'get':
        return mb(a => {
          const k = keyOf(a[0] ?? NONE);
          if (k === null) {
            return unknown('dict.get() with a key not known statically');
          }
          const e = obj.map.get(k);
          return e ? e[1] : a[1] ?? NONE;
        });
      case 'items':
        return mb(() => ({ k: 'tuple', items: [...obj.map.values()].map(([k, v]) => ({ k: 'tuple', items: [k, v] }) as Value) }));
      case 'keys':
        return mb(() => ({ k: 'tuple', items: [...obj.map.values()].map(e => e[0]) }));
      case 'values':
        return mb(() => ({ k: 'tuple', items: [...obj.map.values()].map(e => e[1]) }));
      case 'copy':
        return mb(() => ({ k: 'dict', map: new Map(obj.map) }));
      case 'update':
        return mb((a, kw) => {
          touchDict(obj, 'update()');
          if (a[0] && a[0].k === 'dict') {
            for (const [k, v] of a[0].map) {
              obj.map.set(k, v);
            }
          } else if (a[0]) {
            obj.map.set('?', [unknown('update'), unknown('dict updated with unknown values')]);
          }
          for (const [k, v] of kw) {
            obj.map.set('s' + k, [str(k), v]);
          }
          return NONE;
        });
      case 'pop':
        return mb(a => {
          touchDict(obj, 'pop()');
          const k = keyOf(a[0] ?? NONE);
          if (k === null) {
            return unknown('pop()');
          }
          const e = obj.map.get(k);
          obj.map.delete(k);
          return e ? e[1] : a[1] ?? unknown('pop() of a missing key');
        });
      case 'setdefault':
        return mb(a => {
          touchDict(obj, 'setdefault()');
          const k = keyOf(a[0] ?? NONE);
          if (k === null) {
            return unknown('setdefault()');
          }
          const e = obj.map.get(k);
          if (e) {
            return e[1];
          }
          obj.map.set(k, [a[0], a[1] ?? NONE]);
          return a[1] ?? NONE;
        });
      default:
        return undefined;
    }
  }
  if (obj.k === 'str') {
    const s = obj.v;
    switch (name) {
      case 'format':
        return mb((a, kw) => {
          let auto = 0;
          let bad = false;
          let total = s.length;
          const out = s.replace(/\{\{|\}\}|\{([^{}:!]*)(![rs])?(?::([^{}]*))?\}/g, (whole, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
            if (whole === '{{') {
              return '{';
            }
            if (whole === '}}') {
              return '}';
            }
            const f = field ?? '';
            const v = f === '' ? a[auto++] : /^\d+$/.test(f) ? a[Number(f)] : kw.get(f);
            const r = v ? I.formatValue(v, spec, conv?.slice(1)) : null;
            if (r === null) {
              bad = true;
              return '';
            }
            total += r.length;
            reserveString(total, 'string', undefined, false);
            return r;
          });
          return bad ? unknown('str.format() with values not known statically') : str(out);
        });
      case 'join':
        return mb(a => {
          const items = a[0] ? iter(a[0]) : null;
          if (!items || items.some(x => x.k !== 'str')) {
            return unknown('str.join()');
          }
          // The length is known before anything is joined.
          let length = Math.max(0, items.length - 1) * s.length;
          for (const x of items) {
            length += (x as { v: string }).v.length;
          }
          reserveString(length);
          return str(items.map(x => (x as { v: string }).v).join(s));
        });
      case 'upper':
        return mb(() => str(s.toUpperCase()));
      case 'lower':
        return mb(() => str(s.toLowerCase()));
      case 'strip':
        return mb(() => str(s.trim()));
      case 'title':
        return mb(() => str(s.replace(/\w\S*/g, w => w[0].toUpperCase() + w.slice(1).toLowerCase())));
      case 'capitalize':
        return mb(() => str(s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()));
      case 'startswith':
        return mb(a => (a[0]?.k === 'str' ? bool(s.startsWith(a[0].v)) : unknown('startswith()')));
      case 'endswith':
        return mb(a => (a[0]?.k === 'str' ? bool(s.endsWith(a[0].v)) : unknown('endswith()')));
      case 'replace':
        return mb(a => {
          const count = a[2] === undefined ? -1n : asInt(a[2]);
          return a[0]?.k === 'str' && a[1]?.k === 'str' && count !== null ? str(replaceText(s, a[0].v, a[1].v, count)) : unknown('replace()');
        });
      case 'split':
        return mb((a, kw) => {
          const sepV = a[0] ?? kw.get('sep') ?? NONE;
          const maxV = a[1] ?? kw.get('maxsplit');
          const sep = sepV.k === 'str' ? sepV.v : null;
          if ((sepV.k !== 'none' && sep === null) || sep === '' || (maxV !== undefined && !(maxV.k === 'int' && maxV.v === -1n))) {
            // An empty separator raises ValueError; maxsplit is only followed when it is -1.
            return unknown('str.split() with these arguments');
          }
          if (sep !== null) {
            // Pieces are counted before they are made.
            let pieces = 1;
            for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) {
              pieces++;
            }
            reserveItems(pieces, 'list');
          }
          const parts = sep === null ? s.trim().split(/\s+/).filter(x => x) : s.split(sep);
          reserveItems(parts.length, 'list');
          return { k: 'list', items: parts.map(p => str(p)) };
        });
      case 'isdigit':
        return mb(() => bool(/^\d+$/.test(s)));
      case 'find':
      case 'index':
        return mb(a => {
          if (a[0]?.k !== 'str') {
            return unknown(`str.${name}()`);
          }
          const i = s.indexOf(a[0].v);
          return i < 0 && name === 'index' ? unknown('substring not found') : int(i);
        });
      case 'rfind':
        return mb(a => (a[0]?.k === 'str' ? int(s.lastIndexOf(a[0].v)) : unknown('str.rfind()')));
      case 'count':
        return mb(a => (a[0]?.k === 'str' && a[0].v.length > 0 ? int(s.split(a[0].v).length - 1) : unknown('str.count()')));
      case 'zfill':
        return mb(a => {
          const w = asInt(a[0] ?? NONE);
          if (w === null) {
            return unknown('zfill');
          }
          const width = w > BigInt(s.length) ? Number(w) : s.length;
          reserveString(width);
          // Python keeps a leading sign in front of the zeros.
          const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
          return str(sign + s.slice(sign.length).padStart(width - sign.length, '0'));
        });
      case 'isalpha':
        return mb(() => bool(/^[A-Za-z]+$/.test(s)));
      case 'islower':
        return mb(() => bool(s === s.toLowerCase() && /[a-z]/.test(s)));
      case 'isupper':
        return mb(() => bool(s === s.toUpperCase() && /[A-Z]/.test(s)));
      case 'lstrip':
        return mb(() => str(s.trimStart()));
      case 'rstrip':
        return mb(() => str(s.trimEnd()));
      default:
        return undefined;
    }
  }
  if (obj.k === 'int' || obj.k === 'sym') {
    if (name === 'bit_length' && obj.k === 'int') {
      return mb(() => int(obj.v === 0n ? 0 : (obj.v < 0n ? -obj.v : obj.v).toString(2).length));
    }
  }
  if (obj.k === 'float' && name === 'is_integer') {
    return mb(() => bool(Number.isInteger(obj.v)));
  }
  return undefined;
}

// ---- standard library modules ----------------------------------------------------------------

const MATH_FNS = new Map<string, (x: number, y: number) => number>([
  ['sqrt', Math.sqrt], ['exp', Math.exp], ['log', (x, y) => (Number.isNaN(y) ? Math.log(x) : Math.log(x) / Math.log(y))],
  ['log2', Math.log2], ['log10', Math.log10], ['sin', Math.sin], ['cos', Math.cos], ['tan', Math.tan],
  ['atan', Math.atan], ['tanh', Math.tanh], ['pow', Math.pow], ['fabs', Math.abs], ['hypot', Math.hypot]
]);

/** Standard-library modules the interpreter models: a path under one of them is stdlib. */
const STDLIB_ROOTS = new Set(['string', 'math', 'collections', 'functools', 'dataclasses', 'typing', 'itertools', 'operator', 'copy', 'os', 'sys', 'random', 'warnings', 'abc', 'enum', 'numbers', 'typing_extensions', 'time', 'logging', 'json', 'pathlib', 're', 'argparse', 'types', 'inspect']);

/** Whether a module path is (under) a standard-library module known here. */
export function isStdlibPath(path: string): boolean {
  // The roots have no dots, so "under a root" is "the first component is a root".
  const dot = path.indexOf('.');
  return STDLIB_ROOTS.has(dot < 0 ? path : path.slice(0, dot));
}

export function stdlibModule(path: string): Value | null {
  return isStdlibPath(path) ? { k: 'pymod', path } : null;
}

/** An attribute of a standard-library module (null for other paths: every case is one). */
export function stdlibAttr(I: Interpreter, path: string, name: string): Value | null {
  // The same object for the same name (so `functools.partial == functools.partial`).
  // Keyed by path, then name: no key string is built per lookup (this runs for every
  // attribute of every module, torch.nn.* included).
  const cache = I.stdlibCache;
  let names = cache.get(path);
  if (!names) {
    names = new Map();
    cache.set(path, names);
  }
  const hit = names.get(name);
  if (hit !== undefined) {
    return hit;
  }
  const v = stdlibAttrUncached(I, path, name);
  names.set(name, v);
  return v;
}

/**
 * str.replace(old, new, count) as Python does it (an empty `old` matches before every
 * character and at the end; count < 0 means all), with the result's length checked before
 * it is built.
 */
function replaceText(s: string, old: string, repl: string, count: bigint): string {
  const limit = count < 0n ? Infinity : Number(count);
  const at: number[] = [];
  if (old === '') {
    // Between code points (never inside a surrogate pair), and at the end.
    let i = 0;
    for (const ch of s) {
      if (at.length >= limit) {
        break;
      }
      at.push(i);
      i += ch.length;
    }
    if (at.length < limit) {
      at.push(s.length);
    }
  } else {
    for (let i = s.indexOf(old); i >= 0 && at.length < limit; i = s.indexOf(old, i + old.length)) {
      at.push(i);
    }
  }
  reserveString(s.length + at.length * (repl.length - old.length));
  let out = '';
  let from = 0;
  for (const i of at) {
    out += s.slice(from, i) + repl;
    from = i + old.length;
  }
  return out + s.slice(from);
}

/**
 * A Python pattern run with JavaScript's engine, only when both read it alike and it cannot
 * take long: short patterns over short text, made of literals, classes (\d \w \s [..]),
 * groups without (? extensions, at most one quantifier and none on a group (no catastrophic
 * backtracking), no backreferences, and no empty match (where Python's and JavaScript's split
 * differ).
 */
function safeRegExp(pattern: string, text: string): RegExp | null {
  // (The text is only bounded here; the pattern checks below bound the work per character.)
  if (pattern.length > 64 || text.length > 1000 || !/^(?:[\w \-.,:;_=/]|\\[dwsDWS.\\()\[\]*+?-]|[()|^$*+?]|\[[^\]]*\])*$/.test(pattern)) {
    return null;
  }
  // At most one quantifier: a split then costs at most text length squared (about 1 ms for
  // 1000 characters; two quantifiers already take ~300 ms there).
  const quantifiers = pattern.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/[^*+?]/g, '').length;
  if (quantifiers > 1 || /\)[*+?{]/.test(pattern) || pattern.includes('(?') || /\\\d/.test(pattern.replace(/\\d/g, ''))) {
    return null;
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return null;
  }
  return re.test('') ? null : re;
}

/**
 * collections.namedtuple(typename, field_names, defaults=...): a class whose instances hold
 * their fields as attributes (p.a), index and unpack in field order, and know _fields,
 * _replace and _asdict. Defaults may also come later from `T.__new__.__defaults__ = (...)`.
 */
function namedTuple(I: Interpreter, typename: Value, fieldNames: Value, defaults: Value | undefined): Value {
  const names = fieldNames.k === 'str' ? fieldNames.v.replace(/,/g, ' ').split(/\s+/).filter(x => x) : (I.iterate(fieldNames) ?? []).map(v => (v.k === 'str' ? v.v : null));
  if (typename.k !== 'str' || names.length === 0 || names.some(n => n === null || !/^[A-Za-z_]\w*$/.test(n))) {
    return unknown('namedtuple() with fields not known statically');
  }
  const fields = names as string[];
  const cls = plainClass(typename.v);
  const newFn = b('__new__', () => unknown('namedtuple.__new__'));
  newFn.attrs = new Map([['__defaults__', defaults ?? NONE]]);
  const method = (name: string, fn: Fn): BuiltinV => ({ ...b(name, fn), method: true });
  const make = (values: Map<string, Value>): Value => ({ k: 'instance', cls, attrs: values, id: 0 });
  const valuesOf = (self: Value): Value[] => (self.k === 'instance' ? fields.map(f => self.attrs.get(f) ?? unknown(`${typename.v}.${f}`)) : []);
  cls.attrs.set('_fields', { k: 'tuple', items: fields.map(f => str(f)) });
  cls.attrs.set('__new__', newFn);
  cls.attrs.set('__init__', method('__init__', (a, kw) => {
    const self = a[0];
    if (!self || self.k !== 'instance') {
      return NONE;
    }
    const given = a.slice(1);
    const d = newFn.attrs?.get('__defaults__') ?? NONE;
    const dv = d.k === 'none' ? [] : I.iterate(d);
    fields.forEach((f, i) => {
      const fromDefault = dv && i >= fields.length - dv.length ? dv[i - (fields.length - dv.length)] : undefined;
      self.attrs.set(f, given[i] ?? kw.get(f) ?? fromDefault ?? unknown(`${typename.v}() missing '${f}'`));
    });
    return NONE;
  }));
  cls.attrs.set('_replace', method('_replace', (a, kw) => {
    const self = a[0];
    const old = valuesOf(self ?? NONE);
    const values = new Map<string, Value>();
    fields.forEach((f, i) => values.set(f, kw.get(f) ?? old[i]));
    return make(values);
  }));
  cls.attrs.set('_asdict', method('_asdict', a => {
    const values = valuesOf(a[0] ?? NONE);
    return { k: 'dict', map: new Map(fields.map((f, i) => ['s' + f, [str(f), values[i]]])) };
  }));
  cls.attrs.set('__iter__', method('__iter__', a => ({ k: 'tuple', items: valuesOf(a[0] ?? NONE) })));
  cls.attrs.set('__len__', method('__len__', () => int(fields.length)));
  cls.attrs.set('__getitem__', method('__getitem__', a => {
    const items = valuesOf(a[0] ?? NONE);
    const i = asInt(a[1] ?? NONE);
    return i === null || i < -items.length || i >= items.length ? unknown('namedtuple index') : items[Number(i < 0n ? i + BigInt(items.length) : i)];
  }));
  return cls;
}

function argparseParser(I: Interpreter): Value {
  const cls: ClassV = plainClass('ArgumentParser');
  const inst: Value = { k: 'instance', cls, attrs: new Map(), id: 0 };
  const dests: Array<[string, Value]> = [];
  inst.attrs.set('add_argument', b('add_argument', (a, kw) => {
    const names = a.filter(x => x.k === 'str').map(x => (x as { v: string }).v);
    const destV = kw.get('dest');
    const long = names.find(n => n.startsWith('--')) ?? names.find(n => n.startsWith('-')) ?? names[0];
    if (!long) {
      return NONE;
    }
    const dest = destV && destV.k === 'str' ? destV.v : long.replace(/^-+/, '').replace(/-/g, '_');
    const action = kw.get('action');
    let def: Value | undefined = kw.get('default');
    if (def === undefined && action && action.k === 'str') {
      def = action.v === 'store_true' ? FALSE : action.v === 'store_false' ? TRUE : undefined;
    }
    if (def === undefined) {
      def = long.startsWith('-') ? NONE : unknown(`command-line argument '${dest}' has no default`);
    }
    const type = kw.get('type');
    if (type && def.k === 'str' && (type.k === 'builtin')) {
      def = I.callValue(type, [def], new Map(), {});
    }
    dests.push([dest, def]);
    return NONE;
  }));
  const parse = (known: boolean): BuiltinV =>
    b(known ? 'parse_known_args' : 'parse_args', a => {
      // Values a script gets when run without command-line arguments: the defaults.
      if (a[0] && a[0].k !== 'none' && !(a[0].k === 'list' && a[0].items.length === 0)) {
        return unknown('parse_args() with explicit arguments');
      }
      const ns: Value = { k: 'instance', cls: plainClass('Namespace'), attrs: new Map(dests), id: 0 };
      return known ? { k: 'tuple', items: [ns, { k: 'list', items: [] }] } : ns;
    });
  inst.attrs.set('parse_args', parse(false));
  inst.attrs.set('parse_known_args', parse(true));
  for (const n of ['add_argument_group', 'set_defaults', 'add_mutually_exclusive_group']) {
    inst.attrs.set(n, b(n, () => unknown(`argparse ${n}()`)));
  }
  return inst;
}

const STRING_CONSTANTS = new Map([
  ['ascii_letters', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['ascii_lowercase', 'abcdefghijklmnopqrstuvwxyz'],
  ['ascii_uppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['digits', '0123456789'],
  ['hexdigits', '0123456789abcdefABCDEF'],
  ['octdigits', '01234567'],
  ['punctuation', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
  ['whitespace', ' \t\n\r\x0b\x0c']
]);

/** A new value for an attribute of a standard-library module (null when it is not modelled). */
export function stdlibAttrUncached(I: Interpreter, path: string, name: string): Value | null {
  if (path === 'string') {
    const s = STRING_CONSTANTS.get(name);
    return s === undefined ? null : str(s);
  }
  if (path === 'argparse' && name === 'ArgumentParser') {
    return b('ArgumentParser', () => argparseParser(I));
  }
  if ((path === 'types' && name === 'SimpleNamespace') || (path === 'argparse' && name === 'Namespace')) {
    // An object whose attributes are the keyword arguments.
    return b(name, (_a, kw) => ({ k: 'instance', cls: plainClass(name), attrs: new Map(kw), id: 0 }));
  }
  if (path === 'math') {
    if (name === 'pi') {
      return { k: 'float', v: Math.PI };
    }
    if (name === 'e') {
      return { k: 'float', v: Math.E };
    }
    if (name === 'inf') {
      return { k: 'float', v: Infinity };
    }
    const f = MATH_FNS.get(name);
    if (f) {
      return b(`math.${name}`, a => {
        const x = a[0] ? asNumber(a[0]) : null;
        const y = a[1] ? asNumber(a[1]) : NaN;
        return x === null || y === null ? unknown(`math.${name}()`) : { k: 'float', v: f(x, y) };
      });
    }
    if (name === 'ceil' || name === 'floor' || name === 'trunc') {
      return b(`math.${name}`, a => {
        const v = a[0];
        if (v && (v.k === 'int' || v.k === 'sym')) {
          return v;
        }
        const x = v ? asNumber(v) : null;
        if (x === null || !Number.isFinite(x)) {
          return unknown(`math.${name}()`);
        }
        return int(BigInt(name === 'ceil' ? Math.ceil(x) : name === 'floor' ? Math.floor(x) : Math.trunc(x)));
      });
    }
    if (name === 'prod') {
      return b('math.prod', a => {
        const items = a[0] ? I.iterate(a[0]) : null;
        if (!items) {
          return unknown('math.prod()');
        }
        let acc: Value = int(1);
        for (const it of items) {
          acc = binaryOp('*', acc, it, I.budgets);
        }
        return acc;
      });
    }
    if (name === 'gcd') {
      return b('math.gcd', a => {
        let x = asInt(a[0] ?? NONE);
        let y = asInt(a[1] ?? NONE);
        if (x === null || y === null) {
          return unknown('math.gcd()');
        }
        x = x < 0n ? -x : x;
        y = y < 0n ? -y : y;
        while (y) {
          [x, y] = [y, x % y];
        }
        return int(x);
      });
    }
    if (name === 'isqrt') {
      return b('math.isqrt', a => {
        const x = asInt(a[0] ?? NONE);
        return x === null ? unknown('isqrt') : int(BigInt(Math.floor(Math.sqrt(Number(x)))));
      });
    }
    return null;
  }
  if (path === 'collections' && (name === 'OrderedDict' || name === 'defaultdict')) {
    return b(name, (a, kw) => {
      const d: DictV = { k: 'dict', map: new Map(), ordered: true };
      const src = name === 'OrderedDict' ? a[0] : undefined;
      if (src) {
        if (src.k === 'dict') {
          for (const [k, v] of src.map) {
            d.map.set(k, v);
          }
        } else {
          const items = I.iterate(src);
          if (!items) {
            return unknown('OrderedDict() of values not known statically');
          }
          for (const it of items) {
            const pair = I.iterate(it);
            const key = pair && pair.length === 2 ? keyOf(pair[0]) : null;
            if (!pair || key === null) {
              return unknown('OrderedDict() of values not known statically');
            }
            d.map.set(key, [pair[0], pair[1]]);
          }
        }
      }
      for (const [k, v] of kw) {
        d.map.set('s' + k, [str(k), v]);
      }
      return d;
    });
  }
  if (path === 'collections' && name === 'namedtuple') {
    return b('namedtuple', (a, kw) => namedTuple(I, a[0] ?? kw.get('typename') ?? NONE, a[1] ?? kw.get('field_names') ?? NONE, kw.get('defaults')));
  }
  if (path === 're' && name === 'split') {
    return b('re.split', (a, kw) => {
      const pattern = a[0] ?? kw.get('pattern');
      const textV = a[1] ?? kw.get('string');
      const text = textV && textV.k === 'str' ? textV.v : null;
      const re = pattern && pattern.k === 'str' && text !== null && !kw.has('flags') && a.length <= 2 && !kw.has('maxsplit') ? safeRegExp(pattern.v, text) : null;
      return re && text !== null ? { k: 'list', items: text.split(re).map((x: string | undefined) => (x === undefined ? NONE : str(x))) } : unknown('re.split() not known statically');
    });
  }
  if (path === 'inspect' && (name === 'isfunction' || name === 'isclass')) {
    return b(`inspect.${name}`, a => {
      const v = a[0] ?? NONE;
      if (v.k === 'unknown') {
        return unknown(`inspect.${name}()`);
      }
      // A function of the notebook (a lambda too) is a function; builtins, classes, modules and
      // instances are not.
      return name === 'isfunction' ? bool(v.k === 'func') : bool(v.k === 'class');
    });
  }
  if (path === 'functools' && name === 'partial') {
    return b('partial', (a, kw) => {
      const f = a[0];
      if (!f) {
        return unknown('partial()');
      }
      const bound = a.slice(1);
      const p = b('partial()', (a2, kw2, site) => {
        const merged = new Map(kw);
        for (const [k, v] of kw2) {
          merged.set(k, v);
        }
        return I.callValue(f, [...bound, ...a2], merged, site);
      });
      const keywords = new Map<string, [Value, Value]>();
      for (const [k, v] of kw) {
        keywords.set('s' + k, [str(k), v]);
      }
      p.attrs = new Map<string, Value>([['func', f], ['args', { k: 'tuple', items: bound }], ['keywords', { k: 'dict', map: keywords }]]);
      return p;
    });
  }
  if (path === 'functools' && name === 'reduce') {
    return b('reduce', a => {
      const items = a[1] ? I.iterate(a[1]) : null;
      if (!items || !a[0]) {
        return unknown('reduce()');
      }
      let acc = a[2] ?? items[0];
      for (const it of a[2] ? items : items.slice(1)) {
        acc = I.callValue(a[0], [acc, it], new Map(), {});
      }
      return acc;
    });
  }
  if (path === 'functools' && (name === 'wraps' || name === 'lru_cache' || name === 'cache')) {
    return b(name, () => b('identity', a => a[0] ?? NONE));
  }
  if (path === 'dataclasses') {
    if (name === 'dataclass') {
      return b('dataclass', (a, _kw) => {
        if (a[0] && a[0].k === 'class') {
          a[0].dataclass = true;
          return a[0];
        }
        return b('dataclass()', a2 => {
          if (a2[0] && a2[0].k === 'class') {
            a2[0].dataclass = true;
          }
          return a2[0] ?? NONE;
        });
      });
    }
    if (name === 'field') {
      return b('field', (_a, kw) => {
        const def = kw.get('default');
        if (def) {
          return def;
        }
        const fac = kw.get('default_factory');
        if (fac) {
          return b('__default_factory__', () => I.callValue(fac, [], new Map(), {}));
        }
        return unknown('dataclass field without default');
      });
    }
    if (name === 'replace') {
      return b('replace', (a, kw) => {
        const src = a[0];
        if (!src || src.k !== 'instance') {
          return unknown('dataclasses.replace() of a value not known statically');
        }
        const copy: Value = { k: 'instance', cls: src.cls, attrs: new Map(src.attrs), id: 0 };
        for (const [k, v] of kw) {
          copy.attrs.set(k, v);
        }
        const post = I.classAttr(src.cls, '__post_init__');
        if (post && post.k === 'func') {
          I.callValue({ k: 'bound', func: post, self: copy }, [], new Map(), {});
        }
        return copy;
      });
    }
    if (name === 'asdict') {
      return b(name, () => unknown(`dataclasses.${name}()`));
    }
  }
  if (path === 'copy' && (name === 'deepcopy' || name === 'copy')) {
    return b(name, (a, _k, site) => {
      const v = a[0];
      if (v && (v.k === 'int' || v.k === 'str' || v.k === 'float' || v.k === 'bool' || v.k === 'none' || v.k === 'tuple')) {
        return v;
      }
      if (v && v.k === 'instance' && v.mod && name === 'copy') {
        // copy.copy(module): a new object whose __dict__ is a shallow copy, so it shares the
        // very _parameters/_modules/_buffers dicts (and tensors) of the original.
        return { k: 'instance', cls: v.cls, attrs: new Map(v.attrs), id: freshId(), span: v.span, mod: { ...v.mod } };
      }
      if (v && v.k === 'instance' && v.mod) {
        return I.host.instanceAttr(I, v, '__deepcopy__', site) ?? unknown('deepcopy');
      }
      if (v && v.k === 'list' && name === 'copy') {
        return { k: 'list', items: [...v.items] };
      }
      return unknown(`copy.${name}() of this value`);
    });
  }
  if (path === 'typing' || path === 'typing_extensions') {
    return plainClass(name);
  }
  if (path === 'abc' && name === 'abstractmethod') {
    return b('abstractmethod', a => a[0] ?? NONE);
  }
  if (path === 'abc' && name === 'ABC') {
    return plainClass('ABC');
  }
  if (path === 'operator' && (name === 'mul' || name === 'add')) {
    return b(name, a => binaryOp(name === 'mul' ? '*' : '+', a[0] ?? NONE, a[1] ?? NONE, I.budgets));
  }
  if (path === 'itertools' && name === 'product') {
    return b('product', a => {
      const lists = a.map(x => I.iterate(x));
      if (lists.some(l => l === null)) {
        return unknown('itertools.product()');
      }
      let acc: Value[][] = [[]];
      for (const l of lists as Value[][]) {
        // The number of tuples is known before they are made.
        if (acc.length * l.length > I.budgets.maxCollectionLength) {
          return unknown('itertools.product() too long');
        }
        const next: Value[][] = [];
        for (const p of acc) {
          for (const x of l) {
            next.push([...p, x]);
          }
        }
        acc = next;
        if (acc.length > I.budgets.maxCollectionLength) {
          return unknown('itertools.product() too long');
        }
      }
      return { k: 'tuple', items: acc.map(items => ({ k: 'tuple', items }) as Value) };
    });
  }
  if (path === 'itertools' && name === 'pairwise') {
    return b('pairwise', a => {
      const l = a[0] ? I.iterate(a[0]) : null;
      return l ? { k: 'tuple', items: l.slice(1).map((x, i) => ({ k: 'tuple', items: [l[i], x] }) as Value) } : unknown('itertools.pairwise()');
    });
  }
  if (path === 'itertools' && name === 'accumulate') {
    // accumulate(xs), accumulate(xs, func), accumulate(xs, initial=v): running results.
    return b('accumulate', (a, kw, site) => {
      const l = a[0] ? I.iterate(a[0]) : null;
      const fn = a[1] ?? kw.get('func');
      if (!l) {
        return unknown('itertools.accumulate()');
      }
      const initial = kw.get('initial');
      const out: Value[] = initial && initial.k !== 'none' ? [initial] : [];
      for (const x of l) {
        const prev = out[out.length - 1];
        out.push(prev === undefined ? x : fn && fn.k !== 'none' ? I.callValue(fn, [prev, x], new Map(), site) : binaryOp('+', prev, x, I.budgets));
      }
      return { k: 'tuple', items: out };
    });
  }
  if (path === 'itertools' && name === 'chain') {
    return b('chain', a => {
      const out: Value[] = [];
      const lists: Value[][] = [];
      let total = 0;
      for (const x of a) {
        const l = I.iterate(x);
        if (!l) {
          return unknown('itertools.chain()');
        }
        lists.push(l);
        total += l.length;
      }
      reserveItems(total);
      for (const l of lists) {
        for (const x of l) {
          out.push(x);
        }
      }
      return { k: 'tuple', items: out };
    });
  }
  return null;
}

export { asPoly };
