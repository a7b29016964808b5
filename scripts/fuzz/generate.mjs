// Structure-aware inputs for `npm run fuzz`: Python programs generated from a small grammar
// of the code model notebooks hold (layers, classes, loops, comprehensions, f-strings,
// builtins) with hostile values mixed in, shared-structure and size bombs, notebook JSON
// with mutated structure, and folders of local imports with symlinks and big files. Every
// program is framed by "anchor" models whose totals are known, so the fuzzer can check that
// the models around hostile code keep their numbers.
// Does not: run anything (fuzz.mjs does) or check results (check.mjs).
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import * as path from 'path';

/** Seeded PRNG (mulberry32) with helpers. */
export function rng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = { next, int: n => Math.floor(next() * n), pick: a => a[Math.floor(next() * a.length)], chance: p => next() < p };
  return r;
}

/** Strings a hostile notebook puts in names and values (as Python literals, escapes intact). */
export const HOSTILE_STRINGS = [
  "'<img src=x onerror=alert(1)>'", "'admin@evil.example'", "'www.evil.example'", "'https://evil.example/x'", "'mailto:a@b.c'",
  "'=cmd|\\' /C calc\\'!A0'", "';=1+1'", "' @SUM(A1)'", "'\\t=1'", "'a|b'", "'`code`'", "'**b**'", "'[l](javascript:x)'",
  "'%%{init: {}}%%'", "'\\\\x01\\\\uffff'", "'ctl\\x01'", "'\\uffff'", "'\\ud800'", "'\\u202e'", "'__proto__'", "'constructor'",
  "'\\n'", "']]>'", "'</text>'", "'[x]'", "'*s'", "'$\\\\textbf{x}$'"
];

/** Anchor models: [source, name, total]. Their names are never generated otherwise. */
export function anchors(r, prefix) {
  const a = 1 + r.int(30);
  const b = 1 + r.int(30);
  return { src: `${prefix} = nn.Linear(${a}, ${b})\n`, name: prefix, total: a * b + b };
}

const NAMES = ['x', 'y', 'z', 'n', 'cfg', 'layers', 'dims', 'blocks', 'h', 'w', 's', 't', 'k', 'v', 'a', 'b'];
const LAYERS = [
  r => `nn.Linear(${dim(r)}, ${dim(r)})`, r => `nn.Conv2d(${dim(r)}, ${dim(r)}, ${1 + r.int(5)})`, () => 'nn.ReLU()', r => `nn.Dropout(${r.next().toFixed(2)})`,
  r => `nn.BatchNorm1d(${dim(r)})`, r => `nn.Embedding(${dim(r)}, ${dim(r)})`, r => `nn.LSTM(${dim(r)}, ${dim(r)})`, r => `nn.LayerNorm(${dim(r)})`
];

function dim(r) {
  return r.chance(0.8) ? String(1 + r.int(64)) : r.pick(NAMES);
}

/** An expression of depth at most `d`. */
function expr(r, d) {
  if (d <= 0 || r.chance(0.3)) {
    return r.pick([() => String(r.int(100)), () => r.pick(NAMES), () => r.pick(HOSTILE_STRINGS), () => `${r.next().toFixed(3)}`, () => 'None', () => 'True'])();
  }
  const e = () => expr(r, d - 1);
  return r.pick([
    () => `${e()} ${r.pick(['+', '-', '*', '//', '%', '**', '==', '<', 'in', 'and', 'or'])} ${e()}`,
    () => `[${e()}, ${e()}]`,
    () => `(${e()}, ${e()})`,
    () => `{${e()}: ${e()}}`,
    () => `[${e()} for ${r.pick(NAMES)} in range(${r.int(20)})]`,
    () => `${r.pick(['str', 'repr', 'len', 'sorted', 'list', 'tuple', 'set', 'sum', 'max', 'min', 'abs', 'hash', 'int', 'bool'])}(${e()})`,
    () => `f"{${e()}}:{${r.pick(NAMES)}!r:>${r.int(12)}}"`,
    () => `"{}-{}".format(${e()}, ${e()})`,
    () => `${r.pick(HOSTILE_STRINGS)}.${r.pick(['join', 'split', 'replace', 'zfill', 'upper', 'format', 'strip'])}(${e()})`,
    () => `${e()}[${e()}]`,
    () => `${r.pick(LAYERS)(r)}`,
    () => `nn.Sequential(${r.pick(LAYERS)(r)}, ${r.pick(LAYERS)(r)})`,
    () => `lambda ${r.pick(NAMES)}: ${e()}`,
    () => `${e()} if ${e()} else ${e()}`
  ])();
}

