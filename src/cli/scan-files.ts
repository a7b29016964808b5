// Which files a scan reads: the PATH arguments of `archlens scan` expanded into a list of
// paths "as found" (the argument as typed, joined with what was found under it).
//   - a file is taken as given (any extension, as `extract` would read it);
//   - a folder is walked recursively for .ipynb and .py files;
//   - anything else is a glob pattern: `*`, `?`, `[abc]`/`[!abc]` within one path segment and
//     `**` for any number of folders (`corpus/**/*.ipynb`); folders it matches are walked.
// Walking skips hidden entries (.git, .ipynb_checkpoints), __pycache__ and node_modules, and
// never follows symbolic links (no loops, nothing outside the tree), unless a pattern segment
// names a hidden entry itself. Results are sorted within each argument; a file found twice is
// kept once, under the first path it was found by.
// Does not: read file contents or decide whether a file was already scanned (scan-resume.ts).
import { readdirSync, statSync, Dirent } from 'fs';
import * as path from 'path';

const SKIPPED_DIRS = new Set(['__pycache__', 'node_modules']);

export interface FoundFiles {
  files: string[];
  /** Arguments that matched nothing (reported as warnings). */
  unmatched: string[];
}

export function findFiles(args: string[]): FoundFiles {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  const add = (p: string) => {
    const key = path.resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(p);
    }
  };
  for (const arg of args) {
    const before = files.length;
    let stat;
    try {
      stat = statSync(arg);
    } catch {
      stat = null;
    }
    if (stat?.isFile()) {
      add(arg);
    } else if (stat?.isDirectory()) {
      walk(arg, add);
    } else if (hasMagic(arg)) {
      for (const match of expandGlob(arg)) {
        if (match.dir) {
          walk(match.path, add);
        } else if (isSource(match.path)) {
          add(match.path);
        }
      }
    }
    if (files.length === before && !(stat?.isFile() || stat?.isDirectory())) {
      unmatched.push(arg);
    }
  }
  return { files, unmatched };
}

export function isSource(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.ipynb') || lower.endsWith('.py');
}

function skippedDir(name: string): boolean {
  return name.startsWith('.') || SKIPPED_DIRS.has(name);
}

/** Sorted entries of a folder; [] when it cannot be read. */
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function join(dir: string, name: string): string {
  return dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** All .ipynb/.py files under `dir`, depth first in name order; symbolic links are not followed. */
function walk(dir: string, add: (p: string) => void): void {
  for (const entry of entries(dir === '' ? '.' : dir)) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDir(entry.name)) {
        walk(p, add);
      }
    } else if (entry.isFile() && !entry.name.startsWith('.') && isSource(entry.name)) {
      add(p);
    }
  }
}

export function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** One glob segment as a regular expression (anchored); `*` and `?` never match a leading dot. */
function segmentRegex(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) {
        body = body.slice(1);
      }
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else {
      re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

interface Match {
  path: string;
  dir: boolean;
}

/** Expands a glob pattern, sorted; symbolic links are never followed or matched. */
export function expandGlob(pattern: string): Match[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  if (absolute) {
    segments.shift();
  }
  // The literal prefix (no magic) is taken as typed.
  let base = absolute ? '/' : '';
  let k = 0;
  while (k < segments.length && !hasMagic(segments[k])) {
    base = k === 0 && !absolute ? segments[k] : join(base, segments[k]);
    k++;
  }
  const out: Match[] = [];
  if (k === segments.length) {
    return out; // no magic at all: not a pattern (and it does not exist, or findFiles took it)
  }
  const rest = segments.slice(k);
  const visit = (dir: string, i: number): void => {
    const seg = rest[i];
    const last = i === rest.length - 1;
    if (seg === '**') {
      // zero folders ...
      if (last) {
        out.push({ path: dir, dir: true }); // a trailing ** : everything below, walked
        return;
      }
      visit(dir, i + 1);
      // ... or one more, recursively
      for (const e of entries(dir === '' ? '.' : dir)) {
        if (e.isDirectory() && !skippedDir(e.name)) {
          visit(join(dir, e.name), i);
        }
      }
      return;
    }
    const re = segmentRegex(seg);
    const dotOk = seg.startsWith('.');
    for (const e of entries(dir === '' ? '.' : dir)) {
      if ((e.name.startsWith('.') && !dotOk) || !re.test(e.name)) {
        continue;
      }
      const p = join(dir, e.name);
      if (last) {
        if (e.isFile()) {
          out.push({ path: p, dir: false });
        } else if (e.isDirectory()) {
          out.push({ path: p, dir: true });
        }
      } else if (e.isDirectory()) {
        visit(p, i + 1);
      }
    }
  };
  if (base === '' || isRealDir(base)) {
    visit(base, 0);
  }
  const seen = new Set<string>();
  return out
    .filter(m => (seen.has(m.path) ? false : (seen.add(m.path), true)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isRealDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

