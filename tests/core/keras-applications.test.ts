// keras.applications against real Keras 3 (fixtures/keras/applications_expected.json, written
// by scripts/truth/gen_keras_apps_expected.py): every measured configuration must be exact
// (total, trainable, non-trainable, output shape, summary row count) or, where Keras refuses
// the arguments, an error diagnostic with no numbers. Entries not exact yet are listed in
// KNOWN_NOT_EXACT (null allowed, never a wrong number).
import { readFileSync } from 'fs';
import { join } from 'path';
import { Analyzer } from '../../src/core/analyzer';
import type { ArchitectureIR, ModelIR } from '../../src/core/ir';
import { getParser } from '../helpers/parser';

interface AppCase {
  constructor: string;
  kwargs: Record<string, unknown>;
  keras_name?: string;
  total?: number;
  trainable?: number;
  non_trainable?: number;
  output_shape?: Array<number | null>;
  layers?: number;
  operations?: number;
  /** Summary rows "name Class (shape) params", for a few configurations. */
  rows?: string[];
  error?: string;
}

const doc = JSON.parse(readFileSync(join(__dirname, '../../fixtures/keras/applications_expected.json'), 'utf8')) as { entries: AppCase[] };

/** Configurations that are not exact yet: key `Ctor(kwargs-json)`. */
const KNOWN_NOT_EXACT = new Set<string>([]);

function py(v: unknown): string {
  if (v === null) {
    return 'None';
  }
  if (v === true) {
    return 'True';
  }
  if (v === false) {
    return 'False';
  }
  if (typeof v === 'string') {
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    return `(${v.map(py).join(', ')}${v.length === 1 ? ',' : ''})`;
  }
  return String(v);
}

function pyShape(s: unknown): string {
  if (Array.isArray(s) && s.length > 0 && Array.isArray(s[0])) {
    return `[${s.map(pyShape).join(', ')}]`;
  }
  if (!Array.isArray(s)) {
    return 'None';
  }
  return `(${s.map(d => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
}

function keyOf(e: AppCase): string {
  return `${e.constructor}(${JSON.stringify(e.kwargs)})`;
}

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = new Analyzer(await getParser());
});

const verdicts: Array<{ key: string; status: 'exact' | 'null' | 'wrong'; note: string }> = [];

function judge(e: AppCase, ir: ArchitectureIR, m: ModelIR | undefined): { status: 'exact' | 'null' | 'wrong'; note: string } {
  if (!m) {
    return { status: 'null', note: 'no model' };
  }
  if (e.error !== undefined) {
    const refused = ir.diagnostics.some(d => d.severity === 'error' && d.code === 'bad-argument');
    if (m.params.total !== null) {
      return { status: 'wrong', note: `Keras refuses (${e.error}) but a total was reported` };
    }
    return refused ? { status: 'exact', note: '' } : { status: 'null', note: 'no error diagnostic' };
  }
  const rows = m.layers.filter(l => l.depth === 1).length;
  const got = [m.params.total, m.params.trainable, m.params.nonTrainable, JSON.stringify(m.outputShape ?? null), rows];
  const exp = [e.total, e.trainable, e.non_trainable, JSON.stringify(e.output_shape), e.operations ?? e.layers];
  if (got.every((g, i) => g === exp[i])) {
    return { status: 'exact', note: '' };
  }
  const wrong = got.some((g, i) => g !== null && g !== 'null' && g !== exp[i] && !(i === 4 && m.params.total === null));
  return { status: wrong ? 'wrong' : 'null', note: `got ${JSON.stringify(got)} expected ${JSON.stringify(exp)}` };
}

describe('keras.applications (truth from real Keras 3)', () => {
  test.each(doc.entries.map(e => [keyOf(e), e] as const))('%s', (key, e) => {
    const args = Object.entries(e.kwargs).map(([k, v]) => `${k}=${py(v)}`).join(', ');
    const ir = analyzer.analyze([{ id: 'c', kind: 'code', source: `import keras\nm = keras.applications.${e.constructor}(${args})\n` }]);
    const m = ir.models.find(x => x.name === 'm');
    const v = judge(e, ir, m);
    if (e.rows && m && v.status === 'exact') {
      // Row by row: Keras' layer names (auto names included), classes, shapes and counts.
      const rows = m.layers.filter(l => l.depth === 1).map(l => `${l.name} ${l.type} ${pyShape(l.outputShape)} ${l.params}`);
      expect(rows).toEqual(e.rows);
    }
    verdicts.push({ key, ...v });
    expect(v.status === 'wrong' ? `${key}: ${v.note}` : 'not wrong').toBe('not wrong');
    if (!KNOWN_NOT_EXACT.has(key)) {
      expect(v.status === 'exact' ? 'exact' : `${key}: ${v.note}`).toBe('exact');
    }
  });

  afterAll(() => {
    if (process.env.ARCHLENS_KERAS_REPORT) {
      const count = (s: string): number => verdicts.filter(v => v.status === s).length;
      console.log(`keras.applications: ${verdicts.length} configurations, exact ${count('exact')}, null ${count('null')}, wrong ${count('wrong')}`);
    }
  });
});
