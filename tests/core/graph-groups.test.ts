// Graph ownership (issue 18): parameters and buffers used functionally belong to the module
// that owns them (a property of the node reading them, `uses`), never a graph source; every
// operation records the module whose forward ran it (`group`), residual adds included; and
// identical repeated blocks that form a chain are recorded as folds ("Block × N").
// The notebooks are the UI tests' fixtures (ui-tests/notebooks), in nanoGPT's and a ViT
// paper replication's style.
import { readFileSync } from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/core/analyzer';
import { readDocument } from '../../src/core/notebook';
import type { GraphNode, ModelIR } from '../../src/core/ir';
import { graphFolds } from '../../src/core/ir/folds';
import { modelToMermaid } from '../../src/core/export/mermaid';
import { summaryCell } from '../../src/core/export/summary-cell';
import { getParser } from '../helpers/parser';
import { analyzeSources } from '../helpers/analyze';

const NOTEBOOKS = path.join(__dirname, '..', '..', 'ui-tests', 'notebooks');

async function notebookModel(name: string): Promise<ModelIR> {
  const file = path.join(NOTEBOOKS, name);
  const ir = new Analyzer(await getParser()).analyze(readDocument(file, readFileSync(file, 'utf8')).cells);
  expect(ir.models).toHaveLength(1);
  return ir.models[0];
}

const sources = (m: ModelIR): GraphNode[] => m.graph.nodes.filter(n => n.category === 'input');

describe('a GPT-style model (nanoGPT)', () => {
  let m: ModelIR;
  beforeAll(async () => {
    m = await notebookModel('gpt_style.ipynb');
  });

  test('has no parameter or buffer source node: only its input and the positions it makes', () => {
    expect(sources(m).map(n => [n.id, n.type, n.group ?? ''])).toEqual([
      ['source:arange', 'torch.arange', ''],
      ['input', 'Input', '']
    ]);
    expect(m.params.total).toBe(1263616);
  });

  test('functional parameters and the causal mask are properties of the nodes that read them', () => {
    const ln = m.graph.nodes.filter(n => n.type === 'layer_norm');
    expect(ln).toHaveLength(13);
    expect(ln[0]).toMatchObject({ group: 'transformer.h.0.ln_1', uses: ['transformer.h.0.ln_1.weight', 'transformer.h.0.ln_1.bias'] });
    const masked = m.graph.nodes.filter(n => n.type === 'masked_fill');
    expect(masked.map(n => [n.group, n.uses])).toEqual([0, 1, 2, 3, 4, 5].map(i => [`transformer.h.${i}.attn`, [`transformer.h.${i}.attn.bias`]]));
    // nothing reads a parameter through an edge
    const ids = new Set(m.graph.nodes.map(n => n.id));
    expect(m.graph.edges.every(e => ids.has(e.from) && ids.has(e.to))).toBe(true);
  });

  test('the residual adds sit in their block', () => {
    const adds = m.graph.nodes.filter(n => n.type === 'add');
    // the embedding sum in GPT.forward, then two per block
    expect(adds.map(n => n.group ?? '')).toEqual(['', ...[0, 1, 2, 3, 4, 5].flatMap(i => [`transformer.h.${i}`, `transformer.h.${i}`])]);
  });

  test('the six blocks fold to Block × 6, in the JSON and the Mermaid export', () => {
    expect(m.graph.folds).toEqual([{ ids: [0, 1, 2, 3, 4, 5].map(i => `transformer.h.${i}`), type: 'Block' }]);
    const chart = modelToMermaid(m);
    expect(chart).toContain('Block × 6');
    expect(chart).not.toContain('transformer.h.1');
    expect(chart).not.toMatch(/Input|Buffer|\bbias\b/);
  });

  test('the summary cell\'s chart folds the blocks too', () => {
    const cell = summaryCell(m);
    const chart = cell.slice(cell.indexOf('```mermaid'));
    expect(chart).toContain('Block × 6');
    expect(chart).not.toContain('masked');
    expect(chart.split('\n').filter(l => /^\s+n\d+\[/.test(l)).length).toBeLessThanOrEqual(8);
  });
});

describe('a ViT-style model (paper replication)', () => {
  let m: ModelIR;
  beforeAll(async () => {
    m = await notebookModel('vit_style.ipynb');
  });

  test('the class token and position embeddings are properties of the nodes using them', () => {
    expect(sources(m).map(n => n.id)).toEqual(['input']);
    expect(m.graph.nodes.find(n => n.type === 'expand')).toMatchObject({ uses: ['cls_token'] });
    expect(m.graph.nodes.filter(n => n.uses?.includes('pos_embedding')).map(n => n.type)).toEqual(['add']);
  });

  test('the encoder blocks fold, each holding its residual adds', () => {
    expect(m.graph.folds).toEqual([{ ids: [0, 1, 2, 3, 4, 5].map(i => `encoder.${i}`), type: 'EncoderBlock' }]);
    const adds = m.graph.nodes.filter(n => n.type === 'add' && n.group?.startsWith('encoder.'));
    expect(adds.map(n => n.group)).toEqual([0, 1, 2, 3, 4, 5].flatMap(i => [`encoder.${i}`, `encoder.${i}`]));
    expect(modelToMermaid(m)).toContain('EncoderBlock × 6');
  });
});

test('blocks that do not form a chain (a skip into the middle) do not fold', async () => {
  const src = `import torch
import torch.nn as nn
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = nn.ReLU()
    def forward(self, x):
        return self.act(self.fc(x)) + x
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([B() for _ in range(3)])
    def forward(self, x):
        a = self.blocks[0](x)
        b = self.blocks[1](a)
        return self.blocks[2](b) + a
net = Net()
y = net(torch.randn(2, 4))
`;
  const ir = await analyzeSources([src]);
  const net = ir.models.find(x => x.name === 'net')!;
  expect(graphFolds(net)).toEqual([]);
  const chained = await analyzeSources([src.replace('return self.blocks[2](b) + a', 'return self.blocks[2](b)')]);
  expect(chained.models.find(x => x.name === 'net')!.graph.folds).toEqual([{ ids: ['blocks.0', 'blocks.1', 'blocks.2'], type: 'B' }]);
});
