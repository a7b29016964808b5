// Expressions, one function per kind in a table (names, attributes and calls are evaluated
// directly by Interpreter.eval): literals within the size budgets, operators (tensors go to the
// host), three-valued boolean tests, comprehensions, lambdas, f-strings, and calls — with the
// effects a call the interpreter cannot follow may have (the host is told about them).
// Does not: call anything itself (calls.ts) or look names up (the Interpreter).
import { formatValue as boundedFormat } from './repr';
import { bool, DictV, isModuleInstance, keyOf, NONE, NO_KWARGS, nonClassParent, str, truthy, unknown, withField } from './values';
import type { CallSite, ClassV, Scope, Value } from './values';
import type { Expr, FPart, Loc } from '../parse/ast';
import { addUnique, binaryOp, compareOp, unaryOp } from './ops';
import { pureExpr } from './syntax';
import { calleeName, changedUnseen, handedToUnseen, lineOf, opaqueCallee, READS_ONLY_CALLEES } from './opaque';
import type { Engine } from './context';

export function fstring(I: Engine, parts: Array<string | FPart>, scope: Scope, loc: Loc): Value {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = I.eval(p.expr, scope);
    let spec: string | undefined;
    if (p.spec) {
      const s = fstring(I, p.spec, scope, loc);
      if (s.k !== 'str') {
        return s;
      }
      spec = s.v;
    }
    const f = formatValue(I, v, spec, p.conv);
    if (f === null) {
      return unknown('f-string with a value not known statically', I.span(loc));
    }
    out += f;
    if (out.length > I.budgets.maxStringLength) {
      return I.unknownAt(`string longer than maxStringLength (${I.budgets.maxStringLength})`, loc, 'budget-maxStringLength');
    }
  }
  return str(out);
}

/** The text of `v` in an f-string or str.format field: bounded, once per shared container (repr.ts). */
export function formatValue(_I: Engine, v: Value, spec?: string, conv?: string): string | null {
  return boundedFormat(v, spec, conv);
}

export type ExprFn = (I: Engine, e: Expr, scope: Scope) => Value;

/** Length of an int literal's decimal text (sign included); short ones without formatting. */
function intDigits(v: bigint): number {
  if (v >= 0n && v < 1000000000n) {
    let n = Number(v);
    let d = 1;
    while (n >= 10) {
      n = Math.floor(n / 10);
      d++;
    }
    return d;
  }
  return v.toString().length;
}

