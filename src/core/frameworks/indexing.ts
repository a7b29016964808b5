// Shape of a tensor after basic indexing (`x[0]`, `x[:, 1:3]`, `x[..., None]`), shared by the
// torch and Keras hosts. Does not: handle tensor indices (the hosts treat those as unknown).
import type { Poly } from '../interp/poly';
import { c, num } from './shape';
import { asInt, Dims, Value } from '../interp/values';

const isEllipsis = (v: Value): boolean => v.k === 'pymod' && v.path === '?Ellipsis';

export interface IndexOptions {
  /** A list of ints (`x[[0, 2]]`, advanced indexing) keeps the dim with that many entries. */
  intLists: boolean;
}

/** The result shape, or null when it is not known (an index the rules do not cover). */
export function indexShape(x: Dims, index: Value, options: IndexOptions): Dims {
  if (!x) {
    return null;
  }
  const items = index.k === 'tuple' ? index.items : [index];
  const out: Array<Poly | null> = [];
  let i = 0;
  for (let j = 0; j < items.length; j++) {
    const it = items[j];
    if (isEllipsis(it)) {
      // the ellipsis stands for every dim the items after it do not consume
      const rest = items.slice(j + 1).filter(t => t.k !== 'none' && !isEllipsis(t)).length;
      while (i < x.length - rest) {
        out.push(x[i++]);
      }
      continue;
    }
    if (it.k === 'none') {
      out.push(c(1));
      continue;
    }
    if (i >= x.length) {
      return null;
    }
    if (it.k === 'int' || it.k === 'bool') {
      i++;
      continue;
    }
    if (options.intLists && it.k === 'list' && it.items.every(v => v.k === 'int')) {
      i++;
      out.push(c(it.items.length));
      continue;
    }
    if (it.k === 'slice') {
      const d = x[i++];
      const lo = it.lower.k === 'none' ? 0n : asInt(it.lower);
      const hi = it.upper.k === 'none' ? null : asInt(it.upper);
      const st = it.step.k === 'none' ? 1n : asInt(it.step);
      if (it.lower.k === 'none' && it.upper.k === 'none' && st === 1n) {
        out.push(d);
        continue;
      }
      const n = num(d);
      if (lo === null || st === null || st <= 0n || (it.upper.k !== 'none' && hi === null) || n === null) {
        out.push(null);
        continue;
      }
      const norm = (v: bigint): bigint => {
        const w = v < 0n ? v + n : v;
        return w < 0n ? 0n : w > n ? n : w;
      };
      const a = norm(lo);
      const b = hi === null ? n : norm(hi);
      out.push(c(b > a ? (b - a + st - 1n) / st : 0n));
      continue;
    }
    return null;
  }
  while (i < x.length) {
    out.push(x[i++]);
  }
  return out;
}