/** A statement (with its block) of depth at most `d`, indented by `ind`. */
function stmt(r, d, ind) {
  const pad = '    '.repeat(ind);
  const body = () => (d > 0 ? Array.from({ length: 1 + r.int(3) }, () => stmt(r, d - 1, ind + 1)).join('') : `${pad}    pass\n`);
  const name = r.pick(NAMES);
  return r.pick([
    () => `${pad}${name} = ${expr(r, 3)}\n`,
    () => `${pad}${name} += ${expr(r, 2)}\n`,
    () => `${pad}${name}.append(${expr(r, 2)})\n`,
    () => `${pad}for ${name} in ${r.pick([`range(${r.int(50)})`, expr(r, 2)])}:\n${body()}`,
    () => `${pad}if ${expr(r, 2)}:\n${body()}${r.chance(0.5) ? `${pad}else:\n${body()}` : ''}`,
    () => `${pad}while ${expr(r, 1)}:\n${body()}`,
    () => `${pad}def f_${r.int(5)}(${name}, *args, **kw):\n${body()}${pad}    return ${expr(r, 2)}\n`,
    () => `${pad}class C${r.int(5)}(nn.Module):\n${pad}    def __init__(self):\n${pad}        super().__init__()\n${pad}        self.l = ${r.pick(LAYERS)(r)}\n${pad}        self.${name} = ${expr(r, 2)}\n${pad}    def forward(self, x):\n${pad}        return self.l(x)\n`,
    () => `${pad}m_${r.int(5)} = C${r.int(5)}()\n`,
    () => `${pad}try:\n${body()}${pad}except Exception:\n${body()}`,
    () => `${pad}${name} = ${r.pick(BOMBS)(r)}\n`
  ])();
}

/** One-step size bombs and shared-structure bombs, as expressions or small programs. */
export const BOMBS = [
  () => '"a" * 10**9',
  () => '[0] * 10**9',
  r => `("${'a'.repeat(1 + r.int(5))}" * 1000).replace("", "b" * ${100000 * (1 + r.int(8))})`,
  r => `"".join(["q" * 1000000] * ${10 + r.int(500)})`,
  () => '"q" * 1000000 .split("")',
  r => `f"{1:>${10 ** (6 + r.int(4))}}"`,
  r => `"%0${10 ** (6 + r.int(4))}d" % 1`,
  r => `str(1).zfill(${10 ** (6 + r.int(4))})`,
  () => 'set(range(100000))',
  () => 'sum([[0]] * 100000, [])',
  () => 'int("9" * 100000)',
  () => 'list(itertools.product(range(1000), range(1000), range(1000)))',
  () => 'round(1.5, 10**6)'
];

/** A program that builds shared structure 2**depth paths deep and uses it in one of many ways. */
export function sharedBomb(r) {
  const depth = 30 + r.int(40);
  const use = r.pick([
    'a == b', 'a in [b]', 'sorted([a, b])', 'str(a)', 'repr(t)', 'f"{a}"', '{t: 1}', '{t, u}', 'hash(t)', 'nn.Dropout(a)', 'nn.Linear(2, 2, bias=a)',
    'copy.deepcopy(a)', 'max(a, b)', '[a, b].count(b)', 'isinstance(1, ty)', '"%s" % (a,)', 'json.dumps(a)', 'print(a)', 'a < b', 'list(zip(a, b))'
  ]);
  return `a = [0]\nb = [0]\nt = (0,)\nu = (0,)\nty = (int,)\nfor i in range(${depth}):\n    a = [a, a]\n    b = [b, b]\n    t = (t, t)\n    u = (u, u)\n    ty = (ty, ty)\nr = ${use}\n`;
}

/** Cells of a notebook: anchors first and last (own cells), generated code between. */
export function program(r) {
  const first = anchors(r, 'anchor_first');
  const last = anchors(r, 'anchor_last');
  const cells = ['import copy\nimport itertools\nimport json\nimport torch\nimport torch.nn as nn\n', first.src];
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    cells.push(
      r.pick([
        () => Array.from({ length: 1 + r.int(6) }, () => stmt(r, 2, 0)).join(''),
        () => sharedBomb(r),
        () => `x = ${r.pick(BOMBS)(r)}\n`,
        () => `m = nn.Linear(2, 2)\nfor i in range(${500 + r.int(3000)}):\n    m = nn.Sequential(m)\n`
      ])()
    );
  }
  cells.push(last.src);
  return { cells, anchors: [first, last] };
}

