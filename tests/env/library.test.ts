// Installed libraries read through the ModuleSource seam: a fake environment
// (fixtures/pyenv: a venv whose site-packages holds `tinyzoo`, a .pth adding `extra/`) gives
// exact totals (truth: torch 2.13 on the same files, see scripts/truth/gen_pyenv_expected.py),
// the lowered files are cached by path + mtime + size, and nothing outside the import
// directories is read (symlinks leading out, `..`, absolute names).
import * as fs from 'fs';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Analyzer, AnalyzeOptions } from '../../src/core/analyzer';
import type { ModelIR } from '../../src/core/ir';
import { DirectoryModuleSource } from '../../src/cli/modules';
import { findEnvironment, pthDirs, venvSites } from '../../src/cli/pyenv';
import { DEFAULT_BUDGETS } from '../../src/core/interp/budgets';
import { staticImports } from '../../src/core/env/static-imports';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

// Every file content read and folder listed, by path (fs wrapped for this test file).
const mockReads: string[] = [];
jest.mock('fs', () => {
  const real = jest.requireActual('fs');
  const record = (name: string) => (...args: unknown[]) => {
    mockReads.push(String(args[0]));
    return real[name](...args);
  };
  return { ...real, readFileSync: record('readFileSync'), readdirSync: record('readdirSync'), openSync: record('openSync') };
});

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'pyenv');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as Record<string, { total: number; buffers: number; output?: number[] }>;

let root: string;
let venv: string;
let site: string;
let dirs: string[];
const SECRET = 'nn.Linear(1000, 1000)';

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'archlens-pyenv-')));
  cpSync(FIXTURE, root, { recursive: true });
  venv = path.join(root, 'venv');
  site = path.join(venv, 'lib', 'python3.11', 'site-packages');
  // Outside the import directories: a module and a package that a symlink leads to.
  mkdirSync(path.join(root, 'outside', 'leakypkg'), { recursive: true });
  const secret = `import torch.nn as nn\n\nclass Big(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = ${SECRET}\n`;
  writeFileSync(path.join(root, 'outside', 'leaky.py'), secret);
  writeFileSync(path.join(root, 'outside', 'leakypkg', '__init__.py'), secret);
  symlinkSync(path.join(root, 'outside', 'leaky.py'), path.join(site, 'leaky.py'));
  symlinkSync(path.join(root, 'outside', 'leakypkg'), path.join(site, 'leakypkg'));
  symlinkSync('../../../../../outside/leaky.py', path.join(site, 'tinyzoo', 'relleak.py'));
  // Inside: a symlink to a file in site-packages is fine.
  symlinkSync(path.join(site, 'tinyzoo', 'layers.py'), path.join(site, 'layers_alias.py'));
  // Modules the interpreter models itself are never read from the environment.
  writeFileSync(path.join(site, 'typing_extensions.py'), 'import torch.nn as nn\nBig = nn.Linear(1000, 1000)\n');
  dirs = findEnvironment(path.join(root, 'nb.ipynb'), { PATH: '' })!.dirs;
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function analyze(analyzer: Analyzer | null, sources: string[], options: AnalyzeOptions = {}) {
  const a = analyzer ?? new Analyzer(await getParser());
  return a.analyze(cellsOf(...sources), { modules: new DirectoryModuleSource(dirs, DEFAULT_BUDGETS.maxLibraryFileBytes), ...options });
}

function model(models: ModelIR[], name: string): ModelIR {
  const m = models.find(x => x.name === name);
  if (!m) {
    throw new Error(`no model ${name}: ${models.map(x => x.name).join(', ')}`);
  }
  return m;
}

test('the environment is found from a venv beside the file, with .pth directory lines', () => {
  const env = findEnvironment(path.join(root, 'nb.ipynb'), { PATH: '' });
  expect(env?.how).toBe(path.join(root, 'venv'));
  expect(env?.dirs).toEqual([site, path.join(root, 'extra')]);
  // The import line of the .pth file is not a directory and is never run.
  expect(pthDirs(site)).toEqual([path.join(root, 'extra')]);
  expect(fs.existsSync('/tmp/archlens-pth-was-run')).toBe(false);
  expect(venvSites(venv, {})[0]).toBe(site);
  // $VIRTUAL_ENV wins over the folder search.
  expect(findEnvironment('/nowhere/x.py', { VIRTUAL_ENV: venv, PATH: '' })?.how).toBe('$VIRTUAL_ENV');
});

