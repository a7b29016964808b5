// Soundness fuzzer, part 1: variants of a program that hide code WITHOUT changing what the
// program means. Each variant replaces something the analyzer could read by something it
// cannot (an import from a module that is not there, a deleted local module, an unknown
// decorator), such that some implementation of the hidden thing makes the variant behave
// exactly as the original: so the original's executed truth still holds for every variant.
// Kinds (see docs/soundness.md):
//   hide-def        top-level `def f` (with its decorators) -> `from _hidden_mod import f`
//   hide-class      top-level `class C` -> `from _hidden_mod import C`
//   hide-dataclass  the same for a class decorated with @dataclass (a config)
//   hide-method     a method in a top-level class -> `from _hidden_mod import name` in the class
//                   body (the module may hold a staticmethod/property object: still the same)
//   hide-base       a base class of a top-level class -> a name imported from _hidden_mod
//   wrap-decorator  `@_hidden_deco` (imported from _hidden_mod) on a top-level def/class or a
//                   method (the decorator may return its argument)
//   hide-constant   top-level `NAME = <expr without a call>` -> `from _hidden_mod import NAME`
//   hide-assign     the same for any other single-name top-level assignment. A value that reads
//                   objects the program made (`y = model(x)`, `m = Model(inp, h)`) is instead
//                   made by a hidden function handed them: `y = _hidden_fn(model, x)` (an import
//                   is not handed the program's objects, so it could not use or change them)
//   hide-module     a local module read by the program is deleted (multi-file fixtures)
// Does not: analyse anything or judge results (run.ts, judge.ts); edits are whole lines only.
import type { Node, Tree } from 'web-tree-sitter';

export type VariantKind =
  | 'hide-def'
  | 'hide-class'
  | 'hide-dataclass'
  | 'hide-method'
  | 'hide-base'
  | 'wrap-decorator'
  | 'hide-constant'
  | 'hide-assign'
  | 'hide-module';

export const VARIANT_KINDS: VariantKind[] = [
  'hide-def',
  'hide-class',
  'hide-dataclass',
  'hide-method',
  'hide-base',
  'wrap-decorator',
  'hide-constant',
  'hide-assign',
  'hide-module'
];

/** One edit of one source text: the new text (null deletes a local module). */
export interface SourceVariant {
  kind: VariantKind;
  /** What was hidden, for the report: `name@line` (1-based line of the source). */
  what: string;
  text: string | null;
}

export const HIDDEN_MODULE = '_hidden_mod';

interface Parse {
  parse(text: string): Tree;
}

/** Lines of `text`, each with its end of line, so that joining gives the text back. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) {
    out.push(text.slice(start));
  }
  return out;
}

function indentOf(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : '';
}

/** The statement's lines [first, last] when it owns them alone (nothing else on them). */
function ownLines(node: Node, prevEnd: number, nextStart: number): [number, number] | null {
  const first = node.startPosition.row;
  const last = node.endPosition.row;
  if (first <= prevEnd || last >= nextStart) {
    return null;
  }
  return [first, last];
}

/** Replaces lines [first, last] by `insert` (each a line without its end of line). */
function replaceLines(lines: string[], first: number, last: number, insert: string[]): string {
  return lines.slice(0, first).join('') + insert.map(l => `${l}\n`).join('') + lines.slice(last + 1).join('');
}

function defOf(node: Node): Node | null {
  if (node.type === 'decorated_definition') {
    return node.childForFieldName('definition');
  }
  return node.type === 'function_definition' || node.type === 'class_definition' ? node : null;
}

function nameOf(def: Node): string | null {
  return def.childForFieldName('name')?.text ?? null;
}

function isDataclass(node: Node): boolean {
  return node.type === 'decorated_definition' && node.namedChildren.some(c => c.type === 'decorator' && /\bdataclass\b/.test(c.text));
}

function hasCall(node: Node): boolean {
  if (node.type === 'call') {
    return true;
  }
  return node.namedChildren.some(hasCall);
}

