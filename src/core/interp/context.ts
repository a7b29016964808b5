// The interpreter as its parts see it. `Interp` is what frameworks, builtins and the IR
// extractors use (diagnostics, budgets, calls, attributes, iteration, the final state);
// `Engine` adds what the interpreter's own parts (statements.ts, expressions.ts, calls.ts,
// attributes.ts, imports.ts, havoc.ts) share: scopes, evaluation, the source context and the
// bookkeeping of calls. interpreter.ts implements both.
// Does not: implement anything.
import type { Diagnostic, Span } from '../ir';
import type { GlobalFlow } from '../incremental/flow';
import type { DeferredImports } from './deferred-imports';
import type { Arg, Expr, FPart, Loc, Module, Stmt } from '../parse/ast';
import type { Budgets } from './budgets';
import type { FrameworkHost } from './host';
import type { CallSite, ClassV, FuncV, InstanceV, Scope, SrcCtx, Value } from './values';

/** How a statement ended: normally (undefined), or by a jump, a raise, or a jump that may or may not happen. */
/** `maybe`: a return under a condition not known statically (what follows may also run). */
export type Sig = undefined | { k: 'return'; v: Value; maybe?: true } | { k: 'break' } | { k: 'continue' } | { k: 'raise' } | { k: 'unknownJump' };

/** Loads a module's Python file (relative path: 'a/b.py') as lowered AST, or null when absent. */
export type ModuleLoader = (relPath: string) => { module: Module; file: string } | null;

/**
 * Finds an absolute module in the installed Python environment (env/source.ts, through the
 * analyzer): its lowered file (real path), a refusal naming the budget that stopped it, or null.
 */
export type LibraryLoader = ((dotted: string) => { module: Module; file: string; isPackage: boolean } | { refused: string; message: string } | null) & {
  /** A module's literal `__all__` read from its text without parsing it, or null (lazy-imports.ts). */
  staticAll?: (dotted: string) => Set<string> | null;
  /**
   * Text of the config.json of a pretrained model named as from_pretrained names it (a folder
   * next to the notebook, or a hub repo in the host's local cache), or null when not there.
   */
  configJson?: (name: string) => string | null;
  /** Packages whose star-imported submodules may be imported later (deferred-imports.ts). */
  deferred?: {
    packages: ReadonlyMap<string, DeferredPackage>;
    /** What importing `dotted` would do, read from its text; null: it cannot be deferred. */
    scan(dotted: string, pkg: DeferredPackage): DeferredScan | null;
  };
};

/** A registry module that a deferred package's submodules fill when imported. */
export interface DeferredRegistry {
  module: string;
  /** Its functions that only add to it (calling them imports nothing). */
  registering: readonly string[];
  /** Its functions that ask about one registered name: the argument index holding it. */
  keyed: Readonly<Record<string, number>>;
  /** How a name asked about is the registered name: whole, text before '.', lowercased. */
  key: 'whole' | 'before-dot' | 'lower';
  /** Its module-level containers: read from outside, every deferred file is imported first. */
  containers: readonly string[];
  /**
   * Only the keyed functions read the registry (the module's other functions are unrelated),
   * and a name no deferred file registers needs none of them (every registration of this
   * registry in a deferred file is a literal the scan saw).
   */
  onlyKeyed?: true;
}

/** A package whose `from .x import *` lines may be deferred (env/deferred-packages.ts). */
export interface DeferredPackage {
  package: string;
  /** Decorators (as written, calls too) that register the `def` they decorate by its name. */
  decorators: readonly string[];
  /** The registering decorator also adds the name to the module's `__all__`. */
  decoratorExports: boolean;
  /** Calls `f(__name__, {...})` registering the string keys of their dict. */
  deprecations: readonly string[];
  /** Calls `f('key', ...)` registering their first argument, a string literal. */
  registerCalls: readonly string[];
  /** Other decorators and module-level calls a deferrable file may have. */
  inertDecorators: readonly string[];
  inertCalls: readonly string[];
  registries: readonly DeferredRegistry[];
}

