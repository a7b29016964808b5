// Attributes and subscripts: reading and writing attributes of every kind of value (instances
// with their class attributes, properties and module registries, classes, super(), modules,
// tensors, functions, builtin containers) and items of sequences, dicts, module containers
// and tensors.
// Does not: know a framework's attributes (the host answers for its instances and tensors).
import { asInt, globalScopeOf, keyOf, NONE, NO_KWARGS, str, touchDict, unknown, withoutSymbol } from './values';
import type { CallSite, ClassV, Value } from './values';
import type { Loc } from '../parse/ast';
import type { Engine } from './context';
import { lineOf, opaqueReason } from './opaque';
import { dataclassInit, dictOf } from './calls';
import { enumByName } from './enums';

export function getAttr(I: Engine, obj: Value, name: string, loc?: Loc): Value {
  // The call site (a span) is only built for the lookups that pass it on to the host.
  switch (obj.k) {
    case 'unknown':
      // dataset.num_classes of an unknown named dataset: a symbol of its own.
      return obj.symbol !== undefined && /^[A-Za-z_]\w*$/.test(name) && !name.startsWith('_')
        ? { k: 'unknown', reason: obj.reason, span: obj.span, fromCall: obj.fromCall, symbol: `${obj.symbol}.${name}` }
        : withoutSymbol(obj);
    case 'instance': {
      const own = obj.attrs.get(name);
      if (own !== undefined) {
        return own;
      }
      if (obj.mod) {
        const p = obj.mod.params.get(name);
        if (p !== undefined) {
          return p ?? NONE;
        }
        const b = obj.mod.buffers.get(name);
        if (b !== undefined) {
          return b ?? NONE;
        }
        const m = obj.mod.modules.get(name);
        if (m !== undefined) {
          return m ?? NONE;
        }
      }
      const ca = I.classAttr(obj.cls, name);
      if (ca !== undefined) {
        return I.bindAttr(ca, obj);
      }
      if (name === '__class__') {
        return obj.cls;
      }
      if (name === '__dict__') {
        const map = new Map<string, [Value, Value]>();
        for (const [k, v] of obj.attrs) {
          map.set('s' + k, [str(k), v]);
        }
        return { k: 'dict', map };
      }
      if (obj.mod || I.nativeBase(obj.cls)) {
        const nv = I.host.instanceAttr(I, obj, name, I.siteAt(loc));
        if (nv !== undefined) {
          return nv;
        }
      }
      const ga = obj.mod || name.startsWith('__') ? undefined : I.classAttr(obj.cls, '__getattr__');
      if (ga && ga.k === 'func') {
        // Called only when the normal lookup fails, as in Python.
        return I.callValue({ k: 'bound', func: ga, self: obj }, [str(name)], NO_KWARGS, I.siteAt(loc));
      }
      if (obj.cls.unknownBase || obj.mod) {
        return I.unknownAt(`attribute '${name}' of ${obj.cls.name} is not known statically`, loc, 'unknown-attribute');
      }
      return I.unknownAt(`${obj.cls.name} has no attribute '${name}'`, loc, 'unknown-attribute');
    }
    case 'class': {
      const ca = I.classAttr(obj, name);
      if (ca !== undefined) {
        if (ca.k === 'classmethod') {
          return { k: 'bound', func: ca.func, self: obj };
        }
        if (ca.k === 'staticmethod') {
          return ca.func;
        }
        return ca;
      }
      if (name === '__name__') {
        return str(obj.name);
      }
      if (name === '__init__') {
        const nb = I.nativeBase(obj);
        if (nb) {
          return I.nativeInit(nb);
        }
      }
      if (obj.native && I.host.nativeClassAttr) {
        const nv = I.host.nativeClassAttr(I, obj, name, I.siteAt(loc));
        if (nv !== undefined) {
          return nv;
        }
      }
      return I.unknownAt(`class attribute '${obj.name}.${name}' is not known statically`, loc, 'unknown-attribute');
    }
    case 'pymod': {
      const v = I.pymodAttr(obj.path, name, I.siteAt(loc), loc);
      // A name from a module that cannot be read stays one (opaque.ts).
      return obj.unresolved && v.k === 'pymod' && !v.unresolved ? { k: 'pymod', path: v.path, unresolved: true } : v;
    }
    case 'super':
      return superAttr(I, obj.cls, obj.self, name, loc);
    case 'tensor':
      return I.host.tensorAttr(I, obj, name, I.siteAt(loc));
    case 'func':
      if (name === '__name__' || name === '__qualname__') {
        return str(obj.name);
      }
      if (name === '__module__') {
        // The __name__ of the module whose code defined it.
        const m = obj.closure ? globalScopeOf(obj.closure).vars.get('__name__') : undefined;
        return m && m.k === 'str' ? m : I.unknownAt(`function attribute '${name}'`, loc);
      }
      return I.unknownAt(`function attribute '${name}'`, loc);
    default: {
      if (obj.k === 'property' && (name === 'setter' || name === 'getter')) {
        // @x.setter / @x.getter: a copy of the property with that accessor replaced.
        const p = obj;
        return { k: 'builtin', name: `property.${name}`, fn: a => (name === 'setter' ? { k: 'property', func: p.func, fset: a[0] ?? NONE } : { k: 'property', func: a[0] ?? NONE, fset: p.fset }) };
      }
      if (obj.k === 'builtin' && obj.attrs) {
        const a = obj.attrs.get(name);
        if (a !== undefined) {
          return a;
        }
      }
      const m = I.builtinMethod(obj, name);
      if (m) {
        return m;
      }
      if (obj.k === 'list' || obj.k === 'set' || obj.k === 'dict') {
        // A method of a container we do not model may change it: calling it makes the
        // contents unknown instead of leaving them as they were.
        return {
          k: 'builtin',
          name: `${obj.k}.${name}`,
          fn: (_a, _kw, site) => {
            I.diag('info', 'unknown-attribute', `${obj.k}.${name}() is not modelled; the ${obj.k}'s contents are unknown after it`, site.span);
            if (obj.k === 'dict') {
              touchDict(obj, `${name}()`);
              obj.map.set('?', [unknown(`${name}()`), unknown(`dict changed by ${name}()`)]);
            } else {
              obj.unknownItems = true;
            }
            return unknown(`${obj.k}.${name}() is not modelled`, site.span);
          }
        };
      }
      return I.unknownAt(`attribute '${name}' of ${obj.k} is not known statically`, loc, 'unknown-attribute');
    }
  }
}

