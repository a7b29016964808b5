// The core's entry point: cells in, Architecture IR out. Blanks IPython syntax, parses and
// lowers each cell once (cached by cell id + exact text), runs the abstract interpreter over
// the code cells in notebook order — after an edit only the groups of cells it can affect,
// reusing the rest (see run()) — then builds the IR. Never throws: anything unexpected
// becomes a diagnostic.
// Does not: touch the file system, DOM or JupyterLab; local imports come via options.readFile,
// installed libraries via options.modules (env/source.ts).
import type { ArchitectureIR, CellInput, Diagnostic, ModelIR } from './ir';
import type { Module, Stmt } from './parse/ast';
import { bodySnippet, ElidedBody, elideBodies, markElided, shiftLines } from './parse/lazy';
import type { PythonParser } from './parse/parser';
import { ParseBudget, utf8Length } from './parse/budget';
import type { Refusal } from './parse/budget';
import { isSkipped, LowerContext, notesOf, SourceCache } from './parse/sources';
import { withWrittenFiles } from './parse/writefile';
import { Budgets, DEFAULT_BUDGETS, resolveBudgets } from './interp/budgets';
import { isStdlibPath, makeBuiltins } from './interp/builtins';
import { DIAGS_TOTAL, Interpreter, LibraryLoader, ModuleLoader } from './interp/interpreter';
import { createSessions, FRAMEWORKS, LIBRARY_FILES } from './frameworks/registry';
import type { FrameworkHost } from './interp/host';
import { rootRules } from './frameworks/roots';
import { BuildDeadline } from './ir/deadline';
import { withErrorCounts } from './ir/errors';
import { BudgetError, metered } from './interp/cost';
import { isolation } from './isolate';
import { components, Components, FlowRecord } from './incremental/deps';
import { FRAMEWORK_STATE, GlobalFlow, LIBRARY_STATE, NO_CELL } from './incremental/flow';
import { DEFERRED_PACKAGES } from './env/deferred-packages';
import { scanDeferrable } from './env/deferred-scan';
import type { DeferredPackage, DeferredScan } from './interp/context';
import { answerKey, fileKey, LibraryReader, ModuleFile, ModuleSource, sameAnswers, UNANSWERED } from './env/source';
import { typeCheckingOnly } from './env/overlays';
import { textAll } from './interp/lazy-imports';
import { LIBRARY_OVERLAYS } from './env/library-overlays';
import { ModuleCache } from './env/cache';
import { isModuleName, staticImports } from './env/static-imports';
import { isUnread } from './env/unread';

export interface AnalyzeOptions {
  /** Local imports: 'mymodels/net.py' relative to the analysed document; null = absent. */
  readFile?: (relativePath: string) => string | null;
  /** User-given values for symbols (from the panel form). */
  symbols?: Array<[string, number]>;
  /** User-given input shape per model name. */
  inputShapes?: Array<[string, number[]]>;
  budgets?: Partial<Budgets>;
  /**
   * Installed libraries: an absolute import that is no local file and no framework's is read
   * from here and interpreted like a local module. Absent: such imports stay opaque.
   */
  modules?: ModuleSource;
  /**
   * The environment variables the program will run with (os.environ, os.getenv), as the host
   * knows them; absent: every variable is unknown. Libraries pick implementations by them
   * (TIMM_USE_NAFLEXVIT makes timm's ViTs another class).
   */
  environ?: ReadonlyMap<string, string>;
}

/** One run's result, whether its per-cell split can be trusted, and its recorded flows. */
interface Execution {
  ir: ArchitectureIR;
  cacheable: boolean;
  flow?: GlobalFlow;
}

/** What the last trusted analysis left for the next one. */
interface Previous {
  optionsKey: string;
  /** Code cell ids and markdown positions: any insert, delete or move means a whole run. */
  shape: string;
  /** Lowered AST per notebook index (identity changes exactly when the text changes). */
  modules: Map<number, Module>;
  record: FlowRecord;
  /** Library answers the run relied on (a partial run reuses them only while they hold). */
  modulesRead: Map<string, string | null>;
  /** Models (by framework in registry order, each in notebook order) and diagnostics by cell. */
  ir: ArchitectureIR;
}

/** Module roots the incremental analysis treats as inert or notebook-wide (roots.ts). */
const ROOT_RULES = rootRules();

