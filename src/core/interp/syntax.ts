// Questions about lowered Python syntax, answered from the AST alone (no values): the
// statements nested in a block, the targets a statement assigns, whether a fragment mentions a
// name or attribute, whether a block can jump out, whether an expression calls anything.
// Shared by the interpreter (havoc, conditions) and the frameworks' hooks.
// Does not: evaluate anything or know any library.
import type { Expr, Stmt } from '../parse/ast';

/**
 * The statements of a block and of the blocks nested in it (if/for/while/with/try bodies;
 * not function or class bodies), in source order.
 */
export function nestedStmts(body: Stmt[], out: Stmt[] = []): Stmt[] {
  for (const st of body) {
    out.push(st);
    switch (st.k) {
      case 'For':
      case 'While':
      case 'If':
        nestedStmts(st.body, out);
        nestedStmts(st.orelse, out);
        break;
      case 'With':
        nestedStmts(st.body, out);
        break;
      case 'Try':
        nestedStmts(st.body, out);
        st.handlers.forEach(h => nestedStmts(h, out));
        nestedStmts(st.orelse, out);
        nestedStmts(st.final, out);
        break;
      default:
        break;
    }
  }
  return out;
}

/** The targets a statement itself assigns (not those of nested statements). */
export function stmtTargets(st: Stmt): Expr[] {
  switch (st.k) {
    case 'Assign':
      return st.targets;
    case 'AugAssign':
    case 'AnnAssign':
    case 'For':
      return [st.target];
    case 'With':
      return st.items.flatMap(i => (i.target ? [i.target] : []));
    default:
      return [];
  }
}

/** Whether statements (nested blocks included) bind `name`. */
export function assignsName(body: Stmt[], name: string): boolean {
  const binds = (t: Expr): boolean => (t.k === 'Name' ? t.id === name : t.k === 'Tuple' || t.k === 'List' ? t.elts.some(binds) : t.k === 'Starred' ? binds(t.v) : false);
  return nestedStmts(body).some(st => stmtTargets(st).some(binds));
}

/** Whether an AST fragment has a node (or a string field, such as a global's name) matching. */
export function mentions(node: unknown, isIt: (n: Record<string, unknown>) => boolean, isString: (s: string) => boolean = () => false): boolean {
  if (typeof node === 'string') {
    return isString(node);
  }
  if (node === null || typeof node !== 'object') {
    return false;
  }
  if (Array.isArray(node)) {
    return node.some(x => mentions(x, isIt, isString));
  }
  const n = node as Record<string, unknown>;
  return isIt(n) || Object.keys(n).some(key => key !== 'loc' && key !== 'k' && mentions(n[key], isIt, isString));
}

/** Whether an AST fragment reads attribute `name` anywhere (`super().__init__`). */
export function mentionsAttr(node: unknown, name: string): boolean {
  return mentions(node, n => n.k === 'Attr' && n.attr === name);
}

/** An int or string literal index (`net[0]`, `net[-1]`, `heads['cls']`). */
export function isLiteralIndex(e: Expr): boolean {
  return e.k === 'Int' || e.k === 'Str' || (e.k === 'Unary' && e.op === '-' && e.v.k === 'Int');
}

/** The name or `name.attr` an assignment target stands for, for matching targets; null for others. */
export function targetKey(t: Expr): string | null {
  if (t.k === 'Name') {
    return t.id;
  }
  if (t.k === 'Attr' && t.obj.k === 'Name') {
    return `${t.obj.id}.${t.attr}`;
  }
  return null;
}

/** Whether a statement list contains a jump of this kind that applies at this level. */
export function hasJump(body: Stmt[], kind: 'Return' | 'Break' | 'Continue'): boolean {
  for (const st of body) {
    if (st.k === kind) {
      return true;
    }
    switch (st.k) {
      case 'If':
        if (hasJump(st.body, kind) || hasJump(st.orelse, kind)) {
          return true;
        }
        break;
      case 'For':
      case 'While':
        // break/continue inside an inner loop belong to that loop.
        if (kind === 'Return' && (hasJump(st.body, kind) || hasJump(st.orelse, kind))) {
          return true;
        }
        if (kind !== 'Return' && hasJump(st.orelse, kind)) {
          return true;
        }
        break;
      case 'Try':
        if (hasJump(st.body, kind) || st.handlers.some(h => hasJump(h, kind)) || hasJump(st.orelse, kind) || hasJump(st.final, kind)) {
          return true;
        }
        break;
      case 'With':
        if (hasJump(st.body, kind)) {
          return true;
        }
        break;
      default:
        break;
    }
  }
  return false;
}

/** Expressions whose evaluation calls nothing (so evaluating one Python may skip is harmless). */
export function pureExpr(e: Expr): boolean {
  switch (e.k) {
    case 'Name':
    case 'Int':
    case 'Float':
    case 'Str':
    case 'Const':
      return true;
    case 'Attr':
      return pureExpr(e.obj);
    case 'Sub':
      return pureExpr(e.obj) && pureExpr(e.index);
    case 'Compare':
      return pureExpr(e.left) && e.rights.every(pureExpr);
    case 'Bool':
      return e.values.every(pureExpr);
    case 'Not':
    case 'Unary':
      return pureExpr(e.v);
    case 'Bin':
      return pureExpr(e.l) && pureExpr(e.r);
    case 'Tuple':
    case 'List':
      return e.elts.every(pureExpr);
    default:
      return false;
  }
}
