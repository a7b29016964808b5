// Calls and classes: calling any callable value (builtins, functions with Python's argument
// binding, bound methods, classes, module instances), instantiating classes (a user
// __init__, a dataclass's generated one, or the framework's constructor through the host),
// and building classes with their MRO.
// Does not: know what a framework's classes do (the host constructs and calls them).
import { unknown, NONE, NO_KWARGS, str } from './values';
import type { CallSite, ClassV, FuncV, InstanceV, Scope, Value } from './values';
import type { Span } from '../ir';
import type { Expr, Stmt } from '../parse/ast';
import { expandBody } from '../parse/lazy';
import { freshId, withoutSymbol } from './values';
import type { Engine } from './context';
import { enumLookup } from './enums';

export function classAttr(cls: ClassV, name: string): Value | undefined {
  for (const c of cls.mro) {
    const v = c.attrs.get(name);
    if (v !== undefined) {
      return v;
    }
  }
  return undefined;
}

/** The first native (framework) class in the MRO (the layer class a user class extends). */
export function nativeBase(cls: ClassV): ClassV | undefined {
  for (const c of cls.mro) {
    if (c.native !== undefined) {
      return c;
    }
  }
  return undefined;
}

export function callValue(I: Engine, f: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  switch (f.k) {
    case 'builtin':
      return f.fn(args, kwargs, site);
    case 'func':
      return callFunction(I, f, args, kwargs, site);
    case 'bound':
      return callValue(I, f.func, [f.self, ...args], kwargs, site);
    case 'class':
      return instantiate(I, f, args, kwargs, site);
    case 'staticmethod':
    case 'classmethod':
      return callValue(I, f.func, args, kwargs, site);
    case 'instance': {
      if (f.mod) {
        return callModule(I, f, args, kwargs, site);
      }
      const c = classAttr(f.cls, '__call__');
      if (c) {
        return callValue(I, bindAttr(I, c, f), args, kwargs, site);
      }
      return unknown(`calling an instance of ${f.cls.name}`, site.span);
    }
    case 'unknown':
      return withoutSymbol(f);
    case 'pymod':
      return unknown(`call of ${f.path.startsWith('?') ? f.path.slice(1) : f.path} is not modelled`, site.span);
    default:
      return unknown(`calling a ${f.k} value`, site.span);
  }
}

export function callModule(I: Engine, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  return I.host.onModuleCall(I, inst, args, kwargs, site);
}

/** Binds call arguments to a function's parameters (Python rules). */
function bindParams(fn: FuncV, args: Value[], kwargs: Map<string, Value>, scope: Scope): string | null {
  let ai = 0;
  // Keyword arguments bound to named parameters (only needed when there are keywords).
  const used = kwargs.size > 0 ? new Set<string>() : null;
  for (const p of fn.params) {
    if (p.kind === 'varargs') {
      scope.vars.set(p.name, { k: 'tuple', items: args.slice(ai) });
      ai = args.length;
      continue;
    }
    if (p.kind === 'varkw') {
      const map = new Map<string, [Value, Value]>();
      for (const [k, v] of kwargs) {
        if (!used?.has(k)) {
          map.set('s' + k, [str(k), v]);
        }
      }
      scope.vars.set(p.name, { k: 'dict', map });
      continue;
    }
    if (p.kind !== 'kwonly' && ai < args.length) {
      scope.vars.set(p.name, args[ai++]);
      continue;
    }
    if (p.kind !== 'posonly' && used && kwargs.has(p.name)) {
      scope.vars.set(p.name, kwargs.get(p.name) as Value);
      used.add(p.name);
      continue;
    }
    const d = fn.defaults.get(p.name);
    if (d !== undefined) {
      scope.vars.set(p.name, d);
      continue;
    }
    scope.vars.set(p.name, unknown(`missing argument '${p.name}'`));
    return `${fn.name}() missing required argument '${p.name}'`;
  }
  if (ai < args.length && !fn.params.some(p => p.kind === 'varargs')) {
    return `${fn.name}() takes ${ai} positional arguments but ${args.length} were given`;
  }
  return null;
}

