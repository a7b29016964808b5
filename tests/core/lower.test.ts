import { lowerTree } from '../../src/core/parse/lower';
import { getParser } from '../helpers/parser';
import type { Module } from '../../src/core/parse/ast';

async function lower(src: string): Promise<Module> {
  const p = await getParser();
  const t = p.parse(src);
  try {
    return lowerTree(t, src);
  } finally {
    t.delete();
  }
}

test('assignments, calls, attributes with spans', async () => {
  const m = await lower('import torch.nn as nn\nx = nn.Linear(3, out_features=4, *a, **k)\n');
  expect(m.body[0]).toMatchObject({ k: 'Import', names: [{ name: 'torch.nn', as: 'nn' }] });
  const a = m.body[1];
  expect(a.k).toBe('Assign');
  if (a.k !== 'Assign') {
    return;
  }
  expect(a.loc).toEqual([1, 0, 1, 41]);
  expect(a.value).toMatchObject({ k: 'Call', func: { k: 'Attr', attr: 'Linear', obj: { k: 'Name', id: 'nn' } } });
  if (a.value.k === 'Call') {
    expect(a.value.args.map(x => x.kind)).toEqual(['pos', 'kw', 'star', 'dstar']);
    expect(a.value.args[0].value).toMatchObject({ k: 'Int', v: 3n });
  }
});

test('classes, defs with all parameter kinds, decorators', async () => {
  const m = await lower('@dataclass\nclass C(B, metaclass=M):\n    x: int = 3\n    def f(self, a, /, b=1, *c, d, e=2, **f):\n        return a, b\n');
  const c = m.body[0];
  expect(c.k).toBe('Class');
  if (c.k !== 'Class') {
    return;
  }
  expect(c.decorators).toHaveLength(1);
  expect(c.bases.map(b => b.kind)).toEqual(['pos', 'kw']);
  expect(c.body[0]).toMatchObject({ k: 'AnnAssign', target: { id: 'x' }, value: { v: 3n } });
  const f = c.body[1];
  expect(f.k).toBe('Def');
  if (f.k === 'Def') {
    expect(f.params.map(p => `${p.name}:${p.kind}`)).toEqual(['self:posonly', 'a:posonly', 'b:normal', 'c:varargs', 'd:kwonly', 'e:kwonly', 'f:varkw']);
    expect(f.body[0]).toMatchObject({ k: 'Return', value: { k: 'Tuple' } });
  }
});

test('strings, f-strings, numbers, comprehensions, slices', async () => {
  const m = await lower('a = "x\\ny" \'z\'\nb = f"v{n!r:>{w}}!"\nc = 0x1F + 1_000 + 1.5e3\nd = [i*2 for i in range(3) if i]\ne = x[1:, ::2]\n');
  expect(m.body[0]).toMatchObject({ value: { k: 'Str', v: 'x\nyz' } });
  const b = m.body[1];
  if (b.k === 'Assign' && b.value.k === 'FStr') {
    expect(b.value.parts[0]).toBe('v');
    expect(b.value.parts[2]).toBe('!');
    expect(b.value.parts[1]).toMatchObject({ conv: 'r' });
  } else {
    throw new Error('f-string not lowered');
  }
  expect(m.body[3]).toMatchObject({ value: { k: 'Comp', kind: 'list', gens: [{ ifs: [{ k: 'Name' }] }] } });
  expect(m.body[4]).toMatchObject({ value: { k: 'Sub', index: { k: 'Tuple', elts: [{ k: 'Slice' }, { k: 'Slice' }] } } });
});

test('syntax errors and deep nesting never throw', async () => {
  const m = await lower('def f(:\n  pass\nx = 1\n');
  expect(m.errors.length).toBeGreaterThan(0);
  const deep = '('.repeat(5000) + '1' + ')'.repeat(5000);
  const d = await lower(`y = ${deep}\n`);
  expect(d.body.length).toBe(1);
});

