// Deferred star imports of model packages (env/deferred-packages.ts, interp/deferred-imports.ts)
// must give exactly what importing everything gives. A small package shaped like timm (a
// `timm.models` whose __init__ star-imports model files that register builders in
// `_registry`) is written here: a builder asked for by name imports only its file; a name two
// files bind is the later file's; a name two files register is the later registration; a
// listing of the registry imports every file; an unknown name stays unknown; a file whose
// module level does more than define and register is imported where Python imports it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Analyzer, AnalyzeOptions } from '../../src/core/analyzer';
import type { ModuleFile, ModuleSource } from '../../src/core/env/source';
import { DirectoryModuleSource } from '../../src/cli/modules';
import { DEFAULT_BUDGETS } from '../../src/core/interp/budgets';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

let site: string;

const FILES: Record<string, string> = {
  'timm/__init__.py': 'from .models import create_model, list_models, is_model\n',
  'timm/models/__init__.py': [
    'from .alpha import *',
    'from .beta import *',
    'from .gamma import *',
    'from ._registry import is_model, list_models, model_entrypoint',
    'from ._factory import create_model',
    ''
  ].join('\n'),
  'timm/models/_registry.py': [
    '_model_entrypoints = {}',
    '',
    'def register_model(fn):',
    '    _model_entrypoints[fn.__name__] = fn',
    '    return fn',
    '',
    'def get_arch_name(name):',
    "    return name.split('.')[0]",
    '',
    'def is_model(name):',
    '    return get_arch_name(name) in _model_entrypoints',
    '',
    'def model_entrypoint(name):',
    '    return _model_entrypoints[get_arch_name(name)]',
    '',
    'def list_models():',
    '    return sorted(_model_entrypoints.keys())',
    ''
  ].join('\n'),
  'timm/models/_factory.py': [
    'from ._registry import is_model, model_entrypoint',
    '',
    'def create_model(name, **kwargs):',
    '    if not is_model(name):',
    "        raise RuntimeError('Unknown model (%s)' % name)",
    '    return model_entrypoint(name)(**kwargs)',
    ''
  ].join('\n'),
  // alpha_small: 10*4+4 = 44; Alpha(n) = Linear(n, 4)
  'timm/models/alpha.py': [
    'import torch.nn as nn',
    'from ._registry import register_model',
    '',
    "__all__ = ['Alpha', 'shared_name']",
    'shared_name = 1',
    '',
    'class Alpha(nn.Module):',
    '    def __init__(self, n=10):',
    '        super().__init__()',
    '        self.fc = nn.Linear(n, 4)',
    '',
    '    def forward(self, x):',
    '        return self.fc(x)',
    '',
    '@register_model',
    'def alpha_small(**kwargs):',
    '    return Alpha(10)',
    '',
    '@register_model',
    'def twice(**kwargs):',
    '    return Alpha(1)',
    ''
  ].join('\n'),
  // beta_big: 100*4+4 = 404; beta also registers `twice` again (Linear(2, 4): 12) and binds
  // `shared_name` again.
  'timm/models/beta.py': [
    'import torch.nn as nn',
    'from ._registry import register_model',
    '',
    "__all__ = ['Beta', 'shared_name']",
    'shared_name = 2',
    '',
    'class Beta(nn.Module):',
    '    def __init__(self, n=100):',
    '        super().__init__()',
    '        self.fc = nn.Linear(n, 4)',
    '',
    '    def forward(self, x):',
    '        return self.fc(x)',
    '',
    '@register_model',
    'def beta_big(**kwargs):',
    '    return Beta(100)',
    '',
    '@register_model',
    'def twice(**kwargs):',
    '    return Beta(2)',
    ''
  ].join('\n'),
  // Not deferrable (an `if` at module level): imported where Python imports it.
  'timm/models/gamma.py': [
    'import torch.nn as nn',
    'from ._registry import register_model',
    '',
    "__all__ = ['gamma_tiny']",
    'WIDTH = 3',
    'if WIDTH > 2:',
    '    WIDTH = 5',
    '',
    '@register_model',
    'def gamma_tiny(**kwargs):',
    '    return nn.Linear(WIDTH, 1)',
    ''
  ].join('\n')
};

