// Soundness fuzzer, part 4: runs the core on every original case and on its hiding variants
// and classifies each variant against the executed truth:
//   wrong    a reported total / trainable / buffer count / output shape / layer row differs
//            from the truth (the analyzer claimed something false);
//   missing  no wrong number, but a model the original listed is no longer listed;
//   unknown  no wrong number, nothing missing, but something exact before is unknown now;
//   exact    everything the original reported exactly is still reported exactly.
// Precision = exact / variants. Shared by `npm run soundness` (scripts/soundness.mjs) and the
// CI sample (tests/soundness/soundness.test.ts).
// Does not: read files itself (corpus.ts) or print (the callers do, with formatReport).
import type { ArchitectureIR, CellInput, ModelIR } from '../../src/core/ir';
import type { Case } from './corpus';
import { fileReader } from './corpus';
import { Check, judgeModel, truthNames, Truth } from './judge';
import { programObjects, sourceVariants, VARIANT_KINDS, VariantKind } from './variants';
import type { Tree } from 'web-tree-sitter';

export type VariantOutcome = 'exact' | 'unknown' | 'missing' | 'wrong' | 'crash';

export interface Analyze {
  (cells: CellInput[], readFile: (rel: string) => string | null): ArchitectureIR;
}

export interface Core {
  /** Parses Python text (the core's tree-sitter parser). */
  parse(text: string): Tree;
  /** Blanks IPython syntax keeping offsets (the core's blankIPython). */
  blank(text: string): string;
  /** A fresh analysis (a new Analyzer: nothing cached from another variant). */
  analyze: Analyze;
}

export interface VariantSpec {
  caseIndex: number;
  kind: VariantKind;
  /** `cell 3` or a local module path. */
  where: string;
  what: string;
  cells: CellInput[];
  overrides: Map<string, string | null>;
}

export interface VariantResult {
  caseId: string;
  kind: VariantKind;
  where: string;
  what: string;
  outcome: VariantOutcome;
  /** `model: check detail` of each wrong check (or the crash). */
  wrong: string[];
  missing: string[];
  lost: string[];
  /** Checks exact in the original / of those, still exact here (missing models: none). */
  checks: number;
  stillExact: number;
  /** Every total, trainable and buffer count exact in the original is still exact. */
  totalsExact: boolean;
  ms: number;
}

export type Counts = Record<VariantOutcome, number> & {
  variants: number;
  /** Variants whose totals (total, trainable, buffers) are all still exact. */
  totalsExact: number;
  /** Checks exact in the originals, and of those still exact in the variants. */
  checks: number;
  stillExact: number;
};

export interface Report {
  cases: number;
  /** Variants of the whole corpus (before sampling). */
  population: number;
  counts: Counts;
  /** Variants of cases whose original reports nothing exact (only checked for wrong numbers). */
  unjudged: Counts;
  byKind: Map<VariantKind, Counts>;
  results: VariantResult[];
  /** Wrong checks of the ORIGINAL programs (the fixture tests should already forbid them). */
  originalWrong: string[];
  /** Truth models of the originals, those listed, and those with exact totals. */
  originals: { models: number; listed: number; exactTotals: number };
  /** Time of the originals' analyses and of making the variants. */
  originalsMs: number;
  ms: number;
}

export interface RunOptions {
  seed?: number;
  /** Largest number of variants (a seeded sample of all); all when absent. */
  limit?: number;
  kinds?: Set<VariantKind>;
  /** Called after each variant (progress, dumping wrong variants). */
  onResult?: (r: VariantResult, spec: VariantSpec) => void;
}

/** The checks that are a model's totals. */
const TOTALS = new Set(['total', 'trainable', 'buffers', 'non_trainable']);

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function emptyCounts(): Counts {
  return { variants: 0, exact: 0, unknown: 0, missing: 0, wrong: 0, crash: 0, totalsExact: 0, checks: 0, stillExact: 0 };
}

function findModel(ir: ArchitectureIR, t: Truth): ModelIR | undefined {
  const names = truthNames(t);
  // The model bound last to the name (earlier ones it held are listed too, marked rebound).
  return ir.models.find(m => m.framework === t.framework && names.includes(m.name) && !m.rebound);
}

interface Baseline {
  /** Truth models the original lists, with their checks keyed by `what`. */
  present: Map<number, Map<string, Check>>;
  /** Checks the original has exact. */
  exact: number;
  read: Map<string, string>;
}

