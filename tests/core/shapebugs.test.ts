// Issue 17: the shape-bug corpus (fixtures/shapebugs; truth from real PyTorch / Keras in
// expected.json, written by scripts/truth/gen_shapebug_expected.py).
//  - every twin runs cleanly in the framework: it must get no 'error' diagnostic (a false
//    alarm fails its test), and the analyzer must find its model;
//  - every bug raises a shape error: the recall of 'error' diagnostics is printed (overall, per
//    framework, per kind, per pair) and may not fall below the floors below;
//  - every other fixture (fixtures/torch not already checked by torch-fixtures.test.ts,
//    fixtures/keras, examples) runs cleanly too: no 'error' diagnostic.
// Does not: check parameter counts (the torch / keras fixture suites do); run any framework.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/core/analyzer';
import type { ArchitectureIR, Diagnostic, ModelIR, Span } from '../../src/core/ir';
import { FIXTURE_ROOT, loadFixture } from '../helpers/fixtures';
import { getParser } from '../helpers/parser';

/**
 * Recall floors: what the analyzer achieves today, so that it cannot regress (measured when the
 * corpus was committed: all 34/84, torch 32/51, keras 2/33; with one shape-mismatch policy for
 * both frameworks, keras 7/33, all 39/84; with the input contracts of the catalogs and the
 * tensor-op checks, on the 98 pairs: all 98/98, torch 61/61, keras 37/37). The floors leave one
 * miss per framework of slack for a machine too busy for the analysis' wall-clock budget. The
 * target of issue 17 is 0.90 on every line; whoever adds checks raises these constants.
 */
const RECALL_FLOOR = { all: 0.98, torch: 0.98, keras: 0.97 };

interface Where { cell: number; line: number }
interface ExpPair {
  id: string;
  framework: 'torch' | 'keras';
  kind: string;
  bug: { file: string; exception: string; message: string; raised_at: Where; frames: Where[]; edit: Where[] };
  twin: { file: string; models: Array<{ name: string; class: string; output_shape: unknown }> };
}