/** Where a model's framework comes in the registry (models are listed in that order). */
function modelRank(m: ModelIR): number {
  return FRAMEWORKS.findIndex(f => f.modelKind === m.framework);
}

/** Most cells (and files) we keep lowered ASTs for; beyond this the oldest entries are dropped. */
const MAX_CACHED_CELLS = 20_000;

/**
 * Framework libraries described as Python source (torchvision, keras.applications), lowered
 * once per process and shared by every Analyzer: their text is a constant and lowered ASTs are
 * never modified. Hosts that make a fresh Analyzer per document (the CLI, `archlens scan`, the
 * lab's one per notebook) no longer lower torchvision again for each one: that was ~70 % of
 * the time of a typical tutorial notebook in a scan.
 */
const LOWERED_LIBRARIES = new Map<string, Module>();

/** Model packages whose submodules are imported when needed (env/deferred-packages.ts). */
const DEFERRED_BY_PACKAGE = new Map(DEFERRED_PACKAGES.map(p => [p.package, p]));
/** What importing a library file does, from its text, by package and file key (per process). */
const SCANS = new Map<string, DeferredScan | null>();
const MAX_SCANS = 4096;

export class Analyzer {
  private readonly cells = new SourceCache(MAX_CACHED_CELLS);
  private readonly files = new SourceCache(MAX_CACHED_CELLS);
  /** Installed library files (the module cache keeps their lowered ASTs). */
  private readonly libraryFiles = new SourceCache(1);
  /** Number of parse+lower operations done (for tests and benchmarks). */
  get lowerCount(): number {
    return this.cells.lowered + this.files.lowered + this.libraryFiles.lowered;
  }
  /** Analyses answered by re-running only some groups of cells (for tests and benchmarks). */
  partialRuns = 0;
  /** Partial runs whose split could not be trusted, followed by a whole-notebook run. */
  discardedPartialRuns = 0;
  private last: { key: string; ir: ArchitectureIR; filesRead: Map<string, string | null>; modulesRead: Map<string, string | null> } | null = null;
  private filesRead = new Map<string, string | null>();
  /** Library modules asked in the current analysis and the answers (env/source.ts). */
  private modulesRead = new Map<string, string | null>();
  /** Lowered library files (path + mtime + size), shared with other Analyzers when given. */
  readonly moduleCache: ModuleCache;
  /** Answers whether a framework host claims a module name (made on first use). */
  private claims: FrameworkHost | null = null;
  /** The last trusted analysis, for incremental runs (see run()). */
  private previous: Previous | null = null;

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

  constructor(
    private parser: PythonParser,
    options: { moduleCache?: ModuleCache } = {}
  ) {
    this.moduleCache = options.moduleCache ?? new ModuleCache();
  }

  /**
   * True once the wasm parser failed (a runtime abort leaves it unusable): the sources after
   * the one that broke it were skipped. The host gives a new parser (replaceParser) and
   * analyses again; the source that broke it stays skipped.
   */
  get parserBroken(): boolean {
    return this.parser.broken;
  }

  /** Uses `parser` from now on (the previous results are forgotten). */
  replaceParser(parser: PythonParser): void {
    this.parser = parser;
    this.last = null;
    this.previous = null;
  }

  /**
   * Absolute modules that the code cells and the library files in `files` may import at
   * import time and that no framework host claims: what a host that fetches sources ahead
   * of an analysis (the lab) should get first. Lowers the files through the module cache.
   */
  importCandidates(cells: CellInput[], files: Array<[string, ModuleFile]> = []): string[] {
    const out = new Set<string>();
    for (const cell of cells) {
      if (cell.kind === 'code') {
        staticImports(this.lowerCell(cell.id, cell.source), '__main__', false).forEach(n => out.add(n));
      }
    }
    for (const [dotted, file] of files) {
      const module = this.moduleCache.get(file, text => this.lower(text));
      if (module) {
        staticImports(module, dotted, file.isPackage).forEach(n => out.add(n));
      }
    }
    return [...out].filter(n => !isUnread(n) && !this.frameworkClaims(n)).sort();
  }

  /**
   * Whether the interpreter's standard library or a framework host owns `dotted`. A bundled
   * description (torchvision.models) does not: the installed package wins over it when the
   * environment has one (installedPackages), so its modules are asked for like any other.
   */
  frameworkClaims(dotted: string): boolean {
    if (!this.claims) {
      this.claims = createSessions(resolveBudgets()).host;
    }
    return isStdlibPath(dotted) || this.claims.importModule(dotted) !== null;
  }

