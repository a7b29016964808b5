import { buildVisibleGraph, groupChain } from '../../src/lab/views/graph-model';
import { createFoldState, setExpanded, tableRows } from '../../src/lab/views/tree';
import { formatCompact, layerIndex, shapeKind, sumDims, timesDim } from '../../src/lab/views/dims';
import { layoutGraph } from '../../src/layout/layout';
import { residualNet } from './synthetic';

describe('table rows', () => {
  test('depth 1 shows the root and its children only', () => {
    const rows = tableRows(residualNet(), createFoldState(1));
    expect(rows.map(r => r.key)).toEqual(['', 'conv', 'layer1', 'fc']);
    expect(rows[2].expanded).toBe(false);
  });

  test('identical sibling blocks fold into one row with the summed count', () => {
    const rows = tableRows(residualNet(), createFoldState(3));
    expect(rows.map(r => r.key)).toEqual(['', 'conv', 'layer1', 'fold:layer1.0', 'fc']);
    const fold = rows[3].fold!;
    expect(fold.count).toBe(2);
    expect(fold.params).toBe(4672);
    expect(fold.ids).toEqual(['layer1.0', 'layer1.1']);
  });

  test('an opened fold shows every block; user expansion overrides the depth', () => {
    const model = residualNet();
    const state = createFoldState(2);
    state.unfolded.add('layer1.0');
    let rows = tableRows(model, state);
    expect(rows.map(r => r.key)).toEqual(['', 'conv', 'layer1', 'layer1.0', 'layer1.1', 'fc']);
    setExpanded(layerIndex(model).get('layer1.1')!, state, true);
    rows = tableRows(model, state);
    expect(rows.map(r => r.key)).toEqual(['', 'conv', 'layer1', 'layer1.0', 'layer1.1', 'layer1.1.conv', 'layer1.1.bn', 'fc']);
    setExpanded(layerIndex(model).get('layer1')!, state, false);
    expect(tableRows(model, state).map(r => r.key)).toEqual(['', 'conv', 'layer1', 'fc']);
  });
});

describe('visible graph', () => {
  test('functional nodes join the group their id names', () => {
    const model = residualNet();
    const index = layerIndex(model);
    expect(groupChain(model.graph.nodes[4], index)).toEqual(['layer1', 'layer1.0']);
    expect(groupChain(model.graph.nodes[2], index)).toEqual(['layer1', 'layer1.0']);
    expect(groupChain(model.graph.nodes[1], index)).toEqual([]);
  });

  test('identical collapsed blocks in a chain fold into one node', () => {
    const g = buildVisibleGraph(residualNet(), createFoldState(2));
    expect(g.nodes.map(n => n.id)).toEqual(['n:x', 'n:conv', 'f:layer1.0', 'n:fc']);
    const fold = g.nodes[2];
    expect(fold.kind).toBe('fold');
    expect(fold.foldIds).toEqual(['layer1.0', 'layer1.1']);
    expect(fold.params).toBe(4672);
    expect(fold.hidden).toBe(6);
    expect(g.edges.map(e => `${e.from}>${e.to}`)).toEqual(['n:x>n:conv', 'n:conv>f:layer1.0', 'f:layer1.0>n:fc']);
  });

  test('collapsed groups become single nodes with merged edges', () => {
    const state = createFoldState(2);
    state.unfolded.add('layer1.0');
    const g = buildVisibleGraph(residualNet(), state);
    expect(g.nodes.map(n => n.id)).toEqual(['n:x', 'n:conv', 'g:layer1.0', 'g:layer1.1', 'n:fc']);
    expect(g.clusters.map(c => c.id)).toEqual(['c:layer1']);
    expect(g.nodes[2].parent).toBe('c:layer1');
    expect(g.nodes[2].hidden).toBe(3);
    expect(g.edges.map(e => `${e.from}>${e.to}`)).toEqual(['n:x>n:conv', 'n:conv>g:layer1.0', 'g:layer1.0>g:layer1.1', 'g:layer1.1>n:fc']);
    const merged = g.edges.find(e => e.from === 'g:layer1.0')!;
    expect(merged.count).toBe(2);
  });

  test('expanded groups become nested clusters', () => {
    const g = buildVisibleGraph(residualNet(), createFoldState(5));
    expect(g.nodes).toHaveLength(9);
    expect(g.clusters.map(c => `${c.id}<${c.parent ?? ''}`)).toEqual(['c:layer1<', 'c:layer1.0<c:layer1', 'c:layer1.1<c:layer1']);
  });

  test('too many nodes fall back to a shallower depth', () => {
    let g = buildVisibleGraph(residualNet(), createFoldState(5), { maxNodes: 4 });
    expect(g.reduced).toBe(true);
    expect(g.depth).toBe(2);
    expect(g.nodes.map(n => n.id)).toEqual(['n:x', 'n:conv', 'f:layer1.0', 'n:fc']);
    g = buildVisibleGraph(residualNet(), createFoldState(5), { maxNodes: 3 });
    expect(g.depth).toBe(1);
    expect(g.nodes.map(n => n.id)).toEqual(['n:x', 'n:conv', 'g:layer1', 'n:fc']);
  });

  test('a graph no shallower depth makes smaller is not called reduced', () => {
    const g = buildVisibleGraph(residualNet(), createFoldState(1), { maxNodes: 2 });
    expect(g.reduced).toBe(false);
    expect(g.nodes.map(n => n.id)).toEqual(['n:x', 'n:conv', 'g:layer1', 'n:fc']);
  });
});

