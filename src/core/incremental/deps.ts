// Which cells can influence which: groups a notebook's code cells so an edit re-interprets only
// the edited cell's group. Flows come from the last trusted run (incremental/flow.ts): a cell
// joins every cell it read a global from, a model joins the cells its forward read from. The
// text adds what a run does not show: names bound only by imports of stateless framework
// modules (torch, nn, keras, np, ...) and never written through join nothing (every partial run
// re-executes those imports); all cells using a framework that numbers things notebook-wide
// form one group (Keras numbers its auto-named layers across the notebook); anything that could reach names without mentioning them
// (globals(), exec, star imports, sys, setattr, ...) makes the notebook one group (`fallback`).
// Does not: run anything, decide whether a partial run's result may be used (analyzer.ts), or
// list module roots itself (the analyzer passes the rules of frameworks/roots.ts).
import type { Expr, Module, Stmt } from '../parse/ast';

/** What the module roots' table (frameworks/roots.ts) says about imports. */
export interface RootRules {
  /** Roots whose modules hold no state a notebook reaches except by writing through them. */
  inert: ReadonlySet<string>;
  /** Roots of frameworks that number things notebook-wide (Keras' auto layer names). */
  notebookWide: ReadonlySet<string>;
}
/** Names that reach the global namespace or module objects without mentioning the names. */
const ESCAPE_NAMES = new Set([
  'globals', 'locals', 'vars', 'exec', 'eval', 'compile', '__import__', 'importlib', 'setattr', 'delattr',
  'sys', 'builtins', '__builtins__', '__main__', 'get_ipython', 'inspect'
]);
const ESCAPE_ATTRS = new Set(['__dict__', '__globals__', '__builtins__', '__module__']);

export interface Components {
  /** Why the notebook is treated as one group (null: the groups below are usable). */
  fallback: string | null;
  /** Group id of each code cell, by its index in the notebook (markdown cells are absent). */
  compOf: Map<number, number>;
  /**
   * Top-level import statements (indices into the cell's body) that bind only stateless
   * framework names: a partial run executes these of every cell it skips, in notebook order,
   * since such names join no group yet every group may use them.
   */
  inertImports: Map<number, number[]>;
  /** Names bound only by imports of stateless framework modules (they join nothing). */
  inertNames: Set<string>;
}

/** What one cell's text says about names (over-approximated: more is always safe). */
interface CellInfo {
  /** Every name the cell mentions anywhere (function bodies included). */
  names: Set<string>;
  /** Names bound by a top-level import statement, with the import's root module. */
  imports: Array<[string, string]>;
  /** Names bound any other way anywhere in the cell, or declared `global` in a function. */
  plainBinds: Set<string>;
  /** Base names written through: `n.attr = v`, `n[i] = v`, `del n.x`, `n.x += 1`. */
  writtenThrough: Set<string>;
  /** Names of class statements (model candidates). */
  classes: Set<string>;
  escape: string | null;
}

function importRoot(s: Stmt): Array<[string, string]> {
  if (s.k === 'Import') {
    return s.names.map(n => [n.as ?? n.name.split('.')[0], n.name.split('.')[0]]);
  }
  if (s.k === 'ImportFrom') {
    const root = s.level > 0 ? '.' : s.module.split('.')[0];
    return s.names.map(n => [n.as ?? n.name, root]);
  }
  return [];
}

/** Assignment-like targets: names bound go to `binds`, bases of `a.b = ` / `a[i] = ` to `through`. */
function targets(t: Expr | null, binds: Set<string>, through: Set<string>): void {
  if (!t) {
    return;
  }
  if (t.k === 'Name') {
    binds.add(t.id);
  } else if (t.k === 'Tuple' || t.k === 'List') {
    t.elts.forEach(x => targets(x, binds, through));
  } else if (t.k === 'Starred') {
    targets(t.v, binds, through);
  } else if (t.k === 'Attr' || t.k === 'Sub') {
    let e: Expr = t;
    while (e.k === 'Attr' || e.k === 'Sub') {
      e = e.obj;
    }
    if (e.k === 'Name') {
      through.add(e.id);
    }
  }
}

/** Reads one cell's text with one walk over every node of its AST. */
function cellInfo(mod: Module): CellInfo {
  const info: CellInfo = { names: new Set(), imports: [], plainBinds: new Set(), writtenThrough: new Set(), classes: new Set(), escape: null };
  const escape = (why: string): void => {
    info.escape = info.escape ?? why;
  };
  const topImports = new Set<Stmt>();
  for (const st of mod.body) {
    const bound = importRoot(st);
    if (bound.length > 0) {
      topImports.add(st);
      bound.forEach(i => info.imports.push(i));
    }
  }
  const binds = info.plainBinds;
  const through = info.writtenThrough;
  const stack: unknown[] = [mod.body];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') {
      continue;
    }
    if (Array.isArray(n)) {
      n.forEach(x => stack.push(x));
      continue;
    }
    const node = n as Expr | Stmt;
    switch (node.k) {
      case 'Name':
        info.names.add(node.id);
        if (ESCAPE_NAMES.has(node.id)) {
          escape(`uses ${node.id}`);
        }
        break;
      case 'Attr':
        if (ESCAPE_ATTRS.has(node.attr)) {
          escape(`uses .${node.attr}`);
        }
        break;
      case 'Walrus':
        binds.add(node.target);
        info.names.add(node.target);
        break;
      case 'Assign':
        node.targets.forEach(t => targets(t, binds, through));
        break;
      case 'AugAssign':
      case 'AnnAssign':
      case 'For':
        targets(node.target, binds, through);
        break;
      case 'Del':
        node.targets.forEach(t => targets(t, binds, through));
        break;
      case 'With':
        node.items.forEach(it => targets(it.target, binds, through));
        break;
      case 'Def':
        binds.add(node.name);
        info.names.add(node.name);
        break;
      case 'Class':
        binds.add(node.name);
        info.names.add(node.name);
        info.classes.add(node.name);
        break;
      case 'Global':
        node.names.forEach(x => binds.add(x));
        break;
      case 'Import':
      case 'ImportFrom':
        if (node.k === 'ImportFrom' && node.star) {
          escape('star import');
        }
        // Imports anywhere but at the top level (inside try/if/def) bind like assignments.
        importRoot(node).forEach(([name]) => {
          info.names.add(name);
          if (!topImports.has(node)) {
            binds.add(name);
          }
        });
        break;
      default:
        break;
    }
    for (const v of Object.values(node)) {
      if (v !== null && typeof v === 'object') {
        stack.push(v);
      }
    }
  }
  return info;
}