  /** Lowered AST of a cell, re-used when the id and text are unchanged (within the per-cell parse budget). */
  lowerCell(id: string, source: string): Module {
    return this.cells.module(id, source, `cell ${id}`, this.parser, Private.single(resolveBudgets()));
  }

  /**
   * A library file lowered for the module cache: within the per-file parse budget like any
   * source. Function bodies are read when first called (parse/lazy.ts); a file the lexical
   * pass does not follow, or whose blanked text does not parse cleanly, is lowered whole.
   */
  private lower(text: string): Module {
    const elided = elideBodies(text);
    if (elided) {
      const module = this.libraryFiles.module('library', elided.text, 'a library file', this.parser, Private.single(resolveBudgets()));
      if (!isSkipped(module) && module.errors.length === 0) {
        const lines = text.split('\n');
        if (markElided(module, elided.bodies, b => this.lowerBody(lines, b)) === elided.bodies.length) {
          return module;
        }
      }
    }
    return this.libraryFiles.module('library', text, 'a library file', this.parser, Private.single(resolveBudgets()));
  }

  /** The statements of a library function body blanked by lower(), at their real lines; null when unreadable. */
  private lowerBody(lines: string[], b: ElidedBody): Stmt[] | null {
    const m = this.libraryFiles.module('library-body', bodySnippet(lines, b), 'a library function body', this.parser, Private.single(resolveBudgets()));
    const only = m.body.length === 1 ? m.body[0] : null;
    if (isSkipped(m) || m.errors.length > 0 || !only || only.k !== 'If') {
      return null;
    }
    shiftLines(only.body, b.from - 1);
    return only.body;
  }

  analyze(cells: CellInput[], options: AnalyzeOptions = {}): ArchitectureIR {
    const started = Date.now();
    // Files the notebook writes with %%writefile are local modules for its later imports.
    const readFile = withWrittenFiles(cells, options.readFile);
    if (readFile !== options.readFile) {
      options = { ...options, readFile };
    }
    try {
      // Same code cells (markdown edits, re-renders), same options, same local files: the
      // analysis is a pure function of those, so the previous result is still exact.
      const key = Private.resultKey(cells, options);
      const last = this.last;
      if (last && last.key === key && this.filesUnchanged(last.filesRead, options) && sameAnswers(options.modules, last.modulesRead)) {
        return { ...last.ir, stats: { ms: Date.now() - started, steps: 0, cells: cells.length } };
      }
      this.filesRead = new Map();
      this.modulesRead = new Map();
      const ir = withErrorCounts(this.run(cells, options, started));
      this.last = ir.stats && ir.diagnostics.some(d => d.code === 'budget-maxWallMs') ? null : { key, ir, filesRead: this.filesRead, modulesRead: this.modulesRead };
      return ir;
    } catch (e) {
      const d: Diagnostic = { severity: 'info', code: 'internal', message: `analysis failed: ${e instanceof Error ? e.message : String(e)}` };
      return { models: [], diagnostics: [d], stats: { ms: Date.now() - started, steps: 0, cells: cells.length } };
    }
  }

