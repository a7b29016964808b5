// The parse budget: UTF-8 bytes and syntax nodes per cell or file, and in total per analysis
// (cells plus files read through imports). Parsing is one wasm call outside the step budget,
// and its time and memory grow with the text, so a source is checked BEFORE it is parsed:
// its bytes, and its tokens counted by a cheap scan (every token is a syntax node, so more
// tokens than maxSourceNodes is over budget for sure); after parsing, its real node count.
// Totals are counted over every code cell, smallest first (so the cells left out when they
// run out are the biggest), then the files read through imports, whether or not a tree was
// cached: which sources are skipped never depends on what was analysed before.
// Does not: parse (parser.ts), lower (lower.ts) or report diagnostics (the analyzer does).
import type { Budgets } from '../interp/budgets';

/** Why a source was not analysed: the budget exceeded (diagnostic code `budget-<name>`) and a message. */
export interface Refusal {
  budget: 'maxSourceBytes' | 'maxSourceNodes' | 'maxTotalSourceBytes' | 'maxTotalSourceNodes' | 'maxWallMs' | 'parser';
  message: string;
}

/** UTF-8 length of `text` (unpaired surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      if (c < 0x800) {
        n += 1;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 2; // a pair: 4 bytes for 2 code units
        i++;
      } else {
        n += 2;
      }
    }
  }
  return n;
}

/**
 * Tokens of Python text, counted up to `limit` (the count stops just past it): names,
 * numbers and strings (one each, string prefixes and triple quotes included), brackets and
 * commas (one each), runs of other operator characters (one per run). Comments, whitespace
 * and line ends are not counted. Each counted token is at least one leaf of tree-sitter's
 * tree of the same text, so the count never exceeds its node count.
 */
export function countTokens(text: string, limit: number): number {
  let tokens = 0;
  let i = 0;
  const n = text.length;
  while (i < n && tokens <= limit) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 13 || c === 10 || c === 92) {
      i++; // whitespace, line ends, line continuations
    } else if (c === 35) {
      // a comment, to the end of the line
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (c === 34 || c === 39) {
      tokens++;
      i = stringEnd(text, i);
    } else if (c >= 48 && c <= 57) {
      // a number: digits, letters, '_', '.', and a sign after an exponent's e
      tokens++;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isWordChar(d) || d === 46 || ((d === 43 || d === 45) && (text.charCodeAt(i - 1) | 32) === 101)) {
          i++;
        } else {
          break;
        }
      }
    } else if (isWordChar(c)) {
      tokens++;
      while (i < n && isWordChar(text.charCodeAt(i))) {
        i++;
      }
      if (i < n && (text.charCodeAt(i) === 34 || text.charCodeAt(i) === 39)) {
        i = stringEnd(text, i); // a prefixed string (f"", rb'') is one token with its prefix
      }
    } else if (c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 44) {
      tokens++;
      i++;
    } else {
      // a run of operator characters (`**=`, `->`, `...`) counts once
      tokens++;
      i++;
      while (i < n && isOperatorChar(text.charCodeAt(i))) {
        i++;
      }
    }
  }
  return tokens;
}

function isOperatorChar(c: number): boolean {
  return c > 32 && c < 128 && !isWordChar(c) && c !== 34 && c !== 39 && c !== 35 && c !== 92 && c !== 40 && c !== 41 && c !== 91 && c !== 93 && c !== 123 && c !== 125 && c !== 44;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

/** Index after the string literal starting with the quote at `i` (to the end when unclosed). */
function stringEnd(text: string, i: number): number {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  let j = i + close.length;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
    } else if (text.startsWith(close, j)) {
      return j + close.length;
    } else if (!triple && c === '\n') {
      return j; // unterminated single-quoted string ends at the line
    } else {
      j++;
    }
  }
  return text.length;
}

/** One analysis' parse budget: what is left of the totals, and the per-source limits. */
export class ParseBudget {
  private bytes = 0;
  private nodes = 0;

  constructor(readonly budgets: Budgets) {}

