// The bounded abstract interpreter: runs lowered cells in notebook order over the value domain
// of values.ts. This file holds its state (diagnostics, budgets, scopes, the source context),
// the top level, name lookup and binding, and the dispatch of statements and expressions
// through the tables of statements.ts and expressions.ts; calls and classes (calls.ts),
// attributes and subscripts (attributes.ts), imports (imports.ts) and havoc (havoc.ts) are
// functions over the Engine interface (context.ts), which this class implements. Anything it
// cannot know becomes Unknown with a diagnostic; budgets (budgets.ts) bound all work.
// Does not: parse, know any framework (frameworks answer through the FrameworkHost of
// host.ts), or build the IR.
import type { Diagnostic, Span } from '../ir';
import type { Arg, Expr, FPart, Loc, Module, Stmt } from '../parse/ast';
import { FRAMEWORK_STATE, GlobalFlow, NO_CELL } from '../incremental/flow';
import { DeferredImports } from './deferred-imports';
import { Budgets } from './budgets';
import { polyConstValue } from './poly';
import { BudgetError } from './ops';
import { COSTLY_UNITS } from './cost';
import {
  CallSite, ClassV, freshId, FuncV, globalScopeOf, InstanceV, NO_KWARGS, Scope, seqItems, SrcCtx, str, unknown, Value, withField
} from './values';
import type { FrameworkHost } from './host';
import type { Engine, LibraryLoader, LibraryState, ModuleLoader, ReplacedBinding, Sig, TopBinding } from './context';
import * as attributes from './attributes';
import * as calls from './calls';
import * as expressions from './expressions';
import { evalCall, EXPRS } from './expressions';
import * as imports from './imports';
import * as statements from './statements';
import { execAssign, execExpr, STMTS } from './statements';
import { havoc } from './havoc';

export type { Interp, LibraryLoader, ModuleLoader, TopBinding } from './context';

/** Most diagnostics kept per cell (or file), and in all. */
const DIAGS_PER_CELL = 60;
export const DIAGS_TOTAL = 5000;
/**
 * Most replaced model bindings kept (Interpreter.replaced): a notebook that rebinds a name to
 * a new model in a long loop lists its binding lines, not every pass; beyond this many lines
 * the earlier models are not listed (each one is a full model build).
 */
const MAX_REPLACED = 32;

function sameSpan(a: Span, b: Span): boolean {
  return a.cell === b.cell && a.file === b.file && a.startLine === b.startLine && a.startCol === b.startCol;
}

export class Interpreter implements Engine {
  readonly globals: Scope;
  readonly builtins: Map<string, Value>;
  readonly diagnostics: Diagnostic[] = [];
  private diagKeys = new Set<string>();
  private readonly spanCache = new Map<Loc, Span>();
  /** How global names flow between cells (for incremental analysis). */
  readonly flow = new GlobalFlow();
  private diagsPerCell = new Map<string, number>();
  steps = 0;
  /** Steps of the statement running now (budget maxSteps). */
  statementSteps = 0;
  callDepth = 0;
  readonly started = Date.now();
  timedOut = false;
  /** Module instances created so far, deep copies included (budget maxModules). */
  modulesCreated = 0;
  private hostWork = 0;
  /** Units charged since the wall clock was last read (see charge()). */
  private charged = 0;
  /** When the wall budget ran out (0: not yet); see checkWall(). */
  private overtime = 0;
  /** Steps one top-level statement may take (maxSteps; less in overtime). */
  private stepLimit: number;
  /** Modules created before the running top-level statement (see moduleAllowance()). */
  private statementModulesStart = 0;
  ctx: SrcCtx = { cell: 0 };
  /** Last top-level binding of each global name (span of the statement). */
  readonly topBindings = new Map<string, TopBinding>();
  /** Module instances a later top-level binding of their name replaced (context.ts). */
  readonly replaced: ReplacedBinding[] = [];
  /** User classes in order of definition. */
  readonly classes: ClassV[] = [];
  seq = 0;
  /** Modules loaded through the loader ('loading' while their code runs). */
  readonly userModules = new Map<string, Scope | 'loading'>();
  /** Module paths the loader found no file for (in this analysis). */
  readonly absentModules = new Set<string>();
  /** What this analysis read from the installed environment (imports.ts). */
  readonly library: LibraryState = { modules: new Set(), depth: 0, started: 0, ms: 0, stopped: false };
  /** Loops run for their first pass only (data loaders); see the For statement. */
  firstPassLoops = 0;
  /** Values the user gave for top-level names that are not known statically (symbols). */
  givenSymbols: ReadonlyMap<string, bigint> = new Map();
  /** Paths of `from <module> import *` of modules not read as source, in order: their names are looked up when first used. */
  readonly starImports: string[] = [];
  readonly deferred: DeferredImports | null;
  readonly openScopes = new WeakSet<Scope>();
  /** Environment variables the program runs with, when the host knows them (os.environ). */
  environ: ReadonlyMap<string, string> | undefined = undefined;
  /** Standard-library attributes by module path and name (the same object for the same name). */
  readonly stdlibCache = new Map<string, Map<string, Value | null>>();

