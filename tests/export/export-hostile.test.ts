// Issue 19 item 6: export escaping complete for the renderer that shows each format. Markdown
// is rendered with marked (GFM, as JupyterLab renders a summary cell): no autolink (emails,
// www., bare URLs, mailto:/xmpp:) and no element. CSV is read back with every delimiter a
// locale may use; no field is a formula, also after leading whitespace or control
// characters; unknown values are empty, never `'--`. LaTeX, Mermaid and every text export
// carry no control character, noncharacter or unpaired surrogate.
import { marked } from 'marked';
import type { ArchitectureIR, LayerInfo, ModelIR } from '../../src/core/ir';
import { irToMarkdown } from '../../src/core/export/markdown';
import { summaryCell } from '../../src/core/export/summary-cell';
import { modelToMermaid } from '../../src/core/export/mermaid';
import { irToLatex } from '../../src/core/export/latex';
import { irToCsv } from '../../src/core/export/csv';
import { csvField, xmlText } from '../../src/core/export/escape';
import { parseCsv } from '../helpers/csv';

const LINKISH = [
  'admin@evil.example', 'x.admin+tag@mail.evil.example', 'www.evil.example', 'WWW.EVIL.EXAMPLE/path', 'https://evil.example/a?b=c',
  'http://evil.example', 'ftp://evil.example/f', 'mailto:admin@evil.example', 'xmpp:admin@evil.example', '<https://evil.example>',
  'see (www.evil.example)', 'a_www.evil.example'
];
const FORMULAS = ['=cmd|" /C calc"!A0', '+1+1', '-2+3', '@SUM(A1:A2)', ' =1+1', '\t=1+1', '\u0001=1+1', '\r\n=1', '\u00a0@x', '\uff1d1+1', 'a;=b', 'x,y', 'p|q', 't\tu'];
const CONTROL = ['nul\u0000name', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'c1\u0085\u009b', 'non\uffff\ufffe', 'lone\ud800', 'low\udc00x', 'pair😀ok', '\u202eright-to-left'];
const DIRECTIVES = ['%%{init: {"securityLevel": "loose"}}%%', 'click n1 call alert(1)', 'end\nstyle n1 fill:red', '[x]', '*star'];

function layer(id: string, depth: number, params: number | null, outputShape?: LayerInfo['outputShape']): LayerInfo {
  return { id, name: id, depth, type: 'Linear', category: 'linear', params, trainableParams: params, ownParams: params, trainable: true, outputShape, children: [] };
}

function model(names: string[]): ModelIR {
  const layers: LayerInfo[] = [layer('', 0, 10 * names.length, [1, 4])];
  names.forEach((n, i) => layers.push(layer(n, 1, i % 3 === 0 ? null : 10, i % 2 === 0 ? undefined : [1, 4])));
  return {
    name: names[0],
    kind: 'instance',
    framework: 'pytorch',
    class: 'Net',
    params: { total: 10 * names.length, trainable: 10 * names.length, nonTrainable: 0, buffers: 0 },
    layers,
    graph: { nodes: names.map((n, i) => ({ id: `n${i}`, layer: n, label: n, type: 'Linear', category: 'linear' as const })), edges: names.slice(1).map((n, i) => ({ from: `n${i}`, to: `n${i + 1}`, shape: [1, 4] })) },
    cell: 0,
    line: 0,
    diagnostics: [{ severity: 'warning', code: 'x', message: `see ${names.join(' ')}` }]
  };
}

