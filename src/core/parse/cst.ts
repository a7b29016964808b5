// The concrete syntax tree of one cell, copied out of wasm into flat arrays that are reused
// from tree to tree: a node is a number (1, 2, ... in pre-order; 0 means none) and its type,
// field name, offsets, line/column and links to first child and next sibling sit at that
// index. Copying a 200-cell notebook into one JS object per node allocated ~5 MB per analysis
// (a quarter of all its allocation), all of it garbage once the cell was lowered.
// Filled by walking wasm memory (treememory.ts) or, when that is not possible, a tree cursor
// (fastcursor.ts or web-tree-sitter's); both give the same nodes (tests compare them).
// Comments are dropped. Offsets are UTF-16 code units; lines and columns are 0-based.
// Does not: lower (lower.ts), parse, or keep a tree past the next fill — a caller reads one
// tree completely before copying another (lowering is synchronous and not re-entrant).
import type { Tree } from 'web-tree-sitter';
import type { Loc } from './ast';
import { fastCursor, WalkCursor } from './fastcursor';
import { walkTreeMemory } from './treememory';

/** A node of the current tree: its index in the arrays below. */
export type Node = number;

let capacity = 0;
/** Number of nodes of the current tree (they are 1..count). */
let count = 0;
const types: string[] = [''];
const fieldNames: Array<string | null> = [null];
let named = new Uint8Array(0);
let starts = new Int32Array(0);
let ends = new Int32Array(0);
let firsts = new Int32Array(0);
let nexts = new Int32Array(0);
let lasts = new Int32Array(0);
/** Index one past the node's subtree. */
let afters = new Int32Array(0);
let startLines = new Int32Array(0);
let startCols = new Int32Array(0);
let endLines = new Int32Array(0);
let endCols = new Int32Array(0);

function grow(): void {
  const cap = Math.max(1024, capacity * 2);
  const more = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const b = make(cap);
    b.set(a);
    return b;
  };
  const i32 = (n: number): Int32Array => new Int32Array(n);
  named = more(named, n => new Uint8Array(n));
  starts = more(starts, i32);
  ends = more(ends, i32);
  firsts = more(firsts, i32);
  nexts = more(nexts, i32);
  lasts = more(lasts, i32);
  afters = more(afters, i32);
  startLines = more(startLines, i32);
  startCols = more(startCols, i32);
  endLines = more(endLines, i32);
  endCols = more(endCols, i32);
  capacity = cap;
}

// ---- reading the current tree ---------------------------------------------------------------

export const ROOT: Node = 1;

export function typeOf(n: Node): string {
  return types[n];
}
export function fieldOf(n: Node): string | null {
  return fieldNames[n];
}
export function isNamed(n: Node): boolean {
  return named[n] === 1;
}
export function startOf(n: Node): number {
  return starts[n];
}
export function endOf(n: Node): number {
  return ends[n];
}
/** First child, or 0. */
export function firstChild(n: Node): Node {
  return firsts[n];
}
/** Next sibling, or 0. */
export function nextSibling(n: Node): Node {
  return nexts[n];
}
/** The node after n's whole subtree in pre-order (count + 1 past the last). */
export function afterSubtree(n: Node): Node {
  return afters[n];
}
export function nodeCount(): number {
  return count;
}
/** A new Loc array for the node (made on demand: most nodes never need one). */
export function locOf(n: Node): Loc {
  return [startLines[n], startCols[n], endLines[n], endCols[n]];
}

// ---- filling --------------------------------------------------------------------------------

/** Offsets of line starts, to turn offsets into line/column without asking wasm. */
function lineStartsOf(src: string): number[] {
  const out = [0];
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) {
    out.push(i + 1);
  }
  return out;
}

