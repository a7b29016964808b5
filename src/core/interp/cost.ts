// Work metering for operations that cost more than one interpreter step. Deep equality,
// containment, ordering, hashing, repr/format and argument rendering visit every element of
// a value; string and list builders make results whose size is known before they are built.
// Each charges the work it does to the active meter (the interpreter while cells run, the
// IR build after it), which enforces maxSteps and reads the wall clock on every costly
// charge; sizes are checked against maxStringLength / maxCollectionLength BEFORE anything is
// allocated, so no single step can build a giant string or list.
// Does not: choose budget values (budgets.ts) or report diagnostics (the interpreter turns
// a BudgetError into one and drops the statement's effects).
import { Budgets, DEFAULT_BUDGETS } from './budgets';
import type { Value } from './values';

/** A budget was exhausted; `budget` names it (the diagnostic code is `budget-<name>`). */
export class BudgetError extends Error {
  constructor(readonly budget: string, message: string) {
    super(message);
  }
}

/** Where charges go: counts work against maxSteps and looks at the wall clock. */
export interface Meter {
  readonly budgets: Budgets;
  /** Counts `units` of work done; throws BudgetError past a budget. */
  charge(units: number): void;
}

/** A charge of at least this many units reads the wall clock at once (a "costly" operation). */
export const COSTLY_UNITS = 64;

let active: Meter | null = null;

/** Runs `fn` with `meter` receiving the charges (restores the previous meter afterwards). */
export function metered<T>(meter: Meter | null, fn: () => T): T {
  const previous = active;
  active = meter;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** The active meter's budgets (the defaults when no analysis is running). */
export function currentBudgets(): Budgets {
  return active ? active.budgets : DEFAULT_BUDGETS;
}

/** Counts `units` of work against the active meter (nothing when none is active). */
export function charge(units: number): void {
  if (active !== null) {
    active.charge(units);
  }
}

/**
 * Throws BudgetError('maxStringLength') when a string of `length` characters may not be built.
 * Charges the work of building it, except for concatenation (`charged` false), which
 * JavaScript does in constant time.
 */
export function reserveString(length: number, what = 'string', budgets?: Budgets, charged = true): void {
  const max = (budgets ?? currentBudgets()).maxStringLength;
  if (!(length <= max)) {
    throw new BudgetError('maxStringLength', `${what} longer than maxStringLength (${max})`);
  }
  if (charged && length >= 4096) {
    charge(length >>> 6);
  }
}

/** Throws BudgetError('maxCollectionLength') when a collection of `count` items may not be built; charges its cost. */
export function reserveItems(count: number, what = 'collection', budgets?: Budgets, charged = true): void {
  const max = (budgets ?? currentBudgets()).maxCollectionLength;
  if (!(count <= max)) {
    throw new BudgetError('maxCollectionLength', `${what} longer than maxCollectionLength (${max})`);
  }
  if (charged && count >= 256) {
    charge(count >>> 2);
  }
}

/** Work in proportion to a value's own size (items, entries, characters / 16); 0 for scalars. */
export function sizeUnits(v: Value): number {
  switch (v.k) {
    case 'list':
    case 'tuple':
    case 'set':
      return v.items.length;
    case 'dict':
      return v.map.size;
    case 'str':
      return v.v.length >>> 4;
    default:
      return 0;
  }
}

/** Throws BudgetError('maxValueDepth') when a walk over a nested value goes deeper than the budget. */
export function checkDepth(depth: number): void {
  const max = currentBudgets().maxValueDepth;
  if (depth > max) {
    throw new BudgetError('maxValueDepth', `value nested deeper than maxValueDepth (${max})`);
  }
}
