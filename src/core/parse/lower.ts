// Lowers a tree-sitter CST to the plain-data AST of ast.ts.
// The tree is first copied into the flat arrays of cst.ts (one walk, no recursion); lowering
// then reads nodes by index there, dispatched by node type through tables.
// Does not: parse (parser.ts), blank IPython syntax (preprocess.ts) or evaluate anything.
// Constructs we do not model become { k: 'Unsupported' } nodes that the interpreter turns
// into Unknown values with a diagnostic, so lowering never throws.
import type { Tree } from 'web-tree-sitter';
import type { Arg, CompFor, DictItem, Expr, FPart, Loc, Module, Param, Stmt } from './ast';
import { afterSubtree, CstObject, currentTreeForTests, endOf, fieldOf, fillFromMemory, fillWithCursor, firstChild, isNamed, locOf, Node, nextSibling, nodeCount, ROOT, startOf, typeOf } from './cst';

/**
 * Deepest expression/statement nesting we lower. Python itself refuses ~200 nested
 * parentheses; beyond this a hostile cell (100k brackets) would overflow the JS stack.
 */
export const MAX_NESTING_DEPTH = 200;

/** Fills cst.ts with the tree: from wasm memory when possible, else with a cursor. */
function copyTree(tree: Tree, src: string): void {
  if (!fillFromMemory(tree, src)) {
    fillWithCursor(tree, src);
  }
}

class Lowerer {
  depth = 0;
  errors: Loc[] = [];
  constructor(readonly src: string) {}