test('a notebook importing the library gets exact totals through the seam', async () => {
  const ir = await analyze(null, [
    'import torch\nimport tinyzoo\nfrom tinyzoo.models.convnet import TinyConvNet',
    "net = tinyzoo.create_model('tiny_convnet')\nout = net(torch.zeros(2, 3, 32, 32))",
    "wide = tinyzoo.create_model('tiny_convnet_wide', num_classes=5)\ngray = TinyConvNet(in_chans=1)",
    'from tinyextra import mlp\nhead = mlp()'
  ]);
  for (const name of ['net', 'wide', 'gray', 'head']) {
    const m = model(ir.models, name);
    expect({ name, total: m.params.total, buffers: m.params.buffers }).toEqual({ name, total: EXPECTED[name].total, buffers: EXPECTED[name].buffers });
  }
  expect(model(ir.models, 'net').outputShape).toEqual(EXPECTED.net.output);
  // Spans of library layers name the library file by its real path.
  const conv = JSON.stringify(model(ir.models, 'net'));
  expect(conv).toContain(path.join(site, 'tinyzoo', 'layers.py'));
});

test('without a ModuleSource the library stays opaque (no number)', async () => {
  const a = new Analyzer(await getParser());
  const ir = a.analyze(cellsOf("import tinyzoo\nnet = tinyzoo.create_model('tiny_convnet')"), {});
  expect(ir.models.filter(m => m.params.total !== null)).toEqual([]);
});

