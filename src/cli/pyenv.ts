// Finds the Python environment a file would run in and its import directories, the way
// CPython's site module computes sys.path, from files alone: $VIRTUAL_ENV, $CONDA_PREFIX, a
// .venv/ or venv/ beside or above the file, then the python3 on PATH (a venv's pyvenv.cfg,
// else the prefix of its real path; pyenv's shims through their version files). Site
// directories: lib/pythonX.Y/site-packages, Debian's dist-packages, the user site; .pth files
// add plain directory lines only — `import` lines are never run.
// Does not: start python or any other program, read module files (modules.ts), or leave
// the standard library in the path (stdlib modules stay the core's own models).
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { realOrNull } from './confined';

export interface PythonEnvironment {
  /** How it was found, for messages: '--python-path', '$VIRTUAL_ENV', '.venv', 'python3 on PATH'... */
  how: string;
  /** Import directories in sys.path order (existing directories, not real-path resolved). */
  dirs: string[];
}

type Env = Record<string, string | undefined>;

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** A file's small key = value settings (pyvenv.cfg), or null; never over 64 KB. */
function readCfg(file: string): Map<string, string> | null {
  try {
    if (statSync(file).size > 65536) {
      return null;
    }
    const out = new Map<string, string>();
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const eq = line.indexOf('=');
      if (eq > 0) {
        out.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
      }
    }
    return out;
  } catch {
    return null;
  }
}

/** `3.11` from '3.11.7' and the like, else null. */
function majorMinor(text: string | undefined): string | null {
  const m = text ? /^(\d+)\.(\d+)/.exec(text) : null;
  return m ? `${m[1]}.${m[2]}` : null;
}

/** Versions X.Y with a lib/pythonX.Y folder under prefix, newest first. */
function libVersions(prefix: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(path.join(prefix, 'lib'));
  } catch {
    return [];
  }
  return names
    .map(n => /^python(\d+\.\d+)$/.exec(n)?.[1])
    .filter((v): v is string => !!v)
    .sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
}

/**
 * Directories a .pth file in `site` adds: plain directory lines (relative to `site` or
 * absolute) that exist. Lines starting with `import` are code for site.py to run: skipped.
 */
export function pthDirs(site: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(site).filter(n => n.endsWith('.pth') && !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const file = path.join(site, n);
    let text: string;
    try {
      if (!statSync(file).isFile() || statSync(file).size > 65536) {
        continue;
      }
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trimEnd();
      if (!line.trim() || line.startsWith('#') || /^import[ \t]/.test(line)) {
        continue;
      }
      const dir = path.resolve(site, line);
      if (isDir(dir)) {
        out.push(dir);
      }
    }
  }
  return out;
}

/** Each site directory followed by what its .pth files add, existing ones only, no repeats. */
function withPth(sites: string[]): string[] {
  const out: string[] = [];
  const add = (d: string) => {
    if (isDir(d) && !out.includes(d)) {
      out.push(d);
    }
  };
  for (const s of sites) {
    if (isDir(s)) {
      add(s);
      pthDirs(s).forEach(add);
    }
  }
  return out;
}

/** The user site (~/.local/lib/pythonX.Y/site-packages, or under $PYTHONUSERBASE). */
function userSite(version: string, env: Env): string {
  const base = env.PYTHONUSERBASE || path.join(env.HOME || os.homedir(), '.local');
  return path.join(base, 'lib', `python${version}`, 'site-packages');
}

/** Site directories of an installation prefix (not a venv): user site first, as site.py. */
export function prefixSites(prefix: string, version: string | null, env: Env, user: boolean): string[] {
  const sites: string[] = [];
  for (const v of version ? [version] : libVersions(prefix)) {
    if (user && env.PYTHONNOUSERSITE === undefined) {
      sites.push(userSite(v, env));
    }
    sites.push(
      path.join(prefix, 'local', 'lib', `python${v}`, 'dist-packages'), // Debian, /usr/local
      path.join(prefix, 'lib', 'python3', 'dist-packages'), // Debian's packages
      path.join(prefix, 'lib', `python${v}`, 'dist-packages'),
      path.join(prefix, 'lib', `python${v}`, 'site-packages'),
      path.join(prefix, 'lib64', `python${v}`, 'site-packages')
    );
  }
  return sites;
}