/** Statements of a block (or the module) with the rows each neighbour ends/starts at. */
function statements(parent: Node): Array<{ node: Node; prevEnd: number; nextStart: number }> {
  const kids = parent.namedChildren.filter(c => c.type !== 'comment');
  return kids.map((node, i) => ({
    node,
    prevEnd: i > 0 ? kids[i - 1].endPosition.row : -1,
    nextStart: i + 1 < kids.length ? kids[i + 1].startPosition.row : Number.MAX_SAFE_INTEGER
  }));
}

/**
 * All meaning-preserving hiding variants of one Python source (a .py file or one cell, IPython
 * syntax already blanked in `parsed`; edits apply to `text`, which has the same lines).
 */
export function sourceVariants(parser: Parse, text: string, parsed: string = text, objects?: Set<string>): SourceVariant[] {
  const tree = parser.parse(parsed);
  try {
    return collect(tree.rootNode, splitLines(text), objects ?? objectNames(tree.rootNode, new Set()));
  } finally {
    tree.delete();
  }
}

/** Top-level object names of a program made of several sources (the cells of a notebook). */
export function programObjects(parser: Parse, sources: string[]): Set<string> {
  const out = new Set<string>();
  for (const s of sources) {
    const tree = parser.parse(s);
    try {
      objectNames(tree.rootNode, out);
    } finally {
      tree.delete();
    }
  }
  return out;
}

/**
 * Names the program binds to objects at top level (by assignment, for, with): not functions,
 * classes or imports. A hidden module cannot call or change those without reaching into the
 * program (an import is not handed them), so an assignment whose value calls one is not hidden.
 */
function objectNames(root: Node, out: Set<string>): Set<string> {
  const targets = (n: Node | null): void => {
    if (!n) {
      return;
    }
    if (n.type === 'identifier') {
      out.add(n.text);
    } else if (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern' || n.type === 'list_splat_pattern') {
      n.namedChildren.forEach(targets);
    }
  };
  const walk = (n: Node): void => {
    for (const c of n.namedChildren) {
      if (c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'decorated_definition') {
        continue;
      }
      if (c.type === 'assignment' || c.type === 'augmented_assignment') {
        targets(c.childForFieldName('left'));
      } else if (c.type === 'for_statement') {
        targets(c.childForFieldName('left'));
      } else if (c.type === 'as_pattern') {
        targets(c.childForFieldName('alias'));
      }
      walk(c);
    }
  };
  walk(root);
  return out;
}

/**
 * The program's top-level objects a value reads (`model`, `x` in `y = model(x)`), in order of
 * first use: names bound by comprehensions or lambdas inside it, keyword names and attribute
 * names are not reads.
 */
function objectsRead(node: Node, objects: Set<string>): string[] {
  const out: string[] = [];
  const local = new Set<string>();
  const bound = (n: Node | null): void => {
    if (!n) {
      return;
    }
    if (n.type === 'identifier') {
      local.add(n.text);
    }
    n.namedChildren.forEach(bound);
  };
  const collectLocals = (n: Node): void => {
    if (n.type === 'for_in_clause') {
      bound(n.childForFieldName('left'));
    } else if (n.type === 'lambda') {
      bound(n.childForFieldName('parameters'));
    }
    n.namedChildren.forEach(collectLocals);
  };
  collectLocals(node);
  const walk = (n: Node): void => {
    if (n.type === 'identifier') {
      if (objects.has(n.text) && !local.has(n.text) && !out.includes(n.text)) {
        out.push(n.text);
      }
      return;
    }
    if (n.type === 'attribute') {
      const o = n.childForFieldName('object');
      if (o) {
        walk(o);
      }
      return;
    }
    if (n.type === 'keyword_argument') {
      const v = n.childForFieldName('value');
      if (v) {
        walk(v);
      }
      return;
    }
    n.namedChildren.forEach(walk);
  };
  walk(node);
  return out;
}

