// The core's entry point: cells in, Architecture IR out. Blanks IPython syntax, parses and
// lowers each cell once (cached by cell id + exact text), runs the abstract interpreter over
// all code cells in notebook order, then builds the IR. Never throws: anything unexpected
// becomes a diagnostic.
// Does not: touch the file system, DOM or JupyterLab; local imports come via options.readFile.
import type { ArchitectureIR, CellInput, Diagnostic, ModelIR } from './ir';
import type { Module } from './parse/ast';
import { lowerTree } from './parse/lower';
import type { PythonParser } from './parse/parser';
import { blankIPython } from './parse/preprocess';
import { Budgets, resolveBudgets } from './interp/budgets';
import { makeBuiltins } from './interp/builtins';
import { DIAGS_TOTAL, Interpreter, ModuleLoader } from './interp/interpreter';
import { TorchHost } from './frameworks/torch/host';
import { DispatchHost } from './frameworks/host';
import { KerasHost } from './frameworks/keras/host';
import { extractKerasModels } from './frameworks/keras/extract';
import { buildModel, findModels, shapeOf } from './ir/build';
import { BuildDeadline } from './ir/deadline';
import { LIBRARY_FILES } from './frameworks/library';
import { components, Components } from './incremental/deps';

export interface AnalyzeOptions {
  /** Local imports: 'mymodels/net.py' relative to the analysed document; null = absent. */
  readFile?: (relativePath: string) => string | null;
  /** User-given values for symbols (from the panel form). */
  symbols?: Array<[string, number]>;
  /** User-given input shape per model name. */
  inputShapes?: Array<[string, number[]]>;
  budgets?: Partial<Budgets>;
}

/** One run's result, and whether its split into groups can be trusted. */
interface Execution {
  ir: ArchitectureIR;
  cacheable: boolean;
}

/** A group's cached results: its key (cells' positions, ids, texts and final names). */
interface Group {
  key: string;
  models: Array<{ model: ModelIR; keras: boolean; cell: number }>;
  diagnostics: Diagnostic[];
}

interface Tagged {
  models: Array<{ model: ModelIR; keras: boolean; cell: number; comp: number }>;
  diagnostics: Array<{ d: Diagnostic; comp: number }>;
}

interface Lowered {
  text: string;
  module: Module;
}

/** Most cells we keep lowered ASTs for; beyond this the oldest entries are dropped. */
const MAX_CACHED_CELLS = 20_000;

export class Analyzer {
  private readonly cells = new Map<string, Lowered>();
  private readonly files = new Map<string, Lowered>();
  /** Number of parse+lower operations done (for tests and benchmarks). */
  lowerCount = 0;
  /** Analyses answered by re-running only some groups of cells (for tests and benchmarks). */
  partialRuns = 0;
  /** Partial runs whose split could not be trusted, followed by a whole-notebook run. */
  discardedPartialRuns = 0;
  private last: { key: string; ir: ArchitectureIR; filesRead: Map<string, string | null> } | null = null;
  private filesRead = new Map<string, string | null>();
  /** Cached results per group of cells (see run()), valid for `groupOptions`. */
  private readonly groups = new Map<number, Group>();
  private groupOptions = '';

  private filesUnchanged(read: Map<string, string | null>, options: AnalyzeOptions): boolean {
    for (const [rel, text] of read) {
      let now: string | null = null;
      try {
        now = options.readFile ? options.readFile(rel) : null;
      } catch {
        now = null;
      }
      if ((now ?? null) !== text) {
        return false;
      }
    }
    return true;
  }

  constructor(private readonly parser: PythonParser) {}

  /** Lowered AST of a cell, re-used when the id and text are unchanged. */
  lowerCell(id: string, source: string): Module {
    const hit = this.cells.get(id);
    if (hit && hit.text === source) {
      return hit.module;
    }
    const module = this.lower(source);
    if (this.cells.size >= MAX_CACHED_CELLS) {
      const first = this.cells.keys().next();
      if (!first.done) {
        this.cells.delete(first.value);
      }
    }
    this.cells.set(id, { text: source, module });
    return module;
  }

