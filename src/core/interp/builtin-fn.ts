// How a builtin is made: its TypeScript function wrapped so that the call is charged for the
// work it does (the size of its arguments and of the object it is a method of) and its result
// checked against the string and collection budgets (cost.ts); plus the plain classes that
// stand for builtin types. Shared by builtins.ts, methods.ts and stdlib.ts.
// Does not: implement any builtin.
import { charge, reserveItems, reserveString, sizeUnits } from './cost';
import type { BuiltinV, CallSite, ClassV, Value } from './values';

export type Fn = (args: Value[], kwargs: Map<string, Value>, site: CallSite) => Value;

/**
 * Builtins and methods whose work does not grow with the size of their arguments (or of the
 * object they are called on): they are not charged for it.
 */
const CONSTANT_WORK = new Set([
  'len', 'isinstance', 'issubclass', 'type', 'getattr', 'setattr', 'hasattr', 'delattr', 'print', 'id', 'hash', 'callable', 'iter',
  'next', 'super', 'property', 'staticmethod', 'classmethod', 'bool', 'append', 'pop', 'get', 'setdefault', 'add', 'discard',
  'bit_length', 'is_integer', 'partial', 'range', 'enumerate', 'zip', 'reversed'
]);

/**
 * A builtin run with the work metered (cost.ts): a call is charged for the size of its
 * arguments and of the object it is a method of (`self`) - a linear builtin visits them all -
 * and what it returns is checked against the string and collection budgets, so no chain of
 * builtins can grow a value past them.
 */
export function b(name: string, fn: Fn, self?: Value): BuiltinV {
  if (CONSTANT_WORK.has(name)) {
    return { k: 'builtin', name, fn: (a, kw, site) => checkedResult(fn(a, kw, site)) };
  }
  return {
    k: 'builtin',
    name,
    fn: (a, kw, site) => {
      let units = self ? sizeUnits(self) : 0;
      for (const x of a) {
        units += sizeUnits(x);
      }
      if (units > 0) {
        charge(units);
      }
      return checkedResult(fn(a, kw, site));
    }
  };
}

function checkedResult(v: Value): Value {
  if (v.k === 'str') {
    reserveString(v.v.length, 'string', undefined, false);
  } else if (v.k === 'list' || v.k === 'tuple' || v.k === 'set') {
    reserveItems(v.items.length, 'collection', undefined, false);
  }
  return v;
}

/** Classes for builtin exception types and `object`, so user classes can derive from them. */
export function plainClass(name: string): ClassV {
  const c: ClassV = { k: 'class', name, bases: [], attrs: new Map(), mro: [], native: undefined };
  c.mro = [c];
  return c;
}
