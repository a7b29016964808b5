// The core's entry point: cells in, Architecture IR out. Blanks IPython syntax, parses and
// lowers each cell once (cached by cell id + exact text), runs the abstract interpreter over
// all code cells in notebook order, then builds the IR. Never throws: anything unexpected
// becomes a diagnostic.
// Does not: touch the file system, DOM or JupyterLab; local imports come via options.readFile.
import type { ArchitectureIR, CellInput, Diagnostic } from './ir';
import type { Module } from './parse/ast';
import { lowerTree } from './parse/lower';
import type { PythonParser } from './parse/parser';
import { blankIPython } from './parse/preprocess';
import { Budgets, resolveBudgets } from './interp/budgets';
import { makeBuiltins } from './interp/builtins';
import { Interpreter, ModuleLoader } from './interp/interpreter';
import { TorchHost } from './frameworks/torch/host';
import { DispatchHost } from './frameworks/host';
import { KerasHost } from './frameworks/keras/host';
import { extractKerasModels } from './frameworks/keras/extract';
import { buildModel, findModels, shapeOf } from './ir/build';
import { BuildDeadline } from './ir/deadline';
import { LIBRARY_FILES } from './frameworks/library';

export interface AnalyzeOptions {
  /** Local imports: 'mymodels/net.py' relative to the analysed document; null = absent. */
  readFile?: (relativePath: string) => string | null;
  /** User-given values for symbols (from the panel form). */
  symbols?: Array<[string, number]>;
  /** User-given input shape per model name. */
  inputShapes?: Array<[string, number[]]>;
  budgets?: Partial<Budgets>;
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
  private last: { key: string; ir: ArchitectureIR; filesRead: Map<string, string | null> } | null = null;
  private filesRead = new Map<string, string | null>();

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

  private run(cells: CellInput[], options: AnalyzeOptions, started: number): ArchitectureIR {
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
    let lowerMs = 0;
    const t0 = now();
    cells.forEach((cell, index) => {
      if (cell.kind !== 'code' || interp.timedOut) {
        return;
      }
      const l0 = now();
      const module = this.lowerCell(cell.id, cell.source);
      lowerMs += now() - l0;
      interp.runCell(module, { cell: index, cellId: cell.id });
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
    return {
      models,
      diagnostics: interp.diagnostics,
      stats: { ms: Date.now() - started, steps: interp.steps, cells: cells.length, lowerMs, interpMs: t1 - t0 - lowerMs, buildMs: t2 - t1 }
    };
  }
}

/** A monotonic clock where there is one (browsers, workers, Node); else the wall clock. */
function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

namespace Private {
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
