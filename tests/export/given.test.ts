// Every export states the values the user gave (not from the notebook) that its numbers use.
import type { ModelIR } from '../../src/core/ir';
import { modelToMarkdown } from '../../src/core/export/markdown';
import { modelToLatex } from '../../src/core/export/latex';
import { irToCsv } from '../../src/core/export/csv';
import { summaryCell } from '../../src/core/export/summary-cell';
import { parseCsv } from '../helpers/csv';
import { analyzeSources } from '../helpers/analyze';

const SRC = `import torch
import torch.nn as nn
import pandas as pd
classes = sorted(pd.read_csv('labels.csv')['label'].unique())
num_classes = len(classes)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, num_classes)

    def forward(self, x):
        return self.fc(self.pool(self.conv(x)).flatten(1))

net = Net()
`;

async function given(): Promise<ModelIR> {
  const ir = await analyzeSources([SRC], { symbols: [['num_classes', 3]], inputShapes: [['net', [2, 3, 32, 32]]] });
  const m = ir.models.find(x => x.name === 'net')!;
  // the panel sets givenSymbols to the values this model read
  return { ...m, givenSymbols: [['num_classes', 3]] };
}

test('markdown, the summary cell, LaTeX and CSV name the given values', async () => {
  const m = await given();
  // 3*8*9 + 8 + 8*3 + 3
  expect(m.params.total).toBe(251);
  expect(m.input?.source).toBe('user');
  // (markdown escapes the underscore)
  const line = '- Values given in ArchLens, not from the notebook: num\\_classes = 3, input shape [2, 3, 32, 32]';
  expect(modelToMarkdown(m).split('\n')).toContain(line);
  expect(summaryCell(m).split('\n')).toContain(line);
  expect(modelToLatex(m).split('\n')[1]).toBe('% Values given in ArchLens, not from the notebook: num\\_classes = 3, input shape [2, 3, 32, 32]');
  const rows = parseCsv(irToCsv({ models: [m], diagnostics: [] }));
  expect(rows.filter(r => r[1] === '(given)')).toEqual([
    ['net', '(given)', 'num_classes', '', '', '3', ''],
    ['net', '(given)', 'input_shape', '', '[2, 3, 32, 32]', '', '']
  ]);
});

test('without given values the exports say nothing of them', async () => {
  const ir = await analyzeSources([SRC]);
  const m = ir.models.find(x => x.name === 'net')!;
  expect(modelToMarkdown(m)).not.toContain('Values given');
  expect(modelToLatex(m)).not.toContain('Values given');
  expect(irToCsv({ models: [m], diagnostics: [] })).not.toContain('(given)');
  // the symbolic total is printed the panel's way
  expect(modelToMarkdown(m)).toContain('- Total params: 9·num\\_classes + 224 (symbolic in num\\_classes)');
});
