// Statements, one function per kind in a table (expression statements and assignments are
// run directly by Interpreter.exec): assignment and unpacking, if (both branches havocked on
// an unknown condition), for/while (bounded, first-pass loops over data), def/class with
// decorators, return/break/continue/raise, try, with, del, global/nonlocal, imports.
// Does not: evaluate expressions (expressions.ts) or resolve modules (imports.ts).
import { globalScopeOf, isModuleInstance, keyOf, NONE, NO_KWARGS, nonClassParent, str, touchDict, truthy, unknown } from './values';
import type { DictV } from './values';
import type { ClassV, Scope, Value } from './values';
import type { Expr, Stmt } from '../parse/ast';
import { binaryOp } from './ops';
import { hasJump } from './syntax';
import { calleeName, KNOWN_DECORATORS } from './opaque';
import { isTypeCheckingImports, recordLazyImports } from './lazy-imports';
import { loopItems, testTruth } from './expressions';
import { finishEnum, isEnumClass } from './enums';
import type { Engine, Sig } from './context';

export function assign(I: Engine, target: Expr, value: Value, scope: Scope): void {
  switch (target.k) {
    case 'Name':
      I.bind(target.id, value, scope, target.loc);
      return;
    case 'Tuple':
    case 'List': {
      const elts = target.elts;
      let starIdx = -1;
      for (let i = 0; i < elts.length && starIdx < 0; i++) {
        starIdx = elts[i].k === 'Starred' ? i : -1;
      }
      const items = I.iterate(value);
      if (items === null || (starIdx < 0 && items.length !== target.elts.length) || (starIdx >= 0 && items.length < target.elts.length - 1)) {
        const reason = items === null ? `cannot unpack ${value.k === 'unknown' ? 'an unknown value' : value.k}` : 'unpacking: wrong number of values';
        for (const t of target.elts) {
          assign(I, t.k === 'Starred' ? t.v : t, value.k === 'unknown' ? value : unknown(reason, I.span(target.loc)), scope);
        }
        return;
      }
      // Plain loops: this runs for every unpacking (`for k, v in ...`), closures would be made each time.
      const after = elts.length - starIdx - 1;
      for (let i = 0; i < elts.length; i++) {
        const t = elts[i];
        if (starIdx < 0 || i < starIdx) {
          assign(I, t, items[i], scope);
        } else if (i === starIdx) {
          assign(I, (t as { v: Expr }).v, { k: 'list', items: items.slice(starIdx, items.length - after) }, scope);
        } else {
          assign(I, t, items[items.length - (elts.length - i)], scope);
        }
      }
      return;
    }
    case 'Attr':
      I.setAttr(I.eval(target.obj, scope), target.attr, value, target.loc);
      return;
    case 'Sub':
      I.setItem(I.eval(target.obj, scope), I.eval(target.index, scope), value, target.loc);
      return;
    case 'Starred':
      assign(I, target.v, value, scope);
      return;
    default:
      I.unknownAt('unsupported assignment target', target.loc);
  }
}

export type StmtFn = (I: Engine, st: Stmt, scope: Scope) => Sig;

// Expression statements and assignments (also run directly by Interpreter.exec).
export function execExpr(I: Engine, st: Extract<Stmt, { k: 'Expr' }>, scope: Scope): Sig {
  I.eval(st.value, scope);
  return undefined;
}

export function execAssign(I: Engine, st: Extract<Stmt, { k: 'Assign' }>, scope: Scope): Sig {
  const v = I.eval(st.value, scope);
  for (const t of st.targets) {
    I.assign(t, v, scope);
  }
  return undefined;
}

