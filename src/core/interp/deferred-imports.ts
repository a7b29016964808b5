// Deferred imports of library packages (the table: env/deferred-packages.ts). Python runs
// `from .resnet import *` in timm/models/__init__.py (and `from .blocks import A, B` in
// timm/layers/__init__.py) at once; here, when the file's text shows it only defines names
// and registers builders (env/deferred-scan.ts), the import is recorded instead, and run:
//  - when a name it binds is looked up in the package (and no later line of the package binds
//    that name), or the package is star-imported, listed or written to;
//  - when a registry is asked about a name it registers (`is_model("resnet50")`), after every
//    earlier deferred import registering a name it registers too (the last one still wins);
//  - for any other question to a registry (listing models, an unknown name, a container read
//    from outside), together with every other deferred import, in import order.
// A deferred import binds only the names no later line of the package binds, so each name
// ends up bound as if every import had run in order.
// Does not: read or scan files (the library loader's `deferred.scan`), or know any library.
import type { Stmt } from '../parse/ast';

type ImportFromStmt = Extract<Stmt, { k: 'ImportFrom' }>;
import type { Engine, DeferredPackage, DeferredRegistry, DeferredScan } from './context';
import type { FuncV, Scope, SrcCtx, Value } from './values';

interface Pending {
  pkg: PackageState;
  /** Absolute module path of the submodule. */
  sub: string;
  /** Index of the import line in the package's body. */
  index: number;
  scan: DeferredScan;
  /** The import line (`from .x import *` or `from .x import a, b as c`). */
  stmt: ImportFromStmt;
  /** Names the line binds in the package. */
  binds: ReadonlySet<string>;
  ctx: SrcCtx;
  done: boolean;
  /** Order in which Python would have run the import (deferrals happen in that order). */
  seq: number;
}

interface PackageState {
  path: string;
  spec: DeferredPackage;
  scope: Scope;
  body: readonly Stmt[];
  pending: Pending[];
  /** Index of the last line binding each name (imports and deferred exports), built lazily. */
  lastBinder: Map<string, number> | null;
  /** Deferred import at each line index. */
  byIndex: Map<number, Pending>;
}

export class DeferredImports {
  private readonly packages = new Map<string, PackageState>();
  /** The same packages by their module scope (every import statement asks). */
  private readonly packageScopes = new Map<Scope, PackageState>();
  /** Registry modules of the table by path, and the loaded ones by their module scope. */
  private readonly registries = new Map<string, DeferredRegistry>();
  private readonly registryScopes = new Map<Scope, DeferredRegistry>();
  private open = 0;
  private seq = 0;
  /** Deferred imports by a name they register, in import order. */
  private readonly holders = new Map<string, Pending[]>();

  constructor(private readonly specs: ReadonlyMap<string, DeferredPackage>) {
    for (const spec of specs.values()) {
      spec.registries.forEach(r => this.registries.set(r.module, r));
    }
  }

  /** Whether any import is still deferred (every hook is a no-op otherwise). */
  get active(): boolean {
    return this.open > 0;
  }

  /** A library module about to run: noted when it is a package or a registry of the table. */
  noteModule(path: string, body: readonly Stmt[], scope: Scope): void {
    const registry = this.registries.get(path);
    if (registry) {
      this.registryScopes.set(scope, registry);
    }
    const spec = this.specs.get(path);
    // Only a package whose body is imports alone: nothing in it reads a name before the end.
    if (spec && body.every(s => s.k === 'Import' || s.k === 'ImportFrom' || (s.k === 'Expr' && s.value.k === 'Str'))) {
      const state: PackageState = { path, spec, scope, body, pending: [], lastBinder: null, byIndex: new Map() };
      this.packages.set(path, state);
      this.packageScopes.set(scope, state);
    }
  }

  /**
   * `from .x import *` or `from .x import a, b` in the body of a table package: recorded
   * instead of run when x can be deferred; false when it must run now.
   */
  tryDefer(I: Engine, st: ImportFromStmt, scope: Scope, sub: string): boolean {
    const state = this.packageScopes.get(scope);
    if (!state || st.level !== 1 || !st.module || st.module.includes('.') || I.userScope(sub) || !I.libraries?.deferred) {
      return false;
    }
    const index = state.body.indexOf(st);
    const scan = index >= 0 ? I.libraries.deferred.scan(sub, state.spec) : null;
    // Names imported by name must be the file's own (not submodules or made at run time).
    if (!scan || (!st.star && !st.names.every(n => scan.bound.has(n.name)))) {
      return false;
    }
    const binds = st.star ? scan.exports : new Set(st.names.map(n => n.as ?? n.name));
    const p: Pending = { pkg: state, sub, index, scan, stmt: st, binds, ctx: I.ctx, done: false, seq: this.seq++ };
    for (const n of scan.registers) {
      const l = this.holders.get(n);
      if (l) {
        l.push(p);
      } else {
        this.holders.set(n, [p]);
      }
    }
    state.pending.push(p);
    state.byIndex.set(index, p);
    state.lastBinder = null;
    this.open++;
    return true;
  }

