// Files a notebook writes itself: `%%writefile path.py` cells (the "going modular" style of
// popular courses, where a later cell imports what an earlier one wrote). Their bodies are
// local files for the analysis, seen before the disk: the notebook's text is what it runs.
// `%%writefile -a` appends, as IPython does; the last write of a path wins.
// Does not: touch the file system, write anything, or analyse the writing cell itself (its
// body is blanked by preprocess.ts as every other cell magic is).
import type { CellInput } from '../ir';

const HEADER = /^\s*%%writefile(\s+-a|\s+--append)?\s+(?:"([^"]+)"|'([^']+)'|(\S+))\s*$/;

/** Notebook-relative path (`./a/b.py` -> `a/b.py`), or null for one that leaves the folder. */
function normalise(path: string): string | null {
  const parts: string[] = [];
  for (const p of path.replace(/\\/g, '/').split('/')) {
    if (p === '' || p === '.') {
      continue;
    }
    if (p === '..' || p.includes(':')) {
      return null;
    }
    parts.push(p);
  }
  return path.startsWith('/') || parts.length === 0 ? null : parts.join('/');
}

/** The files written by the code cells' `%%writefile` magics: path -> text. */
export function writtenFiles(cells: readonly CellInput[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const cell of cells) {
    if (cell.kind !== 'code' || !cell.source.includes('%%writefile')) {
      continue;
    }
    const lines = cell.source.split('\n');
    const first = lines.findIndex(l => l.trim() !== '');
    const m = first < 0 ? null : HEADER.exec(lines[first]);
    const path = m ? normalise(m[2] ?? m[3] ?? m[4]) : null;
    if (!m || path === null) {
      continue;
    }
    let body = lines.slice(first + 1).join('\n');
    if (body !== '' && !body.endsWith('\n')) {
      body += '\n'; // IPython writes the cell body followed by a newline
    }
    files.set(path, m[1] ? (files.get(path) ?? '') + body : body);
  }
  return files;
}

/** `readFile` that answers the written files first, then the host's reader. */
export function withWrittenFiles(cells: readonly CellInput[], readFile: ((rel: string) => string | null) | undefined): ((rel: string) => string | null) | undefined {
  const files = writtenFiles(cells);
  if (files.size === 0) {
    return readFile;
  }
  return (rel: string) => {
    const own = normalise(rel);
    const text = own === null ? undefined : files.get(own);
    return text !== undefined ? text : readFile ? readFile(rel) : null;
  };
}