  /** Classes of the methods being run, innermost last (for zero-argument super()). */
  readonly ownerStack: ClassV[] = [];
  /** Module instances whose framework base __init__ ran (checked and dropped when their __init__ returns). */
  readonly nativeInitDone = new Set<InstanceV>();

  /** The class whose method is running (innermost), for zero-argument super(). */
  currentOwner(): ClassV | undefined {
    const stack = this.ownerStack;
    return stack.length > 0 ? stack[stack.length - 1] : undefined;
  }

  constructor(
    readonly host: FrameworkHost,
    readonly budgets: Budgets,
    makeBuiltins: (interp: Interpreter) => Map<string, Value>,
    readonly loader?: ModuleLoader,
    readonly libraries?: LibraryLoader
  ) {
    this.stepLimit = budgets.maxSteps;
    this.deferred = libraries?.deferred ? new DeferredImports(libraries.deferred.packages) : null;
    this.builtins = makeBuiltins(this);
    this.globals = { vars: new Map(), parent: null };
    this.globals.vars.set('__name__', str('__main__'));
  }

  // ---- diagnostics and spans ---------------------------------------------------------------

  span(loc: Loc | undefined): Span | undefined {
    if (!loc) {
      return undefined;
    }
    // A loc array of the (cached) AST gives the same span as long as the context is the same.
    // One map per analysis: a notebook-lifetime WeakMap made every GC trace its ephemerons.
    const hit = this.spanCache.get(loc);
    if (hit && hit.cell === this.ctx.cell && hit.cellId === this.ctx.cellId && hit.file === this.ctx.file) {
      return hit;
    }
    // Made with all its fields at once (fields added later would need a second store).
    const { cell, cellId, file } = this.ctx;
    let s: Span;
    if (cellId !== undefined) {
      s = file !== undefined
        ? { cell, startLine: loc[0], startCol: loc[1], endLine: loc[2], endCol: loc[3], cellId, file }
        : { cell, startLine: loc[0], startCol: loc[1], endLine: loc[2], endCol: loc[3], cellId };
    } else {
      s = file !== undefined
        ? { cell, startLine: loc[0], startCol: loc[1], endLine: loc[2], endCol: loc[3], file }
        : { cell, startLine: loc[0], startCol: loc[1], endLine: loc[2], endCol: loc[3] };
    }
    this.spanCache.set(loc, s);
    return s;
  }

  diag(severity: Diagnostic['severity'], code: string, message: string, span?: Span, related?: Span[]): void {
    const key = `${severity}|${code}|${message}|${span ? `${span.file ?? ''}:${span.cell}:${span.startLine}:${span.startCol}` : ''}`;
    // At most DIAGS_PER_CELL per cell (a hostile cell cannot drown the others' messages, and
    // a cell's messages do not depend on other cells), and DIAGS_TOTAL in all.
    const where = span ? `${span.file ?? ''}:${span.cell}` : '';
    const count = this.diagsPerCell.get(where) ?? 0;
    if (this.diagKeys.has(key) || count >= DIAGS_PER_CELL || this.diagnostics.length >= DIAGS_TOTAL) {
      return;
    }
    this.diagsPerCell.set(where, count + 1);
    this.diagKeys.add(key);
    if (code === 'unknown-loop' || code === 'unknown-condition' || code === 'internal' || code === 'raise') {
      // Code skipped here may have changed state a framework keeps notebook-wide.
      this.flow.touch(FRAMEWORK_STATE, false);
    }
    const d: Diagnostic = { severity, code, message };
    if (span) {
      d.span = span;
    }
    if (related && related.length > 0) {
      d.related = related;
    }
    this.diagnostics.push(d);
  }