function superAttr(I: Engine, cls: ClassV, self: Value, name: string, loc?: Loc): Value {
  const selfCls = self.k === 'instance' ? self.cls : self.k === 'class' ? self : null;
  if (!selfCls) {
    return I.unknownAt('super() outside a method', loc);
  }
  const mro = selfCls.mro;
  const i = mro.indexOf(cls);
  for (let j = i + 1; j < mro.length; j++) {
    const c = mro[j];
    if (c.native) {
      if (name === '__init__') {
        const init = I.nativeInit(c);
        return { k: 'bound', func: init, self };
      }
      if (self.k === 'instance') {
        const nv = I.host.instanceAttr(I, self, name, { span: I.span(loc) });
        if (nv !== undefined) {
          return nv;
        }
      }
      return I.unknownAt(`super().${name} of a framework class`, loc);
    }
    const v = c.attrs.get(name);
    if (v !== undefined) {
      return I.bindAttr(v, self);
    }
    if (name === '__init__' && c.dataclass && self.k === 'instance') {
      // The __init__ @dataclass generated (it sets the fields, then calls __post_init__).
      const inst = self;
      return {
        k: 'builtin', name: `${c.name}.__init__`, fn: (a, kw, site) => {
          dataclassInit(I, c, inst, a, kw);
          const post = I.classAttr(inst.cls, '__post_init__');
          if (post && post.k === 'func') {
            I.callValue({ k: 'bound', func: post, self: inst }, [], NO_KWARGS, site);
          }
          return NONE;
        }
      };
    }
  }
  if (selfCls.dictBase && self.k === 'instance') {
    // dict's own methods, on the items the instance keeps.
    if (name === '__init__') {
      return { k: 'builtin', name: 'dict.__init__', fn: (a, kw) => (self.attrs.set('__dictvalue__', dictOf(I, a, kw)), NONE) };
    }
    const dv = self.attrs.get('__dictvalue__') ?? unknown('items of a dict subclass');
    if (name === '__getitem__') {
      return { k: 'builtin', name: 'dict.__getitem__', fn: a => getItem(I, dv, a[0] ?? NONE) };
    }
    if (name === '__setitem__') {
      return { k: 'builtin', name: 'dict.__setitem__', fn: a => (setItem(I, dv, a[0] ?? NONE, a[1] ?? NONE), NONE) };
    }
    return getAttr(I, dv, name, loc);
  }
  if (name === '__init__') {
    return { k: 'builtin', name: 'object.__init__', fn: () => NONE };
  }
  if (name === '__setattr__' && self.k === 'instance' && !self.mod) {
    return {
      k: 'builtin',
      name: 'object.__setattr__',
      fn: (a, _kw, site) => {
        if (a[0] && a[0].k === 'str' && a[1]) {
          setAttr(I, self, a[0].v, a[1], undefined, true);
        } else {
          self.attrs.set('__unknown__', unknown('object.__setattr__ with a name not known statically', site.span));
        }
        return NONE;
      }
    };
  }
  return I.unknownAt(`super().${name} is not known`, loc);
}

