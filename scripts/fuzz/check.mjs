// Invariants `npm run fuzz` checks on every result: the IR crosses a worker boundary (JSON),
// the anchor models around hostile code keep their exact totals, no secret from outside the
// folder reaches the IR, and every export is well-formed and inert when rendered: markdown
// rendered by marked (GFM) makes no link or element, CSV keeps its shape under every
// delimiter a locale may use and starts no formula, Mermaid labels stay inside their quotes
// and carry no directive, LaTeX rows cannot feed a row break, and no export carries a
// control character, noncharacter or unpaired surrogate.
// Does not: generate inputs (generate.mjs) or run the analyzer (fuzz.mjs).

const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** RFC 4180 fields of `text` split at `delimiter`. */
function parseCsv(text, delimiter) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

/** Problems with the exports of `ir` (empty when all is well). */
export function exportProblems(core, marked, ir) {
  const problems = [];
  const texts = [];
  const md = core.irToMarkdown(ir);
  texts.push(['markdown', md]);
  for (const m of ir.models) {
    texts.push(['summary cell', core.summaryCell(m)]);
    texts.push(['mermaid', core.modelToMermaid(m, { depth: 2 })]);
  }
  const csv = core.irToCsv(ir);
  texts.push(['csv', csv]);
  const tex = core.irToLatex(ir);
  texts.push(['latex', tex]);
  for (const [name, text] of texts) {
    if (UNSAFE.test(text)) {
      problems.push(`${name}: carries an unsafe character ${JSON.stringify(UNSAFE.exec(text)[0])}`);
    }
    if (name === 'markdown' || name === 'summary cell') {
      const html = marked.parse(text, { async: false, gfm: true });
      const bad = /<a[\s>]|href=|<img|<script|<iframe|<svg|<style|<object|<embed/i.exec(html);
      if (bad) {
        problems.push(`${name}: renders ${bad[0]}`);
      }
    }
    if (name === 'mermaid') {
      for (const line of text.split('\n').slice(1)) {
        if (!/^ {2}(n[\w-]*\["[^"<>`|\n%{}]*"\]|n[\w-]* -->\|"[^"<>`|\n%{}]*"\| n[\w-]*|n[\w-]* --> n[\w-]*|subgraph [^\n]*|end|%%[^\n]*|class[^\n]*|style[^\n]*)$/.test(line) && line !== '') {
          problems.push(`mermaid: unexpected line ${JSON.stringify(line.slice(0, 80))}`);
          break;
        }
      }
    }
  }
  const rows = parseCsv(csv, ',');
  if (rows.some(r => r.length !== 7)) {
    problems.push('csv: a row does not have 7 fields');
  }
  for (const d of [';', '\t', '|']) {
    if (parseCsv(csv, d).some(r => r.length !== 1)) {
      problems.push(`csv: an unquoted ${JSON.stringify(d)} splits a field in locales that use it`);
    }
  }
  for (const f of rows.flat()) {
    if (/^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(f.replace(/^[\s\u0000-\u001f\u0085\u00a0\ufeff]+/, ''))) {
      problems.push(`csv: a field starts a formula: ${JSON.stringify(f.slice(0, 40))}`);
      break;
    }
  }
  if (/\\\\\s*[[*]/.test(tex)) {
    problems.push('latex: a row starts with [ or *');
  }
  return problems;
}

/**
 * Problems with the anchor models: each must be reported with its exact total. Only the wall
 * clock may excuse one (machine-dependent): the analysis stopped before the last anchor
 * (its grace period ended), or the build deadline passed before it was built — then it is
 * unknown with that reason, never a wrong number.
 */
export function anchorProblems(ir, anchors) {
  const problems = [];
  const stopped = ir.diagnostics.some(d => /grace period/.test(d.message));
  for (const a of anchors) {
    if (a.name === 'anchor_last' && stopped) {
      continue;
    }
    const m = ir.models.find(x => x.name === a.name);
    if (m && m.params.total === null && m.diagnostics.some(d => d.code === 'budget-maxWallMs')) {
      continue;
    }
    if (!m || m.params.total !== a.total) {
      problems.push(`anchor ${a.name}: expected ${a.total}, got ${m ? m.params.total : 'no model'}`);
    }
  }
  return problems;
}
