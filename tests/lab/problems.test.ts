// Which diagnostics concern a model, which nodes and rows an error marks, and how the list
// groups - on notebooks analysed by the real core.
import type { Diagnostic } from '../../src/core/ir';
import { diagnosticsFor, errorMarks, groupDiagnostics } from '../../src/lab/views/problems';
import { ctorArguments, snippetLines } from '../../src/lab/views/details';
import { buildVisibleGraph, errorsOfNode } from '../../src/lab/views/graph-model';
import { createFoldState } from '../../src/lab/views/tree';
import { analyzeSources } from '../helpers/analyze';
import { residualNet } from './synthetic';

const IMPORTS = 'import torch\nimport torch.nn as nn\nimport matplotlib.pyplot as plt\n';
const NET = `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, bias=False)
        self.fc = nn.Linear(100, 10)

    def forward(self, x):
        x = self.conv(x).flatten(1)
        return self.fc(x)

net = Net()
y = net(torch.randn(1, 3, 32, 32))
plt.imshow(y)
plt.show()
`;
const BAD = 'bad = nn.Sequential(nn.Flatten(), nn.Linear(100, 10))\nz = bad(torch.randn(1, 3, 32, 32))\n';

describe('diagnostics of a model', () => {
  test('errors mark the call that fails and the layer it calls', async () => {
    const ir = await analyzeSources([IMPORTS, NET, BAD]);
    const net = ir.models.find(m => m.name === 'net')!;
    const own = diagnosticsFor(net, ir);
    // its shape error is its own; the Sequential's error and the plotting calls are not
    expect(own.own.filter(d => d.severity === 'error').map(d => d.message)).toEqual(['Linear: expected input features 100, but got 7200 (input of size [1, 7200])']);
    expect(own.other.map(d => d.code).sort()).toEqual(['shape-mismatch', 'unknown-call', 'unknown-call']);
    const marks = errorMarks(net, own.own);
    expect(marks.count).toBe(1);
    expect([...marks.layers.keys()]).toEqual(['fc']);
    expect([...marks.nodes.keys()]).toEqual(['fc']);
  });

  test('in a Sequential every layer is called at one place: the related place names the one that fails', async () => {
    const ir = await analyzeSources([IMPORTS, NET, BAD]);
    const bad = ir.models.find(m => m.name === 'bad')!;
    const own = diagnosticsFor(bad, ir);
    const marks = errorMarks(bad, own.own);
    expect(marks.count).toBe(1);
    expect([...marks.layers.keys()]).toEqual(['1']);
    expect([...marks.nodes.keys()]).toEqual(['1']);
    expect(own.other.some(d => d.message.includes('7200'))).toBe(true);
  });

  test('a diagnostic naming its layer marks it directly', async () => {
    const ir = await analyzeSources([IMPORTS, BAD]);
    const bad = ir.models.find(m => m.name === 'bad')!;
    const d: Diagnostic = { severity: 'error', code: 'x', message: 'm', layer: '0' };
    const marks = errorMarks(bad, [d]);
    expect([...marks.layers.keys()]).toEqual(['0']);
    expect([...marks.nodes.keys()]).toEqual(['0']);
  });

  test('the constructor call lists every argument, defaults included', async () => {
    const ir = await analyzeSources([IMPORTS, NET]);
    const conv = ir.models.find(m => m.name === 'net')!.layers.find(l => l.id === 'conv')!;
    expect(ctorArguments(conv.ctor)).toEqual([
      ['in_channels', '3'],
      ['out_channels', '8'],
      ['kernel_size', '3'],
      ['stride', '1'],
      ['padding', '0'],
      ['dilation', '1'],
      ['groups', '1'],
      ['bias', 'False'],
      ['padding_mode', "'zeros'"]
    ]);
    expect(snippetLines(NET, conv.span!)).toEqual([
      [1, '    def __init__(self):'],
      [2, '        super().__init__()'],
      [3, '        self.conv = nn.Conv2d(3, 8, 3, bias=False)'],
      [4, '        self.fc = nn.Linear(100, 10)'],
      [5, '']
    ]);
  });
});

describe('grouping', () => {
  const at = (cell: number, line: number) => ({ cell, startLine: line, startCol: 0, endLine: line, endCol: 5 });
  test('one message in seven places is one entry; many calls not modelled are one entry', () => {
    const typo: Diagnostic[] = [0, 1, 2, 3, 4, 5, 6].map(i => ({ severity: 'info', code: 'undefined-name', message: "name 'nn.Conv2D' is not defined (or not known statically)", span: at(2, i) }));
    const calls: Diagnostic[] = ['matplotlib.pyplot.imshow', 'matplotlib.pyplot.show', 'os.listdir', 'matplotlib.pyplot.imshow'].map((f, i) => ({
      severity: 'info',
      code: 'unknown-call',
      message: `call of ${f} is not modelled`,
      span: at(3, i)
    }));
    const error: Diagnostic = { severity: 'error', code: 'shape-mismatch', message: 'Linear expects 100', span: at(1, 1) };
    const groups = groupDiagnostics([...typo, ...calls, error]);
    expect(groups.map(g => [g.severity, g.title, g.count])).toEqual([
      ['error', 'Linear expects 100', 1],
      ['info', "name 'nn.Conv2D' is not defined (or not known statically)", 7],
      ['info', '3 calls not modelled', 4]
    ]);
    expect(groups[2].subjects).toEqual(['matplotlib.pyplot.imshow', 'matplotlib.pyplot.show', 'os.listdir']);
    expect(groups[2].messages.map(m => m.items.length)).toEqual([2, 1, 1]);
  });
});

describe('marks on what is drawn', () => {
  test('a collapsed group or a fold carries the errors of the layers inside it', () => {
    const d: Diagnostic = { severity: 'error', code: 'shape-mismatch', message: 'm', layer: 'layer1.1.conv' };
    const model = residualNet();
    const marks = errorMarks(model, [d]);
    expect([...marks.layers.keys()]).toEqual(['layer1.1.conv']);
    // depth 2: layer1's two blocks fold into one node, which carries the error
    const folded = buildVisibleGraph(model, createFoldState(2));
    const fold = folded.nodes.find(n => n.kind === 'fold')!;
    expect(errorsOfNode(fold, marks)).toEqual([d]);
    expect(errorsOfNode(folded.nodes.find(n => n.layerId === 'conv')!, marks)).toEqual([]);
    // opened: only the block with the error, then only its conv
    const state = createFoldState(2);
    state.unfolded.add('layer1.0');
    const groups = buildVisibleGraph(model, state).nodes.filter(n => n.kind === 'group');
    expect(groups.map(g => [g.layerId, errorsOfNode(g, marks).length])).toEqual([
      ['layer1.0', 0],
      ['layer1.1', 1]
    ]);
    const open = buildVisibleGraph(model, createFoldState(4));
    expect(open.nodes.filter(n => errorsOfNode(n, marks).length).map(n => n.layerId)).toEqual(['layer1.1.conv']);
  });
});