  /**
   * Incremental analysis. A whole run records how global names flowed between cells
   * (incremental/flow.ts); cells are grouped by those flows (incremental/deps.ts) and each
   * cell's models and diagnostics are cached. An edit re-interprets only the groups holding the
   * changed cells, in one interpreter, and reuses the rest — after checking that the new run's
   * flows agree with the record (every global a re-run cell read came from a re-run cell, every
   * reused cell still reads what it read, the last binding of every name is where it was or
   * inside the re-run cells). When any check fails, or the run cannot be trusted (a raise, a
   * budget, local files, globals()/exec, ...), the whole notebook is run, as a cold start would.
   */
  private run(cells: CellInput[], options: AnalyzeOptions, started: number): ArchitectureIR {
    const l0 = now();
    const code: Array<[number, Module]> = [];
    // The parse budget counts every code cell (cached or not), then the files read through
    // imports. Parsing is bounded by the size budgets; its deadline (twice maxWallMs and a
    // second after the start) is only a last guard.
    const budgets = resolveBudgets(options.budgets);
    const lowering: LowerContext = { budgets, budget: new ParseBudget(budgets), deadline: started + 2 * Math.max(0, budgets.maxWallMs) + 1000 };
    // Smallest cells first: when the totals run out, the cells left out are the biggest
    // (data blobs), not the small cells that build the models.
    const order: number[] = [];
    cells.forEach((cell, index) => {
      if (cell.kind === 'code') {
        order.push(index);
      }
    });
    const bytes = new Map(order.map(i => [i, this.cells.bytes(cells[i].id, cells[i].source)]));
    order.sort((a, b) => (bytes.get(a) as number) - (bytes.get(b) as number) || a - b);
    const modules = new Map<number, Module>();
    for (const index of order) {
      const cell = cells[index];
      modules.set(index, this.cells.module(cell.id, cell.source, Private.cellName(cell, index), this.parser, lowering));
    }
    cells.forEach((cell, index) => {
      if (cell.kind === 'code') {
        code.push([index, modules.get(index) as Module]);
      }
    });
    const lowerMs = now() - l0;
    const optionsKey = JSON.stringify([options.symbols ?? [], options.inputShapes ?? [], options.budgets ?? {}, !!options.readFile, !!options.modules, options.environ ? [...options.environ] : null]);
    const shape = cells.map(c => (c.kind === 'code' ? `c:${c.id}` : 'm')).join('\u0000');
    const prev = this.previous;
    this.previous = null;
    const full = (): ArchitectureIR => {
      const out = this.execute(cells, options, started, modules, lowering, null);
      if (out.cacheable && out.flow) {
        this.previous = Private.snapshot(out.ir, Private.recordOf(out.flow), code, shape, optionsKey, this.modulesRead);
      }
      return withLowerMs(out.ir, lowerMs);
    };
    // Reused groups were built from the library files the last run read: those must not have
    // changed (an upgrade between two edits means a whole run).
    if (!prev || prev.optionsKey !== optionsKey || prev.shape !== shape || !sameAnswers(options.modules, prev.modulesRead)) {
      return full();
    }
    const deps = components(code, prev.record, ROOT_RULES);
    if (deps.fallback) {
      return full();
    }
    const dirtyComps = new Set<number>();
    for (const [index, mod] of code) {
      if (prev.modules.get(index) !== mod) {
        dirtyComps.add(deps.compOf.get(index) as number);
      }
    }
    const only = new Set<number>();
    for (const [index, comp] of deps.compOf) {
      if (dirtyComps.has(comp)) {
        only.add(index);
      }
    }
    if (only.size === 0 || only.size === code.length) {
      return full();
    }
    const out = this.execute(cells, options, started, modules, lowering, only, deps.inertImports);
    const merged = out.cacheable && out.flow ? Private.merge(prev, out.ir, out.flow, only, deps) : null;
    if (!merged) {
      this.discardedPartialRuns++;
      return full();
    }
    this.partialRuns++;
    // The merged result rests on the reused groups' library answers too.
    for (const [k, v] of prev.modulesRead) {
      if (!this.modulesRead.has(k)) {
        this.modulesRead.set(k, v);
      }
    }
    this.previous = Private.snapshot(merged.ir, merged.record, code, shape, optionsKey, this.modulesRead);
    return withLowerMs({ ...merged.ir, stats: out.ir.stats }, lowerMs);
  }

