// Python's format-spec mini-language (f"{i:02d}", f"{x:.2f}", ...) against CPython's own
// results (fixtures/format/cpython_format_cases.json, from scripts/truth/gen_format_cases.py):
// every case is either exactly CPython's string or null (unknown), never a different string.
import { readFileSync } from 'fs';
import { join } from 'path';
import { formatSpec, Formattable } from '../../src/core/interp/format';
import { analyzeSources } from '../helpers/analyze';

type Case = [number | string | { f: number }, string, string | null];
const cases = JSON.parse(readFileSync(join(__dirname, '../../fixtures/format/cpython_format_cases.json'), 'utf8')) as Case[];

test('format specs: CPython exactly, or unknown; never a different string', () => {
  let exact = 0;
  const wrong: string[] = [];
  for (const [raw, spec, want] of cases) {
    const v: Formattable = typeof raw === 'string' ? { k: 'str', v: raw } : typeof raw === 'number' ? { k: 'int', v: BigInt(raw) } : { k: 'float', v: raw.f };
    const got = formatSpec(v, spec);
    if (got === null) {
      continue;
    }
    if (got === want) {
      exact++;
    } else {
      wrong.push(`format(${JSON.stringify(raw)}, '${spec}') = ${JSON.stringify(got)}, CPython ${JSON.stringify(want)}`);
    }
  }
  expect(wrong).toEqual([]);
  // Most of the table is reproduced (what is not stays unknown).
  expect(exact).toBeGreaterThan(cases.filter(c => c[2] !== null).length * 0.85);
});

test('f-string specs in layer names keep the model known', async () => {
  const ir = await analyzeSources([
    `import torch.nn as nn
net = nn.Sequential()
for i in range(3):
    net.add_module(f"block{i:02d}", nn.Linear(4, 4))
name = "{:>6}|{:.1f}".format("fc", 2.25)
`
  ]);
  const m = ir.models.find(x => x.name === 'net');
  expect(m?.params.total).toBe(60);
  expect(m?.layers.map(l => l.id)).toEqual(['', 'block00', 'block01', 'block02']);
});
