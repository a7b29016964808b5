// `npm run fuzz [-- --variants N --seed S --cli N --limit MS]`: runs the core on generated
// hostile inputs and checks the invariants (fuzz/check.mjs). Four kinds of input:
//   mutated   the example and fixture notebooks and files, mutated character-wise;
//   program   Python generated from a grammar of model code with hostile values, shared-
//             structure and size bombs, in notebook JSON whose structure is mutated too;
//   bomb      one shared-structure or one-step size bomb between two anchor models;
//   imports   (through the real CLI, in a child process) a folder of local imports with
//             symlinks leading outside to a secret, big files, a sparse 1 GB file, cycles.
// Checked for each: no crash (nothing thrown out of analyze()), within budget (time, and
// peak memory: in-process, the growth of the process' peak RSS; in the CLI, each child's peak
// RSS), the anchor models around the hostile code keep their exact totals, nothing from
// outside the folder reaches the IR or an export, every export well-formed and inert when
// rendered. Seeded: a reported variant can be reproduced. Exit code 1 when anything failed.
// The default 1,500 variants and 12 CLI folders take about 80 s of CPU (8 minutes of wall
// time on a machine shared by a dozen busy processes).
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { pathToFileURL } from 'url';
import { marked } from 'marked';
import { BOMBS, anchors, importGraph, notebookJson, program, rng, sharedBomb } from './fuzz/generate.mjs';
import { anchorProblems, exportProblems } from './fuzz/check.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const VARIANTS = opt('variants', 1500);
const SEED = opt('seed', 1);
const CLI_RUNS = opt('cli', 12);
/**
 * Slower than this (the wall budget, its grace period and the build) is over budget; on a
 * machine busier than one runnable process per core, scaled by the load per core.
 */
const OVER_BUDGET_MS = opt('limit', 4000);
const overBudget = ms => ms > OVER_BUDGET_MS * Math.max(1, loadavg()[0] / cpus().length);
/** Peak resident memory allowed to any run. */
const MAX_RSS_MB = 1024;
const SECRET = 'sk-fuzz-SECRET-7f3a';

// Bundle the core (and the CLI's confined reader) for Node once.
const outdir = mkdtempSync(path.join(tmpdir(), 'archlens-fuzz-'));
const entry = path.join(outdir, 'entry.ts');
const src = p => JSON.stringify(path.resolve(p));
writeFileSync(
  entry,
  `export { Analyzer } from ${src('src/core/analyzer')};
   export { createPythonParser } from ${src('src/core/parse/parser')};
   export { readDocument, DocumentError } from ${src('src/core/notebook')};
   export { irToMarkdown } from ${src('src/core/export/markdown')};
   export { summaryCell } from ${src('src/core/export/summary-cell')};
   export { modelToMermaid } from ${src('src/core/export/mermaid')};
   export { irToCsv } from ${src('src/core/export/csv')};
   export { irToLatex } from ${src('src/core/export/latex')};`
);
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: path.join(outdir, 'core.mjs'), loader: { '.py': 'text' }, logLevel: 'error' });
const core = await import(pathToFileURL(path.join(outdir, 'core.mjs')).href);
const parser = await core.createPythonParser({
  runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
  python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
});
const analyzer = new core.Analyzer(parser);

// Seed corpus for the character-wise mutations: examples and fixtures.
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(py|ipynb)$/.test(name)) out.push(p);
  }
  return out;
}
const seeds = ['examples', 'fixtures/torch', 'fixtures/keras'].filter(d => statSync(d, { throwIfNoEntry: false })?.isDirectory()).flatMap(d => walk(d));
const r = rng(SEED);
const SNIPPETS = ['(', ')', '[', ']', '{', '}', ':', ',', '*', '**', '-1', '0', '10**10', "'", '"', '"""', '\\', '\n', '    ', '\t', 'lambda', 'yield', 'class ', 'def ',
  'super().__init__()', '__proto__', 'constructor', 'None', 'nn.Linear(', 'nn.Sequential(*', 'for i in range(10**9):', 'while True:', 'return', 'import ',
  '%magic', '!shell', '@dec', '.view(-1)', '\u0000', '\ud800', '\ufeff', 'admin@evil.example', '=cmd|x', '%%{init}%%'];

