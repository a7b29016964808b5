// Python's format-spec mini-language for f-strings and format(): `f"{i:02d}"`, `f"{x:.2f}"`,
// `f"{n:,}"`, `f"{name:>10}"`, `f"{r:.1%}"`, `f"{v:.3e}"`, `f"{k:x}"`.
// [[fill]align][sign][z][#][0][width][grouping][.precision][type] for int, float and str.
// Anything this does not reproduce exactly returns null (the caller makes the value unknown).
// Widths and precisions are checked against the string budget before any padding is built.
// Does not: evaluate nested fields (the caller substitutes them into the spec first).
import { reserveString } from './cost';

export type Formattable = { k: 'int'; v: bigint } | { k: 'float'; v: number } | { k: 'str'; v: string };

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

export function formatSpec(value: Formattable, spec: string): string | null {
  const m = SPEC.exec(spec);
  if (!m) {
    return null;
  }
  const [, fillCh, alignCh, sign = '-', z, alt, zero, widthS, group, precS, type] = m;
  if (z || alt) {
    return null;
  }
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : undefined;
  // `{x:>999999999}` would pad to a gigabyte: refused before anything is built.
  reserveString(width, 'formatted field');
  if (prec !== undefined && prec > 90 && value.k !== 'str') {
    return null; // JavaScript formats at most 100 digits; longer is left unknown
  }
  let fill = fillCh ?? ' ';
  let align = alignCh;
  if (zero && !alignCh) {
    if (group) {
      return null; // zero padding also inserts separators into the padding
    }
    fill = '0';
    align = '=';
  }
  let body: string | null;
  let negative = false;
  let numeric = true;
  if (value.k === 'str') {
    if ((type && type !== 's') || sign !== '-' || group || (zero && !alignCh)) {
      return null;
    }
    numeric = false;
    body = prec !== undefined ? [...value.v].slice(0, prec).join('') : value.v;
  } else if (value.k === 'int' && (!type || 'bdoxXnc'.includes(type))) {
    if (prec !== undefined || type === 'c' || type === 'n') {
      return null;
    }
    negative = value.v < 0n;
    const a = negative ? -value.v : value.v;
    const radix = type === 'b' ? 2 : type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10;
    body = a.toString(radix);
    if (type === 'X') {
      body = body.toUpperCase();
    }
    if (group) {
      if (radix !== 10 && group === ',') {
        return null;
      }
      body = groupDigits(body, group, radix === 10 ? 3 : 4);
    }
  } else {
    const x = value.k === 'int' ? Number(value.v) : value.v;
    if (value.k === 'int' && !Number.isSafeInteger(x)) {
      return null;
    }
    if (!Number.isFinite(x)) {
      body = Number.isNaN(x) ? 'nan' : 'inf';
      negative = x < 0;
    } else {
      negative = x < 0 || Object.is(x, -0);
      body = floatBody(Math.abs(x), type, prec);
    }
    if (body === null) {
      return null;
    }
    if (group) {
      const [intPart, rest] = splitNumber(body);
      body = groupDigits(intPart, group, 3) + rest;
    }
  }
  if (body === null) {
    return null;
  }
  const signStr = numeric ? (negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') : '';
  const pad = Math.max(0, width - signStr.length - body.length);
  const fillStr = fill.repeat(pad);
  switch (align ?? (numeric ? '>' : '<')) {
    case '<':
      return signStr + body + fillStr;
    case '^': {
      const left = fill.repeat(Math.floor(pad / 2));
      return left + signStr + body + fill.repeat(pad - left.length);
    }
    case '=':
      return numeric ? signStr + fillStr + body : null;
    default:
      return fillStr + signStr + body;
  }
}

/**
 * Whether rounding |x| to `decimals` digits after the point is (nearly) a tie: JavaScript
 * rounds ties up, Python to the exactly nearest (round-half-even on the binary value), so
 * those cases are left unknown rather than risked.
 */
function nearTie(a: number, decimals: number): boolean {
  const scaled = a * 10 ** decimals;
  const frac = scaled - Math.floor(scaled);
  return Math.abs(frac - 0.5) < 1e-7;
}

/** Digits after the point of the mantissa when |x| is written with `prec` of them. */
function expDecimals(a: number, prec: number): number {
  return a === 0 ? 0 : prec - Math.floor(Math.log10(a));
}

/** Digits of |x| for the float presentation types; null when not reproduced exactly. */
function floatBody(a: number, type: string | undefined, prec: number | undefined): string | null {
  if (type === 'f' || type === 'F' ? nearTie(a, prec ?? 6) : type === '%' ? nearTie(a * 100, prec ?? 6) : type === 'e' || type === 'E' ? nearTie(a, expDecimals(a, prec ?? 6)) : type === 'g' || type === 'G' ? nearTie(a, expDecimals(a, Math.max(1, prec ?? 6) - 1)) : false) {
    return null;
  }
  switch (type) {
    case 'f':
    case 'F':
      return a.toFixed(prec ?? 6);
    case '%':
      return (a * 100).toFixed(prec ?? 6) + '%';
    case 'e':
    case 'E': {
      const s = pyExp(a.toExponential(prec ?? 6));
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'g':
    case 'G': {
      const s = general(a, prec ?? 6);
      return type === 'G' ? s.toUpperCase() : s;
    }
    case undefined:
      // No type: like str() without a precision; with one, Python's 'g'-like rule that keeps
      // a '.0' is not reproduced.
      return prec === undefined ? pyFloatStr(a) : null;
    default:
      return null;
  }
}

/** Python's 'g': fixed or exponent by the exponent, trailing zeros removed. */
function general(a: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (a === 0) {
    return '0';
  }
  const exp = Number(a.toExponential(p - 1).split('e')[1]);
  if (exp >= -4 && exp < p) {
    return stripZeros(a.toFixed(Math.max(0, p - 1 - exp)));
  }
  const [mant, e] = a.toExponential(p - 1).split('e');
  return pyExp(`${stripZeros(mant)}e${e}`);
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** JS 'e+5' -> Python 'e+05'. */
function pyExp(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** str(float) for finite non-negative values in the range where JS and Python agree. */
function pyFloatStr(a: number): string | null {
  if (a !== 0 && (a >= 1e16 || a < 1e-4)) {
    return null;
  }
  return Number.isInteger(a) ? a.toFixed(1) : String(a);
}

function splitNumber(s: string): [string, string] {
  const i = s.search(/[^0-9]/);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i)];
}

function groupDigits(digits: string, sep: string, size: number): string {
  const out: string[] = [];
  for (let end = digits.length; end > 0; end -= size) {
    out.unshift(digits.slice(Math.max(0, end - size), end));
  }
  return out.join(sep);
}
