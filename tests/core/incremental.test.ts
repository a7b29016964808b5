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

/** Analyses `before`, then `after` with a warm Analyzer; returns what the warm run did. */
async function step(before: string[], after: string[]): Promise<{ partial: number; discarded: number; same: boolean }> {
  const parser = await getParser();
  const warm = new Analyzer(parser);
  const cellsOf = (srcs: string[]): CellInput[] => srcs.map((source, i) => ({ id: `c${i}`, kind: 'code', source }));
  warm.analyze(cellsOf(before));
  const got = canon(warm.analyze(cellsOf(after)));
  return { partial: warm.partialRuns, discarded: warm.discardedPartialRuns, same: got === canon(new Analyzer(parser).analyze(cellsOf(after))) };
}

test('partial runs: taken when flows stay inside the edited group, refused when they change', async () => {
  const imports = 'import torch\nimport torch.nn as nn\n';
  // Independent cells: editing one re-runs only it.
  expect(await step([imports, 'n = 4', 'm = nn.Linear(3, 4)', 'k = nn.Linear(2, 2)'], [imports, 'n = 4', 'm = nn.Linear(3, 5)', 'k = nn.Linear(2, 2)'])).toEqual({ partial: 1, discarded: 0, same: true });
  // The edit makes cell 2 read n from cell 1, another group: the partial run is refused.
  expect(await step([imports, 'n = 4', 'm = nn.Linear(3, 4)', 'k = nn.Linear(2, 2)'], [imports, 'n = 4', 'm = nn.Linear(3, n)', 'k = nn.Linear(2, 2)'])).toEqual({ partial: 0, discarded: 1, same: true });
  // The edit rebinds a name a later (reused) cell reads: refused.
  expect(await step([imports, 'n = 4', 'd = 7', 'm = nn.Linear(3, n)'], [imports, 'n = 4', 'd = 7\nn = 9', 'm = nn.Linear(3, n)'])).toEqual({ partial: 0, discarded: 1, same: true });
  // A model name rebound later by the edited cell: the reused cell's model is no longer final.
  expect(await step([imports, 'model = nn.Linear(2, 2)', 'z = 1'], [imports, 'model = nn.Linear(2, 2)', 'z = 1\nmodel = nn.Linear(3, 3)'])).toEqual({ partial: 0, discarded: 1, same: true });
  // A helper function reads a global when called: editing the global re-runs the caller too.
  expect(await step([imports, 'W = 8', 'def make():\n    return nn.Linear(W, 1)', 'm = make()', 'k = nn.Linear(1, 1)'], [imports, 'W = 9', 'def make():\n    return nn.Linear(W, 1)', 'm = make()', 'k = nn.Linear(1, 1)'])).toEqual({ partial: 1, discarded: 0, same: true });
  // Training-loop names reused in every cell do not tie the models together.
  const train = (i: number) => `for epoch in range(2):\n    for xb, yb in loader:\n        loss = model${i}(xb).sum()\n    print(loss)`;
  expect(
    await step([imports, 'model0 = nn.Linear(4, 2)', train(0), 'model1 = nn.Linear(4, 3)', train(1)], [imports, 'model0 = nn.Linear(4, 5)', train(0), 'model1 = nn.Linear(4, 3)', train(1)])
  ).toEqual({ partial: 1, discarded: 0, same: true });
  // Keras numbers layers notebook-wide, and code skipped elsewhere may have made layers: a cell
  // whose skipped loop may create layers ties later Keras cells to it.
  const kerasNb = (loop: string) => ['import keras', 'a = keras.layers.Dense(2)', `def make():\n    return 1\n${loop}`, 'b = keras.Sequential([keras.layers.Dense(3)])'];
  for (const [before, after] of [['', 'for x in data:\n    make()'], ['for x in data:\n    make()', ''], ['for x in data:\n    Foo()', 'for x in data:\n    Foo()\nq = 1']]) {
    expect((await step(kerasNb(before), kerasNb(after))).same).toBe(true);
  }
  // An import name rebound through `global` in a function is an ordinary name, not a stateless import.
  const rebind = (w: number) => [imports, 'def reset():\n    global nn\n    nn = None', `a = nn.Linear(2, ${w})`, 'reset()', 'b = nn.Linear(3, 3)'];
  expect((await step(rebind(2), rebind(4))).same).toBe(true);
  // Anything that reaches names without mentioning them: always a whole run.
  expect(await step([imports, 'globals()["x"] = 1', 'y = nn.Linear(2, 2)'], [imports, 'globals()["x"] = 2', 'y = nn.Linear(2, 2)'])).toEqual({ partial: 0, discarded: 0, same: true });
  // Keras numbers layers notebook-wide: all Keras cells run together.
  expect(await step(['import keras', 'a = keras.layers.Dense(2)', 'b = keras.layers.Dense(3)'], ['import keras', 'a = keras.layers.Dense(4)', 'b = keras.layers.Dense(3)'])).toEqual({ partial: 0, discarded: 0, same: true });
});
