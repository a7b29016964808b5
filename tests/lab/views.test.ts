import { buildVisibleGraph, groupChain } from '../../src/lab/views/graph-model';
import { createFoldState, setExpanded, tableRows } from '../../src/lab/views/tree';
import { formatBytes, formatCompact, layerIndex, shapeKind, sumDims, timesDim } from '../../src/lab/views/dims';
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

  test('collapsed groups become single nodes with merged edges', () => {
    const g = buildVisibleGraph(residualNet(), createFoldState(2));
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
    const g = buildVisibleGraph(residualNet(), createFoldState(5), { maxNodes: 4 });
    expect(g.reduced).toBe(true);
    expect(g.depth).toBe(1);
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
    expect(formatBytes(5274 * 4)).toBe('20.60 KB');
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
