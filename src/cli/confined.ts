// Reads files only inside a set of root folders, judged by REAL path (every symlink
// resolved), and only after a stat says the file is regular and small enough; the read
// itself is files.ts' bounded one. Used for the installed libraries of the Python
// environment (modules.ts).
// Does not: decide which folders are roots (pyenv.ts does), or read anything else.
import { realpathSync, statSync, Stats } from 'fs';
import { isInside, readBounded } from './files';
import * as path from 'path';

export class ConfinedReader {
  /** Real paths of the roots (roots that do not exist are dropped). */
  readonly roots: string[];

  constructor(roots: string[]) {
    const out: string[] = [];
    for (const r of roots) {
      const real = realOrNull(r);
      if (real && !out.includes(real)) {
        out.push(real);
      }
    }
    this.roots = out;
  }

  /** Whether a real path is one of the roots or below one. */
  inside(real: string): boolean {
    return this.roots.some(r => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  /** Real path of `p` when it exists inside the roots, else null. */
  real(p: string): string | null {
    const real = realOrNull(p);
    return real && this.inside(real) ? real : null;
  }

  /** Stat of `p` (followed) when its real path is inside the roots, with that real path. */
  stat(p: string): { real: string; stat: Stats } | null {
    const real = this.real(p);
    if (!real) {
      return null;
    }
    try {
      return { real, stat: statSync(real) };
    } catch {
      return null;
    }
  }

  /**
   * Text of a regular file inside the roots of at most `maxBytes` bytes, else null: read by
   * files.ts (size on the open file before reading, never past the limit, the opened file
   * checked again against its root, no byte order mark).
   */
  read(p: string, maxBytes: number): string | null {
    const found = this.stat(p);
    if (!found || !found.stat.isFile() || found.stat.size > maxBytes) {
      return null;
    }
    const root = this.roots.find(r => isInside(r, found.real));
    const r = readBounded(found.real, maxBytes, root);
    return r.ok ? r.text : null;
  }
}

export function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