  private lower(source: string): Module {
    this.lowerCount++;
    const text = blankIPython(source);
    let tree;
    try {
      tree = this.parser.parse(text);
    } catch (e) {
      return { body: [], errors: [[0, 0, 0, 0]] };
    }
    try {
      return lowerTree(tree, text);
    } finally {
      tree.delete();
    }
  }

  analyze(cells: CellInput[], options: AnalyzeOptions = {}): ArchitectureIR {
    const started = Date.now();
    try {
      // Same code cells (markdown edits, re-renders), same options, same local files: the
      // analysis is a pure function of those, so the previous result is still exact.
      const key = Private.resultKey(cells, options);
      const last = this.last;
      if (last && last.key === key && this.filesUnchanged(last.filesRead, options)) {
        return { ...last.ir, stats: { ms: Date.now() - started, steps: 0, cells: cells.length } };
      }
      this.filesRead = new Map();
      const ir = this.run(cells, options, started);
      this.last = ir.stats && ir.diagnostics.some(d => d.code === 'budget-maxWallMs') ? null : { key, ir, filesRead: this.filesRead };
      return ir;
    } catch (e) {
      const d: Diagnostic = { severity: 'info', code: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` };
      return { models: [], diagnostics: [d], stats: { ms: Date.now() - started, steps: 0, cells: cells.length } };
    }
  }

  /**
   * Incremental analysis: the notebook's code cells are split into independent groups
   * (incremental/deps.ts); each group's models and diagnostics are cached under the exact
   * text, ids and positions of its cells. An edit re-interprets only the groups that changed,
   * in one interpreter, and the others' results are reused. Whenever the split cannot be
   * trusted for a run (a top-level raise, a budget, an internal error, local files, a model
   * name rebound in another group, ...) the whole notebook is run instead, as a cold start would.
   */
  private run(cells: CellInput[], options: AnalyzeOptions, started: number): ArchitectureIR {
    const l0 = now();
    const code: Array<[number, Module]> = [];
    cells.forEach((cell, index) => {
      if (cell.kind === 'code') {
        code.push([index, this.lowerCell(cell.id, cell.source)]);
      }
    });
    const lowerMs = now() - l0;
    const optionsKey = JSON.stringify([options.symbols ?? [], options.inputShapes ?? [], options.budgets ?? {}, !!options.readFile]);
    if (optionsKey !== this.groupOptions) {
      this.groups.clear();
      this.groupOptions = optionsKey;
    }
    const deps = components(code);
    const full = (): ArchitectureIR => {
      const out = this.execute(cells, options, started, null);
      this.remember(out, cells, deps);
      return withLowerMs(out.ir, lowerMs);
    };
    if (deps.fallback || this.groups.size === 0) {
      return full();
    }
    const keys = Private.groupKeys(cells, deps);
    const dirty = new Set<number>();
    for (const [comp, key] of keys) {
      if (this.groups.get(comp)?.key !== key) {
        dirty.add(comp);
      }
    }
    if (dirty.size === keys.size) {
      return full();
    }
    const only = new Set<number>();
    for (const [index, comp] of deps.compOf) {
      if (dirty.has(comp)) {
        only.add(index);
      }
    }
    const out = this.execute(cells, options, started, only, deps.inertImports);
    const tagged = out.cacheable ? Private.tag(out, deps) : null;
    // A model whose name is finally bound in a group that did not run means the partial run
    // saw names the whole notebook overwrites: its model list cannot be trusted.
    if (!tagged || tagged.models.some(m => !dirty.has(m.comp)) || tagged.diagnostics.some(d => !dirty.has(d.comp))) {
      this.discardedPartialRuns++;
      return full();
    }
    this.partialRuns++;
    const models: Array<{ model: ModelIR; keras: boolean; cell: number; order: number }> = [];
    const diagnostics: Array<{ d: Diagnostic; cell: number; order: number }> = [];
    for (const [comp, key] of keys) {
      const g = dirty.has(comp) ? Private.groupOf(tagged, comp, key) : (this.groups.get(comp) as Group);
      this.groups.set(comp, g);
      g.models.forEach((m, order) => models.push({ ...m, order }));
      g.diagnostics.forEach((d, order) => diagnostics.push({ d, cell: d.span?.cell ?? 0, order }));
    }
    for (const comp of [...this.groups.keys()]) {
      if (!keys.has(comp)) {
        this.groups.delete(comp);
      }
    }
    models.sort((a, b) => Number(a.keras) - Number(b.keras) || a.cell - b.cell || a.order - b.order);
    diagnostics.sort((a, b) => a.cell - b.cell || a.order - b.order);
    return withLowerMs(
      { models: models.map(m => m.model), diagnostics: diagnostics.map(d => d.d), stats: out.ir.stats },
      lowerMs
    );
  }

  /** Caches the groups of a whole-notebook run, when its split can be trusted. */
  private remember(out: Execution, cells: CellInput[], deps: Components): void {
    this.groups.clear();
    if (deps.fallback || !out.cacheable) {
      return;
    }
    const tagged = Private.tag(out, deps);
    if (!tagged) {
      return;
    }
    for (const [comp, key] of Private.groupKeys(cells, deps)) {
      this.groups.set(comp, Private.groupOf(tagged, comp, key));
    }
  }

  /**
   * Interprets the code cells (all, or only those in `only`) in one interpreter and builds
   * the models found. `cacheable` is false when the run's results must not be split into groups.
   */
  private execute(cells: CellInput[], options: AnalyzeOptions, started: number, only: Set<number> | null, inertImports?: Map<number, number[]>): Execution {
    const budgets = resolveBudgets(options.budgets);
    const host = new TorchHost();
    host.irShape = shapeOf;
    const loader: ModuleLoader = (rel: string) => {
      // Framework libraries described as Python source (torchvision.models) come first.
      const lib = LIBRARY_FILES.get(rel);
      let text: string | null = lib ?? null;
      if (lib === undefined && options.readFile) {
        try {
          text = options.readFile(rel);
        } catch {
          text = null;
        }
        this.filesRead.set(rel, text ?? null);
      }
      if (text === null || text === undefined) {
        return null;
      }
      const key = lib !== undefined ? `archlens:${rel}` : rel;
      const hit = this.files.get(key);
      if (hit && hit.text === text) {
        return { module: hit.module, file: key };
      }
      const module = this.lower(text);
      this.files.set(key, { text, module });
      return { module, file: key };
    };
    const keras = new KerasHost();
    keras.layerBudget = budgets.maxModules;
    const interp = new Interpreter(new DispatchHost(host, keras), budgets, makeBuiltins, loader);
    const given = new Map<string, bigint>();
    for (const [name, value] of options.symbols ?? []) {
      if (Number.isInteger(value)) {
        given.set(name, BigInt(value));
      }
    }
    interp.hostState.set('givenSymbols', given);
    const filesBefore = this.filesRead.size;
    const t0 = now();
    cells.forEach((cell, index) => {
      if (cell.kind !== 'code' || interp.timedOut) {
        return;
      }
      const module = this.lowerCell(cell.id, cell.source);
      if (!only || only.has(index)) {
        interp.runCell(module, { cell: index, cellId: cell.id });
        return;
      }
      // A skipped cell's stateless framework imports still happen here (their diagnostics
      // belong to the skipped cell's cached group).
      const imports = inertImports?.get(index);
      if (imports) {
        const before = interp.diagnostics.length;
        interp.runCell({ body: imports.map(i => module.body[i]), errors: [] }, { cell: index, cellId: cell.id });
        interp.diagnostics.length = before;
      }
    });
    const t1 = now();
    const inputShapes = new Map<string, number[]>(options.inputShapes ?? []);
    const found = findModels(interp).filter(f => !(f.inst ? keras.ownsInstance(f.inst) : f.cls?.framework === 'keras'));
    // The IR build has a deadline too: the end of the wall budget, but at least a tenth of
    // the budget after interpretation ends, so a notebook that used up its interpretation
    // time still gets its small models. Worst case: maxWallMs * 1.1 plus one unit of work.
    const deadline = new BuildDeadline(Math.max(started + budgets.maxWallMs, Date.now() + budgets.maxWallMs / 10), budgets.maxWallMs);
    const models = found.map(f => buildModel(interp, host, f, { givenSymbols: given, inputShapes, deadline }));
    models.push(...extractKerasModels(interp, keras, deadline));
    if (models.some(m => m.diagnostics.some(d => d.code === 'budget-maxWallMs'))) {
      interp.diag('info', 'budget-maxWallMs', `stopped building models after maxWallMs (${budgets.maxWallMs} ms) of analysis; their totals are unknown`);
    }
    const t2 = now();
    // Diagnostics in notebook order (build-time ones after their cell's interpretation ones).
    const diagnostics = interp.diagnostics.map((d, i) => ({ d, i })).sort((a, b) => (a.d.span?.cell ?? Infinity) - (b.d.span?.cell ?? Infinity) || a.i - b.i).map(x => x.d);
    const untrusted = (d: Diagnostic): boolean => d.code.startsWith('budget-') || d.code === 'raise' || d.code === 'internal' || !d.span || d.span.file !== undefined;
    const cacheable = !interp.timedOut && this.filesRead.size === filesBefore && interp.diagnostics.length < DIAGS_TOTAL && !diagnostics.some(untrusted) && !models.some(m => m.diagnostics.some(d => d.code.startsWith('budget-')));
    return {
      ir: { models, diagnostics, stats: { ms: Date.now() - started, steps: interp.steps, cells: cells.length, interpMs: t1 - t0, buildMs: t2 - t1 } },
      cacheable
    };
  }
}

/** A monotonic clock where there is one (browsers, workers, Node); else the wall clock. */
function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function withLowerMs(ir: ArchitectureIR, lowerMs: number): ArchitectureIR {
  if (ir.stats) {
    ir.stats.lowerMs = lowerMs;
  }
  return ir;
}

namespace Private {
  /** Each group's key: its cells' positions, ids and texts, and the names it decides. */
  export function groupKeys(cells: CellInput[], deps: Components): Map<number, string> {
    const parts = new Map<number, string[]>();
    const part = (comp: number): string[] => {
      let p = parts.get(comp);
      if (!p) {
        p = [];
        parts.set(comp, p);
      }
      return p;
    };
    for (const [index, comp] of deps.compOf) {
      const c = cells[index];
      part(comp).push(`${index}\u0000${c.id}\u0000${c.source.length}\u0000${c.source}`);
    }
    const finals = [...deps.finalComp].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, comp] of finals) {
      part(comp).push(`=${name}`);
    }
    return new Map([...parts].map(([comp, p]) => [comp, p.join('\u0001')]));
  }

  /** Which group each model and diagnostic of a run belongs to; null if one has no group. */
  export function tag(out: Execution, deps: Components): Tagged | null {
    const models: Tagged['models'] = [];
    const kerasStart = out.ir.models.findIndex(m => m.framework === 'keras');
    for (const [i, model] of out.ir.models.entries()) {
      const comp = model.kind === 'class' ? deps.compOf.get(model.cell) : deps.finalComp.get(model.name);
      if (comp === undefined || deps.compOf.get(model.cell) !== comp) {
        return null;
      }
      models.push({ model, keras: kerasStart >= 0 && i >= kerasStart, cell: model.cell, comp });
    }
    const diagnostics: Tagged['diagnostics'] = [];
    for (const d of out.ir.diagnostics) {
      const comp = d.span ? deps.compOf.get(d.span.cell) : undefined;
      if (comp === undefined) {
        return null;
      }
      diagnostics.push({ d, comp });
    }
    return { models, diagnostics };
  }

  export function groupOf(tagged: Tagged, comp: number, key: string): Group {
    return {
      key,
      models: tagged.models.filter(m => m.comp === comp).map(({ model, keras, cell }) => ({ model, keras, cell })),
      diagnostics: tagged.diagnostics.filter(d => d.comp === comp).map(x => x.d)
    };
  }

  /** Identity of an analysis input: code cells (id, index, text), their order and the options. */
  export function resultKey(cells: CellInput[], options: AnalyzeOptions): string {
    const parts: string[] = [];
    cells.forEach((c, i) => {
      if (c.kind === 'code') {
        parts.push(`${i}\u0000${c.id}\u0000${c.source.length}\u0000${c.source}`);
      }
    });
    parts.push(JSON.stringify([options.symbols ?? [], options.inputShapes ?? [], options.budgets ?? {}, cells.length, !!options.readFile]));
    return parts.join('\u0001');
  }
}
