// The Analyzer as hosts use it: caching of lowered cells, re-analysis after edits, results
// equal to a fresh analysis, and never throwing.
import { Analyzer } from '../../src/core/analyzer';
import type { CellInput } from '../../src/core/ir';
import { getParser } from '../helpers/parser';

const cells: CellInput[] = [
  { id: 'a', kind: 'code', source: 'import torch\nimport torch.nn as nn\n' },
  { id: 'b', kind: 'markdown', source: '# Model' },
  { id: 'c', kind: 'code', source: 'class Net(nn.Module):\n    def __init__(self, n=4):\n        super().__init__()\n        self.fc = nn.Linear(n, 2)\n    def forward(self, x):\n        return self.fc(x)\n' },
  { id: 'd', kind: 'code', source: 'model = Net()\ny = model(torch.randn(3, 4))\n' }
];

function strip(ir: ReturnType<Analyzer['analyze']>): unknown {
  return { ...ir, stats: undefined };
}

test('only edited cells are parsed and lowered again', async () => {
  const a = new Analyzer(await getParser());
  a.analyze(cells);
  const n = a.lowerCount;
  const edited = cells.map(c => (c.id === 'd' ? { ...c, source: 'model = Net(8)\ny = model(torch.randn(3, 8))\n' } : c));
  const ir = a.analyze(edited);
  expect(a.lowerCount).toBe(n + 1);
  expect(ir.models[0].params.total).toBe(18);
  expect(ir.models[0].outputShape).toEqual([3, 2]);
});

test('re-analysis equals a fresh analysis', async () => {
  const p = await getParser();
  const warm = new Analyzer(p);
  warm.analyze(cells);
  const edited = cells.map(c => (c.id === 'c' ? { ...c, source: c.source.replace('nn.Linear(n, 2)', 'nn.Linear(n, 5)') } : c));
  expect(strip(warm.analyze(edited))).toEqual(strip(new Analyzer(p).analyze(edited)));
});

test('markdown edits reuse the previous result; local files are re-checked', async () => {
  const a = new Analyzer(await getParser());
  let file = 'import torch.nn as nn\nclass Head(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.Linear(2, 2)\n';
  const readFile = (p: string): string | null => (p === 'lib.py' ? file : null);
  const nb: CellInput[] = [{ id: 'x', kind: 'code', source: 'from lib import Head\nhead = Head()\n' }, { id: 'm', kind: 'markdown', source: 'text' }];
  expect(a.analyze(nb, { readFile }).models[0].params.total).toBe(6);
  const again = a.analyze([nb[0], { ...nb[1], source: 'other text' }], { readFile });
  expect(again.models[0].params.total).toBe(6);
  file = file.replace('nn.Linear(2, 2)', 'nn.Linear(2, 3)');
  expect(a.analyze(nb, { readFile }).models[0].params.total).toBe(9);
});

test('never throws, whatever the input', async () => {
  const a = new Analyzer(await getParser());
  const weird: CellInput[] = [
    { id: '1', kind: 'code', source: '\u0000\uffff def (((( class:' },
    { id: '2', kind: 'code', source: 'x = [' + '['.repeat(3000) },
    { id: '3', kind: 'code', source: '__proto__ = 1\nconstructor = 2\nclass hasOwnProperty(object): pass\ntoString = hasOwnProperty()\n' },
    { id: '4', kind: 'raw', source: 'import torch' }
  ];
  const ir = a.analyze(weird);
  expect(Array.isArray(ir.models)).toBe(true);
  expect(ir.diagnostics.every(d => d.severity !== 'error')).toBe(true);
});

test('the IR is plain JSON (no BigInt, functions or class instances)', async () => {
  const a = new Analyzer(await getParser());
  const ir = a.analyze([{ id: 'x', kind: 'code', source: 'import torch\nimport torch.nn as nn\nimport os\nn = len(os.listdir("."))\nnet = nn.Sequential(nn.Linear(4, n), nn.ReLU())\ny = net(torch.randn(2, 4))\n' }]);
  const text = JSON.stringify(ir);
  expect(JSON.parse(text)).toEqual(ir);
  expect(ir.models[0].params.symbolicTotal?.expr).toBe('5*n');
});

test('a syntax error in a local file is reported in that file, at its line', async () => {
  const a = new Analyzer(await getParser());
  const readFile = (p: string): string | null => (p === 'helpers.py' ? 'import torch.nn as nn\nwidth = 4\ndef broken(:\n    pass\n' : null);
  const ir = a.analyze([{ id: 'x', kind: 'code', source: 'from helpers import width\nimport torch.nn as nn\nnet = nn.Linear(width, 2)\n' }], { readFile });
  expect(ir.models[0].params.total).toBe(10);
  const d = ir.diagnostics.find(x => x.code === 'syntax');
  expect(d?.message).toBe('syntax error: this part of the file was skipped');
  // Lines of spans count from 0: `def broken(:` is the third line.
  expect({ file: d?.span?.file, line: d?.span?.startLine }).toEqual({ file: 'helpers.py', line: 2 });
});