function collect(root: Node, lines: string[], objects: Set<string>): SourceVariant[] {
  const out: SourceVariant[] = [];
  const imp = (indent: string, name: string): string => `${indent}from ${HIDDEN_MODULE} import ${name}`;
  for (const { node, prevEnd, nextStart } of statements(root)) {
    const own = ownLines(node, prevEnd, nextStart);
    if (!own) {
      continue;
    }
    const [first, last] = own;
    const indent = indentOf(lines[first] ?? '');
    const def = defOf(node);
    if (def) {
      const name = nameOf(def);
      if (!name) {
        continue;
      }
      const at = `${name}@${first + 1}`;
      const kind: VariantKind = def.type === 'function_definition' ? 'hide-def' : isDataclass(node) ? 'hide-dataclass' : 'hide-class';
      out.push({ kind, what: at, text: replaceLines(lines, first, last, [imp(indent, name)]) });
      // An unknown decorator, outermost (it runs last).
      const deco = `${indent}@_hidden_deco`;
      out.push({ kind: 'wrap-decorator', what: at, text: replaceLines(lines, first, first - 1, [imp(indent, '_hidden_deco'), deco]) });
      if (def.type === 'class_definition') {
        out.push(...classVariants(def, name, lines, first, indent));
      }
      continue;
    }
    if (node.type === 'expression_statement' && node.namedChildCount === 1) {
      const a = node.namedChildren[0];
      const left = a.type === 'assignment' ? a.childForFieldName('left') : null;
      const right = a.type === 'assignment' ? a.childForFieldName('right') : null;
      if (left && left.type === 'identifier' && right && right.type !== 'assignment') {
        const kind: VariantKind = hasCall(right) ? 'hide-assign' : 'hide-constant';
        const reads = objectsRead(right, objects);
        // A value made from the program's objects is made by unseen code HANDED them.
        const made = reads.length === 0 ? [imp(indent, left.text)] : [imp(indent, '_hidden_fn'), `${indent}${left.text} = _hidden_fn(${reads.join(', ')})`];
        out.push({ kind, what: `${left.text}@${first + 1}`, text: replaceLines(lines, first, last, made) });
      }
    }
  }
  return out;
}

/** Variants inside one top-level class: its bases, its methods. `top` is the class's first line. */
function classVariants(cls: Node, clsName: string, lines: string[], top: number, indent: string): SourceVariant[] {
  const out: SourceVariant[] = [];
  const supers = cls.childForFieldName('superclasses');
  if (supers) {
    for (const base of supers.namedChildren) {
      if (base.type !== 'identifier' && base.type !== 'attribute') {
        continue; // keyword arguments (metaclass=...), calls, subscripts: left alone
      }
      if (base.startPosition.row !== base.endPosition.row) {
        continue;
      }
      const line = lines[base.startPosition.row];
      const ascii = /^[\x20-\x7e\t\r\n]*$/.test(line);
      if (!ascii) {
        continue; // columns are bytes; keep edits exact
      }
      const alias = base.type === 'identifier' ? base.text : `_Hidden_${base.text.split('.').pop() ?? 'Base'}`;
      const importLine = base.type === 'identifier' ? `from ${HIDDEN_MODULE} import ${alias}` : `from ${HIDDEN_MODULE} import ${base.text.split('.').pop()} as ${alias}`;
      const edited = lines.slice();
      const r = base.startPosition.row;
      edited[r] = line.slice(0, base.startPosition.column) + alias + line.slice(base.endPosition.column);
      out.push({ kind: 'hide-base', what: `${clsName}(${base.text})@${top + 1}`, text: replaceLines(edited, top, top - 1, [`${indent}${importLine}`]) });
    }
  }
  const body = cls.childForFieldName('body');
  if (!body) {
    return out;
  }
  for (const { node, prevEnd, nextStart } of statements(body)) {
    const def = defOf(node);
    if (!def || def.type !== 'function_definition') {
      continue;
    }
    const own = ownLines(node, Math.max(prevEnd, cls.startPosition.row), nextStart);
    const name = nameOf(def);
    if (!own || !name) {
      continue;
    }
    const [first, last] = own;
    const mIndent = indentOf(lines[first] ?? '');
    const at = `${clsName}.${name}@${first + 1}`;
    out.push({ kind: 'hide-method', what: at, text: replaceLines(lines, first, last, [`${mIndent}from ${HIDDEN_MODULE} import ${name}`]) });
    // The decorator is imported before the class (a module-level name), applied to the method.
    const edited = replaceLines(lines, first, first - 1, [`${mIndent}@_hidden_deco`]);
    out.push({ kind: 'wrap-decorator', what: at, text: replaceLines(splitLines(edited), top, top - 1, [`${indent}from ${HIDDEN_MODULE} import _hidden_deco`]) });
  }
  return out;
}
