// Default argument values in framework catalogs, as plain data, and their conversion to
// interpreter values. Shared by the torch and Keras catalogs so both spell defaults alike.
import { NONE, str, Value } from '../interp/values';

/** A default value in a catalog signature. 'REQ' marks a required argument. */
export type CatalogDefault = number | string | boolean | null | number[] | 'REQ' | { float: number };

/** The interpreter value of a (non-'REQ') catalog default. */
export function defaultValue(d: CatalogDefault): Value {
  if (d === null) {
    return NONE;
  }
  if (typeof d === 'number') {
    return { k: 'int', v: BigInt(d) };
  }
  if (typeof d === 'string') {
    return str(d);
  }
  if (typeof d === 'boolean') {
    return { k: 'bool', v: d };
  }
  if (Array.isArray(d)) {
    return { k: 'tuple', items: d.map(x => ({ k: 'int', v: BigInt(x) }) as Value) };
  }
  return { k: 'float', v: d.float };
}
