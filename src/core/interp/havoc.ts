// Havoc: code the interpreter cannot follow (a branch on an unknown condition, a loop over
// unknown data, a statement cut short by a budget) is not run; instead every name, attribute
// and container it could assign becomes Unknown, and every module or list it could change is
// marked so. Plain targets (only ever given flags or numbers) become Unknowns that cannot hide
// parameters; the frameworks are told (onHavoc, havocCall, havocLoop) what they may lose.
// Does not: run the skipped code.
import type { Span } from '../ir';
import type { Arg, Expr, Stmt } from '../parse/ast';
import { expandBody } from '../parse/lazy';
import { isModuleInstance } from './values';
import type { Scope, UnknownV, Value } from './values';
import { assignsName, isLiteralIndex, mentions, nestedStmts, stmtTargets, targetKey } from './syntax';
import type { Engine } from './context';

/**
 * Makes every name/attribute a statement list could assign Unknown. `plainTargets` (made
 * by the outermost call) says which targets are only ever given plain values (flags,
 * numbers) in the whole list: those become Unknowns that cannot hide parameters.
 */
export function havoc(I: Engine, body: Stmt[], scope: Scope, reason: string, plainTargets: Map<string, boolean> = plainAssignments(I, body, scope)): void {
  if (I.host.onHavoc && body.length > 0) {
    I.host.onHavoc(I, body, reason);
  }
  const unknown = (r: string, span?: Span): Value => ({ k: 'unknown', reason: r, span, fromCall: true });
  /** The Unknown a target gets: one without parameters when it held none and is only given plain values. */
  const unknownFor = (t: Expr): Value => {
    const v = unknown(reason, I.span(t.loc));
    const key = targetKey(t);
    if (key !== null && plainTargets.get(key) === true && holdsNoParams(I, t, scope)) {
      (v as UnknownV).scalar = true;
    }
    return v;
  };
  const visitTarget = (t: Expr): void => {
    if (t.k === 'Name') {
      I.bind(t.id, unknownFor(t), scope);
    } else if (t.k === 'Tuple' || t.k === 'List') {
      t.elts.forEach(visitTarget);
    } else if (t.k === 'Starred') {
      visitTarget(t.v);
    } else if (t.k === 'Attr' || t.k === 'Sub') {
      // self.x = ... / d[k] = ...: make the attribute (or the whole container) unknown.
      try {
        const base = I.evalQuiet(t.obj, scope);
        if (t.k === 'Attr') {
          I.setAttr(base, t.attr, unknownFor(t), t.loc);
        } else if (t.obj.k === 'Name') {
          I.bind(t.obj.id, unknown(reason, I.span(t.loc)), scope);
        }
      } catch {
        // ignore: havoc is best effort on top of an already-unknown state
      }
    }
  };
  const quiet = (e: Expr): Value | null => {
    // Only side-effect-free expressions (names, attribute chains and literal subscripts
    // such as net[0] or model.heads['cls']) are evaluated here.
    let x: Expr = e;
    while (x.k === 'Attr' || (x.k === 'Sub' && isLiteralIndex(x.index))) {
      x = x.obj;
    }
    if (x.k !== 'Name') {
      return null;
    }
    try {
      return I.evalQuiet(e, scope);
    } catch {
      return null;
    }
  };
  const poison = (v: Value | null): void => {
    if (!v) {
      return;
    }
    if (v.k === 'list') {
      v.unknownItems = true;
    } else if (v.k === 'instance' && v.mod) {
      if (!(I.host.havocInstance && I.host.havocInstance(I, v, reason))) {
        v.mod.unknownParams.push(`changed under a condition not known statically (${reason})`);
      }
    }
  };
  const visitCall = (e: Expr): void => {
    if (e.k !== 'Call') {
      return;
    }
    // Whatever a call in an unknown branch may mutate: its receiver and the modules/lists
    // passed to it become unknown — except a framework's module methods that never change a
    // module's parameters (model.train(), zero_grad(), to(device)) and builtins that only read.
    if (e.func.k === 'Attr') {
      const receiver = quiet(e.func.obj);
      const sub = receiver && isModuleInstance(receiver) && !receiver.attrs.has(e.func.attr) ? receiver.mod.modules.get(e.func.attr) : undefined;
      if (sub && sub.k === 'instance' && sub.cls.native !== undefined) {
        // self.drop(x): a call of a framework layer held as a submodule changes no module.
      } else if (!(receiver && keepsParameters(I, receiver, e.func.attr))) {
        poison(receiver);
      }
    }
    const callee = e.func.k === 'Name' ? quiet(e.func) : null;
    if (!(callee && callee.k === 'builtin' && READ_ONLY_BUILTINS.has(callee.name))) {
      e.args.forEach((a, i) => {
        const v = quiet(a.value);
        // test(model, loader): a function of the notebook that only calls the module and
        // its parameter-keeping methods leaves it as it is.
        if (!(v && isModuleInstance(v) && callee && a.kind === 'pos' && onlyUsesModule(I, callee, i))) {
          poison(v);
        }
      });
    }
  };
  const visitExpr = (e: Expr): void => {
    // A call a framework fully accounts for (freezing under an unknown condition).
    if (e.k === 'Call' && I.host.havocCall?.(I, e, quiet)) {
      return;
    }
    visitCall(e);
    // Mutating method calls on names: `layers.append(x)` -> layers unknown.
    if (e.k === 'Call' && e.func.k === 'Attr' && e.func.obj.k === 'Name' && mutates(I, e.func.attr)) {
      let sc: Scope | null = scope;
      while (sc && !sc.vars.has(e.func.obj.id)) {
        sc = sc.parent;
      }
      const cur = sc?.vars.get(e.func.obj.id);
      if (sc === I.globals) {
        I.flow.read(e.func.obj.id);
      }
      if (!(cur && cur.k === 'instance' && I.host.havocInstance && I.host.havocInstance(I, cur, reason))) {
        I.bind(e.func.obj.id, unknown(reason, I.span(e.loc)), scope);
      }
    }
    if (e.k === 'Call' && e.func.k === 'Attr' && e.func.obj.k === 'Attr' && mutates(I, e.func.attr)) {
      // `self.rewards.append(r)`: a list stays a list whose items are not known (visitCall
      // marked it); anything else becomes Unknown.
      const base = e.func.obj.obj.k === 'Name' ? I.peek(e.func.obj.obj.id, scope) : undefined;
      const cur = base && base.k === 'instance' ? base.attrs.get(e.func.obj.attr) : undefined;
      if (!(cur && cur.k === 'list' && cur.unknownItems)) {
        visitTarget(e.func.obj);
      }
    }
  };
  for (const st of body) {
    if ((st.k === 'Assign' || st.k === 'AugAssign' || st.k === 'AnnAssign' || st.k === 'Return') && st.value) {
      visitCall(st.value);
    }
    if ((st.k === 'Assign' || st.k === 'AugAssign' || st.k === 'AnnAssign' || st.k === 'Return' || st.k === 'Expr') && st.value) {
      // Calls inside other expressions (`x = f(self.add_module(...))`, `a or m.append(b)`)
      // may change what they are called on as much as a call standing alone.
      innerCalls(st.value).forEach(visitExpr);
    }
    switch (st.k) {
      case 'Assign':
        // model = model.train() / .to(device) / .eval(): methods that return the module
        // itself leave the name bound to the same module, whether or not the code ran.
        if (!rebindsItself(I, st, quiet)) {
          st.targets.forEach(visitTarget);
        }
        break;
      case 'AugAssign':
      case 'AnnAssign':
        visitTarget(st.target);
        break;
      case 'For': {
        // What the loop may have done to what it iterates (freezing a model's parameters).
        const iterValue = st.iter.k === 'Name' ? quiet(st.iter) : null;
        I.host.havocLoop?.(I, st, iterValue, quiet);
        visitCall(st.iter);
        visitTarget(st.target);
        havoc(I, st.body, scope, reason, plainTargets);
        havoc(I, st.orelse, scope, reason, plainTargets);
        break;
      }
      case 'While':
        havoc(I, st.body, scope, reason, plainTargets);
        havoc(I, st.orelse, scope, reason, plainTargets);
        break;
      case 'If':
        havoc(I, st.body, scope, reason, plainTargets);
        havoc(I, st.orelse, scope, reason, plainTargets);
        break;
      case 'Try':
        havoc(I, st.body, scope, reason, plainTargets);
        st.handlers.forEach(h => havoc(I, h, scope, reason, plainTargets));
        havoc(I, st.orelse, scope, reason, plainTargets);
        havoc(I, st.final, scope, reason, plainTargets);
        break;
      case 'With':
        st.items.forEach(i => i.target && visitTarget(i.target));
        havoc(I, st.body, scope, reason, plainTargets);
        break;
      case 'Def':
      case 'Class':
        I.bind(st.name, unknown(reason, I.span(st.loc)), scope);
        break;
      case 'Import':
      case 'ImportFrom':
        for (const n of st.names) {
          I.bind(n.as ?? n.name.split('.')[0], unknown(reason, I.span(st.loc)), scope);
        }
        break;
      case 'Expr':
        visitExpr(st.value);
        break;
      default:
        break;
    }
  }
}