/** A call expression (also run directly by Interpreter.eval). */
export function evalCall(I: Engine, c: Extract<Expr, { k: 'Call' }>, scope: Scope): Value {
  // Zero-argument super() inside a method.
  if (c.func.k === 'Name' && c.func.id === 'super' && c.args.length === 0) {
    return zeroArgSuper(I, scope, c.loc);
  }
  // A method call keeps its receiver: a framework method we do not model may change it.
  const receiver = c.func.k === 'Attr' ? I.eval(c.func.obj, scope) : null;
  const f = c.func.k === 'Attr' ? I.getAttr(receiver as Value, c.func.attr, c.func.loc) : I.eval(c.func, scope);
  const { pos, kw, unknownSplat } = I.evalArgs(c.args, scope);
  const site: CallSite = { span: I.span(c.loc) };
  if (f.k === 'unknown' && c.func.k === 'Attr' && receiver && isModuleInstance(receiver) && !receiver.attrs.has(c.func.attr)) {
    I.host.onUnknownMethod?.(I, receiver, c.func.attr);
  }
  if (unknownSplat) {
    if (f.k === 'class' && f.framework && I.nativeBase(f) === f) {
      // A framework layer built from unknown *args: keep the module but with unknown
      // parameters. (A user class built from them would be a guess of its structure.)
      const r = I.callValue(f, pos, kw, site);
      if (isModuleInstance(r)) {
        r.mod.unknownParams.push('constructor arguments not known statically (*args/**kwargs)');
      }
      return r;
    }
    if (f.k === 'func' || f.k === 'bound') {
      I.diag('info', 'unknown-args', 'call with *args/**kwargs not known statically', site.span);
    }
    return unknown('call with *args/**kwargs not known statically', site.span);
  }
  const r = I.callValue(f, pos, kw, site);
  if (opaqueCallee(f)) {
    // Code that cannot be seen, handed modules, parameters or tensors (opaque.ts).
    const name = calleeName(c.func, n => I.peek(n, scope));
    if (!READS_ONLY_CALLEES.has(name ?? '')) {
      I.host.onUnseenCode?.(I, name ?? '?');
      const why = `${name ?? 'a function not known statically'}() cannot be seen and was handed it${lineOf(site.span)}`;
      handedToUnseen([...pos, ...kw.values()], why);
      I.host.onHandedToUnseen?.(I, [...pos, ...kw.values(), ...(receiver ? [receiver] : [])], why);
      if (receiver && isModuleInstance(receiver) && c.func.k === 'Attr' && !I.host.keepsParameters?.(c.func.attr, receiver)) {
        changedUnseen(receiver.mod, `${name ?? c.func.attr}() cannot be seen and may change the module${lineOf(site.span)}`);
      }
    }
  }
  if (r.k === 'unknown' && f.k === 'pymod') {
    // A generator handed to a function we do not follow (an optimizer) may be used up by it.
    for (const a of pos) {
      if (a.k === 'list' && a.generatorOf) {
        a.consumed = true;
      }
    }
    I.diag('info', 'unknown-call', r.reason, site.span);
    // A library call we do not follow may rewrite the modules passed (pruning, LoRA, ...).
    I.host.onUnknownCall?.(I, f.path.startsWith('?') ? f.path.slice(1) : f.path, pos, kw);
  }
  if (r.k === 'unknown' && !r.fromCall) {
    return withField(r, 'fromCall', true);
  }
  return r;
}