  /** Before `name` of module `path` is read or written (null: every name, e.g. a star import). */
  settle(I: Engine, path: string, name: string | null): void {
    if (this.open === 0) {
      return;
    }
    const state = this.packages.get(path);
    if (state) {
      if (name === null) {
        this.runAll(I, state);
        return;
      }
      const at = this.lastBinders(state).get(name);
      const p = at === undefined ? undefined : state.byIndex.get(at);
      if (p && !p.done) {
        this.run(I, p);
      }
      return;
    }
    // A registry's containers read from outside it.
    const registry = this.registries.get(path);
    if (registry && (name === null || registry.containers.includes(name))) {
      this.runEverything(I);
    }
  }

  /** Before a module-level function of a registry module runs. */
  beforeCall(I: Engine, fn: FuncV, args: Value[], kwargs: Map<string, Value>): void {
    if (this.open === 0) {
      return;
    }
    const reg = this.registryScopes.get(fn.closure);
    if (!reg || fn.closure.vars.get(fn.name) !== fn || reg.registering.includes(fn.name)) {
      return;
    }
    const at = reg.keyed[fn.name];
    if (at === undefined && reg.onlyKeyed) {
      return;
    }
    if (at !== undefined) {
      const param = fn.params[at]?.name;
      const v = args[at] ?? (param !== undefined ? kwargs.get(param) : undefined);
      if (v && v.k === 'str') {
        const key = reg.key === 'before-dot' ? v.v.split('.')[0] : reg.key === 'lower' ? v.v.toLowerCase() : v.v;
        // Every deferred file registering the name (run already or not): the registry then
        // holds what importing everything gives for it. A name none registers may come from
        // anywhere: then everything runs.
        const holders = this.holders.get(key) ?? [];
        if (holders.length > 0 || reg.onlyKeyed) {
          holders.forEach(p => this.run(I, p));
          return;
        }
      }
    }
    this.runEverything(I);
  }

  private runEverything(I: Engine): void {
    for (const state of this.packages.values()) {
      this.runAll(I, state);
    }
  }

  private runAll(I: Engine, state: PackageState): void {
    for (const p of state.pending) {
      if (!p.done) {
        this.run(I, p);
      }
    }
  }

  /** Names each line of the package binds; the last line binding a name wins. */
  private lastBinders(state: PackageState): Map<string, number> {
    if (state.lastBinder) {
      return state.lastBinder;
    }
    const m = new Map<string, number>();
    state.body.forEach((s, i) => {
      for (const n of this.boundBy(state, s, i)) {
        m.set(n, i);
      }
    });
    state.lastBinder = m;
    return m;
  }

  private boundBy(state: PackageState, s: Stmt, i: number): Iterable<string> {
    const deferred = state.byIndex.get(i);
    if (deferred) {
      return deferred.binds;
    }
    if (s.k === 'Import') {
      return s.names.map(n => n.as ?? n.name.split('.')[0]);
    }
    if (s.k === 'ImportFrom' && !s.star) {
      return s.names.map(n => n.as ?? n.name);
    }
    return [];
  }

  /**
   * Runs one deferred import: first every earlier deferred import registering a name it
   * registers too (a later registration must stay the last), then the module, then the names
   * no later line binds.
   */
  private run(I: Engine, p: Pending): void {
    if (p.done) {
      return;
    }
    p.done = true;
    this.open--;
    for (const n of p.scan.registers) {
      for (const q of this.holders.get(n) ?? []) {
        if (q.seq < p.seq && !q.done) {
          this.run(I, q);
        }
      }
    }
    const saved = I.ctx;
    try {
      I.ctx = p.ctx;
      const mod = I.importPath(p.sub);
      const src = mod.k === 'pymod' ? I.userScope(mod.path) : undefined;
      if (!src) {
        // Not readable after all: the names it would bind are not known.
        I.openScopes.add(p.pkg.scope);
        return;
      }
      // [name bound in the package, name in the module]
      let pairs: Array<[string, string]>;
      if (p.stmt.star) {
        const all = src.vars.get('__all__');
        const names = all && (all.k === 'list' || all.k === 'tuple') ? all.items.filter(x => x.k === 'str').map(x => (x as { v: string }).v) : [...src.vars.keys()].filter(n => !n.startsWith('_'));
        pairs = names.map(n => [n, n]);
      } else {
        pairs = p.stmt.names.map(n => [n.as ?? n.name, n.name]);
      }
      const last = this.lastBinders(p.pkg);
      for (const [as, n] of pairs) {
        const v = src.vars.get(n);
        const later = last.get(as);
        if (v !== undefined && (later === undefined || later <= p.index)) {
          I.ctx = p.ctx;
          I.bind(as, v, p.pkg.scope, p.stmt.loc);
        }
      }
    } finally {
      I.ctx = saved;
    }
  }
}
