// The worker's module loop (src/worker/environment.ts) against a stand-in for the server
// extension that answers from fixtures/pyenv with the CLI's resolver: exact totals after a
// few requests, answers kept across analyses, stat-only revalidation, and the bundled
// descriptions when the server has no endpoint.
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/core/analyzer';
import { DirectoryModuleSource } from '../../src/cli/modules';
import { HubCache } from '../../src/cli/hub-cache';
import { analyzeWithEnvironment, MAX_ROUNDS, parentsFirst, REVALIDATE_MS, RemoteEnvironment } from '../../src/worker/environment';
import type { ModuleAnswer, ModulesReply } from '../../src/worker/protocol';
import { cellsOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

const PYENV = path.join(__dirname, '..', '..', 'fixtures', 'pyenv');
const DIRS = [path.join(PYENV, 'venv', 'lib', 'python3.11', 'site-packages'), path.join(PYENV, 'extra')];
const EXPECTED = JSON.parse(fs.readFileSync(path.join(PYENV, 'expected.json'), 'utf8'));

/** Names a package folder's entries could be submodules by (as pyenv.py's Resolver lists them). */
function submodulesOf(dir: string): string[] {
  const stems = fs.readdirSync(dir).map(e => (/\.(py|so|pyd)$/.test(e) ? e.split('.')[0] : e));
  return [...new Set(stems.filter(e => /^[A-Za-z_][A-Za-z0-9_]*$/.test(e)))].sort();
}

/** A stand-in server: answers like handlers.py (with package listings unless told not to), and records every request. */
function server(listings = true) {
  const source = new DirectoryModuleSource(DIRS, 1 << 20);
  const requests: Array<{ names: string[]; stat: boolean }> = [];
  const ask = async (names: string[], stat: boolean): Promise<ModulesReply> => {
    requests.push({ names, stat });
    const modules: ModuleAnswer[] = names.map(name => {
      const f = source.find(name);
      if (!f) {
        return { name, found: false, reason: 'absent' };
      }
      const base: ModuleAnswer = { name, found: true, path: f.path, package: f.isPackage, mtime: f.mtime, size: f.size };
      if (f.isPackage && listings) {
        base.submodules = submodulesOf(path.dirname(f.path));
      }
      return stat ? base : { ...base, text: f.read() ?? '' };
    });
    return { available: true, modules };
  };
  return { ask, requests };
}

const NOTEBOOK = cellsOf('import torch\nimport tinyzoo', "net = tinyzoo.create_model('tiny_convnet')\nout = net(torch.zeros(2, 3, 32, 32))", 'from tinyextra import mlp\nhead = mlp()');

test('the import closure is fetched in a few requests and the totals are exact', async () => {
  const analyzer = new Analyzer(await getParser());
  const env = new RemoteEnvironment();
  const { ask, requests } = server();
  const ir = await analyzeWithEnvironment(analyzer, NOTEBOOK, {}, env, ask);
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([
    ['net', EXPECTED.net.total],
    ['head', EXPECTED.head.total]
  ]);
  expect(requests.length).toBeLessThanOrEqual(5);
  // Parents first: tinyextra is a plain module, so tinyextra.mlp (a name in it) is never asked.
  expect(requests[0].names).toEqual(['tinyextra', 'tinyzoo']);
  // Framework modules are never asked for.
  expect(requests.flatMap(r => r.names).filter(n => n.startsWith('torch'))).toEqual([]);
  // A second analysis (an edit) asks nothing: the answers are kept.
  const edited = cellsOf('import torch\nimport tinyzoo', "net = tinyzoo.create_model('tiny_convnet_wide', num_classes=5)", 'from tinyextra import mlp\nhead = mlp()');
  const again = await analyzeWithEnvironment(analyzer, edited, {}, env, ask, Date.now() + 1000);
  expect(again.models[0].params.total).toBe(EXPECTED.wide.total);
  expect(requests.length).toBeLessThanOrEqual(5);
  const before = requests.length;
  // After REVALIDATE_MS the answers are stat-checked once (unchanged: nothing refetched).
  await analyzeWithEnvironment(analyzer, edited, {}, env, ask, Date.now() + REVALIDATE_MS + 2000);
  expect(requests.slice(before).map(r => r.stat)).toEqual([true]);
});

test('a changed file is fetched again after revalidation', async () => {
  const analyzer = new Analyzer(await getParser());
  const env = new RemoteEnvironment();
  const { ask, requests } = server();
  const t0 = Date.now();
  await analyzeWithEnvironment(analyzer, NOTEBOOK, {}, env, ask, t0);
  const changing: typeof ask = async (names, stat) => {
    const reply = await ask(names, stat);
    return { ...reply, modules: reply.modules.map(m => (m.name === 'tinyzoo.layers' ? { ...m, mtime: (m.mtime ?? 0) + 1 } : m)) };
  };
  const before = requests.length;
  const ir = await analyzeWithEnvironment(analyzer, NOTEBOOK, {}, env, changing, t0 + REVALIDATE_MS + 1);
  expect(requests.slice(before).map(r => [r.stat, r.stat ? '' : r.names.join()])).toEqual([
    [true, ''],
    [false, 'tinyzoo.layers']
  ]);
  expect(ir.models[0].params.total).toBe(EXPECTED.net.total);
});

test('without the server extension the bundled descriptions remain and nothing more is asked', async () => {
  const analyzer = new Analyzer(await getParser());
  const env = new RemoteEnvironment();
  let asked = 0;
  const none = async (): Promise<ModulesReply> => {
    asked++;
    return { available: false, modules: [] };
  };
  const cells = cellsOf('import tinyzoo\nfrom torchvision.models import resnet18\nm = resnet18()');
  const ir = await analyzeWithEnvironment(analyzer, cells, {}, env, none);
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['m', 11689512]]);
  await analyzeWithEnvironment(analyzer, cells, {}, env, none);
  expect(asked).toBe(1);
});