/** Site directories of a venv folder (its pyvenv.cfg read for the version and the base). */
export function venvSites(venv: string, env: Env): string[] {
  const cfg = readCfg(path.join(venv, 'pyvenv.cfg')) ?? new Map<string, string>();
  const version = majorMinor(cfg.get('version_info') ?? cfg.get('version')) ?? libVersions(venv)[0] ?? null;
  const sites: string[] = [];
  for (const v of version ? [version] : []) {
    sites.push(path.join(venv, 'lib', `python${v}`, 'site-packages'), path.join(venv, 'lib64', `python${v}`, 'site-packages'));
  }
  sites.push(path.join(venv, 'Lib', 'site-packages'));
  if ((cfg.get('include-system-site-packages') ?? '').toLowerCase() === 'true') {
    // `home` is the folder of the base interpreter (…/bin): its prefix is one level up.
    const home = cfg.get('home');
    if (home) {
      const base = realOrNull(home) ?? home;
      sites.push(...prefixSites(path.basename(base) === 'bin' ? path.dirname(base) : base, version, env, true));
    }
  }
  return sites;
}

/** The venv folder of an interpreter: pyvenv.cfg beside it or one folder up (CPython's rule). */
function venvOf(exe: string): string | null {
  for (const dir of [path.dirname(exe), path.dirname(path.dirname(exe))]) {
    if (isFile(path.join(dir, 'pyvenv.cfg'))) {
      return dir;
    }
  }
  return null;
}

/** pyenv's version for `file`: $PYENV_VERSION, a .python-version above it, else the global one. */
function pyenvVersion(root: string, file: string, env: Env): string | null {
  const first = (text: string): string | null => text.split(/\s+/).find(Boolean) ?? null;
  if (env.PYENV_VERSION) {
    return first(env.PYENV_VERSION.split(':')[0]);
  }
  const read = (f: string): string | null => {
    try {
      return statSync(f).size < 4096 ? first(readFileSync(f, 'utf8')) : null;
    } catch {
      return null;
    }
  };
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const v = read(path.join(dir, '.python-version'));
    if (v) {
      return v;
    }
    if (path.dirname(dir) === dir) {
      break;
    }
  }
  return read(path.join(root, 'version'));
}

/** Site directories of the interpreter at `exe` (a venv's, a prefix's, or a pyenv shim's). */
export function interpreterSites(exe: string, file: string, env: Env, depth = 0): string[] | null {
  const venv = venvOf(exe);
  if (venv) {
    return venvSites(venv, env);
  }
  const real = realOrNull(exe);
  if (!real) {
    return null;
  }
  if (path.basename(path.dirname(real)) === 'shims' && depth === 0) {
    const root = path.dirname(path.dirname(real));
    const version = pyenvVersion(root, file, env);
    if (!version || version === 'system') {
      return null; // the next python3 on PATH is the system one
    }
    return interpreterSites(path.join(root, 'versions', version, 'bin', 'python3'), file, env, depth + 1);
  }
  const prefix = path.dirname(path.dirname(real));
  const version = /^python(\d+\.\d+)/.exec(path.basename(real))?.[1] ?? null;
  if (libVersions(prefix).length === 0) {
    return null; // not an installation layout we know
  }
  return prefixSites(prefix, version, env, true);
}

/** The import directories for `file`, or null when no environment was found. */
export function findEnvironment(file: string, env: Env = process.env): PythonEnvironment | null {
  const pythonPath = (env.PYTHONPATH ?? '').split(path.delimiter).filter(Boolean).map(d => path.resolve(d)).filter(isDir);
  const found = (how: string, sites: string[] | null): PythonEnvironment | null => {
    const dirs = [...pythonPath, ...withPth(sites ?? [])].filter((d, i, all) => all.indexOf(d) === i);
    return dirs.length > 0 ? { how, dirs } : null;
  };
  if (env.VIRTUAL_ENV && isDir(env.VIRTUAL_ENV)) {
    return found('$VIRTUAL_ENV', venvSites(env.VIRTUAL_ENV, env));
  }
  if (env.CONDA_PREFIX && isDir(env.CONDA_PREFIX)) {
    return found('$CONDA_PREFIX', existsSync(path.join(env.CONDA_PREFIX, 'pyvenv.cfg')) ? venvSites(env.CONDA_PREFIX, env) : prefixSites(env.CONDA_PREFIX, null, env, true));
  }
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    for (const name of ['.venv', 'venv']) {
      if (isFile(path.join(dir, name, 'pyvenv.cfg'))) {
        return found(path.join(dir, name), venvSites(path.join(dir, name), env));
      }
    }
    if (path.dirname(dir) === dir) {
      break;
    }
  }
  for (const entry of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const exe = path.join(entry, 'python3');
    if (isFile(exe)) {
      const sites = interpreterSites(exe, file, env);
      if (sites) {
        return found(`python3 on PATH (${exe})`, sites);
      }
    }
  }
  return found('$PYTHONPATH', []);
}
