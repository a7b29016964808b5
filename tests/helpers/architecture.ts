// The house rules of the source tree as checks over files ({ path, text }, paths relative to the
// repository root with '/'), so that tests/architecture.test.ts can run them on the real tree
// and on small made-up trees that break each rule (a check that cannot fail proves nothing).
// Does not: read the disk (the test does) or type-check anything.

export interface SourceFile {
  path: string;
  text: string;
}

/** The most lines a source file may have, unless it is pure data. */
export const MAX_LINES = 1000;

/** Pure data, exempt from the line limit: library descriptions and catalogs. */
const DATA_FILES = [/\/library\/.*\.py$/, /\/catalog\.ts$/];

/** Words that name a framework or one of its libraries. */
const FRAMEWORK_WORDS = /\b(torch|torchvision|keras|tensorflow|tf_keras|numpy|pytorch|lightning|einops|jax)\b/i;

/** The code of a TypeScript file without its comments (strings are kept: they are code). */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      while (i < n && text[i] !== '\n') {
        i++;
      }
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      // A string, copied as it is; a quote or double quote ends at the line's end at the
      // latest (so a quote inside a regular expression cannot swallow the next lines).
      let j = i + 1;
      while (j < n && text[j] !== ch && (ch === '`' || text[j] !== '\n')) {
        j += text[j] === '\\' ? 2 : 1;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Relative module specifiers a file imports or re-exports (`import ... from './x'`, `export ... from`). */
export function importsOf(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map(m => m[1]);
}

/** The repository path an import specifier of `from` names ('src/core/interp/host' for './host'). */
export function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) {
    return spec;
  }
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') {
      parts.pop();
    } else if (p !== '.') {
      parts.push(p);
    }
  }
  return parts.join('/');
}

/** Files under `dir` that import a module under any of `forbidden`: "file -> import" lines. */
export function forbiddenImports(files: SourceFile[], dir: string, forbidden: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!f.path.startsWith(dir + '/')) {
      continue;
    }
    for (const spec of importsOf(f.text)) {
      const target = resolve(f.path, spec);
      if (forbidden.some(x => target === x || target.startsWith(x + '/'))) {
        out.push(`${f.path} -> ${spec}`);
      }
    }
  }
  return out;
}

/** Files under `dir` whose code (not comments) names a framework: "file:line: text" lines. */
export function frameworkNames(files: SourceFile[], dir: string): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!f.path.startsWith(dir + '/') || !/\.tsx?$/.test(f.path)) {
      continue;
    }
    withoutComments(f.text)
      .split('\n')
      .forEach((line, i) => {
        if (FRAMEWORK_WORDS.test(line)) {
          out.push(`${f.path}:${i + 1}: ${line.trim()}`);
        }
      });
  }
  return out;
}

/** Source files over MAX_LINES lines that are not pure data: "file: n lines". */
export function oversizedFiles(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (DATA_FILES.some(re => re.test(f.path))) {
      continue;
    }
    const lines = f.text.endsWith('\n') ? f.text.split('\n').length - 1 : f.text.split('\n').length;
    if (lines > MAX_LINES) {
      out.push(`${f.path}: ${lines} lines`);
    }
  }
  return out;
}