/** The calls nested inside `e` (not `e` itself, nor inside lambdas, which do not run here). */
function innerCalls(e: Expr): Expr[] {
  const out: Expr[] = [];
  const walk = (n: unknown, top: boolean): void => {
    if (Array.isArray(n)) {
      n.forEach(x => walk(x, false));
      return;
    }
    if (n === null || typeof n !== 'object') {
      return;
    }
    const x = n as { k?: string };
    if (x.k === 'Lambda') {
      return;
    }
    if (x.k === 'Call' && !top) {
      out.push(n as Expr);
    }
    for (const [key, v] of Object.entries(n as Record<string, unknown>)) {
      if (key !== 'loc' && typeof v === 'object' && v !== null) {
        walk(v, false);
      }
    }
  };
  walk(e, true);
  return out;
}

/** Builtins that only read their arguments (also matched by name when reading a function's body). */
const READ_ONLY_BUILTINS = new Set(['print', 'len', 'str', 'repr', 'isinstance', 'type', 'id', 'hash', 'hasattr', 'format', 'callable']);

/** Builtins whose result is a plain value (bool, number, string), never a module. */
const PLAIN_BUILTINS = new Set(['hasattr', 'isinstance', 'issubclass', 'callable', 'len', 'int', 'float', 'bool', 'str', 'repr', 'round']);

