// Small questions about values the Keras host asks: whether a value may hide a layer or holds
// an Unknown, whether it is known all the way down, shapes as Python values and back,
// whether two shapes agree but for the batch dim, an RNN cell's units.
// Does not: know any layer.
import { charge } from '../../interp/cost';
import { polyConstValue } from '../../interp/poly';
import { asPoly, Dims, NONE, unknown, Value } from '../../interp/values';
import { D, num } from '../shape';
import type { KLayer } from './state';

/** A value that came out of a call we could not follow (or holds one): it might be a layer. */
export function mayHideLayer(v: Value, depth = 0): boolean {
  charge(1); // every element visited counts (shared structure can be exponential)
  if (v.k === 'unknown') {
    return !v.scalar && (v.fromCall === true || /comprehension|unpacking|list extended/.test(v.reason));
  }
  if (depth > 3) {
    return false;
  }
  if (v.k === 'list' || v.k === 'tuple') {
    // Keras tracks layers kept in lists: a list with items not known may hold some.
    return (v.k === 'list' && v.unknownItems === true) || v.items.some(x => mayHideLayer(x, depth + 1));
  }
  if (v.k === 'dict') {
    return [...v.map.values()].some(([, x]) => mayHideLayer(x, depth + 1));
  }
  return false;
}

/** An Unknown value at the top of an argument or inside its list/tuple/dict. */
export function hasUnknownLeaf(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown') {
    return true;
  }
  if (depth > 4) {
    return false;
  }
  if (v.k === 'list' || v.k === 'tuple') {
    return v.items.some(x => hasUnknownLeaf(x, depth + 1));
  }
  if (v.k === 'dict') {
    return [...v.map.values()].some(([, x]) => hasUnknownLeaf(x, depth + 1));
  }
  return false;
}

/** A value known statically all the way down (tuples and lists of known values). */
export function knownValue(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown' || v.k === 'sym' || depth > 4) {
    return false;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.every(x => knownValue(x, depth + 1));
  }
  return true;
}

/** A Python shape value ((None, 28, 28), [784], 10) as dims; null when not a shape. */
export function shapeFromValue(v: Value): Dims {
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.map(x => (x.k === 'none' ? null : asPoly(x)));
  }
  const d = asPoly(v);
  return d ? [d] : null;
}

export function shapeToValue(s: Dims): Value {
  if (!s) {
    return unknown('shape not known statically');
  }
  return {
    k: 'tuple',
    items: s.map(d => {
      if (d === null) {
        return NONE;
      }
      const v = polyConstValue(d);
      return v !== null ? ({ k: 'int', v } as Value) : ({ k: 'sym', p: d } as Value);
    })
  };
}

export function sameNonBatch(a: Dims, b: Dims): boolean {
  if (!a || !b || a.length !== b.length) {
    return false;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null && y === null) {
      continue;
    }
    if (x === null || y === null || num(x) === null || num(x) !== num(y)) {
      return false;
    }
  }
  return true;
}

export function cellUnits(L: KLayer): D {
  return asPoly(L.args.get('units') ?? NONE);
}
