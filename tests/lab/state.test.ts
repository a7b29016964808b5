// The view-state store: state is per (document, model), values typed for one notebook never
// reach another, and what goes into the state database comes back (malformed data is ignored).
import type { ArchitectureIR, ModelIR } from '../../src/core/ir';
import { STATE_LIMITS, ViewStateStore } from '../../src/lab/state';

function model(name: string, symbols?: string[]): ModelIR {
  return {
    name,
    kind: 'instance',
    framework: 'pytorch',
    class: 'Net',
    params: { total: null, trainable: null, nonTrainable: null, buffers: null },
    layers: [],
    graph: { nodes: [], edges: [] },
    cell: 0,
    line: 0,
    diagnostics: [],
    ...(symbols ? { symbols } : {})
  };
}

function ir(...models: ModelIR[]): ArchitectureIR {
  return { models, diagnostics: [] };
}

describe('view-state store', () => {
  test('values given for one notebook are not sent with another', () => {
    const store = new ViewStateStore(2);
    store.setValues('a.ipynb', 'model', [['num_classes', 3]], [1, 3, 224, 224]);
    store.setValues('b.ipynb', 'model', [['num_classes', 10]]);
    expect(store.requestValues('a.ipynb')).toEqual({ symbols: [['num_classes', 3]], inputShapes: [['model', [1, 3, 224, 224]]] });
    expect(store.requestValues('b.ipynb')).toEqual({ symbols: [['num_classes', 10]], inputShapes: [] });
    expect(store.requestValues('c.ipynb')).toEqual({ symbols: [], inputShapes: [] });
  });

  test('fold, search and selection are per document and model', () => {
    const store = new ViewStateStore(2);
    const a = store.model('a.ipynb', 'model');
    a.search = 'conv';
    a.selected = 'layer1.0';
    a.fold.expanded.add('layer1');
    const b = store.model('b.ipynb', 'model');
    expect(b.search).toBe('');
    expect(b.selected).toBeNull();
    expect(b.fold.expanded.size).toBe(0);
    expect(store.model('a.ipynb', 'baseline').search).toBe('');
    expect(store.model('a.ipynb', 'model')).toBe(a);
  });

  test('a model names the given values it read, including those no longer open', () => {
    const store = new ViewStateStore(2);
    // first analysis: both models are symbolic in num_classes, only `head` in `width`
    store.noteAnalysis('a.ipynb', ir(model('model', ['num_classes']), model('head', ['num_classes', 'width']), model('other')));
    store.setValues('a.ipynb', 'model', [['num_classes', 3]]);
    // after the value is given, the IR no longer names num_classes
    store.noteAnalysis('a.ipynb', ir(model('model'), model('head', ['width']), model('other')));
    expect(store.given('a.ipynb', 'model')).toEqual({ symbols: [['num_classes', 3]] });
    expect(store.given('a.ipynb', 'head')).toEqual({ symbols: [['num_classes', 3]] });
    expect(store.given('a.ipynb', 'other')).toEqual({ symbols: [] });
    expect(store.symbolsOf('a.ipynb', 'head')).toEqual(['num_classes', 'width']);
    // an analysis without the models (the notebook still loading) forgets nothing given
    store.noteAnalysis('a.ipynb', ir());
    store.noteAnalysis('a.ipynb', ir(model('model'), model('head'), model('other')));
    expect(store.given('a.ipynb', 'model')).toEqual({ symbols: [['num_classes', 3]] });
    // a value forgotten is no longer used; the symbol is open again in the next analysis
    store.setValues('a.ipynb', 'model', [['num_classes', null]]);
    expect(store.given('a.ipynb', 'model')).toEqual({ symbols: [] });
  });

  test('the state database round trip keeps every document apart', () => {
    const store = new ViewStateStore(2);
    store.setValues('a.ipynb', 'model', [['num_classes', 3]], [2, 3, 32, 32]);
    const m = store.model('a.ipynb', 'model');
    m.search = 'bn';
    m.selected = 'conv1';
    m.transform = { k: 0.5, x: 10, y: -20 };
    m.direction = 'LR';
    m.fold.depth = 3;
    m.fold.unfolded.add('layer1.0');
    store.document('a.ipynb').current = 'model';
    store.document('a.ipynb').allDiagnostics = true;
    store.setValues('b.ipynb', 'model', [['num_classes', 10]]);
    const json = JSON.parse(JSON.stringify(store.toJSON()));

    const again = new ViewStateStore(2);
    again.restore(json);
    expect(again.requestValues('a.ipynb')).toEqual({ symbols: [['num_classes', 3]], inputShapes: [['model', [2, 3, 32, 32]]] });
    expect(again.requestValues('b.ipynb')).toEqual({ symbols: [['num_classes', 10]], inputShapes: [] });
    const r = again.model('a.ipynb', 'model');
    expect(r.search).toBe('bn');
    expect(r.selected).toBe('conv1');
    expect(r.transform).toEqual({ k: 0.5, x: 10, y: -20 });
    expect(r.direction).toBe('LR');
    expect(r.fold.depth).toBe(3);
    expect([...r.fold.unfolded]).toEqual(['layer1.0']);
    expect(again.document('a.ipynb').current).toBe('model');
    expect(again.document('a.ipynb').allDiagnostics).toBe(true);
    expect(again.document('b.ipynb').allDiagnostics).toBe(false);
  });

  test('malformed stored data is skipped, never trusted', () => {
    const store = new ViewStateStore(2);
    store.restore(null);
    store.restore({ version: 2, documents: [] });
    store.restore({
      version: 1,
      documents: [
        ['x.ipynb', { symbols: [['n', -1], ['m', 1.5], ['ok', 4], ['__proto__', 7]], uses: 'no', models: [['model', { depth: 'deep', expanded: [1, 'a'], inputShape: [0, 3], transform: [0, 1, 2], search: 5 }]] }],
        ['y.ipynb', 'not a state'],
        [42, {}]
      ]
    });
    expect(store.requestValues('x.ipynb')).toEqual({ symbols: [['ok', 4], ['__proto__', 7]], inputShapes: [] });
    const m = store.model('x.ipynb', 'model');
    expect(m.fold.depth).toBe(2);
    expect([...m.fold.expanded]).toEqual(['a']);
    expect(m.transform).toBeUndefined();
    expect(m.search).toBe('');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(store.has('y.ipynb')).toBe(false);
  });

  test('a renamed document keeps its state; old documents are dropped past the limit', () => {
    const store = new ViewStateStore(2);
    store.setValues('old.ipynb', 'model', [['n', 1]]);
    store.rename('old.ipynb', 'new.ipynb');
    expect(store.has('old.ipynb')).toBe(false);
    expect(store.requestValues('new.ipynb').symbols).toEqual([['n', 1]]);
    for (let i = 0; i < STATE_LIMITS.documents + 5; i++) {
      store.document(`nb${i}.ipynb`);
    }
    expect(store.has('new.ipynb')).toBe(false);
    expect(store.has(`nb${STATE_LIMITS.documents + 4}.ipynb`)).toBe(true);
  });

  test('a new default depth starts every fold state over', () => {
    const store = new ViewStateStore(2);
    store.model('a.ipynb', 'model').fold.expanded.add('x');
    store.collapseDepth = 4;
    expect(store.model('a.ipynb', 'model').fold.depth).toBe(4);
    expect(store.model('a.ipynb', 'model').fold.expanded.size).toBe(0);
  });
});