describe('dims', () => {
  test('sums stay honest', () => {
    expect(sumDims([1, 2, 3])).toBe(6);
    expect(sumDims([1, null])).toBeNull();
    expect(sumDims([{ expr: '10*C', symbols: ['C'] }, 5])).toEqual({ expr: '10*C + 5', symbols: ['C'] });
    expect(timesDim({ expr: 'C + 1', symbols: ['C'] }, 3)).toEqual({ expr: '3·(C + 1)', symbols: ['C'] });
    expect(shapeKind([1, { expr: 'N', symbols: ['N'] }])).toBe('symbolic');
    expect(shapeKind([1, null])).toBe('unknown');
    expect(shapeKind([[1, 2], [3]])).toBe('exact');
  });

  test('formats', () => {
    expect(formatCompact(11689512)).toBe('11.7M');
    expect(formatCompact(432)).toBe('432');
    expect(formatCompact(2304)).toBe('2.3K');
  });
});

describe('layout', () => {
  test('dagre lays out nodes, clusters and labelled edges in input order', () => {
    const out = layoutGraph({
      rankdir: 'TB',
      clusters: [{ id: 'c0' }],
      nodes: [
        { id: 'n0', width: 100, height: 30 },
        { id: 'n1', width: 100, height: 30, parent: 'c0' },
        { id: 'n2', width: 100, height: 30 }
      ],
      edges: [
        { from: 'n0', to: 'n1', labelWidth: 60, labelHeight: 14 },
        { from: 'n1', to: 'n2' }
      ]
    });
    expect(out.nodes[0].y).toBeLessThan(out.nodes[1].y);
    expect(out.nodes[1].y).toBeLessThan(out.nodes[2].y);
    const c = out.clusters[0];
    expect(out.nodes[1].x).toBeGreaterThan(c.x);
    expect(out.nodes[1].x).toBeLessThan(c.x + c.width);
    expect(out.edges[0].label).toBeDefined();
    expect(out.edges[1].points.length).toBeGreaterThan(1);
  });

  test('a 1,000-node chain lays out', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: 'n' + i, width: 120, height: 36 }));
    const edges = nodes.slice(1).map((n, i) => ({ from: 'n' + i, to: n.id }));
    const out = layoutGraph({ rankdir: 'TB', clusters: [], nodes, edges });
    expect(out.nodes).toHaveLength(1000);
    console.log(`1,000-node chain layout: ${out.ms} ms`);
  });
});

