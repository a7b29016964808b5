// The summary table as CSV (RFC 4180): one row per layer of every model, totals as rows
// with layer "(total)". Fields are quoted and guarded against spreadsheet formulas
// (escape.ts). An output shape that does not exist (a layer never called) is an empty
// field, an unknown one `?`, an unknown count empty.
import type { ArchitectureIR } from '../ir';
import { csvField } from './escape';
import { formatDim, formatShape } from './format';
import { tableRows } from './table';

export const CSV_HEADER = ['model', 'layer', 'type', 'depth', 'output_shape', 'params', 'trainable'];

export function irToCsv(ir: ArchitectureIR): string {
  const lines = [CSV_HEADER.join(',')];
  for (const model of ir.models) {
    for (const row of tableRows(model, Infinity, '')) {
      lines.push(
        [model.name, row.id, row.type, row.depth, row.outputShape, row.params, row.trainable === 'partial' ? 'partial' : row.trainable]
          .map(v => csvField(v as string | number | boolean | null))
          .join(',')
      );
    }
    const p = model.params;
    lines.push([model.name, '(total)', model.class, '', '', p.total ?? (p.symbolicTotal ? formatDim(p.symbolicTotal) : null), ''].map(v => csvField(v as string | number | null)).join(','));
    lines.push([model.name, '(trainable)', '', '', '', p.trainable, ''].map(v => csvField(v as number | null)).join(','));
    lines.push([model.name, '(non-trainable)', '', '', '', p.nonTrainable, ''].map(v => csvField(v as number | null)).join(','));
    // Values the user gave, not from the notebook: one "(given)" row each.
    for (const [name, value] of model.givenSymbols ?? []) {
      lines.push([model.name, '(given)', name, '', '', value, ''].map(v => csvField(v as string | number)).join(','));
    }
    if (model.input?.source === 'user' && model.input.shape) {
      lines.push([model.name, '(given)', 'input_shape', '', formatShape(model.input.shape), '', ''].map(v => csvField(v)).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
