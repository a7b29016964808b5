// Incremental analysis must give exactly what a fresh analysis gives. Differential test: every
// notebook fixture, every .py fixture split into cells at its top-level statements, and the
// benchmark notebook are analysed once, then edited cell by cell (a literal changed, a comment
// added, a cell deleted) and reverted; after each step the warm Analyzer's IR must equal a
// fresh Analyzer's IR on the same cells. Also checks that edits really took the partial path.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Analyzer } from '../../src/core/analyzer';
import type { ArchitectureIR, CellInput } from '../../src/core/ir';
import { readDocument } from '../../src/core/notebook';
import { components } from '../../src/core/incremental/deps';
import { lowerTree } from '../../src/core/parse/lower';
import { getParser } from '../helpers/parser';
import { benchNotebook } from '../helpers/bench-notebook';

const ROOT = join(__dirname, '../../fixtures');

function canon(ir: ArchitectureIR): string {
  const { stats: _stats, ...rest } = ir;
  return JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** A .py file as cells: a new cell wherever a blank line is followed by an unindented line. */
function splitPy(src: string): CellInput[] {
  const lines = src.split('\n');
  const cells: string[][] = [[]];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const prevBlank = i > 0 && lines[i - 1].trim() === '';
    if (prevBlank && line.length > 0 && !/^[\s)\]}#@]/.test(line) && cells[cells.length - 1].some(l => l.trim() !== '')) {
      cells.push([]);
    }
    cells[cells.length - 1].push(line);
  }
  return cells.map((c, i) => ({ id: `c${i}`, kind: 'code', source: c.join('\n') }));
}

function edits(cells: CellInput[]): Array<{ what: string; cells: CellInput[] }> {
  const out: Array<{ what: string; cells: CellInput[] }> = [];
  cells.forEach((c, i) => {
    if (c.kind !== 'code') {
      return;
    }
    const replace = (source: string): CellInput[] => cells.map((x, j) => (j === i ? { ...x, source } : x));
    const m = /\b([1-9]\d*)\b/.exec(c.source);
    if (m) {
      out.push({ what: `cell ${i}: ${m[1]} -> ${Number(m[1]) + 1}`, cells: replace(c.source.slice(0, m.index) + String(Number(m[1]) + 1) + c.source.slice(m.index + m[1].length)) });
    }
    out.push({ what: `cell ${i}: comment`, cells: replace(`${c.source}\n# edited\n`) });
    if (i % 3 === 1) {
      out.push({ what: `cell ${i}: deleted`, cells: cells.filter((_, j) => j !== i) });
    }
  });
  return out;
}

interface Doc {
  name: string;
  cells: CellInput[];
}

function documents(): Doc[] {
  const docs: Doc[] = [];
  for (const dir of ['torch', 'keras']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      const path = join(ROOT, dir, f);
      if (f.endsWith('.ipynb')) {
        docs.push({ name: `${dir}/${f}`, cells: readDocument(path, readFileSync(path, 'utf8')).cells });
      } else if (f.endsWith('.py')) {
        docs.push({ name: `${dir}/${f}`, cells: splitPy(readFileSync(path, 'utf8')) });
      }
    }
  }
  for (const f of readdirSync(join(__dirname, '../../examples'))) {
    const path = join(__dirname, '../../examples', f);
    docs.push({ name: `examples/${f}`, cells: readDocument(path, readFileSync(path, 'utf8')).cells });
  }
  return docs;
}