function baseline(core: Core, c: Case, originalWrong: string[]): Baseline {
  const read = new Map<string, string>();
  const ir = core.analyze(c.cells, fileReader(c.dir, new Map(), read));
  const present = new Map<number, Map<string, Check>>();
  let exact = 0;
  c.truth.forEach((t, i) => {
    const m = findModel(ir, t);
    if (!m) {
      return;
    }
    const checks = judgeModel(m, t);
    exact += checks.filter(k => k.outcome === 'exact').length;
    present.set(i, new Map(checks.map(k => [k.what, k])));
    for (const k of checks) {
      if (k.outcome === 'wrong') {
        originalWrong.push(`${c.id} ${t.model.name}: ${k.what} ${k.detail}`);
      }
    }
  });
  return { present, exact, read };
}

/** Every hiding variant of one case (cells of the document, then each local module read). */
export function caseVariants(core: Core, c: Case, caseIndex: number, read: Map<string, string>): VariantSpec[] {
  const out: VariantSpec[] = [];
  const code = c.cells.filter(cell => cell.kind === 'code').map(cell => core.blank(cell.source));
  const objects = programObjects(core, code);
  c.cells.forEach((cell, i) => {
    if (cell.kind !== 'code') {
      return;
    }
    for (const v of sourceVariants(core, cell.source, core.blank(cell.source), objects)) {
      const cells = c.cells.slice();
      cells[i] = { ...cell, source: v.text ?? '' };
      out.push({ caseIndex, kind: v.kind, where: c.cells.length > 1 ? `cell ${i}` : '', what: v.what, cells, overrides: new Map() });
    }
  });
  for (const [rel, text] of [...read].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    out.push({ caseIndex, kind: 'hide-module', where: rel, what: rel, cells: c.cells, overrides: new Map([[rel, null]]) });
    for (const v of sourceVariants(core, text)) {
      out.push({ caseIndex, kind: v.kind, where: rel, what: v.what, cells: c.cells, overrides: new Map([[rel, v.text]]) });
    }
  }
  return out;
}

function judgeVariant(core: Core, c: Case, base: Baseline, spec: VariantSpec): VariantResult {
  const t0 = performance.now();
  const r: VariantResult = {
    caseId: c.id, kind: spec.kind, where: spec.where, what: spec.what, outcome: 'exact', wrong: [], missing: [], lost: [], checks: 0, stillExact: 0, totalsExact: true, ms: 0
  };
  let ir: ArchitectureIR;
  try {
    ir = core.analyze(spec.cells, fileReader(c.dir, spec.overrides));
  } catch (error) {
    r.outcome = 'crash';
    r.wrong.push(String(error instanceof Error ? error.stack ?? error.message : error));
    r.ms = performance.now() - t0;
    return r;
  }
  r.ms = performance.now() - t0;
  c.truth.forEach((t, i) => {
    const before = base.present.get(i);
    const exactBefore = before ? [...before.values()].filter(k => k.outcome === 'exact') : [];
    r.checks += exactBefore.length;
    const m = findModel(ir, t);
    if (!m) {
      // Not listed: lost precision when the original listed it, nothing otherwise.
      if (before) {
        r.missing.push(t.model.name);
        r.totalsExact = false;
      }
      return;
    }
    const now = new Map(judgeModel(m, t).map(k => [k.what, k]));
    for (const k of now.values()) {
      if (k.outcome === 'wrong') {
        r.wrong.push(`${t.model.name}: ${k.what} ${k.detail}`);
      }
    }
    for (const k of exactBefore) {
      if (now.get(k.what)?.outcome === 'exact') {
        r.stillExact++;
      } else {
        r.lost.push(`${t.model.name}: ${k.what}`);
        if (TOTALS.has(k.what)) {
          r.totalsExact = false;
        }
      }
    }
  });
  r.outcome = r.wrong.length ? 'wrong' : r.missing.length ? 'missing' : r.lost.length ? 'unknown' : 'exact';
  return r;
}

