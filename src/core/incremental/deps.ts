// Which cells can influence which: groups a notebook's code cells so an edit re-interprets only
// the edited cell's group. Flows come from the last trusted run (incremental/flow.ts): a cell
// joins every cell it read a global from, a model joins the cells its forward read from. The
// text adds what a run does not show: names bound only by imports of stateless framework
// modules (torch, nn, keras, np, ...) and never written through join nothing (every partial run
// re-executes those imports); all Keras/TensorFlow cells form one group (Keras numbers its
// auto-named layers notebook-wide); anything that could reach names without mentioning them
// (globals(), exec, star imports, sys, setattr, ...) makes the notebook one group (`fallback`).
// Does not: run anything, or decide whether a partial run's result may be used (analyzer.ts).
import type { Arg, CompFor, Expr, FPart, Module, Param, Stmt } from '../parse/ast';

/** Framework and stdlib roots (native, or torchvision read as library source): their modules hold no state a notebook reaches except by writing through them. */
const INERT_ROOTS = new Set([
  'torch', 'torchvision', 'keras', 'tensorflow', 'tf_keras', 'numpy', 'math', 'functools', 'collections', 'typing',
  'dataclasses', 'itertools', 'einops', 'copy', 'operator', 'enum', 'abc', 'warnings', 'matplotlib',
  'pandas', 'seaborn', 'tqdm', 'time', 'json', 're', 'string', '__future__'
]);
const KERAS_ROOTS = new Set(['keras', 'tensorflow', 'tf_keras']);
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

/** What one cell does with global names. */
interface CellInfo {
  /** Every global name the cell mentions at top level. */
  mentioned: Set<string>;
  /** Free names of functions and lambdas defined in the cell (read whenever called). */
  deferred: Set<string>;
  /** Names bound by an import, with the import's root module (one entry per binding). */
  imports: Array<[string, string, boolean]>;
  /** Names bound at top level by anything other than an import. */
  plainBinds: Set<string>;
  /** Base names written through: `n.attr = v`, `n[i] = v`, `del n.x`, `n.x += 1`. */
  writtenThrough: Set<string>;
  /** Top-level class statement names (model candidates). */
  classes: Set<string>;
  escape: string | null;
}

// ---- name collection ---------------------------------------------------------------------------

class Collector {
  /** Names read or written in the current (top-level or class-body) scope. */
  names = new Set<string>();
  /** Free names of nested functions, lambdas. */
  deferred = new Set<string>();
  writtenThrough = new Set<string>();
  escape: string | null = null;

  expr(e: Expr | null | undefined, into: Set<string>): void {
    if (!e) {
      return;
    }
    switch (e.k) {
      case 'Name':
        into.add(e.id);
        if (ESCAPE_NAMES.has(e.id)) {
          this.escape = this.escape ?? `uses ${e.id}`;
        }
        return;
      case 'Attr':
        if (ESCAPE_ATTRS.has(e.attr)) {
          this.escape = this.escape ?? `uses .${e.attr}`;
        }
        this.expr(e.obj, into);
        return;
      case 'Sub':
        this.expr(e.obj, into);
        this.expr(e.index, into);
        return;
      case 'Slice':
        this.expr(e.lower, into);
        this.expr(e.upper, into);
        this.expr(e.step, into);
        return;
      case 'Call':
        this.expr(e.func, into);
        this.args(e.args, into);
        return;
      case 'Bin':
        this.expr(e.l, into);
        this.expr(e.r, into);
        return;
      case 'Unary':
      case 'Not':
        this.expr(e.v, into);
        return;
      case 'Bool':
        e.values.forEach(v => this.expr(v, into));
        return;
      case 'Compare':
        this.expr(e.left, into);
        e.rights.forEach(v => this.expr(v, into));
        return;
      case 'IfExp':
        this.expr(e.test, into);
        this.expr(e.body, into);
        this.expr(e.orelse, into);
        return;
      case 'Lambda': {
        this.params(e.params, into);
        const locals = new Set(e.params.map(p => p.name));
        const inner = new Set<string>();
        this.expr(e.body, inner);
        for (const n of inner) {
          if (!locals.has(n)) {
            this.deferred.add(n);
          }
        }
        return;
      }
      case 'Tuple':
      case 'List':
      case 'Set':
        e.elts.forEach(v => this.expr(v, into));
        return;
      case 'Dict':
        for (const it of e.items) {
          if ('splat' in it) {
            this.expr(it.splat, into);
          } else {
            this.expr(it.key, into);
            this.expr(it.value, into);
          }
        }
        return;
      case 'Comp':
        this.comp(e.gens, [e.elt, e.value ?? null], into);
        return;
      case 'Starred':
        this.expr(e.v, into);
        return;
      case 'Walrus':
        into.add(e.target);
        this.expr(e.value, into);
        return;
      case 'FStr':
        this.fparts(e.parts, into);
        return;
      default:
        return;
    }
  }

  private fparts(parts: Array<string | FPart>, into: Set<string>): void {
    for (const p of parts) {
      if (typeof p !== 'string') {
        this.expr(p.expr, into);
        if (p.spec) {
          this.fparts(p.spec, into);
        }
      }
    }
  }