  /**
   * The interpreter's view of the installed libraries for one analysis: budgets counted by
   * `reader`, answers recorded for the result cache, lowered files from the module cache.
   * Library module state is one pseudo-global (LIBRARY_STATE, incremental/flow.ts) that
   * every cell importing or reaching a library module reads and writes, so those cells form
   * one group; the files' answers are kept with the run (Previous.modulesRead).
   */
  private libraryLoader(reader: LibraryReader, paths: Set<string>, readFile?: (rel: string) => string | null): LibraryLoader {
    // Every answer the environment gives is recorded for the result cache.
    const find = (dotted: string): ReturnType<LibraryReader['find']> => {
      const found = reader.find(dotted);
      this.modulesRead.set(dotted, reader.answers.get(dotted) ?? null);
      return found;
    };
    const load: LibraryLoader = (dotted: string) => {
      if (!isModuleName(dotted) || isUnread(dotted)) {
        return null;
      }
      const found = find(dotted);
      if (!found || 'refused' in found) {
        return found;
      }
      // A stand-in (env/overlays.ts) instead of the real file, for the versions it describes.
      const overlay = LIBRARY_OVERLAYS.lookup(dotted, reader.source);
      if (overlay && overlay.kind === 'opaque') {
        return null;
      }
      const file: ModuleFile = overlay && overlay.kind === 'text'
        ? { path: `${found.path} (stand-in: ArchLens)`, isPackage: found.isPackage, mtime: 0, size: overlay.text.length, read: () => overlay.text }
        : overlay && overlay.kind === 'type-checking'
          ? { ...found, path: `${found.path} (TYPE_CHECKING imports)`, read: () => { const t = found.read(); return t === null ? null : typeCheckingOnly(t); } }
          : overlay && overlay.kind === 'append'
            ? { ...found, path: `${found.path} (with ArchLens stand-ins)`, read: () => { const t = found.read(); return t === null ? null : `${t}\n\n${overlay.text}`; } }
            : found;
      const module = this.moduleCache.get(file, text => this.lower(text));
      if (module && isSkipped(module)) {
        return { refused: 'unreadable', message: `${dotted} (${found.path}): ${module.skipped.message}` };
      }
      if (!module) {
        return { refused: 'unreadable', message: `${dotted} (${found.path}) could not be read: what it defines is unknown` };
      }
      paths.add(file.path);
      return { module, file: file.path, isPackage: found.isPackage };
    };
    load.staticAll = (dotted: string) => {
      if (!isModuleName(dotted) || isUnread(dotted) || LIBRARY_OVERLAYS.lookup(dotted, reader.source)) {
        return null;
      }
      let text: string | null = null;
      try {
        const f = reader.source.find(dotted);
        text = f && f.size <= DEFAULT_BUDGETS.maxLibraryFileBytes ? f.read() : null;
      } catch {
        text = null;
      }
      return text === null ? null : textAll(text);
    };
    load.deferred = {
      packages: DEFERRED_BY_PACKAGE,
      scan: (dotted: string, pkg: DeferredPackage) => {
        if (!isModuleName(dotted) || isUnread(dotted) || LIBRARY_OVERLAYS.lookup(dotted, reader.source)) {
          return null;
        }
        const found = find(dotted);
        if (!found || 'refused' in found || found.isPackage) {
          return null;
        }
        const key = `${pkg.package}\u0000${fileKey(found)}`;
        let scan = SCANS.get(key);
        if (scan === undefined) {
          const text = found.read();
          scan = text === null ? null : scanDeferrable(text, pkg);
          if (SCANS.size >= MAX_SCANS) {
            SCANS.clear();
          }
          SCANS.set(key, scan);
        }
        return scan;
      }
    };
    load.configJson = (name: string) => {
      // from_pretrained's order: a folder of that name (here: next to the notebook, through
      // the confined readFile), then the hub cache of the host.
      if (readFile && !name.startsWith('/') && !name.includes('\\')) {
        const rel = `${name.replace(/\/+$/, '')}/config.json`;
        let text: string | null = null;
        try {
          text = readFile(rel);
        } catch {
          text = null;
        }
        this.filesRead.set(rel, text ?? null);
        if (text !== null) {
          return text;
        }
      }
      const text = reader.hubConfig(name);
      this.modulesRead.set(`hub:${name}`, text);
      return text;
    };
    return load;
  }

  /**
   * Whether the package a bundled description file (`torchvision/models/resnet.py`) belongs to
   * is installed in `modules`: then the installed source is read instead of the description.
   * A package the source has no answer for yet (unanswered()) counts as installed: it is then
   * read from the source, which refuses it (unknown), since the description may be another
   * version than the one the user runs. The answers are recorded like every library answer,
   * so a cached result sees an install.
   */
  private installedPackages(modules: ModuleSource | undefined): (rel: string) => boolean {
    const seen = new Map<string, boolean>();
    return (rel: string) => {
      if (!modules || !LIBRARY_FILES.has(rel)) {
        return false;
      }
      const top = rel.split('/')[0].replace(/\.py$/, '');
      let has = seen.get(top);
      if (has === undefined) {
        let f: ModuleFile | null = null;
        try {
          f = modules.find(top);
        } catch {
          f = null;
        }
        const key = answerKey(modules, top, f);
        has = (f !== null && f.isPackage) || key === UNANSWERED;
        seen.set(top, has);
        this.modulesRead.set(top, key);
      }
      return has;
    };
  }

