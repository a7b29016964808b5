// Markdown summary of an ArchitectureIR: one torchinfo-like table per model plus totals.
// Pure text; every notebook-derived string goes through escape.ts.
import type { ArchitectureIR, LayerInfo, ModelIR } from '../ir';
import { markdownCell, markdownText } from './escape';
import { formatCount, formatShape } from './format';

export function modelToMarkdown(model: ModelIR): string {
  const out: string[] = [];
  const framework = model.framework === 'pytorch' ? 'PyTorch' : 'Keras';
  out.push(`### ${markdownText(model.name)} (${markdownText(model.class)}, ${framework})`);
  out.push('');
  out.push('| Layer (type) | Output shape | Param # |');
  out.push('| --- | --- | ---: |');
  for (const layer of model.layers) {
    out.push(`| ${layerLabel(layer)} | ${markdownCell(formatShape(layer.outputShape))} | ${markdownCell(paramCell(layer))} |`);
  }
  out.push('');
  const p = model.params;
  if (p.total !== null) {
    out.push(`- Total params: ${formatCount(p.total)}`);
    out.push(`- Trainable params: ${formatCount(p.trainable)}`);
    out.push(`- Non-trainable params: ${formatCount(p.nonTrainable)}`);
  } else if (p.symbolicTotal) {
    out.push(`- Total params: ${markdownText(p.symbolicTotal.expr)} (symbolic in ${markdownText(p.symbolicTotal.symbols.join(', '))})`);
  } else {
    out.push('- Total params: unknown (see diagnostics)');
  }
  if (p.buffers) {
    out.push(`- Buffers: ${formatCount(p.buffers)}`);
  }
  if (p.shared) {
    out.push(`- Shared params (counted once): ${formatCount(p.shared)}`);
  }
  const errors = model.diagnostics.filter(d => d.severity !== 'info');
  if (errors.length) {
    out.push('');
    for (const d of errors) {
      const where = d.span ? ` (cell ${d.span.cell + 1}, line ${d.span.startLine + 1})` : '';
      out.push(`- **${d.severity}**: ${markdownText(d.message)}${where}`);
    }
  }
  return out.join('\n');
}

export function irToMarkdown(ir: ArchitectureIR): string {
  if (ir.models.length === 0) {
    return '_No PyTorch or Keras models found._\n';
  }
  return ir.models.map(modelToMarkdown).join('\n\n') + '\n';
}

function layerLabel(layer: LayerInfo): string {
  const indent = layer.depth > 0 ? '&nbsp;&nbsp;'.repeat(layer.depth - 1) + '└─ ' : '';
  const name = layer.id === '' ? layer.type : `${markdownCell(layer.name)} (${markdownCell(layer.type)})`;
  return indent + (layer.id === '' ? markdownCell(name) : name);
}

function paramCell(layer: LayerInfo): string {
  if (layer.params === null) {
    return '?';
  }
  return typeof layer.params === 'number' ? formatCount(layer.params) : layer.params.expr;
}
