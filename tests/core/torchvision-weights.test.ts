// torchvision's pretrained-weights enums (ViT_B_16_Weights, EfficientNet_B0_Weights, ...) are
// described: importing or using them gives no false "has no attribute" diagnostic, they leave
// the architecture as it is, and weights.transforms() crops images to the weights' size.
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyzeSources } from '../helpers/analyze';

test('the head-replacement fixture has no diagnostic about weights enums', async () => {
  const src = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'libraries', 'tv_head_replacement.py'), 'utf8');
  const ir = await analyzeSources([src]);
  expect(ir.diagnostics.filter(d => /Weights/.test(d.message)).map(d => d.message)).toEqual([]);
  expect(ir.models.map(m => m.name)).toEqual(['vit', 'effnet', 'densenet', 'convnext', 'mnv3s']);
});

test('weights.transforms() gives the crop size to a dataset; the counts are the builders\'', async () => {
  const ir = await analyzeSources([
    `import torch
import torchvision
from torchvision import datasets, models
from torch.utils.data import DataLoader
from torchvision.models import ViT_B_16_Weights, EfficientNet_B0_Weights
weights = ViT_B_16_Weights.DEFAULT
train = datasets.CIFAR10("data", transform=weights.transforms())
loader = DataLoader(train, batch_size=16)
model = models.vit_b_16(weights=weights)
x, y = next(iter(loader))
out = model(x)
eff = models.efficientnet_b0(weights=EfficientNet_B0_Weights.IMAGENET1K_V1)
b3 = torchvision.models.EfficientNet_B3_Weights.DEFAULT.transforms()
name = torchvision.models.ResNet50_Weights.IMAGENET1K_V2.name
`
  ]);
  expect(ir.diagnostics).toEqual([]);
  expect(ir.models.map(m => [m.name, m.params.total, m.input?.shape ?? null])).toEqual([
    ['model', 86567656, [16, 3, 224, 224]],
    ['eff', 5288548, [{ expr: 'B', symbols: ['B'] }, 3, { expr: 'H', symbols: ['H'] }, { expr: 'W', symbols: ['W'] }]]
  ]);
});
