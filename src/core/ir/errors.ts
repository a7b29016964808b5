// Which of a notebook's error diagnostics concern each model: those pointing at (or related
// to) the model's definition, its input, one of its layers or graph nodes, or a place its own
// diagnostics name (the failing call its graph stops at). `errors` on the model is their
// number, for summaries ("2 errors: the code would fail when run").
// Does not: decide what is an error (the frameworks do) or change any diagnostic.
import type { ArchitectureIR, Diagnostic, ModelIR, Span } from '../ir';

function key(s: Span): string {
  return `${s.file ?? ''}\u0000${s.cellId ?? s.cell}\u0000${s.startLine}:${s.startCol}-${s.endLine}:${s.endCol}`;
}

/** The places that belong to a model. */
function places(model: ModelIR): Set<string> {
  const out = new Set<string>();
  const add = (s: Span | undefined): void => {
    if (s) {
      out.add(key(s));
    }
  };
  add(model.span);
  add(model.input?.span);
  model.layers.forEach(l => add(l.span));
  model.graph.nodes.forEach(n => add(n.span));
  for (const d of model.diagnostics) {
    add(d.span);
    d.related?.forEach(add);
  }
  return out;
}

/** The notebook's error diagnostics that concern `model`. */
export function modelErrors(model: ModelIR, diagnostics: Diagnostic[]): Diagnostic[] {
  const mine = places(model);
  return diagnostics.filter(d => d.severity === 'error' && [d.span, ...(d.related ?? [])].some(s => s !== undefined && mine.has(key(s))));
}

/** The IR with `errors` set on every model some error concerns (the models are copied, not changed). */
export function withErrorCounts(ir: ArchitectureIR): ArchitectureIR {
  const errors = ir.diagnostics.filter(d => d.severity === 'error');
  if (errors.length === 0) {
    return ir;
  }
  return {
    ...ir,
    models: ir.models.map(m => {
      const n = modelErrors(m, errors).length + m.diagnostics.filter(d => d.severity === 'error').length;
      return n > 0 ? { ...m, errors: n } : m;
    })
  };
}