/** What importing a submodule does, as its text shows (env/deferred-scan.ts). */
export interface DeferredScan {
  /** Every name `from x import *` can bind (a superset). */
  exports: ReadonlySet<string>;
  /** Names it registers. */
  registers: ReadonlySet<string>;
  /** Every name it binds at module level (a superset). */
  bound: ReadonlySet<string>;
}

/** What one analysis has read from the installed environment (imports.ts). */
export interface LibraryState {
  /** Modules read from the environment (not local files). */
  readonly modules: Set<string>;
  /** Library module loads in progress, when the outermost began, ms spent in finished ones. */
  depth: number;
  started: number;
  ms: number;
  /** Set once maxLibraryMs was spent: no further library module is read. */
  stopped: boolean;
}

/** The last top-level binding of a global name: where, and in which order. */
export interface TopBinding {
  span: Span;
  seq: number;
}

/** A module instance whose top-level name was bound again later (listed as a rebound model). */
export interface ReplacedBinding {
  name: string;
  value: Value;
  /** The binding that had put it under `name`. */
  binding: TopBinding;
}

/** The interpreter as frameworks, builtins and the IR extractors see it. */
export interface Interp {
  /** Runs deferred imports that may bind `name` of module `path` (null: any name). */
  settleModule(path: string, name: string | null): void;
  readonly host: FrameworkHost;
  readonly budgets: Budgets;
  readonly globals: Scope;
  readonly builtins: Map<string, Value>;
  readonly diagnostics: Diagnostic[];
  /** How global names flow between cells (incremental analysis). */
  readonly flow: GlobalFlow;
  /** Last top-level binding of each global name. */
  readonly topBindings: Map<string, TopBinding>;
  /** Module instances replaced by a later top-level binding of their name, in binding order. */
  readonly replaced: ReplacedBinding[];
  /** Classes defined at the top level of the analysed document, in order. */
  readonly classes: ClassV[];
  /** Standard-library attributes by module path and name (builtins.ts). */
  readonly stdlibCache: Map<string, Map<string, Value | null>>;
  /** Evaluation steps so far. */
  readonly steps: number;
  /** Set once the wall budget ran out. */
  readonly timedOut: boolean;
  /** Methods of str/list/dict/... (set by builtins.ts). */
  builtinMethod: (obj: Value, name: string) => Value | undefined;

  span(loc: Loc | undefined): Span | undefined;
  diag(severity: Diagnostic['severity'], code: string, message: string, span?: Span, related?: Span[]): void;
  /** Unknown value plus an info diagnostic at loc. */
  unknownAt(reason: string, loc?: Loc, code?: string): Value;
  /** One unit of work done outside interpreted code (checks the wall clock now and then). */
  noteWork(): void;
  /** One new module instance (budget maxModules). */
  noteModule(): void;
  checkWall(): void;
  /** Counts `units` of work of one costly operation (cost.ts): the step budget, and the wall clock when costly. */
  charge(units: number): void;
  /** Runs `fn` with a fresh statement budget, turning budget errors into a diagnostic. */
  isolated<T>(fn: () => T, fallback: T, span?: Span): T;

