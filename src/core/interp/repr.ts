// str()/repr()/format() of known values, and the short argument text shown for a layer.
// Bounded like every other builder: a container shared many times over (`a = [a, a]` sixty
// times) is rendered once per distinct object, the length of each result is checked before
// it is built, and every element visited is charged to the work meter (cost.ts).
// Does not: know Python's full repr rules (a value it cannot render exactly gives null and
// the caller makes the result unknown) or the format-spec language itself (format.ts).
import { charge, checkDepth, reserveString } from './cost';
import { formatSpec } from './format';
import type { Value } from './values';

/**
 * The text of `v` in an f-string / str.format field (`spec`, `conv` 'r' or 's'), or str(v)
 * when neither is given; null when not reproduced exactly.
 */
export function formatValue(v: Value, spec?: string, conv?: string): string | null {
  switch (v.k) {
    case 'str':
      if (conv === 'r') {
        if (spec) {
          return null;
        }
        reserveString(v.v.length + 2);
        return `'${v.v}'`;
      }
      return spec ? formatSpec(v, spec) : v.v;
    case 'int':
      if (spec) {
        return conv ? null : formatSpec(v, spec);
      }
      return v.v.toString();
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'float':
      if (spec) {
        return conv ? null : formatSpec(v, spec);
      }
      return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
    case 'tuple':
    case 'list':
      return spec ? null : sequenceText(v, new Map(), 0);
    default:
      return null;
  }
}

/** repr of a list or tuple; `memo` holds the text of containers already rendered in this call. */
function sequenceText(v: Value & { k: 'tuple' | 'list' }, memo: Map<Value, string | null>, depth: number): string | null {
  const hit = memo.get(v);
  if (hit !== undefined) {
    return hit;
  }
  checkDepth(depth);
  charge(v.items.length);
  // A list holding itself (Python prints [...]) is not reproduced.
  memo.set(v, null);
  const parts: string[] = [];
  let length = 2;
  for (const x of v.items) {
    let p: string | null;
    if (x.k === 'str') {
      p = `'${x.v}'`;
    } else if (x.k === 'tuple' || x.k === 'list') {
      p = sequenceText(x, memo, depth + 1);
    } else {
      p = formatValue(x);
    }
    if (p === null) {
      return null;
    }
    length += p.length + 2;
    reserveString(length, 'string', undefined, false);
    parts.push(p);
  }
  reserveString(length);
  const text = v.k === 'list' ? `[${parts.join(', ')}]` : `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  memo.set(v, text);
  return text;
}

/** Longest argument text kept for display and signatures; longer ones are cut with '…'. */
export const MAX_ARG_TEXT = 200;

/**
 * A layer argument as shown in the table and used in structural signatures (`(3, 3)`,
 * `'same'`, `True`); tuples and lists both print as `( )`; instances by class name and
 * symbolic ints as `sym` (both `?` without `names`); other values `?`. At most `max` characters: a longer text ends in `…#<id>` where the id is the
 * value's identity, so two different long arguments never look the same (a signature must
 * not fold layers that differ).
 */
export function argText(v: Value, max = MAX_ARG_TEXT, intText: (n: bigint) => string = n => n.toString(), names = true): string {
  const out = { s: '', cut: false, names };
  appendArg(v, out, max, intText, 0);
  return out.cut || out.s.length > max ? `${out.s.slice(0, max)}…#${identity(v)}` : out.s;
}

function appendArg(v: Value, out: { s: string; cut: boolean; names: boolean }, max: number, intText: (n: bigint) => string, depth: number): void {
  if (out.s.length > max) {
    out.cut = true;
    return;
  }
  charge(1);
  switch (v.k) {
    case 'int':
      out.s += intText(v.v);
      return;
    case 'float':
      out.s += String(v.v);
      return;
    case 'bool':
      out.s += v.v ? 'True' : 'False';
      return;
    case 'none':
      out.s += 'None';
      return;
    case 'str':
      out.s += v.v.length + 2 > max ? `'${v.v.slice(0, max)}` : `'${v.v}'`;
      return;
    case 'sym':
      out.s += out.names ? 'sym' : '?';
      return;
    case 'tuple':
    case 'list': {
      if (depth > 50) {
        out.cut = true;
        return;
      }
      out.s += '(';
      for (let i = 0; i < v.items.length; i++) {
        if (i > 0) {
          out.s += ', ';
        }
        appendArg(v.items[i], out, max, intText, depth + 1);
        if (out.cut || out.s.length > max) {
          out.cut = true;
          return;
        }
      }
      out.s += ')';
      return;
    }
    case 'instance':
      out.s += out.names ? v.cls.name : '?';
      return;
    default:
      out.s += '?';
  }
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identity(v: object): number {
  let id = identities.get(v);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(v, id);
  }
  return id;
}
