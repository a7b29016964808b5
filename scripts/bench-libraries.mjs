// Benchmark of notebooks built on installed libraries (part of npm run bench; alone:
// node scripts/bench-libraries.mjs [runs]): for a notebook building timm.create_model("resnet50")
// and one building BertModel(BertConfig()) from the sources in build/pylibs (scripts/setup.sh),
// each run in a fresh child process (fresh module cache, as a newly started lab worker) prints
//   cold - the first analysis (reading, parsing and running the library imports),
//   edit - re-analysing after editing an unrelated cell (median of several edits),
// with the default budgets; the medians over the runs are judged against the budgets of
// issue 16: cold < 1.5 s, edit < 50 ms. Parser creation (wasm load) is not counted.
// Does not: install the libraries (without build/pylibs it says so and exits 0).
import { spawnSync } from 'child_process';
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';

const root = new URL('..', import.meta.url).pathname;
const PYLIBS = join(root, 'build', 'pylibs');

const NOTEBOOKS = {
  'timm resnet50': ['import timm\nimport torch', 'lr = 0.001\nepochs = 3', 'model = timm.create_model("resnet50")'],
  'BertModel(BertConfig())': ['from transformers import BertConfig, BertModel', 'lr = 0.001\nepochs = 3', 'model = BertModel(BertConfig())']
};
const EDITS = 7;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** In the child: one cold analysis and EDITS edits of the unrelated cell; prints JSON. */
async function child(bundle, name) {
  const require = createRequire(import.meta.url);
  const core = await import(pathToFileURL(bundle).href);
  const parser = await core.createPythonParser({
    runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
    python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
  });
  const modules = new core.DirectoryModuleSource([PYLIBS], core.DEFAULT_BUDGETS.maxLibraryFileBytes);
  const cells = NOTEBOOKS[name].map((source, i) => ({ id: `c${i}`, kind: 'code', source }));
  const analyzer = new core.Analyzer(parser);
  let t0 = performance.now();
  const ir = analyzer.analyze(cells, { modules });
  const cold = performance.now() - t0;
  const edits = [];
  for (let r = 0; r < EDITS; r++) {
    const edited = cells.map((c, i) => (i === 1 ? { ...c, source: `lr = 0.00${r + 2}\nepochs = ${r + 4}` } : c));
    t0 = performance.now();
    analyzer.analyze(edited, { modules });
    edits.push(performance.now() - t0);
  }
  const model = ir.models.find(m => m.name === 'model');
  console.log(JSON.stringify({ cold, edit: median(edits), total: model?.params.total ?? null, stats: ir.stats }));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else if (!existsSync(PYLIBS)) {
  console.log('library bench skipped: build/pylibs is missing (scripts/setup.sh installs the library sources)');
} else {
  const runs = Number(process.argv[2] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'archlens-bench-lib-'));
  const out = join(dir, 'core.mjs');
  await build({
    stdin: { contents: "export * from './src/core/index';\nexport { DirectoryModuleSource } from './src/cli/modules';\nexport { DEFAULT_BUDGETS } from './src/core/interp/budgets';\n", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
    loader: { '.py': 'text' },
    logLevel: 'warning'
  });
  console.log(`installed libraries (build/pylibs), default budgets, medians of ${runs} fresh processes:`);
  console.log('notebook                   cold(ms)  edit(ms)  total');
  let ok = true;
  for (const name of Object.keys(NOTEBOOKS)) {
    const res = [];
    for (let r = 0; r < runs; r++) {
      const p = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', out, name], { encoding: 'utf8' });
      const line = p.stdout.trim().split('\n').pop();
      if (p.status !== 0 || !line) {
        throw new Error(`bench child failed: ${p.stderr}`);
      }
      res.push(JSON.parse(line));
    }
    const cold = median(res.map(r => r.cold));
    const edit = median(res.map(r => r.edit));
    const totals = [...new Set(res.map(r => r.total))].join('/');
    console.log(`${name.padEnd(25)}  ${cold.toFixed(0).padStart(8)}  ${edit.toFixed(1).padStart(8)}  ${totals}   (cold runs: ${res.map(r => r.cold.toFixed(0)).join(', ')})`);
    const good = cold < 1500 && edit < 50;
    ok &&= good;
    console.log(`  budget cold < 1500 ms: ${cold < 1500 ? 'OK' : 'MISSED'}; edit < 50 ms: ${edit < 50 ? 'OK' : 'MISSED'}`);
  }
  rmSync(dir, { recursive: true, force: true });
  if (!ok) {
    console.log('library budgets MISSED (see above)');
  }
}