/**
 * Whether a function of the notebook, given a module as positional argument `index`, only
 * calls it (`model(x)`), calls its parameter-keeping methods (`model.zero_grad()`) or hands it
 * to a read-only builtin — nothing that could add, replace, drop or freeze a layer.
 */
function onlyUsesModule(I: Engine, f: Value, index: number): boolean {
  const fn = f.k === 'func' ? f : null;
  const p = fn ? fn.params[index] : undefined;
  if (!fn || fn.isLambda || !p || (p.kind !== 'normal' && p.kind !== 'posonly')) {
    return false;
  }
  const name = p.name;
  let clean = true;
  // Attribute reads that are called (model.eval()), and arguments of read-only builtins.
  const calledAttrs = new Set<Record<string, unknown>>();
  const readOnlyArg = new Set<Record<string, unknown>>();
  const visit = (node: unknown, parent: Record<string, unknown> | null, field: string): void => {
    if (!clean || node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach(x => visit(x, parent, field));
      return;
    }
    const n = node as Record<string, unknown>;
    if (n.k === 'Name' && n.id === name) {
      const ok =
        (parent?.k === 'Call' && field === 'func') ||
        (parent?.k === 'Attr' && field === 'obj' && (I.host.keepsParameters?.(parent.attr as string) ?? false) && calledAttrs.has(parent)) ||
        (parent !== null && 'kind' in parent && field === 'value' && readOnlyArg.has(parent));
      clean = clean && ok;
      return;
    }
    if ((n.k === 'Def' || n.k === 'Class' || n.k === 'Global' || n.k === 'Nonlocal' || n.k === 'Lambda') && mentions(n, x => x.k === 'Name' && x.id === name, v => v === name)) {
      clean = false;
      return;
    }
    if (n.k === 'Call') {
      const func = n.func as Expr;
      if (func.k === 'Attr') {
        calledAttrs.add(func as unknown as Record<string, unknown>);
      }
      if (func.k === 'Name' && READ_ONLY_BUILTINS.has(func.id)) {
        (n.args as Arg[]).forEach(a => readOnlyArg.add(a as unknown as Record<string, unknown>));
      }
    }
    for (const key of Object.keys(n)) {
      if (key !== 'loc' && key !== 'k') {
        visit(n[key], n, key);
      }
    }
  };
  // Rebinding the parameter (model = model.to(device)) is not followed: not clean.
  const body = Array.isArray(fn.body) ? fn.body : [];
  expandBody(body);
  visit(body, null, 'body');
  return clean && !assignsName(body, name);
}

function isPlainValue(v: Value): boolean {
  return v.k === 'none' || v.k === 'bool' || v.k === 'int' || v.k === 'float' || v.k === 'str' || v.k === 'sym' || (v.k === 'unknown' && v.scalar === true);
}

