// Imports: a module path is resolved through the loader first (local files and libraries
// read as Python source run as modules of their own, once), then the installed environment
// (`libraries`: parent packages first, as Python imports them), then the standard library,
// then the frameworks' host, else it is an opaque external module whose attributes are
// unknown. Also attributes of those modules and the package of the code running (relative
// imports).
// Does not: read files (the loaders given by the analyzer do) or know any framework.
import { globalScopeOf, str } from './values';
import type { CallSite, Scope, SrcCtx, Value } from './values';
import type { Loc, Module } from '../parse/ast';
import { isStdlibPath, stdlibAttr, stdlibModule } from './builtins';
import type { Engine } from './context';
import { lazyAttr } from './lazy-imports';
import { LIBRARY_STATE } from '../incremental/flow';

export function pymodAttr(I: Engine, path: string, name: string, site: CallSite, loc?: Loc): Value {
  const user = I.userModules.get(path);
  if (user && user !== 'loading') {
    I.deferred?.settle(I, path, name === '__dict__' ? null : name);
    const v = user.vars.get(name);
    if (v !== undefined) {
      return v;
    }
    const lazy = lazyAttr(I, path, user, name);
    if (lazy !== undefined) {
      return lazy;
    }
    if (name === '__dict__') {
      const map = new Map<string, [Value, Value]>();
      for (const [k, x] of user.vars) {
        map.set('s' + k, [str(k), x]);
      }
      return { k: 'dict', map };
    }
    const sub = loadUserModule(I, `${path}.${name}`);
    if (sub) {
      return sub;
    }
    return I.unknownAt(`module '${path}' has no attribute '${name}'`, loc);
  }
  if (path.startsWith('?')) {
    return { k: 'pymod', path: `${path}.${name}` };
  }
  if (isStdlibPath(path)) {
    return stdlibAttr(I, path, name) ?? { k: 'pymod', path: `?${path}.${name}` };
  }
  return I.host.pymodAttr(I, path, name, site);
}

/**
 * Resolves an absolute module path: a file the loader gives (local files, libraries read as
 * source), the standard library, a framework, or else an opaque external module.
 */
export function importPath(I: Engine, path: string): Value {
  const user = loadUserModule(I, path);
  if (user) {
    return user;
  }
  const std = stdlibModule(path);
  if (std) {
    return std;
  }
  const fw = I.host.importModule(path);
  if (fw) {
    return fw;
  }
  // A module that cannot be read: what comes from it is opaque (opaque.ts), and running it
  // may have made framework objects (Keras counts its layer names notebook-wide).
  I.host.onUnseenCode?.(I, path);
  return { k: 'pymod', path: `?${path}`, unresolved: true };
}

/**
 * Loads `a.b.c` from a local file via the loader (a/b/c.py or a/b/c/__init__.py), else from
 * the installed environment (`libraries`) when neither the standard library nor a framework
 * host claims it.
 */
