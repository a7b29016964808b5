// Markdown summary of an ArchitectureIR: per model, a torchinfo-like table (PyTorch) or a
// table in the layout of Keras' model.summary() (Keras), then totals, mult-adds and memory.
// Pure text; every notebook-derived string goes through escape.ts.
import type { ArchitectureIR, Diagnostic, LayerInfo, ModelIR } from '../ir';
import { modelErrors } from '../ir/errors';
import { markdownCell, markdownText } from './escape';
import { DTYPE_BYTES, formatBytes, formatCount, formatDim, formatKerasShape } from './format';
import { paramText, TableRow, tableRows, tableTotals } from './table';
import { GIVEN_LABEL, givenText } from './given';

export interface MarkdownOptions {
  /** Deepest layer level in the table (root = 0). */
  maxDepth?: number;
  /** Heading level for the model title (3 = `###`). */
  headingLevel?: number;
  /** The notebook's error diagnostics that concern the model (ir/errors.ts), listed under it. */
  errors?: Diagnostic[];
}

export function modelToMarkdown(model: ModelIR, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const framework = model.framework === 'pytorch' ? 'PyTorch' : 'Keras';
  out.push(`${'#'.repeat(options.headingLevel ?? 3)} ${markdownText(model.name)} (${markdownText(model.class)}, ${framework})`);
  out.push('');
  if (model.errors) {
    out.push(`**${model.errors} ${model.errors === 1 ? 'error' : 'errors'}: the code would fail when run** (listed below)`);
    out.push('');
  }
  if (model.framework === 'keras') {
    out.push(kerasTable(model));
    out.push('');
    out.push(...kerasTotalsLines(model));
  } else {
    out.push(modelTable(model, options.maxDepth));
    out.push('');
    out.push(...totalsLines(model));
  }
  const problems = problemLines(model, options.errors);
  if (problems.length) {
    out.push('', ...problems);
  }
  return out.join('\n');
}

/** The model's errors and warnings (the notebook's errors that concern it first), one line each with where they are. */
export function problemLines(model: ModelIR, errors: Diagnostic[] = []): string[] {
  return [...errors, ...model.diagnostics.filter(d => d.severity !== 'info' && !errors.includes(d))]
    .map(d => {
      const where = d.span ? ` (cell ${d.span.cell + 1}, line ${d.span.startLine + 1})` : '';
      return `- **${d.severity}**: ${markdownText(d.message, 300)}${where}`;
    });
}

export function modelTable(model: ModelIR, maxDepth?: number): string {
  // torchinfo's col_names=("output_size", "num_params", "mult_adds") when mult-adds are known
  const macs = model.multAdds !== undefined;
  const out = macs
    ? ['| Layer (type) | Output shape | Param # | Mult-adds |', '| --- | --- | ---: | ---: |']
    : ['| Layer (type) | Output shape | Param # |', '| --- | --- | ---: |'];
  for (const row of tableRows(model, maxDepth)) {
    const cells = [layerLabel(row), markdownCell(row.outputShape), markdownCell(paramText(row.params))];
    if (macs) {
      cells.push(markdownCell(row.multAdds === undefined ? '--' : paramText(row.multAdds)));
    }
    out.push(`| ${cells.join(' | ')} |`);
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
  if (model.multAdds !== undefined) {
    const macs = model.multAdds;
    out.push(`- Total mult-adds (torchinfo's convention): ${typeof macs === 'number' ? formatCount(macs) : markdownCell(formatDim(macs))}`);
  }
  out.push(...memoryLines(model), ...givenLines(model));
  return out;
}

/** The values the user gave (not from the notebook) these numbers use, if any. */
export function givenLines(model: ModelIR): string[] {
  const given = givenText(model);
  return given ? [`- ${GIVEN_LABEL}: ${markdownText(given)}`] : [];
}

/** Parameter memory for the usual dtypes (decimal units, torchinfo's MB of 10^6 bytes). */
export function memoryLines(model: ModelIR): string[] {
  const total = model.params.total;
  if (total === null) {
    return [];
  }
  const sizes = DTYPE_BYTES.map(([dtype, bytes]) => `${formatBytes(total * bytes)} (${dtype})`);
  return [`- Params size: ${sizes.join(', ')}`];
}

/**
 * Keras' summary layout: top-level layers only, shapes as tuples with None, a
 * "Connected to" column for functional models.
 */
export function kerasTable(model: ModelIR): string {
  const functional = model.kind === 'functional';
  const out = functional
    ? ['| Layer (type) | Output Shape | Param # | Connected to |', '| --- | --- | ---: | --- |']
    : ['| Layer (type) | Output Shape | Param # |', '| --- | --- | ---: |'];
  const inputs = new Map<string, string[]>();
  for (const e of model.graph.edges) {
    inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
  }
  for (const layer of model.layers.filter(l => l.depth === 1)) {
    const cells = [
      `${markdownCell(layer.name)} (${markdownCell(layer.type)})`,
      markdownCell(formatKerasShape(layer.outputShape)),
      markdownCell(layerParams(layer))
    ];
    if (functional) {
      const from = inputs.get(layer.id) ?? [];
      cells.push(from.length ? from.map(f => markdownCell(`${f}[0][0]`)).join(', ') : '\\-');
    }
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

function layerParams(layer: LayerInfo): string {
  return layer.params === null ? '?' : typeof layer.params === 'number' ? formatCount(layer.params) : formatDim(layer.params);
}

export function kerasTotalsLines(model: ModelIR): string[] {
  const p = model.params;
  if (p.total === null) {
    return p.symbolicTotal
      ? [`- Total params: ${markdownText(formatDim(p.symbolicTotal))} (symbolic in ${markdownText(p.symbolicTotal.symbols.join(', '))})`, ...givenLines(model)]
      : ['- Total params: unknown (see diagnostics)', ...givenLines(model)];
  }
  const line = (label: string, n: number | null) => `- ${label}: ${formatCount(n)}${n === null ? '' : ` (${formatBytes(n * 4)})`}`;
  return [line('Total params', p.total), line('Trainable params', p.trainable), line('Non-trainable params', p.nonTrainable), ...memoryLines(model), ...givenLines(model)];
}

export function irToMarkdown(ir: ArchitectureIR): string {
  if (ir.models.length === 0) {
    return '_No PyTorch or Keras models found._\n';
  }
  return ir.models.map(m => modelToMarkdown(m, { errors: m.errors ? modelErrors(m, ir.diagnostics) : [] })).join('\n\n') + '\n';
}

function layerLabel(row: TableRow): string {
  if (row.id === '') {
    return markdownCell(row.type);
  }
  const indent = '&nbsp;&nbsp;'.repeat(Math.max(0, row.depth - 1)) + '└─ ';
  return `${indent}${markdownCell(row.name)} (${markdownCell(row.type)})`;
}
