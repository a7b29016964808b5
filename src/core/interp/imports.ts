// Imports: a module path is resolved through the loader first (local files and libraries
// read as Python source run as modules of their own, once), then the standard library, then
// the frameworks' host, else it is an opaque external module whose attributes are unknown.
// Also attributes of those modules and the package of the code running (relative imports).
// Does not: read files (the loader given by the analyzer does) or know any framework.
import { globalScopeOf, str } from './values';
import type { CallSite, Scope, SrcCtx, Value } from './values';
import type { Loc } from '../parse/ast';
import { isStdlibPath, stdlibAttr, stdlibModule } from './builtins';
import type { Engine } from './context';

export function pymodAttr(I: Engine, path: string, name: string, site: CallSite, loc?: Loc): Value {
  const user = I.userModules.get(path);
  if (user && user !== 'loading') {
    const v = user.vars.get(name);
    if (v !== undefined) {
      return v;
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
  return I.host.importModule(path) ?? { k: 'pymod', path: `?${path}` };
}

/** Loads `a.b.c` from a local file via the loader (a/b/c.py or a/b/c/__init__.py). */
export function loadUserModule(I: Engine, path: string): Value | null {
  if (!I.loader) {
    return null;
  }
  const known = I.userModules.get(path);
  if (known === 'loading') {
    return { k: 'pymod', path };
  }
  if (known) {
    return { k: 'pymod', path };
  }
  if (I.absentModules.has(path)) {
    return null;
  }
  const rel = path.split('.').join('/');
  const found = I.loader(`${rel}.py`) ?? I.loader(`${rel}/__init__.py`);
  if (!found) {
    // Asked again for every import of a framework module: the answer stays no.
    I.absentModules.add(path);
    return null;
  }
  const scope: Scope = { vars: new Map(), parent: null };
  scope.vars.set('__name__', str(path));
  scope.vars.set('__package__', str(found.file.endsWith('__init__.py') ? path : path.split('.').slice(0, -1).join('.')));
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
  I.runTopLevel(found.module.body, scope, ctx);
  I.statementSteps = savedSteps;
  I.callDepth = savedDepth;
  I.ctx = savedCtx;
  return { k: 'pymod', path };
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
