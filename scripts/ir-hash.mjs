// IR fingerprint of every analysis case (npm run ir-hash): bundles src/core with esbuild, then
// analyses every fixture (fixtures/torch, keras, shapebugs, torchvision_files and libraries,
// multi-file folders included, each .py/.ipynb read with the files next to it; a folder that
// does not exist is skipped), tests/core/data, tests/core/keras-extra,
// examples/*.ipynb and the benchmark notebook (tests/helpers/bench-notebook.ts: cold at 50,
// 200 and 1000 cells, and warm after editing one cell), and prints one hash per case plus a
// combined hash. Only the IR's `stats` (timings and step counts) are left out of the hash.
// Every case runs with a wall budget of ten minutes (maxWallMs): with the default 2 s, a busy
// machine stops the 1000-cell notebook at a different statement from run to run.
//   node scripts/ir-hash.mjs                       print the hashes
//   node scripts/ir-hash.mjs --save FILE           ... and write them to FILE (a baseline)
//   node scripts/ir-hash.mjs --compare FILE        exit 1 when any case differs from FILE
//   node scripts/ir-hash.mjs --src DIR             analyse with DIR/src/core (another checkout)
//   node scripts/ir-hash.mjs --dump DIR            write each case's IR as JSON into DIR
// Does not: check that the IR is right (the tests do); it only says whether it changed.
import { build } from 'esbuild';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { basename, dirname, join, normalize, relative } from 'path';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const srcRoot = option('--src') ?? root;
const saveTo = option('--save');
const compareWith = option('--compare');
const dumpDir = option('--dump');

const dir = mkdtempSync(join(tmpdir(), 'archlens-irhash-'));
const bundle = async (entry, name) => {
  const out = join(dir, name);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: out,
    logLevel: 'warning',
    // Another checkout (--src) may have no node_modules of its own.
    nodePaths: [join(root, 'node_modules')],
    // Library descriptions are Python files bundled as text (one loader for every bundler).
    loader: { '.py': 'text' }
  });
  return import(pathToFileURL(out).href);
};
const core = await bundle(join(srcRoot, 'src/core/index.ts'), 'core.mjs');
const { benchNotebook } = await bundle(join(root, 'tests/helpers/bench-notebook.ts'), 'bench.mjs');
rmSync(dir, { recursive: true, force: true });

const parser = await core.createPythonParser({
  runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
  python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
});

/** Cells and a readFile relative to the file's folder, as tests/helpers/fixtures.ts loads them. */
function load(full) {
  const folder = dirname(full);
  const text = readFileSync(full, 'utf8');
  let cells;
  if (full.endsWith('.ipynb')) {
    const nb = JSON.parse(text);
    cells = nb.cells.map((c, i) => ({
      id: c.id ?? `cell-${i}`,
      kind: c.cell_type === 'code' ? 'code' : c.cell_type === 'markdown' ? 'markdown' : 'raw',
      source: Array.isArray(c.source) ? c.source.join('') : c.source
    }));
  } else {
    cells = [{ id: basename(full), kind: 'code', source: text }];
  }
  const readFile = rel => {
    const p = normalize(join(folder, rel));
    return p.startsWith(folder) && existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'utf8') : null;
  };
  return { cells, readFile };
}

function walk(folder, out = []) {
  if (!existsSync(folder)) {
    return out;
  }
  for (const name of readdirSync(folder).sort()) {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) {
      walk(full, out);
    } else if (name.endsWith('.py') || name.endsWith('.ipynb')) {
      out.push(full);
    }
  }
  return out;
}

/** The IR as compared: everything but the run's statistics. */
function canonical(ir) {
  const { stats, ...rest } = ir;
  void stats;
  return JSON.stringify(rest);
}

/** The wall budget of every case: large enough that no case depends on the machine's speed. */
const budgets = { maxWallMs: 600_000 };
const sha = text => createHash('sha256').update(text).digest('hex').slice(0, 16);
const results = [];
const record = (name, ir) => {
  const text = canonical(ir);
  results.push([name, sha(text)]);
  if (dumpDir) {
    mkdirSync(dumpDir, { recursive: true });
    writeFileSync(join(dumpDir, name.replace(/[^\w.-]+/g, '_') + '.json'), text);
  }
};

const files = [
  ...walk(join(root, 'fixtures/torch')),
  ...walk(join(root, 'fixtures/keras')),
  ...walk(join(root, 'fixtures/shapebugs')),
  ...walk(join(root, 'fixtures/torchvision_files')),
  ...walk(join(root, 'fixtures/libraries')),
  ...walk(join(root, 'tests/core/data')),
  ...walk(join(root, 'tests/core/keras-extra')),
  ...walk(join(root, 'examples'))
];
for (const full of files) {
  const { cells, readFile } = load(full);
  // A fresh Analyzer per case: no case depends on the ones before it.
  record(relative(root, full), new core.Analyzer(parser).analyze(cells, { readFile, budgets }));
}
for (const n of [50, 200, 1000]) {
  const analyzer = new core.Analyzer(parser);
  const cells = benchNotebook(n);
  record(`bench:${n}:cold`, analyzer.analyze(cells, { budgets }));
  // Warm: one edited cell (an incremental run over its group).
  const edited = cells.map((c, i) => (i === 3 ? { ...c, source: c.source.replace('num_classes=', 'num_classes=1+') } : c));
  record(`bench:${n}:warm`, analyzer.analyze(edited, { budgets }));
}

const combined = sha(results.map(([n, h]) => `${n} ${h}`).join('\n'));
const lines = [...results.map(([n, h]) => `${h}  ${n}`), `${combined}  (combined, ${results.length} cases)`];
if (!compareWith) {
  console.log(lines.join('\n'));
}
if (saveTo) {
  writeFileSync(saveTo, lines.join('\n') + '\n');
}
if (compareWith) {
  const base = new Map(
    readFileSync(compareWith, 'utf8')
      .split('\n')
      .filter(l => l && !l.includes('(combined'))
      .map(l => [l.slice(18), l.slice(0, 16)])
  );
  const now = new Map(results.map(([n, h]) => [n, h]));
  const differ = [...now].filter(([n, h]) => base.has(n) && base.get(n) !== h).map(([n]) => n);
  const added = [...now.keys()].filter(n => !base.has(n));
  const missing = [...base.keys()].filter(n => !now.has(n));
  for (const n of differ) {
    console.log(`DIFFERS  ${n}`);
  }
  for (const n of added) {
    console.log(`NEW      ${n}`);
  }
  for (const n of missing) {
    console.log(`MISSING  ${n}`);
  }
  const same = differ.length === 0 && missing.length === 0;
  console.log(`${same ? 'IDENTICAL' : 'CHANGED'}: ${results.length - differ.length - added.length} of ${results.length} cases as in ${compareWith}; combined ${combined}`);
  process.exit(same ? 0 : 1);
}
