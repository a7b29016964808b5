// The summary table as plain rows, shared by the markdown, LaTeX and CSV exporters:
// one row per layer down to `maxDepth`, plus the model's totals.
import type { LayerInfo, ModelIR } from '../ir';
import { formatCount, formatDim, formatShape } from './format';

export interface TableRow {
  /** Dotted attribute path ('' for the root). */
  id: string;
  name: string;
  type: string;
  depth: number;
  outputShape: string;
  /** Exact count, a symbolic expression, or null when unknown. */
  params: number | string | null;
  trainable: boolean | 'partial';
  sharedWith?: string;
  /** torchinfo-style mult-adds of this row (undefined when the model has none). */
  multAdds?: number | string | null;
}

export interface TableTotals {
  total: string;
  trainable: string;
  nonTrainable: string;
  buffers: number | null;
  shared: number;
  exact: boolean;
}

/** Rows down to `maxDepth`; a layer with no output shape (never called) shows `missing`. */
export function tableRows(model: ModelIR, maxDepth = Infinity, missing = '--'): TableRow[] {
  return model.layers.filter(l => l.depth <= maxDepth).map(l => rowOf(l, missing));
}

function rowOf(layer: LayerInfo, missing: string): TableRow {
  return {
    id: layer.id,
    name: layer.id === '' ? layer.type : layer.name,
    type: layer.type,
    depth: layer.depth,
    outputShape: formatShape(layer.outputShape, missing),
    params: layer.params === null ? null : typeof layer.params === 'number' ? layer.params : formatDim(layer.params),
    trainable: layer.trainable,
    sharedWith: layer.sharedWith,
    multAdds: layer.multAdds === undefined ? undefined : layer.multAdds === null ? null : typeof layer.multAdds === 'number' ? layer.multAdds : formatDim(layer.multAdds)
  };
}

export function tableTotals(model: ModelIR): TableTotals {
  const p = model.params;
  const exact = p.total !== null;
  const symbolic = p.symbolicTotal ? formatDim(p.symbolicTotal) : undefined;
  return {
    total: exact ? formatCount(p.total) : symbolic ?? 'unknown',
    trainable: exact ? formatCount(p.trainable) : 'unknown',
    nonTrainable: exact ? formatCount(p.nonTrainable) : 'unknown',
    buffers: p.buffers,
    shared: p.shared ?? 0,
    exact
  };
}

export function paramText(params: number | string | null): string {
  return params === null ? '?' : typeof params === 'number' ? formatCount(params) : params;
}
