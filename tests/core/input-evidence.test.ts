// Issue 17: every place a notebook hands a model an example input is evidence of its input
// shape. Tools that run the model once on it (torch.jit.trace, torch.onnx.export,
// torch.export.export, SummaryWriter.add_graph, torchinfo's input_data) must give exactly
// what model(x) gives; the truth for model(x) and for jit.trace / add_graph / input_data is
// in fixtures/torch (input_evidence_tools.py, nb_seed_tensorboard_add_graph.ipynb), for Keras'
// fit / evaluate / predict in fixtures/keras/misc_built_by_fit_predict.py.
// Does not: re-check those fixtures' numbers (the fixture suites do).
import type { ModelIR } from '../../src/core/ir';
import { analyzeSources } from '../helpers/analyze';
import { loadFixture } from '../helpers/fixtures';
import { getAnalyzer } from '../helpers/analyze';

const H = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
const NET = `${H}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3, padding=1)\n        self.pool = nn.MaxPool2d(2)\n        self.fc = nn.Linear(8 * 14 * 14, 10)\n    def forward(self, x):\n        return self.fc(torch.flatten(self.pool(F.relu(self.conv(x))), 1))\nmodel = Net()\n`;

/** What the views show of a model: shapes of every row, output, input, mult-adds, totals. */
function view(m: ModelIR | undefined): unknown {
  return m && { out: m.outputShape, input: m.input?.shape, macs: m.multAdds, total: m.params.total, rows: m.layers.map(l => [l.id, l.outputShape]) };
}

async function modelAfter(code: string, name = 'model'): Promise<{ m: ModelIR | undefined; errors: string[] }> {
  const ir = await analyzeSources([code]);
  return { m: ir.models.find(x => x.name === name), errors: ir.diagnostics.filter(d => d.severity === 'error').map(d => d.message) };
}