describe('functional ops join the frame of the module calls around them', () => {
  test('ops of a block forward() stay in the block, ops after the blocks stay outside', () => {
    const { nodeChains } = require('../../src/lab/views/graph-model');
    const model = residualNet();
    // Rename the adds the way the core does (no scope in the id) and give every node a span:
    // block forward in cell 1 (lines 10-12), top-level forward in cell 2.
    const span = (cell: number, line: number) => ({ cell, startLine: line, startCol: 0, endLine: line, endCol: 1 });
    const nodes = model.graph.nodes;
    nodes[1].span = span(2, 5);
    nodes[2].span = span(1, 10);
    nodes[3].span = span(1, 11);
    nodes[4].id = 'add';
    nodes[4].span = span(1, 12);
    nodes[5].span = span(1, 10);
    nodes[6].span = span(1, 11);
    nodes[7].id = 'add#2';
    nodes[7].span = span(1, 12);
    nodes[8].span = span(2, 7);
    nodes.push({ id: 'flatten', label: 'flatten', type: 'flatten', category: 'reshape', span: span(2, 6) });
    const chains = nodeChains(model, layerIndex(model));
    expect(chains[4]).toEqual(['layer1', 'layer1.0']);
    expect(chains[7]).toEqual(['layer1', 'layer1.1']);
    expect(chains[9]).toEqual([]);
  });
});

describe('compact arguments', () => {
  const { compactArgs } = require('../../src/lab/views/dims');
  test('torch and keras spellings', () => {
    expect(compactArgs('in_channels=3, out_channels=16, kernel_size=3, stride=1, padding=1, bias=False')).toBe('3→16, k=3, s=1, p=1, no bias');
    expect(compactArgs('in_features=3072, out_features=256')).toBe('3072→256');
    expect(compactArgs('num_embeddings=50257, embedding_dim=768')).toBe('50257×768');
    expect(compactArgs("units=64, activation='relu'")).toBe('64, relu');
    expect(compactArgs('kernel_size=(3, 3), strides=(2, 2)')).toBe('k=(3, 3), s=(2, 2)');
    expect(compactArgs('p=0.2, inplace=True')).toBe('p=0.2');
  });
});

describe('layout fallback', () => {
  const { simpleLayout } = require('../../src/layout/layout');
  test('a 5,000-node chain with a cluster and a cycle lays out in linear time', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({ id: 'n' + i, width: 120, height: 36, parent: i < 3 ? 'c0' : undefined }));
    const edges = nodes.slice(1).map((n, i) => ({ from: 'n' + i, to: n.id }));
    edges.push({ from: 'n10', to: 'n5' });
    const out = simpleLayout({ rankdir: 'TB', clusters: [{ id: 'c0' }], nodes, edges });
    expect(out.nodes).toHaveLength(5000);
    expect(out.nodes[1].y).toBeGreaterThan(out.nodes[0].y);
    const c = out.clusters[0];
    expect(out.nodes[0].y).toBeGreaterThan(c.y);
    expect(out.nodes[2].y).toBeLessThan(c.y + c.height);
    expect(out.ms).toBeLessThan(1000);
  });
});

describe('keras batch dimension', () => {
  test('a leading None is the batch, not an unknown', () => {
    const { shapeKind } = require('../../src/lab/views/dims');
    expect(shapeKind([null, 30, 30, 32], true)).toBe('exact');
    expect(shapeKind([null, 30, 30, 32], false)).toBe('unknown');
    expect(shapeKind([null, null, 32], true)).toBe('unknown');
  });
});

describe('input shape parsing', () => {
  test('accepts the usual spellings, refuses the rest', () => {
    const { parseShape } = require('../../src/lab/views/values');
    expect(parseShape('1, 3, 224, 224')).toEqual([1, 3, 224, 224]);
    expect(parseShape('(2, 3, 32, 32)')).toEqual([2, 3, 32, 32]);
    expect(parseShape('[8,128]')).toEqual([8, 128]);
    expect(parseShape('1x3x32x32')).toEqual([1, 3, 32, 32]);
    expect(parseShape('2, x')).toBeNull();
    expect(parseShape('0, 3')).toBeNull();
    expect(parseShape('')).toBeNull();
  });
});
