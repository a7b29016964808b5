// Every model the notebook builds is listed: a name bound to five models in turn lists five,
// in notebook order; the last keeps its plain name, the earlier ones are marked rebound and
// keyed by where they were bound (ir/model-key.ts).
import { Analyzer } from '../../src/core/analyzer';
import type { CellInput } from '../../src/core/ir';
import { modelKey } from '../../src/core/ir/model-key';
import { analyzeSources as analyzeAll } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

const NETS = [1, 2, 3, 4, 5].map(i => `class Net${i}(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(${i}, 2)\n    def forward(self, x):\n        return self.fc(x)\n`).join('');
/** The models built (classes never instantiated are listed as well; not what these tests are about). */
async function analyzeSources(...args: Parameters<typeof analyzeAll>) {
  const ir = await analyzeAll(...args);
  return { ...ir, models: ir.models.filter(m => m.kind !== 'class') };
}

const HEAD = 'import torch\nimport torch.nn as nn\n' + NETS;

test('a name rebound five times lists five models in notebook order', async () => {
  const ir = await analyzeSources([HEAD, 'model = Net1()\n', 'model = Net2()\nmodel = Net3()\n', 'model = Net4()\n', 'model = Net5()\n']);
  expect(ir.models.map(m => [m.name, m.class, m.cell, m.rebound ?? false])).toEqual([
    ['model', 'Net1', 1, true],
    ['model', 'Net2', 2, true],
    ['model', 'Net3', 2, true],
    ['model', 'Net4', 3, true],
    ['model', 'Net5', 4, false]
  ]);
  expect(ir.models.map(m => m.params.total)).toEqual([4, 6, 8, 10, 12]);
  expect(ir.models.map(m => modelKey(m))).toEqual(['model@c1:1', 'model@c2:1', 'model@c2:2', 'model@c3:1', 'model']);
});

test('a model still held by another name, wrapped, or moved is not listed twice', async () => {
  const ir = await analyzeSources([HEAD, 'model = Net1()\nkeep = model\nmodel = Net2()\nmodel = model.to("cpu")\nmodel = nn.DataParallel(model)\n']);
  expect(ir.models.map(m => [m.name, m.class, m.rebound ?? false])).toEqual([
    ['keep', 'Net1', false],
    ['model', 'DataParallel', false]
  ]);
});

test('a loop rebinding one line lists that line once', async () => {
  const ir = await analyzeSources([HEAD, 'for cls in [Net1, Net2, Net3]:\n    model = cls()\nmodel = Net5()\n']);
  expect(ir.models.map(m => [m.class, m.rebound ?? false])).toEqual([
    ['Net3', true],
    ['Net5', false]
  ]);
});

test('an input shape given for the plain name reaches only the last model', async () => {
  const ir = await analyzeSources([HEAD, 'model = Net2()\n', 'model = Net2()\n'], { inputShapes: [['model', [7, 2]], ['model@c1:1', [5, 2]]] });
  expect(ir.models.map(m => m.outputShape)).toEqual([[5, 2], [7, 2]]);
});

test('editing a cell before a rebinding gives what a fresh analysis gives', async () => {
  const parser = await getParser();
  const cells = (first: string): CellInput[] => [
    { id: 'h', kind: 'code', source: HEAD },
    { id: 'a', kind: 'code', source: first },
    { id: 'b', kind: 'code', source: 'model = Net5()\n' }
  ];
  const warm = new Analyzer(parser);
  warm.analyze(cells('model = Net1()\n'));
  const edited = warm.analyze(cells('model = Net2()\n'));
  const fresh = new Analyzer(parser).analyze(cells('model = Net2()\n'));
  expect({ ...edited, stats: undefined }).toEqual({ ...fresh, stats: undefined });
  expect(edited.models.filter(m => m.kind !== 'class').map(m => [m.class, m.rebound ?? false])).toEqual([
    ['Net2', true],
    ['Net5', false]
  ]);
});

test('Keras models rebound to one name are listed too', async () => {
  const ir = await analyzeSources([
    'from tensorflow import keras\nfrom tensorflow.keras import layers\n',
    'model = keras.Sequential([layers.Input((8,)), layers.Dense(4)])\n',
    'model = keras.Sequential([layers.Input((8,)), layers.Dense(5)])\nmodel = keras.Sequential([layers.Input((8,)), layers.Dense(6)])\n'
  ]);
  expect(ir.models.map(m => [m.name, m.framework, m.params.total, m.cell, m.rebound ?? false])).toEqual([
    ['model', 'keras', 36, 1, true],
    ['model', 'keras', 45, 2, true],
    ['model', 'keras', 54, 2, false]
  ]);
});