// Name, Attr and Call are also evaluated directly by Interpreter.eval (the same code, without the lookup).
export const EXPRS = new Map<string, ExprFn>([
  ['Name', (I, e, scope) => I.lookup((e as { id: string }).id, scope, e.loc)],
  ['Int', (I, e) => {
    const v = (e as { v: bigint }).v;
    return intDigits(v) > I.budgets.maxIntDigits ? I.unknownAt('integer literal longer than maxIntDigits', e.loc, 'budget-maxIntDigits') : { k: 'int', v };
  }],
  ['Float', (I, e) => ((e as { imag?: boolean }).imag ? I.unknownAt('complex numbers', e.loc) : { k: 'float', v: (e as { v: number }).v })],
  ['Str', (I, e) => {
    const v = (e as { v: string }).v;
    if (v.length > I.budgets.maxStringLength) {
      return I.unknownAt('string longer than maxStringLength', e.loc, 'budget-maxStringLength');
    }
    return (e as { interned?: true }).interned ? { k: 'str', v, interned: true } : str(v);
  }],
  ['FStr', (I, e, scope) => I.fstring((e as Extract<Expr, { k: 'FStr' }>).parts, scope, e.loc)],
  ['Const', (_I, e) => {
    switch ((e as { v: string }).v) {
      case 'True':
        return bool(true);
      case 'False':
        return bool(false);
      case 'None':
        return NONE;
      default:
        return { k: 'pymod', path: '?Ellipsis' };
    }
  }],
  ['Attr', (I, e, scope) => {
    const a = e as Extract<Expr, { k: 'Attr' }>;
    return I.getAttr(I.eval(a.obj, scope), a.attr, a.loc);
  }],
  ['Sub', (I, e, scope) => {
    const s = e as Extract<Expr, { k: 'Sub' }>;
    return I.getItem(I.eval(s.obj, scope), I.eval(s.index, scope), s.loc);
  }],
  ['Slice', (I, e, scope) => {
    const s = e as Extract<Expr, { k: 'Slice' }>;
    return {
      k: 'slice',
      lower: s.lower ? I.eval(s.lower, scope) : NONE,
      upper: s.upper ? I.eval(s.upper, scope) : NONE,
      step: s.step ? I.eval(s.step, scope) : NONE
    };
  }],
  ['Call', (I, e, scope) => evalCall(I, e as Extract<Expr, { k: 'Call' }>, scope)],
  ['Bin', (I, e, scope) => {
    const b = e as Extract<Expr, { k: 'Bin' }>;
    const l = I.eval(b.l, scope);
    const r = I.eval(b.r, scope);
    if (l.k === 'tensor' || r.k === 'tensor') {
      return I.host.tensorBinary(I, b.op, l, r, { span: I.span(b.loc) });
    }
    if (l.k === 'instance' && !l.mod) {
      const m = I.classAttr(l.cls, OP_METHODS.get(b.op) ?? '');
      if (m) {
        return I.callValue({ k: 'bound', func: m, self: l }, [r], NO_KWARGS, { span: I.span(b.loc) });
      }
    }
    if (l.k === 'instance' && l.mod && b.op === '+') {
      // ModuleList + [...], Sequential + Sequential
      const site = { span: I.span(b.loc) };
      const add = I.host.instanceAttr(I, l, '__add__', site);
      if (add) {
        return I.callValue(add, [r], NO_KWARGS, site);
      }
    }
    return binaryOp(b.op, l, r, I.budgets);
  }],
  ['Unary', (I, e, scope) => {
    const u = e as Extract<Expr, { k: 'Unary' }>;
    const v = I.eval(u.v, scope);
    if (v.k === 'tensor') {
      return I.host.tensorBinary(I, 'neg', v, v, { span: I.span(u.loc) });
    }
    return unaryOp(u.op, v, I.budgets);
  }],
  ['Not', (I, e, scope) => {
    const t = truthy(I.eval((e as { v: Expr }).v, scope));
    return t === null ? unknown('negation of an unknown value') : bool(!t);
  }],
  ['Bool', (I, e, scope) => {
    const b = e as Extract<Expr, { k: 'Bool' }>;
    let last: Value = NONE;
    for (const x of b.values) {
      last = I.eval(x, scope);
      const t = truthy(last);
      if (t === null) {
        return unknown('boolean expression not known statically');
      }
      if (b.op === 'and' ? !t : t) {
        return last;
      }
    }
    return last;
  }],
  ['Compare', (I, e, scope) => {
    const c = e as Extract<Expr, { k: 'Compare' }>;
    let left = I.eval(c.left, scope);
    for (let i = 0; i < c.ops.length; i++) {
      const right = I.eval(c.rights[i], scope);
      if ((left.k === 'tensor' || right.k === 'tensor') && c.ops.length === 1 && ['==', '!=', '<', '<=', '>', '>='].includes(c.ops[i])) {
        // Elementwise comparison: a boolean tensor of the broadcast shape.
        return I.host.tensorBinary(I, c.ops[i], left, right, { span: I.span(c.loc) });
      }
      let r = compareOp(c.ops[i], left, right);
      if (r === null && right.k === 'list' && right.dirOf !== undefined && left.k === 'str' && (c.ops[i] === 'in' || c.ops[i] === 'not in')) {
        // `'silu' in dir(torch.nn.functional)`: true when the framework has the name.
        const has = I.host.hasModuleAttr?.(I, right.dirOf, left.v) === true ? true : null;
        r = has === null ? null : c.ops[i] === 'in' ? has : !has;
      }
      if (r === null) {
        // A bool (or, from a custom __eq__, an array): never a module or a parameter.
        return { k: 'unknown', reason: 'comparison not known statically', scalar: true };
      }
      if (!r) {
        return bool(false);
      }
      left = right;
    }
    return bool(true);
  }],
  ['IfExp', (I, e, scope) => {
    const c = e as Extract<Expr, { k: 'IfExp' }>;
    const t = testTruth(I, c.test, scope);
    if (t === null) {
      return unknown('conditional expression with a condition not known statically', I.span(c.loc));
    }
    return I.eval(t ? c.body : c.orelse, scope);
  }],
  ['Lambda', (I, e, scope) => {
    const l = e as Extract<Expr, { k: 'Lambda' }>;
    const defaults = new Map<string, Value>();
    for (const p of l.params) {
      if (p.default) {
        defaults.set(p.name, I.eval(p.default, scope));
      }
    }
    return { k: 'func', name: '<lambda>', params: l.params, defaults, body: l.body, closure: nonClassParent(scope), ctx: I.ctx, isLambda: true };
  }],
  ['Tuple', (I, e, scope) => seqLiteral(I, e as Extract<Expr, { k: 'Tuple' }>, scope, 'tuple')],
  ['List', (I, e, scope) => seqLiteral(I, e as Extract<Expr, { k: 'List' }>, scope, 'list')],
  ['Set', (I, e, scope) => seqLiteral(I, e as Extract<Expr, { k: 'Set' }>, scope, 'set')],
  ['Dict', (I, e, scope) => {
    const d = e as Extract<Expr, { k: 'Dict' }>;
    const out: DictV = { k: 'dict', map: new Map() };
    for (const it of d.items) {
      if ('splat' in it) {
        const v = I.eval(it.splat, scope);
        if (v.k !== 'dict') {
          return unknown('dict unpacking of an unknown value');
        }
        for (const [k, pair] of v.map) {
          out.map.set(k, pair);
        }
      } else {
        const k = I.eval(it.key, scope);
        const key = keyOf(k);
        if (key === null) {
          return unknown('dict key not known statically');
        }
        out.map.set(key, [k, I.eval(it.value, scope)]);
      }
    }
    return out;
  }],
  ['Comp', (I, e, scope) => {
    const c = e as Extract<Expr, { k: 'Comp' }>;
    const inner: Scope = { vars: new Map(), parent: scope.isClassBody ? nonClassParent(scope) : scope };
    const items: Value[] = [];
    const dict: DictV = { k: 'dict', map: new Map() };
    let bad = false;
    const ok = compGen(I, c.gens, inner, () => {
      if (items.length + dict.map.size >= I.budgets.maxCollectionLength) {
        bad = true;
        return false;
      }
      if (c.kind === 'dict') {
        const k = I.eval(c.elt, inner);
        const key = keyOf(k);
        if (key === null) {
          return false;
        }
        dict.map.set(key, [k, I.eval(c.value as Expr, inner)]);
      } else {
        items.push(I.eval(c.elt, inner));
      }
      return true;
    });
    if (!ok) {
      return bad
        ? I.unknownAt(`comprehension longer than maxCollectionLength (${I.budgets.maxCollectionLength})`, c.loc, 'budget-maxCollectionLength')
        : unknown('comprehension over values not known statically', I.span(c.loc));
    }
    if (c.kind === 'dict') {
      return dict;
    }
    return c.kind === 'set' ? uniqueSet(items) : ({ k: c.kind === 'list' ? 'list' : 'tuple', items } as Value);
  }],
  ['Starred', (I, e) => I.unknownAt('starred expression here', e.loc)],
  ['Walrus', (I, e, scope) => {
    const w = e as Extract<Expr, { k: 'Walrus' }>;
    const v = I.eval(w.value, scope);
    I.bind(w.target, v, scope);
    return v;
  }],
  ['Unsupported', (I, e) => I.unknownAt(`'${(e as { what: string }).what}' is not supported`, e.loc)]
]);

