// Shapes of einops patterns ("b c (h p1) (w p2) -> b (h w) (p1 p2 c)"), for einops'
// rearrange / reduce / repeat functions and its Rearrange / Reduce layers (no parameters).
// Does not: evaluate anything but shapes; an axis size it cannot derive becomes unknown.
import { Poly, polyConst, polyConstValue, polyDivConst, polyMul } from '../../interp/poly';
import type { Dims } from '../../interp/values';

type Item = { k: 'axis'; name: string } | { k: 'group'; names: string[] } | { k: 'ellipsis' } | { k: 'one' };

function parseSide(s: string): Item[] | null {
  const items: Item[] = [];
  const re = /\.\.\.|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+/g;
  let group: string[] | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const t = m[0];
    if (t === '(') {
      if (group) {
        return null;
      }
      group = [];
    } else if (t === ')') {
      if (!group) {
        return null;
      }
      items.push({ k: 'group', names: group });
      group = null;
    } else if (t === '...') {
      if (group) {
        return null;
      }
      items.push({ k: 'ellipsis' });
    } else if (/^\d+$/.test(t)) {
      if (t !== '1') {
        return null;
      }
      if (group) {
        continue; // (a 1) == (a)
      }
      items.push({ k: 'one' });
    } else if (group) {
      group.push(t);
    } else {
      items.push({ k: 'axis', name: t });
    }
  }
  return group ? null : items;
}

/** Output shape of an einops pattern applied to `x`; null when not derivable. */
export function einopsShape(pattern: string, x: Dims, axes: Map<string, Poly | null>, mode: 'rearrange' | 'reduce' | 'repeat'): Dims {
  const parts = pattern.split('->');
  if (parts.length !== 2 || !x) {
    return null;
  }
  const lhs = parseSide(parts[0]);
  const rhs = parseSide(parts[1]);
  if (!lhs || !rhs) {
    return null;
  }
  const sizes = new Map<string, Poly | null>(axes);
  const ell = lhs.findIndex(i => i.k === 'ellipsis');
  const fixed = lhs.length - (ell >= 0 ? 1 : 0);
  if (ell < 0 ? x.length !== lhs.length : x.length < fixed) {
    return null;
  }
  let ellDims: Array<Poly | null> = [];
  let xi = 0;
  for (let li = 0; li < lhs.length; li++) {
    const it = lhs[li];
    if (it.k === 'ellipsis') {
      const n = x.length - fixed;
      ellDims = x.slice(xi, xi + n);
      xi += n;
      continue;
    }
    const d = x[xi++];
    if (it.k === 'axis') {
      const known = sizes.get(it.name);
      if (known === undefined) {
        sizes.set(it.name, d);
      }
    } else if (it.k === 'group') {
      let prodKnown: Poly = polyConst(1n);
      const unknownNames = it.names.filter(n => {
        const s = sizes.get(n);
        if (s) {
          prodKnown = polyMul(prodKnown, s);
          return false;
        }
        return true;
      });
      if (unknownNames.length === 1) {
        const k = polyConstValue(prodKnown);
        sizes.set(unknownNames[0], d && k !== null && k !== 0n ? polyDivConst(d, k) : null);
      } else if (unknownNames.length > 1) {
        unknownNames.forEach(n => sizes.set(n, null));
      }
    }
  }
  const out: Array<Poly | null> = [];
  for (const it of rhs) {
    if (it.k === 'ellipsis') {
      out.push(...ellDims);
    } else if (it.k === 'one') {
      out.push(polyConst(1n));
    } else if (it.k === 'axis') {
      const s = sizes.get(it.name);
      if (s === undefined && mode !== 'repeat') {
        return null;
      }
      out.push(s ?? null);
    } else {
      let p: Poly | null = polyConst(1n);
      for (const n of it.names) {
        const s = sizes.get(n);
        p = p && s ? polyMul(p, s) : null;
      }
      out.push(p);
    }
  }
  return out;
}
