// The standard library's enum module as library code uses it: Enum, IntEnum, StrEnum, auto and
// unique; a class deriving from them gets its members when its body has run (values, aliases,
// `str`/`int` mixins, which compare and hash as their value), `E(value)` and `E['NAME']` look
// members up, iteration walks them in definition order.
// Does not: model Flag/IntFlag arithmetic, members made by a custom __new__/__init__ or
// _generate_next_value_ (those members' attributes are unknown), or _missing_ (a value that is
// not a member is unknown, never a guess).
import { charge } from './cost';
import { plainClass } from './builtin-fn';
import { freshId, int, str, unknown, Value } from './values';
import type { ClassV, DictV, InstanceV } from './values';

/** The roots of the enum classes, by name; `auto()` values are instances of AUTO. */
const ROOTS = new Map<string, 'str' | 'int' | undefined>([['Enum', undefined], ['IntEnum', 'int'], ['StrEnum', 'str']]);
const AUTO = plainClass('auto');

/** A root class of the enum module (Enum, IntEnum, StrEnum) made for one analysis. */
function enumRoot(name: string): ClassV {
  const c = plainClass(name);
  c.enumRoot = true;
  c.enumMixin = ROOTS.get(name);
  return c;
}

/** An attribute of the `enum` module, or null when it is not modelled. */
export function enumModuleAttr(name: string): Value | null {
  if (ROOTS.has(name)) {
    return enumRoot(name);
  }
  if (name === 'auto') {
    return { k: 'builtin', name: 'auto', fn: () => ({ k: 'instance', cls: AUTO, attrs: new Map(), id: freshId() }) };
  }
  if (name === 'unique') {
    return { k: 'builtin', name: 'unique', fn: a => a[0] ?? unknown('unique()') };
  }
  return null;
}

/** Whether a class derives from one of the enum roots (and is not a root itself). */
export function isEnumClass(cls: ClassV): boolean {
  return !cls.enumRoot && cls.mro.some(c => c.enumRoot === true);
}

/** The mixin type a class's members are instances of (`class F(str, Enum)`), inherited. */
function mixinOf(cls: ClassV, own: 'str' | 'int' | undefined): 'str' | 'int' | undefined {
  return own ?? cls.mro.find(c => c !== cls && c.enumMixin !== undefined)?.enumMixin;
}

/** Names the enum machinery keeps as plain class attributes (descriptors, dunders, sunders). */
function isMemberName(name: string, v: Value): boolean {
  if (/^__.*__$/.test(name) || /^_[^_].*_$/.test(name) || /^_[A-Za-z]\w*__/.test(name)) {
    return false;
  }
  return !['func', 'builtin', 'classmethod', 'staticmethod', 'property', 'class', 'bound'].includes(v.k);
}

/**
 * Turns the class attributes of an enum class's body into its members (in place). `own` is
 * the mixin named among its bases (`str` / `int`), if any.
 */
export function finishEnum(cls: ClassV, own: 'str' | 'int' | undefined): void {
  const mixin = mixinOf(cls, own);
  cls.enumMixin = mixin;
  // Members made by the class's own __new__ / __init__ may carry attributes not followed.
  const custom = cls.mro.some(c => !c.enumRoot && (c.attrs.has('__new__') || c.attrs.has('__init__') || c.attrs.has('_generate_next_value_')));
  const members: InstanceV[] = [];
  let lastInt = 0n;
  for (const [name, raw] of [...cls.attrs]) {
    charge(1);
    if (!isMemberName(name, raw)) {
      continue;
    }
    if (raw.k === 'unknown' && !raw.scalar) {
      // Not known to be a plain value: it might be a descriptor, not a member.
      cls.enumUnsure = true;
      continue;
    }
    let value: Value = raw;
    if (raw.k === 'instance' && raw.cls === AUTO) {
      value = custom ? unknown(`auto() of ${cls.name} with its own value generator`) : mixin === 'str' ? str(name.toLowerCase()) : int(lastInt + 1n);
    }
    if (value.k === 'int') {
      lastInt = value.v;
    }
    if (mixin === 'str' && value.k !== 'str' && value.k !== 'unknown') {
      value = unknown(`${cls.name}.${name}: a str enum value that is not a string`);
    } else if (mixin === 'int' && value.k !== 'int' && value.k !== 'bool' && value.k !== 'unknown') {
      value = unknown(`${cls.name}.${name}: an int enum value that is not an int`);
    }
    // An equal value names the same member (an alias).
    const alias = value.k === 'unknown' ? undefined : members.find(m => sameValue(m.attrs.get('_value_'), value));
    if (alias) {
      cls.attrs.set(name, alias);
      continue;
    }
    const attrs = new Map<string, Value>([['_value_', value], ['value', value], ['_name_', str(name)], ['name', str(name)]]);
    if (custom) {
      attrs.set('__unknown__', unknown(`members of ${cls.name} are made by its own __new__/__init__`));
    }
    const m: InstanceV = { k: 'instance', cls, attrs, id: freshId() };
    members.push(m);
    cls.attrs.set(name, m);
  }
  const map: DictV = { k: 'dict', map: new Map(), ordered: true };
  for (const m of members) {
    const n = m.attrs.get('_name_') as { k: 'str'; v: string };
    map.map.set('s' + n.v, [n, m]);
  }
  cls.attrs.set('__members__', map);
  cls.enumMembers = members;
  if (custom) {
    cls.enumUnsure = true;
  }
}