// ---- grouping ------------------------------------------------------------------------------------

const infoCache = new WeakMap<Module, CellInfo>();

function infoOf(mod: Module): CellInfo {
  let i = infoCache.get(mod);
  if (!i) {
    i = cellInfo(mod);
    infoCache.set(mod, i);
  }
  return i;
}

/** What a whole run recorded about global names (incremental/flow.ts), by notebook index. */
export interface FlowRecord {
  reads: Map<number, Map<string, number>>;
  binds: Map<number, Set<string>>;
  buildReads: Map<number, Map<string, number>>;
  /** The cell that bound each global name last. */
  final: Map<string, number>;
}

/**
 * Groups the code cells `cells` ([notebook index, lowered AST], in notebook order) by the
 * flows `record` saw, plus what the text alone says (escapes, notebook-wide frameworks, class
 * names) and the roots' rules.
 */
export function components(cells: Array<[number, Module]>, record: FlowRecord, roots: RootRules): Components {
  const compOf = new Map<number, number>();
  const infos = cells.map(([, m]) => infoOf(m));
  const escape = infos.find(i => i.escape)?.escape;
  if (escape) {
    return { fallback: escape, compOf, inertImports: new Map(), inertNames: new Set() };
  }
  // Inert names: every binding is an import of a native root, never written through.
  const importRoots = new Map<string, Set<string>>();
  const notInert = new Set<string>();
  const sharedNames = new Set<string>();
  for (const info of infos) {
    for (const [name, root] of info.imports) {
      let s = importRoots.get(name);
      if (!s) {
        s = new Set();
        importRoots.set(name, s);
      }
      s.add(root);
      // `import torch.nn as nn` and `from torch import nn` alike: natively modelled objects.
      if (!roots.inert.has(root)) {
        notInert.add(name);
      }
      if (roots.notebookWide.has(root)) {
        sharedNames.add(name);
      }
    }
    info.plainBinds.forEach(n => notInert.add(n));
    info.writtenThrough.forEach(n => notInert.add(n));
  }
  const inert = (n: string): boolean => importRoots.has(n) && !notInert.has(n);

  // Union-find over cell positions plus one node for "uses a notebook-wide framework".
  const SHARED = cells.length;
  const parent = Array.from({ length: cells.length + 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  };

  // Flows recorded by the last whole run: a cell joins every cell it read a global from (a
  // model joins the cells its forward read from while being built). Names of stateless
  // framework imports join nothing: every run re-executes their imports (inertImports).
  const pos = new Map<number, number>(cells.map(([index], j) => [index, j]));
  const join = (cell: number, src: number, name: string): void => {
    const a = pos.get(cell);
    const b = pos.get(src);
    if (a !== undefined && b !== undefined && !inert(name)) {
      union(a, b);
    }
  };
  for (const [cell, reads] of record.reads) {
    reads.forEach((src, name) => join(cell, src, name));
  }
  for (const [cell, reads] of record.buildReads) {
    reads.forEach((src, name) => join(cell, src, name));
  }
  // A framework numbering things notebook-wide (Keras' layer names): its cells are one group.
  infos.forEach((info, j) => {
    for (const n of info.names) {
      if (sharedNames.has(n)) {
        union(j, SHARED);
        break;
      }
    }
  });
  // Classes of the same name in two groups would hide each other in the model list.
  const classComp = new Map<string, number>();
  for (let j = 0; j < infos.length; j++) {
    for (const name of infos[j].classes) {
      const r = find(j);
      const other = classComp.get(name);
      if (other !== undefined && other !== r) {
        return { fallback: `class ${name} is defined in two independent places`, compOf: new Map(), inertImports: new Map(), inertNames: new Set() };
      }
      classComp.set(name, r);
    }
  }
  cells.forEach(([index], j) => compOf.set(index, find(j)));
  const inertImports = new Map<number, number[]>();
  cells.forEach(([index, mod]) => {
    const at: number[] = [];
    mod.body.forEach((st, i) => {
      const bound = importRoot(st);
      if (bound.length > 0 && bound.every(([name]) => inert(name))) {
        at.push(i);
      }
    });
    if (at.length > 0) {
      inertImports.set(index, at);
    }
  });
  const inertNames = new Set([...importRoots.keys()].filter(inert));
  return { fallback: null, compOf, inertImports, inertNames };
}