  /** The call site of an expression at `loc` (what host lookups take). */
  siteAt(loc: Loc | undefined): CallSite {
    return { span: this.span(loc) };
  }

  /** Unknown value plus an info diagnostic at loc. */
  unknownAt(reason: string, loc?: Loc, code = 'unsupported'): Value {
    const span = this.span(loc);
    this.diag('info', code, reason, span);
    return unknown(reason, span);
  }

  private tick(): void {
    this.steps++;
    this.statementSteps++;
    if (this.statementSteps > this.stepLimit) {
      throw this.stepsError();
    }
    if ((this.steps & 1023) === 0) {
      this.checkWall();
    }
  }

  /**
   * Counts `units` of work done by one operation (deep ==, repr, hashing, building a big
   * string or list; see cost.ts) against the statement's step budget; a costly one reads
   * the wall clock at once, so no single step can overrun maxWallMs unseen.
   */
  charge(units: number): void {
    this.steps += units;
    this.statementSteps += units;
    if (this.statementSteps > this.stepLimit) {
      throw this.stepsError();
    }
    this.charged += units;
    if (units >= COSTLY_UNITS || this.charged >= 1024) {
      this.charged = 0;
      this.checkWall();
    }
  }

  private stepsError(): BudgetError {
    return this.overtime === 0
      ? new BudgetError('maxSteps', `stopped after maxSteps (${this.budgets.maxSteps}) evaluation steps`)
      : new BudgetError('maxSteps', `stopped after ${this.stepLimit} evaluation steps (the analysis ran past maxWallMs: later statements get a small step budget)`);
  }

  /**
   * Throws BudgetError('maxWallMs') once the analysis has run longer than its wall budget.
   * The statement running then loses its effects; the statements after it still run, each
   * with a fortieth of maxSteps, for a grace period of a quarter of maxWallMs (budgets.ts),
   * so one hostile statement cannot hide the models built after it. Past the grace period
   * the analysis stops (timedOut).
   */
  checkWall(): void {
    const now = Date.now();
    const library = this.libraryMs(now);
    if (this.library.depth > 0) {
      // A library module's code runs on its own clock (maxLibraryMs), not the notebook's:
      // `import timm` may take seconds without costing the cells their wall budget. The
      // module running when a quarter more has passed loses its remaining statements' effects.
      if (library > this.budgets.maxLibraryMs * 1.25) {
        throw new BudgetError('maxLibraryMs', `stopped reading library code after maxLibraryMs (${this.budgets.maxLibraryMs} ms) and its grace period`);
      }
      return;
    }
    if (this.overtime === 0) {
      if (now - this.started - library > this.budgets.maxWallMs) {
        this.overtime = now;
        this.stepLimit = Math.max(1000, Math.floor(this.budgets.maxSteps / 40));
        throw new BudgetError('maxWallMs', `stopped after maxWallMs (${this.budgets.maxWallMs} ms) of analysis`);
      }
    } else if (now - this.overtime > this.budgets.maxWallMs / 4) {
      this.timedOut = true;
      throw new BudgetError('maxWallMs', `stopped after maxWallMs (${this.budgets.maxWallMs} ms) of analysis and its grace period`);
    }
  }

  /** Milliseconds this analysis has spent reading library modules, the one loading now included. */
  libraryMs(now = Date.now()): number {
    return this.library.ms + (this.library.depth > 0 ? now - this.library.started : 0);
  }

  /**
   * One unit of host work done between interpreter steps (a parameter tensor built by a
   * layer rule, ...): looks at the wall clock every 1024 units, so a rule looping over a
   * huge `num_layers` stops at maxWallMs like interpreted code does.
   */
  noteWork(): void {
    if ((++this.hostWork & 1023) === 0) {
      this.checkWall();
    }
  }