const ALL = [...LINKISH, ...FORMULAS, ...CONTROL, ...DIRECTIVES];
const IR: ArchitectureIR = { models: [model(ALL)], diagnostics: [] };
/** What no export may contain: controls (but tab/CR/LF), DEL, C1 controls, U+FFFE/U+FFFF, unpaired surrogates. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('markdown (rendered by marked with GFM, as in a summary cell)', () => {
  for (const [name, md] of [['irToMarkdown', irToMarkdown(IR)], ['summaryCell', summaryCell(model(ALL))]] as const) {
    test(`${name}: no autolink and no element from notebook text`, () => {
      const html = marked.parse(md, { async: false, gfm: true }) as string;
      expect(html).not.toMatch(/<a[\s>]|href=|<img|<script|<iframe/i);
      // the visible text keeps the names (backslash escapes render as the characters)
      const visible = html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      for (const n of LINKISH) {
        expect(visible).toContain(n);
      }
    });
  }
});

describe('csv', () => {
  const csv = irToCsv(IR);
  for (const delimiter of [',', ';', '\t', '|']) {
    test(`read with the delimiter ${JSON.stringify(delimiter)}, every row keeps its 7 fields`, () => {
      const rows = parseCsv(csv, delimiter);
      expect(rows.length).toBe(1 + 1 + ALL.length + 3);
      for (const r of rows) {
        // a locale's reader splits only at its own delimiter: fields holding it are quoted
        expect(r.length).toBe(delimiter === ',' ? 7 : 1);
      }
    });
  }

  test('no field starts a formula, also after leading whitespace or control characters', () => {
    for (const r of parseCsv(csv)) {
      for (const field of r) {
        expect(field.replace(/^[\s\u0000-\u001f\u0085\u00a0\ufeff]+/, '')).not.toMatch(/^[=+\-@\uff1d\uff0b\uff0d\uff20]/);
      }
    }
    expect(csvField(' =1+1')).toBe("' =1+1");
    expect(csvField('\t@x')).toBe("\"'\t@x\"");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField('plain')).toBe('plain');
  });

  test('unknown or absent values are empty fields, never "\'--"', () => {
    const rows = parseCsv(csv);
    expect(rows.flat()).not.toContain("'--");
    const absent = rows.find(r => r[1] === ALL[0])!;
    expect(absent[4]).toBe(''); // never called: no output shape
    expect(absent[5]).toBe(''); // unknown count
    expect(rows.find(r => r[1] === ALL[1])![4]).toBe('[1, 4]');
  });
});

describe('every text export', () => {
  const outputs: Array<[string, string]> = [
    ['markdown', irToMarkdown(IR)],
    ['summary cell', summaryCell(model(ALL))],
    ['mermaid', modelToMermaid(model(ALL), { depth: 1 })],
    ['latex', irToLatex(IR)],
    ['csv', irToCsv(IR)]
  ];
  for (const [name, text] of outputs) {
    test(`${name}: no control character, noncharacter or unpaired surrogate`, () => {
      expect(JSON.stringify(UNSAFE.exec(text)?.[0] ?? null)).toBe('null');
      expect(() => encodeURIComponent(text)).not.toThrow();
    });
  }

  test('mermaid: no directive, no statement break, labels cannot close their quotes', () => {
    const chart = modelToMermaid(model(ALL), { depth: 1 });
    expect(chart).not.toContain('%%');
    expect(chart).not.toContain('securityLevel"');
    const lines = chart.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^ {2,}(n\d+\["[^"<>`|\n%{}]*"\]|subgraph g\d+\["[^"<>`|\n%{}]*"\]|end|n\d+ -->\|"[^"<>`|\n%{}]*"\| n\d+|n\d+ --> n\d+)$/);
    }
  });

  test('latex: a cell cannot feed the row break its optional [length] or star', () => {
    const m = model(['[x]', '*star']);
    m.layers[0].type = '[root]';
    const tex = irToLatex({ models: [m, ...IR.models], diagnostics: [] });
    expect(tex).toContain('{}[root] &');
    // after a row break, the next non-space character is never `[` or `*`
    expect(tex).not.toMatch(/\\\\\s*[[*]/);
  });
});

test('xmlText leaves only characters XML 1.0 allows', () => {
  const all = CONTROL.join('') + '\u0009\u000a\u000d ok';
  const clean = xmlText(all);
  for (const ch of clean) {
    const c = ch.codePointAt(0)!;
    const allowed = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    expect([ch, allowed]).toEqual([ch, true]);
  }
  expect(clean).toContain('pair😀ok');
  expect(clean).toContain('lone');
});
