// Methods of the builtin types: list, tuple, set, dict and str (append, sort, update, join,
// split, replace, format, zfill, ...). Builders check the size of what they make before
// making it (cost.ts). Mutating methods mutate the (identity-carrying) list/dict/set.
// Does not: implement builtin functions (builtins.ts) or modules (stdlib.ts).
import type { Interp } from './context';
import { addUnique, BudgetError, containsValue, valueEquals } from './ops';
import { reserveItems, reserveString } from './cost';
import {
  asInt, bool, BuiltinV, int, keyOf, NONE, str, touchDict, truthy,
  unknown, Value
} from './values';
import { b, Fn } from './builtin-fn';

/** Methods of builtin types. Mutating methods mutate the (identity-carrying) list/dict. */
export function builtinMethod(I: Interp, obj: Value, name: string): Value | undefined {
  const mb = (fn: Fn): BuiltinV => b(name, fn, obj);
  const iter = (v: Value): Value[] | null => I.iterate(v);
  if (obj.k === 'list') {
    switch (name) {
      case 'append':
        return mb(a => {
          if (obj.items.length >= I.budgets.maxCollectionLength) {
            throw new BudgetError('maxCollectionLength', `list longer than maxCollectionLength (${I.budgets.maxCollectionLength})`);
          }
          obj.items.push(a[0] ?? NONE);
          return NONE;
        });
      case 'appendleft':
        // collections.deque is a list here (stdlib.ts).
        return mb(a => {
          reserveItems(obj.items.length + 1, 'list', undefined, false);
          obj.items.unshift(a[0] ?? NONE);
          return NONE;
        });
      case 'popleft':
        return mb(() => (obj.items.length === 0 || obj.unknownItems ? unknown('popleft()') : (obj.items.shift() as Value)));
      case 'extend':
        return mb(a => {
          const items = a[0] ? iter(a[0]) : null;
          if (items === null) {
            obj.unknownItems = true;
          } else {
            reserveItems(obj.items.length + items.length, 'list');
            for (const x of [...items]) {
              obj.items.push(x);
            }
          }
          return NONE;
        });
      case 'insert':
        return mb(a => {
          const i = asInt(a[0] ?? NONE);
          if (i === null) {
            obj.unknownItems = true;
          } else {
            const n = obj.items.length;
            reserveItems(n + 1, 'list', undefined, false);
            const j = i < 0n ? Math.max(0, n + Number(i)) : Math.min(n, Number(i));
            obj.items.splice(j, 0, a[1] ?? NONE);
          }
          return NONE;
        });
      case 'pop':
        return mb(a => {
          const i = a[0] ? asInt(a[0]) : -1n;
          if (i === null || obj.items.length === 0) {
            return unknown('pop()');
          }
          const j = i < 0n ? obj.items.length + Number(i) : Number(i);
          return obj.items.splice(j, 1)[0] ?? unknown('pop()');
        });
      case 'copy':
      case 'tolist':
        return mb(() => ({ k: 'list', items: [...obj.items], unknownItems: obj.unknownItems }));
      case 'reverse':
        return mb(() => {
          obj.items.reverse();
          return NONE;
        });
      case 'sort':
        // Without key=, on ints, floats or strings (one kind: equal items are then identical).
        return mb((a, kw) => {
          const rev = kw.get('reverse') ? truthy(kw.get('reverse') as Value) : false;
          const kind = obj.items[0]?.k;
          if (kw.has('key') || a.length > 0 || rev === null || obj.unknownItems || !(kind === 'int' || kind === 'float' || kind === 'str') || obj.items.some(x => x.k !== kind)) {
            obj.unknownItems = true;
            return NONE;
          }
          const key = (x: Value): bigint | number | string => (x as { v: bigint | number | string }).v;
          obj.items.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0) * (rev ? -1 : 1));
          return NONE;
        });
      case 'clear':
        return mb(() => {
          obj.items.length = 0;
          return NONE;
        });
      case 'index':
        return mb(a => {
          const i = obj.items.findIndex(x => valueEquals(x, a[0] ?? NONE) === true);
          return i < 0 ? unknown('index()') : int(i);
        });
      case 'count':
        return mb(a => int(obj.items.filter(x => valueEquals(x, a[0] ?? NONE) === true).length));
      case 'remove':
        return mb(a => {
          const i = obj.items.findIndex(x => valueEquals(x, a[0] ?? NONE) === true);
          if (i >= 0) {
            obj.items.splice(i, 1);
          }
          return NONE;
        });
      default:
        return undefined;
    }
  }
  if (obj.k === 'tuple') {
    // torch.return_types (max/min/sort/topk with dim): named fields.
    if (name === 'values' && obj.items.length === 2 && obj.items[0].k === 'tensor') {
      return obj.items[0];
    }
    if (name === 'indices' && obj.items.length === 2 && obj.items[1].k === 'tensor') {
      return obj.items[1];
    }
    if (name === 'index') {
      return mb(a => {
        const i = obj.items.findIndex(x => valueEquals(x, a[0] ?? NONE) === true);
        return i < 0 ? unknown('index()') : int(i);
      });
    }
    if (name === 'count') {
      return mb(a => int(obj.items.filter(x => valueEquals(x, a[0] ?? NONE) === true).length));
    }
    if (name === '_asdict' || name === '_replace') {
      return undefined;
    }
    return undefined;
  }
  if (obj.k === 'set') {
    const newSet = (items: Value[] | null): Value => (items ? { k: 'set', items } : unknown(`set.${name}() not known statically`));
    switch (name) {
      case 'add':
      case 'update':
        return mb(a => {
          const xs = name === 'add' ? [a[0] ?? NONE] : a.flatMap(v => iter(v) ?? [unknown('')]);
          if (obj.unknownItems || xs.some(x => x.k === 'unknown') || !addUnique(obj.items, xs)) {
            obj.unknownItems = true;
          }
          return NONE;
        });
      case 'discard':
      case 'remove':
        return mb(a => {
          const x = a[0] ?? NONE;
          const i = obj.items.findIndex(y => valueEquals(y, x) === true);
          if (i >= 0) {
            obj.items.splice(i, 1);
          } else if (containsValue(obj.items, x) === null) {
            obj.unknownItems = true;
          }
          return NONE;
        });
      case 'clear':
        return mb(() => {
          obj.items.length = 0;
          obj.unknownItems = false;
          return NONE;
        });
      case 'copy':
        return mb(() => (obj.unknownItems ? unknown('copy of a set not known statically') : { k: 'set', items: [...obj.items] }));
      case 'issubset':
      case 'issuperset':
      case 'isdisjoint':
        return mb(a => {
          const other = iter(a[0] ?? NONE);
          if (obj.unknownItems || other === null) {
            return unknown(`set.${name}() of values not known statically`);
          }
          // issubset: every item of the set is in the other; issuperset: the other way round;
          // isdisjoint: none is.
          const [from, into] = name === 'issuperset' ? [other, obj.items] : [obj.items, other];
          for (const x of from) {
            const h = containsValue(into, x);
            if (h === null) {
              return unknown(`set.${name}() of values not known statically`);
            }
            if (h !== (name !== 'isdisjoint')) {
              return bool(false);
            }
          }
          return bool(true);
        });
      case 'union':
      case 'intersection':
      case 'difference':
        return mb(a => {
          const others = a.map(v => iter(v));
          if (obj.unknownItems || others.some(o => o === null)) {
            return newSet(null);
          }
          let items = [...obj.items];
          for (const o of others as Value[][]) {
            if (name === 'union') {
              if (!addUnique(items, o)) {
                return newSet(null);
              }
              continue;
            }
            const kept: Value[] = [];
            for (const x of items) {
              const h = containsValue(o, x);
              if (h === null) {
                return newSet(null);
              }
              if (h === (name === 'intersection')) {
                kept.push(x);
              }
            }
            items = kept;
          }
          return newSet(items);
        });
      default:
        return undefined;
    }
  }
  if (obj.k === 'dict') {
    switch (name) {
      case 'get':
        return mb(a => {
          const k = keyOf(a[0] ?? NONE);
          if (k === null) {
            return unknown('dict.get() with a key not known statically');
          }
          const e = obj.map.get(k);
          return e ? e[1] : a[1] ?? NONE;
        });
      case 'items':
        return mb(() => ({ k: 'tuple', items: [...obj.map.values()].map(([k, v]) => ({ k: 'tuple', items: [k, v] }) as Value) }));
      case 'keys':
        return mb(() => ({ k: 'tuple', items: [...obj.map.values()].map(e => e[0]) }));
      case 'values':
        return mb(() => ({ k: 'tuple', items: [...obj.map.values()].map(e => e[1]) }));
      case 'copy':
        return mb(() => ({ k: 'dict', map: new Map(obj.map) }));
      case 'update':
        return mb((a, kw) => {
          touchDict(obj, 'update()');
          if (a[0] && a[0].k === 'dict') {
            for (const [k, v] of a[0].map) {
              obj.map.set(k, v);
            }
          } else if (a[0]) {
            obj.map.set('?', [unknown('update'), unknown('dict updated with unknown values')]);
          }
          for (const [k, v] of kw) {
            obj.map.set('s' + k, [str(k), v]);
          }
          return NONE;
        });
      case 'pop':
        return mb(a => {
          touchDict(obj, 'pop()');
          const k = keyOf(a[0] ?? NONE);
          if (k === null) {
            return unknown('pop()');
          }
          const e = obj.map.get(k);
          obj.map.delete(k);
          return e ? e[1] : a[1] ?? unknown('pop() of a missing key');
        });
      case 'setdefault':
        return mb(a => {
          touchDict(obj, 'setdefault()');
          const k = keyOf(a[0] ?? NONE);
          if (k === null) {
            return unknown('setdefault()');
          }
          const e = obj.map.get(k);
          if (e) {
            return e[1];
          }
          obj.map.set(k, [a[0], a[1] ?? NONE]);
          return a[1] ?? NONE;
        });
      default:
        return undefined;
    }
  }
  if (obj.k === 'str') {
    const s = obj.v;
    switch (name) {
      case 'format':
        return mb((a, kw) => {
          let auto = 0;
          let bad = false;
          let total = s.length;
          const out = s.replace(/\{\{|\}\}|\{([^{}:!]*)(![rs])?(?::([^{}]*))?\}/g, (whole, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
            if (whole === '{{') {
              return '{';
            }
            if (whole === '}}') {
              return '}';
            }
            const f = field ?? '';
            const v = f === '' ? a[auto++] : /^\d+$/.test(f) ? a[Number(f)] : kw.get(f);
            const r = v ? I.formatValue(v, spec, conv?.slice(1)) : null;
            if (r === null) {
              bad = true;
              return '';
            }
            total += r.length;
            reserveString(total, 'string', undefined, false);
            return r;
          });
          return bad ? unknown('str.format() with values not known statically') : str(out);
        });
      case 'join':
        return mb(a => {
          const items = a[0] ? iter(a[0]) : null;
          if (!items || items.some(x => x.k !== 'str')) {
            return unknown('str.join()');
          }
          // The length is known before anything is joined.
          let length = Math.max(0, items.length - 1) * s.length;
          for (const x of items) {
            length += (x as { v: string }).v.length;
          }
          reserveString(length);
          return str(items.map(x => (x as { v: string }).v).join(s));
        });
      case 'upper':
        return mb(() => str(s.toUpperCase()));
      case 'lower':
        return mb(() => str(s.toLowerCase()));
      case 'strip':
      case 'lstrip':
      case 'rstrip':
        return mb(a => {
          const chars = a[0] ?? NONE;
          if (chars.k === 'none') {
            return str(name === 'strip' ? s.trim() : name === 'lstrip' ? s.trimStart() : s.trimEnd());
          }
          if (chars.k !== 'str') {
            return unknown(`str.${name}() with these arguments`);
          }
          const set = new Set(chars.v);
          let lo = 0;
          let hi = s.length;
          while (name !== 'rstrip' && lo < hi && set.has(s[lo])) {
            lo++;
          }
          while (name !== 'lstrip' && hi > lo && set.has(s[hi - 1])) {
            hi--;
          }
          return str(s.slice(lo, hi));
        });
      case 'partition':
      case 'rpartition':
        return mb(a => {
          const sep = a[0];
          if (!sep || sep.k !== 'str' || sep.v === '') {
            return unknown(`str.${name}() with these arguments`);
          }
          const i = name === 'partition' ? s.indexOf(sep.v) : s.lastIndexOf(sep.v);
          if (i < 0) {
            return { k: 'tuple', items: name === 'partition' ? [str(s), str(''), str('')] : [str(''), str(''), str(s)] };
          }
          return { k: 'tuple', items: [str(s.slice(0, i)), str(sep.v), str(s.slice(i + sep.v.length))] };
        });
      case 'title':
        return mb(() => str(s.replace(/\w\S*/g, w => w[0].toUpperCase() + w.slice(1).toLowerCase())));
      case 'capitalize':
        return mb(() => str(s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()));
      case 'startswith':
      case 'endswith': {
        // One prefix, or a tuple of them (true when any matches); no start/end positions.
        const test = (p: string): boolean => (name === 'startswith' ? s.startsWith(p) : s.endsWith(p));
        return mb(a => {
          const p = a[0];
          if (a.length !== 1 || !p) {
            return unknown(`${name}()`);
          }
          if (p.k === 'str') {
            return bool(test(p.v));
          }
          return p.k === 'tuple' && p.items.every(x => x.k === 'str') ? bool(p.items.some(x => test((x as { v: string }).v))) : unknown(`${name}()`);
        });
      }
      case 'replace':
        return mb(a => {
          const count = a[2] === undefined ? -1n : asInt(a[2]);
          return a[0]?.k === 'str' && a[1]?.k === 'str' && count !== null ? str(replaceText(s, a[0].v, a[1].v, count)) : unknown('replace()');
        });
      case 'split':
        return mb((a, kw) => {
          const sepV = a[0] ?? kw.get('sep') ?? NONE;
          const maxV = a[1] ?? kw.get('maxsplit');
          const sep = sepV.k === 'str' ? sepV.v : null;
          const max = maxV === undefined ? -1n : maxV.k === 'int' ? maxV.v : null;
          if ((sepV.k !== 'none' && sep === null) || sep === '' || max === null || (max >= 0n && sep === null)) {
            // An empty separator raises ValueError; maxsplit is followed with a separator.
            return unknown('str.split() with these arguments');
          }
          if (max >= 0n && sep !== null) {
            const parts: string[] = [];
            let rest = s;
            for (let n = 0n; n < max; n++) {
              const i = rest.indexOf(sep);
              if (i < 0) {
                break;
              }
              parts.push(rest.slice(0, i));
              rest = rest.slice(i + sep.length);
            }
            parts.push(rest);
            return { k: 'list', items: parts.map(p => str(p)) };
          }
          if (sep !== null) {
            // Pieces are counted before they are made.
            let pieces = 1;
            for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) {
              pieces++;
            }
            reserveItems(pieces, 'list');
          }
          const parts = sep === null ? s.trim().split(/\s+/).filter(x => x) : s.split(sep);
          reserveItems(parts.length, 'list');
          return { k: 'list', items: parts.map(p => str(p)) };
        });
      case 'isdigit':
        return mb(() => bool(/^\d+$/.test(s)));
      case 'find':
      case 'index':
        return mb(a => {
          if (a[0]?.k !== 'str') {
            return unknown(`str.${name}()`);
          }
          const i = s.indexOf(a[0].v);
          return i < 0 && name === 'index' ? unknown('substring not found') : int(i);
        });
      case 'rfind':
        return mb(a => (a[0]?.k === 'str' ? int(s.lastIndexOf(a[0].v)) : unknown('str.rfind()')));
      case 'count':
        return mb(a => (a[0]?.k === 'str' && a[0].v.length > 0 ? int(s.split(a[0].v).length - 1) : unknown('str.count()')));
      case 'zfill':
        return mb(a => {
          const w = asInt(a[0] ?? NONE);
          if (w === null) {
            return unknown('zfill');
          }
          const width = w > BigInt(s.length) ? Number(w) : s.length;
          reserveString(width);
          // Python keeps a leading sign in front of the zeros.
          const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
          return str(sign + s.slice(sign.length).padStart(width - sign.length, '0'));
        });
      case 'isalpha':
        return mb(() => bool(/^[A-Za-z]+$/.test(s)));
      case 'islower':
        return mb(() => bool(s === s.toLowerCase() && /[a-z]/.test(s)));
      case 'isupper':
        return mb(() => bool(s === s.toUpperCase() && /[A-Z]/.test(s)));
      default:
        return undefined;
    }
  }
  if (obj.k === 'int' || obj.k === 'sym') {
    if (name === 'bit_length' && obj.k === 'int') {
      return mb(() => int(obj.v === 0n ? 0 : (obj.v < 0n ? -obj.v : obj.v).toString(2).length));
    }
  }
  if (obj.k === 'float' && name === 'is_integer') {
    return mb(() => bool(Number.isInteger(obj.v)));
  }
  return undefined;
}

/**
 * str.replace(old, new, count) as Python does it (an empty `old` matches before every
 * character and at the end; count < 0 means all), with the result's length checked before
 * it is built.
 */
function replaceText(s: string, old: string, repl: string, count: bigint): string {
  const limit = count < 0n ? Infinity : Number(count);
  const at: number[] = [];
  if (old === '') {
    // Between code points (never inside a surrogate pair), and at the end.
    let i = 0;
    for (const ch of s) {
      if (at.length >= limit) {
        break;
      }
      at.push(i);
      i += ch.length;
    }
    if (at.length < limit) {
      at.push(s.length);
    }
  } else {
    for (let i = s.indexOf(old); i >= 0 && at.length < limit; i = s.indexOf(old, i + old.length)) {
      at.push(i);
    }
  }
  reserveString(s.length + at.length * (repl.length - old.length));
  let out = '';
  let from = 0;
  for (const i of at) {
    out += s.slice(from, i) + repl;
    from = i + old.length;
  }
  return out + s.slice(from);
}