  /**
   * Counts one new module instance (construction, a layer's inner module, a deep copy).
   * Throws BudgetError('maxModules') past the budget; checks the wall clock now and then,
   * since module building runs in host code between interpreter steps.
   */
  noteModule(): void {
    this.modulesCreated++;
    if (this.modulesCreated > this.budgets.maxModules && !this.moduleAllowance()) {
      throw new BudgetError('maxModules', `stopped after maxModules (${this.budgets.maxModules}) module instances were created`);
    }
    if ((this.modulesCreated & 255) === 0) {
      this.checkWall();
    }
  }

  /**
   * Past maxModules, each later top-level statement may still create a twentieth of it, up to
   * a quarter more in all (budgets.ts), so the statement that used the budget up loses its
   * effects but the small models built after it are still reported.
   */
  private moduleAllowance(): boolean {
    const b = this.budgets.maxModules;
    return this.modulesCreated - this.statementModulesStart <= b / 20 && this.modulesCreated <= b + b / 4 && this.statementModulesStart >= b;
  }

  // ---- top level ----------------------------------------------------------------------------

  /** Runs one lowered cell/file in the notebook's global scope. */
  runCell(mod: Module, ctx: SrcCtx): void {
    this.ctx = ctx;
    for (const e of mod.errors.slice(0, 5)) {
      this.diag('info', 'syntax', 'syntax error: this part of the cell was skipped', this.span(e));
    }
    this.flow.current = ctx.file === undefined ? ctx.cell : NO_CELL;
    try {
      this.runTopLevel(mod.body, this.globals, ctx);
    } finally {
      this.flow.current = NO_CELL;
    }
  }

  runTopLevel(body: Stmt[], scope: Scope, ctx: SrcCtx): void {
    for (let i = 0; i < body.length; i++) {
      const st = body[i];
      if (this.timedOut) {
        return;
      }
      this.ctx = ctx;
      this.statementSteps = 0;
      this.statementModulesStart = this.modulesCreated;
      this.callDepth = 0;
      try {
        const sig = this.exec(st, scope);
        if (sig && sig.k === 'raise') {
          this.diag('info', 'raise', 'this statement raises an exception; the rest of the cell was skipped', this.span(st.loc));
          return;
        }
      } catch (e) {
        if (e instanceof BudgetError) {
          this.ctx = ctx;
          this.diag('info', `budget-${e.budget}`, e.message, this.span(st.loc));
          this.havoc([st], scope, e.message);
          if (this.timedOut) {
            return;
          }
          if (e.budget === 'maxLibraryMs' && this.library.depth > 0) {
            // A library module past its clock and grace: what the rest of it defines is unknown.
            this.havoc(body.slice(i + 1), scope, e.message);
            return;
          }
        } else if (e instanceof RangeError) {
          // JS stack exhausted despite the budgets: treat like a call-depth budget.
          this.ctx = ctx;
          this.diag('info', 'budget-maxCallDepth', 'stopped: nesting too deep (maxCallDepth)', this.span(st.loc));
          this.havoc([st], scope, 'nesting too deep');
        } else {
          this.ctx = ctx;
          this.diag('info', 'internal', `could not analyse this statement (${e instanceof Error ? e.message : String(e)})`, this.span(st.loc));
          this.havoc([st], scope, 'analysis failed');
        }
      }
    }
  }

  // ---- scopes -------------------------------------------------------------------------------

  lookup(name: string, scope: Scope, loc?: Loc): Value {
    return this.peek(name, scope) ?? this.unknownAt(`name '${name}' is not defined (or not known statically)`, loc, 'undefined-name');
  }

  /** The value of a name, or undefined when it is not defined; reads are recorded as lookup's are, with no diagnostic. */
  peek(name: string, scope: Scope): Value | undefined {
    let s: Scope | null = scope;
    while (s) {
      if (!s.isClassBody || s === scope) {
        const v = s.vars.get(name);
        if (v !== undefined) {
          if (s === this.globals) {
            this.flow.read(name);
          }
          return v;
        }
      }
      if (s === this.globals) {
        // Unbound here: a builtin, or undefined; either changes if a cell binds it.
        this.flow.read(name);
      }
      s = s.parent;
    }
    const b = this.builtins.get(name);
    if (b !== undefined) {
      return b;
    }
    const stars = this.starImports;
    if (stars.length > 0 && this.host.starName) {
      for (const path of [...stars].reverse()) {
        const v = this.host.starName(this, path, name);
        if (v !== undefined) {
          return v;
        }
      }
    }
    return undefined;
  }