test('a server that never answers what is asked stops after MAX_ROUNDS requests', async () => {
  const analyzer = new Analyzer(await getParser());
  const env = new RemoteEnvironment();
  let asked = 0;
  const later = async (names: string[]): Promise<ModulesReply> => {
    asked++;
    return { available: true, modules: names.map(name => ({ name, found: false, reason: 'later' })) };
  };
  const ir = await analyzeWithEnvironment(analyzer, NOTEBOOK, {}, env, later);
  expect(asked).toBe(MAX_ROUNDS);
  expect(ir.models.filter(m => m.params.total !== null)).toEqual([]);
});

test('names a parent answer implies are not asked; parents are asked before their children', async () => {
  for (const listings of [true, false]) {
    const analyzer = new Analyzer(await getParser());
    const env = new RemoteEnvironment();
    const { ask, requests } = server(listings);
    const cells = cellsOf('import torch\nimport tinyzoo\nfrom tinyzoo.layers import ConvBNAct, nothing\nfrom absentpkg.sub import thing', "net = tinyzoo.create_model('tiny_convnet')");
    const ir = await analyzeWithEnvironment(analyzer, cells, {}, env, ask);
    expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['net', EXPECTED.net.total]]);
    const asked = requests.flatMap(r => r.names);
    // tinyzoo.layers is a plain module and absentpkg is absent: nothing below them is asked.
    expect(asked.filter(n => n.startsWith('tinyzoo.layers.') || n.startsWith('absentpkg.'))).toEqual([]);
    expect(env.find('tinyzoo.layers.ConvBNAct')).toBeNull();
    expect(env.find('absentpkg.sub')).toBeNull();
    // Every name asked after its parent's answer.
    const order = new Map(requests.flatMap((r, i) => r.names.map(n => [n, i] as [string, number])));
    for (const [n, i] of order) {
      const parent = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : null;
      expect(parent === null || (order.get(parent) ?? -1) < i).toBe(true);
    }
    // With the server's listing of tinyzoo.models, a name that is no file there is not asked either.
    const extra = await analyzeWithEnvironment(analyzer, cellsOf('import tinyzoo.models.nothing_here'), {}, env, ask);
    expect(extra.models).toEqual([]);
    expect(requests.flatMap(r => r.names).includes('tinyzoo.models.nothing_here')).toBe(!listings);
  }
});

