// Issue 19 item 4: the parse budget (bytes and syntax nodes per cell or file and in total,
// bytes read through imports) and a parser that never stays broken. Budgets are made small
// here so each case is quick; the hostile corpus checks the default budgets on big inputs.
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/core/analyzer';
import { countTokens, statementSpans, utf8Length } from '../../src/core/parse/budget';
import { createPythonParser, ParseCancelled, ParserBroken, PythonParser, TreeSitterModule } from '../../src/core/parse/parser';
import { lowerTree } from '../../src/core/parse/lower';
import { cellsOf } from '../helpers/analyze';
import { getParser, wasmBytes } from '../helpers/parser';

const ROOT = path.join(__dirname, '..', '..');

function fixtureTexts(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const dir of ['fixtures/torch', 'fixtures/keras', 'examples']) {
    for (const f of readdirSync(path.join(ROOT, dir))) {
      if (f.endsWith('.py')) {
        out.push([`${dir}/${f}`, readFileSync(path.join(ROOT, dir, f), 'utf8')]);
      }
    }
  }
  return out;
}

test('the token count before parsing never exceeds the syntax nodes tree-sitter makes (so refusing by tokens is sound)', async () => {
  const parser = await getParser();
  const texts = fixtureTexts();
  expect(texts.length).toBeGreaterThan(20);
  for (const [name, text] of [...texts, ['tricky', 'x = 1.5e-3 + 0x1f ** -2\ns = f"a{b!r:>{w}}" rb"\\x00" """q\n"""\ny = [1,\n 2]  # c\n@d\ndef f(*a, **k) -> None: ...\n']]) {
    const tree = parser.parse(text);
    try {
      const tokens = countTokens(text, Number.MAX_SAFE_INTEGER);
      if (tokens > tree.rootNode.descendantCount) {
        throw new Error(`${name}: ${tokens} tokens > ${tree.rootNode.descendantCount} nodes`);
      }
      expect(tokens).toBeGreaterThan(tree.rootNode.descendantCount / 4);
    } finally {
      tree.delete();
    }
  }
});

test('utf8Length counts bytes as UTF-8 does', () => {
  for (const s of ['', 'abc', 'é', '€', '😀', 'a\ud800b', 'Ж'.repeat(1000)]) {
    expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
  }
});

test('statementSpans splits at top-level statements, keeping bodies, decorators, else and brackets together', () => {
  const src = 'import torch\n@dec\n@dec2(\n  1)\nclass A:\n    x = 1\n\n    y = (1,\n2)\n# c\nif x:\n    pass\nelse:\n    pass\ns = """a\nb"""\nt = 3 \\\n  + 4\nu = 5';
  const spans = statementSpans(src);
  expect(spans.map(s => [s.line, src.slice(s.start, s.end).split('\n')[0]])).toEqual([
    [0, 'import torch'],
    [1, '@dec'],
    [10, 'if x:'],
    [14, 's = """a'],
    [16, 't = 3 \\'],
    [18, 'u = 5']
  ]);
  expect(spans.map(s => src.slice(s.start, s.end)).join('')).toBe(src);
});

describe('the analyzer under a small parse budget', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = new Analyzer(await getParser());
  });

  test('a statement over maxSourceBytes is left out with a diagnostic naming it; the statements around it keep their numbers and lines', () => {
    const src = `import torch.nn as nn\nbefore = nn.Linear(10, 5)\nx = [${'1, '.repeat(2000)}]\nafter = nn.Linear(4, 4)\n`;
    const ir = analyzer.analyze(cellsOf(src), { budgets: { maxSourceBytes: 4000 } });
    expect(ir.models.map(m => [m.name, m.params.total, m.line])).toEqual([['before', 55, 1], ['after', 20, 3]]);
    const d = ir.diagnostics.find(x => x.code === 'budget-maxSourceBytes')!;
    expect(d.message).toMatch(/^line 3 of cell 1 \(c0\) is 5\.9 KB .* more than maxSourceBytes \(3\.9 KB\): this statement was not analysed$/);
    expect(d.span).toMatchObject({ cell: 0, startLine: 2 });
  });

  test('a statement with more tokens than maxSourceNodes is left out before it is parsed', () => {
    const src = `import torch.nn as nn\nbefore = nn.Linear(10, 5)\nx = (${'1,'.repeat(3000)})\nafter = nn.Linear(4, 4)\n`;
    const a = new Analyzer(analyzerParser);
    const ir = a.analyze(cellsOf(src), { budgets: { maxSourceNodes: 1000 } });
    expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['before', 55], ['after', 20]]);
    expect(ir.diagnostics.map(x => x.code)).toEqual(['budget-maxSourceNodes']);
  });

  test('a cell of which nothing fits is skipped with a diagnostic naming it; the other cells are analysed', () => {
    const big = `x = [${'1, '.repeat(2000)}]\n`;
    const ir = analyzer.analyze(cellsOf('import torch.nn as nn\nfirst = nn.Linear(10, 5)\n', big, 'last = nn.Linear(4, 4)\n'), { budgets: { maxSourceBytes: 4000 } });
    expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['first', 55], ['last', 20]]);
    const d = ir.diagnostics.find(x => x.code === 'budget-maxSourceBytes')!;
    expect(d.message).toContain('cell 2 (c1)');
    expect(d.span?.cell).toBe(1);
  });

  test('when the totals run out the biggest cells are the ones left out, whatever their order', () => {
    const blob = (i: number) => `blob_${i} = "${'z'.repeat(3000)}"\n`;
    const ir = analyzer.analyze(cellsOf('import torch.nn as nn\nfirst = nn.Linear(10, 5)\n', blob(0), blob(1), blob(2), 'last = nn.Linear(4, 4)\n'), { budgets: { maxTotalSourceBytes: 7000 } });
    expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['first', 55], ['last', 20]]);
    expect(ir.diagnostics.filter(x => x.code === 'budget-maxTotalSourceBytes').map(x => x.span?.cell)).toEqual([3]);
  });

  test('imports count into the totals and into maxImportBytes; an import past them is unknown, the models around it are not', () => {
    const files = new Map([
      ['small.py', 'WIDTH = 6\n'],
      ['big.py', `import torch.nn as nn\nNet = nn.Linear\nDATA = "${'q'.repeat(5000)}"\n`]
    ]);
    const src = 'import torch.nn as nn\nfrom small import WIDTH\nfrom big import Net\nok = nn.Linear(WIDTH, 2)\nviaBig = Net(3, 3)\n';
    const ir = analyzer.analyze(cellsOf(src), { readFile: rel => files.get(rel) ?? null, budgets: { maxImportBytes: 2000 } });
    // Net is unknown (not imported): nothing built from it is reported as a model.
    expect(ir.models.map(m => [m.name, m.params.total])).toEqual([['ok', 14]]);
    expect(ir.diagnostics.some(d => d.code === 'budget-maxImportBytes' && d.message.startsWith('file big.py not imported'))).toBe(true);
  });

  test('results do not depend on what was cached: a warm analyzer skips exactly what a fresh one does', async () => {
    const blob = (i: number) => `blob_${i} = "${'z'.repeat(3000 + i)}"\n`;
    const cells = cellsOf('import torch.nn as nn\nfirst = nn.Linear(10, 5)\n', blob(0), blob(1), 'last = nn.Linear(4, 4)\n');
    const options = { budgets: { maxTotalSourceBytes: 5000 } };
    const warm = new Analyzer(await getParser());
    warm.analyze(cellsOf('import torch.nn as nn\n', blob(1)), options);
    const fresh = new Analyzer(await getParser());
    const strip = (ir: ReturnType<Analyzer['analyze']>) => ({ models: ir.models, diagnostics: ir.diagnostics });
    expect(strip(warm.analyze(cells, options))).toEqual(strip(fresh.analyze(cells, options)));
  });
});

