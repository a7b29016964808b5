// Lowers a tree-sitter CST to the plain-data AST of ast.ts.
// The tree is walked once with a TreeCursor (iteratively, no recursion) into light JS nodes;
// everything after that is plain JavaScript, dispatched by node type through tables.
// Does not: parse (parser.ts), blank IPython syntax (preprocess.ts) or evaluate anything.
// Constructs we do not model become { k: 'Unsupported' } nodes that the interpreter turns
// into Unknown values with a diagnostic, so lowering never throws.
import type { Tree } from 'web-tree-sitter';
import type { Arg, CompFor, DictItem, Expr, FPart, Loc, Module, Param, Stmt } from './ast';
import { fastCursor, WalkCursor } from './fastcursor';
import { walkTreeMemory } from './treememory';

/** A CST node copied out of wasm: type, field name, offsets, position, children. */
interface G {
  t: string;
  f: string | null;
  named: boolean;
  s: number;
  e: number;
  loc: Loc;
  c: G[];
}

/**
 * Deepest expression/statement nesting we lower. Python itself refuses ~200 nested
 * parentheses; beyond this a hostile cell (100k brackets) would overflow the JS stack.
 */
export const MAX_NESTING_DEPTH = 200;

/** Whether a node type (grammar symbol id) is named; the same for every tree of the grammar. */
const NAMED_BY_TYPE = new Map<number, boolean>();

