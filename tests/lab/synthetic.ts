// Hand-built IRs for the view logic tests: a small residual network with repeated blocks.
import type { GraphEdge, GraphNode, LayerInfo, ModelIR } from '../../src/core/ir';

function layer(id: string, type: string, category: LayerInfo['category'], params: number, children: string[] = [], signature?: string): LayerInfo {
  const parts = id === '' ? [] : id.split('.');
  return {
    id,
    name: parts[parts.length - 1] ?? '',
    depth: parts.length,
    type,
    category,
    params,
    trainableParams: params,
    ownParams: children.length ? 0 : params,
    trainable: true,
    children,
    parent: id === '' ? undefined : parts.slice(0, -1).join('.'),
    signature
  };
}

/** stem conv -> layer1 (2 identical blocks of conv+bn) -> fc; the blocks have a residual add. */
export function residualNet(): ModelIR {
  const layers: LayerInfo[] = [
    layer('', 'Net', 'model', 0, ['conv', 'layer1', 'fc']),
    layer('conv', 'Conv2d', 'conv', 432),
    layer('layer1', 'Sequential', 'container', 0, ['layer1.0', 'layer1.1']),
    layer('layer1.0', 'Block', 'model', 0, ['layer1.0.conv', 'layer1.0.bn'], 'B'),
    layer('layer1.0.conv', 'Conv2d', 'conv', 2304),
    layer('layer1.0.bn', 'BatchNorm2d', 'norm', 32),
    layer('layer1.1', 'Block', 'model', 0, ['layer1.1.conv', 'layer1.1.bn'], 'B'),
    layer('layer1.1.conv', 'Conv2d', 'conv', 2304),
    layer('layer1.1.bn', 'BatchNorm2d', 'norm', 32),
    layer('fc', 'Linear', 'linear', 170)
  ];
  for (const id of ['layer1.0', 'layer1.1']) {
    const l = layers.find(x => x.id === id)!;
    l.params = 2336;
    l.trainableParams = 2336;
  }
  layers.find(x => x.id === 'layer1')!.params = 4672;
  layers[0].params = 432 + 4672 + 170;
  const nodes: GraphNode[] = [
    { id: 'x', label: 'x', type: 'Input', category: 'input', outputShape: [1, 3, 32, 32] },
    { id: 'conv', layer: 'conv', label: 'conv', type: 'Conv2d', category: 'conv', outputShape: [1, 16, 32, 32] },
    { id: 'layer1.0.conv', layer: 'layer1.0.conv', label: 'conv', type: 'Conv2d', category: 'conv', outputShape: [1, 16, 32, 32] },
    { id: 'layer1.0.bn', layer: 'layer1.0.bn', label: 'bn', type: 'BatchNorm2d', category: 'norm', outputShape: [1, 16, 32, 32] },
    { id: 'layer1.0.add', label: 'add', type: 'add', category: 'merge', outputShape: [1, 16, 32, 32] },
    { id: 'layer1.1.conv', layer: 'layer1.1.conv', label: 'conv', type: 'Conv2d', category: 'conv', outputShape: [1, 16, 32, 32] },
    { id: 'layer1.1.bn', layer: 'layer1.1.bn', label: 'bn', type: 'BatchNorm2d', category: 'norm', outputShape: [1, 16, 32, 32] },
    { id: 'layer1.1.add', label: 'add', type: 'add', category: 'merge', outputShape: [1, 16, 32, 32] },
    { id: 'fc', layer: 'fc', label: 'fc', type: 'Linear', category: 'linear', outputShape: [1, 10] }
  ];
  const s = [1, 16, 32, 32];
  const edges: GraphEdge[] = [
    { from: 'x', to: 'conv', shape: [1, 3, 32, 32] },
    { from: 'conv', to: 'layer1.0.conv', shape: s },
    { from: 'layer1.0.conv', to: 'layer1.0.bn', shape: s },
    { from: 'layer1.0.bn', to: 'layer1.0.add', shape: s },
    { from: 'conv', to: 'layer1.0.add', shape: s },
    { from: 'layer1.0.add', to: 'layer1.1.conv', shape: s },
    { from: 'layer1.1.conv', to: 'layer1.1.bn', shape: s },
    { from: 'layer1.1.bn', to: 'layer1.1.add', shape: s },
    { from: 'layer1.0.add', to: 'layer1.1.add', shape: s },
    { from: 'layer1.1.add', to: 'fc', shape: [1, 16] }
  ];
  return {
    name: 'net',
    kind: 'instance',
    framework: 'pytorch',
    class: 'Net',
    params: { total: 5274, trainable: 5274, nonTrainable: 0, buffers: 64 },
    layers,
    graph: { nodes, edges },
    cell: 0,
    line: 0,
    diagnostics: []
  };
}
