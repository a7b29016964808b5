// Exporters on hand-built IR with hostile names: markdown renders as plain text (checked by
// rendering it with marked, the renderer JupyterLab uses), Mermaid labels cannot break out,
// LaTeX and CSV escape and parse back.
import { marked } from 'marked';
import type { ArchitectureIR, LayerInfo, ModelIR } from '../../src/core/ir';
import { irToMarkdown, modelToMarkdown } from '../../src/core/export/markdown';
import { modelToMermaid } from '../../src/core/export/mermaid';
import { irToLatex } from '../../src/core/export/latex';
import { irToCsv } from '../../src/core/export/csv';
import { parseCsv } from '../helpers/csv';

const HOSTILE = [
  '<img src=x onerror=alert(1)>', 'a|b', '`code`', 'line\nbreak', '<script>alert(2)</script>', '[link](javascript:alert(3))', '**bold**',
  '=cmd|calc', '![pic](http://evil/x.png)', '[ref]: http://evil', 'www.evil.example', 'https://evil.example', 'x'.repeat(500)
];

function layer(id: string, depth: number, type: string, params: number): LayerInfo {
  return {
    id,
    name: id,
    depth,
    type,
    category: 'linear',
    params,
    trainableParams: params,
    ownParams: params,
    trainable: true,
    outputShape: [1, 4],
    children: []
  };
}

function hostileModel(): ModelIR {
  const layers = [layer('', 0, 'Net<b>', 40 * HOSTILE.length)];
  HOSTILE.forEach(name => layers.push(layer(name, 1, 'Linear', 40)));
  return {
    name: '<img src=x onerror=alert(0)>|`m`',
    kind: 'instance',
    framework: 'pytorch',
    class: 'Net<b>',
    params: { total: 40 * HOSTILE.length, trainable: 40 * HOSTILE.length, nonTrainable: 0, buffers: 0 },
    layers,
    graph: {
      nodes: HOSTILE.map((name, i) => ({ id: `n${i}`, layer: name, label: name, type: 'Linear', category: 'linear' as const })),
      edges: HOSTILE.slice(1).map((_, i) => ({ from: `n${i}`, to: `n${i + 1}`, shape: [1, 4] }))
    },
    cell: 0,
    line: 0,
    diagnostics: [{ severity: 'warning', code: 'x', message: '<iframe src="http://evil">' }]
  };
}

const IR: ArchitectureIR = { models: [hostileModel()], diagnostics: [] };

function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('markdown export', () => {
  const md = irToMarkdown(IR);
  const html = marked.parse(md, { async: false }) as string;

  test('renders no element from notebook text', () => {
    expect(html).not.toMatch(/<img|<script|<iframe|<a |<b>|<code>|<em>/i);
    // the only emphasis is ArchLens' own severity label
    expect(html.match(/<strong>/g)).toEqual(['<strong>']);
  });

  test('the table keeps one row per layer and three columns per row', () => {
    const rows = md.split('\n').filter(l => l.startsWith('| '));
    expect(rows).toHaveLength(2 + 1 + HOSTILE.length);
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    const trs = body.split('<tr>').slice(1);
    expect(trs).toHaveLength(1 + HOSTILE.length);
    for (const tr of trs) {
      expect(tr.split('<td').length - 1).toBe(3);
    }
  });

  test('names show as the same visible text (newlines flattened, long names clipped)', () => {
    const visible = textOf(html);
    expect(visible).toContain('<img src=x onerror=alert(1)>');
    expect(visible).toContain('<script>alert(2)</script>');
    expect(visible).toContain('a|b');
    expect(visible).toContain('`code`');
    expect(visible).toContain('line break');
    expect(visible).toContain('[link](javascript:alert(3))');
    expect(visible).toContain('![pic](http://evil/x.png)');
    expect(visible).toContain('www.evil.example');
    expect(visible).toContain('x'.repeat(100) + '…');
    expect(visible).toContain(`Total params: ${40 * HOSTILE.length}`);
  });

  test('heading level and depth are options', () => {
    const m = modelToMarkdown(hostileModel(), { maxDepth: 0, headingLevel: 2 });
    expect(m.startsWith('## ')).toBe(true);
    expect(m.split('\n').filter(l => l.startsWith('| ')).length).toBe(3);
  });
});

describe('mermaid export', () => {
  const chart = modelToMermaid(hostileModel(), { depth: 1 });
  test('labels are quoted and cannot close the quote or add markup', () => {
    const lines = chart.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^ {2,}(n\d+\["[^"<>`|\n]*"\]|subgraph g\d+\["[^"<>`|\n]*"\]|end|n\d+ -->\|"[^"<>`|\n]*"\| n\d+|n\d+ --> n\d+)$/);
    }
    expect(lines.filter(l => l.includes('-->'))).toHaveLength(HOSTILE.length - 1);
  });
});

describe('latex export', () => {
  const tex = irToLatex(IR);
  test('special characters are escaped', () => {
    expect(tex).toContain('\\begin{tabular}{llr}');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\textless{}img src=x onerror=alert(1)\\textgreater{}');
    expect(tex).toContain('a\\textbar{}b');
    const body = tex.split('\n').filter(l => l.endsWith('\\\\'));
    for (const line of body) {
      // exactly two column separators per row (escaped \& does not count)
      expect(line.replace(/\\&/g, '').split('&').length).toBeGreaterThanOrEqual(2);
    }
    expect(tex).not.toMatch(/[^\\]\$/);
  });
});

describe('csv export', () => {
  const csv = irToCsv(IR);
  test('parses back to the same names and totals', () => {
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['model', 'layer', 'type', 'depth', 'output_shape', 'params', 'trainable']);
    const layerNames = rows.slice(2, 2 + HOSTILE.length).map(r => r[1]);
    expect(layerNames).toEqual(HOSTILE.map(n => (n.startsWith('=') ? "'" + n : n.replace(/\n/g, ' '))));
    const total = rows.find(r => r[1] === '(total)')!;
    expect(Number(total[5])).toBe(40 * HOSTILE.length);
    for (const r of rows) {
      expect(r).toHaveLength(7);
    }
  });
});