export function setAttr(I: Engine, obj: Value, name: string, value: Value, loc?: Loc, raw = false): void {
  if (obj.k === 'instance') {
    if (obj.mod && I.host.setModuleAttr(I, obj, name, value)) {
      return;
    }
    const sa = raw || obj.mod ? undefined : I.classAttr(obj.cls, '__setattr__');
    if (sa && sa.k === 'func') {
      // A class's own __setattr__ (its object.__setattr__ is the raw store below).
      I.callValue({ k: 'bound', func: sa, self: obj }, [str(name), value], NO_KWARGS, I.siteAt(loc));
      return;
    }
    const ca = I.classAttr(obj.cls, name);
    if (ca && ca.k === 'property') {
      if (ca.fset) {
        I.callValue(ca.fset, [obj, value], NO_KWARGS, I.siteAt(loc));
      } else {
        // Python raises AttributeError; what the program meant is not known.
        obj.attrs.set('__unknown__', unknown(`property '${name}' of ${obj.cls.name} has no setter`));
      }
      return;
    }
    obj.attrs.set(name, value);
    return;
  }
  if (obj.k === 'class') {
    obj.attrs.set(name, value);
    return;
  }
  if (obj.k === 'builtin') {
    // Function attributes (a namedtuple's __new__.__defaults__ = ...).
    obj.attrs = obj.attrs ?? new Map();
    obj.attrs.set(name, value);
    return;
  }
  if (obj.k === 'tensor') {
    // Framework flags (requires_grad, a variable's trainable); anything else is not tracked.
    I.host.setTensorAttr?.(I, obj, name, value);
    return;
  }
  if (obj.k === 'pymod' && !obj.path.startsWith('?')) {
    // `mod.name = v` on a loaded local or library module binds the name in it.
    I.deferred?.settle(I, obj.path, name);
    const scope = I.userScope(obj.path);
    if (scope) {
      scope.vars.set(name, value);
      return;
    }
  }
  if ((name === 'trainable' || name === 'requires_grad') && opaqueReason(obj)) {
    // It may be any layer handed to code that cannot be seen (opaque.ts).
    I.host.onUnseenFlagWrite?.(I, name, `${name} was set on a value not known statically${lineOf(I.span(loc))}`);
  }
  if (obj.k !== 'unknown') {
    I.unknownAt(`setting attribute '${name}' on ${obj.k}`, loc);
  }
}