/** A notebook JSON text of `cells`, its structure mutated now and then. */
export function notebookJson(r, cells) {
  const nbCells = cells.map((source, i) => ({
    cell_type: r.chance(0.05) ? r.pick(['markdown', 'raw', 'unknown', 7]) : 'code',
    id: r.chance(0.05) ? r.pick(['__proto__', 'constructor', '', 42]) : `c${i}`,
    metadata: r.chance(0.05) ? JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') : {},
    execution_count: null,
    outputs: [],
    source: r.chance(0.3) ? source.split(/(?<=\n)/) : source
  }));
  // the imports and the anchors' cells stay code cells with their ids (the checks find them)
  for (const i of [0, 1, nbCells.length - 1]) {
    nbCells[i] = { ...nbCells[i], cell_type: 'code', id: `c${i}` };
  }
  const nb = { nbformat: 4, nbformat_minor: 5, metadata: r.chance(0.1) ? { kernelspec: { language: r.pick(['python', 'R', 'julia']) } } : {}, cells: nbCells };
  const text = JSON.stringify(nb, null, r.chance(0.5) ? 1 : undefined);
  return r.chance(0.1) ? '\ufeff' + text : text;
}

/**
 * A folder of local imports: the main file imports modules that are small, big (over the
 * per-file budget), sparse (1 GB, never to be read), symlinked to a secret file outside, or
 * inside a symlinked folder; some import each other in a cycle.
 */
export function importGraph(r, root, secret) {
  const dir = path.join(root, 'project');
  mkdirSync(path.join(dir, 'pkg'), { recursive: true });
  const outside = path.join(root, 'outside');
  mkdirSync(path.join(outside, 'vault'), { recursive: true });
  writeFileSync(path.join(outside, 'settings.py'), `SECRET = "${secret}"\nWIDTH = 5\n`);
  writeFileSync(path.join(outside, 'vault', 'keys.py'), `TOKEN = "${secret}"\n`);
  const imports = [];
  const kinds = [];
  const n = 3 + r.int(6);
  for (let i = 0; i < n; i++) {
    const kind = r.pick(['small', 'small', 'big', 'sparse', 'link', 'linkdir', 'cycle']);
    kinds.push(kind);
    const mod = `m${i}`;
    switch (kind) {
      case 'small':
        writeFileSync(path.join(dir, `${mod}.py`), `import torch.nn as nn\nV${i} = ${1 + r.int(9)}\nL${i} = nn.Linear(V${i}, 2)\n`);
        imports.push(`from ${mod} import V${i}`);
        break;
      case 'big':
        writeFileSync(path.join(dir, `${mod}.py`), `V${i} = 3\nDATA = [${'1, '.repeat((1 + r.int(4)) * 400000)}]\n`);
        imports.push(`from ${mod} import V${i}`);
        break;
      case 'sparse':
        writeFileSync(path.join(dir, `${mod}.py`), '');
        truncateSync(path.join(dir, `${mod}.py`), 1024 ** 3);
        imports.push(`import ${mod}`);
        break;
      case 'link':
        symlinkSync(path.join(outside, 'settings.py'), path.join(dir, `${mod}.py`));
        imports.push(`from ${mod} import SECRET, WIDTH`);
        break;
      case 'linkdir':
        symlinkSync(path.join(outside, 'vault'), path.join(dir, `${mod}`));
        imports.push(`from ${mod}.keys import TOKEN`);
        break;
      default:
        writeFileSync(path.join(dir, `${mod}.py`), `from m${(i + 1) % n} import *\nC${i} = ${i}\n`);
        imports.push(`import ${mod}`);
    }
  }
  const first = anchors(r, 'anchor_first');
  const last = anchors(r, 'anchor_last');
  const uses = 'named = nn.Sequential()\nfor key in [globals().get(k) for k in ("SECRET", "TOKEN")]:\n    named.add_module(str(key), nn.Linear(1, 1))\nleak = nn.Sequential()\nleak.add_module(SECRET if "SECRET" in dir() else "none", nn.Linear(1, 1))\n';
  writeFileSync(path.join(dir, 'main.py'), `import torch.nn as nn\n${first.src}${imports.join('\n')}\n${uses}${last.src}`);
  return { main: path.join(dir, 'main.py'), anchors: [first], kinds };
}