/** Runs the fuzzer over `cases` (all variants, or a seeded sample of `limit`). */
export function runSoundness(core: Core, cases: Case[], options: RunOptions = {}): Report {
  const started = performance.now();
  const originalWrong: string[] = [];
  const bases = cases.map(c => baseline(core, c, originalWrong));
  const originals = { models: 0, listed: 0, exactTotals: 0 };
  cases.forEach((c, i) => {
    originals.models += c.truth.length;
    for (const checks of bases[i].present.values()) {
      originals.listed++;
      originals.exactTotals += [...TOTALS].every(w => !checks.has(w) || checks.get(w)?.outcome === 'exact') ? 1 : 0;
    }
  });
  let specs = cases.flatMap((c, i) => caseVariants(core, c, i, bases[i].read));
  const originalsMs = performance.now() - started;
  if (options.kinds) {
    const kinds = options.kinds;
    specs = specs.filter(s => kinds.has(s.kind));
  }
  const population = specs.length;
  if (options.limit !== undefined && options.limit < specs.length) {
    const rand = prng(options.seed ?? 1);
    const idx = specs.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    specs = idx.slice(0, options.limit).sort((a, b) => a - b).map(i => specs[i]);
  }
  const counts = emptyCounts();
  const unjudged = emptyCounts();
  const byKind = new Map<VariantKind, Counts>(VARIANT_KINDS.map(k => [k, emptyCounts()]));
  const results: VariantResult[] = [];
  for (const spec of specs) {
    const r = judgeVariant(core, cases[spec.caseIndex], bases[spec.caseIndex], spec);
    results.push(r);
    // A case whose original reports nothing exact has no precision to keep: its variants are
    // only checked for wrong numbers (and counted apart).
    const judged = bases[spec.caseIndex].exact > 0;
    for (const k of judged ? [counts, byKind.get(spec.kind) as Counts] : [unjudged]) {
      k.variants++;
      k[r.outcome]++;
      k.totalsExact += r.totalsExact && r.outcome !== 'wrong' && r.outcome !== 'crash' ? 1 : 0;
      k.checks += r.checks;
      k.stillExact += r.stillExact;
    }
    options.onResult?.(r, spec);
  }
  return { cases: cases.length, population, counts, unjudged, byKind, results, originalWrong, originals, originalsMs, ms: performance.now() - started };
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);

/** The printed summary: totals, precision, per-kind table, the first wrong variants. */
export function formatReport(r: Report, maxWrong = 20): string {
  const c = r.counts;
  const lines = [
    `soundness: ${r.cases} cases, ${r.population} variants in all, ${r.results.length} run in ${(r.ms / 1000).toFixed(1)} s (originals ${(r.originalsMs / 1000).toFixed(1)} s)`,
    `soundness: originals: ${r.originals.models} models with truth, ${r.originals.listed} listed, ${r.originals.exactTotals} with exact totals`,
    `soundness: of the variants run, ${c.variants} are of originals that report something exact:`,
    `soundness: exact ${c.exact}, unknown ${c.unknown}, missing ${c.missing}, wrong ${c.wrong}, crash ${c.crash}`,
    `soundness: precision: variants still wholly exact ${pct(c.exact, c.variants)}; totals still exact ${pct(c.totalsExact, c.variants)}; ` +
      `checks still exact ${pct(c.stillExact, c.checks)} (${c.stillExact} of ${c.checks})`,
    '',
    `  ${'kind'.padEnd(15)}${'variants'.padStart(9)}${'exact'.padStart(8)}${'unknown'.padStart(9)}${'missing'.padStart(9)}${'wrong'.padStart(7)}${'crash'.padStart(7)}` +
      `${'exact%'.padStart(8)}${'totals%'.padStart(9)}${'checks%'.padStart(9)}`
  ];
  for (const [kind, k] of r.byKind) {
    if (k.variants === 0) {
      continue;
    }
    lines.push(
      `  ${kind.padEnd(15)}${String(k.variants).padStart(9)}${String(k.exact).padStart(8)}${String(k.unknown).padStart(9)}${String(k.missing).padStart(9)}${String(k.wrong).padStart(7)}${String(k.crash).padStart(7)}` +
        `${pct(k.exact, k.variants).padStart(8)}${pct(k.totalsExact, k.variants).padStart(9)}${pct(k.stillExact, k.checks).padStart(9)}`
    );
  }
  const u = r.unjudged;
  if (u.variants > 0) {
    lines.push('', `soundness: ${u.variants} more variants of cases whose original reports nothing exact (checked for wrong numbers only): wrong ${u.wrong}, crash ${u.crash}`);
  }
  if (r.originalWrong.length) {
    lines.push('', `ORIGINAL programs with wrong checks: ${r.originalWrong.length}`, ...r.originalWrong.slice(0, maxWrong).map(w => `  ${w}`));
  }
  const bad = r.results.filter(x => x.outcome === 'wrong' || x.outcome === 'crash');
  if (bad.length) {
    lines.push('', `${bad.length} variants with a wrong number${bad.length > maxWrong ? ` (first ${maxWrong})` : ''}:`);
    for (const x of bad.slice(0, maxWrong)) {
      lines.push(`  ${x.outcome.toUpperCase()} ${x.caseId}${x.where ? ` [${x.where}]` : ''} ${x.kind} ${x.what}: ${x.wrong.slice(0, 3).join('; ')}`);
    }
  }
  return lines.join('\n');
}