const CORPUS = path.join(FIXTURE_ROOT, 'shapebugs');
const doc = JSON.parse(readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as { torch: string; keras: string; pairs: ExpPair[] };

/** One fresh Analyzer per file: bug and twin share cell ids and almost all their text. */
async function analyzeFile(rel: string): Promise<ArchitectureIR> {
  const { cells, readFile } = loadFixture(rel);
  return new Analyzer(await getParser()).analyze(cells, { readFile });
}

const errorsOf = (ir: ArchitectureIR): Diagnostic[] => ir.diagnostics.filter(d => d.severity === 'error');
const show = (d: Diagnostic): string => `${d.code}: ${d.message} @${d.span ? `${d.span.cell}:${d.span.startLine + 1}` : '?'}`;

/** Does a span (0-based lines) cover one of the places (1-based lines)? */
function covers(span: Span | undefined, places: Where[]): boolean {
  return !!span && !span.file && places.some(p => p.cell === span.cell && p.line - 1 >= span.startLine && p.line - 1 <= span.endLine);
}

type ShapeVerdict = 'exact' | 'unknown' | 'wrong' | 'none';

/** The twin's first expected model that the analyzer finds, compared on its output shape. */
function twinShape(p: ExpPair, models: ModelIR[]): { found: boolean; shape: ShapeVerdict; note: string } {
  for (const e of p.twin.models) {
    const m = models.find(x => x.name === e.name && !x.rebound);
    if (!m) {
      continue;
    }
    const got = m.outputTree ?? m.outputShape;
    if (e.output_shape === null || e.output_shape === undefined) {
      return { found: true, shape: 'none', note: '' };
    }
    const g = JSON.stringify(got ?? null);
    const x = JSON.stringify(e.output_shape);
    if (g === x) {
      return { found: true, shape: 'exact', note: '' };
    }
    const unknown = got === undefined || got === null || g.includes('null') || g.includes('expr');
    return { found: true, shape: unknown ? 'unknown' : 'wrong', note: `${e.name}: expected ${x}, got ${g}` };
  }
  return { found: false, shape: 'none', note: `none of ${p.twin.models.map(m => m.name).join(', ')} found` };
}

interface Result { id: string; framework: string; kind: string; flagged: boolean; located: boolean; first: string }
const results: Result[] = [];
const shapes: Array<{ id: string; shape: ShapeVerdict; note: string }> = [];

describe('shape-bug pairs (truth: real torch / Keras)', () => {
  test('the corpus is the one issue 17 asks for', () => {
    expect(doc.pairs.length).toBeGreaterThanOrEqual(60);
    expect(doc.pairs.filter(p => p.framework === 'keras').length).toBeGreaterThanOrEqual(25);
    for (const p of doc.pairs) {
      expect(existsSync(path.join(CORPUS, p.bug.file)) && existsSync(path.join(CORPUS, p.twin.file))).toBe(true);
    }
  });

  test.each(doc.pairs.map(p => [p.id, p] as [string, ExpPair]))('%s', async (_id, p) => {
    const twin = await analyzeFile(path.join('shapebugs', p.twin.file));
    const bug = await analyzeFile(path.join('shapebugs', p.bug.file));
    const errs = errorsOf(bug);
    const places = [...p.bug.frames, ...p.bug.edit];
    results.push({
      id: p.id,
      framework: p.framework,
      kind: p.kind,
      flagged: errs.length > 0,
      located: errs.some(d => covers(d.span, places) || (d.related ?? []).some(r => covers(r, places))),
      first: errs.length > 0 ? show(errs[0]) : ''
    });
    const t = twinShape(p, twin.models);
    shapes.push({ id: p.id, shape: t.shape, note: t.note });
    // The twin runs cleanly: any 'error' is a false alarm.
    expect(errorsOf(twin).map(show)).toEqual([]);
    // The analyzer finds the twin's model (so a check has something to work on).
    expect(t.note && !t.found ? t.note : '').toBe('');
  });

  test('recall on the bugs (target 0.90; floors in RECALL_FLOOR)', () => {
    if (results.length < doc.pairs.length) {
      return; // some pairs were filtered out (jest -t): no recall to judge
    }
    const rate = (rs: Result[], key: 'flagged' | 'located'): number => (rs.length ? rs.filter(r => r[key]).length / rs.length : 0);
    const fmt = (rs: Result[]): string => `${rs.filter(r => r.flagged).length}/${rs.length} = ${rate(rs, 'flagged').toFixed(3)} (at the right line ${rs.filter(r => r.located).length})`;
    const torch = results.filter(r => r.framework === 'torch');
    const keras = results.filter(r => r.framework === 'keras');
    const kinds = [...new Set(results.map(r => r.kind))].sort();
    const lines = [
      `shape bugs (torch ${doc.torch}, keras ${doc.keras}): recall all ${fmt(results)}; torch ${fmt(torch)}; keras ${fmt(keras)}`,
      `twin output shapes: exact ${shapes.filter(s => s.shape === 'exact').length}, unknown ${shapes.filter(s => s.shape === 'unknown').length}, wrong ${shapes.filter(s => s.shape === 'wrong').length}, not recorded ${shapes.filter(s => s.shape === 'none').length}`,
      'per kind:',
      ...kinds.map(k => `  ${k.padEnd(30)} ${fmt(results.filter(r => r.kind === k))}`),
      'per pair:',
      ...[...results].sort((a, b) => a.id.localeCompare(b.id)).map(r => `  ${r.flagged ? (r.located ? 'FLAGGED  ' : 'flagged  ') : 'missed   '}${r.id.padEnd(48)} ${r.kind.padEnd(28)} ${r.first}`),
      ...shapes.filter(s => s.shape === 'unknown').map(s => `unknown twin shape ${s.id}: ${s.note}`),
      ...shapes.filter(s => s.shape === 'wrong').map(s => `WRONG twin shape ${s.id}: ${s.note}`)
    ];
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
    expect(rate(results, 'flagged')).toBeGreaterThanOrEqual(RECALL_FLOOR.all);
    expect(rate(torch, 'flagged')).toBeGreaterThanOrEqual(RECALL_FLOOR.torch);
    expect(rate(keras, 'flagged')).toBeGreaterThanOrEqual(RECALL_FLOOR.keras);
    // A wrong number is worse than no number: no twin's output shape may differ from the truth.
    expect(shapes.filter(s => s.shape === 'wrong').map(s => `${s.id}: ${s.note}`)).toEqual([]);
  });
});

/** Every .py / .ipynb under a folder (relative to fixtures/ or to the repository). */
function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      walk(p, out);
    } else if (/\.(py|ipynb)$/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

describe('no error diagnostic on the other fixtures and examples (they all run)', () => {
  // fixtures/torch entries listed in torch/expected.json are checked by torch-fixtures.test.ts.
  const torchChecked = new Set(
    (JSON.parse(readFileSync(path.join(FIXTURE_ROOT, 'torch', 'expected.json'), 'utf8')) as { cases: Array<{ file: string }> }).cases.map(c =>
      path.join(FIXTURE_ROOT, 'torch', c.file)
    )
  );
  const files = [
    ...walk(path.join(FIXTURE_ROOT, 'torch')).filter(f => !torchChecked.has(f)),
    ...walk(path.join(FIXTURE_ROOT, 'keras')),
    ...walk(path.join(FIXTURE_ROOT, '..', 'examples'))
  ];
  test('there are such files', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  test.each(files.map(f => [path.relative(path.join(FIXTURE_ROOT, '..'), f)]))('%s', async rel => {
    const ir = await analyzeFile(path.join(FIXTURE_ROOT, '..', rel));
    expect(errorsOf(ir).map(show)).toEqual([]);
  });
});