  text(g: Node): string {
    return this.src.slice(startOf(g), endOf(g));
  }
  field(g: Node, name: string): Node | undefined {
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (fieldOf(c) === name) {
        return c;
      }
    }
    return undefined;
  }
  fields(g: Node, name: string): Node[] {
    const out: Node[] = [];
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (fieldOf(c) === name) {
        out.push(c);
      }
    }
    return out;
  }
  named(g: Node): Node[] {
    const out: Node[] = [];
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (isNamed(c)) {
        out.push(c);
      }
    }
    return out;
  }
  /** The first child of a type, if any. */
  childOfType(g: Node | undefined, type: string): Node | undefined {
    for (let c = g ? firstChild(g) : 0; c !== 0; c = nextSibling(c)) {
      if (typeOf(c) === type) {
        return c;
      }
    }
    return undefined;
  }
  /** The children of a type. */
  childrenOfType(g: Node | undefined, type: string): Node[] {
    const out: Node[] = [];
    for (let c = g ? firstChild(g) : 0; c !== 0; c = nextSibling(c)) {
      if (typeOf(c) === type) {
        out.push(c);
      }
    }
    return out;
  }
  /** named(g)[0] without building the list. */
  firstNamed(g: Node): Node | undefined {
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (isNamed(c)) {
        return c;
      }
    }
    return undefined;
  }

  // ---- statements -------------------------------------------------------------------------

  block(g: Node | undefined): Stmt[] {
    if (!g) {
      return [];
    }
    const out: Stmt[] = [];
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (!isNamed(c)) {
        continue;
      }
      this.stmtInto(c, out);
    }
    return out;
  }

  stmtInto(g: Node, out: Stmt[]): void {
    if (typeOf(g) === 'ERROR' || typeOf(g) === 'MISSING') {
      this.errors.push(locOf(g));
      // Recover the statements tree-sitter still recognised inside the error node.
      for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
        if (isNamed(c) && STMT_TABLE.has(typeOf(c))) {
          this.stmtInto(c, out);
        }
      }
      return;
    }
    if (typeOf(g) === 'block' || typeOf(g) === 'module') {
      out.push(...this.block(g));
      return;
    }
    const fn = STMT_TABLE.get(typeOf(g));
    if (!fn) {
      out.push({ k: 'Unsupported', what: typeOf(g), loc: locOf(g) });
      return;
    }
    if (this.depth > MAX_NESTING_DEPTH) {
      out.push({ k: 'Unsupported', what: 'nesting too deep', loc: locOf(g) });
      return;
    }
    this.depth++;
    try {
      const r = fn(this, g);
      if (Array.isArray(r)) {
        out.push(...r);
      } else {
        out.push(r);
      }
    } finally {
      this.depth--;
    }
  }

  // ---- expressions ------------------------------------------------------------------------

  /** Lowers an expression node; `at` gives the location when the node is missing. */
  expr(g: Node | undefined, at?: Node): Expr {
    if (!g) {
      return { k: 'Unsupported', what: 'missing expression', loc: at ? locOf(at) : [0, 0, 0, 0] };
    }
    if (typeOf(g) === 'ERROR' || typeOf(g) === 'MISSING') {
      this.errors.push(locOf(g));
      return { k: 'Unsupported', what: 'syntax error', loc: locOf(g) };
    }
    const fn = EXPR_TABLE.get(typeOf(g));
    if (!fn) {
      return { k: 'Unsupported', what: typeOf(g), loc: locOf(g) };
    }
    if (this.depth > MAX_NESTING_DEPTH) {
      return { k: 'Unsupported', what: 'nesting too deep', loc: locOf(g) };
    }
    this.depth++;
    try {
      return fn(this, g);
    } finally {
      this.depth--;
    }
  }

  /** Target / expression lists: `a, b` -> Tuple, single -> itself. */
  exprOrTuple(g: Node): Expr {
    return this.expr(g);
  }

  args(g: Node | undefined): Arg[] {
    if (!g) {
      return [];
    }
    if (typeOf(g) === 'generator_expression') {
      return [{ kind: 'pos', value: this.expr(g) }];
    }
    const out: Arg[] = [];
    for (const c of this.named(g)) {
      if (typeOf(c) === 'keyword_argument') {
        const name = this.field(c, 'name');
        out.push({ kind: 'kw', name: name ? this.text(name) : '', value: this.expr(this.field(c, 'value'), c) });
      } else if (typeOf(c) === 'list_splat') {
        out.push({ kind: 'star', value: this.expr(this.firstNamed(c), c) });
      } else if (typeOf(c) === 'dictionary_splat') {
        out.push({ kind: 'dstar', value: this.expr(this.firstNamed(c), c) });
      } else {
        out.push({ kind: 'pos', value: this.expr(c) });
      }
    }
    return out;
  }

  params(g: Node | undefined): Param[] {
    if (!g) {
      return [];
    }
    const out: Param[] = [];
    let kwonly = false;
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (!isNamed(c)) {
        continue;
      }
      const kind = (): Param['kind'] => (kwonly ? 'kwonly' : 'normal');
      switch (typeOf(c)) {
        case 'identifier':
          out.push({ name: this.text(c), kind: kind() });
          break;
        case 'typed_parameter': {
          const inner = this.firstNamed(c);
          if (inner && typeOf(inner) === 'list_splat_pattern') {
            out.push({ name: this.text(this.firstNamed(inner) ?? inner), kind: 'varargs' });
            kwonly = true;
          } else if (inner && typeOf(inner) === 'dictionary_splat_pattern') {
            out.push({ name: this.text(this.firstNamed(inner) ?? inner), kind: 'varkw' });
          } else if (inner) {
            out.push({ name: this.text(inner), kind: kind() });
          }
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = this.field(c, 'name');
          out.push({ name: name ? this.text(name) : '_', kind: kind(), default: this.expr(this.field(c, 'value'), c) });
          break;
        }
        case 'list_splat_pattern':
          out.push({ name: this.text(this.firstNamed(c) ?? c), kind: 'varargs' });
          kwonly = true;
          break;
        case 'dictionary_splat_pattern':
          out.push({ name: this.text(this.firstNamed(c) ?? c), kind: 'varkw' });
          break;
        case 'keyword_separator':
          kwonly = true;
          break;
        case 'positional_separator':
          for (const p of out) {
            if (p.kind === 'normal') {
              p.kind = 'posonly';
            }
          }
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** String literal (one `string` node) -> Str or FStr. */
  stringLit(g: Node): Expr {
    const start = this.childOfType(g, 'string_start');
    const prefix = start ? this.text(start).replace(/['"]/g, '').toLowerCase() : '';
    const raw = prefix.includes('r');
    const isF = prefix.includes('f');
    const parts: Array<string | FPart> = [];
    const pushText = (s: string): void => {
      if (parts.length > 0 && typeof parts[parts.length - 1] === 'string') {
        parts[parts.length - 1] = (parts[parts.length - 1] as string) + s;
      } else {
        parts.push(s);
      }
    };
    const walk = (node: Node): void => {
      for (let c = firstChild(node); c !== 0; c = nextSibling(c)) {
        if (typeOf(c) === 'string_content') {
          // escape_sequence nodes may be nested in string_content; the raw text covers them.
          if (this.childOfType(c, 'interpolation') === undefined) {
            pushText(raw ? this.text(c) : decodeEscapes(this.text(c)));
          } else {
            walk(c);
          }
        } else if (typeOf(c) === 'escape_sequence') {
          pushText(raw ? this.text(c) : decodeEscapes(this.text(c)));
        } else if (typeOf(c) === 'interpolation') {
          if (isF) {
            parts.push(this.fpart(c));
          } else {
            pushText(this.text(c));
          }
        }
      }
    };
    walk(g);
    if (!isF) {
      return strNode(parts.map(p => (typeof p === 'string' ? p : '')).join(''), locOf(g));
    }
    return { k: 'FStr', parts, loc: locOf(g) };
  }

  fpart(c: Node): FPart {
    const e = this.field(c, 'expression') ?? this.firstNamed(c);
    const conv = this.field(c, 'type_conversion');
    const spec = this.field(c, 'format_specifier');
    const part: FPart = { expr: this.expr(e, c) };
    if (conv) {
      part.conv = this.text(conv).replace('!', '');
    }
    if (spec) {
      const sp: Array<string | FPart> = [];
      let last = startOf(spec) + 1;
      for (let x = firstChild(spec); x !== 0; x = nextSibling(x)) {
        if (typeOf(x) === 'interpolation') {
          if (startOf(x) > last) {
            sp.push(this.src.slice(last, startOf(x)));
          }
          sp.push(this.fpart(x));
          last = endOf(x);
        }
      }
      if (endOf(spec) > last) {
        sp.push(this.src.slice(last, endOf(spec)));
      }
      part.spec = sp;
    }
    return part;
  }

  comprehension(g: Node, kind: 'list' | 'set' | 'gen' | 'dict'): Expr {
    const body = this.field(g, 'body');
    const gens: CompFor[] = [];
    for (const c of this.named(g)) {
      if (typeOf(c) === 'for_in_clause') {
        const left = this.fields(c, 'left');
        const right = this.fields(c, 'right');
        gens.push({
          target: left.length === 1 ? this.expr(left[0]) : { k: 'Tuple', elts: left.map(x => this.expr(x)), loc: locOf(c) },
          iter: right.length === 1 ? this.expr(right[0]) : { k: 'Tuple', elts: right.map(x => this.expr(x)), loc: locOf(c) },
          ifs: []
        });
      } else if (typeOf(c) === 'if_clause' && gens.length > 0) {
        gens[gens.length - 1].ifs.push(this.expr(this.firstNamed(c), c));
      }
    }
    if (kind === 'dict' && body && typeOf(body) === 'pair') {
      return {
        k: 'Comp',
        kind,
        elt: this.expr(this.field(body, 'key'), body),
        value: this.expr(this.field(body, 'value'), body),
        gens,
        loc: locOf(g)
      };
    }
    return { k: 'Comp', kind, elt: this.expr(body, g), gens, loc: locOf(g) };
  }

  seq(g: Node): Expr[] {
    return this.named(g).map(c => this.expr(c));
  }
}

/** A string literal; identifier-like ones are interned by CPython (`kind is 'proj'` is True). */
function strNode(v: string, loc: Loc): Expr {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? { k: 'Str', v, loc, interned: true } : { k: 'Str', v, loc };
}

function decodeEscapes(s: string): string {
  if (!s.includes('\\')) {
    return s;
  }
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\n|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        return String.fromCharCode(parseInt(e, 8));
      case 'x':
      case 'u':
      case 'U': {
        const cp = parseInt(e.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      }
      case '\n':
        return '';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '\\':
      case "'":
      case '"':
        return e;
      default:
        return '\\' + e;
    }
  });
}

/** Values of short plain decimal literals (0, 3, 64, 1000...), shared: most ints repeat. */
const SMALL_INTS = new Map<string, bigint>();

function parseIntLiteral(text: string): bigint | null {
  if (text.length <= 6 && /^(?:0|[1-9]\d*)$/.test(text)) {
    let v = SMALL_INTS.get(text);
    if (v === undefined) {
      v = BigInt(text);
      SMALL_INTS.set(text, v);
    }
    return v;
  }
  const t = text.replace(/_/g, '').toLowerCase().replace(/l$/, '');
  try {
    if (/^0[xob]/.test(t)) {
      return BigInt(t);
    }
    if (/^\d+$/.test(t)) {
      // Budget note: literal length is bounded by the cell text itself.
      return BigInt(t.replace(/^0+(?=\d)/, ''));
    }
  } catch {
    return null;
  }
  return null;
}

type ExprFn = (l: Lowerer, g: Node) => Expr;
type StmtFn = (l: Lowerer, g: Node) => Stmt | Stmt[];

const BIN_OPS = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^']);

const EXPR_TABLE = new Map<string, ExprFn>([
  ['identifier', (l, g) => ({ k: 'Name', id: l.text(g), loc: locOf(g) })],
  ['integer', (l, g) => {
    const text = l.text(g);
    if (/[jJ]$/.test(text)) {
      return { k: 'Float', v: Number(text.slice(0, -1).replace(/_/g, '')), imag: true, loc: locOf(g) };
    }
    const v = parseIntLiteral(text);
    return v === null ? { k: 'Unsupported', what: 'integer literal', loc: locOf(g) } : { k: 'Int', v, loc: locOf(g) };
  }],
  ['float', (l, g) => {
    const text = l.text(g).replace(/_/g, '');
    if (/[jJ]$/.test(text)) {
      return { k: 'Float', v: Number(text.slice(0, -1)), imag: true, loc: locOf(g) };
    }
    return { k: 'Float', v: Number(text), loc: locOf(g) };
  }],
  ['string', (l, g) => l.stringLit(g)],
  ['concatenated_string', (l, g) => {
    const parts: Array<string | FPart> = [];
    let isF = false;
    for (const c of l.named(g)) {
      const e = l.expr(c);
      if (e.k === 'Str') {
        parts.push(e.v);
      } else if (e.k === 'FStr') {
        isF = true;
        parts.push(...e.parts);
      }
    }
    if (!isF) {
      return strNode(parts.join(''), locOf(g));
    }
    return { k: 'FStr', parts, loc: locOf(g) };
  }],
  ['true', (_l, g) => ({ k: 'Const', v: 'True', loc: locOf(g) })],
  ['false', (_l, g) => ({ k: 'Const', v: 'False', loc: locOf(g) })],
  ['none', (_l, g) => ({ k: 'Const', v: 'None', loc: locOf(g) })],
  ['ellipsis', (_l, g) => ({ k: 'Const', v: 'Ellipsis', loc: locOf(g) })],
  ['attribute', (l, g) => {
    const a = l.field(g, 'attribute');
    return { k: 'Attr', obj: l.expr(l.field(g, 'object'), g), attr: a ? l.text(a) : '', loc: locOf(g) };
  }],
  ['subscript', (l, g) => {
    const subs = l.fields(g, 'subscript');
    const index: Expr = subs.length === 1 ? l.expr(subs[0]) : { k: 'Tuple', elts: subs.map(s => l.expr(s)), loc: locOf(g) };
    return { k: 'Sub', obj: l.expr(l.field(g, 'value'), g), index, loc: locOf(g) };
  }],
  ['slice', (l, g) => {
    const slots: Array<Expr | null> = [null, null, null];
    let i = 0;
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (typeOf(c) === ':') {
        i++;
      } else if (isNamed(c) && i < 3) {
        slots[i] = l.expr(c);
      }
    }
    return { k: 'Slice', lower: slots[0], upper: slots[1], step: slots[2], loc: locOf(g) };
  }],
  ['call', (l, g) => ({ k: 'Call', func: l.expr(l.field(g, 'function'), g), args: l.args(l.field(g, 'arguments')), loc: locOf(g) })],
  ['binary_operator', (l, g) => {
    const op = l.field(g, 'operator');
    const opText = op ? typeOf(op) : '?';
    if (!BIN_OPS.has(opText)) {
      return { k: 'Unsupported', what: `operator ${opText}`, loc: locOf(g) };
    }
    return { k: 'Bin', op: opText, l: l.expr(l.field(g, 'left'), g), r: l.expr(l.field(g, 'right'), g), loc: locOf(g) };
  }],
  ['unary_operator', (l, g) => {
    const op = l.field(g, 'operator');
    return { k: 'Unary', op: op ? typeOf(op) : '-', v: l.expr(l.field(g, 'argument'), g), loc: locOf(g) };
  }],
  ['not_operator', (l, g) => ({ k: 'Not', v: l.expr(l.field(g, 'argument'), g), loc: locOf(g) })],
  ['boolean_operator', (l, g) => {
    const op = l.field(g, 'operator');
    const opText = op && typeOf(op) === 'or' ? 'or' : 'and';
    const left = l.expr(l.field(g, 'left'), g);
    const right = l.expr(l.field(g, 'right'), g);
    const values = left.k === 'Bool' && left.op === opText ? [...left.values, right] : [left, right];
    return { k: 'Bool', op: opText, values, loc: locOf(g) };
  }],
  ['comparison_operator', (l, g) => {
    const operands: Expr[] = [];
    const ops: string[] = [];
    let pending: string[] = [];
    for (let c = firstChild(g); c !== 0; c = nextSibling(c)) {
      if (isNamed(c)) {
        if (pending.length > 0) {
          ops.push(pending.join(' '));
          pending = [];
        }
        operands.push(l.expr(c));
      } else {
        pending.push(typeOf(c));
      }
    }
    return { k: 'Compare', left: operands[0] ?? { k: 'Const', v: 'None', loc: locOf(g) }, ops, rights: operands.slice(1), loc: locOf(g) };
  }],
  ['conditional_expression', (l, g) => {
    const n = l.named(g);
    return { k: 'IfExp', body: l.expr(n[0], g), test: l.expr(n[1], g), orelse: l.expr(n[2], g), loc: locOf(g) };
  }],
  ['lambda', (l, g) => ({ k: 'Lambda', params: l.params(l.field(g, 'parameters')), body: l.expr(l.field(g, 'body'), g), loc: locOf(g) })],
  ['tuple', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: locOf(g) })],
  ['expression_list', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: locOf(g) })],
  ['pattern_list', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: locOf(g) })],
  ['tuple_pattern', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: locOf(g) })],
  ['list_pattern', (l, g) => ({ k: 'List', elts: l.seq(g), loc: locOf(g) })],
  ['list', (l, g) => ({ k: 'List', elts: l.seq(g), loc: locOf(g) })],
  ['set', (l, g) => ({ k: 'Set', elts: l.seq(g), loc: locOf(g) })],
  ['dictionary', (l, g) => {
    const items: DictItem[] = [];
    for (const c of l.named(g)) {
      if (typeOf(c) === 'pair') {
        items.push({ key: l.expr(l.field(c, 'key'), c), value: l.expr(l.field(c, 'value'), c) });
      } else if (typeOf(c) === 'dictionary_splat') {
        items.push({ splat: l.expr(l.firstNamed(c), c) });
      }
    }
    return { k: 'Dict', items, loc: locOf(g) };
  }],
  ['list_comprehension', (l, g) => l.comprehension(g, 'list')],
  ['set_comprehension', (l, g) => l.comprehension(g, 'set')],
  ['generator_expression', (l, g) => l.comprehension(g, 'gen')],
  ['dictionary_comprehension', (l, g) => l.comprehension(g, 'dict')],
  ['parenthesized_expression', (l, g) => {
    const n = l.named(g);
    return n.length === 1 ? l.expr(n[0]) : { k: 'Tuple', elts: n.map(x => l.expr(x)), loc: locOf(g) };
  }],
  ['list_splat', (l, g) => ({ k: 'Starred', v: l.expr(l.firstNamed(g), g), loc: locOf(g) })],
  ['list_splat_pattern', (l, g) => ({ k: 'Starred', v: l.expr(l.firstNamed(g), g), loc: locOf(g) })],
  ['parenthesized_list_splat', (l, g) => l.expr(l.firstNamed(g), g)],
  ['dictionary_splat', (l, g) => ({ k: 'Starred', v: l.expr(l.firstNamed(g), g), double: true, loc: locOf(g) })],
  ['named_expression', (l, g) => {
    const n = l.field(g, 'name');
    return { k: 'Walrus', target: n ? l.text(n) : '_', value: l.expr(l.field(g, 'value'), g), loc: locOf(g) };
  }],
  ['keyword_argument', (_l, g) => ({ k: 'Unsupported', what: 'keyword argument', loc: locOf(g) })]
]);

