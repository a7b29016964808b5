// Function bodies of library files read when first called. Most of an installed library's
// source is function bodies that a notebook never reaches (timm: 4.4 of its 5.5 MB), and
// parsing is the cost of reading it (about 0.4 s per MB). A cheap lexical pass finds every
// `def` whose body is on lines of its own and blanks those lines (line numbers and columns
// of everything else stay the same), so only module and class level code is parsed; the
// body is parsed and lowered the first time the function is called (expandBody), with its
// real positions.
// Does not: parse (the caller's `parse` does), decide which files are read this way (the
// analyzer does it for installed libraries only), or interpret anything.
import type { Loc, Module, Stmt } from './ast';

/** Physical lines (0-based, inclusive) of one blanked function body. */
export interface ElidedBody {
  from: number;
  to: number;
}

/** Bodies shorter than this many lines are kept: parsing them later costs more than now. */
const MIN_BODY_LINES = 3;

interface Logical {
  start: number;
  end: number;
  indent: number;
  /** Offset of the first character after the indentation. */
  at: number;
  /** Last character that is not blank or a comment. */
  last: string;
  /** Offset just past the logical line. */
  endAt: number;
}

/**
 * The logical lines of `text` (comment-only and blank lines left out), or null when the text
 * has something this scanner does not follow (a lone carriage return, an unterminated string).
 */
function logicalLines(text: string): Logical[] | null {
  const out: Logical[] = [];
  const n = text.length;
  let line = 0;
  let i = 0;
  while (i < n) {
    // Start of a physical line that may start a logical line.
    let indent = 0;
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) {
      indent = text[i] === '\t' ? (Math.floor(indent / 8) + 1) * 8 : text[i] === ' ' ? indent + 1 : 0;
      i++;
    }
    if (i >= n) {
      break;
    }
    const c0 = text[i];
    if (c0 === '\n' || c0 === '#' || (c0 === '\r' && text[i + 1] === '\n')) {
      // Blank or comment-only line.
      const nl = text.indexOf('\n', i);
      if (nl < 0) {
        break;
      }
      if (/\r(?!$)/.test(text.slice(i, nl))) {
        return null;
      }
      i = nl + 1;
      line++;
      continue;
    }
    const start = line;
    const at = i;
    let depth = 0;
    let last = '';
    let done = false;
    while (i < n && !done) {
      const c = text[i];
      if (c === '"' || c === "'") {
        const triple = text[i + 1] === c && text[i + 2] === c;
        i += triple ? 3 : 1;
        let closed = false;
        while (i < n) {
          const d = text[i];
          if (d === '\\') {
            if (text[i + 1] === '\n') {
              line++;
            }
            i += 2;
            continue;
          }
          if (d === '\n') {
            if (!triple) {
              return null;
            }
            line++;
          } else if (d === '\r' && text[i + 1] !== '\n') {
            return null;
          } else if (d === c && (!triple || (text[i + 1] === c && text[i + 2] === c))) {
            i += triple ? 3 : 1;
            closed = true;
            break;
          }
          i++;
        }
        if (!closed) {
          return null;
        }
        last = c;
        continue;
      }
      if (c === '#') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
        i += text[i + 1] === '\n' ? 2 : 3;
        line++;
        continue;
      }
      if (c === '\r') {
        if (text[i + 1] !== '\n') {
          return null;
        }
        i++;
        continue;
      }
      if (c === '\n') {
        i++;
        line++;
        if (depth <= 0) {
          done = true;
        }
        continue;
      }
      if (c === '(' || c === '[' || c === '{') {
        depth++;
      } else if (c === ')' || c === ']' || c === '}') {
        depth--;
      }
      if (c !== ' ' && c !== '\t' && c !== '\f') {
        last = c;
      }
      i++;
    }
    out.push({ start, end: done ? line - 1 : line, indent, at, last, endAt: i });
  }
  return out;
}

const DEF = /^(?:async[ \t]+)?def[ \t\\]/;

/**
 * Each logical line of `text` (comment-only and blank lines left out) with its indentation,
 * or null when the scanner cannot follow the text. Lets a caller judge what a module does
 * when imported without parsing it (env/deferred-scan.ts).
 */
export function statementLines(text: string): Array<{ indent: number; text: string }> | null {
  const lines = logicalLines(text);
  return lines ? lines.map(l => ({ indent: l.indent, text: text.slice(l.at, l.endAt) })) : null;
}

