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
   * building tens of thousands of rows. The statement that passes it loses its effects;
   * each later top-level statement may still create a twentieth of it, up to a quarter more
   * in all, so the small models built after a hostile statement are still reported.
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
  /**
   * UTF-8 bytes of one cell or one file read through an import, checked before it is parsed.
   * Parsing is one wasm call outside the step budget whose time and memory grow with the
   * text (a 16 MB cell made the wasm runtime abort). Real cells are a few KB and the largest
   * model files of public libraries a few hundred KB; 2 MB leaves room for a megabyte string
   * constant (strings and comments parse fast: the node budget below bounds dense code).
   */
  maxSourceBytes: number;
  /**
   * Syntax nodes of one cell or file: tokens are counted before parsing (each is a node) and
   * the real count checked after. Parse and lowering time follow the nodes, not the bytes: a
   * 4 MB one-line list literal is 2.8 M nodes, 13 s and 2 GB. The biggest model files of
   * public libraries have well under 100,000; 200,000 parse in about 0.3 s.
   */
  maxSourceNodes: number;
  /**
   * UTF-8 bytes parsed in one analysis, cells and imported files together (sixty 8 MB local
   * imports took over two minutes and 5.9 GB). Even string literals cost about 0.1 s per MB
   * to parse; real notebooks and the files they import hold well under 1 MB of code. Past
   * it, the biggest cells are skipped and later imports are unknown, each with a diagnostic.
   */
  maxTotalSourceBytes: number;
  /** Syntax nodes parsed in one analysis, cells and imported files together (as above). */
  maxTotalSourceNodes: number;
  /**
   * UTF-8 bytes of the files read through local imports in one analysis, each file included:
   * hosts check it before reading (the CLI checks each file's size on the open file), the
   * analyzer again on what it is handed. Past it, an import is unknown with a diagnostic.
   * Sixty 8 MB imports were read and parsed whole (two minutes, 5.9 GB); real projects
   * import a few files of tens of KB.
   */
  maxImportBytes: number;
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
   * Milliseconds spent reading installed libraries' modules (parsing them and running their
   * module code) per analysis. It is a clock of its own: this time is not counted against
   * maxWallMs, so an import with a huge closure cannot use up the wall budget and lose the
   * notebook's own models. Past it, further library modules are not read (their imports stay
   * opaque, unknown); the module loading then may run a quarter longer, after which its
   * remaining statements lose their effects. `import timm` executes ~120 model files
   * registering ~1,500 architectures: ~2.7 s cold on a quiet machine, 4-6 s on a loaded
   * one; later analyses reuse the parsed files. 8 s reads it under load; the analysis runs in
   * a worker or the CLI, never on the UI thread, and the worst case is bounded by
   * maxWallMs + 1.25 x this.
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
  maxValueDepth: 1000,
  maxSourceBytes: 2 * 1024 * 1024,
  maxSourceNodes: 200_000,
  maxTotalSourceBytes: 8 * 1024 * 1024,
  maxTotalSourceNodes: 500_000,
  maxImportBytes: 8 * 1024 * 1024,
  maxLibraryFileBytes: 1024 * 1024,
  maxLibraryBytes: 32 * 1024 * 1024,
  maxLibraryMs: 8000
};

export function resolveBudgets(partial?: Partial<Budgets>): Budgets {
  return { ...DEFAULT_BUDGETS, ...(partial ?? {}) };
}
