// Display formatting of counts, dims, symbolic expressions, shapes and byte sizes, shared by
// every view and exporter (the panel and the markdown / LaTeX / CSV / summary-cell exports
// print numbers the same way).
// Does not: escape for any output format (escape.ts does), or change any number.
import type { Dim, Shape } from '../ir';

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '?' : n.toLocaleString('en-US');
}

export function formatDim(d: Dim): string {
  return d === null ? '?' : typeof d === 'number' ? String(d) : formatExpr(d.expr, d.symbols);
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A symbolic count or dim for people: integers get thousands separators, products a `·`,
 * powers superscripts: `16384*num_classes + 180106` -> `16,384·num_classes + 180,106`,
 * `C^2` -> `C²`. The names in `symbols` are copied verbatim wherever they occur (digits
 * inside `len(x2)` are never grouped); so are digits that touch a name or a decimal point.
 */
export function formatExpr(expr: string, symbols: readonly string[] = []): string {
  const names = symbols.filter(s => s.length > 0).sort((a, b) => b.length - a.length);
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z_.]/.test(c);
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const name = names.length ? names.find(n => expr.startsWith(n, i)) : undefined;
    if (name) {
      out += name;
      i += name.length;
      continue;
    }
    const ch = expr[i];
    if (ch === '^' && isDigit(expr[i + 1])) {
      let j = i + 1;
      while (isDigit(expr[j])) {
        j++;
      }
      for (const d of expr.slice(i + 1, j)) {
        out += SUPERSCRIPT[d.charCodeAt(0) - 48];
      }
      i = j;
      continue;
    }
    if (isDigit(ch)) {
      let j = i;
      while (isDigit(expr[j])) {
        j++;
      }
      const digits = expr.slice(i, j);
      out += isWord(expr[i - 1]) || isWord(expr[j]) ? digits : groupDigits(digits);
      i = j;
      continue;
    }
    out += ch === '*' && expr[i + 1] !== '*' && expr[i - 1] !== '*' ? '·' : ch;
    i++;
  }
  return out;
}

/** "1234567" -> "1,234,567" (any length: BigInt-sized counts stay exact). */
function groupDigits(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

/** `[1, 64, 32, 32]`; several outputs are joined with commas; `missing` when absent. */
export function formatShape(shape: Shape | Shape[] | undefined, missing = '--'): string {
  if (shape === undefined) {
    return missing;
  }
  if (shape === null) {
    return '?';
  }
  // a list of shapes (several outputs) has at least one array in it; [null, null] is one shape
  if (shape.some(s => Array.isArray(s)) && shape.every(s => s === null || Array.isArray(s))) {
    return (shape as Shape[]).map(s => formatShape(s, missing)).join(', ');
  }
  return '[' + (shape as Dim[]).map(formatDim).join(', ') + ']';
}

/** Keras' spelling of a shape: `(None, 32, 32, 3)`; unknown dims of Keras shapes are None. */
export function formatKerasShape(shape: Shape | Shape[] | undefined): string {
  if (shape === undefined || shape === null) {
    return '?';
  }
  if (shape.some(s => Array.isArray(s)) && shape.every(s => s === null || Array.isArray(s))) {
    return (shape as Shape[]).map(formatKerasShape).join(', ');
  }
  const dims = (shape as Dim[]).map(d => (d === null ? 'None' : formatDim(d)));
  return '(' + dims.join(', ') + (dims.length === 1 ? ',)' : ')');
}

/**
 * A size in bytes, in the one unit convention of the panel and every export: decimal SI
 * units (1 kB = 1,000 bytes, 1 MB = 10^6 bytes, torchinfo's MB) with two decimals:
 * `1.09 MB`, `544.95 kB`, `512 B`.
 */
export function formatBytes(bytes: number): string {
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  if (Math.abs(bytes) < 1000) {
    return `${bytes} B`;
  }
  let size = bytes / 1000;
  let unit = 0;
  while (Math.abs(size) >= 999.995 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${size.toFixed(2)} ${units[unit]}`;
}

/** What the byte unit means, for tooltips and notes. */
export const BYTE_UNIT_NOTE = '1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes (as torchinfo)';

/** Bytes per parameter of the dtypes memory estimates are given for. */
export const DTYPE_BYTES: Array<[string, number]> = [
  ['float32', 4],
  ['float16/bfloat16', 2],
  ['int8', 1]
];