export function getItem(I: Engine, obj: Value, idx: Value, loc?: Loc): Value {
  const site: CallSite = { span: I.span(loc) };
  if (obj.k === 'unknown') {
    if (obj.symbol !== undefined && (idx.k === 'str' || idx.k === 'int')) {
      const key = idx.k === 'str' ? `'${idx.v}'` : idx.v.toString();
      return { k: 'unknown', reason: obj.reason, span: obj.span, fromCall: obj.fromCall, symbol: `${obj.symbol}[${key}]` };
    }
    return withoutSymbol(obj);
  }
  if (idx.k === 'unknown' && obj.k !== 'tensor') {
    return withoutSymbol(idx);
  }
  switch (obj.k) {
    case 'list':
    case 'tuple':
    case 'str': {
      if (obj.k === 'list' && obj.unknownItems) {
        return unknown('list contents not known statically', site.span);
      }
      const items: Value[] = obj.k === 'str' ? [...obj.v].map(c => str(c)) : obj.items;
      if (idx.k === 'slice') {
        const r = sliceItems(items, idx);
        if (r === null) {
          return I.unknownAt('slice with unknown bounds', loc);
        }
        if (obj.k === 'str') {
          return str(r.map(x => (x.k === 'str' ? x.v : '')).join(''));
        }
        return { k: obj.k, items: r } as Value;
      }
      const i = asInt(idx);
      if (i === null) {
        return I.unknownAt('index is not known statically', loc);
      }
      const n = BigInt(items.length);
      const j = i < 0n ? i + n : i;
      if (j < 0n || j >= n) {
        return I.unknownAt('index out of range', loc, 'index-error');
      }
      return items[Number(j)];
    }
    case 'dict': {
      const k = keyOf(idx);
      if (k === null) {
        return I.unknownAt('dict key is not known statically', loc);
      }
      const e = obj.map.get(k);
      if (!e && obj.factory) {
        // defaultdict: the factory's value is stored under the key and returned.
        const v = I.callValue(obj.factory, [], NO_KWARGS, site);
        obj.map.set(k, [idx, v]);
        return v;
      }
      if (!e) {
        return I.unknownAt('key not found in dict', loc, 'key-error');
      }
      return e[1];
    }
    case 'instance': {
      if (obj.mod) {
        const r = I.host.indexModule(I, obj, idx, site);
        if (r !== undefined) {
          return r;
        }
      }
      const gi = I.classAttr(obj.cls, '__getitem__');
      if (gi && (gi.k === 'func' || gi.k === 'builtin')) {
        return I.callValue({ k: 'bound', func: gi, self: obj }, [idx], NO_KWARGS, site);
      }
      const dv = obj.cls.dictBase ? obj.attrs.get('__dictvalue__') : undefined;
      if (dv) {
        return getItem(I, dv, idx, loc);
      }
      return I.unknownAt(`indexing ${obj.cls.name}`, loc);
    }
    case 'tensor':
      return I.host.tensorIndex(I, obj, idx, site);
    case 'class':
      if (obj.enumMembers) {
        return enumByName(obj, idx);
      }
      // typing generics: List[int], Optional[X]
      return obj;
    case 'builtin':
      // PEP 585 generic aliases: tuple[int, int](xs) and list[int](...) build what tuple/list do.
      if (GENERIC_BUILTINS.has(obj.name)) {
        return obj;
      }
      return I.unknownAt(`indexing ${obj.name}`, loc);
    case 'pymod':
      return { k: 'pymod', path: `${obj.path}[]`, unresolved: obj.unresolved };
    default:
      return I.unknownAt(`indexing ${obj.k}`, loc);
  }
}