  bind(name: string, value: Value, scope: Scope, loc?: Loc): void {
    if (value.k === 'unknown' && scope === this.globals && this.ctx.file === undefined) {
      // A top-level name whose value is not known statically (read from data, a file, the
      // environment...) becomes a named symbol: totals can be expressions over it, and the
      // user can give its value.
      const given = this.givenSymbols.get(name);
      value = given !== undefined ? { k: 'int', v: given } : withField(value, 'symbol', name);
    }
    if (scope.globalNames && scope.globalNames.has(name)) {
      const g = globalScopeOf(scope);
      g.vars.set(name, value);
      if (g === this.globals) {
        this.flow.bind(name);
      }
      return;
    }
    if (scope.nonlocalNames && scope.nonlocalNames.has(name)) {
      // The nearest enclosing function scope that has the name.
      let s: Scope | null = scope.parent;
      while (s && s.parent && (s.isClassBody || !s.vars.has(name))) {
        s = s.parent;
      }
      if (s && s.parent) {
        s.vars.set(name, value);
        return;
      }
    }
    if (scope === this.globals && loc && this.ctx.file === undefined) {
      this.noteReplaced(name, scope.vars.get(name), value);
    }
    scope.vars.set(name, value);
    if (scope === this.globals) {
      this.flow.bind(name);
    }
    if (scope === this.globals && loc) {
      const span = this.span(loc);
      if (span) {
        this.topBindings.set(name, { span, seq: this.seq++ });
      }
    }
  }

  /**
   * A top-level name that held a module instance is bound to something else: the instance is
   * kept (with the binding that made it) so the models the notebook built are all listed.
   * One entry per binding statement (a loop rebinding at one line keeps its last replaced
   * value) and at most MAX_REPLACED in all.
   */
  private noteReplaced(name: string, old: Value | undefined, value: Value): void {
    // Module instances: a torch module registry, or an instance of a framework's class (Keras).
    if (!old || old === value || old.k !== 'instance' || (!old.mod && !old.cls.framework)) {
      return;
    }
    const binding = this.topBindings.get(name);
    if (!binding) {
      return;
    }
    const same = this.replaced.findIndex(r => r.name === name && sameSpan(r.binding.span, binding.span));
    if (same >= 0) {
      this.replaced.splice(same, 1);
    } else if (this.replaced.length >= MAX_REPLACED) {
      return;
    }
    this.replaced.push({ name, value: old, binding });
  }

  // ---- statements ---------------------------------------------------------------------------

  execBlock(body: Stmt[], scope: Scope): Sig {
    for (let i = 0; i < body.length; i++) {
      const sig = this.exec(body[i], scope);
      if (sig) {
        if (sig.k === 'return' && sig.maybe && i + 1 < body.length) {
          // The return may not have happened: what the rest of the block does may have.
          this.havoc(body.slice(i + 1), scope, 'may run after a return under a condition not known statically');
        }
        return sig;
      }
    }
    return undefined;
  }

  exec(st: Stmt, scope: Scope): Sig {
    this.tick();
    // Expression statements and assignments are most statements: no table lookup for them.
    if (st.k === 'Expr') {
      return execExpr(this, st, scope);
    }
    if (st.k === 'Assign') {
      return execAssign(this, st, scope);
    }
    const fn = STMTS.get(st.k);
    if (!fn) {
      this.unknownAt(`statement '${st.k}' is not supported`, st.loc);
      return undefined;
    }
    return fn(this, st, scope);
  }

  /** Runs `fn` with a fresh statement budget, turning budget errors into a diagnostic. */
  isolated<T>(fn: () => T, fallback: T, span?: Span): T {
    const savedSteps = this.statementSteps;
    const savedDepth = this.callDepth;
    this.statementSteps = 0;
    this.callDepth = 0;
    try {
      return fn();
    } catch (e) {
      if (e instanceof BudgetError) {
        this.diag('info', `budget-${e.budget}`, e.message, span);
        return fallback;
      }
      if (e instanceof RangeError) {
        this.diag('info', 'budget-maxCallDepth', 'stopped: nesting too deep (maxCallDepth)', span);
        return fallback;
      }
      throw e;
    } finally {
      this.statementSteps = savedSteps;
      this.callDepth = savedDepth;
    }
  }

