// Markdown summary of an ArchitectureIR: one torchinfo-like table per model plus totals.
// Pure text; every notebook-derived string goes through escape.ts.
import type { ArchitectureIR, ModelIR } from '../ir';
import { markdownCell, markdownText } from './escape';
import { formatCount } from './format';
import { paramText, TableRow, tableRows, tableTotals } from './table';

export interface MarkdownOptions {
  /** Deepest layer level in the table (root = 0). */
  maxDepth?: number;
  /** Heading level for the model title (3 = `###`). */
  headingLevel?: number;
}

export function modelToMarkdown(model: ModelIR, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const framework = model.framework === 'pytorch' ? 'PyTorch' : 'Keras';
  out.push(`${'#'.repeat(options.headingLevel ?? 3)} ${markdownText(model.name)} (${markdownText(model.class)}, ${framework})`);
  out.push('');
  out.push(modelTable(model, options.maxDepth));
  out.push('');
  out.push(...totalsLines(model));
  const problems = model.diagnostics.filter(d => d.severity !== 'info');
  if (problems.length) {
    out.push('');
    for (const d of problems) {
      const where = d.span ? ` (cell ${d.span.cell + 1}, line ${d.span.startLine + 1})` : '';
      out.push(`- **${d.severity}**: ${markdownText(d.message, 300)}${where}`);
    }
  }
  return out.join('\n');
}

export function modelTable(model: ModelIR, maxDepth?: number): string {
  const out = ['| Layer (type) | Output shape | Param # |', '| --- | --- | ---: |'];
  for (const row of tableRows(model, maxDepth)) {
    out.push(`| ${layerLabel(row)} | ${markdownCell(row.outputShape)} | ${markdownCell(paramText(row.params))} |`);
  }
  return out.join('\n');
}

export function totalsLines(model: ModelIR): string[] {
  const t = tableTotals(model);
  const out: string[] = [];
  if (t.exact) {
    out.push(`- Total params: ${t.total}`, `- Trainable params: ${t.trainable}`, `- Non-trainable params: ${t.nonTrainable}`);
  } else if (model.params.symbolicTotal) {
    out.push(`- Total params: ${markdownText(t.total)} (symbolic in ${markdownText(model.params.symbolicTotal.symbols.join(', '))})`);
  } else {
    out.push('- Total params: unknown (see diagnostics)');
  }
  if (t.buffers) {
    out.push(`- Buffers: ${formatCount(t.buffers)}`);
  }
  if (t.shared) {
    out.push(`- Shared params (counted once): ${formatCount(t.shared)}`);
  }
  return out;
}

export function irToMarkdown(ir: ArchitectureIR): string {
  if (ir.models.length === 0) {
    return '_No PyTorch or Keras models found._\n';
  }
  return ir.models.map(m => modelToMarkdown(m)).join('\n\n') + '\n';
}

function layerLabel(row: TableRow): string {
  if (row.id === '') {
    return markdownCell(row.type);
  }
  const indent = '&nbsp;&nbsp;'.repeat(Math.max(0, row.depth - 1)) + '└─ ';
  return `${indent}${markdownCell(row.name)} (${markdownCell(row.type)})`;
}