let analyzerParser: PythonParser;
beforeAll(async () => {
  analyzerParser = await getParser();
});

describe('a parser that fails is never used again', () => {
  test('a parse past its deadline is cancelled and the parser stays usable', async () => {
    const parser = await getParser();
    expect(() => parser.parse('x = [' + '1, '.repeat(200000) + ']\n', { deadline: Date.now() - 1 })).toThrow(ParseCancelled);
    const tree = parser.parse('y = 1\n');
    expect(tree.rootNode.toString()).toBe('(module (expression_statement (assignment left: (identifier) right: (integer))))');
    tree.delete();
  });

  test('two wasm runtimes side by side each read their own trees (a fresh runtime replaces a broken one)', async () => {
    const first = await getParser();
    let isolated: TreeSitterModule | undefined;
    jest.isolateModules(() => {
      isolated = require('web-tree-sitter') as TreeSitterModule;
    });
    const second = await createPythonParser(wasmBytes(), isolated);
    const lowered = (p: PythonParser, src: string) => {
      const t = p.parse(src);
      try {
        return JSON.stringify(lowerTree(t, src), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      } finally {
        t.delete();
      }
    };
    const a = 'import torch.nn as nn\nm = nn.Linear(3, 4)\n';
    const b = 'class A:\n    def f(self, x):\n        return [x, {1: 2}]\n';
    const expected = [lowered(first, a), lowered(first, b)];
    expect([lowered(second, a), lowered(first, b), lowered(second, b), lowered(first, a)]).toEqual([expected[0], expected[1], expected[1], expected[0]]);
  });

  test('a runtime failure skips the source that caused it; with a new parser the rest is analysed and that source stays skipped', async () => {
    const real = await getParser();
    // Stands for a wasm abort: the parse of one text throws and the parser is broken after.
    let broken = false;
    const crashing: PythonParser = {
      get broken() {
        return broken;
      },
      parse(text, options) {
        if (broken) {
          throw new ParserBroken('the parser failed earlier');
        }
        if (text.includes('CRASH')) {
          broken = true;
          throw new ParserBroken('the parser failed: RuntimeError: Aborted()');
        }
        return real.parse(text, options);
      }
    };
    const a = new Analyzer(crashing);
    // The smallest cell is parsed first: it breaks the parser, the other two are then refused.
    const cells = cellsOf('import torch.nn as nn\nfirst = nn.Linear(10, 5)\n', 'x = 1  # CRASH\n', 'last = nn.Linear(4, 4)\n');
    const ir1 = a.analyze(cells);
    expect(a.parserBroken).toBe(true);
    expect(ir1.models).toEqual([]);
    expect(ir1.diagnostics.filter(d => d.code === 'parser-failed').map(d => d.span?.cell)).toEqual([0, 1, 2]);
    expect(ir1.diagnostics.find(d => d.span?.cell === 0)?.message).toBe('cell 1 (c0) not analysed: the parser failed on an earlier source and must be restarted');
    a.replaceParser(real);
    const ir2 = a.analyze(cells);
    expect(a.parserBroken).toBe(false);
    expect(ir2.models.map(m => [m.name, m.params.total])).toEqual([['first', 55], ['last', 20]]);
    expect(ir2.diagnostics.filter(d => d.code === 'parser-failed').map(d => [d.span?.cell, d.message])).toEqual([[1, 'cell 2 (c1) made the parser fail (the parser failed: RuntimeError: Aborted()): not analysed']]);
  });
});
