// Library function bodies read when first called (src/core/parse/lazy.ts): the lexical pass
// blanks exactly the bodies of multi-line functions and keeps every line where it was; a
// library read that way gives the same models as one read whole, with spans on real lines.
import { Analyzer } from '../../src/core/analyzer';
import type { ModuleFile, ModuleSource } from '../../src/core/env/source';
import { elideBodies } from '../../src/core/parse/lazy';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

const LIB = [
  'import torch.nn as nn',
  '',
  'def helper(x):',
  '    """A docstring with def f(): and a colon:',
  '    over lines."""',
  "    s = 'def g(): # not code'",
  '    return x * 2',
  '',
  'class Block(nn.Module):',
  '    scale = 3',
  '',
  '    def __init__(self, width,',
  '                 depth=2):',
  '        super().__init__()',
  '        self.layers = nn.ModuleList(',
  '            [nn.Linear(width, width) for _ in range(depth)])',
  '        self.out = nn.Linear(width, helper(width))',
  '',
  '    def forward(self, x): return self.out(x)',
  '',
  'async def later():',
  '    a = 1',
  '    b = 2',
  '    return a + b',
  '',
  'def make(width=4):',
  '    def inner(w):',
  '        return Block(w)',
  '    # a comment at a lower indent',
  '    return inner(width)',
  ''
].join('\n');

test('bodies of multi-line functions are blanked, one-liners and class code kept, lines kept', () => {
  const out = elideBodies(LIB);
  expect(out).not.toBeNull();
  const lines = out!.text.split('\n');
  expect(lines.length).toBe(LIB.split('\n').length);
  expect(out!.bodies).toEqual([
    { from: 3, to: 6 },
    { from: 13, to: 16 },
    { from: 21, to: 23 },
    { from: 26, to: 29 }
  ]);
  expect(lines.slice(2, 8)).toEqual(['def helper(x):', '    ...', '', '', '', '']);
  expect(lines[9]).toBe('    scale = 3');
  expect(lines.slice(11, 14)).toEqual(['    def __init__(self, width,', '                 depth=2):', '        ...']);
  expect(lines[18]).toBe('    def forward(self, x): return self.out(x)');
});

test('text the lexical pass does not follow is left to the parser whole', () => {
  expect(elideBodies("def f():\n    s = 'open\n    return s\n")).toBeNull();
  expect(elideBodies('def f():\r    return 1\r')).toBeNull();
  expect(elideBodies('x = 1\n')).toBeNull();
});

class OneFile implements ModuleSource {
  constructor(private readonly text: string) {}
  find(dotted: string): ModuleFile | null {
    return dotted === 'lazylib' ? { path: '/env/lazylib.py', isPackage: false, mtime: 1, size: this.text.length, read: () => this.text } : null;
  }
}

test('a library read with blanked bodies builds the same model, with spans on the real lines', async () => {
  const analyzer = new Analyzer(await getParser());
  const ir = analyzer.analyze(cellsOf('from lazylib import make\nnet = make(8)\n'), { modules: new OneFile(LIB) });
  const net = ir.models.find(m => m.name === 'net');
  // 2 x Linear(8, 8) + Linear(8, 16)
  expect(net?.params.total).toBe(2 * (8 * 8 + 8) + (8 * 16 + 16));
  const out = net?.layers.find(m => m.id === 'out');
  expect(out?.span).toMatchObject({ file: '/env/lazylib.py', startLine: 16, startCol: 19 });
});