const OP_METHODS = new Map([['+', '__add__'], ['-', '__sub__'], ['*', '__mul__'], ['@', '__matmul__'], ['/', '__truediv__']]);

/**
 * Truth of an `if` test, three-valued: `cuda_available and ngpu > 1` is false when ngpu is 1
 * even though the first operand is unknown (either operand being false makes `and` false). An
 * operand after an unknown one is only evaluated when it calls nothing.
 */
export function testTruth(I: Engine, e: Expr, scope: Scope): boolean | null {
  if (e.k === 'Not') {
    const t = testTruth(I, e.v, scope);
    return t === null ? null : !t;
  }
  if (e.k !== 'Bool') {
    return truthy(I.eval(e, scope));
  }
  const decisive = e.op === 'and' ? false : true;
  let unsure = false;
  for (const x of e.values) {
    if (unsure && !pureExpr(x)) {
      return null;
    }
    const t = testTruth(I, x, scope);
    if (t === decisive) {
      return decisive;
    }
    if (t === null) {
      unsure = true;
    }
  }
  return unsure ? null : !decisive;
}

function seqLiteral(I: Engine, e: { elts: Expr[]; loc: Loc }, scope: Scope, kind: 'tuple' | 'list' | 'set'): Value {
  const items: Value[] = [];
  for (const x of e.elts) {
    if (x.k === 'Starred') {
      const v = I.eval(x.v, scope);
      const its = I.iterate(v);
      if (its === null) {
        return unknown('unpacking of a value not known statically', I.span(x.loc));
      }
      items.push(...its);
    } else {
      items.push(I.eval(x, scope));
    }
  }
  if (items.length > I.budgets.maxCollectionLength) {
    return I.unknownAt(`collection longer than maxCollectionLength (${I.budgets.maxCollectionLength})`, e.loc, 'budget-maxCollectionLength');
  }
  return kind === 'set' ? uniqueSet(items) : ({ k: kind, items } as Value);
}