/** Equal as enum values: strings by text, ints and bools by number (other kinds never match here). */
function sameValue(a: Value | undefined, b: Value): boolean {
  if (!a) {
    return false;
  }
  if (a.k === 'str' && b.k === 'str') {
    return a.v === b.v;
  }
  const n = (v: Value): bigint | null => (v.k === 'int' ? v.v : v.k === 'bool' ? (v.v ? 1n : 0n) : null);
  const x = n(a);
  return x !== null && x === n(b);
}

/** The value a str/int-mixin enum member compares and hashes as; null for anything else. */
export function enumMixinValue(v: Value): Value | null {
  if (v.k !== 'instance' || v.cls.enumMixin === undefined || !v.cls.enumMembers) {
    return null;
  }
  const x = v.attrs.get('_value_');
  return x && (x.k === 'str' || x.k === 'int' || x.k === 'bool') ? x : null;
}

/** `E(value)`: the member with that value (a member gives itself); unknown when none is known to match. */
export function enumLookup(cls: ClassV, arg: Value | undefined): Value {
  const members = cls.enumMembers ?? [];
  if (!arg || cls.enumUnsure) {
    return unknown(`${cls.name}() not known statically`);
  }
  if (arg.k === 'instance' && arg.cls.mro.includes(cls) && members.includes(arg)) {
    return arg;
  }
  const key = enumMixinValue(arg) ?? arg;
  for (const m of members) {
    charge(1);
    if (sameValue(m.attrs.get('_value_'), key)) {
      return m;
    }
  }
  return unknown(`${cls.name}(${key.k === 'str' ? `'${key.v}'` : key.k === 'int' ? key.v.toString() : '...'}) is not a member known statically`);
}

/** `E['NAME']`: the member of that name; unknown otherwise. */
export function enumByName(cls: ClassV, idx: Value): Value {
  if (idx.k === 'str') {
    const hit = (cls.enumMembers ?? []).find(m => {
      const n = m.attrs.get('_name_');
      return n !== undefined && n.k === 'str' && n.v === idx.v;
    });
    if (hit) {
      return hit;
    }
    // An alias is a class attribute bound to a member.
    const a = cls.attrs.get(idx.v);
    if (a && a.k === 'instance' && a.cls === cls) {
      return a;
    }
  }
  return unknown(`${cls.name}[...] is not a member known statically`);
}

/** Whether a value is a member of an enum class (as made by finishEnum). */
function isMember(v: Value): v is InstanceV {
  return v.k === 'instance' && v.cls.enumMembers !== undefined && v.cls.enumMembers.includes(v);
}

/**
 * `a is b` / `a == b` between two enum members without a mixin or an __eq__ of their own:
 * members are singletons, so both are identity; null when not both such members.
 */
export function memberIdentity(a: Value, b: Value): boolean | null {
  if (!isMember(a) || !isMember(b)) {
    return null;
  }
  const ownEq = (c: ClassV): boolean => c.mro.some(x => !x.enumRoot && x.attrs.has('__eq__'));
  return ownEq(a.cls) || ownEq(b.cls) ? null : a === b;
}
