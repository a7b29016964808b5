import { blankIPython } from '../../src/core/parse/preprocess';
import { analyzeSources } from '../helpers/analyze';

describe('blankIPython', () => {
  test('keeps length and newlines', () => {
    const src = '%matplotlib inline\n!pip install x\nx = 1\n  %timeit f()\nfiles = !ls\nnp.sum?\n??np\n';
    const out = blankIPython(src);
    expect(out.length).toBe(src.length);
    expect(out.split('\n').length).toBe(src.split('\n').length);
    expect(out).toContain('x = 1');
    expect(out).not.toContain('matplotlib');
    expect(out).not.toContain('pip');
    expect(out).not.toContain('timeit');
    expect(out).toMatch(/files = (None|0)/);
    expect(out).not.toContain('?');
  });
  test('cell magics', () => {
    expect(blankIPython('%%bash\necho hi\nls\n').trim()).toBe('');
    const t = blankIPython('%%time\nx = 1\n');
    expect(t).toContain('x = 1');
    expect(t).not.toContain('%%');
    expect(blankIPython('%%capture\nimport torch\n')).toContain('import torch');
  });
  test('does not touch get_ipython or != or strings', () => {
    const src = 'get_ipython().run_line_magic("x", "")\nif a != b: pass\ns = "100%"\n';
    expect(blankIPython(src)).toBe(src);
  });
});

describe('models around magics', () => {
  test('models are found with correct cells and lines', async () => {
    const ir = await analyzeSources([
      '%matplotlib inline\n!pip install torch\nimport torch\nimport torch.nn as nn\n',
      '%%bash\necho "class Fake(nn.Module): pass"\n',
      '%timeit 1+1\nnn.Linear?\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 2)\n',
      '%%time\nmodel = Net()\n'
    ]);
    expect(ir.models.map(m => m.name)).toEqual(['model']);
    const m = ir.models[0];
    expect(m.cell).toBe(3);
    expect(m.line).toBe(1);
    expect(m.class).toBe('Net');
    expect(m.params.total).toBe(10);
    const fc = m.layers.find(l => l.id === 'fc');
    expect(fc?.span?.cell).toBe(2);
    expect(fc?.span?.startLine).toBe(6);
  });
  test('class without an instance is reported as a class', async () => {
    const ir = await analyzeSources(['from torch import nn\n!ls\nclass A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l = nn.Linear(3, 3)\n']);
    expect(ir.models).toHaveLength(1);
    expect(ir.models[0].kind).toBe('class');
    expect(ir.models[0].name).toBe('A');
    expect(ir.models[0].line).toBe(2);
    expect(ir.models[0].params.total).toBe(12);
  });
});