beforeAll(() => {
  site = realpathSync(mkdtempSync(path.join(tmpdir(), 'archlens-deferred-')));
  mkdirSync(path.join(site, 'timm', 'models'), { recursive: true });
  for (const [rel, text] of Object.entries(FILES)) {
    writeFileSync(path.join(site, rel), text);
  }
});

afterAll(() => {
  rmSync(site, { recursive: true, force: true });
});

/** The environment, recording which modules' text was read. */
function environment(read: Set<string>): AnalyzeOptions {
  const dir = new DirectoryModuleSource([site], DEFAULT_BUDGETS.maxLibraryFileBytes);
  const modules: ModuleSource = {
    find(dotted: string): ModuleFile | null {
      const f = dir.find(dotted);
      return f ? { ...f, read: () => (read.add(dotted), f.read()) } : null;
    }
  };
  return { modules };
}

async function analyze(sources: string[]): Promise<{ totals: Map<string, number | null>; lowered: number; diagnostics: string[] }> {
  const analyzer = new Analyzer(await getParser());
  const ir = analyzer.analyze(cellsOf(...sources), environment(new Set()));
  const totals = new Map(ir.models.filter(m => !m.rebound).map(m => [m.name, m.params.total] as [string, number | null]));
  return { totals, lowered: analyzer.lowerCount, diagnostics: ir.diagnostics.map(d => d.message) };
}

describe('deferred imports of a model package', () => {
  test('a builder asked for by name imports only its own file', async () => {
    const r = await analyze(['import timm\nmodel = timm.create_model("alpha_small")']);
    expect(r.totals.get('model')).toBe(44);
    const all = await analyze(['import timm\nn = len(timm.list_models())\nmodel = timm.create_model("alpha_small")']);
    expect(all.totals.get('model')).toBe(44);
    // Listing the registry reads beta.py too (gamma.py is read in both): more files lowered.
    expect(all.lowered).toBeGreaterThan(r.lowered);
  });

  test('a listing of the registry sees every file, deferred or not', async () => {
    const r = await analyze(['import timm\nimport torch.nn as nn\nnames = timm.list_models()\nmodel = nn.Linear(len(names), 2)']);
    // alpha_small, beta_big, gamma_tiny, twice: Linear(4, 2) = 10
    expect(r.totals.get('model')).toBe(10);
  });

  test('a name registered twice is the later registration, whichever file is asked first', async () => {
    for (const first of ['alpha_small', 'beta_big', 'gamma_tiny']) {
      const r = await analyze([`import timm\nm0 = timm.create_model("${first}")\nmodel = timm.create_model("twice")`]);
      expect([first, r.totals.get('model')]).toEqual([first, 12]);
    }
  });

  test('a name two files export is the later file\'s', async () => {
    const r = await analyze(['from timm.models import shared_name, Alpha\nimport torch.nn as nn\nmodel = nn.Linear(shared_name, 1)\nother = Alpha(3)']);
    expect(r.totals.get('model')).toBe(3); // Linear(2, 1)
    expect(r.totals.get('other')).toBe(16); // Linear(3, 4)
  });

  test('the non-deferrable file keeps its module-level code', async () => {
    const r = await analyze(['import timm\nmodel = timm.create_model("gamma_tiny")']);
    expect(r.totals.get('model')).toBe(6); // Linear(5, 1)
  });

  test('a model name no file registers is not a model (and never a number)', async () => {
    const r = await analyze(['import timm\nmodel = timm.create_model("nope")']);
    expect(r.totals.get('model') ?? null).toBeNull();
  });

  test('attribute access on the package imports the file that binds the name', async () => {
    const r = await analyze(['import timm.models\nmodel = timm.models.Beta(7)', 'import timm\nok = timm.is_model("beta_big")']);
    expect(r.totals.get('model')).toBe(32); // Linear(7, 4)
  });
});