/** A set of these items: {3, 1, 3} has two; items that cannot be compared leave it unknown. */
function uniqueSet(items: Value[]): Value {
  const unique: Value[] = [];
  return addUnique(unique, items) ? { k: 'set', items: unique } : { k: 'set', items: unique, unknownItems: true };
}

function compGen(I: Engine, gens: Array<{ target: Expr; iter: Expr; ifs: Expr[] }>, scope: Scope, emit: () => boolean, i = 0): boolean {
  if (i === gens.length) {
    return emit();
  }
  const g = gens[i];
  const items = loopItems(I, I.eval(g.iter, i === 0 ? nonClassParent(scope) : scope), g.iter.loc);
  if (items === null) {
    return false;
  }
  for (const it of items) {
    I.assign(g.target, it, scope);
    let ok: boolean | null = true;
    for (const c of g.ifs) {
      ok = truthy(I.eval(c, scope));
      if (ok !== true) {
        break;
      }
    }
    if (ok === null) {
      return false;
    }
    if (ok && !compGen(I, gens, scope, emit, i + 1)) {
      return false;
    }
  }
  return true;
}

function zeroArgSuper(I: Engine, scope: Scope, loc: Loc): Value {
  // The enclosing function's first parameter is `self`; its defining class is the owner.
  let s: Scope | null = scope;
  while (s && s.parent && !s.vars.has('self') && !s.vars.has('cls')) {
    s = s.parent;
  }
  const self = s?.vars.get('self') ?? s?.vars.get('cls');
  const owner = (scope.vars.get('__class__') as ClassV | undefined) ?? findOwner(I, self);
  if (!self || !owner) {
    return I.unknownAt('super() outside a method', loc);
  }
  return { k: 'super', cls: owner, self };
}

function findOwner(I: Engine, self: Value | undefined): ClassV | undefined {
  // The owner is the class whose method is executing: tracked in the call stack of owners.
  const owner = I.currentOwner();
  if (owner) {
    return owner;
  }
  if (self && self.k === 'instance') {
    return self.cls;
  }
  return undefined;
}

export function loopItems(I: Engine, v: Value, loc: Loc): Value[] | null {
  const items = I.iterate(v);
  if (items !== null && items.length > I.budgets.maxLoopIterations) {
    I.diag('info', 'budget-maxLoopIterations', `loop longer than maxLoopIterations (${I.budgets.maxLoopIterations})`, I.span(loc));
    return null;
  }
  return items;
}