  /**
   * Interprets the code cells (all, or only those in `only`) in one interpreter and builds
   * the models found. `cacheable` is false when the run's results must not be split into groups.
   */
  private execute(cells: CellInput[], options: AnalyzeOptions, started: number, modules: Map<number, Module>, lowering: LowerContext, only: Set<number> | null, inertImports?: Map<number, number[]>): Execution {
    const budgets = lowering.budgets;
    const sessions = createSessions(budgets);
    let importBytes = 0;
    const installed = this.installedPackages(options.modules);
    const loader: ModuleLoader = (rel: string) => {
      // Framework libraries described as Python source (torchvision.models) come first,
      // unless the environment has the package: its real source is what the user runs.
      const lib = installed(rel) ? undefined : LIBRARY_FILES.get(rel);
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
      if (lib === undefined) {
        // Whatever the host read: at most maxImportBytes through imports in all.
        importBytes += utf8Length(text);
        if (importBytes > budgets.maxImportBytes) {
          interp.diag('warning', 'budget-maxImportBytes', `file ${rel} not imported: the files imported before it (and it) hold more than maxImportBytes (${budgets.maxImportBytes.toLocaleString('en-US')} bytes)`, interp.span([0, 0, 0, 0]));
          return null;
        }
      }
      const key = lib !== undefined ? `archlens:${rel}` : rel;
      // ArchLens' own library sources are not the notebook's: only its files count into the
      // parse budget. A file refused by it is not imported (the import is unknown).
      let module: Module;
      if (lib !== undefined) {
        // ArchLens' own library sources: lowered once per process (LOWERED_LIBRARIES).
        const cached = LOWERED_LIBRARIES.get(rel);
        module = cached ?? this.libraryFiles.module(key, lib, key, this.parser, Private.unbudgeted(lowering));
        if (!cached && !isSkipped(module)) {
          LOWERED_LIBRARIES.set(rel, module);
        }
      } else {
        module = this.files.module(key, text, `file ${rel}`, this.parser, lowering);
      }
      if (isSkipped(module)) {
        interp.diag('warning', Private.codeOf(module.skipped), module.skipped.message, interp.span([0, 0, 0, 0]));
        return null;
      }
      const file = { module, file: key };
      const saved = interp.ctx;
      interp.ctx = { ...saved, file: key };
      for (const n of notesOf(module)) {
        interp.diag('warning', Private.codeOf(n.refusal), n.refusal.message, interp.span(n.loc));
      }
      interp.ctx = saved;
      return file;
    };
    // Files of library modules (diagnostics in them belong to the library group's cells).
    const libraryPaths = new Set<string>();
    const libraries = options.modules ? this.libraryLoader(new LibraryReader(options.modules, budgets), libraryPaths, options.readFile) : undefined;
    const interp = new Interpreter(sessions.host, budgets, makeBuiltins, loader, libraries);
    const given = new Map<string, bigint>();
    for (const [name, value] of options.symbols ?? []) {
      if (Number.isInteger(value)) {
        given.set(name, BigInt(value));
      }
    }
    interp.givenSymbols = given;
    interp.environ = options.environ;
    const filesBefore = this.filesRead.size;
    const t0 = now();
    // Costly operations (deep ==, repr, big strings and lists) charge the interpreter's budgets.
    metered(interp, () => cells.forEach((cell, index) => {
      if (cell.kind !== 'code' || interp.timedOut) {
        return;
      }
      const module = modules.get(index) as Module;
      if (!only || only.has(index)) {
        // Not analysed, whole or in part (parse budget, parser failure): said where.
        const at = (loc: [number, number, number, number]) => ({ cell: index, cellId: cell.id, startLine: loc[0], startCol: loc[1], endLine: loc[2], endCol: loc[3] });
        if (isSkipped(module)) {
          interp.diag('warning', Private.codeOf(module.skipped), module.skipped.message, at([0, 0, 0, 0]));
        }
        for (const n of notesOf(module)) {
          interp.diag('warning', Private.codeOf(n.refusal), n.refusal.message, at(n.loc));
        }
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
    }));
    const t1 = now();
    const inputShapes = new Map<string, number[]>(options.inputShapes ?? []);
    // The IR build has a deadline too: the end of the wall budget (counted, like the
    // interpreter's, from the end of parsing, which the parse budget bounds), but at least a
    // tenth of the budget after interpretation ends, so a notebook that used up its
    // interpretation time still gets its small models.
    const deadline = new BuildDeadline(Math.max(interp.started + interp.libraryMs() + budgets.maxWallMs, Date.now() + budgets.maxWallMs / 10), budgets.maxWallMs);
    // Each model is built in isolation: past a budget, or if it overflows the stack, that model
    // alone is listed with unknown totals (isolate.ts); a framework whose extraction fails as a
    // whole loses only its own models.
    const isolate = isolation(budgets, deadline);
    const models: ModelIR[] = [];
    for (const { session } of sessions.list) {
      if (session.extract) {
        const extract = session.extract;
        try {
          models.push(...metered(isolate.meter(), () => extract(interp, { givenSymbols: given, inputShapes, deadline, isolate })));
        } catch (e) {
          const code = e instanceof BudgetError ? `budget-${e.budget}` : e instanceof RangeError ? 'budget-maxCallDepth' : 'internal';
          interp.diag('info', code, `models not built: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    if (models.some(m => m.diagnostics.some(d => d.code === 'budget-maxWallMs'))) {
      interp.diag('info', 'budget-maxWallMs', `stopped building models after maxWallMs (${budgets.maxWallMs} ms) of analysis; their totals are unknown`);
    }
    const t2 = now();
    // Diagnostics in notebook order (build-time ones after their cell's interpretation ones).
    const diagnostics = interp.diagnostics.map((d, i) => ({ d, i })).sort((a, b) => (a.d.span?.cell ?? Infinity) - (b.d.span?.cell ?? Infinity) || a.i - b.i).map(x => x.d);
    // A diagnostic in a local or bundled file is said by whichever cell imported it first, which
    // a partial run may not re-run; one in a library file belongs to the library group's cells.
    const untrusted = (d: Diagnostic): boolean => d.code.startsWith('budget-') || d.code === 'raise' || d.code === 'internal' || !d.span || (d.span.file !== undefined && !libraryPaths.has(d.span.file));
    const cacheable = !interp.timedOut && !interp.flow.boundOutsideCells && this.filesRead.size === filesBefore && interp.diagnostics.length < DIAGS_TOTAL && !diagnostics.some(untrusted) && !models.some(m => m.diagnostics.some(d => d.code.startsWith('budget-')));
    return {
      ir: { models, diagnostics, stats: { ms: Date.now() - started, steps: interp.steps, cells: cells.length, interpMs: t1 - t0, buildMs: t2 - t1 } },
      cacheable,
      flow: interp.flow
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
  /** How a cell is named in messages: its position (1-based, as Jupyter shows it) and id. */
  export function cellName(cell: CellInput, index: number): string {
    return `cell ${index + 1}${cell.id ? ` (${cell.id})` : ''}`;
  }

  /** The diagnostic code of a source that was not analysed. */
  export function codeOf(r: Refusal): string {
    return r.budget === 'parser' ? 'parser-failed' : `budget-${r.budget}`;
  }

  /** A lowering context without parse limits (for ArchLens' own library sources). */
  export function unbudgeted(ctx: LowerContext): LowerContext {
    const budgets = { ...ctx.budgets, maxSourceBytes: Infinity, maxSourceNodes: Infinity, maxTotalSourceBytes: Infinity, maxTotalSourceNodes: Infinity };
    return { budgets, budget: new ParseBudget(budgets), deadline: Infinity };
  }

  /** A lowering context for one source outside an analysis: per-source limits, no totals. */
  export function single(budgets: Budgets): LowerContext {
    const b = { ...budgets, maxTotalSourceBytes: Infinity, maxTotalSourceNodes: Infinity };
    return { budgets: b, budget: new ParseBudget(b), deadline: Infinity };
  }

  /** The record of a whole run's flows. */
  export function recordOf(flow: GlobalFlow): FlowRecord {
    return { reads: flow.reads, binds: flow.binds, buildReads: flow.buildReads, final: new Map(flow.binder) };
  }

  export function snapshot(ir: ArchitectureIR, record: FlowRecord, code: Array<[number, Module]>, shape: string, optionsKey: string, modulesRead: Map<string, string | null>): Previous {
    return { ir, record, modules: new Map(code), shape, optionsKey, modulesRead: new Map(modulesRead) };
  }

  /** Per-cell entries: the re-run cells' from the new run, the others' as recorded. */
  function byCell<T>(recorded: Map<number, T>, fresh: Map<number, T>, ran: Set<number>): Map<number, T> {
    const out = new Map<number, T>();
    for (const [cell, v] of recorded) {
      if (!ran.has(cell)) {
        out.set(cell, v);
      }
    }
    for (const [cell, v] of fresh) {
      if (ran.has(cell)) {
        out.set(cell, v);
      }
    }
    return out;
  }

  /** The last cell (of `binders`) before `cell`, or NO_CELL. */
  function lastBefore(binders: number[] | undefined, cell: number): number {
    let best = NO_CELL;
    for (const b of binders ?? []) {
      if (b < cell && b > best) {
        best = b;
      }
    }
    return best;
  }

  /**
   * Checks a partial run over the cells `ran` against the previous record and, when every
   * flow agrees, returns the merged IR and record; null means "run the whole notebook".
   */
  export function merge(prev: Previous, ir: ArchitectureIR, flow: GlobalFlow, ran: Set<number>, deps: Components): { ir: ArchitectureIR; record: FlowRecord } | null {
    const inert = (name: string): boolean => deps.inertNames.has(name);
    // Who binds each name now: re-run cells as they just did, the others as recorded.
    const binds = byCell(prev.record.binds, flow.binds, ran);
    const binders = new Map<string, number[]>();
    for (const [cell, names] of binds) {
      for (const n of names) {
        const l = binders.get(n);
        if (l) {
          l.push(cell);
        } else {
          binders.set(n, [cell]);
        }
      }
    }
    const final = new Map<string, number>();
    for (const [n, cells] of binders) {
      final.set(n, Math.max(...cells));
    }
    // 1. Every global a re-run cell read came from where the whole notebook would give it.
    const reads = byCell(prev.record.reads, flow.reads, ran);
    for (const [cell, m] of reads) {
      for (const [n, src] of m) {
        if (!inert(n) && lastBefore(binders.get(n), cell) !== src) {
          return null;
        }
      }
    }
    // 2. Models' forwards read the final bindings they read before.
    const buildReads = byCell(prev.record.buildReads, flow.buildReads, ran);
    for (const [, m] of buildReads) {
      for (const [n, src] of m) {
        if (!inert(n) && (final.get(n) ?? NO_CELL) !== src) {
          return null;
        }
      }
    }
    // 3. A name's last binding moved only among re-run cells (reused models keep their names).
    for (const n of new Set([...final.keys(), ...prev.record.final.keys()])) {
      if (n === FRAMEWORK_STATE || n === LIBRARY_STATE) {
        continue; // no model is bound to these; their readers are checked above
      }
      const was = prev.record.final.get(n) ?? NO_CELL;
      const is = final.get(n) ?? NO_CELL;
      if (was !== is && !((was === NO_CELL || ran.has(was)) && (is === NO_CELL || ran.has(is)))) {
        return null;
      }
    }
    // 4. What the partial run reports belongs to re-run cells.
    if (ir.models.some(m => !ran.has(m.cell)) || ir.diagnostics.some(d => !d.span || !ran.has(d.span.cell))) {
      return null;
    }
    // 5. A re-run model whose name a reused later cell binds again is an earlier, rebound model:
    // the partial run could not see that (nor look up its given values by its key).
    if (ir.models.some(m => m.kind !== 'class' && !m.rebound && (final.get(m.name) ?? NO_CELL) > m.cell)) {
      return null;
    }
    const models = [
      ...prev.ir.models.filter(m => !ran.has(m.cell)).map((m, order) => ({ m, order, fresh: 0 })),
      ...ir.models.map((m, order) => ({ m, order, fresh: 1 }))
    ];
    // By framework in registry order, each in notebook order (as a whole run lists them).
    models.sort((a, b) => modelRank(a.m) - modelRank(b.m) || a.m.cell - b.m.cell || a.fresh - b.fresh || a.order - b.order);
    const diagnostics = [
      ...prev.ir.diagnostics.filter(d => d.span && !ran.has(d.span.cell)).map((d, order) => ({ d, order })),
      ...ir.diagnostics.map((d, order) => ({ d, order: order + 1e9 }))
    ];
    diagnostics.sort((a, b) => (a.d.span?.cell ?? 0) - (b.d.span?.cell ?? 0) || a.order - b.order);
    return {
      ir: { models: models.map(x => x.m), diagnostics: diagnostics.map(x => x.d), stats: ir.stats },
      record: { reads, binds, buildReads, final }
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
    parts.push(JSON.stringify([options.symbols ?? [], options.inputShapes ?? [], options.budgets ?? {}, cells.length, !!options.readFile, !!options.modules, options.environ ? [...options.environ] : null]));
    return parts.join('\u0001');
  }
}