export function setItem(I: Engine, obj: Value, idx: Value, value: Value, loc?: Loc): void {
  if (obj.k === 'tensor' && obj.data) {
    // t[i] = v changes the tensor in place: its known values are not followed.
    delete obj.data;
  }
  if (obj.k === 'list' && idx.k === 'slice' && idx.step.k === 'none' && !obj.unknownItems) {
    // xs[a:b] = ys: the items a..b replaced by those of ys (bounds as Python clamps them).
    const items = I.iterate(value);
    const n = obj.items.length;
    const bound = (v: Value, dflt: number): number | null => {
      if (v.k === 'none') {
        return dflt;
      }
      const i = asInt(v);
      if (i === null) {
        return null;
      }
      const j = Number(i < 0n ? i + BigInt(n) : i);
      return Math.min(Math.max(j, 0), n);
    };
    const lo = bound(idx.lower, 0);
    const hi = bound(idx.upper, n);
    if (items && lo !== null && hi !== null) {
      obj.items.splice(lo, Math.max(hi - lo, 0), ...items);
      return;
    }
    obj.unknownItems = true;
    return;
  }
  if (obj.k === 'list') {
    const i = asInt(idx);
    const n = BigInt(obj.items.length);
    if (i !== null) {
      const j = i < 0n ? i + n : i;
      if (j >= 0n && j < n) {
        obj.items[Number(j)] = value;
        return;
      }
    }
    obj.unknownItems = true;
    return;
  }
  if (obj.k === 'dict') {
    if (obj.registrySlot === 'modules' && obj.registryOf && idx.k === 'str') {
      // `model.classifier._modules['6'] = layer` (a fine-tuning idiom): what setattr does.
      setAttr(I, obj.registryOf, idx.v, value, loc);
      return;
    }
    touchDict(obj, 'item assignment');
    const k = keyOf(idx);
    if (k === null) {
      I.unknownAt('dict key is not known statically', loc);
      return;
    }
    obj.map.set(k, [idx, value]);
    return;
  }
  if (obj.k === 'instance' && obj.mod) {
    // m['fc'] = layer names a submodule; m[i] = layer the i-th one (containers).
    const key = idx.k === 'str' ? idx.v : asInt(idx) !== null ? String(asInt(idx)) : null;
    if (key !== null) {
      let name = key;
      if (idx.k !== 'str') {
        const n = BigInt(obj.mod.modules.size);
        const i = asInt(idx) as bigint;
        const j = i < 0n ? i + n : i;
        name = [...obj.mod.modules.keys()][Number(j)] ?? key;
      }
      I.host.setModuleAttr(I, obj, name, value);
      return;
    }
  }
  if (obj.k === 'tensor' || obj.k === 'unknown') {
    return;
  }
  I.unknownAt(`item assignment on ${obj.k}`, loc);
}

function sliceItems(items: Value[], s: Value & { k: 'slice' }): Value[] | null {
  const n = items.length;
  const get = (v: Value): number | null | undefined => (v.k === 'none' ? undefined : asInt(v) === null ? null : Number(asInt(v)));
  const step = get(s.step) ?? 1;
  const lo = get(s.lower);
  const hi = get(s.upper);
  if (step === null || lo === null || hi === null || step === 0) {
    return null;
  }
  const norm = (x: number | undefined, d: number): number => {
    if (x === undefined) {
      return d;
    }
    if (x < 0) {
      x += n;
    }
    return step > 0 ? Math.max(0, Math.min(n, x)) : Math.max(-1, Math.min(n - 1, x));
  };
  const start = norm(lo, step > 0 ? 0 : n - 1);
  const stop = norm(hi, step > 0 ? n : -1);
  const out: Value[] = [];
  if (step > 0) {
    for (let i = start; i < stop; i += step) {
      out.push(items[i]);
    }
  } else {
    for (let i = start; i > stop; i += step) {
      out.push(items[i]);
    }
  }
  return out;
}

/** Builtin types whose subscript is a generic alias that calls like the type (tuple[int, int](xs)). */
const GENERIC_BUILTINS = new Set(['list', 'tuple', 'dict', 'set', 'frozenset', 'type']);
