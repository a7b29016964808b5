// A bundled description (torchvision.models) and the installed library (issue 16): when the
// environment has the package, its real source is read; without it (no environment, or an
// environment without the package) the description is the fallback. Every bundled file's
// first line states the version it describes.
// Does not: judge real torchvision models (tests/core/libraries.test.ts does).
import { Analyzer } from '../../src/core/analyzer';
import type { ModuleFile, ModuleSource } from '../../src/core/env/source';
import { LIBRARY_FILES } from '../../src/core/frameworks/registry';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

class Files implements ModuleSource {
  constructor(private readonly files: Record<string, [string, string]>) {}
  find(dotted: string): ModuleFile | null {
    const f = this.files[dotted];
    return f ? { path: `/env/${f[0]}`, isPackage: f[0].endsWith('__init__.py'), mtime: 1, size: f[1].length, read: () => f[1] } : null;
  }
}

/** A made-up "installed torchvision" whose resnet18 is a tiny Linear: which source ran shows. */
const FAKE_TV = new Files({
  torchvision: ['torchvision/__init__.py', 'from . import models\n'],
  'torchvision.models': ['torchvision/models/__init__.py', 'import torch.nn as nn\ndef resnet18(**kwargs):\n    return nn.Linear(3, 1)\n']
});
const OTHER_ENV = new Files({ other: ['other/__init__.py', 'x = 1\n'] });

const CELL = 'import torchvision\nm = torchvision.models.resnet18()\n';

test('the installed torchvision wins over the bundled description', async () => {
  const analyzer = new Analyzer(await getParser());
  const total = (modules?: ModuleSource) => analyzer.analyze(cellsOf(CELL), { modules }).models.find(m => m.name === 'm')?.params.total;
  expect(total(FAKE_TV)).toBe(4);
  // Without an environment, or one without torchvision: the description (ResNet-18).
  expect(total(undefined)).toBe(11689512);
  expect(total(OTHER_ENV)).toBe(11689512);
  // The same analyzer, the environment gaining the package: not a cached answer.
  expect(total(FAKE_TV)).toBe(4);
});

test('every bundled description states the version it describes on its first line', () => {
  expect(LIBRARY_FILES.size).toBeGreaterThan(0);
  for (const [file, text] of LIBRARY_FILES) {
    const first = text.split('\n')[0];
    expect({ file, states: /^# .*\b\d+\.\d+\b.*as described for ArchLens/.test(first) }).toEqual({ file, states: true });
  }
});
