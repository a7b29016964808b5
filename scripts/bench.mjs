// Benchmark of the pure core (npm run bench): bundles src/core with esbuild into a temp file,
// then for generated notebooks of 50, 200 and 1000 cells prints medians of
//   cold   - a fresh Analyzer extracting the whole notebook,
//   update - re-analysing after editing one cell (warm Analyzer: that cell is re-parsed and
//            its group of cells re-interpreted; the other groups' results are reused),
//   parse  - tree-sitter parsing alone of the same text (cell by cell).
// Budgets (issue 3): update < 16 ms at 200 cells; cold within 3x parse.
// Then notebooks built on installed libraries (scripts/bench-libraries.mjs; --no-libraries skips it)
// and the full soundness fuzzer (scripts/soundness.mjs, docs/soundness.md); --no-soundness skips it.
import { spawnSync } from 'child_process';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'archlens-bench-'));
const out = join(dir, 'core.mjs');
await build({
  entryPoints: [join(root, 'src/core/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  loader: { '.py': 'text' },
  logLevel: 'warning'
});
const core = await import(pathToFileURL(out).href);
const wasm = {
  runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
  python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
};
const parser = await core.createPythonParser(wasm);

// ---- generated notebooks: tests/helpers/bench-notebook.ts (shared with the tests) ------------
const genOut = join(dir, 'bench-notebook.mjs');
await build({
  entryPoints: [join(root, 'tests/helpers/bench-notebook.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: genOut,
  logLevel: 'warning'
});
const { benchNotebook: notebook } = await import(pathToFileURL(genOut).href);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

// Warm-up: the first analyses run before V8 has optimised anything; they are not measured.
for (let r = 0; r < 5; r++) {
  new core.Analyzer(parser).analyze(notebook(100));
}

/** Median of each phase over several IRs' stats. */
function phases(irs) {
  const pick = k => median(irs.map(ir => ir.stats?.[k] ?? 0));
  return { lower: pick('lowerMs'), interp: pick('interpMs'), build: pick('buildMs') };
}

const rows = [];
for (const n of [50, 200, 1000]) {
  const cells = notebook(n);
  const runs = n >= 1000 ? 9 : n >= 200 ? 21 : 41;
  // Steady state before measuring a size: the first analyses of a process run while V8 is
  // still compiling and growing its young generation (at 50 cells the first 25 runs took
  // ~1.5x longer than the next 25). As many unmeasured runs as measured ones, parse included.
  for (let r = 0; r < runs; r++) {
    for (const c of cells) {
      if (c.kind === 'code') {
        parser.parse(c.source).delete();
      }
    }
    new core.Analyzer(parser).analyze(cells);
  }
  // Parse and cold runs alternate, so a change in machine load hits both alike.
  const parse = [];
  const cold = [];
  const coldIrs = [];
  for (let r = 0; r < runs; r++) {
    parse.push(time(() => {
      for (const c of cells) {
        if (c.kind === 'code') {
          parser.parse(c.source).delete();
        }
      }
    }));
    let ir;
    cold.push(time(() => (ir = new core.Analyzer(parser).analyze(cells))));
    coldIrs.push({ stats: ir.stats });
  }
  const analyzer = new core.Analyzer(parser);
  analyzer.analyze(cells);
  const update = [];
  const updateIrs = [];
  for (let r = 0; r < runs * 2; r++) {
    // Step 7 (coprime with the 10-cell pattern): the edits hit every kind of cell.
    const k = (Math.floor(n / 2) + r * 7) % n;
    const target = cells[k].kind === 'code' ? k : k - 1;
    // A real edit: the cell's first integer changes (a layer width, a class count), so the
    // edited cell's models really change; a cell without one gets a new line of code.
    const bump = src => {
      const m = /\b([1-9]\d*)\b/.exec(src);
      return m ? src.slice(0, m.index) + String(Number(m[1]) + r + 1) + src.slice(m.index + m[1].length) : `${src}\nedit_${r} = ${r}\n`;
    };
    const edited = cells.map((c, i) => (i === target ? { ...c, source: bump(c.source) } : c));
    let ir;
    update.push(time(() => (ir = analyzer.analyze(edited))));
    updateIrs.push({ stats: ir.stats });
  }
  const ir = analyzer.analyze(cells);
  rows.push({ cells: n, models: ir.models.length, cold: median(cold), update: median(update), parse: median(parse), coldPhases: phases(coldIrs), updatePhases: phases(updateIrs) });
}

console.log('cells  models  cold(ms)  update(ms)  parse(ms)  cold/parse');
for (const r of rows) {
  console.log(
    `${String(r.cells).padStart(5)}  ${String(r.models).padStart(6)}  ${r.cold.toFixed(1).padStart(8)}  ${r.update.toFixed(1).padStart(10)}  ${r.parse.toFixed(1).padStart(9)}  ${(r.cold / r.parse).toFixed(2).padStart(10)}`
  );
}
console.log('\nwhere the time goes (medians, ms): parse+lower / interpret / build IR');
for (const r of rows) {
  const f = p => `${p.lower.toFixed(1)} / ${p.interp.toFixed(1)} / ${p.build.toFixed(1)}`;
  console.log(`${String(r.cells).padStart(5)} cells  cold ${f(r.coldPhases).padEnd(20)} update ${f(r.updatePhases)}`);
}
const at200 = rows.find(r => r.cells === 200);
const okUpdate = at200.update < 16;
const worstRatio = Math.max(...rows.map(r => r.cold / r.parse));
console.log(`\nbudget: one-cell update at 200 cells < 16 ms: ${okUpdate ? 'OK' : 'MISSED'} (${at200.update.toFixed(1)} ms)`);
console.log(`budget: cold within 3x parse: ${worstRatio <= 3 ? 'OK' : 'MISSED'} (worst ${worstRatio.toFixed(2)}x)`);
rmSync(dir, { recursive: true, force: true });

if (!process.argv.includes('--no-libraries')) {
  console.log('');
  const r = spawnSync(process.execPath, [join(root, 'scripts/bench-libraries.mjs')], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}

if (!process.argv.includes('--no-soundness')) {
  console.log('\nsoundness fuzzer, all variants (npm run soundness):');
  const r = spawnSync(process.execPath, [join(root, 'scripts/soundness.mjs')], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