test('parentsFirst asks the first unanswered ancestor and keeps the rest waiting', () => {
  const answered = new Set(['a', 'a.b']);
  expect(parentsFirst(['a.b.c.d', 'a.b.e', 'x.y', 'z'], n => answered.has(n))).toEqual({ ready: ['a.b.c', 'a.b.e', 'x', 'z'], waiting: ['a.b.c.d', 'x.y'] });
});

/** A stand-in server over a few made-up files: an "installed torchvision" whose resnet18 is a tiny Linear. */
function fakeTorchvision(fail: (names: string[]) => boolean = () => false) {
  const files = new Map<string, [string, string]>([
    ['torchvision', ['torchvision/__init__.py', 'from . import models\n']],
    ['torchvision.models', ['torchvision/models/__init__.py', 'import torch.nn as nn\ndef resnet18(**kwargs):\n    return nn.Linear(3, 1)\n']]
  ]);
  const asked: string[][] = [];
  const ask = async (names: string[]): Promise<ModulesReply> => {
    asked.push(names);
    if (fail(names)) {
      return { available: true, failed: true, modules: [] };
    }
    return {
      available: true,
      modules: names.map(name => {
        const f = files.get(name);
        return f ? { name, found: true, path: `/env/${f[0]}`, package: f[0].endsWith('__init__.py'), mtime: 1, size: f[1].length, text: f[1] } : { name, found: false, reason: 'absent' };
      })
    };
  };
  return { ask, asked };
}

test('the kernel environment\'s torchvision wins over the bundled description, as in the CLI', async () => {
  const cells = cellsOf('import torchvision\nm = torchvision.models.resnet18()');
  const { ask, asked } = fakeTorchvision();
  const ir = await analyzeWithEnvironment(new Analyzer(await getParser()), cells, {}, new RemoteEnvironment(), ask);
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['m', 4]]);
  // Asked ahead with the cells' imports, not one analysis later.
  expect(asked[0]).toEqual(['torchvision']);
});

test('a torchvision the lab could not fetch is unknown, never the bundled description', async () => {
  const cells = cellsOf('import torchvision\nm = torchvision.models.resnet18()');
  // The request for torchvision.models fails (a timeout, a server error).
  const { ask } = fakeTorchvision(names => names.includes('torchvision.models'));
  const env = new RemoteEnvironment();
  const ir = await analyzeWithEnvironment(new Analyzer(await getParser()), cells, {}, env, ask);
  expect(ir.models.filter(m => m.params.total !== null)).toEqual([]);
  expect(ir.diagnostics.some(d => d.code === 'library-unanswered' && d.message.includes('torchvision.models'))).toBe(true);
  expect(env.available).toBe(true);
  // The next analysis asks again and gets it.
  const fixed = fakeTorchvision();
  const again = await analyzeWithEnvironment(new Analyzer(await getParser()), cells, {}, env, fixed.ask);
  expect(again.models.map(m => [m.name, m.params.total])).toEqual([['m', 4]]);
});

const PYLIBS = process.env.ARCHLENS_PYLIBS ?? path.join(__dirname, '..', '..', 'build', 'pylibs');
const withLibs = fs.existsSync(path.join(PYLIBS, 'transformers')) ? test : test.skip;