test('the default tree copy (wasm memory) and web-tree-sitter TreeCursor give the same AST for every fixture', async () => {
  const { fastCursorAvailable, withoutFastCursor } = await import('../../src/core/parse/fastcursor');
  const { withoutTreeMemory } = await import('../../src/core/parse/treememory');
  const { readdirSync, readFileSync } = await import('fs');
  const { join } = await import('path');
  const p = await getParser();
  expect(fastCursorAvailable()).toBe(true);
  const root = join(__dirname, '../../fixtures');
  const files: string[] = [];
  for (const dir of ['torch', 'keras', 'hostile']) {
    for (const f of readdirSync(join(root, dir))) {
      if (f.endsWith('.py')) {
        files.push(join(root, dir, f));
      }
    }
  }
  expect(files.length).toBeGreaterThan(200);
  let nodes = 0;
  for (const file of files) {
    const src = readFileSync(file, 'utf8');
    const t = p.parse(src);
    try {
      const fast = lowerTree(t, src);
      const slow = withoutTreeMemory(() => withoutFastCursor(() => lowerTree(t, src)));
      expect(fast).toEqual(slow);
      nodes += JSON.stringify(fast, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)).length;
    } finally {
      t.delete();
    }
  }
  expect(nodes).toBeGreaterThan(100_000);
});

test('reading the tree from wasm memory gives the nodes of both cursor paths, on every fixture and on odd text', async () => {
  const { withoutFastCursor } = await import('../../src/core/parse/fastcursor');
  const { copyPathsForTests } = await import('../../src/core/parse/lower');
  const { readdirSync, readFileSync } = await import('fs');
  const { join } = await import('path');
  const p = await getParser();
  const root = join(__dirname, '../../fixtures');
  const sources: string[] = [];
  for (const dir of ['torch', 'keras', 'hostile']) {
    for (const f of readdirSync(join(root, dir))) {
      if (f.endsWith('.py')) {
        sources.push(readFileSync(join(root, dir, f), 'utf8'));
      }
    }
  }
  sources.push(
    // non-ASCII text (UTF-16 offsets, surrogate pairs), comments in odd places, errors,
    // missing tokens, aliased and hidden nodes carrying fields, keywords as identifiers
    'é = "naïve 😀 ünïcode"  # ça\nx = [1,  # c\n 2]\nprint(é, x)\n',
    'def f(:\n  pass\nclass C(\n',
    'x = (1 +\n',
    'match = 1\nprint(match)\nmatch x:\n    case [a, *rest] if a > 0:\n        pass\n    case {"k": v, **kw}:\n        pass\n',
    'async def g():\n    async with a as (b, c):\n        await h(*args, **kw)\n    return [i async for i in y]\n',
    'lambda *a, b=1, **k: (yield)\nx: int = 3\ndel x[1:2, ::3]\nglobal q\nexec("1")\nprint >> f, 1\n',
    'f"{x!r:>{w}} {y=}" rb"raw" u"u" """doc\n""" \'\\N{DASH}\'\n',
    '@d\n@e.f(1)\nclass A(B, metaclass=M):\n    x: "T" = 1\n    def __init__(self, /, a, *, b): ...\n',
    'try:\n    pass\nexcept* (A, B) as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    pass\n',
    'type Alias[T] = list[T]\ndef h[T: int](x: T) -> T: return x\n',
    '%matplotlib inline\n!pip install x\n',
    '(' .repeat(3000) + '1' + ')'.repeat(3000) + '\n'
  );
  // Pre-order list of every node without its children (iterative: the deep case nests 6,000 levels).
  type G = { c: G[] };
  const strip = (g: unknown): string => {
    const out: string[] = [];
    const stack: Array<G | 'up'> = [g as G];
    while (stack.length > 0) {
      const n = stack.pop() as G | 'up';
      if (n === 'up') {
        out.push(')');
        continue;
      }
      out.push(JSON.stringify({ ...n, c: n.c.length }));
      stack.push('up');
      for (let i = n.c.length - 1; i >= 0; i--) {
        stack.push(n.c[i]);
      }
    }
    return out.join('\n');
  };
  let compared = 0;
  for (const src of sources) {
    const t = p.parse(src);
    try {
      const memory = copyPathsForTests.copyFromMemory(t, src);
      expect(memory).not.toBeNull();
      const fast = copyPathsForTests.copyWithCursor(t, src);
      expect(strip(memory)).toBe(strip(fast));
      if (src.length < 20_000) {
        const slow = withoutFastCursor(() => copyPathsForTests.copyWithCursor(t, src));
        expect(strip(memory)).toBe(strip(slow));
      }
      compared++;
    } finally {
      t.delete();
    }
  }
  expect(compared).toBe(sources.length);
});