export const STMTS = new Map<string, StmtFn>([
  ['Expr', (I, st, scope) => execExpr(I, st as Extract<Stmt, { k: 'Expr' }>, scope)],
  ['Assign', (I, st, scope) => execAssign(I, st as Extract<Stmt, { k: 'Assign' }>, scope)],
  ['AnnAssign', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'AnnAssign' }>;
    if (scope.isClassBody && s.target.k === 'Name') {
      const order = scope.vars.get('__annotations_order__');
      const items = order && order.k === 'tuple' ? order.items : [];
      scope.vars.set('__annotations_order__', { k: 'tuple', items: [...items, str(s.target.id)] });
      // The class's own annotations that name a class (`config: BertConfig`), as __annotations__
      // holds them; any other annotation is left out of it (not evaluated).
      const ann = s.ann.k === 'Name' ? I.peek(s.ann.id, scope) : undefined;
      if (ann && ann.k === 'class') {
        const own = scope.vars.get('__annotations__');
        const d: DictV = own && own.k === 'dict' ? own : { k: 'dict', map: new Map() };
        d.map.set('s' + s.target.id, [str(s.target.id), ann]);
        scope.vars.set('__annotations__', d);
      }
    }
    if (s.value) {
      I.assign(s.target, I.eval(s.value, scope), scope);
    }
    return undefined;
  }],
  ['AugAssign', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'AugAssign' }>;
    const cur = I.eval(s.target, scope);
    const rhs = I.eval(s.value, scope);
    if (cur.k === 'list' && s.op === '+') {
      const items = I.iterate(rhs);
      if (items === null) {
        cur.unknownItems = true;
      } else {
        cur.items.push(...items);
      }
      return undefined;
    }
    const site = { span: I.span(s.loc) };
    if (cur.k === 'instance' && cur.mod && s.op === '+') {
      // self.layers += [...] on a ModuleList (extend), seq += nn.Sequential(...)
      const iadd = I.host.instanceAttr(I, cur, '__iadd__', site);
      if (iadd) {
        I.assign(s.target, I.callValue(iadd, [rhs], NO_KWARGS, site), scope);
        return undefined;
      }
    }
    const v = cur.k === 'tensor' || rhs.k === 'tensor' ? I.host.tensorBinary(I, s.op, cur, rhs, site) : binaryOp(s.op, cur, rhs, I.budgets);
    if (cur.k === 'tensor' && cur.data) {
      // `t += x` changes the tensor in place: other names of it no longer hold known values.
      delete cur.data;
    }
    I.assign(s.target, v, scope);
    return undefined;
  }],
  ['If', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'If' }>;
    if (isTypeCheckingImports(s)) {
      // A lazy package's names (lazy-imports.ts): imported when first read, else not run.
      recordLazyImports(s.body, globalScopeOf(scope), I.currentPackage(scope));
      return undefined;
    }
    const t = testTruth(I, s.test, scope);
    if (t === null) {
      I.havoc([...s.body, ...s.orelse], scope, 'assigned under a condition not known statically');
      I.diag('info', 'unknown-condition', 'condition not known statically; names assigned in this if-statement are unknown', I.span(s.test.loc));
      // A return/break/continue that may or may not happen makes the rest unknown too.
      // (A raise is assumed not to happen: the analysed program is taken to run cleanly.)
      if (hasJump([...s.body, ...s.orelse], 'Return')) {
        return { k: 'return', v: unknown('return value depends on a condition not known statically', I.span(s.loc)), maybe: true };
      }
      if (hasJump([...s.body, ...s.orelse], 'Break') || hasJump([...s.body, ...s.orelse], 'Continue')) {
        return { k: 'unknownJump' };
      }
      return undefined;
    }
    return I.execBlock(t ? s.body : s.orelse, scope);
  }],
  ['For', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'For' }>;
    const iterV = I.eval(s.iter, scope);
    const items = loopItems(I, iterV, s.loc);
    const firstOnly = items === null ? firstOf(I, iterV) : null;
    if (firstOnly) {
      // Unknown number of iterations, known first element: the first pass is exact (shapes of
      // first calls), everything the loop assigns is unknown afterwards.
      I.firstPassLoops++;
      I.assign(s.target, firstOnly, scope);
      const sig = I.execBlock(s.body, scope);
      if (sig && (sig.k === 'return' || sig.k === 'raise')) {
        return sig;
      }
      I.havoc([s], scope, 'assigned in a loop with a number of iterations not known statically');
      return undefined;
    }
    if (items === null) {
      I.havoc([s], scope, 'assigned in a loop over values not known statically');
      if (iterV.k !== 'unknown') {
        I.diag('info', 'unknown-loop', 'loop over values not known statically; names assigned in it are unknown', I.span(s.iter.loc));
      }
      return undefined;
    }
    for (const it of items) {
      I.assign(s.target, it, scope);
      const passes = I.firstPassLoops;
      const sig = I.execBlock(s.body, scope);
      if (sig) {
        if (sig.k === 'break') {
          return undefined;
        }
        if (sig.k === 'continue') {
          continue;
        }
        if (sig.k === 'unknownJump') {
          I.havoc([s], scope, 'assigned in a loop that may stop early');
          return undefined;
        }
        if (sig.k === 'return' && sig.maybe) {
          // Later passes may run too.
          I.havoc([s], scope, 'may run after a return under a condition not known statically');
        }
        return sig;
      }
      if (I.firstPassLoops !== passes) {
        // The body contains a data loop (epochs over a DataLoader): one pass already gave
        // every first call; the other passes would only repeat it, so they are skipped and
        // what the loop assigns is unknown.
        I.havoc([s], scope, 'assigned in a training loop');
        return undefined;
      }
    }
    return I.execBlock(s.orelse, scope);
  }],
  ['While', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'While' }>;
    let n = 0;
    for (;;) {
      const t = truthy(I.eval(s.test, scope));
      if (t === null || n++ > I.budgets.maxLoopIterations) {
        if (t !== null) {
          I.diag('info', 'budget-maxLoopIterations', `loop longer than maxLoopIterations (${I.budgets.maxLoopIterations})`, I.span(s.loc));
        }
        I.havoc([s], scope, 'assigned in a loop not known statically');
        return undefined;
      }
      if (!t) {
        return I.execBlock(s.orelse, scope);
      }
      const sig = I.execBlock(s.body, scope);
      if (sig) {
        if (sig.k === 'break') {
          return undefined;
        }
        if (sig.k === 'continue') {
          continue;
        }
        if (sig.k === 'unknownJump') {
          I.havoc([s], scope, 'assigned in a loop that may stop early');
          return undefined;
        }
        if (sig.k === 'return' && sig.maybe) {
          // Later passes may run too.
          I.havoc([s], scope, 'may run after a return under a condition not known statically');
        }
        return sig;
      }
    }
  }],
  ['Def', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Def' }>;
    const defaults = new Map<string, Value>();
    for (const p of s.params) {
      if (p.default) {
        defaults.set(p.name, I.eval(p.default, scope));
      }
    }
    let fn: Value = {
      k: 'func', name: s.name, params: s.params, defaults, body: s.body, closure: scope.isClassBody ? nonClassParent(scope) : scope,
      ctx: I.ctx, isLambda: false
    };
    fn = applyDecorators(I, fn, s.decorators, scope);
    I.bind(s.name, fn, scope, s.loc);
    return undefined;
  }],
  ['Class', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Class' }>;
    const bases: ClassV[] = [];
    let unknownBase = false;
    let dictBase = false;
    // `str` / `int` beside an enum base is the members' mixin type (interp/enums.ts).
    let mixin: 'str' | 'int' | undefined;
    for (const a of s.bases) {
      if (a.kind !== 'pos') {
        continue;
      }
      const b = I.eval(a.value, scope);
      if (b.k === 'class') {
        bases.push(b);
      } else if (b.k === 'builtin' && (b.name === 'object' || b.name === 'Generic')) {
        // plain object base
      } else if (b.k === 'builtin' && (b.name === 'dict' || b.name === 'OrderedDict')) {
        dictBase = true;
      } else if (b.k === 'builtin' && (b.name === 'str' || b.name === 'int') && mixin === undefined) {
        mixin = b.name;
      } else {
        unknownBase = true;
      }
    }
    const body: Scope = { vars: new Map(), parent: scope, isClassBody: true };
    const span = I.span(s.loc);
    I.execBlock(s.body, body);
    const enumClass = bases.some(b => b.enumRoot === true || b.enumMembers !== undefined);
    const cls = I.makeClass(s.name, bases, body.vars, span, unknownBase || (mixin !== undefined && !enumClass) || bases.some(b => b.unknownBase === true));
    cls.seq = I.seq++;
    if (isEnumClass(cls)) {
      finishEnum(cls, mixin);
    }
    if (dictBase || bases.some(b => b.dictBase)) {
      cls.dictBase = true;
    }
    for (const a of cls.attrs.values()) {
      // Methods, and the functions classmethod/staticmethod/property wrap (zero-arg super()).
      for (const v of a.k === 'classmethod' || a.k === 'staticmethod' ? [a.func] : a.k === 'property' ? [a.func, a.fset ?? NONE] : [a]) {
        if (v.k === 'func' && !v.owner) {
          v.owner = cls;
        }
      }
    }
    let value: Value = cls;
    for (const d of [...s.decorators].reverse()) {
      value = applyDecorator(I, value, d, scope);
    }
    if (value === cls && I.ctx.file === undefined && scope === I.globals) {
      // Only classes defined at the top level of the analysed document are model candidates.
      I.classes.push(cls);
    }
    I.bind(s.name, value, scope, s.loc);
    return undefined;
  }],
  ['Return', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Return' }>;
    return { k: 'return', v: s.value ? I.eval(s.value, scope) : NONE };
  }],
  ['Pass', () => undefined],
  ['Break', () => ({ k: 'break' })],
  ['Continue', () => ({ k: 'continue' })],
  ['Raise', () => ({ k: 'raise' })],
  ['Global', (_I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Global' }>;
    scope.globalNames = scope.globalNames ?? new Set();
    s.names.forEach(n => scope.globalNames?.add(n));
    return undefined;
  }],
  ['Nonlocal', (_I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Nonlocal' }>;
    scope.nonlocalNames = scope.nonlocalNames ?? new Set();
    s.names.forEach(n => scope.nonlocalNames?.add(n));
    return undefined;
  }],
  ['Del', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Del' }>;
    for (const t of s.targets) {
      if (t.k === 'Name') {
        scope.vars.delete(t.id);
        if (scope === I.globals) {
          I.flow.bind(t.id);
        }
      } else if (t.k === 'Attr') {
        const o = I.eval(t.obj, scope);
        if (o.k === 'instance') {
          o.attrs.delete(t.attr);
          o.mod?.modules.delete(t.attr);
          o.mod?.params.delete(t.attr);
          o.mod?.buffers.delete(t.attr);
        }
      } else if (t.k === 'Sub') {
        const o = I.eval(t.obj, scope);
        if (o.k === 'dict') {
          touchDict(o, 'del');
          const k = keyOf(I.eval(t.index, scope));
          if (k !== null) {
            o.map.delete(k);
          }
        } else if (o.k === 'list') {
          // del xs[i] / del xs[:]; other slices leave the items unknown.
          const index = I.eval(t.index, scope);
          const i = index.k === 'int' ? Number(index.v) : null;
          if (index.k === 'slice' && index.lower.k === 'none' && index.upper.k === 'none' && index.step.k === 'none') {
            o.items.length = 0;
          } else if (i !== null && i >= -o.items.length && i < o.items.length && !o.unknownItems) {
            o.items.splice(i < 0 ? i + o.items.length : i, 1);
          } else {
            o.unknownItems = true;
          }
        } else {
          // del seq[0] / del blocks[-1] / del heads['aux']: a container module's __delitem__.
          const site = { span: I.span(t.loc) };
          const delItem = isModuleInstance(o) ? I.host.instanceAttr(I, o, '__delitem__', site) : undefined;
          if (delItem) {
            I.callValue(delItem, [I.eval(t.index, scope)], NO_KWARGS, site);
          } else if (o.k !== 'unknown') {
            I.havoc([{ k: 'Assign', targets: [t.obj], value: t.obj, loc: s.loc }], scope, 'item deleted');
          }
        }
      }
    }
    return undefined;
  }],
  ['Assert', () => undefined],
  ['Try', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Try' }>;
    let sig = I.execBlock(s.body, scope);
    if (sig && sig.k === 'raise' && s.handlers.length > 0) {
      sig = I.execBlock(s.handlers[0], scope);
    } else if (!sig) {
      sig = I.execBlock(s.orelse, scope);
    }
    const fin = I.execBlock(s.final, scope);
    return fin ?? sig;
  }],
  ['With', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'With' }>;
    for (const it of s.items) {
      const v = I.eval(it.expr, scope);
      if (it.target) {
        I.assign(it.target, v.k === 'instance' && !v.mod ? v : unknown('context manager value'), scope);
      }
    }
    return I.execBlock(s.body, scope);
  }],
  ['Import', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Import' }>;
    for (const n of s.names) {
      if (n.as) {
        I.bind(n.as, I.importPath(n.name), scope, s.loc);
      } else {
        const top = n.name.split('.')[0];
        // `import a.b` binds `a`; make sure the submodule is loaded too.
        if (top !== n.name) {
          I.importPath(n.name);
        }
        I.bind(top, I.importPath(top), scope, s.loc);
      }
    }
    return undefined;
  }],
  ['ImportFrom', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'ImportFrom' }>;
    let path = s.module;
    if (s.level > 0) {
      const pkg = I.currentPackage(scope).split('.').filter(x => x);
      const base = pkg.slice(0, Math.max(0, pkg.length - (s.level - 1)));
      path = [...base, ...(s.module ? s.module.split('.') : [])].join('.');
    }
    if (I.deferred && I.deferred.tryDefer(I, s, globalScopeOf(scope), path)) {
      return undefined;
    }
    const mod = I.importPath(path);
    if (s.star) {
      if (mod.k === 'pymod') {
        I.deferred?.settle(I, mod.path, null);
      }
      const userScope = mod.k === 'pymod' ? I.userScope(mod.path) : undefined;
      if (userScope) {
        // A local module: its public names are bound now, like Python does.
        const all = userScope.vars.get('__all__');
        const names = all && (all.k === 'list' || all.k === 'tuple') ? all.items.filter(x => x.k === 'str').map(x => (x as { v: string }).v) : [...userScope.vars.keys()].filter(n => !n.startsWith('_'));
        for (const n of names) {
          const v = userScope.vars.get(n);
          if (v !== undefined) {
            I.bind(n, v, scope, s.loc);
          }
        }
        return undefined;
      }
      if (mod.k === 'pymod') {
        I.diag('info', 'star-import', `names from 'from ${path} import *' are resolved lazily`, I.span(s.loc));
        I.starImports.push(mod.path);
        I.openScopes.add(globalScopeOf(scope));
      }
      return undefined;
    }
    for (const n of s.names) {
      let v: Value;
      if (mod.k === 'pymod') {
        // Python takes the package's attribute first, and imports a submodule only when the
        // package has no such name (`from pkg import f` where pkg/__init__ bound f over pkg/f.py).
        I.deferred?.settle(I, mod.path, n.name);
        const held = I.userScope(mod.path)?.vars.get(n.name);
        const sub = held === undefined ? I.loadUserModule(`${path}.${n.name}`) : null;
        v = held ?? sub ?? I.getAttr(mod, n.name, s.loc);
      } else {
        v = I.getAttr(mod, n.name, s.loc);
      }
      I.bind(n.as ?? n.name, v, scope, s.loc);
    }
    return undefined;
  }],
  ['Unsupported', (I, st) => {
    const s = st as Extract<Stmt, { k: 'Unsupported' }>;
    I.unknownAt(`'${s.what}' is not supported`, s.loc);
    return undefined;
  }]
]);