/** Offsets of line starts, to turn (UTF-16) offsets into line/column without asking wasm. */
function lineStarts(src: string): number[] {
  const starts = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

function position(starts: number[], offset: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return [lo, offset - starts[lo]];
}

/**
 * Copies the whole tree out of wasm with one cursor walk. Comments are dropped. Only the
 * cheap cursor properties cross the wasm boundary (type, field, offsets); lines and columns
 * are computed in JavaScript from the offsets.
 */
function copyTree(tree: Tree, src: string): G {
  return copyFromMemory(tree, src) ?? copyWithCursor(tree, src);
}

/** Line and column of an offset, for offsets met in increasing order (pre-order starts). */
class LineScan {
  private line = 0;
  constructor(private readonly starts: number[]) {}
  loc(s: number, e: number): Loc {
    const starts = this.starts;
    let line = this.line;
    while (line + 1 < starts.length && starts[line + 1] <= s) {
      line++;
    }
    if (starts[line] > s) {
      line = position(starts, s)[0];
    }
    this.line = line;
    let el = line;
    if (e !== s) {
      let steps = 0;
      while (el + 1 < starts.length && starts[el + 1] <= e && steps < 8) {
        el++;
        steps++;
      }
      if (steps === 8) {
        el = position(starts, e)[0];
      }
    }
    return [line, s - starts[line], el, e - starts[el]];
  }
}

/** The children of every leaf (most nodes): one shared empty list instead of one each. */
const NO_CHILDREN: G[] = [];

/** The tree read from wasm memory by treememory.ts, or null when that is not possible. */
function copyFromMemory(tree: Tree, src: string): G | null {
  const language = tree.language as unknown as { types: string[]; fields: Array<string | null> };
  const types = language.types;
  const fields = language.fields;
  const lines = new LineScan(lineStarts(src));
  const stack: G[] = [];
  let root: G | null = null;
  const done = walkTreeMemory(tree, {
    open(typeId, fieldId, named, missing, s, e) {
      const t = s === e && missing ? 'MISSING' : types[typeId] || 'ERROR';
      const node: G = { t, f: fields[fieldId] ?? null, named, s, e, loc: lines.loc(s, e), c: NO_CHILDREN };
      if (stack.length === 0) {
        root = node;
      } else if (t === 'comment') {
        return false;
      } else {
        const parent = stack[stack.length - 1];
        if (parent.c === NO_CHILDREN) {
          parent.c = [node];
        } else {
          parent.c.push(node);
        }
      }
      stack.push(node);
      return true;
    },
    close() {
      stack.pop();
    }
  });
  return done ? root : null;
}

function copyWithCursor(tree: Tree, src: string): G {
  const cursor: WalkCursor = fastCursor(tree) ?? tree.walk();
  const lines = new LineScan(lineStarts(src));
  const types = (tree.language as unknown as { types: string[] }).types;
  const mk = (): G => {
    const s = cursor.startIndex;
    const e = cursor.endIndex;
    const id = cursor.nodeTypeId;
    let named = NAMED_BY_TYPE.get(id);
    if (named === undefined) {
      named = cursor.nodeIsNamed;
      NAMED_BY_TYPE.set(id, named);
    }
    return {
      t: s === e && cursor.nodeIsMissing ? 'MISSING' : types[id] || 'ERROR',
      f: cursor.currentFieldName,
      named,
      s,
      e,
      loc: lines.loc(s, e),
      c: []
    };
  };
  const root = mk();
  const stack: G[] = [root];
  if (cursor.gotoFirstChild()) {
    for (;;) {
      const node = mk();
      const parent = stack[stack.length - 1];
      if (node.t !== 'comment') {
        parent.c.push(node);
      }
      if (node.t !== 'comment' && cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      let moved = cursor.gotoNextSibling();
      while (!moved) {
        if (!cursor.gotoParent()) {
          break;
        }
        stack.pop();
        if (stack.length === 0) {
          break;
        }
        moved = cursor.gotoNextSibling();
      }
      if (!moved) {
        break;
      }
    }
  }
  cursor.delete();
  return root;
}

class Lowerer {
  depth = 0;
  errors: Loc[] = [];
  constructor(readonly src: string) {}

  text(g: G): string {
    return this.src.slice(g.s, g.e);
  }
  field(g: G, name: string): G | undefined {
    for (const c of g.c) {
      if (c.f === name) {
        return c;
      }
    }
    return undefined;
  }
  fields(g: G, name: string): G[] {
    return g.c.filter(c => c.f === name);
  }
  named(g: G): G[] {
    return g.c.filter(c => c.named);
  }
  /** named(g)[0] without building the list. */
  firstNamed(g: G): G | undefined {
    for (const c of g.c) {
      if (c.named) {
        return c;
      }
    }
    return undefined;
  }

  // ---- statements -------------------------------------------------------------------------

  block(g: G | undefined): Stmt[] {
    if (!g) {
      return [];
    }
    const out: Stmt[] = [];
    for (const c of g.c) {
      if (!c.named) {
        continue;
      }
      this.stmtInto(c, out);
    }
    return out;
  }

  stmtInto(g: G, out: Stmt[]): void {
    if (g.t === 'ERROR' || g.t === 'MISSING') {
      this.errors.push(g.loc);
      // Recover the statements tree-sitter still recognised inside the error node.
      for (const c of g.c) {
        if (c.named && STMT_TABLE.has(c.t)) {
          this.stmtInto(c, out);
        }
      }
      return;
    }
    if (g.t === 'block' || g.t === 'module') {
      out.push(...this.block(g));
      return;
    }
    const fn = STMT_TABLE.get(g.t);
    if (!fn) {
      out.push({ k: 'Unsupported', what: g.t, loc: g.loc });
      return;
    }
    if (this.depth > MAX_NESTING_DEPTH) {
      out.push({ k: 'Unsupported', what: 'nesting too deep', loc: g.loc });
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

  expr(g: G | undefined, at?: Loc): Expr {
    if (!g) {
      return { k: 'Unsupported', what: 'missing expression', loc: at ?? [0, 0, 0, 0] };
    }
    if (g.t === 'ERROR' || g.t === 'MISSING') {
      this.errors.push(g.loc);
      return { k: 'Unsupported', what: 'syntax error', loc: g.loc };
    }
    const fn = EXPR_TABLE.get(g.t);
    if (!fn) {
      return { k: 'Unsupported', what: g.t, loc: g.loc };
    }
    if (this.depth > MAX_NESTING_DEPTH) {
      return { k: 'Unsupported', what: 'nesting too deep', loc: g.loc };
    }
    this.depth++;
    try {
      return fn(this, g);
    } finally {
      this.depth--;
    }
  }

  /** Target / expression lists: `a, b` -> Tuple, single -> itself. */
  exprOrTuple(g: G): Expr {
    return this.expr(g);
  }

  args(g: G | undefined): Arg[] {
    if (!g) {
      return [];
    }
    if (g.t === 'generator_expression') {
      return [{ kind: 'pos', value: this.expr(g) }];
    }
    const out: Arg[] = [];
    for (const c of this.named(g)) {
      if (c.t === 'keyword_argument') {
        const name = this.field(c, 'name');
        out.push({ kind: 'kw', name: name ? this.text(name) : '', value: this.expr(this.field(c, 'value'), c.loc) });
      } else if (c.t === 'list_splat') {
        out.push({ kind: 'star', value: this.expr(this.firstNamed(c), c.loc) });
      } else if (c.t === 'dictionary_splat') {
        out.push({ kind: 'dstar', value: this.expr(this.firstNamed(c), c.loc) });
      } else {
        out.push({ kind: 'pos', value: this.expr(c) });
      }
    }
    return out;
  }

  params(g: G | undefined): Param[] {
    if (!g) {
      return [];
    }
    const out: Param[] = [];
    let kwonly = false;
    for (const c of g.c) {
      if (!c.named) {
        continue;
      }
      const kind = (): Param['kind'] => (kwonly ? 'kwonly' : 'normal');
      switch (c.t) {
        case 'identifier':
          out.push({ name: this.text(c), kind: kind() });
          break;
        case 'typed_parameter': {
          const inner = this.firstNamed(c);
          if (inner && inner.t === 'list_splat_pattern') {
            out.push({ name: this.text(this.firstNamed(inner) ?? inner), kind: 'varargs' });
            kwonly = true;
          } else if (inner && inner.t === 'dictionary_splat_pattern') {
            out.push({ name: this.text(this.firstNamed(inner) ?? inner), kind: 'varkw' });
          } else if (inner) {
            out.push({ name: this.text(inner), kind: kind() });
          }
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = this.field(c, 'name');
          out.push({ name: name ? this.text(name) : '_', kind: kind(), default: this.expr(this.field(c, 'value'), c.loc) });
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
  stringLit(g: G): Expr {
    const start = g.c.find(c => c.t === 'string_start');
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
    const walk = (node: G): void => {
      for (const c of node.c) {
        if (c.t === 'string_content') {
          // escape_sequence nodes may be nested in string_content; the raw text covers them.
          const inner = c.c.filter(x => x.t === 'interpolation');
          if (inner.length === 0) {
            pushText(raw ? this.text(c) : decodeEscapes(this.text(c)));
          } else {
            walk(c);
          }
        } else if (c.t === 'escape_sequence') {
          pushText(raw ? this.text(c) : decodeEscapes(this.text(c)));
        } else if (c.t === 'interpolation') {
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
      return { k: 'Str', v: parts.map(p => (typeof p === 'string' ? p : '')).join(''), loc: g.loc };
    }
    return { k: 'FStr', parts, loc: g.loc };
  }

  fpart(c: G): FPart {
    const e = this.field(c, 'expression') ?? this.firstNamed(c);
    const conv = this.field(c, 'type_conversion');
    const spec = this.field(c, 'format_specifier');
    const part: FPart = { expr: this.expr(e, c.loc) };
    if (conv) {
      part.conv = this.text(conv).replace('!', '');
    }
    if (spec) {
      const sp: Array<string | FPart> = [];
      let last = spec.s + 1;
      for (const x of spec.c) {
        if (x.t === 'interpolation') {
          if (x.s > last) {
            sp.push(this.src.slice(last, x.s));
          }
          sp.push(this.fpart(x));
          last = x.e;
        }
      }
      if (spec.e > last) {
        sp.push(this.src.slice(last, spec.e));
      }
      part.spec = sp;
    }
    return part;
  }

  comprehension(g: G, kind: 'list' | 'set' | 'gen' | 'dict'): Expr {
    const body = this.field(g, 'body');
    const gens: CompFor[] = [];
    for (const c of this.named(g)) {
      if (c.t === 'for_in_clause') {
        const left = this.fields(c, 'left');
        const right = this.fields(c, 'right');
        gens.push({
          target: left.length === 1 ? this.expr(left[0]) : { k: 'Tuple', elts: left.map(x => this.expr(x)), loc: c.loc },
          iter: right.length === 1 ? this.expr(right[0]) : { k: 'Tuple', elts: right.map(x => this.expr(x)), loc: c.loc },
          ifs: []
        });
      } else if (c.t === 'if_clause' && gens.length > 0) {
        gens[gens.length - 1].ifs.push(this.expr(this.firstNamed(c), c.loc));
      }
    }
    if (kind === 'dict' && body && body.t === 'pair') {
      return {
        k: 'Comp',
        kind,
        elt: this.expr(this.field(body, 'key'), body.loc),
        value: this.expr(this.field(body, 'value'), body.loc),
        gens,
        loc: g.loc
      };
    }
    return { k: 'Comp', kind, elt: this.expr(body, g.loc), gens, loc: g.loc };
  }

  seq(g: G): Expr[] {
    return this.named(g).map(c => this.expr(c));
  }
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

function parseIntLiteral(text: string): bigint | null {
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

type ExprFn = (l: Lowerer, g: G) => Expr;
type StmtFn = (l: Lowerer, g: G) => Stmt | Stmt[];

const BIN_OPS = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^']);

const EXPR_TABLE = new Map<string, ExprFn>([
  ['identifier', (l, g) => ({ k: 'Name', id: l.text(g), loc: g.loc })],
  ['integer', (l, g) => {
    const text = l.text(g);
    if (/[jJ]$/.test(text)) {
      return { k: 'Float', v: Number(text.slice(0, -1).replace(/_/g, '')), imag: true, loc: g.loc };
    }
    const v = parseIntLiteral(text);
    return v === null ? { k: 'Unsupported', what: 'integer literal', loc: g.loc } : { k: 'Int', v, loc: g.loc };
  }],
  ['float', (l, g) => {
    const text = l.text(g).replace(/_/g, '');
    if (/[jJ]$/.test(text)) {
      return { k: 'Float', v: Number(text.slice(0, -1)), imag: true, loc: g.loc };
    }
    return { k: 'Float', v: Number(text), loc: g.loc };
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
      return { k: 'Str', v: parts.join(''), loc: g.loc };
    }
    return { k: 'FStr', parts, loc: g.loc };
  }],
  ['true', (_l, g) => ({ k: 'Const', v: 'True', loc: g.loc })],
  ['false', (_l, g) => ({ k: 'Const', v: 'False', loc: g.loc })],
  ['none', (_l, g) => ({ k: 'Const', v: 'None', loc: g.loc })],
  ['ellipsis', (_l, g) => ({ k: 'Const', v: 'Ellipsis', loc: g.loc })],
  ['attribute', (l, g) => {
    const a = l.field(g, 'attribute');
    return { k: 'Attr', obj: l.expr(l.field(g, 'object'), g.loc), attr: a ? l.text(a) : '', loc: g.loc };
  }],
  ['subscript', (l, g) => {
    const subs = l.fields(g, 'subscript');
    const index: Expr = subs.length === 1 ? l.expr(subs[0]) : { k: 'Tuple', elts: subs.map(s => l.expr(s)), loc: g.loc };
    return { k: 'Sub', obj: l.expr(l.field(g, 'value'), g.loc), index, loc: g.loc };
  }],
  ['slice', (l, g) => {
    const slots: Array<Expr | null> = [null, null, null];
    let i = 0;
    for (const c of g.c) {
      if (c.t === ':') {
        i++;
      } else if (c.named && i < 3) {
        slots[i] = l.expr(c);
      }
    }
    return { k: 'Slice', lower: slots[0], upper: slots[1], step: slots[2], loc: g.loc };
  }],
  ['call', (l, g) => ({ k: 'Call', func: l.expr(l.field(g, 'function'), g.loc), args: l.args(l.field(g, 'arguments')), loc: g.loc })],
  ['binary_operator', (l, g) => {
    const op = l.field(g, 'operator');
    const opText = op ? op.t : '?';
    if (!BIN_OPS.has(opText)) {
      return { k: 'Unsupported', what: `operator ${opText}`, loc: g.loc };
    }
    return { k: 'Bin', op: opText, l: l.expr(l.field(g, 'left'), g.loc), r: l.expr(l.field(g, 'right'), g.loc), loc: g.loc };
  }],
  ['unary_operator', (l, g) => {
    const op = l.field(g, 'operator');
    return { k: 'Unary', op: op ? op.t : '-', v: l.expr(l.field(g, 'argument'), g.loc), loc: g.loc };
  }],
  ['not_operator', (l, g) => ({ k: 'Not', v: l.expr(l.field(g, 'argument'), g.loc), loc: g.loc })],
  ['boolean_operator', (l, g) => {
    const op = l.field(g, 'operator');
    const opText = op && op.t === 'or' ? 'or' : 'and';
    const left = l.expr(l.field(g, 'left'), g.loc);
    const right = l.expr(l.field(g, 'right'), g.loc);
    const values = left.k === 'Bool' && left.op === opText ? [...left.values, right] : [left, right];
    return { k: 'Bool', op: opText, values, loc: g.loc };
  }],
  ['comparison_operator', (l, g) => {
    const operands: Expr[] = [];
    const ops: string[] = [];
    let pending: string[] = [];
    for (const c of g.c) {
      if (c.named) {
        if (pending.length > 0) {
          ops.push(pending.join(' '));
          pending = [];
        }
        operands.push(l.expr(c));
      } else {
        pending.push(c.t);
      }
    }
    return { k: 'Compare', left: operands[0] ?? { k: 'Const', v: 'None', loc: g.loc }, ops, rights: operands.slice(1), loc: g.loc };
  }],
  ['conditional_expression', (l, g) => {
    const n = l.named(g);
    return { k: 'IfExp', body: l.expr(n[0], g.loc), test: l.expr(n[1], g.loc), orelse: l.expr(n[2], g.loc), loc: g.loc };
  }],
  ['lambda', (l, g) => ({ k: 'Lambda', params: l.params(l.field(g, 'parameters')), body: l.expr(l.field(g, 'body'), g.loc), loc: g.loc })],
  ['tuple', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: g.loc })],
  ['expression_list', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: g.loc })],
  ['pattern_list', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: g.loc })],
  ['tuple_pattern', (l, g) => ({ k: 'Tuple', elts: l.seq(g), loc: g.loc })],
  ['list_pattern', (l, g) => ({ k: 'List', elts: l.seq(g), loc: g.loc })],
  ['list', (l, g) => ({ k: 'List', elts: l.seq(g), loc: g.loc })],
  ['set', (l, g) => ({ k: 'Set', elts: l.seq(g), loc: g.loc })],
  ['dictionary', (l, g) => {
    const items: DictItem[] = [];
    for (const c of l.named(g)) {
      if (c.t === 'pair') {
        items.push({ key: l.expr(l.field(c, 'key'), c.loc), value: l.expr(l.field(c, 'value'), c.loc) });
      } else if (c.t === 'dictionary_splat') {
        items.push({ splat: l.expr(l.firstNamed(c), c.loc) });
      }
    }
    return { k: 'Dict', items, loc: g.loc };
  }],
  ['list_comprehension', (l, g) => l.comprehension(g, 'list')],
  ['set_comprehension', (l, g) => l.comprehension(g, 'set')],
  ['generator_expression', (l, g) => l.comprehension(g, 'gen')],
  ['dictionary_comprehension', (l, g) => l.comprehension(g, 'dict')],
  ['parenthesized_expression', (l, g) => {
    const n = l.named(g);
    return n.length === 1 ? l.expr(n[0]) : { k: 'Tuple', elts: n.map(x => l.expr(x)), loc: g.loc };
  }],
  ['list_splat', (l, g) => ({ k: 'Starred', v: l.expr(l.firstNamed(g), g.loc), loc: g.loc })],
  ['list_splat_pattern', (l, g) => ({ k: 'Starred', v: l.expr(l.firstNamed(g), g.loc), loc: g.loc })],
  ['parenthesized_list_splat', (l, g) => l.expr(l.firstNamed(g), g.loc)],
  ['dictionary_splat', (l, g) => ({ k: 'Starred', v: l.expr(l.firstNamed(g), g.loc), double: true, loc: g.loc })],
  ['named_expression', (l, g) => {
    const n = l.field(g, 'name');
    return { k: 'Walrus', target: n ? l.text(n) : '_', value: l.expr(l.field(g, 'value'), g.loc), loc: g.loc };
  }],
  ['keyword_argument', (_l, g) => ({ k: 'Unsupported', what: 'keyword argument', loc: g.loc })]
]);

const STMT_TABLE = new Map<string, StmtFn>([
  ['expression_statement', (l, g) => {
    const n = l.named(g);
    if (n.length === 1 && n[0].t === 'assignment') {
      return lowerAssignment(l, n[0]);
    }
    if (n.length === 1 && n[0].t === 'augmented_assignment') {
      const a = n[0];
      const op = l.field(a, 'operator');
      return {
        k: 'AugAssign',
        target: l.expr(l.field(a, 'left'), a.loc),
        op: op ? op.t.replace('=', '') : '+',
        value: l.expr(l.field(a, 'right'), a.loc),
        loc: g.loc
      };
    }
    const value: Expr = n.length === 1 ? l.expr(n[0]) : { k: 'Tuple', elts: n.map(x => l.expr(x)), loc: g.loc };
    return { k: 'Expr', value, loc: g.loc };
  }],
  ['if_statement', (l, g) => {
    const alts = l.fields(g, 'alternative');
    // Build the elif chain from the end.
    let orelse: Stmt[] = [];
    for (let i = alts.length - 1; i >= 0; i--) {
      const a = alts[i];
      if (a.t === 'else_clause') {
        orelse = l.block(l.field(a, 'body'));
      } else if (a.t === 'elif_clause') {
        orelse = [{ k: 'If', test: l.expr(l.field(a, 'condition'), a.loc), body: l.block(l.field(a, 'consequence')), orelse, loc: a.loc }];
      }
    }
    return { k: 'If', test: l.expr(l.field(g, 'condition'), g.loc), body: l.block(l.field(g, 'consequence')), orelse, loc: g.loc };
  }],
  ['for_statement', (l, g) => {
    const alt = l.field(g, 'alternative');
    return {
      k: 'For',
      target: l.expr(l.field(g, 'left'), g.loc),
      iter: l.expr(l.field(g, 'right'), g.loc),
      body: l.block(l.field(g, 'body')),
      orelse: alt ? l.block(l.field(alt, 'body')) : [],
      loc: g.loc
    };
  }],
  ['while_statement', (l, g) => {
    const alt = l.field(g, 'alternative');
    return {
      k: 'While',
      test: l.expr(l.field(g, 'condition'), g.loc),
      body: l.block(l.field(g, 'body')),
      orelse: alt ? l.block(l.field(alt, 'body')) : [],
      loc: g.loc
    };
  }],
  ['function_definition', (l, g) => lowerDef(l, g, [])],
  ['class_definition', (l, g) => lowerClass(l, g, [])],
  ['decorated_definition', (l, g) => {
    const decorators = l.named(g).filter(c => c.t === 'decorator').map(d => l.expr(l.firstNamed(d), d.loc));
    const def = l.field(g, 'definition');
    if (def && def.t === 'function_definition') {
      return lowerDef(l, def, decorators, g.loc);
    }
    if (def && def.t === 'class_definition') {
      return lowerClass(l, def, decorators, g.loc);
    }
    return { k: 'Unsupported', what: 'decorated definition', loc: g.loc };
  }],
  ['return_statement', (l, g) => {
    const n = l.named(g);
    return { k: 'Return', value: n.length === 0 ? null : n.length === 1 ? l.expr(n[0]) : { k: 'Tuple', elts: n.map(x => l.expr(x)), loc: g.loc }, loc: g.loc };
  }],
  ['pass_statement', (_l, g) => ({ k: 'Pass', loc: g.loc })],
  ['break_statement', (_l, g) => ({ k: 'Break', loc: g.loc })],
  ['continue_statement', (_l, g) => ({ k: 'Continue', loc: g.loc })],
  ['future_import_statement', (_l, g) => ({ k: 'Pass', loc: g.loc })],
  ['import_statement', (l, g) => ({ k: 'Import', names: l.fields(g, 'name').map(n => importName(l, n)), loc: g.loc })],
  ['import_from_statement', (l, g) => {
    const mod = l.field(g, 'module_name');
    let module = '';
    let level = 0;
    if (mod) {
      if (mod.t === 'relative_import') {
        const prefix = mod.c.find(c => c.t === 'import_prefix');
        level = prefix ? l.text(prefix).length : 0;
        const dn = mod.c.find(c => c.t === 'dotted_name');
        module = dn ? l.text(dn) : '';
      } else {
        module = l.text(mod).replace(/\s+/g, '');
      }
    }
    const star = g.c.some(c => c.t === 'wildcard_import');
    return { k: 'ImportFrom', module, level, names: l.fields(g, 'name').map(n => importName(l, n)), star, loc: g.loc };
  }],
  ['global_statement', (l, g) => ({ k: 'Global', names: l.named(g).map(c => l.text(c)), loc: g.loc })],
  ['nonlocal_statement', (l, g) => ({ k: 'Nonlocal', names: l.named(g).map(c => l.text(c)), loc: g.loc })],
  ['delete_statement', (l, g) => {
    const n = l.named(g);
    const targets = n.length === 1 && n[0].t === 'expression_list' ? l.seq(n[0]) : n.map(x => l.expr(x));
    return { k: 'Del', targets, loc: g.loc };
  }],
  ['assert_statement', (l, g) => ({ k: 'Assert', test: l.expr(l.firstNamed(g), g.loc), loc: g.loc })],
  ['raise_statement', (_l, g) => ({ k: 'Raise', loc: g.loc })],
  ['try_statement', (l, g) => {
    const handlers: Stmt[][] = [];
    let orelse: Stmt[] = [];
    let final: Stmt[] = [];
    for (const c of l.named(g)) {
      if (c.t === 'except_clause' || c.t === 'except_group_clause') {
        const blocks = c.c.filter(x => x.t === 'block');
        handlers.push(l.block(blocks[blocks.length - 1]));
      } else if (c.t === 'else_clause') {
        orelse = l.block(l.field(c, 'body'));
      } else if (c.t === 'finally_clause') {
        final = l.block(c.c.find(x => x.t === 'block'));
      }
    }
    return { k: 'Try', body: l.block(l.field(g, 'body')), handlers, orelse, final, loc: g.loc };
  }],
  ['with_statement', (l, g) => {
    const items: Array<{ expr: Expr; target: Expr | null }> = [];
    const clause = g.c.find(c => c.t === 'with_clause');
    for (const it of clause ? clause.c.filter(c => c.t === 'with_item') : []) {
      const v = l.field(it, 'value') ?? l.firstNamed(it);
      if (v && v.t === 'as_pattern') {
        const n = l.named(v);
        const alias = l.field(v, 'alias') ?? n[1];
        const target = alias ? l.firstNamed(alias) ?? alias : undefined;
        items.push({ expr: l.expr(n[0], it.loc), target: target ? l.expr(target) : null });
      } else {
        items.push({ expr: l.expr(v, it.loc), target: null });
      }
    }
    return { k: 'With', items, body: l.block(l.field(g, 'body')), loc: g.loc };
  }]
]);

function importName(l: Lowerer, n: G): { name: string; as: string | null } {
  if (n.t === 'aliased_import') {
    const name = l.field(n, 'name');
    const alias = l.field(n, 'alias');
    return { name: name ? l.text(name).replace(/\s+/g, '') : '', as: alias ? l.text(alias) : null };
  }
  return { name: l.text(n).replace(/\s+/g, ''), as: null };
}

function lowerAssignment(l: Lowerer, a: G): Stmt {
  const targets: Expr[] = [];
  let cur: G | undefined = a;
  let ann: G | undefined;
  while (cur && cur.t === 'assignment') {
    targets.push(l.expr(l.field(cur, 'left'), cur.loc));
    ann = ann ?? l.field(cur, 'type');
    const right = l.field(cur, 'right');
    if (!right) {
      // Annotation only: `x: int`
      return { k: 'AnnAssign', target: targets[0], ann: l.expr(ann, cur.loc), value: null, loc: a.loc };
    }
    cur = right;
  }
  const value = l.expr(cur, a.loc);
  if (ann && targets.length === 1) {
    return { k: 'AnnAssign', target: targets[0], ann: l.expr(ann, a.loc), value, loc: a.loc };
  }
  return { k: 'Assign', targets, value, loc: a.loc };
}

function lowerDef(l: Lowerer, g: G, decorators: Expr[], loc?: Loc): Stmt {
  const name = l.field(g, 'name');
  return {
    k: 'Def',
    name: name ? l.text(name) : '_',
    params: l.params(l.field(g, 'parameters')),
    body: l.block(l.field(g, 'body')),
    decorators,
    loc: loc ?? g.loc
  };
}

function lowerClass(l: Lowerer, g: G, decorators: Expr[], loc?: Loc): Stmt {
  const name = l.field(g, 'name');
  return {
    k: 'Class',
    name: name ? l.text(name) : '_',
    bases: l.args(l.field(g, 'superclasses')),
    body: l.block(l.field(g, 'body')),
    decorators,
    loc: loc ?? g.loc
  };
}

/** Lowers a parsed tree of `src` to the plain AST. Never throws on odd trees. */
/** The two ways of copying a tree, for tests that compare them node by node. */
export const copyPathsForTests = { copyFromMemory, copyWithCursor };

export function lowerTree(tree: Tree, src: string): Module {
  const root = copyTree(tree, src);
  const l = new Lowerer(src);
  const body: Stmt[] = [];
  for (const c of root.c) {
    if (c.named) {
      l.stmtInto(c, body);
    }
  }
  // Every syntax error location, wherever it is nested (iterative walk).
  const errors: Loc[] = [];
  const stack: G[] = [root];
  while (stack.length > 0) {
    const g = stack.pop() as G;
    if (g.t === 'ERROR' || g.t === 'MISSING') {
      errors.push(g.loc);
      continue;
    }
    for (const c of g.c) {
      stack.push(c);
    }
  }
  errors.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { body, errors };
}