  /** A comprehension: its targets are its own; the first iterable is read outside. */
  private comp(gens: CompFor[], elts: Array<Expr | null>, into: Set<string>): void {
    const own = new Set<string>();
    const inner = new Set<string>();
    gens.forEach((g, i) => {
      this.expr(g.iter, i === 0 ? into : inner);
      this.expr(g.target, own);
      g.ifs.forEach(x => this.expr(x, inner));
    });
    elts.forEach(x => this.expr(x, inner));
    for (const n of inner) {
      if (!own.has(n)) {
        into.add(n);
      }
    }
  }

  private args(args: Arg[], into: Set<string>): void {
    for (const a of args) {
      this.expr(a.value, into);
    }
  }

  private params(ps: Param[], into: Set<string>): void {
    for (const p of ps) {
      this.expr(p.default, into);
    }
  }

  /** Base name of an assignment target written through (`a.b[c].d = ...` -> a). */
  private baseOf(t: Expr): string | null {
    let e: Expr = t;
    while (e.k === 'Attr' || e.k === 'Sub') {
      e = e.obj;
    }
    return e.k === 'Name' ? e.id : null;
  }

  /** Names bound by an assignment target, plus reads inside it (subscripts, attributes). */
  target(t: Expr, binds: Set<string>, into: Set<string>): void {
    if (t.k === 'Name') {
      binds.add(t.id);
      return;
    }
    if (t.k === 'Tuple' || t.k === 'List') {
      t.elts.forEach(x => this.target(x, binds, into));
      return;
    }
    if (t.k === 'Starred') {
      this.target(t.v, binds, into);
      return;
    }
    const base = this.baseOf(t);
    if (base) {
      this.writtenThrough.add(base);
    }
    this.expr(t, into);
  }

  /**
   * Statements of a function body: returns its free names (reads of names it does not bind,
   * and names it declares global). Nested functions' free names that this one binds are
   * resolved here; class bodies inside are read as part of this scope.
   */
  functionFree(params: Param[], body: Stmt[]): Set<string> {
    const sub = new Collector();
    const binds = new Set<string>(params.map(p => p.name));
    const reads = new Set<string>();
    const globals = new Set<string>();
    sub.stmts(body, binds, reads, globals);
    this.escape = this.escape ?? sub.escape;
    sub.writtenThrough.forEach(n => this.writtenThrough.add(n));
    const free = new Set<string>();
    for (const n of [...reads, ...sub.deferred]) {
      if (!binds.has(n) || globals.has(n)) {
        free.add(n);
      }
    }
    globals.forEach(n => free.add(n));
    return free;
  }

  /** Walks statements of one scope: binds / reads collected, nested functions deferred. */
  stmts(body: Stmt[], binds: Set<string>, reads: Set<string>, globals: Set<string>): void {
    for (const s of body) {
      this.stmt(s, binds, reads, globals);
    }
  }

  stmt(s: Stmt, binds: Set<string>, reads: Set<string>, globals: Set<string>): void {
    switch (s.k) {
      case 'Expr':
        this.expr(s.value, reads);
        return;
      case 'Assign':
        this.expr(s.value, reads);
        s.targets.forEach(t => this.target(t, binds, reads));
        return;
      case 'AugAssign':
        this.expr(s.value, reads);
        this.expr(s.target, reads);
        this.target(s.target, binds, reads);
        return;
      case 'AnnAssign':
        this.expr(s.ann, reads);
        this.expr(s.value, reads);
        if (s.value) {
          this.target(s.target, binds, reads);
        } else {
          this.expr(s.target.k === 'Name' ? null : s.target, reads);
        }
        return;
      case 'If':
      case 'While':
        this.expr(s.test, reads);
        this.stmts(s.body, binds, reads, globals);
        this.stmts(s.orelse, binds, reads, globals);
        return;
      case 'For':
        this.expr(s.iter, reads);
        this.target(s.target, binds, reads);
        this.stmts(s.body, binds, reads, globals);
        this.stmts(s.orelse, binds, reads, globals);
        return;
      case 'Def': {
        s.decorators.forEach(d => this.expr(d, reads));
        this.params(s.params, reads);
        binds.add(s.name);
        this.functionFree(s.params, s.body).forEach(n => this.deferred.add(n));
        return;
      }
      case 'Class': {
        s.decorators.forEach(d => this.expr(d, reads));
        this.args(s.bases, reads);
        binds.add(s.name);
        // The class body runs now, in its own scope: its reads are reads of this scope
        // (over-approximated: names it binds itself are counted as read too); its methods'
        // free names skip the class scope, as in Python.
        const classBinds = new Set<string>();
        this.stmts(s.body, classBinds, reads, globals);
        classBinds.forEach(n => reads.add(n));
        return;
      }
      case 'Return':
        this.expr(s.value, reads);
        return;
      case 'Import':
        for (const n of s.names) {
          binds.add(n.as ?? n.name.split('.')[0]);
        }
        return;
      case 'ImportFrom':
        if (s.star) {
          this.escape = this.escape ?? 'star import';
        }
        for (const n of s.names) {
          binds.add(n.as ?? n.name);
        }
        return;
      case 'Global':
      case 'Nonlocal':
        s.names.forEach(n => {
          globals.add(n);
          reads.add(n);
        });
        return;
      case 'Del':
        s.targets.forEach(t => {
          this.target(t, binds, reads);
          this.expr(t, reads);
        });
        return;
      case 'Assert':
        this.expr(s.test, reads);
        return;
      case 'Try':
        this.stmts(s.body, binds, reads, globals);
        s.handlers.forEach(h => this.stmts(h, binds, reads, globals));
        this.stmts(s.orelse, binds, reads, globals);
        this.stmts(s.final, binds, reads, globals);
        return;
      case 'With':
        for (const it of s.items) {
          this.expr(it.expr, reads);
          if (it.target) {
            this.target(it.target, binds, reads);
          }
        }
        this.stmts(s.body, binds, reads, globals);
        return;
      default:
        return;
    }
  }
}

