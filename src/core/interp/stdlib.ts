// The small part of the standard library model code uses: math, collections (OrderedDict,
// namedtuple, defaultdict), functools.partial, dataclasses, typing, itertools, operator,
// copy, argparse defaults, re.split with safe patterns, string constants, json.loads of a
// known string.
// Does not: implement builtins (builtins.ts) or methods of builtin types (methods.ts).
import type { Interp } from './context';
import { binaryOp } from './ops';
import { reserveItems } from './cost';
import { dataclassFields } from './calls';
import {
  asInt, asNumber, bool, BuiltinV, ClassV, DictV, FALSE, freshId, int, keyOf, NONE, str, TRUE,
  unknown, Value
} from './values';
import { b, Fn, plainClass } from './builtin-fn';
import { jsonValue } from './json-value';
import { enumModuleAttr } from './enums';

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
export function stdlibAttr(I: Interp, path: string, name: string): Value | null {
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
 * copy.deepcopy of plain data: lists, dicts, sets, tuples and instances of plain classes
 * (configs, dataclasses) are copied, shared parts once (memo); scalars, strings, functions,
 * classes and modules are kept as Python keeps them. Null for anything else (nn.Module
 * instances, tensors, objects with __deepcopy__): the caller says unknown.
 */
function deepCopy(I: Interp, v: Value, memo: Map<Value, Value>, depth: number): Value | null {
  I.charge(1);
  if (depth > I.budgets.maxValueDepth) {
    return null;
  }
  switch (v.k) {
    case 'none': case 'bool': case 'int': case 'float': case 'str': case 'sym':
    case 'func': case 'class': case 'builtin': case 'pymod':
      return v;
    case 'list': case 'tuple': case 'set': {
      if (v.k !== 'tuple' && v.unknownItems) {
        return null;
      }
      const done = memo.get(v);
      if (done) {
        return done;
      }
      const out = { ...v, items: [] as Value[] } as Value & { items: Value[] };
      memo.set(v, out);
      for (const x of v.items) {
        const c = deepCopy(I, x, memo, depth + 1);
        if (c === null) {
          return null;
        }
        out.items.push(c);
      }
      return out;
    }
    case 'dict': {
      if (v.registryOf) {
        return null;
      }
      const done = memo.get(v);
      if (done) {
        return done;
      }
      const out: DictV = { k: 'dict', map: new Map(), ordered: v.ordered, factory: v.factory };
      memo.set(v, out);
      for (const [key, [k, x]] of v.map) {
        const c = deepCopy(I, x, memo, depth + 1);
        if (c === null) {
          return null;
        }
        out.map.set(key, [k, c]);
      }
      return out;
    }
    case 'instance': {
      if (v.mod || v.cls.unknownBase || v.cls.native || I.classAttr(v.cls, '__deepcopy__') !== undefined || I.classAttr(v.cls, '__reduce_ex__') !== undefined) {
        return null;
      }
      const done = memo.get(v);
      if (done) {
        return done;
      }
      const out: Value = { k: 'instance', cls: v.cls, attrs: new Map(), id: freshId() };
      memo.set(v, out);
      for (const [n, x] of v.attrs) {
        const c = deepCopy(I, x, memo, depth + 1);
        if (c === null) {
          return null;
        }
        out.attrs.set(n, c);
      }
      return out;
    }
    default:
      return null;
  }
}

/** dataclasses.asdict: fields in order, nested dataclasses, lists, tuples and dicts converted, the rest deep-copied. */
function asDict(I: Interp, v: Value, depth: number): Value | null {
  if (depth > I.budgets.maxValueDepth) {
    return null;
  }
  if (v.k === 'instance' && !v.mod && v.cls.mro.some(c => c.dataclass) && !v.cls.unknownBase) {
    const d: DictV = { k: 'dict', map: new Map() };
    for (const f of dataclassFields(v.cls)) {
      const x = v.attrs.get(f.name);
      const c = x === undefined ? null : asDict(I, x, depth + 1);
      if (c === null) {
        return null;
      }
      d.map.set('s' + f.name, [str(f.name), c]);
    }
    return d;
  }
  if (v.k === 'list' || v.k === 'tuple') {
    if (v.k === 'list' && v.unknownItems) {
      return null;
    }
    const items: Value[] = [];
    for (const x of v.items) {
      const c = asDict(I, x, depth + 1);
      if (c === null) {
        return null;
      }
      items.push(c);
    }
    return { k: v.k, items };
  }
  if (v.k === 'dict' && !v.registryOf) {
    const d: DictV = { k: 'dict', map: new Map() };
    for (const [key, [k, x]] of v.map) {
      const c = asDict(I, x, depth + 1);
      if (c === null) {
        return null;
      }
      d.map.set(key, [k, c]);
    }
    return d;
  }
  return deepCopy(I, v, new Map(), depth);
}

/** collections.abc types that isinstance() decides for builtin values (builtins.ts). */
export const ABC_TYPES = new Set(['Iterable', 'Sequence', 'Mapping', 'Callable', 'Sized', 'Container', 'Collection', 'MutableMapping', 'MutableSequence', 'Set']);

/** A logging.Logger: every method returns None. */
function logger(): Value {
  const cls = plainClass('Logger');
  for (const n of ['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'setLevel', 'addHandler', 'removeHandler', 'addFilter', 'propagate']) {
    cls.attrs.set(n, { ...b(n, () => NONE), method: true });
  }
  return { k: 'instance', cls, attrs: new Map(), id: 0 };
}

/** sys.modules: the local and library modules loaded so far (a name not loaded is not known). */
function sysModules(I: Interp): Value {
  const cls = plainClass('modules');
  const loaded = (key: Value | undefined): Value | null => (key && key.k === 'str' && I.userScope(key.v) ? { k: 'pymod', path: key.v } : null);
  cls.attrs.set('__getitem__', { ...b('__getitem__', a => loaded(a[1]) ?? unknown('sys.modules[] of a module not loaded here')), method: true });
  cls.attrs.set('get', { ...b('get', a => loaded(a[1]) ?? unknown('sys.modules.get() of a module not loaded here')), method: true });
  return { k: 'instance', cls, attrs: new Map(), id: 0 };
}

/** re.compile(pattern): match, fullmatch and search where safeRegExp runs the pattern. */
function compiledPattern(pattern: string): Value {
  const cls = plainClass('Pattern');
  const run = (kind: 'match' | 'fullmatch' | 'search') => (a: Value[]): Value => {
    const text = a[1];
    const re = text && text.k === 'str' && a.length === 2 ? safeRegExp(pattern, text.v) : null;
    if (!re || !text || text.k !== 'str') {
      return unknown(`Pattern.${kind}() not known statically`);
    }
    const anchored = kind === 'search' ? re : new RegExp(kind === 'match' ? `^(?:${re.source})` : `^(?:${re.source})$`);
    const m = anchored.exec(text.v);
    if (!m) {
      return NONE;
    }
    const matched = m[0];
    const mc = plainClass('Match');
    mc.attrs.set('group', { ...b('group', g => (g.length === 1 || (g[1]?.k === 'int' && g[1].v === 0n) ? str(matched) : unknown('Match.group() of a group'))), method: true });
    return { k: 'instance', cls: mc, attrs: new Map(), id: 0 };
  };
  for (const kind of ['match', 'fullmatch', 'search'] as const) {
    cls.attrs.set(kind, { ...b(kind, run(kind)), method: true });
  }
  cls.attrs.set('pattern', str(pattern));
  return { k: 'instance', cls, attrs: new Map(), id: 0 };
}

/**
 * collections.namedtuple(typename, field_names, defaults=...): a class whose instances hold
 * their fields as attributes (p.a), index and unpack in field order, and know _fields,
 * _replace and _asdict. Defaults may also come later from `T.__new__.__defaults__ = (...)`.
 */
function namedTuple(I: Interp, typename: Value, fieldNames: Value, defaults: Value | undefined): Value {
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

function argparseParser(I: Interp): Value {
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
export function stdlibAttrUncached(I: Interp, path: string, name: string): Value | null {
  if (path === 'string') {
    const s = STRING_CONSTANTS.get(name);
    return s === undefined ? null : str(s);
  }
  if (path === 'logging' && name === 'getLogger') {
    // Logging prints; it changes nothing a model is built from.
    return b('getLogger', () => logger());
  }
  if (path === 'logging' && (name === 'basicConfig' || name === 'disable' || name === 'captureWarnings')) {
    return b(name, () => NONE);
  }
  if (path === 'warnings' && (name === 'warn' || name === 'filterwarnings' || name === 'simplefilter' || name === 'resetwarnings')) {
    return b(name, () => NONE);
  }
  if (path === 'os' && name === 'environ' && I.environ) {
    // The environment the host says the program runs with (one dict per analysis).
    const d: DictV = { k: 'dict', map: new Map() };
    for (const [k, v] of I.environ) {
      d.map.set('s' + k, [str(k), str(v)]);
    }
    return d;
  }
  if (path === 'os' && name === 'getenv' && I.environ) {
    const env = I.environ;
    return b('getenv', (a, kw) => {
      const key = a[0] ?? kw.get('key');
      if (!key || key.k !== 'str') {
        return unknown('os.getenv() of a name not known statically');
      }
      const v = env.get(key.v);
      return v !== undefined ? str(v) : a[1] ?? kw.get('default') ?? NONE;
    });
  }
  if (path === 'sys' && name === 'modules') {
    return sysModules(I);
  }
  if (path === 're' && name === 'compile') {
    return b('re.compile', (a, kw) => {
      const p = a[0] ?? kw.get('pattern');
      return p && p.k === 'str' && a.length === 1 && kw.size === 0 ? compiledPattern(p.v) : unknown('re.compile() with flags or a pattern not known statically');
    });
  }
  if (path === 'json' && name === 'loads') {
    // json.loads of a known string (a config written inline); anything else is unknown.
    return b('json.loads', a => {
      const text = a[0];
      return (text && text.k === 'str' ? jsonValue(text.v) : null) ?? unknown('json.loads() of text not known statically, or not strict JSON');
    });
  }
  if (path === 'argparse' && name === 'ArgumentParser') {
    return b('ArgumentParser', () => argparseParser(I));
  }
  if (path === 'types' && name === 'FunctionType') {
    return b('FunctionType', () => unknown('types.FunctionType()'));
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
  if (path === 'collections' && name === 'abc') {
    return { k: 'pymod', path: 'collections.abc' };
  }
  if ((path === 'collections.abc' || (path === 'typing' && name !== 'Callable' && name !== 'Container')) && ABC_TYPES.has(name)) {
    // typing's aliases of them too (isinstance(x, typing.Mapping)).
    // Used as isinstance() types (builtins.ts).
    return b(`abc.${name}`, () => unknown(`collections.abc.${name}()`));
  }
  if (path === 'itertools' && name === 'repeat') {
    return b('repeat', (a, kw) => {
      const times = a[1] ?? kw.get('times');
      const n = times ? asInt(times) : null;
      if (!a[0] || n === null) {
        return unknown('itertools.repeat() without a known count');
      }
      const count = n < 0n ? 0 : Number(n);
      reserveItems(count);
      return { k: 'tuple', items: new Array<Value>(count).fill(a[0]) };
    });
  }
  if (path === 'collections' && name === 'deque') {
    // A deque is a list with appendleft/popleft (methods.ts); maxlen is not followed.
    return b('deque', (a, kw) => {
      if (a.length > 1 || kw.size > 0) {
        return unknown('deque() with maxlen');
      }
      const items = a[0] ? I.iterate(a[0]) : [];
      return items ? { k: 'list', items: [...items] } : unknown('deque() of values not known statically');
    });
  }
  if (path === 'collections' && (name === 'OrderedDict' || name === 'defaultdict')) {
    return b(name, (a, kw) => {
      const d: DictV = { k: 'dict', map: new Map(), ordered: true };
      if (name === 'defaultdict' && a[0] && a[0].k !== 'none') {
        d.factory = a[0];
      }
      const src = name === 'OrderedDict' ? a[0] : a[1];
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
    return b('partial', (a, kwGiven) => {
      let f = a[0];
      if (!f) {
        return unknown('partial()');
      }
      let bound = a.slice(1);
      let kw = kwGiven;
      // partial(partial(g, *a1, **k1), *a2, **k2) is partial(g, *a1, *a2, **k1, **k2), as CPython flattens it.
      const inner = f.k === 'builtin' && f.name === 'partial()' ? f.attrs : undefined;
      const innerArgs = inner?.get('args');
      const innerKw = inner?.get('keywords');
      const innerFn = inner?.get('func');
      if (innerFn && innerArgs?.k === 'tuple' && innerKw?.k === 'dict') {
        f = innerFn;
        bound = [...innerArgs.items, ...bound];
        const merged = new Map<string, Value>();
        for (const [k, v] of innerKw.map.values()) {
          if (k.k === 'str') {
            merged.set(k.v, v);
          }
        }
        kwGiven.forEach((v, k) => merged.set(k, v));
        kw = merged;
      }
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
  if (path === 'functools' && name === 'wraps') {
    // wraps(wrapped)(wrapper): the wrapper, named as the function it wraps (registries key
    // builders by __name__: torchvision's register_model).
    return b(name, w => b('wraps()', a => {
      const wrapper = a[0] ?? NONE;
      if (wrapper.k === 'func' && w[0] && w[0].k === 'func') {
        wrapper.name = w[0].name;
      }
      return wrapper;
    }));
  }
  if (path === 'functools' && (name === 'lru_cache' || name === 'cache')) {
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
    if (name === 'fields') {
      // The annotated names of the class and its bases, in definition order (ClassVar ones
      // included: the interpreter does not read annotations' meaning).
      return b(name, a => {
        const c = a[0] && a[0].k === 'instance' ? a[0].cls : a[0];
        if (!c || c.k !== 'class') {
          return unknown('dataclasses.fields() of a value not known statically');
        }
        return {
          k: 'tuple',
          items: dataclassFields(c).map(f => {
            const attrs = new Map<string, Value>([['name', str(f.name)]]);
            if (f.def !== undefined) {
              attrs.set('default', f.def.k === 'builtin' && f.def.name === '__default_factory__' ? f.def.fn([], new Map(), {}) : f.def);
            }
            return { k: 'builtin', name: 'Field', fn: () => unknown('calling a dataclass Field'), attrs };
          })
        };
      });
    }
    if (name === 'asdict') {
      return b(name, a => (a[0] ? asDict(I, a[0], 0) : null) ?? unknown('dataclasses.asdict() of a value not known statically'));
    }
  }
  if (path === 'copy' && (name === 'deepcopy' || name === 'copy')) {
    const COPY_HOOKS = ['__copy__', '__reduce__', '__reduce_ex__', '__getstate__', '__setstate__', '__slots__', '__new__'];
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
      if (v && v.k === 'instance' && name === 'copy' && !v.cls.unknownBase && v.cls.mro.every(c => !c.native && !c.framework && !c.dictBase && !COPY_HOOKS.some(h => c.attrs.has(h)))) {
        // copy.copy(obj) of a plain Python object: a new object with the same attribute values.
        return { k: 'instance', cls: v.cls, attrs: new Map(v.attrs), id: freshId(), span: v.span };
      }
      if (v && v.k === 'list' && name === 'copy') {
        return { k: 'list', items: [...v.items] };
      }
      if (v && name === 'deepcopy') {
        return deepCopy(I, v, new Map(), 0) ?? unknown('copy.deepcopy() of this value');
      }
      return unknown(`copy.${name}() of this value`);
    });
  }
  if ((path === 'typing' || path === 'typing_extensions') && ABC_TYPES.has(name)) {
    // typing.Sequence is collections.abc.Sequence to isinstance().
    return stdlibAttr(I, 'collections.abc', name);
  }
  if ((path === 'typing' || path === 'typing_extensions') && name === 'cast') {
    // typing.cast(T, value) returns the value unchanged.
    return b('cast', a => a[1] ?? unknown('typing.cast() without a value'));
  }
  if (path === 'typing' || path === 'typing_extensions') {
    return plainClass(name);
  }
  if (path === 'abc' && name === 'abstractmethod') {
    return b('abstractmethod', a => a[0] ?? NONE);
  }
  if (path === 'enum') {
    return enumModuleAttr(name);
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