/** Whether an expression's value is plain (bool, number, string) whatever unknowns it reads. */
function isPlainExpr(I: Engine, e: Expr, scope: Scope): boolean {
  switch (e.k) {
    case 'Int':
    case 'Float':
    case 'Str':
    case 'FStr':
    case 'Const':
    case 'Not':
      return true;
    case 'Compare':
      // A comparison of tensors is a tensor: plain only when both sides are.
      return isPlainExpr(I, e.left, scope) && e.rights.every(r => isPlainExpr(I, r, scope));
    case 'Unary':
      return isPlainExpr(I, e.v, scope);
    case 'Bin':
      return isPlainExpr(I, e.l, scope) && isPlainExpr(I, e.r, scope);
    case 'Bool':
      return e.values.every(x => isPlainExpr(I, x, scope));
    case 'IfExp':
      return isPlainExpr(I, e.body, scope) && isPlainExpr(I, e.orelse, scope);
    case 'Name': {
      const v = I.peek(e.id, scope);
      return v !== undefined && isPlainValue(v);
    }
    case 'Attr': {
      // `self.flag`, `cfg.dropout`: an attribute already set on an instance.
      const base = e.obj.k === 'Name' ? I.peek(e.obj.id, scope) : undefined;
      const v = base && base.k === 'instance' ? base.attrs.get(e.attr) : undefined;
      return v !== undefined && isPlainValue(v);
    }
    case 'Call': {
      const f = e.func.k === 'Name' ? I.peek(e.func.id, scope) : undefined;
      return f !== undefined && f.k === 'builtin' && PLAIN_BUILTINS.has(f.name);
    }
    default:
      return false;
  }
}

/**
 * For each assignment target of a statement list (nested blocks included), whether every
 * assignment to it gives a plain value.
 */
function plainAssignments(I: Engine, body: Stmt[], scope: Scope): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const note = (t: Expr, plain: boolean): void => {
    const key = targetKey(t);
    if (key !== null) {
      out.set(key, (out.get(key) ?? true) && plain);
    } else if (t.k === 'Tuple' || t.k === 'List') {
      t.elts.forEach(x => note(x, false));
    } else if (t.k === 'Starred') {
      note(t.v, false);
    }
  };
  for (const st of nestedStmts(body)) {
    const value = st.k === 'Assign' || st.k === 'AugAssign' || st.k === 'AnnAssign' ? st.value : null;
    const plain = value !== null && isPlainExpr(I, value, scope);
    stmtTargets(st).forEach(t => note(t, plain));
  }
  return out;
}

/** Whether a target holds no module or parameter now (unset, or a plain value). */
function holdsNoParams(I: Engine, t: Expr, scope: Scope): boolean {
  if (t.k === 'Attr') {
    const base = t.obj.k === 'Name' ? I.peek(t.obj.id, scope) : undefined;
    if (!base || base.k !== 'instance') {
      return false;
    }
    if (base.mod && (base.mod.params.has(t.attr) || base.mod.modules.has(t.attr) || base.mod.buffers.has(t.attr))) {
      return false;
    }
    const cur = base.attrs.get(t.attr);
    return cur === undefined || isPlainValue(cur);
  }
  if (t.k === 'Name') {
    const cur = I.peek(t.id, scope);
    return cur === undefined || isPlainValue(cur);
  }
  return false;
}

/** Methods of Python's lists, dicts and sets that change them. */
const PY_MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'pop', 'remove', 'clear', 'add', 'setdefault']);

/** Whether a method of this name may change its receiver (Python's container methods, a framework's). */
export function mutates(I: Engine, name: string): boolean {
  return PY_MUTATORS.has(name) || (I.host.mutatesReceiver?.(name) ?? false);
}

/** A framework module's own method `name` (no user class or attribute redefines it) that keeps its parameters. */
export function keepsParameters(I: Engine, v: Value, name: string): boolean {
  if (v.k !== 'instance' || !v.mod || !I.host.keepsParameters?.(name, v)) {
    return false;
  }
  return !v.cls.mro.some(c => !c.native && c.attrs.has(name)) && !v.attrs.has(name);
}

/** `x = x.m(...)` where method m of the module x returns x itself (the host's table). */
function rebindsItself(I: Engine, st: Extract<Stmt, { k: 'Assign' }>, quiet: (e: Expr) => Value | null): boolean {
  const t = st.targets.length === 1 ? st.targets[0] : null;
  const v = st.value;
  if (!t || t.k !== 'Name' || v.k !== 'Call' || v.func.k !== 'Attr' || v.func.obj.k !== 'Name' || v.func.obj.id !== t.id) {
    return false;
  }
  const receiver = quiet(v.func.obj);
  return !!receiver && receiver.k === 'instance' && I.host.returnsSelf?.(v.func.attr, receiver) === true;
}
