// Isolation of the IR build, one model at a time: the work meter used while a model is built
// (its costly operations count against maxSteps and the build deadline), and the entry that
// stands for a model whose build failed — past a budget, or by overflowing the JavaScript
// stack on a hostile nesting — so that model alone loses its numbers and every other model
// keeps its own.
// Does not: build models (ir/build.ts, frameworks/keras/extract.ts) or choose budgets.
import type { ModelIR, Span } from './ir';
import type { Budgets } from './interp/budgets';
import { BudgetError, COSTLY_UNITS, Meter, metered } from './interp/cost';
import type { ClassV, InstanceV } from './interp/values';
import { BuildDeadline, unbuiltModel } from './ir/deadline';

/** Charges of one model's build: at most maxSteps units, and the deadline read on costly ones. */
export class BuildMeter implements Meter {
  private units = 0;

  constructor(readonly budgets: Budgets, private readonly deadline: BuildDeadline) {}

  charge(units: number): void {
    this.units += units;
    if (this.units > this.budgets.maxSteps) {
      throw new BudgetError('maxSteps', `model not built: building it took more than maxSteps (${this.budgets.maxSteps}) units of work`);
    }
    if (units >= COSTLY_UNITS) {
      this.deadline.check();
    } else {
      this.deadline.tick();
    }
  }
}

/**
 * Whether some module of the tree under `root` is nested more than `limit` levels deep, by
 * an iterative walk (each module once). Such a model is not built: its rows alone would hold
 * paths of quadratic total length, and the recursive walks of the build would overflow.
 */
export function nestedDeeperThan(root: InstanceV, limit: number): boolean {
  const seen = new Set<InstanceV>([root]);
  const stack: Array<[InstanceV, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [m, depth] = stack.pop() as [InstanceV, number];
    if (depth > limit) {
      return true;
    }
    for (const c of m.mod?.modules.values() ?? []) {
      if (c && !seen.has(c)) {
        seen.add(c);
        stack.push([c, depth + 1]);
      }
    }
  }
  return false;
}

/** The per-model build guard the analyzer hands to the frameworks' extraction (ExtractOptions.isolate). */
export interface Isolation {
  (f: FoundModel, build: () => ModelIR): ModelIR;
  /** A fresh meter for work done outside any one model's build. */
  meter(): BuildMeter;
}

/**
 * Builds each model with a meter of its own; a model nested deeper than maxValueDepth is not
 * built; any error (a budget, a stack overflow) makes that model alone unknown.
 */
export function isolation(budgets: Budgets, deadline: BuildDeadline): Isolation {
  const guard = (f: FoundModel, build: () => ModelIR): ModelIR => {
    if (f.inst && nestedDeeperThan(f.inst, budgets.maxValueDepth)) {
      return unbuildable(f, new BudgetError('maxValueDepth', `model not built: its modules are nested more than maxValueDepth (${budgets.maxValueDepth}) levels deep`));
    }
    try {
      return metered(new BuildMeter(budgets, deadline), build);
    } catch (e) {
      return unbuildable(f, e);
    }
  };
  return Object.assign(guard, { meter: () => new BuildMeter(budgets, deadline) });
}

/** What the analyzer knows of a model before building it. */
export interface FoundModel {
  name: string;
  inst?: InstanceV;
  cls?: ClassV;
  span?: Span;
}

/** A model whose build threw (`error`): listed with unknown totals and the reason. */
export function unbuildable(f: FoundModel, error: unknown): ModelIR {
  const inst = f.inst;
  const e =
    error instanceof BudgetError
      ? error
      : error instanceof RangeError
        ? new BudgetError('maxCallDepth', 'model not built: it is nested too deeply (maxCallDepth)')
        : new BudgetError('internal', `model not built: ${error instanceof Error ? error.message : String(error)}`);
  const model = unbuiltModel(
    {
      name: f.name,
      kind: !inst ? 'class' : inst.mod?.layerType === 'Sequential' && !inst.cls.user ? 'sequential' : 'instance',
      framework: (inst?.cls.framework ?? f.cls?.framework) === 'keras' ? 'keras' : 'pytorch',
      class: inst ? (inst.cls.user ? inst.cls.name : inst.mod?.layerType ?? inst.cls.name) : f.cls?.name ?? '?'
    },
    e,
    f.span
  );
  if (e.budget === 'internal') {
    model.diagnostics[0].code = 'internal';
  }
  return model;
}
