// Issue 16: files a notebook writes with %%writefile are modules for its later imports (the
// "going modular" course style), also without any file on disk; -a appends; a path that
// leaves the folder is not a module.
import { writtenFiles } from '../../src/core/parse/writefile';
import { getAnalyzer } from '../helpers/analyze';
import type { CellInput } from '../../src/core/ir';

const code = (id: string, source: string): CellInput => ({ id, kind: 'code', source });

const WRITE_MODULE = code('w', [
  '%%writefile going_modular/model_builder.py',
  'import torch.nn as nn',
  '',
  'class TinyNet(nn.Module):',
  '    def __init__(self, inputs: int, hidden: int, classes: int):',
  '        super().__init__()',
  '        self.body = nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, classes))',
  '',
  '    def forward(self, x):',
  '        return self.body(x)'
].join('\n'));

describe('%%writefile', () => {
  test('a written module is imported by a later cell, with no file on disk', async () => {
    const analyzer = await getAnalyzer();
    const ir = analyzer.analyze([
      WRITE_MODULE,
      code('u', 'import torch\nfrom going_modular import model_builder\nmodel = model_builder.TinyNet(inputs=10, hidden=8, classes=3)\nout = model(torch.randn(4, 10))\n')
    ], { readFile: () => null });
    const model = ir.models.find(m => m.name === 'model');
    // Linear(10, 8) = 88, Linear(8, 3) = 27
    expect(model?.params.total).toBe(115);
    expect(model?.outputShape).toEqual([4, 3]);
  });

  test('the written text wins over a stale file on disk; without it the disk is read', async () => {
    const analyzer = await getAnalyzer();
    const disk = (rel: string) => (rel === 'going_modular/model_builder.py' ? 'import torch.nn as nn\nTinyNet = lambda **k: nn.Linear(1, 1)\n' : null);
    const use = code('u', 'from going_modular.model_builder import TinyNet\nmodel = TinyNet(inputs=10, hidden=8, classes=3)\n');
    expect(analyzer.analyze([WRITE_MODULE, use], { readFile: disk }).models.find(m => m.name === 'model')?.params.total).toBe(115);
    expect(analyzer.analyze([use], { readFile: disk }).models.find(m => m.name === 'model')?.params.total).toBe(2);
  });

  test('-a appends; ./ is the folder; paths out of the folder are not modules', () => {
    const files = writtenFiles([
      code('a', '%%writefile ./pkg/m.py\nA = 1'),
      code('b', '%%writefile -a pkg/m.py\nB = 2\n'),
      code('c', '%%writefile ../outside.py\nC = 3\n'),
      code('d', '%%writefile /etc/x.py\nD = 4\n'),
      { id: 'e', kind: 'markdown', source: '%%writefile md.py\nE = 5\n' }
    ]);
    expect([...files]).toEqual([['pkg/m.py', 'A = 1\nB = 2\n']]);
  });
});
