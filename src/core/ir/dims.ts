// Dimensions and shapes as the IR shows them: a dim is an exact number (only while it is a
// safe integer), an expression over named symbols, or null when it is not known. Shared by
// every framework's extractor and by graph nodes made while tracing.
// Does not: do shape arithmetic (frameworks/shape.ts) or know any framework.
import type { Dim, Shape } from '../ir';
import { Poly, polyConstValue, polySymbols, polyToString } from '../interp/poly';
import type { Dims } from '../interp/values';

export function dimOf(p: Poly | null): Dim {
  if (!p) {
    return null;
  }
  const c = polyConstValue(p);
  if (c !== null) {
    return constDim(c);
  }
  if (p.size === 1) {
    // One monomial of distinct symbols in sorted order ('B', '921600*B*T'): the display form
    // and symbol list polyToString/polySymbols give, without their general formatting.
    const [k, v] = p.entries().next().value as [string, bigint];
    const symbols = k.split('*');
    if (symbols.every((x, i) => i === 0 || symbols[i - 1] < x)) {
      const abs = v < 0n ? -v : v;
      return { expr: (v < 0n ? '-' : '') + (abs === 1n ? k : `${abs}*${k}`), symbols };
    }
  }
  return { expr: polyToString(p), symbols: polySymbols(p) };
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

const MIN_EXACT = -MAX_EXACT;

/**
 * A count as a JS number only when the number is exact; beyond 2^53 a double would round,
 * so callers get null and keep the exact decimal string instead.
 */
export function exactNumber(c: bigint): number | null {
  return c <= MAX_EXACT && c >= MIN_EXACT ? Number(c) : null;
}

export function shapeOf(d: Dims): Shape {
  return d ? d.map(dimOf) : null;
}

/** dimOf of a constant. */
export function constDim(c: bigint): Dim {
  return exactNumber(c) ?? { expr: c.toString(), symbols: [] };
}