test('a warm Analyzer gives exactly a fresh Analyzer\'s IR after every edit', async () => {
  const parser = await getParser();
  const docs = documents();
  expect(docs.length).toBeGreaterThan(180);
  let steps = 0;
  let partial = 0;
  let discarded = 0;
  const mismatches: string[] = [];
  for (const doc of docs) {
    const warm = new Analyzer(parser);
    const original = warm.analyze(doc.cells);
    expect(canon(original)).toBe(canon(new Analyzer(parser).analyze(doc.cells)));
    const all = edits(doc.cells);
    // Notebooks get every edit; split .py files a spread of them (keeps the test fast).
    const chosen = doc.name.endsWith('.ipynb') ? all : all.filter((_, i) => i % 3 === 0);
    for (const e of chosen) {
      const before = warm.partialRuns;
      const discardedBefore = warm.discardedPartialRuns;
      const got = canon(warm.analyze(e.cells));
      const want = canon(new Analyzer(parser).analyze(e.cells));
      partial += warm.partialRuns - before;
      discarded += warm.discardedPartialRuns - discardedBefore;
      steps++;
      if (got !== want) {
        mismatches.push(`${doc.name} ${e.what}`);
      }
      const back = canon(warm.analyze(doc.cells));
      steps++;
      if (back !== canon(original)) {
        mismatches.push(`${doc.name} ${e.what} (reverted)`);
      }
    }
  }
  if (process.env.ARCHLENS_INCREMENTAL_REPORT) {
    console.log(`${docs.length} documents, ${steps} analyses, ${partial} partial runs kept, ${discarded} discarded`);
  }
  expect(mismatches).toEqual([]);
  expect(steps).toBeGreaterThan(1000);
  // Most edits touch one group of cells: they must really take the partial path.
  expect(partial).toBeGreaterThan(steps / 8);
}, 600_000);

test('the benchmark notebook: edits re-run only their own group of cells', async () => {
  const parser = await getParser();
  const cells = benchNotebook(60);
  const warm = new Analyzer(parser);
  warm.analyze(cells);
  for (const e of edits(cells).filter((_, i) => i % 4 === 0)) {
    const before = warm.partialRuns;
    const got = warm.analyze(e.cells);
    expect(canon(got)).toBe(canon(new Analyzer(parser).analyze(e.cells)));
    if (!e.what.includes('deleted')) {
      expect({ what: e.what, partial: warm.partialRuns - before }).toEqual({ what: e.what, partial: 1 });
    }
    warm.analyze(cells);
  }
});

test('cell groups: flows through names join cells, rebinding cuts, escapes give one group', async () => {
  const parser = await getParser();
  const lower = (src: string) => {
    const t = parser.parse(src);
    try {
      return lowerTree(t, src);
    } finally {
      t.delete();
    }
  };
  const groups = (...srcs: string[]) => {
    const r = components(srcs.map((s, i) => [i, lower(s)]));
    return r.fallback ?? srcs.map((_, i) => r.compOf.get(i));
  };
  const imports = 'import torch\nimport torch.nn as nn\n';
  // Imports of torch join nothing; x flows from cell 1 to 2; cell 3 rebinds x for sure.
  expect(groups(imports, 'x = 3', 'm = nn.Linear(x, 2)', 'x = 4\nk = nn.Linear(x, 1)')).toEqual([0, 1, 1, 3]);
  // A conditional rebinding does not cut: cell 3 may see cell 1's x.
  expect(groups(imports, 'x = 3', 'if flag:\n    x = 4', 'm = nn.Linear(x, 2)')).toEqual([0, 1, 1, 1]);
  // A function reads its free names when called: D set later still flows into make().
  expect(groups(imports, 'def make():\n    return nn.Linear(D, 1)', 'D = 5', 'm = make()')).toEqual([0, 1, 1, 1]);
  // Methods' locals and comprehension variables are not globals.
  expect(groups(imports, 'class A(nn.Module):\n    def forward(self, x):\n        return [x for k in range(2)]', 'x = 1\nk = 2')).toEqual([0, 1, 2]);
  // Mutation through a name joins later readers.
  expect(groups(imports, 'm = nn.Sequential()', 'm.append(nn.ReLU())', 'y = m')).toEqual([0, 1, 1, 1]);
  // Keras numbers its layers notebook-wide: all Keras cells are one group.
  expect(groups('import keras', 'a = keras.layers.Dense(2)', 'b = keras.layers.Dense(3)')).toEqual([0, 0, 0]);
  // Writing through an import name makes it an ordinary (joining) name.
  expect(groups(imports, 'nn.Foo = 1', 'm = nn.Linear(2, 2)')).toEqual([0, 0, 0]);
  // Anything that reaches names without mentioning them: one group.
  expect(groups(imports, 'globals()["x"] = 1', 'y = x')).toBe('uses globals');
  expect(groups('from torch.nn import *', 'm = Linear(2, 2)')).toBe('star import');
  // Two classes of one name in independent groups would hide each other in the model list.
  expect(groups(imports, 'class A(nn.Module):\n    pass', 'class A(nn.Module):\n    pass')).toBe('class A is defined in two independent places');
});
