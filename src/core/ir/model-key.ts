// The key of a model within its document: what given input shapes (AnalyzeOptions.inputShapes,
// the CLI's --input-shape) and the panel's per-model state are looked up by. A model keeps
// the plain name it is bound to; a model whose name was bound again later (`rebound`) is
// keyed by its name and where it was bound, so no value given for one reaches the other.
// Does not: decide which models are rebound (the frameworks' extractors do).
import type { ModelIR, Span } from '../ir';

/** `model`, or `model@<cell id or "cell N">:<line>` (1-based) for a rebound model. */
export function modelKey(model: Pick<ModelIR, 'name' | 'rebound' | 'cell' | 'cellId' | 'line'>): string {
  return model.rebound ? reboundKey(model.name, model.cellId, model.cell, model.line) : model.name;
}

/** The key of a rebound model from its binding's span (as modelKey gives it for the IR). */
export function reboundKeyOf(name: string, span: Span | undefined): string {
  return reboundKey(name, span?.cellId, span?.cell ?? 0, span?.startLine ?? 0);
}

function reboundKey(name: string, cellId: string | undefined, cell: number, line: number): string {
  return `${name}@${cellId ?? `cell${cell + 1}`}:${line + 1}`;
}