function mutate(text) {
  for (let k = 1 + r.int(4); k > 0; k--) {
    const i = r.int(text.length + 1);
    const j = Math.min(text.length, i + r.int(40));
    switch (r.int(7)) {
      case 0: text = text.slice(0, i) + text.slice(j); break;
      case 1: text = text.slice(0, i) + r.pick(SNIPPETS) + text.slice(i); break;
      case 2: text = text.slice(0, i) + text.slice(i, j) + text.slice(i); break;
      case 3: text = text.slice(0, i); break;
      case 4: text = text.replace(/\d+/g, m => (r.chance(0.2) ? String(Number(m) * 1000 + 1) : m)); break;
      case 5: { const lines = text.split('\n'); const a = r.int(lines.length); const b = r.int(lines.length); [lines[a], lines[b]] = [lines[b], lines[a]]; text = lines.join('\n'); break; }
      default: text = text.slice(0, i) + String.fromCharCode(r.int(0x3000)) + text.slice(j);
    }
  }
  return text;
}

const stats = { crashes: 0, overBudget: 0, overMemory: 0, invariant: 0, documentErrors: 0 };
const times = [];
const kinds = new Map();
function report(kind, v, what, input, ext) {
  const out = path.join(outdir, `${kind}-${v}${ext}`);
  writeFileSync(out, input);
  console.log(`${what} (${kind} variant ${v}, seed ${SEED}) -> ${out}`);
}

