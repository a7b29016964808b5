// Edits of notebooks that import installed libraries read as source: an edit of a cell that
// does not touch the library re-runs only that cell (the library's imports and models are
// reused), and the reuse never hides library state. Library modules are shared state, so a
// cell that changes a registry in another cell, a cell that edits through a library object,
// and a library file changed on disk between two edits must all give exactly what a fresh
// analysis gives. The library is a small package written here with a registry filled by a
// decorator at import time (the way timm registers its models).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Analyzer, AnalyzeOptions } from '../../src/core/analyzer';
import type { ArchitectureIR } from '../../src/core/ir';
import { DirectoryModuleSource } from '../../src/cli/modules';
import { DEFAULT_BUDGETS } from '../../src/core/interp/budgets';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

let site: string;

const REGISTRY = `REGISTRY = {}

def register(fn):
    REGISTRY[fn.__name__] = fn
    return fn
`;
const MODELS = (width: number) => `import torch.nn as nn
from .registry import register

@register
def small():
    return nn.Sequential(nn.Linear(10, ${width}), nn.ReLU(), nn.Linear(${width}, 2))

@register
def big():
    return nn.Sequential(nn.Linear(10, 100), nn.ReLU(), nn.Linear(100, 2))
`;
const INIT = `from .registry import REGISTRY
from . import models

def create(name):
    return REGISTRY[name]()
`;

beforeAll(() => {
  site = realpathSync(mkdtempSync(path.join(tmpdir(), 'archlens-libinc-')));
  mkdirSync(path.join(site, 'zoo'));
  writeFileSync(path.join(site, 'zoo', '__init__.py'), INIT);
  writeFileSync(path.join(site, 'zoo', 'registry.py'), REGISTRY);
  writeFileSync(path.join(site, 'zoo', 'models.py'), MODELS(20));
});

afterAll(() => {
  rmSync(site, { recursive: true, force: true });
});

function options(): AnalyzeOptions {
  return { modules: new DirectoryModuleSource([site], DEFAULT_BUDGETS.maxLibraryFileBytes) };
}

function canon(ir: ArchitectureIR): string {
  const { stats: _stats, ...rest } = ir;
  return JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

async function fresh(sources: string[]): Promise<ArchitectureIR> {
  return new Analyzer(await getParser()).analyze(cellsOf(...sources), options());
}

function total(ir: ArchitectureIR, name = 'model'): number | null {
  const m = ir.models.find(x => x.name === name && !x.rebound);
  return m ? m.params.total : null;
}

// small(): 10*20+20 + 20*2+2 = 262; with width 30: 330+62 = 392; big(): 1100+202 = 1302.
describe('edits next to an installed library', () => {
  test('an unrelated edit reuses the library group: no re-import, same numbers', async () => {
    const analyzer = new Analyzer(await getParser());
    const base = ['import zoo', 'lr = 0.001\nepochs = 3', 'model = zoo.create("small")'];
    const first = analyzer.analyze(cellsOf(...base), options());
    expect(total(first)).toBe(262);
    const steps = first.stats?.steps ?? 0;
    for (const lr of ['0.01', '0.1']) {
      const edited = [base[0], `lr = ${lr}\nepochs = 3`, base[2]];
      const ir = analyzer.analyze(cellsOf(...edited), options());
      expect(canon(ir)).toBe(canon(await fresh(edited)));
      expect(total(ir)).toBe(262);
      // Only the edited cell ran: far fewer steps than importing the library and building.
      expect(ir.stats?.steps ?? 0).toBeLessThan(steps / 4);
    }
    expect(analyzer.partialRuns).toBe(2);
  });

  test('a registry changed by another cell is seen after editing either cell', async () => {
    const analyzer = new Analyzer(await getParser());
    const swap = (to: string) => `import zoo.registry as r\nr.REGISTRY["small"] = r.REGISTRY["${to}"]`;
    // Cell 2 reads no global cell 1 binds: only the library's state links them.
    const nb = (to: string, last: string) => ['import zoo', swap(to), 'lr = 0.1', `from zoo import create\n${last}`];
    const steps: Array<[string, string[], number]> = [
      ['whole run', nb('big', 'model = create("small")'), 1302],
      ['edit the cell that swaps', nb('small', 'model = create("small")'), 262],
      ['swap back', nb('big', 'model = create("small")'), 1302],
      ['edit the cell that builds', nb('big', 'model = create("small")  # built here'), 1302],
      ['edit an unrelated cell', nb('big', 'model = create("small")  # built here').map((s, i) => (i === 2 ? 'lr = 0.2' : s)), 1302]
    ];
    for (const [what, sources, expected] of steps) {
      const ir = analyzer.analyze(cellsOf(...sources), options());
      expect([what, total(ir)]).toEqual([what, expected]);
      expect([what, canon(ir)]).toEqual([what, canon(await fresh(sources))]);
    }
    expect(analyzer.partialRuns).toBeGreaterThan(0);
  });

  test('a library object changed through a global of another cell', async () => {
    const analyzer = new Analyzer(await getParser());
    const nb = (n: string) => ['import zoo\nreg = zoo.REGISTRY', `reg["small"] = reg["${n}"]`, 'x = 1', 'from zoo import create\nmodel = create("small")'];
    for (const [sources, expected] of [[nb('big'), 1302], [nb('small'), 262], [nb('big'), 1302]] as Array<[string[], number]>) {
      const ir = analyzer.analyze(cellsOf(...sources), options());
      expect(total(ir)).toBe(expected);
      expect(canon(ir)).toBe(canon(await fresh(sources)));
    }
  });

  test('a library file changed on disk between two edits means a whole run', async () => {
    const analyzer = new Analyzer(await getParser());
    const nb = (lr: string) => ['import zoo', `lr = ${lr}`, 'model = zoo.create("small")'];
    expect(total(analyzer.analyze(cellsOf(...nb('0.1')), options()))).toBe(262);
    const file = path.join(site, 'zoo', 'models.py');
    try {
      writeFileSync(file, MODELS(30));
      const later = new Date(Date.now() + 5000);
      utimesSync(file, later, later);
      const runs = analyzer.partialRuns;
      const ir = analyzer.analyze(cellsOf(...nb('0.2')), options());
      expect(total(ir)).toBe(392);
      expect(analyzer.partialRuns).toBe(runs);
      expect(canon(ir)).toBe(canon(await fresh(nb('0.2'))));
    } finally {
      writeFileSync(file, MODELS(20));
    }
  });
});
