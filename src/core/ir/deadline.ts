// Wall-clock deadline of the IR build (torch and Keras). Building runs after interpretation,
// outside the interpreter's step and wall checks, and its cost grows with the number of
// modules/layers, so it has a deadline of its own: past it, tick() throws
// BudgetError('maxWallMs') and the model being built (and every later one) is reported with
// unknown totals and no rows, never with half-built numbers.
// Does not: decide the deadline (the analyzer does) or build anything.
import type { ModelIR, Span } from '../ir';
import { BudgetError } from '../interp/ops';

export class BuildDeadline {
  private n = 0;

  constructor(readonly at: number, readonly budgetMs: number) {}

  passed(): boolean {
    return Date.now() > this.at;
  }

  /** One unit of build work; looks at the clock every 256 units. */
  tick(): void {
    if ((++this.n & 255) === 0 && this.passed()) {
      throw this.error();
    }
  }

  /** Throws at once when the deadline has passed (before starting a model). */
  check(): void {
    if (this.passed()) {
      throw this.error();
    }
  }

  error(): BudgetError {
    return new BudgetError('maxWallMs', `model not built: the analysis ran past maxWallMs (${this.budgetMs} ms)`);
  }
}

/** A model listed by name with unknown totals, no rows, and the budget that stopped it. */
export function unbuiltModel(base: Pick<ModelIR, 'name' | 'kind' | 'framework' | 'class' | 'rebound'>, e: BudgetError, span?: Span): ModelIR {
  const model: ModelIR = {
    ...base,
    params: { total: null, trainable: null, nonTrainable: null, buffers: null },
    layers: [],
    graph: { nodes: [], edges: [] },
    cell: span?.cell ?? 0,
    line: span?.startLine ?? 0,
    diagnostics: [{ severity: 'info', code: `budget-${e.budget}`, message: e.message, span }]
  };
  if (span?.cellId !== undefined) {
    model.cellId = span.cellId;
  }
  if (span) {
    model.span = span;
  }
  return model;
}
