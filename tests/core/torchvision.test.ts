// torchvision.models constructors, read from ArchLens' own Python description of the
// architectures, against totals measured with real torchvision (fixtures/torch/torchvision_expected.json).
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { analyzeSources } from '../helpers/analyze';
import { FIXTURE_ROOT } from '../helpers/fixtures';

interface TV { constructor: string; kwargs: Record<string, unknown>; class: string; total: number; trainable: number; buffers: number; output_shape: number[] }
const FILE = path.join(FIXTURE_ROOT, 'torch', 'torchvision_expected.json');
const all: TV[] = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as { models: TV[] }).models : [];

function call(m: TV): string {
  const name = m.constructor.split('.').pop() as string;
  const py = (v: unknown): string => (v === true ? "True" : v === false ? "False" : JSON.stringify(v));
  const args = Object.entries(m.kwargs).filter(([k]) => k !== "weights").map(([k, v]) => `${k}=${py(v)}`).join(", ");
  return `${name}(${args})`;
}

describe('torchvision.models', () => {
  test.each(all.map(m => [call(m), m] as [string, TV]))('%s', async (_n, m) => {
    const name = m.constructor.split('.').pop() as string;
    const ir = await analyzeSources([`import torch\nfrom torchvision import models\nmodel = models.${call(m)}\nmodel.eval()\nout = model(torch.randn(1, 3, 224, 224))\n`]);
    const got = ir.models.find(x => x.name === 'model');
    const t = got?.params.total ?? null;
    // Honesty: a number, when given, must be exact; architectures we do not describe stay null.
    if (t !== null) {
      expect({ name, total: t, trainable: got?.params.trainable, buffers: got?.params.buffers, out: got?.outputShape, cls: got?.class })
        .toEqual({ name, total: m.total, trainable: m.trainable, buffers: m.buffers, out: m.output_shape, cls: m.class });
    }
  });
  test('common architectures are described', async () => {
    for (const ctor of ['resnet18', 'resnet50', 'vgg16', 'alexnet', 'mobilenet_v2', 'densenet121', 'squeezenet1_0', 'mobilenet_v3_small', 'mobilenet_v3_large', 'efficientnet_b0', 'efficientnet_b3', 'vit_b_16', 'convnext_tiny', 'shufflenet_v2_x1_0', 'googlenet', 'inception_v3', 'mnasnet1_0']) {
      const ir = await analyzeSources([`import torchvision\nmodel = torchvision.models.${ctor}(pretrained=True)\n`]);
      expect({ ctor, total: typeof ir.models.find(x => x.name === 'model')?.params.total }).toEqual({ ctor, total: 'number' });
    }
  });
  test('transfer learning: replacing the head', async () => {
    const ir = await analyzeSources([
      'import torch.nn as nn\nfrom torchvision import models\nmodel = models.resnet18(weights="IMAGENET1K_V1")\nfor p in model.parameters():\n    p.requires_grad = False\nmodel.fc = nn.Linear(model.fc.in_features, 2)\n'
    ]);
    const m = ir.models.find(x => x.name === 'model');
    expect(m?.params.total).toBe(11177538);
    expect(m?.params.trainable).toBe(1026);
  });
});

test('torchvision.models.<arch> submodules give the same classes: ResNet(BasicBlock, ...) built directly and subclassed', async () => {
  const ir = await analyzeSources([
    'import torchvision\nfrom torchvision.models.resnet import ResNet, BasicBlock, Bottleneck\nr18 = ResNet(BasicBlock, [2, 2, 2, 2], num_classes=10)\nclass MyRes(ResNet):\n    def __init__(self):\n        super().__init__(Bottleneck, [3, 4, 6, 3])\nmr = MyRes()\nv = torchvision.models.vgg.vgg11()\n'
  ]);
  const totals = Object.fromEntries(ir.models.map(m => [m.name, [m.params.total, m.params.buffers]]));
  // torchvision (Debian python3-torchvision): resnet18(num_classes=10), resnet50(), vgg11()
  expect(totals).toEqual({ r18: [11181642, 9620], mr: [25557032, 53173], v: [132863336, 0] });
});
