// The absolute modules a lowered file may import when it runs, read from its import
// statements alone (module level, class bodies and control flow; function bodies run later
// and are asked for when they run; so are the TYPE_CHECKING imports of lazy packages, imported
// when a name is first read). A host that must fetch sources before an analysis (the
// lab) uses it to prefetch a library's import closure in a few round trips instead of one
// analysis per level of imports.
// Does not: interpret, decide which modules a framework host claims (analyzer.ts filters),
// or read anything.
import type { Module, Stmt } from '../parse/ast';
import { isTypeCheckingImports } from '../interp/lazy-imports';

/** `a.b.c` -> `a`, `a.b`, `a.b.c` (Python imports every parent package first). */
export function withParents(dotted: string, out: Set<string>): void {
  let at = dotted.indexOf('.');
  while (at > 0) {
    out.add(dotted.slice(0, at));
    at = dotted.indexOf('.', at + 1);
  }
  out.add(dotted);
}

/** The package a relative import in module `dotted` is relative to. */
export function packageOf(dotted: string, isPackage: boolean): string {
  if (isPackage) {
    return dotted;
  }
  const dot = dotted.lastIndexOf('.');
  return dot < 0 ? '' : dotted.slice(0, dot);
}

/** Absolute name of `from <level dots><module> import ...` in package `pkg`, or null past the top. */
export function resolveRelative(pkg: string, level: number, module: string): string | null {
  if (level === 0) {
    return module || null;
  }
  const parts = pkg ? pkg.split('.') : [];
  if (level - 1 > parts.length || (level - 1 === parts.length && !module)) {
    return null;
  }
  const base = parts.slice(0, parts.length - (level - 1));
  const full = [...base, ...(module ? module.split('.') : [])].join('.');
  return full || null;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether every part of a dotted name is a Python identifier (nothing else is ever asked). */
export function isModuleName(dotted: string): boolean {
  if (dotted.length === 0 || dotted.length > 512) {
    return false;
  }
  return dotted.split('.').every(p => IDENT.test(p));
}

/**
 * Modules `module` (the file of `dotted`) may import at import time: every import statement
 * outside function bodies, relative ones resolved, parents included; `from m import x` also
 * gives `m.x`, which may be a submodule. Sorted, identifiers only.
 */
export function staticImports(module: Module, dotted: string, isPackage: boolean): string[] {
  const pkg = packageOf(dotted, isPackage);
  const out = new Set<string>();
  const visit = (body: Stmt[]): void => {
    for (const st of body) {
      switch (st.k) {
        case 'Import':
          for (const n of st.names) {
            withParents(n.name, out);
          }
          break;
        case 'ImportFrom': {
          const base = resolveRelative(pkg, st.level, st.module);
          if (base) {
            withParents(base, out);
            if (!st.star) {
              for (const n of st.names) {
                out.add(`${base}.${n.name}`);
              }
            }
          }
          break;
        }
        case 'If':
          // A lazy package's names: imported when first read, asked for then (the
          // interpreter runs neither branch of such an `if`, lazy-imports.ts).
          if (!isTypeCheckingImports(st)) {
            visit(st.body);
            visit(st.orelse);
          }
          break;
        case 'For':
        case 'While':
          visit(st.body);
          visit(st.orelse);
          break;
        case 'Try':
          visit(st.body);
          st.handlers.forEach(visit);
          visit(st.orelse);
          visit(st.final);
          break;
        case 'With':
        case 'Class':
          visit(st.body);
          break;
        default:
          break;
      }
    }
  };
  visit(module.body);
  return [...out].filter(isModuleName).sort();
}