  /** Bytes and tokens one more source may have: the per-source limits, or less if the totals are nearly used up. */
  room(): { bytes: number; tokens: number } {
    const b = this.budgets;
    return { bytes: Math.min(b.maxSourceBytes, b.maxTotalSourceBytes - this.bytes), tokens: Math.min(b.maxSourceNodes, b.maxTotalSourceNodes - this.nodes) };
  }

  /**
   * Why a source (or statement) of `bytes` and `tokens` does not fit `room` after `used` of
   * it went to the statements before it in the same source, or null.
   */
  refusal(what: string, bytes: number, tokens: number, room: { bytes: number; tokens: number }, used = { bytes: 0, tokens: 0 }): Refusal | null {
    const b = this.budgets;
    if (used.bytes + bytes > room.bytes) {
      return used.bytes + bytes > b.maxSourceBytes
        ? { budget: 'maxSourceBytes', message: `${what} is ${mb(bytes)} (${bytes.toLocaleString('en-US')} bytes)${used.bytes ? ` after ${mb(used.bytes)} before it` : ''}, more than maxSourceBytes (${mb(b.maxSourceBytes)}): not analysed` }
        : { budget: 'maxTotalSourceBytes', message: `${what} (${mb(bytes)}) not analysed: the sources parsed before it used up maxTotalSourceBytes (${mb(b.maxTotalSourceBytes)})` };
    }
    if (used.tokens + tokens > room.tokens) {
      return used.tokens + tokens > b.maxSourceNodes
        ? { budget: 'maxSourceNodes', message: `${what} has too many syntax nodes for maxSourceNodes (${b.maxSourceNodes.toLocaleString('en-US')} per cell or file): not analysed` }
        : { budget: 'maxTotalSourceNodes', message: `${what} not analysed: the sources parsed before it used up maxTotalSourceNodes (${b.maxTotalSourceNodes.toLocaleString('en-US')} syntax nodes)` };
    }
    return null;
  }

  /** Counts a parsed source into the totals, or refuses it when its real node count does not fit. */
  take(what: string, bytes: number, nodes: number): Refusal | null {
    const r = this.refusal(what, bytes, nodes, this.room());
    if (r) {
      return r;
    }
    this.bytes += bytes;
    this.nodes += nodes;
    return null;
  }
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** One top-level statement of a source (with its indented body): [start, end) and first line. */
export interface StatementSpan {
  start: number;
  end: number;
  /** 0-based line of `start`. */
  line: number;
}

/** Keywords that continue the statement above them at the top level (`else:` after `if`). */
const CONTINUATIONS = /^(else|elif|except|finally)\b/;

/**
 * The top-level statements of Python text, by a linear scan: a statement starts at a line
 * that begins in column 0 (not blank, not a comment, not `else`/`elif`/`except`/`finally`)
 * outside brackets and strings; indented lines, blank lines and comments belong to the
 * statement above. Decorators start the statement of what they decorate.
 */
export function statementSpans(text: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let depth = 0;
  let decorated = false;
  let i = 0;
  const n = text.length;
  const lineStartsStatement = (at: number): boolean => {
    const c = text.charCodeAt(at);
    if (at >= n || c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 35) {
      return false;
    }
    return !CONTINUATIONS.test(text.slice(at, at + 8));
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const e = stringEnd(text, i);
      for (let j = i; j < e; j++) {
        if (text.charCodeAt(j) === 10) {
          line++;
        }
      }
      i = e;
      continue;
    }
    if (c === 35) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 92 && text.charCodeAt(i + 1) === 10) {
      i += 2; // a line continuation
      line++;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) {
      depth++;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) {
      depth--;
    } else if (c === 64 && depth === 0 && (i === 0 || text.charCodeAt(i - 1) === 10)) {
      decorated = true;
    } else if (c === 10) {
      line++;
      if (depth === 0 && i + 1 < n && lineStartsStatement(i + 1)) {
        if (decorated) {
          decorated = text.charCodeAt(i + 1) === 64;
        } else {
          spans.push({ start, end: i + 1, line: startLine });
          start = i + 1;
          startLine = line;
          decorated = text.charCodeAt(i + 1) === 64;
        }
      }
    }
    i++;
  }
  if (start < n) {
    spans.push({ start, end: n, line: startLine });
  }
  return spans;
}