const started = Date.now();
let peakMB = process.resourceUsage().maxRSS / 1024;
for (let v = 0; v < VARIANTS; v++) {
  const kind = r.pick(['mutated', 'mutated', 'program', 'program', 'bomb']);
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  let name;
  let input;
  let expected = [];
  if (kind === 'mutated') {
    name = seeds[v % seeds.length];
    input = mutate(readFileSync(name, 'utf8'));
  } else if (kind === 'program') {
    const p = program(r);
    expected = p.anchors;
    name = 'program.ipynb';
    input = notebookJson(r, p.cells);
  } else {
    const first = anchors(r, 'anchor_first');
    const last = anchors(r, 'anchor_last');
    const bomb = r.chance(0.5) ? sharedBomb(r) : `x = ${r.pick(BOMBS)(r)}\n`;
    expected = [first, last];
    name = 'bomb.ipynb';
    input = notebookJson(rng(v), ['import copy\nimport itertools\nimport json\nimport torch.nn as nn\n', first.src, bomb, last.src]);
  }
  const ext = path.extname(name);
  const t0 = performance.now();
  let ir = null;
  try {
    const doc = core.readDocument(name, input);
    ir = analyzer.analyze(doc.cells);
    JSON.parse(JSON.stringify(ir));
  } catch (error) {
    if (error instanceof core.DocumentError) {
      stats.documentErrors++;
    } else {
      stats.crashes++;
      report(kind, v, `CRASH ${error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error}`, input, ext);
    }
  }
  const ms = performance.now() - t0;
  times.push(ms);
  if (overBudget(ms)) {
    stats.overBudget++;
    report(kind, v, `OVER BUDGET ${ms.toFixed(0)} ms`, input, ext);
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  if (rss > MAX_RSS_MB) {
    stats.overMemory++;
    report(kind, v, `OVER MEMORY: peak RSS ${rss.toFixed(0)} MB (was ${peakMB.toFixed(0)} MB before this variant)`, input, ext);
  }
  peakMB = Math.max(peakMB, rss);
  if (ir) {
    const problems = [...(ir.diagnostics.some(d => d.code === 'internal') ? ['an internal error'] : []), ...anchorProblems(ir, expected), ...exportProblems(core, marked, ir)];
    if (problems.length) {
      stats.invariant++;
      report(kind, v, `INVARIANT ${problems.slice(0, 3).join('; ')}`, input, ext);
    }
  }
}

// Import graphs through the real CLI: each child's own time and peak RSS.
const bin = path.join(outdir, 'archlens.js');
await build({ entryPoints: ['src/cli/main.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile: bin, external: ['web-tree-sitter'], loader: { '.py': 'text' }, logLevel: 'error' });
execFileSync('mkdir', ['-p', path.join(outdir, 'wasm')]);
for (const w of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
  writeFileSync(path.join(outdir, 'wasm', path.basename(w)), readFileSync(require.resolve(w)));
}
const cliTimes = [];
let cliPeak = 0;
for (let c = 0; c < CLI_RUNS; c++) {
  const root = mkdtempSync(path.join(outdir, `imports-${c}-`));
  const g = importGraph(r, root, SECRET);
  for (const format of ['json', r.pick(['markdown', 'csv', 'latex', 'mermaid'])]) {
    const t0 = Date.now();
    const res = spawnSync(process.execPath, ['tests/helpers/measure-cli.js', 'extract', g.main, '--format', format], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, ARCHLENS_BIN: bin, NODE_PATH: path.resolve('node_modules') }
    });
    const ms = Date.now() - t0;
    const m = JSON.parse(String(res.output[3] || '{}') || '{}');
    cliTimes.push(ms);
    cliPeak = Math.max(cliPeak, m.maxRssMB ?? 0);
    const problems = [];
    if (res.status !== 0 && res.status !== 1) problems.push(`exit ${res.status}: ${res.stderr.slice(0, 200)}`);
    if (overBudget(ms - 2000)) problems.push(`over budget: ${ms} ms`);
    if ((m.maxRssMB ?? Infinity) > MAX_RSS_MB) problems.push(`peak RSS ${m.maxRssMB} MB`);
    if (res.stdout.includes(SECRET)) problems.push('a secret from outside the folder reached the output');
    if (format === 'json' && res.status === 0) {
      const ir = JSON.parse(res.stdout);
      problems.push(...anchorProblems(ir, g.anchors));
      const links = g.kinds.filter(k => k === 'link' || k === 'linkdir').length;
      const refused = ir.diagnostics.filter(d => d.code === 'file-refused' && /outside the folder/.test(d.message)).length;
      if (refused < links) problems.push(`${links} links lead outside, ${refused} refused`);
    }
    if (problems.length) {
      stats.invariant++;
      console.log(`INVARIANT imports ${c} (${g.kinds.join(', ')}, --format ${format}): ${problems.join('; ')} -> ${root}`);
    }
  }
}

times.sort((a, b) => a - b);
const q = p => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`fuzz: ${VARIANTS} variants (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}) and ${CLI_RUNS} import folders through the CLI (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`fuzz: crashes ${stats.crashes}, over budget (> ${OVER_BUDGET_MS} ms) ${stats.overBudget}, over ${MAX_RSS_MB} MB ${stats.overMemory}, invariants broken ${stats.invariant}, rejected as documents ${stats.documentErrors}`);
console.log(`fuzz: in-process time median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${times[times.length - 1].toFixed(1)} ms; process peak RSS ${peakMB.toFixed(0)} MB`);
if (cliTimes.length) {
  cliTimes.sort((a, b) => a - b);
  console.log(`fuzz: CLI runs median ${cliTimes[Math.floor(cliTimes.length / 2)]} ms, max ${cliTimes[cliTimes.length - 1]} ms, peak RSS of any run ${cliPeak.toFixed(0)} MB`);
}
process.exit(stats.crashes || stats.overBudget || stats.overMemory || stats.invariant ? 1 : 0);
