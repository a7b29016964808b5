// JSON text as the Python value json.loads gives (dict, list, str, int, float, bool, None):
// for data files a host hands over (a model's config.json). Numbers keep Python's kinds: a
// literal without '.', 'e' or 'E' is an int (any size), else a float, as json.loads does.
// Does not: read files, evaluate anything, or accept text that is not strict JSON (null).
import { DictV, keyOf, NONE, str, Value } from './values';

/** Nesting deeper than this is refused (null): config files are a few levels deep. */
const MAX_DEPTH = 64;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** The Python value of a JSON text, or null when the text is not valid JSON. */
export function jsonValue(text: string): Value | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) {
      i++;
    }
  };
  const fail = (): never => {
    throw new SyntaxError(`bad JSON at ${i}`);
  };
  const value = (depth: number): Value => {
    if (depth > MAX_DEPTH) {
      fail();
    }
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const d: DictV = { k: 'dict', map: new Map() };
      ws();
      if (text[i] === '}') {
        i++;
        return d;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          fail();
        }
        const k = str(string());
        ws();
        if (text[i] !== ':') {
          fail();
        }
        i++;
        const v = value(depth + 1);
        d.map.set(keyOf(k) as string, [k, v]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return d;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      const items: Value[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { k: 'list', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { k: 'list', items };
        }
        fail();
      }
    }
    if (c === '"') {
      return str(string());
    }
    for (const [word, v] of [['true', { k: 'bool', v: true }], ['false', { k: 'bool', v: false }], ['null', NONE]] as Array<[string, Value]>) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-') {
      return fail();
    }
    i += m[0].length;
    return m[2] === undefined && m[3] === undefined ? { k: 'int', v: BigInt(m[0]) } : { k: 'float', v: Number(m[0]) };
  };
  const string = (): string => {
    // At the opening quote: JSON.parse decodes the literal (its escapes), nothing else.
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) {
      return fail();
    }
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  try {
    const v = value(0);
    ws();
    return i === text.length ? v : null;
  } catch {
    return null;
  }
}