  /** Evaluates without letting budget errors escape (used by havoc). */
  evalQuiet(e: Expr, scope: Scope): Value {
    try {
      return this.eval(e, scope);
    } catch (err) {
      if (err instanceof BudgetError) {
        return unknown(err.message);
      }
      throw err;
    }
  }

  // ---- expressions --------------------------------------------------------------------------

  eval(e: Expr, scope: Scope): Value {
    this.tick();
    // Names, attribute reads and calls are most of all evaluations: no table lookup for them.
    if (e.k === 'Name') {
      return this.lookup(e.id, scope, e.loc);
    }
    if (e.k === 'Attr') {
      return this.getAttr(this.eval(e.obj, scope), e.attr, e.loc);
    }
    if (e.k === 'Call') {
      return evalCall(this, e, scope);
    }
    const fn = EXPRS.get(e.k);
    if (!fn) {
      return this.unknownAt(`expression '${e.k}' is not supported`, e.loc);
    }
    return fn(this, e, scope);
  }

  evalArgs(args: Arg[], scope: Scope): { pos: Value[]; kw: Map<string, Value>; unknownSplat: boolean } {
    // Without *args the positional count is known: the array is made at its size (grown by
    // push from empty it would get room for 17).
    let npos = 0;
    let star = false;
    for (let i = 0; i < args.length; i++) {
      npos += args[i].kind === 'pos' ? 1 : 0;
      star = star || args[i].kind === 'star';
    }
    const pos: Value[] = star ? [] : new Array<Value>(npos);
    let p = 0;
    // Most calls have no keyword arguments: they share one read-only empty map.
    let kw: Map<string, Value> = NO_KWARGS;
    let unknownSplat = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const v = this.eval(a.value, scope);
      switch (a.kind) {
        case 'pos':
          if (star) {
            pos.push(v);
          } else {
            pos[p++] = v;
          }
          break;
        case 'kw':
          if (kw === NO_KWARGS) {
            kw = new Map();
          }
          kw.set(a.name ?? '', v);
          break;
        case 'star': {
          const items = this.iterate(v);
          if (items === null) {
            unknownSplat = true;
          } else {
            pos.push(...items);
          }
          break;
        }
        case 'dstar':
          if (v.k === 'dict') {
            if (kw === NO_KWARGS) {
              kw = new Map();
            }
            for (const [k, val] of v.map.values()) {
              if (k.k === 'str') {
                kw.set(k.v, val);
              }
            }
          } else if (v.k === 'instance' && !v.mod) {
            // A config object used as **kwargs is not valid Python; treat as unknown.
            unknownSplat = true;
          } else {
            unknownSplat = true;
          }
          break;
      }
    }
    return { pos, kw, unknownSplat };
  }

  /** Finite iteration of a value, or null when its items are not known. */
  iterate(v: Value): Value[] | null {
    if (v.k === 'list' && v.generatorOf) {
      // A generator: the first full use yields its items; after that (or after a partial use
      // we did not follow) what remains is not known.
      if (v.consumed) {
        return null;
      }
      v.consumed = true;
      return v.items;
    }
    if (v.k === 'tensor') {
      // Unpacking / looping over a tensor walks its first dimension.
      const n = v.shape && v.shape.length > 0 && v.shape[0] ? polyConstValue(v.shape[0]) : null;
      if (n === null || n > 10000n || !v.shape) {
        return null;
      }
      const rest = v.shape.slice(1);
      const items: Value[] = [];
      const d = v.data;
      if (d && rest.length === 0 && d.lo.length === Number(n)) {
        // Known values: each element a 0-d tensor holding its own.
        return d.lo.map((lo, j) => ({ k: 'tensor', shape: [], id: freshId(), node: v.node, data: { dtype: d.dtype, lo: [lo], hi: [d.hi[j]] } }) as Value);
      }
      for (let j = 0n; j < n; j++) {
        items.push(v.fill === undefined ? { k: 'tensor', shape: [...rest], id: freshId(), node: v.node } : { k: 'tensor', shape: [...rest], id: freshId(), node: v.node, fill: v.fill });
      }
      return items;
    }
    if (v.k === 'instance' && v.mod) {
      return this.host.iterModule(v);
    }
    if (v.k === 'class' && v.enumMembers) {
      return v.enumUnsure ? null : [...v.enumMembers];
    }
    if (v.k === 'instance') {
      const it = this.classAttr(v.cls, '__iter__');
      if (it && (it.k === 'func' || it.k === 'builtin')) {
        const r = this.callValue({ k: 'bound', func: it, self: v }, [], NO_KWARGS, {});
        return this.iterate(r);
      }
      return null;
    }
    return seqItems(v);
  }

  /** Hook set by builtins.ts for methods of str/list/dict/... */
  builtinMethod: (obj: Value, name: string) => Value | undefined = () => undefined;

  // ---- attributes and subscripts (attributes.ts) ----------------------------------------------

  getAttr(obj: Value, name: string, loc?: Loc): Value {
    return attributes.getAttr(this, obj, name, loc);
  }

  setAttr(obj: Value, name: string, value: Value, loc?: Loc): void {
    attributes.setAttr(this, obj, name, value, loc);
  }

  getItem(obj: Value, idx: Value, loc?: Loc): Value {
    return attributes.getItem(this, obj, idx, loc);
  }

  setItem(obj: Value, idx: Value, value: Value, loc?: Loc): void {
    attributes.setItem(this, obj, idx, value, loc);
  }

  // ---- assignment (statements.ts) and havoc (havoc.ts) -------------------------------------

  assign(target: Expr, value: Value, scope: Scope): void {
    statements.assign(this, target, value, scope);
  }

  havoc(body: Stmt[], scope: Scope, reason: string, plainTargets?: Map<string, boolean>): void {
    havoc(this, body, scope, reason, plainTargets);
  }

  // ---- calls and classes (calls.ts) ----------------------------------------------------------

  classAttr(cls: ClassV, name: string): Value | undefined {
    return calls.classAttr(cls, name);
  }

  nativeBase(cls: ClassV): ClassV | undefined {
    return calls.nativeBase(cls);
  }

  bindAttr(v: Value, self: Value): Value {
    return calls.bindAttr(this, v, self);
  }

  nativeInit(nb: ClassV): Value {
    return calls.nativeInit(this, nb);
  }

  callValue(f: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return calls.callValue(this, f, args, kwargs, site);
  }

  callModule(inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return this.host.onModuleCall(this, inst, args, kwargs, site);
  }

  callFunction(fn: FuncV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return calls.callFunction(this, fn, args, kwargs, site);
  }

  instantiate(cls: ClassV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return calls.instantiate(this, cls, args, kwargs, site);
  }

  dataclassFields(cls: ClassV): Array<{ name: string; def?: Value }> {
    return calls.dataclassFields(cls);
  }

  makeClass(name: string, bases: ClassV[], attrs: Map<string, Value>, span?: Span, unknownBase = false): ClassV {
    return calls.makeClass(name, bases, attrs, span, unknownBase);
  }

  // ---- imports (imports.ts) ----------------------------------------------------------------

  importPath(path: string): Value {
    return imports.importPath(this, path);
  }

  pymodAttr(path: string, name: string, site: CallSite, loc?: Loc): Value {
    return imports.pymodAttr(this, path, name, site, loc);
  }

  loadUserModule(path: string): Value | null {
    return imports.loadUserModule(this, path);
  }

  knowsAllNames(path: string): boolean {
    const scope = imports.userScope(this, path);
    return scope !== undefined && this.library.modules.has(path) && !this.openScopes.has(scope);
  }

  settleModule(path: string, name: string | null): void {
    this.deferred?.settle(this, path, name);
  }

  userScope(path: string): Scope | undefined {
    return imports.userScope(this, path);
  }

  currentPackage(scope: Scope): string {
    return imports.currentPackage(scope);
  }

  // ---- f-strings (expressions.ts) ----------------------------------------------------------

  formatValue(v: Value, spec?: string, conv?: string): string | null {
    return expressions.formatValue(this, v, spec, conv);
  }

  fstring(parts: Array<string | FPart>, scope: Scope, loc: Loc): Value {
    return expressions.fstring(this, parts, scope, loc);
  }
}
