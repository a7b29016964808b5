// Python builtins (len, range, str, sorted, isinstance, ...); methods of builtin types are in
// methods.ts and the standard library in stdlib.ts. Only these allow-listed callables are
// ever "run", each metered (builtin-fn.ts).
// Does not: touch frameworks (frameworks/), or do any I/O (print is a no-op).
import type { Engine, Interp } from './context';
import { addUnique, binaryOp, compareOp, withoutRange } from './ops';
import { polyConstValue } from './poly';
import {
  asInt, asNumber, asStr, bool, DictV, FALSE, int, keyOf, NONE, str, truthy, TRUE,
  unknown, Value
} from './values';
import type { ClassV } from './values';
import { b, Fn, plainClass } from './builtin-fn';
import { builtinMethod } from './methods';
import { stdlibAttr } from './stdlib';
import { jsonValue } from './json-value';

export { isStdlibPath, stdlibAttr, stdlibAttrUncached, stdlibModule } from './stdlib';

export function makeBuiltins(I: Interp): Map<string, Value> {
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
      return withoutRange(v);
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
  // A stand-in's (env/library-overlays.ts) way to say what is not known and why, once.
  m.set('__archlens_unknown__', b('__archlens_unknown__', (a, _k, site) => {
    const why = a[0] && a[0].k === 'str' ? a[0].v : 'a library value not known statically';
    I.diag('info', 'unknown-library', why, site.span);
    return unknown(why, site.span);
  }));
  // A stand-in's way to read a pretrained model's config.json (the host finds it, read-only):
  // its parsed value, or None when the host has none (or it is not JSON).
  m.set('__archlens_config_json__', b('__archlens_config_json__', a => {
    const name = a[0] && a[0].k === 'str' ? a[0].v : null;
    const libraries = (I as Engine).libraries;
    const text = name !== null && libraries?.configJson ? libraries.configJson(name) : null;
    return (text !== null ? jsonValue(text) : null) ?? NONE;
  }));
  // Names of an object: not listed here (what a framework module holds depends on its version).
  m.set('dir', b('dir', a => {
    const v = a[0];
    // A framework module's names are what its catalog says it has (`'silu' in dir(F)`).
    return v && v.k === 'pymod' && !v.path.startsWith('?') && !I.userScope(v.path) ? { k: 'list', items: [], unknownItems: true, dirOf: v.path } : { k: 'list', items: [], unknownItems: true };
  }));
  for (const e of ['BaseException', 'LookupError', 'EnvironmentError', 'NameError', 'DeprecationWarning', 'FutureWarning', 'RuntimeWarning', 'Exception', 'ValueError', 'TypeError', 'RuntimeError', 'NotImplementedError', 'KeyError', 'IndexError', 'AttributeError', 'AssertionError', 'StopIteration', 'ImportError', 'ModuleNotFoundError', 'ZeroDivisionError', 'OSError', 'FileNotFoundError', 'Warning', 'UserWarning']) {
    m.set(e, plainClass(e));
  }
  m.set('NotImplemented', { k: 'pymod', path: '?NotImplemented' });
  m.set('property', b('property', (a, kw) => {
    const fset = a[1] ?? kw.get('fset');
    return fset && fset.k !== 'none' ? { k: 'property', func: a[0] ?? NONE, fset } : { k: 'property', func: a[0] ?? NONE };
  }));
  m.set('staticmethod', b('staticmethod', a => ({ k: 'staticmethod', func: a[0] ?? NONE })));
  m.set('classmethod', b('classmethod', a => ({ k: 'classmethod', func: a[0] ?? NONE })));
  m.set('isinstance', b('isinstance', a => isInstance(I, a[0], a[1])));
  m.set('issubclass', b('issubclass', a => {
    const c = a[0];
    const ts = a[1]?.k === 'tuple' ? a[1].items : a[1] ? [a[1]] : [];
    if (c?.k === 'class' && ts.length > 0 && ts.every(t => t.k === 'class')) {
      // A class of unknown bases may derive from any other.
      const hit = ts.some(t => c.mro.includes(t as ClassV));
      return hit ? TRUE : c.unknownBase ? unknown('issubclass() of a class with an unknown base') : FALSE;
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
    if (v.k === 'none') {
      return NONE_TYPE;
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
      if (v.mod && !v.cls.unknownBase && v.mod.unknownParams.length === 0 && !v.attrs.has('__unknown__') && I.host.baseLacks?.(I, v, name) === true) {
        // An nn.Module: not in its __dict__, registries or class, and nn.Module has no such name.
        return FALSE;
      }
      if (!v.mod && !v.cls.unknownBase && I.classAttr(v.cls, '__getattr__')) {
        const r = I.getAttr(v, name);
        return raised(r) ? FALSE : r.k === 'unknown' ? unknownBool('hasattr() through __getattr__') : TRUE;
      }
      return v.cls.unknownBase || v.mod || I.nativeBase(v.cls) ? unknownBool('hasattr() on a framework object') : FALSE;
    }
    if (v.k === 'class') {
      return I.classAttr(v, name) !== undefined ? TRUE : unknownBool('hasattr()');
    }
    if (v.k === 'pymod' && !v.path.startsWith('?')) {
      I.settleModule(v.path, name);
    }
    const scope = v.k === 'pymod' && !v.path.startsWith('?') ? I.userScope(v.path) : undefined;
    if (scope) {
      // A loaded local or library module holds the name now, or not (unless a star import
      // of a module not read may have bound it).
      const sure = v.k === 'pymod' && I.knowsAllNames(v.path) && !MODULE_OBJECT_NAMES.has(name) && !scope.vars.has('__getattr__');
      const held = scope.vars.get(name);
      return held !== undefined && held.k !== 'unknown' ? TRUE : held === undefined && sure ? FALSE : unknownBool('hasattr()');
    }
    if (v.k === 'pymod' && !v.path.startsWith('?') && I.host.hasModuleAttr?.(I, v.path, name) === true) {
      return TRUE;
    }
    if (v.k === 'func' && name === '__name__') {
      return TRUE;
    }
    return unknownBool('hasattr()');
  }));
  m.set('getattr', b('getattr', (a, _k, site) => {
    const name = a[1] ? asStr(a[1]) : null;
    if (!a[0] || name === null) {
      return unknown('getattr() with a name not known statically', site.span);
    }
    if (a[2] !== undefined && a[0].k === 'none' && !name.startsWith('__')) {
      // None has no attributes besides its dunders.
      return a[2];
    }
    if (a[2] !== undefined && a[0].k === 'instance' && !a[0].mod && !I.nativeBase(a[0].cls)) {
      const has = a[0].attrs.has(name) || I.classAttr(a[0].cls, name) !== undefined;
      if (!has && !a[0].cls.unknownBase) {
        // A class's __getattr__ is asked first; its AttributeError gives the default.
        const r = I.classAttr(a[0].cls, '__getattr__') ? I.getAttr(a[0], name) : a[2];
        return raised(r) ? a[2] : r;
      }
    }
    if (a[2] !== undefined && a[0].k === 'instance' && a[0].mod && !a[0].cls.unknownBase) {
      // An nn.Module without the name in its __dict__, registries, class or framework base.
      const inst = a[0];
      const mod = inst.mod as NonNullable<typeof inst.mod>;
      const has = inst.attrs.has(name) || mod.params.has(name) || mod.modules.has(name) || mod.buffers.has(name) || I.classAttr(inst.cls, name) !== undefined;
      if (!has && mod.unknownParams.length === 0 && !inst.attrs.has('__unknown__') && I.classAttr(inst.cls, '__getattr__') === undefined && I.host.baseLacks?.(I, inst, name) === true) {
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

/** type(None): calling it gives None; isinstance(x, type(None)) is `x is None`. */
const NONE_TYPE: Value = b('NoneType', () => NONE);

const TYPE_NAMES = new Map([['int', 'int'], ['float', 'float'], ['str', 'str'], ['list', 'list'], ['tuple', 'tuple'], ['dict', 'dict'], ['bool', 'bool'], ['set', 'set']]);

/** Attributes every module object has besides the names its code binds. */
const MODULE_OBJECT_NAMES = new Set(['__name__', '__doc__', '__package__', '__loader__', '__spec__', '__path__', '__file__', '__cached__', '__builtins__', '__dict__', '__class__', '__annotations__']);

/** isinstance(v, collections.abc.<name>) for builtin values; unknown for objects of classes. */
function abcInstance(I: Interp, v: Value, name: string): Value {
  const kinds: Record<string, string[]> = {
    Iterable: ['list', 'tuple', 'dict', 'set', 'str'],
    Collection: ['list', 'tuple', 'dict', 'set', 'str'],
    Container: ['list', 'tuple', 'dict', 'set', 'str'],
    Sized: ['list', 'tuple', 'dict', 'set', 'str'],
    Sequence: ['list', 'tuple', 'str'],
    MutableSequence: ['list'],
    Mapping: ['dict'],
    MutableMapping: ['dict'],
    Set: ['set'],
    Callable: ['func', 'builtin', 'class', 'bound']
  };
  const yes = kinds[name] ?? [];
  if (yes.includes(v.k)) {
    return TRUE;
  }
  if (['int', 'float', 'bool', 'none', 'sym', 'str', 'list', 'tuple', 'dict', 'set', 'func', 'builtin'].includes(v.k)) {
    return FALSE;
  }
  if (v.k === 'instance' && !v.mod && !v.cls.unknownBase && !v.cls.mro.some(c => c.native !== undefined || c.framework !== undefined)) {
    // An object of a class known whole: the structural ABCs look for their methods; the
    // others (Sequence, Mapping, ...) need inheritance from them, which a known class lacks.
    const has = (m: string) => I.classAttr(v.cls, m) !== undefined;
    const structural: Record<string, string[]> = { Iterable: ['__iter__'], Sized: ['__len__'], Container: ['__contains__'], Collection: ['__iter__', '__len__', '__contains__'], Callable: ['__call__'] };
    const needs = structural[name];
    return needs ? bool(needs.every(has)) : FALSE;
  }
  if (v.k === 'class' && name !== 'Callable' && !v.unknownBase && !v.native && !v.mro.some(c => c.attrs.has('__iter__') || c.attrs.has('__len__'))) {
    // A class object (its metaclass is type): not iterable, sized or a mapping.
    return I.classAttr(v, '__class_getitem__') === undefined ? FALSE : unknown('isinstance()');
  }
  return unknown('isinstance()');
}

function isInstance(I: Interp, v: Value | undefined, t: Value | undefined): Value {
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
    const kinds = new Map([['int', ['int', 'bool']], ['float', ['float']], ['str', ['str']], ['list', ['list']], ['tuple', ['tuple']], ['dict', ['dict']], ['bool', ['bool']], ['set', ['set']], ['NoneType', ['none']]]);
    const ks = kinds.get(t.name);
    if (ks) {
      if (v.k === 'instance' && v.cls.enumMixin !== undefined && v.cls.enumMembers) {
        // A member of `class F(str, Enum)` is a str (of IntEnum an int).
        return bool(v.cls.enumMixin === t.name);
      }
      if (v.k === 'sym') {
        return bool(t.name === 'int');
      }
      return bool(ks.includes(v.k));
    }
    // functools.partial, type, types.FunctionType: decided for the values that are known here.
    const plain = v.k === 'int' || v.k === 'str' || v.k === 'float' || v.k === 'none' || v.k === 'bool' || v.k === 'list' || v.k === 'tuple' || v.k === 'dict' || v.k === 'set';
    if (t.name === 'partial') {
      return v.k === 'builtin' ? bool(v.name === 'partial()') : plain || v.k === 'class' || v.k === 'func' || v.k === 'pymod' ? FALSE : unknown('isinstance()');
    }
    if (t.name === 'type') {
      return v.k === 'class' ? (v.unknownBase ? unknown('isinstance() of a class with an unknown base') : TRUE) : plain || v.k === 'func' || v.k === 'builtin' || (v.k === 'instance' && !v.cls.unknownBase) ? FALSE : unknown('isinstance()');
    }
    if (t.name.startsWith('abc.')) {
      return abcInstance(I, v, t.name.slice(4));
    }
    if (t.name === 'FunctionType') {
      return v.k === 'func' ? TRUE : plain || v.k === 'class' || v.k === 'builtin' || v.k === 'instance' ? FALSE : unknown('isinstance()');
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
    if ((v.k === 'class' || v.k === 'func' || v.k === 'builtin' || v.k === 'bound') && !t.unknownBase && !t.mro.some(c => c.name === 'type' || c.name === 'ABCMeta' || c.name === 'EnumMeta')) {
      // A class or function object is an instance of its metaclass or function type only.
      return FALSE;
    }
    if (t.native) {
      return v.k === 'int' || v.k === 'str' || v.k === 'float' || v.k === 'none' || v.k === 'list' || v.k === 'tuple' || v.k === 'dict' ? FALSE : unknown('isinstance()');
    }
    if (!t.unknownBase && (v.k === 'class' || v.k === 'func' || v.k === 'set')) {
      // A class or function is an instance of a user class only through a metaclass (a base
      // class not known here).
      return FALSE;
    }
    return v.k === 'int' || v.k === 'str' || v.k === 'float' || v.k === 'none' || v.k === 'list' || v.k === 'tuple' || v.k === 'dict' || v.k === 'bool' ? FALSE : unknown('isinstance()');
  }
  return unknown('isinstance()');
}

/** Whether a value is what a call that raised gives (calls.ts: "f() raises an exception"). */
function raised(v: Value): boolean {
  return v.k === 'unknown' && / raises an exception$/.test(v.reason);
}