const STMT_TABLE = new Map<string, StmtFn>([
  ['expression_statement', (l, g) => {
    const n = l.named(g);
    if (n.length === 1 && typeOf(n[0]) === 'assignment') {
      return lowerAssignment(l, n[0]);
    }
    if (n.length === 1 && typeOf(n[0]) === 'augmented_assignment') {
      const a = n[0];
      const op = l.field(a, 'operator');
      return {
        k: 'AugAssign',
        target: l.expr(l.field(a, 'left'), a),
        op: op ? typeOf(op).replace('=', '') : '+',
        value: l.expr(l.field(a, 'right'), a),
        loc: locOf(g)
      };
    }
    const value: Expr = n.length === 1 ? l.expr(n[0]) : { k: 'Tuple', elts: n.map(x => l.expr(x)), loc: locOf(g) };
    return { k: 'Expr', value, loc: locOf(g) };
  }],
  ['if_statement', (l, g) => {
    const alts = l.fields(g, 'alternative');
    // Build the elif chain from the end.
    let orelse: Stmt[] = [];
    for (let i = alts.length - 1; i >= 0; i--) {
      const a = alts[i];
      if (typeOf(a) === 'else_clause') {
        orelse = l.block(l.field(a, 'body'));
      } else if (typeOf(a) === 'elif_clause') {
        orelse = [{ k: 'If', test: l.expr(l.field(a, 'condition'), a), body: l.block(l.field(a, 'consequence')), orelse, loc: locOf(a) }];
      }
    }
    return { k: 'If', test: l.expr(l.field(g, 'condition'), g), body: l.block(l.field(g, 'consequence')), orelse, loc: locOf(g) };
  }],
  ['for_statement', (l, g) => {
    const alt = l.field(g, 'alternative');
    return {
      k: 'For',
      target: l.expr(l.field(g, 'left'), g),
      iter: l.expr(l.field(g, 'right'), g),
      body: l.block(l.field(g, 'body')),
      orelse: alt ? l.block(l.field(alt, 'body')) : [],
      loc: locOf(g)
    };
  }],
  ['while_statement', (l, g) => {
    const alt = l.field(g, 'alternative');
    return {
      k: 'While',
      test: l.expr(l.field(g, 'condition'), g),
      body: l.block(l.field(g, 'body')),
      orelse: alt ? l.block(l.field(alt, 'body')) : [],
      loc: locOf(g)
    };
  }],
  ['function_definition', (l, g) => lowerDef(l, g, [])],
  ['class_definition', (l, g) => lowerClass(l, g, [])],
  ['decorated_definition', (l, g) => {
    const decorators = l.named(g).filter(c => typeOf(c) === 'decorator').map(d => l.expr(l.firstNamed(d), d));
    const def = l.field(g, 'definition');
    if (def && typeOf(def) === 'function_definition') {
      return lowerDef(l, def, decorators, locOf(g));
    }
    if (def && typeOf(def) === 'class_definition') {
      return lowerClass(l, def, decorators, locOf(g));
    }
    return { k: 'Unsupported', what: 'decorated definition', loc: locOf(g) };
  }],
  ['return_statement', (l, g) => {
    const n = l.named(g);
    return { k: 'Return', value: n.length === 0 ? null : n.length === 1 ? l.expr(n[0]) : { k: 'Tuple', elts: n.map(x => l.expr(x)), loc: locOf(g) }, loc: locOf(g) };
  }],
  ['pass_statement', (_l, g) => ({ k: 'Pass', loc: locOf(g) })],
  ['break_statement', (_l, g) => ({ k: 'Break', loc: locOf(g) })],
  ['continue_statement', (_l, g) => ({ k: 'Continue', loc: locOf(g) })],
  ['future_import_statement', (_l, g) => ({ k: 'Pass', loc: locOf(g) })],
  ['import_statement', (l, g) => ({ k: 'Import', names: l.fields(g, 'name').map(n => importName(l, n)), loc: locOf(g) })],
  ['import_from_statement', (l, g) => {
    const mod = l.field(g, 'module_name');
    let module = '';
    let level = 0;
    if (mod) {
      if (typeOf(mod) === 'relative_import') {
        const prefix = l.childOfType(mod, 'import_prefix');
        level = prefix ? l.text(prefix).length : 0;
        const dn = l.childOfType(mod, 'dotted_name');
        module = dn ? l.text(dn) : '';
      } else {
        module = l.text(mod).replace(/\s+/g, '');
      }
    }
    const star = l.childOfType(g, 'wildcard_import') !== undefined;
    return { k: 'ImportFrom', module, level, names: l.fields(g, 'name').map(n => importName(l, n)), star, loc: locOf(g) };
  }],
  ['global_statement', (l, g) => ({ k: 'Global', names: l.named(g).map(c => l.text(c)), loc: locOf(g) })],
  ['nonlocal_statement', (l, g) => ({ k: 'Nonlocal', names: l.named(g).map(c => l.text(c)), loc: locOf(g) })],
  ['delete_statement', (l, g) => {
    const n = l.named(g);
    const targets = n.length === 1 && typeOf(n[0]) === 'expression_list' ? l.seq(n[0]) : n.map(x => l.expr(x));
    return { k: 'Del', targets, loc: locOf(g) };
  }],
  ['assert_statement', (l, g) => ({ k: 'Assert', test: l.expr(l.firstNamed(g), g), loc: locOf(g) })],
  ['raise_statement', (_l, g) => ({ k: 'Raise', loc: locOf(g) })],
  ['try_statement', (l, g) => {
    const handlers: Stmt[][] = [];
    let orelse: Stmt[] = [];
    let final: Stmt[] = [];
    for (const c of l.named(g)) {
      if (typeOf(c) === 'except_clause' || typeOf(c) === 'except_group_clause') {
        const blocks = l.childrenOfType(c, 'block');
        handlers.push(l.block(blocks[blocks.length - 1]));
      } else if (typeOf(c) === 'else_clause') {
        orelse = l.block(l.field(c, 'body'));
      } else if (typeOf(c) === 'finally_clause') {
        final = l.block(l.childOfType(c, 'block'));
      }
    }
    return { k: 'Try', body: l.block(l.field(g, 'body')), handlers, orelse, final, loc: locOf(g) };
  }],
  ['with_statement', (l, g) => {
    const items: Array<{ expr: Expr; target: Expr | null }> = [];
    for (const it of l.childrenOfType(l.childOfType(g, 'with_clause'), 'with_item')) {
      const v = l.field(it, 'value') ?? l.firstNamed(it);
      if (v && typeOf(v) === 'as_pattern') {
        const n = l.named(v);
        const alias = l.field(v, 'alias') ?? n[1];
        const target = alias ? l.firstNamed(alias) ?? alias : undefined;
        items.push({ expr: l.expr(n[0], it), target: target ? l.expr(target) : null });
      } else {
        items.push({ expr: l.expr(v, it), target: null });
      }
    }
    return { k: 'With', items, body: l.block(l.field(g, 'body')), loc: locOf(g) };
  }]
]);

