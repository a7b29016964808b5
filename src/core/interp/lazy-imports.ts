// Imports under `if TYPE_CHECKING:`, read the way lazy package `__init__`s mean them
// (transformers' and others': at run time a lazy module imports a name's module when the name
// is first used, and the TYPE_CHECKING imports state which module that is). The imports are
// recorded on the module, not run; a name read from the module later is imported from the
// module its recorded import names, then. `from .x import *` records x as a source: a name is
// looked for in the sources whose `__all__` (read from the lowered file, without running it)
// or whose names after loading contain it, the last source first (as the last star import
// wins in Python). A package with many sources (transformers.models: 400+) is only searched
// in the sources whose name starts the name looked for (`bert` for BertModel, `gpt2` for
// GPT2LMHeadModel): a lazy module maps each name to one module, so a name is in one source.
// Does not: run the else branch (the run-time lazy-module machinery), or guess a value: a
// name no recorded import gives stays not found (the caller's unknown).
import type { Stmt } from '../parse/ast';
import type { Scope, Value } from './values';
import type { Engine } from './context';

/** What a module's TYPE_CHECKING imports recorded. */
export interface LazyTable {
  /** name -> the module it comes from and its attribute there (null: the module itself). */
  names: Map<string, { module: string; attr: string | null }>;
  /** Absolute paths of `from X import *` sources, in order. */
  stars: string[];
}

/** Star sources searched in full; a package with more is searched by name prefix only. */
const MAX_FULL_STAR_SEARCH = 8;

const lazyTables = new WeakMap<Scope, LazyTable>();
/** Names being resolved (module + name), against cycles between lazy packages. */
const resolving = new Set<string>();

/** `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`) whose body only imports. */
export function isTypeCheckingImports(s: Extract<Stmt, { k: 'If' }>): boolean {
  const t = s.test;
  const named = (t.k === 'Name' && t.id === 'TYPE_CHECKING') || (t.k === 'Attr' && t.attr === 'TYPE_CHECKING');
  return named && s.body.length > 0 && s.body.every(b => b.k === 'Import' || b.k === 'ImportFrom' || b.k === 'Pass' || (b.k === 'Expr' && b.value.k === 'Str'));
}

/** Records the imports of a TYPE_CHECKING body on the module of `scope` (`pkg`: its package). */
export function recordLazyImports(body: Stmt[], scope: Scope, pkg: string): void {
  let table = lazyTables.get(scope);
  if (!table) {
    table = { names: new Map(), stars: [] };
    lazyTables.set(scope, table);
  }
  for (const st of body) {
    if (st.k === 'Import') {
      for (const n of st.names) {
        if (n.as) {
          table.names.set(n.as, { module: n.name, attr: null });
        }
      }
    } else if (st.k === 'ImportFrom') {
      let path = st.module;
      if (st.level > 0) {
        const parts = pkg.split('.').filter(x => x);
        const base = parts.slice(0, Math.max(0, parts.length - (st.level - 1)));
        path = [...base, ...(st.module ? st.module.split('.') : [])].join('.');
      }
      if (st.star) {
        table.stars.push(path);
      } else {
        for (const n of st.names) {
          table.names.set(n.as ?? n.name, { module: path, attr: n.name });
        }
      }
    }
  }
}

/**
 * A name of the loaded module `path` (global scope `scope`) that only its TYPE_CHECKING
 * imports give, imported now; undefined when they do not give it.
 */
export function lazyAttr(I: Engine, path: string, scope: Scope, name: string): Value | undefined {
  const table = lazyTables.get(scope);
  if (!table) {
    return undefined;
  }
  const key = `${path}\u0000${name}`;
  if (resolving.has(key)) {
    return undefined;
  }
  resolving.add(key);
  try {
    let v: Value | undefined;
    const e = table.names.get(name);
    if (e) {
      const mod = I.importPath(e.module);
      v = e.attr === null ? mod : I.loadUserModule(`${e.module}.${e.attr}`) ?? I.getAttr(mod, e.attr);
    } else {
      for (const src of starOrder(table.stars, name)) {
        v = starExport(I, src, name);
        if (v !== undefined) {
          break;
        }
      }
    }
    if (v !== undefined) {
      scope.vars.set(name, v);
    }
    return v;
  } finally {
    resolving.delete(key);
  }
}

/** The star sources to search for `name`, the most likely (and the last imported) first. */
function starOrder(stars: string[], name: string): string[] {
  if (stars.length <= MAX_FULL_STAR_SEARCH) {
    return [...stars].reverse();
  }
  const norm = (s: string): string => s.toLowerCase().replace(/_/g, '');
  const want = norm(name);
  return stars
    .filter(s => want.startsWith(norm(s.slice(s.lastIndexOf('.') + 1))))
    .sort((a, b) => b.length - a.length);
}

/** `name` as `from src import *` binds it, or undefined when src does not export it. */
function starExport(I: Engine, src: string, name: string): Value | undefined {
  let scope = I.userScope(src);
  if (!scope) {
    const all = I.libraries?.staticAll ? I.libraries.staticAll(src) : null;
    if (all && !all.has(name)) {
      return undefined;
    }
    I.importPath(src);
    scope = I.userScope(src);
  }
  if (!scope) {
    return undefined;
  }
  const all = scope.vars.get('__all__');
  if (all && (all.k === 'list' || all.k === 'tuple') && !all.items.some(x => x.k === 'str' && x.v === name)) {
    return undefined;
  }
  if (name.startsWith('_') && !all) {
    return undefined;
  }
  return scope.vars.get(name) ?? lazyAttr(I, src, scope, name);
}

/**
 * A module's `__all__` when its text assigns it once, at the top level, a literal list or
 * tuple of strings and changes it nowhere else (`__all__ +=`, `.extend`); otherwise null.
 */
export function textAll(text: string): Set<string> | null {
  const uses = text.match(/^__all__\b.*$/gm) ?? [];
  if (uses.length !== 1 || /__all__\s*\.|__all__\s*[+|]=/.test(text.replace(/^__all__\s*=.*$/m, ''))) {
    return null;
  }
  const m = /^__all__\s*(?::[^=]*)?=\s*([[(])([^\])]*)[\])]/m.exec(text);
  if (!m) {
    return null;
  }
  const body = m[2].replace(/#[^\n]*/g, '');
  const names = new Set<string>();
  const rest = body.replace(/\s*(?:"([A-Za-z_][A-Za-z0-9_]*)"|'([A-Za-z_][A-Za-z0-9_]*)')\s*,?/g, (_s, a: string | undefined, b: string | undefined) => {
    names.add(a ?? b ?? '');
    return '';
  });
  return rest.trim() === '' ? names : null;
}