/** First element of an iterable of unknown length (enumerate over a DataLoader, ...). */
function firstOf(I: Engine, v: Value): Value | null {
  if (v.k === 'instance' && !v.mod) {
    const f = v.attrs.get('__first__');
    if (f !== undefined) {
      return f;
    }
  }
  return I.host.firstItem ? I.host.firstItem(I, v) : null;
}

function applyDecorators(I: Engine, fn: Value, decorators: Expr[], scope: Scope): Value {
  let v = fn;
  for (const d of [...decorators].reverse()) {
    v = applyDecorator(I, v, d, scope);
  }
  return v;
}

/**
 * One decorator (the soundness rule, opaque.ts): modelled ones (staticmethod, classmethod,
 * property, dataclass, functools' identity wrappers), notebook functions (followed), and the
 * KNOWN_DECORATORS table keep what they decorate; any other decorator makes it unknown.
 */
function applyDecorator(I: Engine, v: Value, d: Expr, scope: Scope): Value {
  const dv = I.eval(d, scope);
  const span = I.span(d.loc);
  if (dv.k === 'builtin') {
    if (dv.name === 'staticmethod' || dv.name === 'classmethod' || dv.name === 'property') {
      return { k: dv.name, func: v } as Value;
    }
    if (dv.name === 'dataclass' || dv.name === 'dataclass()') {
      if (v.k === 'class') {
        v.dataclass = true;
      }
      return v;
    }
    if (dv.name === 'identity' || KNOWN_DECORATORS.has(dv.name)) {
      return v;
    }
  }
  if (dv.k === 'func' || dv.k === 'bound' || dv.k === 'builtin' || dv.k === 'class') {
    const r = I.callValue(dv, [v], NO_KWARGS, { span });
    return r.k === 'unknown' ? { k: 'unknown', reason: `the decorator returned a value not known statically (${r.reason})`, span, fromCall: true } : r;
  }
  const name = calleeName(d.k === 'Call' ? d.func : d, n => I.peek(n, scope));
  if (name !== null && KNOWN_DECORATORS.has(name)) {
    return v;
  }
  I.host.onUnseenCode?.(I, name ?? '?');
  return { k: 'unknown', reason: `decorated by ${name ?? 'a decorator'}, which is not known to return what it decorates`, span, fromCall: true };
}
