// Call arguments against catalog signatures, shared by the torch and Keras hosts: binding
// positional/keyword arguments to a signature (missing required ones are errors), and the
// "int or tuple" argument of kernel sizes, strides and paddings expanded to n dims.
// Does not: know any layer, or decide what a host does with too many positional arguments.
import type { Interp } from '../interp/context';
import type { Poly } from '../interp/poly';
import { asPoly, CallSite, unknown, Value } from '../interp/values';
import type { CatalogDefault } from './defaults';

/**
 * Binds `args`/`kwargs` to `sig` in order: positional first, then keyword, then the default
 * (`defaultOf`); a missing required argument is bound to Unknown with an error diagnostic.
 * The values come by signature position.
 */
export function bindValues(
  I: Interp,
  layer: string,
  sig: ReadonlyArray<readonly [string, CatalogDefault]>,
  args: Value[],
  kwargs: Map<string, Value>,
  site: CallSite,
  defaultOf: (name: string, d: CatalogDefault, i: number) => Value
): Value[] {
  const values = new Array<Value>(sig.length);
  for (let i = 0; i < sig.length; i++) {
    const [name, d] = sig[i];
    const kv = i < args.length ? undefined : kwargs.get(name);
    if (i < args.length) {
      values[i] = args[i];
    } else if (kv !== undefined) {
      values[i] = kv;
    } else if (d === 'REQ') {
      values[i] = unknown(`missing argument '${name}'`);
      I.diag('error', 'bad-argument', `${layer}() missing required argument '${name}'`, site.span);
    } else {
      values[i] = defaultOf(name, d, i);
    }
  }
  return values;
}

/** bindValues as a map from argument name to value, in signature order. */
export function bindArgs(
  I: Interp,
  layer: string,
  sig: ReadonlyArray<readonly [string, CatalogDefault]>,
  args: Value[],
  kwargs: Map<string, Value>,
  site: CallSite,
  defaultOf: (name: string, d: CatalogDefault) => Value
): Map<string, Value> {
  const values = bindValues(I, layer, sig, args, kwargs, site, defaultOf);
  const bound = new Map<string, Value>();
  for (let i = 0; i < sig.length; i++) {
    bound.set(sig[i][0], values[i]);
  }
  return bound;
}

/** int or tuple argument expanded to n dims. */
export function tupleArg(v: Value | undefined, n: number): Array<Poly | null> | null {
  if (!v) {
    return null;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    if (v.items.length !== n) {
      return v.items.length === 1 ? new Array(n).fill(asPoly(v.items[0])) : null;
    }
    return v.items.map(asPoly);
  }
  const d = asPoly(v);
  return d === null ? null : new Array(n).fill(d);
}