export function callFunction(I: Engine, fn: FuncV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  if (I.callDepth >= I.budgets.maxCallDepth) {
    I.diag('info', 'budget-maxCallDepth', `call depth exceeded maxCallDepth (${I.budgets.maxCallDepth})`, site.span);
    return unknown(`maxCallDepth (${I.budgets.maxCallDepth}) exceeded`, site.span);
  }
  if (I.deferred?.active) {
    I.deferred.beforeCall(I, fn, args, kwargs);
  }
  const scope: Scope = { vars: new Map(), parent: fn.closure };
  const err = bindParams(fn, args, kwargs, scope);
  if (err) {
    I.diag('info', 'call-arguments', err, site.span);
  }
  const saved = I.ctx;
  I.ctx = fn.ctx;
  I.callDepth++;
  const owners = I.ownerStack;
  const pushed = fn.owner !== undefined;
  if (fn.owner) {
    owners.push(fn.owner);
  }
  try {
    if (fn.isLambda) {
      return I.eval(fn.body as Expr, scope);
    }
    const body = fn.body as Stmt[];
    expandBody(body);
    // Names declared global in this function.
    const sig = I.execBlock(body, scope);
    if (sig && sig.k === 'return') {
      return sig.v;
    }
    if (sig && sig.k === 'raise') {
      return unknown(`${fn.name}() raises an exception`, site.span);
    }
    return NONE;
  } finally {
    I.callDepth--;
    I.ctx = saved;
    if (pushed) {
      owners.pop();
    }
  }
}

export function instantiate(I: Engine, cls: ClassV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  if (cls.enumMembers) {
    // Calling an enum class looks a member up by value (interp/enums.ts).
    return args.length === 1 && kwargs.size === 0 ? enumLookup(cls, args[0]) : unknown(`${cls.name}() with other arguments than one value`, site.span);
  }
  const nb = nativeBase(cls);
  if (cls.framework) {
    I.host.onInstantiate?.(I, cls);
  }
  // `mod` present from the start (set later, it would need a second property store).
  const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: site.span, mod: undefined };
  const newFn = classAttr(cls, '__new__');
  if (nb && nb === cls) {
    // A framework class called directly (nn.Linear(...)): the host builds it.
    I.host.constructNative(I, nb, inst, args, kwargs, site);
    return afterNative(inst);
  }
  if (cls.framework) {
    inst.mod = { modules: new Map(), params: new Map(), buffers: new Map(), unknownParams: [], span: site.span };
  }
  if (newFn && newFn.k === 'func') {
    return unknown(`${cls.name} defines __new__`, site.span);
  }
  if (cls.dataclass && !cls.attrs.has('__init__')) {
    dataclassInit(I, cls, inst, args, kwargs);
    const post = classAttr(cls, '__post_init__');
    if (post && post.k === 'func') {
      callValue(I, { k: 'bound', func: post, self: inst }, [], NO_KWARGS, site);
    }
    return inst;
  }
  // Find __init__: a user method before any native base, else the native constructor.
  for (const c of cls.mro) {
    const init = c.attrs.get('__init__');
    if (init !== undefined) {
      callValue(I, bindAttr(I, init, inst), args, kwargs, site);
      if (inst.mod && !c.native && I.host.afterInit) {
        // Whether the framework base's __init__ ran inside the user's (super().__init__()).
        I.host.afterInit(I, cls, inst, init, I.nativeInitDone.delete(inst), site);
      }
      return inst;
    }
    if (c.native) {
      I.host.constructNative(I, c, inst, args, kwargs, site);
      return afterNative(inst);
    }
    if (c.dataclass) {
      dataclassInit(I, c, inst, args, kwargs);
      return inst;
    }
  }
  if (cls.unknownBase) {
    inst.attrs.set('__unknown__', unknown(`base class of ${cls.name} is not known`));
  }
  if (cls.dictBase) {
    inst.attrs.set('__dictvalue__', dictOf(I, args, kwargs));
  }
  return inst;
}