function importName(l: Lowerer, n: Node): { name: string; as: string | null } {
  if (typeOf(n) === 'aliased_import') {
    const name = l.field(n, 'name');
    const alias = l.field(n, 'alias');
    return { name: name ? l.text(name).replace(/\s+/g, '') : '', as: alias ? l.text(alias) : null };
  }
  return { name: l.text(n).replace(/\s+/g, ''), as: null };
}

function lowerAssignment(l: Lowerer, a: Node): Stmt {
  const targets: Expr[] = [];
  let cur: Node | undefined = a;
  let ann: Node | undefined;
  while (cur && typeOf(cur) === 'assignment') {
    targets.push(l.expr(l.field(cur, 'left'), cur));
    ann = ann ?? l.field(cur, 'type');
    const right = l.field(cur, 'right');
    if (!right) {
      // Annotation only: `x: int` (the expression inside tree-sitter's `type` node: a class
      // body's `config: BertConfig` is recorded in its __annotations__).
      const inner = ann && typeOf(ann) === 'type' ? l.firstNamed(ann) ?? ann : ann;
      return { k: 'AnnAssign', target: targets[0], ann: l.expr(inner, cur), value: null, loc: locOf(a) };
    }
    cur = right;
  }
  const value = l.expr(cur, a);
  if (ann && targets.length === 1) {
    return { k: 'AnnAssign', target: targets[0], ann: l.expr(ann, a), value, loc: locOf(a) };
  }
  return { k: 'Assign', targets, value, loc: locOf(a) };
}

