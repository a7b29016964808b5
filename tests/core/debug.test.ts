import { getAnalyzer } from '../helpers/analyze';
import { loadFixture } from '../helpers/fixtures';
const FILES = (process.env.FIX ?? '').split(',').filter(x => x);
test('debug', async () => {
  const a = await getAnalyzer();
  for (const f of FILES) {
    const { cells, readFile } = loadFixture('torch/' + f);
    const ir = a.analyze(cells, { readFile });
    for (const m of ir.models) {
      console.log(f, m.name, m.kind, m.params.total, JSON.stringify(m.outputShape), m.diagnostics.map(d => d.message).slice(0, 6).join(' | '));
    }
    console.log(ir.diagnostics.filter(d => d.severity !== 'info' || process.env.ALL).slice(0, 30).map(d => `${d.severity} ${d.code} ${d.message} @${d.span?.startLine}`).join('\n'));
  }
});