test('the seed notebook: writer.add_graph(model, dummy_input) gives output [1, 10]', async () => {
  const { cells, readFile } = loadFixture('torch/nb_seed_tensorboard_add_graph.ipynb');
  const ir = (await getAnalyzer()).analyze(cells, { readFile });
  const m = ir.models.find(x => x.name === 'model');
  expect(m?.outputShape).toEqual([1, 10]);
  expect(m?.input?.shape).toEqual([1, 3, 28, 28]);
  expect(m?.input?.source).toBe('dummy-tensor');
  expect(m?.input?.span?.cell).toBe(3);
  expect(m?.input?.span?.startLine).toBe(3);
  expect(ir.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
});

describe('each tool gives what model(x) gives', () => {
  const x = 'torch.randn(2, 3, 28, 28)';
  const tools: Array<[string, string]> = [
    ['torch.jit.trace', `traced = torch.jit.trace(model, ${x})\n`],
    ['torch.jit.trace (tuple)', `traced = torch.jit.trace(model, (${x},))\n`],
    ['torch.onnx.export (tensor)', `torch.onnx.export(model, ${x}, "net.onnx", input_names=["x"], output_names=["y"])\n`],
    ['torch.onnx.export (tuple)', `torch.onnx.export(model, (${x},), "net.onnx")\n`],
    ['import torch.onnx; onnx.export', `import torch.onnx\ntorch.onnx.export(model=model, args=(${x},), f="net.onnx")\n`],
    ['torch.export.export', `ep = torch.export.export(model, (${x},))\n`],
    ['from torch.export import export', `from torch.export import export\nep = export(model, args=(${x},))\n`],
    ['SummaryWriter.add_graph', `from torch.utils.tensorboard import SummaryWriter\nwriter = SummaryWriter()\nwriter.add_scalar("loss", 0.5, 1)\nwriter.add_graph(model, ${x})\nwriter.close()\n`],
    ['torch.utils.tensorboard.SummaryWriter', `import torch.utils.tensorboard\nw = torch.utils.tensorboard.SummaryWriter("runs")\nw.add_graph(model, input_to_model=${x})\n`],
    ['tensorboardX', `from tensorboardX import SummaryWriter\nwith_graph = SummaryWriter(logdir="runs")\nwith_graph.add_graph(model, (${x},))\n`],
    ['torchinfo input_data', `from torchinfo import summary\nsummary(model, input_data=${x})\n`],
    ['torchinfo input_data (list)', `from torchinfo import summary\nsummary(model, input_data=[${x}], verbose=0)\n`]
  ];
  test.each(tools)('%s', async (_name, line) => {
    const direct = await modelAfter(`${NET}y = model(${x})\n`);
    const viaTool = await modelAfter(`${NET}${line}`);
    expect(direct.m?.outputShape).toEqual([2, 10]);
    expect(view(viaTool.m)).toEqual(view(direct.m));
    expect(viaTool.errors).toEqual([]);
  });

  test('a shape bug shows up through the tool as through model(x)', async () => {
    const bad = await modelAfter(`${NET}traced = torch.jit.trace(model, torch.randn(2, 3, 32, 32))\n`);
    expect(bad.errors.length).toBe(1);
    expect(bad.errors[0]).toContain('Linear');
  });

  test('the first call wins: a tool after model(x) does not change the shapes', async () => {
    const first = await modelAfter(`${NET}y = model(torch.randn(2, 3, 28, 28))\ntorch.onnx.export(model, torch.randn(5, 3, 28, 28), "m.onnx")\n`);
    expect(first.m?.outputShape).toEqual([2, 10]);
  });

  test('a tool given something that is not a module, or an input it cannot spread, does nothing', async () => {
    const fn = await modelAfter(`${NET}def f(t):\n    return t * 2\ng = torch.jit.trace(f, torch.randn(3))\ntorch.onnx.export(model, ({"x": torch.randn(2, 3, 28, 28)},), "m.onnx")\n`);
    expect(fn.m?.input?.source).toBe('symbolic');
    expect(fn.errors).toEqual([]);
  });
});

describe('symbolic sizes survive tensors made from them', () => {
  const GPT = `${H}import os\nT = len(os.listdir("."))\nclass G(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.wte = nn.Embedding(100, 768)\n        self.wpe = nn.Embedding(1024, 768)\n    def forward(self, idx):\n        b, t = idx.size()\n        pos = POS\n        return self.wte(idx) + self.wpe(pos)\nmodel = G()\ny = model(torch.zeros(2, T, dtype=torch.long))\n`;
  const T = { expr: 'T', symbols: ['T'] };
  test.each([
    ['torch.arange(0, t, dtype=torch.long, device=idx.device)', [T, 768]],
    ['torch.arange(t)', [T, 768]],
    ['torch.arange(0, t, 1)', [T, 768]],
    // max(0, t - 1) and ceil(t / 2) are not polynomials: unknown, never a guess.
    ['torch.arange(1, t)', [null, 768]],
    ['torch.arange(0, t, 2)', [null, 768]]
  ])('%s', async (pos, wpe) => {
    const { m } = await modelAfter(GPT.replace('POS', pos));
    expect(m?.layers.find(l => l.id === 'wpe')?.outputShape).toEqual(wpe);
    if (wpe[0] !== null) {
      expect(m?.outputShape).toEqual([2, T, 768]);
      // torchinfo's rule: each embedding counts its weight once per row of its output's first dim.
      expect(m?.multAdds).toEqual({ expr: '786432*T + 153600', symbols: ['T'] });
    }
  });
});

test('Keras: fit with validation_split builds on fewer rows: not used, the model stays unbuilt', async () => {
  const ir = await analyzeSources(['import numpy as np\nimport keras\nmodel = keras.Sequential([keras.layers.Dense(4)])\nmodel.compile(loss="mse")\nmodel.fit(np.zeros((10, 3)), np.zeros((10, 4)), validation_split=0.2)\n']);
  const m = ir.models.find(x => x.name === 'model');
  expect(m?.params.total).toBeNull();
});