function lowerDef(l: Lowerer, g: Node, decorators: Expr[], loc?: Loc): Stmt {
  const name = l.field(g, 'name');
  return {
    k: 'Def',
    name: name ? l.text(name) : '_',
    params: l.params(l.field(g, 'parameters')),
    body: l.block(l.field(g, 'body')),
    decorators,
    loc: loc ?? locOf(g)
  };
}

function lowerClass(l: Lowerer, g: Node, decorators: Expr[], loc?: Loc): Stmt {
  const name = l.field(g, 'name');
  return {
    k: 'Class',
    name: name ? l.text(name) : '_',
    bases: l.args(l.field(g, 'superclasses')),
    body: l.block(l.field(g, 'body')),
    decorators,
    loc: loc ?? locOf(g)
  };
}

/** The two ways of copying a tree, for tests that compare them node by node. */
export const copyPathsForTests = {
  copyFromMemory: (tree: Tree, src: string): CstObject | null => (fillFromMemory(tree, src) ? currentTreeForTests() : null),
  copyWithCursor: (tree: Tree, src: string): CstObject => {
    fillWithCursor(tree, src);
    return currentTreeForTests();
  }
};

/** Lowers a parsed tree of `src` to the plain AST. Never throws on odd trees. */
export function lowerTree(tree: Tree, src: string): Module {
  copyTree(tree, src);
  const l = new Lowerer(src);
  const body: Stmt[] = [];
  for (let c = firstChild(ROOT); c !== 0; c = nextSibling(c)) {
    if (isNamed(c)) {
      l.stmtInto(c, body);
    }
  }
  // Every syntax error location, wherever it is nested, in reverse pre-order (the order of
  // equal locations after the stable sort below).
  const errors: Loc[] = [];
  const count = nodeCount();
  for (let n = ROOT; n <= count; ) {
    const t = typeOf(n);
    if (t === 'ERROR' || t === 'MISSING') {
      errors.push(locOf(n));
      n = afterSubtree(n);
    } else {
      n++;
    }
  }
  errors.reverse();
  errors.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { body, errors };
}