export function loadUserModule(I: Engine, path: string): Value | null {
  if (!I.loader && !I.libraries) {
    return null;
  }
  const known = I.userModules.get(path);
  if (known) {
    if (I.library.modules.has(path)) {
      I.flow.touch(LIBRARY_STATE, true);
    }
    return { k: 'pymod', path };
  }
  if (I.absentModules.has(path)) {
    return null;
  }
  const rel = path.split('.').join('/');
  // A submodule of an installed library package is looked for in that package only (its
  // __path__), never among the notebook's files.
  const dot = path.lastIndexOf('.');
  const inLibrary = dot > 0 && I.library.modules.has(path.slice(0, dot));
  const local = I.loader && !inLibrary ? I.loader(`${rel}.py`) ?? I.loader(`${rel}/__init__.py`) : null;
  const lib = local ? null : findLibrary(I, path);
  if (lib === 'loaded') {
    I.flow.touch(LIBRARY_STATE, true);
    return { k: 'pymod', path };
  }
  const found = local ?? lib;
  if (!found) {
    // Asked again for every import of a framework module: the answer stays no.
    I.absentModules.add(path);
    return null;
  }
  const scope: Scope = { vars: new Map(), parent: null };
  scope.vars.set('__name__', str(path));
  const isPackage = lib ? lib.isPackage : found.file.endsWith('__init__.py');
  scope.vars.set('__package__', str(isPackage ? path : path.split('.').slice(0, -1).join('.')));
  if (lib) {
    I.library.modules.add(path);
    I.flow.touch(LIBRARY_STATE, true);
  }
  I.userModules.set(path, 'loading');
  const savedCtx = I.ctx;
  const ctx: SrcCtx = { cell: savedCtx.cell, cellId: savedCtx.cellId, file: found.file };
  I.ctx = ctx;
  for (const e of found.module.errors.slice(0, 3)) {
    I.diag('info', 'syntax', 'syntax error: this part of the file was skipped', I.span(e));
  }
  I.userModules.set(path, scope);
  const savedSteps = I.statementSteps;
  const savedDepth = I.callDepth;
  if (lib) {
    I.deferred?.noteModule(path, found.module.body, scope);
  }
  if (lib && I.library.depth++ === 0) {
    I.library.started = Date.now();
  }
  I.runTopLevel(found.module.body, scope, ctx);
  I.statementSteps = savedSteps;
  I.callDepth = savedDepth;
  I.ctx = savedCtx;
  if (lib && --I.library.depth === 0) {
    I.library.ms += Date.now() - I.library.started;
  }
  if (lib) {
    // Python binds a submodule in its parent package once it is imported.
    const dot = path.lastIndexOf('.');
    const parent = dot > 0 ? userScope(I, path.slice(0, dot)) : undefined;
    parent?.vars.set(path.slice(dot + 1), { k: 'pymod', path });
  }
  return { k: 'pymod', path };
}

/**
 * An installed library module's lowered file, after its parent packages ran (as Python
 * imports them; 'loaded' when one of them imported it meanwhile), or null: no source given,
 * the interpreter's standard library or a framework host claims the name, a parent is not
 * a library package (a submodule is only looked for in its package's folder), a library
 * budget is spent, or the environment has no such module.
 */
function findLibrary(I: Engine, path: string): { module: Module; file: string; isPackage: boolean } | 'loaded' | null {
  if (!I.libraries || isStdlibPath(path) || I.host.importModule(path) !== null) {
    return null;
  }
  const dot = path.lastIndexOf('.');
  if (dot > 0) {
    const parent = path.slice(0, dot);
    if (!loadUserModule(I, parent) || !I.library.modules.has(parent)) {
      return null;
    }
    if (I.userModules.has(path)) {
      return 'loaded';
    }
  }
  const lib = I.library;
  const spent = I.libraryMs();
  if (lib.stopped || spent > I.budgets.maxLibraryMs) {
    // One message: every module refused after it says the same.
    if (!lib.stopped) {
      I.diag('info', 'budget-maxLibraryMs', `${path} and later library modules were not read: this analysis already spent ${spent} ms in library code (maxLibraryMs ${I.budgets.maxLibraryMs}); what they define is unknown`);
      lib.stopped = true;
    }
    return null;
  }
  // Reading and parsing the file is library time too (inside a library module's load it
  // already runs on that clock).
  const t0 = Date.now();
  const found = I.libraries(path);
  if (lib.depth === 0) {
    lib.ms += Date.now() - t0;
  }
  if (found && 'refused' in found) {
    I.diag('info', found.refused, found.message);
    return null;
  }
  return found;
}

/** The global scope of a loaded local module, if `path` is one. */
export function userScope(I: Engine, path: string): Scope | undefined {
  const s = I.userModules.get(path);
  return s && s !== 'loading' ? s : undefined;
}

/** The package of the module whose code is running (for relative imports). */
export function currentPackage(scope: Scope): string {
  const g = globalScopeOf(scope);
  const p = g.vars.get('__package__');
  return p && p.k === 'str' ? p.v : '';
}
