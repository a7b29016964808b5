// `npm run soundness [-- --seed S --limit N --kind K[,K] --case TEXT --dump DIR --max-wrong N --list OUTCOME --root DIR]`:
// the soundness fuzzer (issue 15). Bundles the core and tests/soundness/ with esbuild, makes
// every meaning-preserving hiding variant of every fixture with executed truth and checks that
// each reported number is exact or unknown, never wrong (see docs/soundness.md). Prints
// variants, exact, unknown, missing, wrong, precision and a per-kind table; exits 1 on any
// wrong number or crash (in a variant or an original). --limit takes a seeded sample; --dump
// writes each wrong variant's changed source into DIR for reproduction; --list unknown (or
// missing, exact) prints those variants with what they lost.
// Does not: run in CI (tests/soundness/soundness.test.ts runs a seeded sample) or need torch.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = name => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(opt('seed') ?? 1);
const limit = opt('limit') !== undefined ? Number(opt('limit')) : undefined;
const kinds = opt('kind') ? new Set(opt('kind').split(',')) : undefined;
const caseFilter = opt('case');
const dump = opt('dump');
const maxWrong = Number(opt('max-wrong') ?? 20);
const list = opt('list');

const outdir = mkdtempSync(path.join(tmpdir(), 'archlens-soundness-'));
const entry = path.join(outdir, 'entry.ts');
writeFileSync(
  entry,
  `export { Analyzer, createPythonParser, blankIPython } from ${JSON.stringify(path.join(root, 'src/core/index'))};
   export { loadCases } from ${JSON.stringify(path.join(root, 'tests/soundness/corpus'))};
   export { runSoundness, formatReport } from ${JSON.stringify(path.join(root, 'tests/soundness/run'))};`
);
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: path.join(outdir, 'soundness.mjs'), logLevel: 'error', loader: { '.py': 'text' },
  define: { __dirname: JSON.stringify(path.join(root, 'tests/soundness')) } });
const m = await import(pathToFileURL(path.join(outdir, 'soundness.mjs')).href);

const parser = await m.createPythonParser({
  runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
  python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
});
const core = {
  parse: text => parser.parse(text),
  blank: text => m.blankIPython(text),
  analyze: (cells, readFile) => new m.Analyzer(parser).analyze(cells, { readFile })
};
// --root DIR: read the corpora from DIR (same layout) instead of this repository.
let cases = m.loadCases(opt('root') ? path.resolve(opt('root')) : root);
if (caseFilter) {
  cases = cases.filter(c => c.id.includes(caseFilter));
}
let done = 0;
const report = m.runSoundness(core, cases, {
  seed,
  limit,
  kinds,
  onResult: (r, spec) => {
    done++;
    if (process.stderr.isTTY && done % 50 === 0) {
      process.stderr.write(`\r${done} variants...`);
    }
    if (list && r.outcome === list) {
      console.log(`${r.outcome.toUpperCase()} ${r.caseId}${r.where ? ` [${r.where}]` : ''} ${r.kind} ${r.what}: ${[...r.missing.map(m => `missing ${m}`), ...r.lost].slice(0, 4).join('; ')}`);
    }
    if (dump && (r.outcome === 'wrong' || r.outcome === 'crash')) {
      const dir = path.join(dump, `${done}-${r.caseId.replace(/[^\w.-]+/g, '_')}-${r.kind}`);
      mkdirSync(dir, { recursive: true });
      const c = cases[spec.caseIndex];
      writeFileSync(path.join(dir, 'cells.py'), spec.cells.filter(x => x.kind === 'code').map(x => x.source).join('\n# %%\n'));
      for (const [rel, text] of spec.overrides) {
        writeFileSync(path.join(dir, rel.replace(/[\\/]/g, '__')), text ?? '# (module hidden)\n');
      }
      writeFileSync(path.join(dir, 'WRONG.txt'), `${c.id} [${r.where}] ${r.kind} ${r.what}\n${r.wrong.join('\n')}\n`);
    }
  }
});
if (process.stderr.isTTY) {
  process.stderr.write('\r');
}
if (limit !== undefined && limit < report.population) {
  console.log(`sample of ${limit} variants (seed ${seed})`);
}
console.log(m.formatReport(report, maxWrong));
const bad = report.counts.wrong + report.counts.crash + report.unjudged.wrong + report.unjudged.crash + report.originalWrong.length;
process.exit(bad ? 1 : 0);
