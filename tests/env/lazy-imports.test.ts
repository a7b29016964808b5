// Lazy package __init__s (interp/lazy-imports.ts): names given only by `if TYPE_CHECKING:`
// imports are imported when first read; star sources are searched by their static __all__;
// the run-time else branch is not run. An in-memory environment stands for site-packages.
import { Analyzer } from '../../src/core/analyzer';
import type { ModuleFile, ModuleSource } from '../../src/core/env/source';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';
import { textAll } from '../../src/core/interp/lazy-imports';

/** An environment made of module texts (`pkg` is a package when a `pkg.x` exists). */
export function memorySource(files: Record<string, string>): ModuleSource {
  return {
    find(dotted: string): ModuleFile | null {
      const text = files[dotted];
      if (text === undefined) {
        return null;
      }
      const isPackage = Object.keys(files).some(k => k.startsWith(dotted + '.'));
      const file = `/env/${dotted.split('.').join('/')}${isPackage ? '/__init__' : ''}.py`;
      return { path: file, isPackage, mtime: 1, size: text.length, read: () => text };
    }
  };
}

const LIB = {
  lazypkg: [
    'from typing import TYPE_CHECKING',
    'if TYPE_CHECKING:',
    '    from .core import Wide as Wide',
    '    from .models import *',
    'else:',
    '    import sys',
    '    sys.modules[__name__] = undefined_lazy_module(__name__)',
    ''
  ].join('\n'),
  'lazypkg.core': 'import torch.nn as nn\nclass Wide(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 10)\n',
  'lazypkg.models': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .alpha import *\n    from .beta import *\n',
  'lazypkg.models.alpha': 'import torch.nn as nn\nclass Alpha(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 3)\n__all__ = ["Alpha"]\n',
  'lazypkg.models.beta': 'raise ImportError("never read: its __all__ does not list Alpha")\n__all__ = ["Beta"]\n'
};

test('names of a lazy package come from its TYPE_CHECKING imports, read when first used', async () => {
  const a = new Analyzer(await getParser());
  const ir = a.analyze(cellsOf('from lazypkg import Alpha, Wide\nm = Alpha()\nw = Wide()\n'), { modules: memorySource(LIB) });
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['m', 9], ['w', 110]]);
});

test('a name no TYPE_CHECKING import gives stays unknown', async () => {
  const a = new Analyzer(await getParser());
  const ir = a.analyze(cellsOf('import torch.nn as nn\nfrom lazypkg import Gamma\nm = nn.Sequential(Gamma(), nn.Linear(2, 2))\n'), { modules: memorySource(LIB) });
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['m', null]]);
});

test('__all__ is read from a file text only when it is one literal list', () => {
  expect(textAll('import x\n__all__ = [\n    "A",  # first\n    \'B\',\n]\n')).toEqual(new Set(['A', 'B']));
  expect(textAll('__all__ = ["A"]\n__all__ += ["B"]\n')).toBeNull();
  expect(textAll('__all__ = ["A"]\n__all__.extend(more)\n')).toBeNull();
  expect(textAll('__all__ = ["A", NAME]\n')).toBeNull();
  expect(textAll('x = 1\n')).toBeNull();
});