/**
 * `text` with the bodies of its multi-line functions blanked (each replaced by `...` on its
 * first line and empty lines after it) and where they were; null when nothing was blanked
 * or the text is beyond this scanner (the caller then parses it whole).
 */
export function elideBodies(text: string): { text: string; bodies: ElidedBody[] } | null {
  const logical = logicalLines(text);
  if (!logical) {
    return null;
  }
  const bodies: ElidedBody[] = [];
  for (let k = 0; k < logical.length; k++) {
    const h = logical[k];
    if (h.last !== ':' || !DEF.test(text.slice(h.at, h.at + 12))) {
      continue;
    }
    let e = k + 1;
    while (e < logical.length && logical[e].indent > h.indent) {
      e++;
    }
    if (e === k + 1) {
      continue;
    }
    const from = logical[k + 1].start;
    const to = logical[e - 1].end;
    if (to - from + 1 >= MIN_BODY_LINES) {
      bodies.push({ from, to });
    }
    k = e - 1;
  }
  if (bodies.length === 0) {
    return null;
  }
  const lines = text.split('\n');
  for (const b of bodies) {
    const first = lines[b.from];
    const ws = /^[ \t]*/.exec(first)?.[0] ?? '';
    lines[b.from] = `${ws}...`;
    for (let l = b.from + 1; l <= b.to; l++) {
      lines[l] = '';
    }
  }
  return { text: lines.join('\n'), bodies };
}

/** Reads a blanked body: its statements at their real positions, or null when it cannot be read. */
export type BodyReader = (b: ElidedBody) => Stmt[] | null;

const pending = new WeakMap<Stmt[], { body: ElidedBody; read: BodyReader }>();

/**
 * Marks the bodies of `module` (lowered from elideBodies' text) as blanked: each `def` whose
 * body is the `...` put on a blanked body's first line. Returns how many were found (every
 * body blanked must be found, else the caller parses the file whole).
 */
export function markElided(module: Module, bodies: ElidedBody[], read: BodyReader): number {
  const byLine = new Map<number, ElidedBody>();
  for (const b of bodies) {
    byLine.set(b.from, b);
  }
  let found = 0;
  const visit = (stmts: Stmt[]): void => {
    for (const st of stmts) {
      switch (st.k) {
        case 'Def': {
          const only = st.body.length === 1 ? st.body[0] : null;
          const b = only && only.k === 'Expr' && only.value.k === 'Const' && only.value.v === 'Ellipsis' ? byLine.get(only.loc[0]) : undefined;
          if (b) {
            pending.set(st.body, { body: b, read });
            found++;
          } else {
            visit(st.body);
          }
          break;
        }
        case 'Class':
        case 'With':
          visit(st.body);
          break;
        case 'If':
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
        default:
          break;
      }
    }
  };
  visit(module.body);
  return found;
}

/**
 * Puts the real statements into a blanked body (in place: every function value made from
 * the same `def` sees them) the first time it is needed. A body that cannot be read becomes
 * a `raise`: a call of it has no known result.
 */
export function expandBody(body: Stmt[]): void {
  const p = pending.get(body);
  if (!p) {
    return;
  }
  pending.delete(body);
  const stmts = p.read(p.body);
  const loc = body[0].loc;
  body.length = 0;
  body.push(...(stmts ?? [{ k: 'Raise', loc } as Stmt]));
}

/** The text a body is parsed from: `if 1:` and its lines (statements one line below their real line). */
export function bodySnippet(lines: string[], b: ElidedBody): string {
  return `if 1:\n${lines.slice(b.from, b.to + 1).join('\n')}\n`;
}

/** Moves every location in `node` down by `lines` (each location array once). */
export function shiftLines(node: unknown, lines: number, seen = new Set<Loc>()): void {
  if (Array.isArray(node)) {
    for (const x of node) {
      shiftLines(x, lines, seen);
    }
    return;
  }
  if (node === null || typeof node !== 'object') {
    return;
  }
  for (const [key, v] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'loc' && Array.isArray(v) && v.length === 4 && typeof v[0] === 'number') {
      const l = v as Loc;
      if (!seen.has(l)) {
        seen.add(l);
        l[0] += lines;
        l[2] += lines;
      }
    } else if (typeof v === 'object' && v !== null) {
      shiftLines(v, lines, seen);
    }
  }
}