  iterate(v: Value): Value[] | null;
  callValue(f: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  callFunction(fn: FuncV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  callModule(inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  instantiate(cls: ClassV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  classAttr(cls: ClassV, name: string): Value | undefined;
  nativeBase(cls: ClassV): ClassV | undefined;
  getAttr(obj: Value, name: string, loc?: Loc): Value;
  setAttr(obj: Value, name: string, value: Value, loc?: Loc): void;
  pymodAttr(path: string, name: string, site: CallSite, loc?: Loc): Value;
  formatValue(v: Value, spec?: string, conv?: string): string | null;
  /** Loads `a.b.c` through the loader (local files, libraries read as source). */
  loadUserModule(path: string): Value | null;
  /** The global scope of a module loaded that way. */
  userScope(path: string): Scope | undefined;
  /**
   * Whether every name a loaded module holds is known: an installed library module (read
   * whole, in order) that ran no star import of a module not read.
   */
  knowsAllNames(path: string): boolean;
  /** Environment variables the program runs with, when the host knows them (os.environ). */
  readonly environ: ReadonlyMap<string, string> | undefined;
}

/** What the interpreter's own parts share besides. */
export interface Engine extends Interp {
  steps: number;
  timedOut: boolean;
  /** Where the code running now comes from (for spans). */
  ctx: SrcCtx;
  /** Order of top-level bindings and classes. */
  seq: number;
  /** Calls in progress (budget maxCallDepth). */
  callDepth: number;
  /** Steps of the statement running now (budget maxSteps). */
  statementSteps: number;
  /** Loops run for their first pass only (data loaders); see the For statement. */
  firstPassLoops: number;
  readonly loader?: ModuleLoader;
  readonly givenSymbols: ReadonlyMap<string, bigint>;
  readonly starImports: string[];
  /** Module scopes that ran a `from <module> import *` of a module not read: any name may be in them. */
  readonly openScopes: WeakSet<Scope>;
  /** Classes of the methods being run, innermost last (for zero-argument super()). */
  readonly ownerStack: ClassV[];
  /** Module instances whose framework base __init__ ran (checked and dropped when their __init__ returns). */
  readonly nativeInitDone: Set<InstanceV>;
  /** Modules loaded through the loader ('loading' while their code runs). */
  readonly userModules: Map<string, Scope | 'loading'>;
  /** Module paths the loader found no file for (in this analysis). */
  readonly absentModules: Set<string>;
  /** Installed libraries (absent: none are read), and what this analysis read of them. */
  readonly libraries?: LibraryLoader;
  /** Star imports of model packages run when needed (deferred-imports.ts); null without a table. */
  readonly deferred: DeferredImports | null;
  readonly library: LibraryState;
  /** Milliseconds spent reading library modules so far (not counted against maxWallMs). */
  libraryMs(now?: number): number;

  exec(st: Stmt, scope: Scope): Sig;
  execBlock(body: Stmt[], scope: Scope): Sig;
  eval(e: Expr, scope: Scope): Value;
  /** Evaluates without letting budget errors escape (used by havoc). */
  evalQuiet(e: Expr, scope: Scope): Value;
  evalArgs(args: Arg[], scope: Scope): { pos: Value[]; kw: Map<string, Value>; unknownSplat: boolean };
  lookup(name: string, scope: Scope, loc?: Loc): Value;
  peek(name: string, scope: Scope): Value | undefined;
  bind(name: string, value: Value, scope: Scope, loc?: Loc): void;
  assign(target: Expr, value: Value, scope: Scope): void;
  getItem(obj: Value, idx: Value, loc?: Loc): Value;
  setItem(obj: Value, idx: Value, value: Value, loc?: Loc): void;
  havoc(body: Stmt[], scope: Scope, reason: string, plainTargets?: Map<string, boolean>): void;
  siteAt(loc: Loc | undefined): CallSite;
  bindAttr(v: Value, self: Value): Value;
  nativeInit(nb: ClassV): Value;
  makeClass(name: string, bases: ClassV[], attrs: Map<string, Value>, span?: Span, unknownBase?: boolean): ClassV;
  dataclassFields(cls: ClassV): Array<{ name: string; def?: Value }>;
  importPath(path: string): Value;
  currentPackage(scope: Scope): string;
  currentOwner(): ClassV | undefined;
  fstring(parts: Array<string | FPart>, scope: Scope, loc: Loc): Value;
  /** Runs a module's (or cell's) top-level statements in `scope`. */
  runTopLevel(body: Stmt[], scope: Scope, ctx: SrcCtx): void;
}
