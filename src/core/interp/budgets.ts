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
  /** Wall-clock milliseconds for one analyze() call. A last guard for anything missed. */
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
   * Bytes of one installed library file read as source (ModuleSource, env/source.ts). The
   * largest model-library files are ~280 KB (transformers' modeling_utils.py, timm's
   * vision_transformer.py ~230 KB); a bigger .py is generated data or docs, and parsing it
   * would cost more than it can tell. Checked on the size the host stat'ed, before reading.
   */
  maxLibraryFileBytes: number;
  /**
   * Bytes of library source read per analysis. `import timm` reaches ~6 MB (all its model
   * files are imported by its __init__), one transformers model family a few MB; 32 MB leaves
   * room for both in one notebook, while an import that drags in a whole framework's source
   * stops with a diagnostic instead of parsing it all.
   */
  maxLibraryBytes: number;
  /**
   * Milliseconds spent interpreting installed libraries' module code per analysis. Past it,
   * further library modules are not read (their imports stay opaque), so an import with a
   * huge closure cannot use up maxWallMs and lose the notebook's own models: half of the wall
   * budget stays for the cells.
   */
  maxLibraryMs: number;
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
  maxLibraryFileBytes: 1024 * 1024,
  maxLibraryBytes: 32 * 1024 * 1024,
  maxLibraryMs: 1000
};

export function resolveBudgets(partial?: Partial<Budgets>): Budgets {
  return { ...DEFAULT_BUDGETS, ...(partial ?? {}) };
}
