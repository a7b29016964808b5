// Named limits of the abstract interpreter. Each one keeps hostile or huge notebooks from
// hanging the worker or exhausting memory; when one is hit, the value in hand becomes
// Unknown and a diagnostic names the budget (code 'budget-<name>').
// Does not: measure anything itself; the interpreter checks these values.

export interface Budgets {
  /** Statements + expressions evaluated per analysis. Stops `while True:` and huge loops. */
  maxSteps: number;
  /** Nested Python calls. Stops recursion bombs before the JS stack overflows. */
  maxCallDepth: number;
  /** Elements of one list/tuple/dict/range/string repetition. Stops `[0] * 10**9`. */
  maxCollectionLength: number;
  /** Decimal digits of one integer. Stops `10**10**10` from allocating a giant BigInt. */
  maxIntDigits: number;
  /** Characters of one string. Stops `"a" * 10**10`. */
  maxStringLength: number;
  /**
   * Wall-clock milliseconds for one analyze() call. A last guard for anything missed. The
   * statement running when it passes loses its effects; the statements after it still run for
   * a grace period of a quarter of this, each with a fortieth of maxSteps (enough for a layer
   * or a small model, not for another bomb), so one slow statement does not hide the models
   * built after it. The IR build then has a tenth of this (ir/deadline.ts).
   */
  maxWallMs: number;
  /** Iterations of a single loop. A loop this long is data processing, not model building. */
  maxLoopIterations: number;
  /**
   * nn.Module instances created per analysis (constructed, built inside a layer, or deep
   * copied); Keras layers/models are held to the same number. Every module costs time in the IR build after interpretation, outside the step
   * budget, so this bounds that phase. Real models stay far below: GPT-2 ~150 modules,
   * ResNet-152 ~500, DenseNet-201 ~700, large LLM configs a few thousand; 20,000 leaves
   * room for several big models in one notebook while a mutated `num_layers=3001` or
   * `TransformerEncoder(..., num_layers=100000)` stops with a diagnostic instead of
   * building tens of thousands of rows.
   */
  maxModules: number;
  /**
   * Nodes of one traced forward graph. Real graphs have hundreds to a few thousand nodes
   * (one per layer call and tensor op); a forward loop over a long sequence can trace
   * 100,000+ (megabytes of IR nobody can read). Past this the graph keeps its first nodes
   * and says so; shapes, mult-adds and totals are unaffected.
   */
  maxGraphNodes: number;
  /**
   * Nesting of one value walked by `==`, `<`, `in`, hashing, repr/format and argument
   * rendering, and of one model's module tree. Python itself stops at its recursion limit
   * (1000); real configs nest a handful deep and real models a few dozen modules. Keeps those
   * walks away from the edge of the JavaScript stack (a model nested deeper is listed with
   * unknown totals: its rows alone would hold paths of quadratic total length).
   */
  maxValueDepth: number;
}

export const DEFAULT_BUDGETS: Budgets = {
  maxSteps: 2_000_000,
  maxCallDepth: 60,
  maxCollectionLength: 100_000,
  maxIntDigits: 4300, // CPython's own default int<->str limit
  maxStringLength: 1_000_000,
  maxWallMs: 2000,
  maxLoopIterations: 100_000,
  maxModules: 20_000,
  maxGraphNodes: 20_000,
  maxValueDepth: 1000
};

export function resolveBudgets(partial?: Partial<Budgets>): Budgets {
  return { ...DEFAULT_BUDGETS, ...(partial ?? {}) };
}