function lineAt(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/** State of the fill in progress: line starts, the scan's current line, open nodes. */
let lineStarts: number[] = [0];
let scanLine = 0;
let open: Node[] = [];

function begin(src: string): void {
  count = 0;
  lineStarts = lineStartsOf(src);
  scanLine = 0;
  open = [];
}

/**
 * Appends a node under the innermost open node and opens it. Offsets arrive in increasing
 * order of starts (pre-order), so the start line is found by scanning forward.
 */
function add(type: string, field: string | null, isNamedNode: boolean, s: number, e: number): void {
  if (count + 1 >= capacity) {
    grow();
  }
  const n = ++count;
  types[n] = type;
  fieldNames[n] = field;
  named[n] = isNamedNode ? 1 : 0;
  starts[n] = s;
  ends[n] = e;
  firsts[n] = 0;
  nexts[n] = 0;
  lasts[n] = 0;
  const ls = lineStarts;
  let line = scanLine;
  while (line + 1 < ls.length && ls[line + 1] <= s) {
    line++;
  }
  if (ls[line] > s) {
    line = lineAt(ls, s);
  }
  scanLine = line;
  let el = line;
  if (e !== s) {
    let steps = 0;
    while (el + 1 < ls.length && ls[el + 1] <= e && steps < 8) {
      el++;
      steps++;
    }
    if (steps === 8) {
      el = lineAt(ls, e);
    }
  }
  startLines[n] = line;
  startCols[n] = s - ls[line];
  endLines[n] = el;
  endCols[n] = e - ls[el];
  if (open.length > 0) {
    const parent = open[open.length - 1];
    if (firsts[parent] === 0) {
      firsts[parent] = n;
    } else {
      nexts[lasts[parent]] = n;
    }
    lasts[parent] = n;
  }
  open.push(n);
}

function close(): void {
  afters[open.pop() as Node] = count + 1;
}

/** Type name per grammar symbol id (symbols then aliases), and field name per field id. */
interface LanguageTables {
  types: string[];
  fields: Array<string | null>;
}

/** Sink for treememory.ts, one for all walks (a walk never starts another). */
const memorySink = {
  types: [] as string[],
  fields: [] as Array<string | null>,
  open(typeId: number, fieldId: number, isNamedNode: boolean, missing: boolean, s: number, e: number): boolean {
    const t = s === e && missing ? 'MISSING' : this.types[typeId] || 'ERROR';
    if (t === 'comment' && count > 0) {
      return false;
    }
    add(t, this.fields[fieldId] ?? null, isNamedNode, s, e);
    return true;
  },
  close
};

/** Copies the tree by reading wasm memory; false (nothing usable copied) when that is not possible. */
export function fillFromMemory(tree: Tree, src: string): boolean {
  const language = tree.language as unknown as LanguageTables;
  begin(src);
  memorySink.types = language.types;
  memorySink.fields = language.fields;
  return walkTreeMemory(tree, memorySink) && count > 0;
}

/** Whether a node type (grammar symbol id) is named; the same for every tree of the grammar. */
const NAMED_BY_TYPE = new Map<number, boolean>();

/** Copies the tree with one cursor walk: only cheap cursor properties cross the wasm boundary. */
export function fillWithCursor(tree: Tree, src: string): void {
  const cursor: WalkCursor = fastCursor(tree) ?? tree.walk();
  const typeNames = (tree.language as unknown as LanguageTables).types;
  begin(src);
  /** Adds the cursor's node; false for a comment (not added). */
  const addCurrent = (): boolean => {
    const s = cursor.startIndex;
    const e = cursor.endIndex;
    const id = cursor.nodeTypeId;
    const t = s === e && cursor.nodeIsMissing ? 'MISSING' : typeNames[id] || 'ERROR';
    if (t === 'comment' && count > 0) {
      return false;
    }
    let isNamedNode = NAMED_BY_TYPE.get(id);
    if (isNamedNode === undefined) {
      isNamedNode = cursor.nodeIsNamed;
      NAMED_BY_TYPE.set(id, isNamedNode);
    }
    add(t, cursor.currentFieldName, isNamedNode, s, e);
    return true;
  };
  try {
    addCurrent();
    if (!cursor.gotoFirstChild()) {
      close();
      return;
    }
    for (;;) {
      if (addCurrent()) {
        if (cursor.gotoFirstChild()) {
          continue;
        }
        close();
      }
      let moved = cursor.gotoNextSibling();
      while (!moved) {
        if (!cursor.gotoParent()) {
          break;
        }
        close();
        if (open.length === 0) {
          break;
        }
        moved = cursor.gotoNextSibling();
      }
      if (!moved) {
        break;
      }
    }
    while (open.length > 0) {
      close();
    }
  } finally {
    cursor.delete();
  }
}

/** The current tree as nested objects, for tests that compare the two ways of filling. */
export interface CstObject {
  t: string;
  f: string | null;
  named: boolean;
  s: number;
  e: number;
  loc: Loc;
  c: CstObject[];
}

export function currentTreeForTests(): CstObject {
  const make = (n: Node): CstObject => ({ t: types[n], f: fieldNames[n], named: named[n] === 1, s: starts[n], e: ends[n], loc: locOf(n), c: [] });
  const root = make(ROOT);
  const stack: Array<[Node, CstObject]> = [[ROOT, root]];
  while (stack.length > 0) {
    const [n, obj] = stack.pop() as [Node, CstObject];
    for (let c = firsts[n]; c !== 0; c = nexts[c]) {
      const child = make(c);
      obj.c.push(child);
      stack.push([c, child]);
    }
  }
  return root;
}