function afterNative(inst: InstanceV): Value {
  const replaced = inst.attrs.get('__value__');
  if (replaced !== undefined) {
    return replaced;
  }
  return inst;
}

/** Fields of a dataclass in definition order (bases first) with their defaults. */
export function dataclassFields(cls: ClassV): Array<{ name: string; def?: Value }> {
  const fields: Array<{ name: string; def?: Value }> = [];
  for (const c of [...cls.mro].reverse()) {
    const ann = c.attrs.get('__annotations_order__');
    if (!ann || ann.k !== 'tuple') {
      continue;
    }
    for (const n of ann.items) {
      if (n.k !== 'str') {
        continue;
      }
      const idx = fields.findIndex(f => f.name === n.v);
      const def = c.attrs.get(n.v);
      const entry = { name: n.v, def: def && !(def.k === 'instance' && def.cls.name === 'field') ? def : undefined };
      if (def && def.k === 'instance' && def.cls.name === '__field__') {
        entry.def = def.attrs.get('default');
      }
      if (idx >= 0) {
        fields[idx] = entry;
      } else {
        fields.push(entry);
      }
    }
  }
  return fields;
}

export function dataclassInit(I: Engine, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>): void {
  const fields = dataclassFields(cls);
  fields.forEach((f, i) => {
    let v: Value | undefined = i < args.length ? args[i] : kwargs.get(f.name);
    if (v === undefined) {
      v = f.def !== undefined ? f.def : unknown(`dataclass field '${f.name}' not given`);
    }
    if (v.k === 'builtin' && v.name === '__default_factory__') {
      v = v.fn([], new Map(), {});
    }
    inst.attrs.set(f.name, v);
  });
}

/** Builds a ClassV with its MRO (C3 approximated by depth-first, duplicates last). */
export function makeClass(name: string, bases: ClassV[], attrs: Map<string, Value>, span?: Span, unknownBase = false): ClassV {
  const cls: ClassV = { k: 'class', name, bases, attrs, mro: [], span, user: true, unknownBase };
  const linear: ClassV[] = [];
  const visit = (c: ClassV): void => {
    for (const m of c.mro) {
      const at = linear.indexOf(m);
      if (at >= 0) {
        linear.splice(at, 1);
      }
      linear.push(m);
    }
  };
  bases.forEach(visit);
  cls.mro = [cls, ...linear];
  for (const b of bases) {
    if (b.framework && !cls.framework) {
      cls.framework = b.framework;
    }
    if (b.unknownBase) {
      cls.unknownBase = true;
    }
  }
  return cls;
}

export function nativeInit(I: Engine, nb: ClassV): Value {
  return {
    k: 'builtin',
    name: `${nb.name}.__init__`,
    fn: (args, kwargs, site) => {
      const self = args[0];
      if (self && self.k === 'instance') {
        I.nativeInitDone.add(self);
        I.host.constructNative(I, nb, self, args.slice(1), kwargs, site);
      }
      return NONE;
    }
  };
}

export function bindAttr(I: Engine, v: Value, self: Value): Value {
  if (v.k === 'func' || (v.k === 'builtin' && v.method === true && self.k === 'instance')) {
    return { k: 'bound', func: v, self };
  }
  if (v.k === 'classmethod') {
    return { k: 'bound', func: v.func, self: self.k === 'instance' ? self.cls : self };
  }
  if (v.k === 'staticmethod') {
    return v.func;
  }
  if (v.k === 'property') {
    return callValue(I, v.func, [self], NO_KWARGS, {});
  }
  return v;
}

/** What dict(*args, **kwargs) builds, for the items of a dict subclass's instance. */
export function dictOf(I: Engine, args: Value[], kwargs: Map<string, Value>): Value {
  const ctor = I.builtins.get('dict');
  return ctor ? I.callValue(ctor, args, kwargs, {}) : unknown('dict()');
}