test('nothing outside the import directories is read: symlinks out, .., absolute names', async () => {
  await getParser();
  mockReads.length = 0;
  const ir = await analyze(null, [
    'import leaky\nimport leakypkg\nfrom tinyzoo import relleak',
    'a = leaky.Big()\nb = leakypkg.Big()\nc = relleak.Big()',
    'from layers_alias import Classifier\nhead = Classifier(8, 2)',
    'from ..outside import leaky as l2\nd = l2.Big()',
    'import typing_extensions'
  ]);
  expect(mockReads.filter(p => p.endsWith('typing_extensions.py'))).toEqual([]);
  expect(mockReads.length).toBeGreaterThan(3);
  expect(mockReads.filter(p => p.includes('outside'))).toEqual([]);
  for (const p of mockReads) {
    expect({ p, inside: dirs.some(d => p === d || p.startsWith(d + path.sep)) }).toEqual({ p, inside: true });
  }
  for (const m of ir.models) {
    expect({ name: m.name, total: m.params.total }).toEqual({ name: m.name, total: m.name === 'head' ? 8 * 2 + 2 : null });
  }
  expect(ir.models.map(m => m.name)).toContain('head');
  expect(JSON.stringify(ir)).not.toMatch(/1001000|\/outside\//);
  const source = new DirectoryModuleSource(dirs, DEFAULT_BUDGETS.maxLibraryFileBytes);
  for (const name of ['..', '..tinyzoo', 'tinyzoo..layers', '/etc/passwd', path.join(site, 'tinyzoo'), 'tinyzoo/layers', 'tinyzoo.layers.py', '', 'leaky', 'leakypkg', 'tinyzoo.relleak']) {
    expect({ name, found: source.find(name) }).toEqual({ name, found: null });
  }
  expect(source.refused.sort()).toEqual(['leaky', 'leakypkg', 'tinyzoo.relleak']);
  expect(source.find('tinyzoo.layers')?.path).toBe(path.join(site, 'tinyzoo', 'layers.py'));
});

test('a compiled extension wins over the .py of the same name; a folder without __init__ is a namespace package', () => {
  const dir = path.join(root, 'resolution');
  mkdirSync(path.join(dir, 'ns', 'inner'), { recursive: true });
  writeFileSync(path.join(dir, 'fast.py'), 'x = 1\n');
  writeFileSync(path.join(dir, 'fast.cpython-311-x86_64-linux-gnu.so'), '');
  writeFileSync(path.join(dir, 'ns', 'inner', 'mod.py'), 'x = 1\n');
  writeFileSync(path.join(dir, 'ns', 'inner', '__init__.py'), '');
  const source = new DirectoryModuleSource([dir], DEFAULT_BUDGETS.maxLibraryFileBytes);
  expect(source.find('fast')).toBeNull();
  expect(source.find('ns')).toMatchObject({ isPackage: true, size: 0 });
  expect(source.find('ns.inner')?.path).toBe(path.join(dir, 'ns', 'inner', '__init__.py'));
  expect(source.find('ns.inner.mod')?.path).toBe(path.join(dir, 'ns', 'inner', 'mod.py'));
  // A submodule is looked for in its package only.
  expect(source.find('inner')).toBeNull();
});

test('lowered library files are cached across analyses by path + mtime + size', async () => {
  const a = new Analyzer(await getParser());
  const src = ["import tinyzoo\nnet = tinyzoo.create_model('tiny_convnet')"];
  await analyze(a, src);
  const lowered = a.moduleCache.lowered;
  expect(lowered).toBeGreaterThanOrEqual(5);
  // Another notebook, same library: nothing is parsed again.
  const ir = await analyze(a, ["from tinyzoo import TinyConvNet\ngray = TinyConvNet(in_chans=1)"]);
  expect(model(ir.models, 'gray').params.total).toBe(EXPECTED.gray.total);
  expect(a.moduleCache.lowered).toBe(lowered);
  // A library file that changed is lowered again (its mtime moved), and only that one.
  const file = path.join(site, 'tinyzoo', 'layers.py');
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
  const again = await analyze(a, src);
  expect(model(again.models, 'net').params.total).toBe(EXPECTED.net.total);
  expect(a.moduleCache.lowered).toBe(lowered + 1);
});

test('library budgets: a file over maxLibraryFileBytes, past maxLibraryBytes or past maxLibraryMs is not read, and no number is wrong', async () => {
  for (const budgets of [{ maxLibraryFileBytes: 600 }, { maxLibraryBytes: 1500 }, { maxLibraryMs: -1 }]) {
    const ir = await analyze(null, ["import tinyzoo\nnet = tinyzoo.create_model('tiny_convnet')"], { budgets });
    const code = Object.keys(budgets)[0];
    expect(ir.diagnostics.some(d => d.code === `budget-${code}`)).toBe(true);
    for (const m of ir.models) {
      expect([null, EXPECTED.net.total]).toContain(m.params.total);
    }
  }
});

test('library code runs on its own clock: a slow import stops at maxLibraryMs, the cells keep their wall budget', async () => {
  // Each statement is a loop of ~maxSteps steps: the module takes far longer than either budget.
  const slow = 'x = 0\n' + 'for i in range(1000):\n    for j in range(1000):\n        x = x + 1\n'.repeat(20) + 'import torch.nn as nn\nBig = nn.Linear(1000, 1000)\n';
  writeFileSync(path.join(site, 'slowlib.py'), slow);
  const budgets = { maxLibraryMs: 50, maxWallMs: 400 };
  const ir = await analyze(null, ['import slowlib\nimport torch.nn as nn\nnet = nn.Sequential(nn.Linear(10, 10), slowlib.Big)', 'small = nn.Linear(10, 10)'], { budgets });
  expect(ir.diagnostics.some(d => d.code === 'budget-maxLibraryMs')).toBe(true);
  // The library's time was not the notebook's: no wall-budget stop, the cells' own model exact.
  expect(ir.diagnostics.some(d => d.code === 'budget-maxWallMs')).toBe(false);
  expect(model(ir.models, 'small').params.total).toBe(110);
  // What the library would have defined after its clock ran out is unknown, never guessed.
  expect(ir.models.find(m => m.name === 'net')?.params.total ?? null).toBeNull();
});

test('static imports of a library file: relative ones resolved, parents included, function bodies left out', async () => {
  const a = new Analyzer(await getParser());
  const text = 'import a.b\nfrom . import x\nfrom ..layers import C\nif T:\n    from .y import *\ndef f():\n    import lazy\nclass K:\n    import inner\n';
  const mod = a.lowerCell('t', text);
  expect(staticImports(mod, 'pkg.models.convnet', false)).toEqual(['a', 'a.b', 'inner', 'pkg', 'pkg.layers', 'pkg.layers.C', 'pkg.models', 'pkg.models.x', 'pkg.models.y']);
  // A lazy package's TYPE_CHECKING imports run only when a name is read: not at import time.
  const lazy = a.lowerCell('l', 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .bert import BertModel\nelse:\n    import sys\n');
  expect(staticImports(lazy, 'pkg', true)).toEqual(['typing', 'typing.TYPE_CHECKING']);
  // Framework and standard-library modules are not asked for; a bundled description's are (the
  // installed package wins over it).
  expect(a.importCandidates(cellsOf('import torch, tinyzoo\nimport numpy as np\nfrom torchvision.models import resnet18\nimport typing_extensions, os.path\nimport IPython.display'))).toEqual(['tinyzoo', 'torchvision', 'torchvision.models', 'torchvision.models.resnet18']);
});