function importRoot(s: Stmt): Array<[string, string, boolean]> {
  if (s.k === 'Import') {
    return s.names.map(n => [n.as ?? n.name.split('.')[0], n.name.split('.')[0], true]);
  }
  if (s.k === 'ImportFrom') {
    const root = s.level > 0 ? '.' : s.module.split('.')[0];
    return s.names.map(n => [n.as ?? n.name, root, false]);
  }
  return [];
}

/** Reads one cell's top level, statement by statement. */
function cellInfo(mod: Module): CellInfo {
  const info: CellInfo = {
    mentioned: new Set(),
    deferred: new Set(),
    imports: [],
    plainBinds: new Set(),
    writtenThrough: new Set(),
    classes: new Set(),
    escape: null
  };
  const c = new Collector();
  const walk = (body: Stmt[], topLevel: boolean): void => {
    for (const s of body) {
      const binds = new Set<string>();
      const reads = new Set<string>();
      const globals = new Set<string>();
      c.stmt(s, binds, reads, globals);
      reads.forEach(n => info.mentioned.add(n));
      const imports = importRoot(s);
      imports.forEach(i => info.imports.push(i));
      if (s.k === 'Class') {
        info.classes.add(s.name);
      }
      for (const n of binds) {
        info.mentioned.add(n);
        if (!imports.some(([name]) => name === n)) {
          info.plainBinds.add(n);
        }
      }
      if (!topLevel || s.k === 'If' || s.k === 'For' || s.k === 'While' || s.k === 'Try' || s.k === 'With') {
        // Nested class statements are still top-level classes for the model finder.
        const nested = (ss: Stmt[]): void => {
          for (const x of ss) {
            if (x.k === 'Class') {
              info.classes.add(x.name);
            } else if (x.k === 'If' || x.k === 'For' || x.k === 'While' || x.k === 'With') {
              nested(x.body);
              if ('orelse' in x) {
                nested(x.orelse);
              }
            } else if (x.k === 'Try') {
              nested(x.body);
              x.handlers.forEach(nested);
              nested(x.orelse);
              nested(x.final);
            }
          }
        };
        nested([s]);
      }
    }
  };
  walk(mod.body, true);
  c.deferred.forEach(n => info.deferred.add(n));
  c.writtenThrough.forEach(n => info.writtenThrough.add(n));
  info.escape = c.escape;
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
 * flows `record` saw, plus what the text alone says (escapes, Keras, class names).
 */
export function components(cells: Array<[number, Module]>, record: FlowRecord): Components {
  const compOf = new Map<number, number>();
  const infos = cells.map(([, m]) => infoOf(m));
  const escape = infos.find(i => i.escape)?.escape;
  if (escape) {
    return { fallback: escape, compOf, inertImports: new Map(), inertNames: new Set() };
  }
  // Inert names: every binding is an import of a native root, never written through.
  const importRoots = new Map<string, Set<string>>();
  const notInert = new Set<string>();
  const kerasNames = new Set<string>();
  for (const info of infos) {
    for (const [name, root, isModule] of info.imports) {
      let s = importRoots.get(name);
      if (!s) {
        s = new Set();
        importRoots.set(name, s);
      }
      s.add(root);
      // `import torch.nn as nn` and `from torch import nn` alike: natively modelled objects.
      void isModule;
      if (!INERT_ROOTS.has(root)) {
        notInert.add(name);
      }
      if (KERAS_ROOTS.has(root)) {
        kerasNames.add(name);
      }
    }
    info.plainBinds.forEach(n => notInert.add(n));
    info.writtenThrough.forEach(n => notInert.add(n));
  }
  const inert = (n: string): boolean => importRoots.has(n) && !notInert.has(n);

  // Union-find over cell positions plus one node for "Keras".
  const KERAS = cells.length;
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
  // Keras numbers auto-named layers notebook-wide: every cell that touches Keras is one group.
  infos.forEach((info, j) => {
    for (const n of [...info.mentioned, ...info.deferred]) {
      if (kerasNames.has(n)) {
        union(j, KERAS);
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
