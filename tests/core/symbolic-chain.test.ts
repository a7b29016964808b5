// A chain never called and given no input shape is still drawn, with symbolic shapes: the
// input is implied by the first layer that sizes it, past leading layers that keep the shape
// (activations, dropout) and a Flatten before a Linear. A guess a layer rejects leaves no graph.
import { analyzeSources } from '../helpers/analyze';
import { formatShape } from '../../src/core/export/format';

async function chain(src: string) {
  const ir = await analyzeSources([`import torch.nn as nn\nm = ${src}\n`]);
  const m = ir.models.find(x => x.name === 'm')!;
  return { input: m.input ? formatShape(m.input.shape) : null, source: m.input?.source, nodes: m.graph.nodes.length, out: m.outputShape ? formatShape(m.outputShape as never) : null, errors: ir.diagnostics.filter(d => d.severity !== 'info').length };
}

test.each([
  ['nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))', '[B, 784]', 5, '[B, 10]'],
  ['nn.Sequential(nn.Dropout(0.2), nn.Linear(32, 16), nn.ReLU())', '[B, 32]', 4, '[B, 16]'],
  ['nn.Sequential(nn.ReLU(), nn.Conv2d(3, 8, 3), nn.ReLU())', '[B, 3, H, W]', 4, '[B, 8, H - 2, W - 2]'],
  ['nn.Sequential(nn.LayerNorm(64), nn.Linear(64, 8))', '[B, 64]', 3, '[B, 8]'],
  ['nn.Sequential(nn.BatchNorm1d(20), nn.Linear(20, 5))', '[B, 20]', 3, '[B, 5]']
])('%s is drawn with symbolic shapes', async (src, input, nodes, out) => {
  expect(await chain(src)).toEqual({ input, source: 'symbolic', nodes, out, errors: 0 });
});

test('a guess a layer rejects leaves no graph and no diagnostic', async () => {
  const r = await chain('nn.Sequential(nn.ReLU(), nn.Linear(8, 4), nn.Linear(5, 2))');
  expect([r.input, r.nodes, r.errors]).toEqual([null, 0, 0]);
});
