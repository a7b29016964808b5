// `npm run fuzz [-- --variants N --seed S]`: mutates the example and fixture notebooks and
// files and runs the core on every variant. Reports crashes (an exception out of analyze())
// and runs over budget (slower than the interpreter's wall budget plus slack). Exit code 1
// when any were found. Mutations are seeded, so a reported variant can be reproduced.
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const VARIANTS = opt('variants', 10000);
const SEED = opt('seed', 1);
const OVER_BUDGET_MS = opt('limit', 2500);

// Bundle the pure core for Node once.
const outdir = mkdtempSync(path.join(tmpdir(), 'archlens-fuzz-'));
const entry = path.join(outdir, 'entry.ts');
writeFileSync(
  entry,
  `export { Analyzer } from ${JSON.stringify(path.resolve('src/core/analyzer'))};
   export { createPythonParser } from ${JSON.stringify(path.resolve('src/core/parse/parser'))};
   export { readDocument, DocumentError } from ${JSON.stringify(path.resolve('src/core/notebook'))};`
);
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: path.join(outdir, 'core.mjs'), loader: { '.py': 'text' }, logLevel: 'error' });
const core = await import(pathToFileURL(path.join(outdir, 'core.mjs')).href);

const parser = await core.createPythonParser({
  runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
  python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
});
const analyzer = new core.Analyzer(parser);

// Seed corpus: examples and fixtures (not the hostile corpus, which is already extreme).
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(py|ipynb)$/.test(name)) out.push(p);
  }
  return out;
}
const seeds = ['examples', 'fixtures/torch', 'fixtures/keras'].filter(d => { try { return statSync(d).isDirectory(); } catch { return false; } }).flatMap(d => walk(d));
if (seeds.length === 0) {
  console.error('fuzz: no seed files found');
  process.exit(2);
}

// Small deterministic PRNG (mulberry32).
let state = SEED >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = a => a[Math.floor(rand() * a.length)];
const SNIPPETS = ['(', ')', '[', ']', '{', '}', ':', ',', '*', '**', '-1', '0', '10**10', "'", '"', '"""', '\\', '\n', '    ', '\t',
  'lambda', 'yield', 'await', 'class ', 'def ', 'super().__init__()', 'self', '__proto__', 'constructor', 'None', 'nn.Linear(', 'nn.Sequential(*',
  'for i in range(10**9):', 'while True:', 'return', 'import ', 'from . import', '%magic', '!shell', '@dec', '.view(-1)', 'x @ x', '\u0000', '\ud800'];

function mutateText(text) {
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rand() * (text.length + 1));
    const j = Math.min(text.length, i + Math.floor(rand() * 40));
    switch (Math.floor(rand() * 7)) {
      case 0: text = text.slice(0, i) + text.slice(j); break; // delete a range
      case 1: text = text.slice(0, i) + pick(SNIPPETS) + text.slice(i); break; // insert a token
      case 2: text = text.slice(0, i) + text.slice(i, j) + text.slice(i); break; // duplicate a range
      case 3: text = text.slice(0, i); break; // truncate
      case 4: text = text.replace(/\d+/g, m => (rand() < 0.2 ? String(Number(m) * 1000 + 1) : m)); break; // grow numbers
      case 5: { const lines = text.split('\n'); const a = Math.floor(rand() * lines.length); const b = Math.floor(rand() * lines.length); [lines[a], lines[b]] = [lines[b], lines[a]]; text = lines.join('\n'); break; } // swap lines
      default: text = text.slice(0, i) + String.fromCharCode(Math.floor(rand() * 0x3000)) + text.slice(j); // replace with a random char
    }
  }
  return text;
}

let crashes = 0, overBudget = 0, documentErrors = 0;
const times = [];
const started = Date.now();
for (let v = 0; v < VARIANTS; v++) {
  const file = seeds[v % seeds.length];
  const original = readFileSync(file, 'utf8');
  const variant = mutateText(original);
  const t0 = performance.now();
  try {
    const doc = core.readDocument(file, variant);
    const ir = analyzer.analyze(doc.cells);
    JSON.stringify(ir);
  } catch (error) {
    if (error instanceof core.DocumentError) {
      documentErrors++;
    } else {
      crashes++;
      const out = path.join(outdir, `crash-${v}${path.extname(file)}`);
      writeFileSync(out, variant);
      console.log(`CRASH variant ${v} of ${file} (seed ${SEED}): ${error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error} -> ${out}`);
    }
  }
  const ms = performance.now() - t0;
  times.push(ms);
  if (ms > OVER_BUDGET_MS) {
    overBudget++;
    const out = path.join(outdir, `slow-${v}${path.extname(file)}`);
    writeFileSync(out, variant);
    console.log(`OVER BUDGET variant ${v} of ${file}: ${ms.toFixed(0)} ms -> ${out}`);
  }
}
times.sort((a, b) => a - b);
const q = p => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`fuzz: ${VARIANTS} variants of ${seeds.length} seed files (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`fuzz: crashes ${crashes}, over budget (> ${OVER_BUDGET_MS} ms) ${overBudget}, rejected as documents ${documentErrors}`);
console.log(`fuzz: analysis time median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
process.exit(crashes || overBudget ? 1 : 0);