withLibs('from_pretrained: the config comes from the server\'s hub cache, asked after the analysis that wanted it', async () => {
  const source = new DirectoryModuleSource([PYLIBS], 1 << 20);
  const hub = new HubCache(path.join(__dirname, '..', '..', 'fixtures', 'hf_cache', 'hub'));
  const asked: Array<{ names: string[]; hub: boolean }> = [];
  const ask = async (names: string[], stat: boolean, isHub?: boolean): Promise<ModulesReply> => {
    asked.push({ names, hub: !!isHub });
    if (isHub) {
      return { available: true, modules: names.map(name => ({ name, found: hub.readConfig(name) !== null, text: hub.readConfig(name) ?? undefined })) };
    }
    return {
      available: true,
      modules: names.map(name => {
        const f = source.find(name);
        return f ? { name, found: true, path: f.path, package: f.isPackage, mtime: f.mtime, size: f.size, text: f.read() ?? '' } : { name, found: false, reason: 'absent' };
      })
    };
  };
  const cells = cellsOf('from transformers import BertModel', 'bert = BertModel.from_pretrained("bert-base-uncased")\nother = BertModel.from_pretrained("not-cached/model")');
  const env = new RemoteEnvironment();
  const budgets = { maxLibraryMs: 20_000, maxWallMs: 40_000 };
  const ir = await analyzeWithEnvironment(new Analyzer(await getParser()), cells, { budgets }, env, ask);
  // A repo not in the cache is no model with a number (unknown, the diagnostic says why).
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['bert', 109_482_240]]);
  expect(asked.filter(a => a.hub).map(a => a.names)).toEqual([['bert-base-uncased', 'not-cached/model']]);
  expect(ir.diagnostics.some(d => d.message.includes("from_pretrained('not-cached/model'): its config.json is not in the local Hugging Face cache"))).toBe(true);
  // Without the endpoint (an older server): unknown, asked once.
  const none = new RemoteEnvironment();
  let hubAsks = 0;
  const old = async (names: string[], stat: boolean, isHub?: boolean): Promise<ModulesReply> => {
    if (isHub) {
      hubAsks++;
      return { available: false, modules: [] };
    }
    return ask(names, stat);
  };
  const without = await analyzeWithEnvironment(new Analyzer(await getParser()), cells, { budgets }, none, old);
  expect(without.models.filter(m => m.params.total !== null)).toEqual([]);
  await analyzeWithEnvironment(new Analyzer(await getParser()), cells, { budgets }, none, old);
  expect(hubAsks).toBe(1);
}, 180_000);

withLibs('timm and transformers from the installed sources: exact, in a bounded number of requests and names', async () => {
  const source = new DirectoryModuleSource([PYLIBS], 1 << 20);
  const requests: string[][] = [];
  const ask = async (names: string[]): Promise<ModulesReply> => {
    requests.push(names);
    return {
      available: true,
      modules: names.map(name => {
        const f = source.find(name);
        if (!f) {
          return { name, found: false, reason: 'absent' };
        }
        const answer: ModuleAnswer = { name, found: true, path: f.path, package: f.isPackage, mtime: f.mtime, size: f.size, text: f.read() ?? '' };
        return f.isPackage ? { ...answer, submodules: submodulesOf(path.dirname(f.path)) } : answer;
      })
    };
  };
  const cells = cellsOf('import timm\nfrom transformers import BertConfig, BertModel', 'model = timm.create_model("resnet50")', 'bert = BertModel(BertConfig())');
  const budgets = { maxLibraryMs: 20_000, maxWallMs: 40_000 };
  const ir = await analyzeWithEnvironment(new Analyzer(await getParser()), cells, { budgets }, new RemoteEnvironment(), ask);
  expect(ir.models.map(m => [m.name, m.params.total])).toEqual([
    ['model', 25_557_032],
    ['bert', 109_482_240]
  ]);
  // Measured: 21 requests, 645 names (before: the 48-request cap, 6,452 names).
  const names = requests.flat();
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeLessThan(1000);
  expect(requests.length).toBeLessThanOrEqual(25);
}, 180_000);
