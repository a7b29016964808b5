// The CLI's ModuleSource: absolute module names resolved in a list of import directories as
// CPython's path finder does (a package folder with __init__ first, then a module file; a
// compiled extension of the same name wins over the .py, so that module has no source here;
// a folder without __init__ is a namespace package; a submodule is looked for only in its
// package's folders), every read confined by real path to those directories and
// size-checked before reading (confined.ts).
// Pretrained configs come from the hub cache it is given (hub-cache.ts).
// Does not: find the directories (pyenv.ts), run anything, or read files of other kinds.
import { readdirSync } from 'fs';
import * as path from 'path';
import type { ModuleFile, ModuleSource } from '../core/env/source';
import { isModuleName } from '../core/env/static-imports';
import { ConfinedReader } from './confined';
import type { HubCache } from './hub-cache';

/** A module found: its file, and the folders its submodules are looked for in. */
interface Found {
  file: ModuleFile;
  /** Real folders of a package (its __path__), empty for a plain module. */
  path: string[];
}

/** Compiled-module file names CPython prefers over `name.py`. */
function isExtension(entry: string, name: string): boolean {
  if (!entry.startsWith(name + '.')) {
    return false;
  }
  const rest = entry.slice(name.length);
  return /^(\.cpython-[^.]+|\.abi3|)\.(so|pyd)$/.test(rest);
}

export class DirectoryModuleSource implements ModuleSource {
  readonly reader: ConfinedReader;
  private readonly found = new Map<string, Found | null>();
  private readonly listings = new Map<string, Set<string> | null>();
  /** Module names refused because their real path left the import directories. */
  readonly refused: string[] = [];

  constructor(
    dirs: string[],
    private readonly maxFileBytes: number,
    /** The local Hugging Face cache pretrained configs are read from (none: not read). */
    private readonly hub?: HubCache
  ) {
    this.reader = new ConfinedReader(dirs);
  }

  find(dotted: string): ModuleFile | null {
    return this.resolve(dotted)?.file ?? null;
  }

  readHubConfig(repoId: string): string | null {
    return this.hub ? this.hub.readConfig(repoId) : null;
  }

  private resolve(dotted: string): Found | null {
    const hit = this.found.get(dotted);
    if (hit !== undefined) {
      return hit;
    }
    let out: Found | null = null;
    if (isModuleName(dotted)) {
      const dot = dotted.lastIndexOf('.');
      const parent = dot < 0 ? null : this.resolve(dotted.slice(0, dot));
      const dirs = dot < 0 ? this.reader.roots : parent ? parent.path : [];
      out = this.search(dotted, dotted.slice(dot + 1), dirs);
    }
    this.found.set(dotted, out);
    return out;
  }

  /** Entry names of a real folder inside the roots (cached), or null. */
  private list(dir: string): Set<string> | null {
    let l = this.listings.get(dir);
    if (l === undefined) {
      try {
        l = this.reader.inside(dir) ? new Set(readdirSync(dir)) : null;
      } catch {
        l = null;
      }
      this.listings.set(dir, l);
    }
    return l;
  }

  private search(dotted: string, name: string, dirs: string[]): Found | null {
    const portions: string[] = [];
    for (const dir of dirs) {
      const entries = this.list(dir);
      if (!entries) {
        continue;
      }
      if (entries.has(name)) {
        const pkg = this.reader.stat(path.join(dir, name));
        if (!pkg) {
          this.refused.push(dotted);
        } else if (pkg.stat.isDirectory()) {
          const inner = this.list(pkg.real);
          if (inner && [...inner].some(e => isExtension(e, '__init__'))) {
            return null; // a compiled package: no source
          }
          if (inner?.has('__init__.py')) {
            const file = this.file(path.join(pkg.real, '__init__.py'), true);
            return file ? { file, path: [pkg.real] } : null;
          }
          portions.push(pkg.real);
        }
      }
      if ([...entries].some(e => isExtension(e, name))) {
        return null; // a compiled module: no source
      }
      if (entries.has(`${name}.py`)) {
        const file = this.file(path.join(dir, `${name}.py`), false);
        if (file) {
          return { file, path: [] };
        }
        this.refused.push(dotted);
      }
    }
    if (portions.length > 0) {
      // A namespace package: no file; its portions are where its submodules are.
      const file: ModuleFile = { path: portions[0], isPackage: true, mtime: 0, size: 0, read: () => '' };
      return { file, path: portions };
    }
    return null;
  }

  private file(p: string, isPackage: boolean): ModuleFile | null {
    const st = this.reader.stat(p);
    if (!st || !st.stat.isFile()) {
      return null;
    }
    const real = st.real;
    const max = this.maxFileBytes;
    return { path: real, isPackage, mtime: st.stat.mtimeMs, size: st.stat.size, read: () => this.reader.read(real, max) };
  }
}
