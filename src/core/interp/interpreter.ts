// The bounded abstract interpreter: executes lowered cells in notebook order over the value
// domain of values.ts. Statements and expressions are dispatched through tables. Anything it
// cannot know becomes Unknown (with a diagnostic); branches on unknown conditions "havoc"
// (make Unknown) every name they could assign. Budgets (budgets.ts) bound all work.
// Does not: parse, know framework semantics (delegated to a FrameworkHost), or build the IR.
import type { Diagnostic, Span } from '../ir';
import type { Arg, Expr, FPart, Loc, Module, Stmt } from '../parse/ast';
import { FRAMEWORK_STATE, GlobalFlow, NO_CELL } from '../incremental/flow';
import { Budgets } from './budgets';
import { polyConstValue } from './poly';
import { addUnique, binaryOp, BudgetError, compareOp, unaryOp } from './ops';
import { formatValue } from './repr';
import { COSTLY_UNITS } from './cost';
import {
  asInt, asStr, bool, CallSite, ClassV, DictV, freshId, FuncV, InstanceV, isModuleInstance, keyOf, NONE, Scope,
  NO_KWARGS, seqItems, SrcCtx, str, touchDict, truthy, unknown, UnknownV, Value
} from './values';
import type { FrameworkHost } from './host';
import { isStdlibPath, stdlibAttr, stdlibModule } from './builtins';
import { assignsName, hasJump, isLiteralIndex, mentions, nestedStmts, pureExpr, stmtTargets, targetKey } from './syntax';

type Sig = undefined | { k: 'return'; v: Value } | { k: 'break' } | { k: 'continue' } | { k: 'raise' } | { k: 'unknownJump' };

/** Span objects by AST location (spans are immutable plain data). */

/** Loads a local Python file (relative path) as lowered AST, or null when absent. */
export type ModuleLoader = (relPath: string) => { module: Module; file: string } | null;

export interface TopBinding {
  span: Span;
  seq: number;
}

/** Most diagnostics kept per cell (or file), and in all. */
export const DIAGS_PER_CELL = 60;
export const DIAGS_TOTAL = 5000;

export class Interpreter {
  readonly globals: Scope;
  readonly builtins: Map<string, Value>;
  readonly diagnostics: Diagnostic[] = [];
  private diagKeys = new Set<string>();
  private readonly spanCache = new Map<Loc, Span>();
  /** How global names flow between cells (for incremental analysis). */
  readonly flow = new GlobalFlow();
  private diagsPerCell = new Map<string, number>();
  steps = 0;
  private statementSteps = 0;
  callDepth = 0;
  readonly started = Date.now();
  timedOut = false;
  /** nn.Module instances created so far, deep copies included (budget maxModules). */
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
  /** User classes in order of definition. */
  readonly classes: ClassV[] = [];
  seq = 0;
  private readonly userModules = new Map<string, Scope | 'loading'>();
  /** Module paths the loader found no file for (in this analysis). */
  private readonly absentModules = new Set<string>();
  /** Loops run for their first pass only (data loaders); see the For statement. */
  firstPassLoops = 0;
  /** Values the user gave for top-level names that are not known statically (symbols). */
  givenSymbols: ReadonlyMap<string, bigint> = new Map();
  /** Paths of `from <module> import *` of modules not read as source, in order: their names are looked up when first used. */
  readonly starImports: string[] = [];
  /** Standard-library attributes by module path and name (the same object for the same name). */
  readonly stdlibCache = new Map<string, Map<string, Value | null>>();

  /** Classes of the methods being run, innermost last (for zero-argument super()). */
  private readonly ownerStack: ClassV[] = [];

  /** The class whose method is running (innermost), for zero-argument super(). */
  currentOwner(): ClassV | undefined {
    const stack = this.ownerStack;
    return stack.length > 0 ? stack[stack.length - 1] : undefined;
  }

  constructor(
    readonly host: FrameworkHost,
    readonly budgets: Budgets,
    makeBuiltins: (interp: Interpreter) => Map<string, Value>,
    readonly loader?: ModuleLoader
  ) {
    this.stepLimit = budgets.maxSteps;
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
    if (this.overtime === 0) {
      if (now - this.started > this.budgets.maxWallMs) {
        this.overtime = now;
        this.stepLimit = Math.max(1000, Math.floor(this.budgets.maxSteps / 40));
        throw new BudgetError('maxWallMs', `stopped after maxWallMs (${this.budgets.maxWallMs} ms) of analysis`);
      }
    } else if (now - this.overtime > this.budgets.maxWallMs / 4) {
      this.timedOut = true;
      throw new BudgetError('maxWallMs', `stopped after maxWallMs (${this.budgets.maxWallMs} ms) of analysis and its grace period`);
    }
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
   * Counts one new nn.Module instance (construction, a layer's inner module, a deep copy).
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

  private runTopLevel(body: Stmt[], scope: Scope, ctx: SrcCtx): void {
    for (const st of body) {
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

  private globalScopeOf(scope: Scope): Scope {
    let s = scope;
    while (s.parent) {
      s = s.parent;
    }
    return s;
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
      const g = this.globalScopeOf(scope);
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

  // ---- statements ---------------------------------------------------------------------------

  execBlock(body: Stmt[], scope: Scope): Sig {
    for (const st of body) {
      const sig = this.exec(st, scope);
      if (sig) {
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

  /**
   * Makes every name/attribute a statement list could assign Unknown. `plainTargets` (made
   * by the outermost call) says which targets are only ever given plain values (flags,
   * numbers) in the whole list: those become Unknowns that cannot hide parameters.
   */
  havoc(body: Stmt[], scope: Scope, reason: string, plainTargets: Map<string, boolean> = plainAssignments(this, body, scope)): void {
    if (this.host.onHavoc && body.length > 0) {
      this.host.onHavoc(this, body, reason);
    }
    const unknown = (r: string, span?: Span): Value => ({ k: 'unknown', reason: r, span, fromCall: true });
    /** The Unknown a target gets: one without parameters when it held none and is only given plain values. */
    const unknownFor = (t: Expr): Value => {
      const v = unknown(reason, this.span(t.loc));
      const key = targetKey(t);
      if (key !== null && plainTargets.get(key) === true && holdsNoParams(this, t, scope)) {
        (v as UnknownV).scalar = true;
      }
      return v;
    };
    const visitTarget = (t: Expr): void => {
      if (t.k === 'Name') {
        this.bind(t.id, unknownFor(t), scope);
      } else if (t.k === 'Tuple' || t.k === 'List') {
        t.elts.forEach(visitTarget);
      } else if (t.k === 'Starred') {
        visitTarget(t.v);
      } else if (t.k === 'Attr' || t.k === 'Sub') {
        // self.x = ... / d[k] = ...: make the attribute (or the whole container) unknown.
        try {
          const base = this.evalQuiet(t.obj, scope);
          if (t.k === 'Attr') {
            this.setAttr(base, t.attr, unknownFor(t), t.loc);
          } else if (t.obj.k === 'Name') {
            this.bind(t.obj.id, unknown(reason, this.span(t.loc)), scope);
          }
        } catch {
          // ignore: havoc is best effort on top of an already-unknown state
        }
      }
    };
    const quiet = (e: Expr): Value | null => {
      // Only side-effect-free expressions (names, attribute chains and literal subscripts
      // such as net[0] or model.heads['cls']) are evaluated here.
      let x: Expr = e;
      while (x.k === 'Attr' || (x.k === 'Sub' && isLiteralIndex(x.index))) {
        x = x.obj;
      }
      if (x.k !== 'Name') {
        return null;
      }
      try {
        return this.evalQuiet(e, scope);
      } catch {
        return null;
      }
    };
    const poison = (v: Value | null): void => {
      if (!v) {
        return;
      }
      if (v.k === 'list') {
        v.unknownItems = true;
      } else if (v.k === 'instance' && v.mod) {
        if (!(this.host.havocInstance && this.host.havocInstance(this, v, reason))) {
          v.mod.unknownParams.push(`changed under a condition not known statically (${reason})`);
        }
      }
    };
    const visitCall = (e: Expr): void => {
      if (e.k !== 'Call') {
        return;
      }
      // Whatever a call in an unknown branch may mutate: its receiver and the modules/lists
      // passed to it become unknown — except a framework's module methods that never change a
      // module's parameters (model.train(), zero_grad(), to(device)) and builtins that only read.
      if (e.func.k === 'Attr') {
        const receiver = quiet(e.func.obj);
        if (!(receiver && keepsParameters(this, receiver, e.func.attr))) {
          poison(receiver);
        }
      }
      const callee = e.func.k === 'Name' ? quiet(e.func) : null;
      if (!(callee && callee.k === 'builtin' && READ_ONLY_BUILTINS.has(callee.name))) {
        e.args.forEach((a, i) => {
          const v = quiet(a.value);
          // test(model, loader): a function of the notebook that only calls the module and
          // its parameter-keeping methods leaves it as it is.
          if (!(v && isModuleInstance(v) && callee && a.kind === 'pos' && onlyUsesModule(this, callee, i))) {
            poison(v);
          }
        });
      }
    };
    const visitExpr = (e: Expr): void => {
      // A call a framework fully accounts for (freezing under an unknown condition).
      if (e.k === 'Call' && this.host.havocCall?.(this, e, quiet)) {
        return;
      }
      visitCall(e);
      // Mutating method calls on names: `layers.append(x)` -> layers unknown.
      if (e.k === 'Call' && e.func.k === 'Attr' && e.func.obj.k === 'Name' && mutates(this, e.func.attr)) {
        let sc: Scope | null = scope;
        while (sc && !sc.vars.has(e.func.obj.id)) {
          sc = sc.parent;
        }
        const cur = sc?.vars.get(e.func.obj.id);
        if (sc === this.globals) {
          this.flow.read(e.func.obj.id);
        }
        if (!(cur && cur.k === 'instance' && this.host.havocInstance && this.host.havocInstance(this, cur, reason))) {
          this.bind(e.func.obj.id, unknown(reason, this.span(e.loc)), scope);
        }
      }
      if (e.k === 'Call' && e.func.k === 'Attr' && e.func.obj.k === 'Attr' && mutates(this, e.func.attr)) {
        // `self.rewards.append(r)`: a list stays a list whose items are not known (visitCall
        // marked it); anything else becomes Unknown.
        const base = e.func.obj.obj.k === 'Name' ? this.peek(e.func.obj.obj.id, scope) : undefined;
        const cur = base && base.k === 'instance' ? base.attrs.get(e.func.obj.attr) : undefined;
        if (!(cur && cur.k === 'list' && cur.unknownItems)) {
          visitTarget(e.func.obj);
        }
      }
    };
    for (const st of body) {
      if ((st.k === 'Assign' || st.k === 'AugAssign' || st.k === 'AnnAssign' || st.k === 'Return') && st.value) {
        visitCall(st.value);
      }
      switch (st.k) {
        case 'Assign':
          st.targets.forEach(visitTarget);
          break;
        case 'AugAssign':
        case 'AnnAssign':
          visitTarget(st.target);
          break;
        case 'For': {
          // What the loop may have done to what it iterates (freezing a model's parameters).
          const iterValue = st.iter.k === 'Name' ? quiet(st.iter) : null;
          this.host.havocLoop?.(this, st, iterValue, quiet);
          visitCall(st.iter);
          visitTarget(st.target);
          this.havoc(st.body, scope, reason, plainTargets);
          this.havoc(st.orelse, scope, reason, plainTargets);
          break;
        }
        case 'While':
          this.havoc(st.body, scope, reason, plainTargets);
          this.havoc(st.orelse, scope, reason, plainTargets);
          break;
        case 'If':
          this.havoc(st.body, scope, reason, plainTargets);
          this.havoc(st.orelse, scope, reason, plainTargets);
          break;
        case 'Try':
          this.havoc(st.body, scope, reason, plainTargets);
          st.handlers.forEach(h => this.havoc(h, scope, reason, plainTargets));
          this.havoc(st.orelse, scope, reason, plainTargets);
          this.havoc(st.final, scope, reason, plainTargets);
          break;
        case 'With':
          st.items.forEach(i => i.target && visitTarget(i.target));
          this.havoc(st.body, scope, reason, plainTargets);
          break;
        case 'Def':
        case 'Class':
          this.bind(st.name, unknown(reason, this.span(st.loc)), scope);
          break;
        case 'Import':
        case 'ImportFrom':
          for (const n of st.names) {
            this.bind(n.as ?? n.name.split('.')[0], unknown(reason, this.span(st.loc)), scope);
          }
          break;
        case 'Expr':
          visitExpr(st.value);
          break;
        default:
          break;
      }
    }
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
  private evalQuiet(e: Expr, scope: Scope): Value {
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
      for (let j = 0n; j < n; j++) {
        items.push({ k: 'tensor', shape: [...rest], id: freshId(), node: v.node });
      }
      return items;
    }
    if (v.k === 'instance' && v.mod) {
      return this.host.iterModule(v);
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

  // ---- attributes ---------------------------------------------------------------------------

  classAttr(cls: ClassV, name: string): Value | undefined {
    for (const c of cls.mro) {
      const v = c.attrs.get(name);
      if (v !== undefined) {
        return v;
      }
    }
    return undefined;
  }

  /** The first native (framework) class in the MRO (the layer class a user class extends). */
  nativeBase(cls: ClassV): ClassV | undefined {
    for (const c of cls.mro) {
      if (c.native !== undefined) {
        return c;
      }
    }
    return undefined;
  }

  getAttr(obj: Value, name: string, loc?: Loc): Value {
    // The call site (a span) is only built for the lookups that pass it on to the host.
    switch (obj.k) {
      case 'unknown':
        // dataset.num_classes of an unknown named dataset: a symbol of its own.
        return obj.symbol !== undefined && /^[A-Za-z_]\w*$/.test(name) && !name.startsWith('_')
          ? { k: 'unknown', reason: obj.reason, span: obj.span, fromCall: obj.fromCall, symbol: `${obj.symbol}.${name}` }
          : plain(obj);
      case 'instance': {
        const own = obj.attrs.get(name);
        if (own !== undefined) {
          return own;
        }
        if (obj.mod) {
          const p = obj.mod.params.get(name);
          if (p !== undefined) {
            return p ?? NONE;
          }
          const b = obj.mod.buffers.get(name);
          if (b !== undefined) {
            return b ?? NONE;
          }
          const m = obj.mod.modules.get(name);
          if (m !== undefined) {
            return m ?? NONE;
          }
        }
        const ca = this.classAttr(obj.cls, name);
        if (ca !== undefined) {
          return this.bindAttr(ca, obj);
        }
        if (name === '__class__') {
          return obj.cls;
        }
        if (name === '__dict__') {
          const map = new Map<string, [Value, Value]>();
          for (const [k, v] of obj.attrs) {
            map.set('s' + k, [str(k), v]);
          }
          return { k: 'dict', map };
        }
        if (obj.mod || this.nativeBase(obj.cls)) {
          const nv = this.host.instanceAttr(this, obj, name, this.siteAt(loc));
          if (nv !== undefined) {
            return nv;
          }
        }
        if (obj.cls.unknownBase || obj.mod) {
          return this.unknownAt(`attribute '${name}' of ${obj.cls.name} is not known statically`, loc, 'unknown-attribute');
        }
        return this.unknownAt(`${obj.cls.name} has no attribute '${name}'`, loc, 'unknown-attribute');
      }
      case 'class': {
        const ca = this.classAttr(obj, name);
        if (ca !== undefined) {
          if (ca.k === 'classmethod') {
            return { k: 'bound', func: ca.func, self: obj };
          }
          if (ca.k === 'staticmethod') {
            return ca.func;
          }
          return ca;
        }
        if (name === '__name__') {
          return str(obj.name);
        }
        if (name === '__init__') {
          const nb = this.nativeBase(obj);
          if (nb) {
            return this.nativeInit(nb);
          }
        }
        if (obj.native && this.host.nativeClassAttr) {
          const nv = this.host.nativeClassAttr(this, obj, name, this.siteAt(loc));
          if (nv !== undefined) {
            return nv;
          }
        }
        return this.unknownAt(`class attribute '${obj.name}.${name}' is not known statically`, loc, 'unknown-attribute');
      }
      case 'pymod':
        return this.pymodAttr(obj.path, name, this.siteAt(loc), loc);
      case 'super':
        return this.superAttr(obj.cls, obj.self, name, loc);
      case 'tensor':
        return this.host.tensorAttr(this, obj, name, this.siteAt(loc));
      case 'func':
        if (name === '__name__') {
          return str(obj.name);
        }
        return this.unknownAt(`function attribute '${name}'`, loc);
      default: {
        if (obj.k === 'builtin' && obj.attrs) {
          const a = obj.attrs.get(name);
          if (a !== undefined) {
            return a;
          }
        }
        const m = this.builtinMethod(obj, name);
        if (m) {
          return m;
        }
        if (obj.k === 'list' || obj.k === 'set' || obj.k === 'dict') {
          // A method of a container we do not model may change it: calling it makes the
          // contents unknown instead of leaving them as they were.
          return {
            k: 'builtin',
            name: `${obj.k}.${name}`,
            fn: (_a, _kw, site) => {
              this.diag('info', 'unknown-attribute', `${obj.k}.${name}() is not modelled; the ${obj.k}'s contents are unknown after it`, site.span);
              if (obj.k === 'dict') {
                touchDict(obj, `${name}()`);
                obj.map.set('?', [unknown(`${name}()`), unknown(`dict changed by ${name}()`)]);
              } else {
                obj.unknownItems = true;
              }
              return unknown(`${obj.k}.${name}() is not modelled`, site.span);
            }
          };
        }
        return this.unknownAt(`attribute '${name}' of ${obj.k} is not known statically`, loc, 'unknown-attribute');
      }
    }
  }

  /** Module instances whose framework base __init__ ran (checked and dropped when their __init__ returns). */
  private readonly nativeInitDone = new Set<InstanceV>();

  /** Hook set by builtins.ts for methods of str/list/dict/... */
  builtinMethod: (obj: Value, name: string) => Value | undefined = () => undefined;

  private bindAttr(v: Value, self: Value): Value {
    if (v.k === 'func' || (v.k === 'builtin' && v.method === true && self.k === 'instance')) {
      return { k: 'bound', func: v, self };
    }
    if (v.k === 'classmethod') {
      return { k: 'bound', func: v.func, self: self.k === 'instance' ? self.cls : self };
    }
    if (v.k === 'staticmethod') {
      return v.func;
    }
    if (v.k === 'property') {
      return this.callValue(v.func, [self], NO_KWARGS, {});
    }
    return v;
  }

  nativeInit(nb: ClassV): Value {
    return {
      k: 'builtin',
      name: `${nb.name}.__init__`,
      fn: (args, kwargs, site) => {
        const self = args[0];
        if (self && self.k === 'instance') {
          this.nativeInitDone.add(self);
          this.host.constructNative(this, nb, self, args.slice(1), kwargs, site);
        }
        return NONE;
      }
    };
  }

  private superAttr(cls: ClassV, self: Value, name: string, loc?: Loc): Value {
    const selfCls = self.k === 'instance' ? self.cls : self.k === 'class' ? self : null;
    if (!selfCls) {
      return this.unknownAt('super() outside a method', loc);
    }
    const mro = selfCls.mro;
    const i = mro.indexOf(cls);
    for (let j = i + 1; j < mro.length; j++) {
      const c = mro[j];
      if (c.native) {
        if (name === '__init__') {
          const init = this.nativeInit(c);
          return { k: 'bound', func: init, self };
        }
        if (self.k === 'instance') {
          const nv = this.host.instanceAttr(this, self, name, { span: this.span(loc) });
          if (nv !== undefined) {
            return nv;
          }
        }
        return this.unknownAt(`super().${name} of a framework class`, loc);
      }
      const v = c.attrs.get(name);
      if (v !== undefined) {
        return this.bindAttr(v, self);
      }
    }
    if (name === '__init__') {
      return { k: 'builtin', name: 'object.__init__', fn: () => NONE };
    }
    return this.unknownAt(`super().${name} is not known`, loc);
  }

  pymodAttr(path: string, name: string, site: CallSite, loc?: Loc): Value {
    const user = this.userModules.get(path);
    if (user && user !== 'loading') {
      const v = user.vars.get(name);
      if (v !== undefined) {
        return v;
      }
      if (name === '__dict__') {
        const map = new Map<string, [Value, Value]>();
        for (const [k, x] of user.vars) {
          map.set('s' + k, [str(k), x]);
        }
        return { k: 'dict', map };
      }
      const sub = this.loadUserModule(`${path}.${name}`);
      if (sub) {
        return sub;
      }
      return this.unknownAt(`module '${path}' has no attribute '${name}'`, loc);
    }
    if (path.startsWith('?')) {
      return { k: 'pymod', path: `${path}.${name}` };
    }
    if (isStdlibPath(path)) {
      return stdlibAttr(this, path, name) ?? { k: 'pymod', path: `?${path}.${name}` };
    }
    return this.host.pymodAttr(this, path, name, site);
  }

  setAttr(obj: Value, name: string, value: Value, loc?: Loc): void {
    if (obj.k === 'instance') {
      if (obj.mod && this.host.setModuleAttr(this, obj, name, value)) {
        return;
      }
      const ca = this.classAttr(obj.cls, name);
      if (ca && ca.k === 'property') {
        return;
      }
      obj.attrs.set(name, value);
      return;
    }
    if (obj.k === 'class') {
      obj.attrs.set(name, value);
      return;
    }
    if (obj.k === 'builtin') {
      // Function attributes (a namedtuple's __new__.__defaults__ = ...).
      obj.attrs = obj.attrs ?? new Map();
      obj.attrs.set(name, value);
      return;
    }
    if (obj.k === 'tensor') {
      // Framework flags (requires_grad, a variable's trainable); anything else is not tracked.
      this.host.setTensorAttr?.(this, obj, name, value);
      return;
    }
    if (obj.k !== 'unknown') {
      this.unknownAt(`setting attribute '${name}' on ${obj.k}`, loc);
    }
  }

  // ---- subscripts ---------------------------------------------------------------------------

  getItem(obj: Value, idx: Value, loc?: Loc): Value {
    const site: CallSite = { span: this.span(loc) };
    if (obj.k === 'unknown') {
      if (obj.symbol !== undefined && (idx.k === 'str' || idx.k === 'int')) {
        const key = idx.k === 'str' ? `'${idx.v}'` : idx.v.toString();
        return { k: 'unknown', reason: obj.reason, span: obj.span, fromCall: obj.fromCall, symbol: `${obj.symbol}[${key}]` };
      }
      return plain(obj);
    }
    if (idx.k === 'unknown' && obj.k !== 'tensor') {
      return plain(idx);
    }
    switch (obj.k) {
      case 'list':
      case 'tuple':
      case 'str': {
        if (obj.k === 'list' && obj.unknownItems) {
          return unknown('list contents not known statically', site.span);
        }
        const items: Value[] = obj.k === 'str' ? [...obj.v].map(c => str(c)) : obj.items;
        if (idx.k === 'slice') {
          const r = sliceItems(items, idx);
          if (r === null) {
            return this.unknownAt('slice with unknown bounds', loc);
          }
          if (obj.k === 'str') {
            return str(r.map(x => (x.k === 'str' ? x.v : '')).join(''));
          }
          return { k: obj.k, items: r } as Value;
        }
        const i = asInt(idx);
        if (i === null) {
          return this.unknownAt('index is not known statically', loc);
        }
        const n = BigInt(items.length);
        const j = i < 0n ? i + n : i;
        if (j < 0n || j >= n) {
          return this.unknownAt('index out of range', loc, 'index-error');
        }
        return items[Number(j)];
      }
      case 'dict': {
        const k = keyOf(idx);
        if (k === null) {
          return this.unknownAt('dict key is not known statically', loc);
        }
        const e = obj.map.get(k);
        if (!e) {
          return this.unknownAt('key not found in dict', loc, 'key-error');
        }
        return e[1];
      }
      case 'instance': {
        if (obj.mod) {
          const r = this.host.indexModule(this, obj, idx, site);
          if (r !== undefined) {
            return r;
          }
        }
        const gi = this.classAttr(obj.cls, '__getitem__');
        if (gi && (gi.k === 'func' || gi.k === 'builtin')) {
          return this.callValue({ k: 'bound', func: gi, self: obj }, [idx], NO_KWARGS, site);
        }
        return this.unknownAt(`indexing ${obj.cls.name}`, loc);
      }
      case 'tensor':
        return this.host.tensorIndex(this, obj, idx, site);
      case 'class':
        // typing generics: List[int], Optional[X]
        return obj;
      case 'builtin':
        // PEP 585 generic aliases: tuple[int, int](xs) and list[int](...) build what tuple/list do.
        if (GENERIC_BUILTINS.has(obj.name)) {
          return obj;
        }
        return this.unknownAt(`indexing ${obj.name}`, loc);
      case 'pymod':
        return { k: 'pymod', path: `${obj.path}[]` };
      default:
        return this.unknownAt(`indexing ${obj.k}`, loc);
    }
  }

  setItem(obj: Value, idx: Value, value: Value, loc?: Loc): void {
    if (obj.k === 'list') {
      const i = asInt(idx);
      const n = BigInt(obj.items.length);
      if (i !== null) {
        const j = i < 0n ? i + n : i;
        if (j >= 0n && j < n) {
          obj.items[Number(j)] = value;
          return;
        }
      }
      obj.unknownItems = true;
      return;
    }
    if (obj.k === 'dict') {
      if (obj.registrySlot === 'modules' && obj.registryOf && idx.k === 'str') {
        // `model.classifier._modules['6'] = layer` (a fine-tuning idiom): what setattr does.
        this.setAttr(obj.registryOf, idx.v, value, loc);
        return;
      }
      touchDict(obj, 'item assignment');
      const k = keyOf(idx);
      if (k === null) {
        this.unknownAt('dict key is not known statically', loc);
        return;
      }
      obj.map.set(k, [idx, value]);
      return;
    }
    if (obj.k === 'instance' && obj.mod) {
      // m['fc'] = layer names a submodule; m[i] = layer the i-th one (containers).
      const key = idx.k === 'str' ? idx.v : asInt(idx) !== null ? String(asInt(idx)) : null;
      if (key !== null) {
        let name = key;
        if (idx.k !== 'str') {
          const n = BigInt(obj.mod.modules.size);
          const i = asInt(idx) as bigint;
          const j = i < 0n ? i + n : i;
          name = [...obj.mod.modules.keys()][Number(j)] ?? key;
        }
        this.host.setModuleAttr(this, obj, name, value);
        return;
      }
    }
    if (obj.k === 'tensor' || obj.k === 'unknown') {
      return;
    }
    this.unknownAt(`item assignment on ${obj.k}`, loc);
  }

  // ---- assignment ---------------------------------------------------------------------------

  assign(target: Expr, value: Value, scope: Scope): void {
    switch (target.k) {
      case 'Name':
        this.bind(target.id, value, scope, target.loc);
        return;
      case 'Tuple':
      case 'List': {
        const elts = target.elts;
        let starIdx = -1;
        for (let i = 0; i < elts.length && starIdx < 0; i++) {
          starIdx = elts[i].k === 'Starred' ? i : -1;
        }
        const items = this.iterate(value);
        if (items === null || (starIdx < 0 && items.length !== target.elts.length) || (starIdx >= 0 && items.length < target.elts.length - 1)) {
          const reason = items === null ? `cannot unpack ${value.k === 'unknown' ? 'an unknown value' : value.k}` : 'unpacking: wrong number of values';
          for (const t of target.elts) {
            this.assign(t.k === 'Starred' ? t.v : t, value.k === 'unknown' ? value : unknown(reason, this.span(target.loc)), scope);
          }
          return;
        }
        // Plain loops: this runs for every unpacking (`for k, v in ...`), closures would be made each time.
        const after = elts.length - starIdx - 1;
        for (let i = 0; i < elts.length; i++) {
          const t = elts[i];
          if (starIdx < 0 || i < starIdx) {
            this.assign(t, items[i], scope);
          } else if (i === starIdx) {
            this.assign((t as { v: Expr }).v, { k: 'list', items: items.slice(starIdx, items.length - after) }, scope);
          } else {
            this.assign(t, items[items.length - (elts.length - i)], scope);
          }
        }
        return;
      }
      case 'Attr':
        this.setAttr(this.eval(target.obj, scope), target.attr, value, target.loc);
        return;
      case 'Sub':
        this.setItem(this.eval(target.obj, scope), this.eval(target.index, scope), value, target.loc);
        return;
      case 'Starred':
        this.assign(target.v, value, scope);
        return;
      default:
        this.unknownAt('unsupported assignment target', target.loc);
    }
  }

  // ---- calls --------------------------------------------------------------------------------

  callValue(f: Value, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    switch (f.k) {
      case 'builtin':
        return f.fn(args, kwargs, site);
      case 'func':
        return this.callFunction(f, args, kwargs, site);
      case 'bound':
        return this.callValue(f.func, [f.self, ...args], kwargs, site);
      case 'class':
        return this.instantiate(f, args, kwargs, site);
      case 'staticmethod':
      case 'classmethod':
        return this.callValue(f.func, args, kwargs, site);
      case 'instance': {
        if (f.mod) {
          return this.callModule(f, args, kwargs, site);
        }
        const c = this.classAttr(f.cls, '__call__');
        if (c) {
          return this.callValue(this.bindAttr(c, f), args, kwargs, site);
        }
        return unknown(`calling an instance of ${f.cls.name}`, site.span);
      }
      case 'unknown':
        return plain(f);
      case 'pymod':
        return unknown(`call of ${f.path.startsWith('?') ? f.path.slice(1) : f.path} is not modelled`, site.span);
      default:
        return unknown(`calling a ${f.k} value`, site.span);
    }
  }

  callModule(inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return this.host.onModuleCall(this, inst, args, kwargs, site);
  }

  /** Binds call arguments to a function's parameters (Python rules). */
  bindParams(fn: FuncV, args: Value[], kwargs: Map<string, Value>, scope: Scope): string | null {
    let ai = 0;
    // Keyword arguments bound to named parameters (only needed when there are keywords).
    const used = kwargs.size > 0 ? new Set<string>() : null;
    for (const p of fn.params) {
      if (p.kind === 'varargs') {
        scope.vars.set(p.name, { k: 'tuple', items: args.slice(ai) });
        ai = args.length;
        continue;
      }
      if (p.kind === 'varkw') {
        const map = new Map<string, [Value, Value]>();
        for (const [k, v] of kwargs) {
          if (!used?.has(k)) {
            map.set('s' + k, [str(k), v]);
          }
        }
        scope.vars.set(p.name, { k: 'dict', map });
        continue;
      }
      if (p.kind !== 'kwonly' && ai < args.length) {
        scope.vars.set(p.name, args[ai++]);
        continue;
      }
      if (p.kind !== 'posonly' && used && kwargs.has(p.name)) {
        scope.vars.set(p.name, kwargs.get(p.name) as Value);
        used.add(p.name);
        continue;
      }
      const d = fn.defaults.get(p.name);
      if (d !== undefined) {
        scope.vars.set(p.name, d);
        continue;
      }
      scope.vars.set(p.name, unknown(`missing argument '${p.name}'`));
      return `${fn.name}() missing required argument '${p.name}'`;
    }
    if (ai < args.length && !fn.params.some(p => p.kind === 'varargs')) {
      return `${fn.name}() takes ${ai} positional arguments but ${args.length} were given`;
    }
    return null;
  }

  callFunction(fn: FuncV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    if (this.callDepth >= this.budgets.maxCallDepth) {
      this.diag('info', 'budget-maxCallDepth', `call depth exceeded maxCallDepth (${this.budgets.maxCallDepth})`, site.span);
      return unknown(`maxCallDepth (${this.budgets.maxCallDepth}) exceeded`, site.span);
    }
    const scope: Scope = { vars: new Map(), parent: fn.closure };
    const err = this.bindParams(fn, args, kwargs, scope);
    if (err) {
      this.diag('info', 'call-arguments', err, site.span);
    }
    const saved = this.ctx;
    this.ctx = fn.ctx;
    this.callDepth++;
    const owners = this.ownerStack;
    const pushed = fn.owner !== undefined;
    if (fn.owner) {
      owners.push(fn.owner);
    }
    try {
      if (fn.isLambda) {
        return this.eval(fn.body as Expr, scope);
      }
      const body = fn.body as Stmt[];
      // Names declared global in this function.
      const sig = this.execBlock(body, scope);
      if (sig && sig.k === 'return') {
        return sig.v;
      }
      if (sig && sig.k === 'raise') {
        return unknown(`${fn.name}() raises an exception`, site.span);
      }
      return NONE;
    } finally {
      this.callDepth--;
      this.ctx = saved;
      if (pushed) {
        owners.pop();
      }
    }
  }

  instantiate(cls: ClassV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const nb = this.nativeBase(cls);
    if (cls.framework) {
      this.host.onInstantiate?.(this, cls);
    }
    // `mod` present from the start (set later, it would need a second property store).
    const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: site.span, mod: undefined };
    const newFn = this.classAttr(cls, '__new__');
    if (nb && nb === cls) {
      // A framework class called directly (nn.Linear(...)): the host builds it.
      this.host.constructNative(this, nb, inst, args, kwargs, site);
      return this.afterNative(inst);
    }
    if (cls.framework) {
      inst.mod = { modules: new Map(), params: new Map(), buffers: new Map(), unknownParams: [], span: site.span };
    }
    if (newFn && newFn.k === 'func') {
      return unknown(`${cls.name} defines __new__`, site.span);
    }
    if (cls.dataclass && !cls.attrs.has('__init__')) {
      this.dataclassInit(cls, inst, args, kwargs);
      const post = this.classAttr(cls, '__post_init__');
      if (post && post.k === 'func') {
        this.callValue({ k: 'bound', func: post, self: inst }, [], NO_KWARGS, site);
      }
      return inst;
    }
    // Find __init__: a user method before any native base, else the native constructor.
    for (const c of cls.mro) {
      const init = c.attrs.get('__init__');
      if (init !== undefined) {
        this.callValue(this.bindAttr(init, inst), args, kwargs, site);
        if (inst.mod && !c.native && this.host.afterInit) {
          // Whether the framework base's __init__ ran inside the user's (super().__init__()).
          this.host.afterInit(this, cls, inst, init, this.nativeInitDone.delete(inst), site);
        }
        return inst;
      }
      if (c.native) {
        this.host.constructNative(this, c, inst, args, kwargs, site);
        return this.afterNative(inst);
      }
      if (c.dataclass) {
        this.dataclassInit(c, inst, args, kwargs);
        return inst;
      }
    }
    if (cls.unknownBase) {
      inst.attrs.set('__unknown__', unknown(`base class of ${cls.name} is not known`));
    }
    return inst;
  }

  private afterNative(inst: InstanceV): Value {
    const replaced = inst.attrs.get('__value__');
    if (replaced !== undefined) {
      return replaced;
    }
    return inst;
  }

  /** Fields of a dataclass in definition order (bases first) with their defaults. */
  dataclassFields(cls: ClassV): Array<{ name: string; def?: Value }> {
    const fields: Array<{ name: string; def?: Value }> = [];
    for (const c of [...cls.mro].reverse()) {
      const ann = c.attrs.get('__annotations_order__');
      if (!ann || ann.k !== 'tuple') {
        continue;
      }
      for (const n of ann.items) {
        if (n.k !== 'str') {
          continue;
        }
        const idx = fields.findIndex(f => f.name === n.v);
        const def = c.attrs.get(n.v);
        const entry = { name: n.v, def: def && !(def.k === 'instance' && def.cls.name === 'field') ? def : undefined };
        if (def && def.k === 'instance' && def.cls.name === '__field__') {
          entry.def = def.attrs.get('default');
        }
        if (idx >= 0) {
          fields[idx] = entry;
        } else {
          fields.push(entry);
        }
      }
    }
    return fields;
  }

  private dataclassInit(cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>): void {
    const fields = this.dataclassFields(cls);
    fields.forEach((f, i) => {
      let v: Value | undefined = i < args.length ? args[i] : kwargs.get(f.name);
      if (v === undefined) {
        v = f.def !== undefined ? f.def : unknown(`dataclass field '${f.name}' not given`);
      }
      if (v.k === 'builtin' && v.name === '__default_factory__') {
        v = v.fn([], new Map(), {});
      }
      inst.attrs.set(f.name, v);
    });
  }

  /** Builds a ClassV with its MRO (C3 approximated by depth-first, duplicates last). */
  makeClass(name: string, bases: ClassV[], attrs: Map<string, Value>, span?: Span, unknownBase = false): ClassV {
    const cls: ClassV = { k: 'class', name, bases, attrs, mro: [], span, user: true, unknownBase };
    const seen: ClassV[] = [];
    const linear: ClassV[] = [];
    const visit = (c: ClassV): void => {
      for (const m of c.mro) {
        const at = linear.indexOf(m);
        if (at >= 0) {
          linear.splice(at, 1);
        }
        linear.push(m);
      }
    };
    bases.forEach(visit);
    cls.mro = [cls, ...linear];
    void seen;
    for (const b of bases) {
      if (b.framework && !cls.framework) {
        cls.framework = b.framework;
      }
      if (b.unknownBase) {
        cls.unknownBase = true;
      }
    }
    return cls;
  }

  // ---- imports ------------------------------------------------------------------------------

  /**
   * Resolves an absolute module path: a file the loader gives (local files, libraries read as
   * source), the standard library, a framework, or else an opaque external module.
   */
  importPath(path: string): Value {
    const user = this.loadUserModule(path);
    if (user) {
      return user;
    }
    const std = stdlibModule(path);
    if (std) {
      return std;
    }
    return this.host.importModule(path) ?? { k: 'pymod', path: `?${path}` };
  }

  /** Loads `a.b.c` from a local file via the loader (a/b/c.py or a/b/c/__init__.py). */
  loadUserModule(path: string): Value | null {
    if (!this.loader) {
      return null;
    }
    const known = this.userModules.get(path);
    if (known === 'loading') {
      return { k: 'pymod', path };
    }
    if (known) {
      return { k: 'pymod', path };
    }
    if (this.absentModules.has(path)) {
      return null;
    }
    const rel = path.split('.').join('/');
    const found = this.loader(`${rel}.py`) ?? this.loader(`${rel}/__init__.py`);
    if (!found) {
      // Asked again for every `import torch` / `torch.nn` read: the answer stays no.
      this.absentModules.add(path);
      return null;
    }
    const scope: Scope = { vars: new Map(), parent: null };
    scope.vars.set('__name__', str(path));
    scope.vars.set('__package__', str(found.file.endsWith('__init__.py') ? path : path.split('.').slice(0, -1).join('.')));
    this.userModules.set(path, 'loading');
    const savedCtx = this.ctx;
    const ctx: SrcCtx = { cell: savedCtx.cell, cellId: savedCtx.cellId, file: found.file };
    this.ctx = ctx;
    for (const e of found.module.errors.slice(0, 3)) {
      this.diag('info', 'syntax', 'syntax error: this part of the file was skipped', this.span(e));
    }
    this.userModules.set(path, scope);
    const savedSteps = this.statementSteps;
    const savedDepth = this.callDepth;
    this.runTopLevel(found.module.body, scope, ctx);
    this.statementSteps = savedSteps;
    this.callDepth = savedDepth;
    this.ctx = savedCtx;
    return { k: 'pymod', path };
  }

  /** The global scope of a loaded local module, if `path` is one. */
  userScope(path: string): Scope | undefined {
    const s = this.userModules.get(path);
    return s && s !== 'loading' ? s : undefined;
  }

  /** The package of the module whose code is running (for relative imports). */
  currentPackage(scope: Scope): string {
    const g = this.globalScopeOf(scope);
    const p = g.vars.get('__package__');
    return p && p.k === 'str' ? p.v : '';
  }

  // ---- f-strings ----------------------------------------------------------------------------

  formatValue(v: Value, spec?: string, conv?: string): string | null {
    return formatValue(v, spec, conv);
  }

  fstring(parts: Array<string | FPart>, scope: Scope, loc: Loc): Value {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = this.eval(p.expr, scope);
      let spec: string | undefined;
      if (p.spec) {
        const s = this.fstring(p.spec, scope, loc);
        if (s.k !== 'str') {
          return s;
        }
        spec = s.v;
      }
      const f = this.formatValue(v, spec, p.conv);
      if (f === null) {
        return unknown('f-string with a value not known statically', this.span(loc));
      }
      out += f;
      if (out.length > this.budgets.maxStringLength) {
        return this.unknownAt(`string longer than maxStringLength (${this.budgets.maxStringLength})`, loc, 'budget-maxStringLength');
      }
    }
    return str(out);
  }
}

function sliceItems(items: Value[], s: Value & { k: 'slice' }): Value[] | null {
  const n = items.length;
  const get = (v: Value): number | null | undefined => (v.k === 'none' ? undefined : asInt(v) === null ? null : Number(asInt(v)));
  const step = get(s.step) ?? 1;
  const lo = get(s.lower);
  const hi = get(s.upper);
  if (step === null || lo === null || hi === null || step === 0) {
    return null;
  }
  const norm = (x: number | undefined, d: number): number => {
    if (x === undefined) {
      return d;
    }
    if (x < 0) {
      x += n;
    }
    return step > 0 ? Math.max(0, Math.min(n, x)) : Math.max(-1, Math.min(n - 1, x));
  };
  const start = norm(lo, step > 0 ? 0 : n - 1);
  const stop = norm(hi, step > 0 ? n : -1);
  const out: Value[] = [];
  if (step > 0) {
    for (let i = start; i < stop; i += step) {
      out.push(items[i]);
    }
  } else {
    for (let i = start; i > stop; i += step) {
      out.push(items[i]);
    }
  }
  return out;
}

/** Builtin types whose subscript is a generic alias that calls like the type (tuple[int, int](xs)). */
const GENERIC_BUILTINS = new Set(['list', 'tuple', 'dict', 'set', 'frozenset', 'type']);

/** Builtins that only read their arguments (also matched by name when reading a function's body). */
const READ_ONLY_BUILTINS = new Set(['print', 'len', 'str', 'repr', 'isinstance', 'type', 'id', 'hash', 'hasattr', 'format', 'callable']);

/** Builtins whose result is a plain value (bool, number, string), never a module. */
const PLAIN_BUILTINS = new Set(['hasattr', 'isinstance', 'issubclass', 'callable', 'len', 'int', 'float', 'bool', 'str', 'repr', 'round']);

/**
 * Whether a function of the notebook, given a module as positional argument `index`, only
 * calls it (`model(x)`), calls its parameter-keeping methods (`model.zero_grad()`) or hands it
 * to a read-only builtin — nothing that could add, replace, drop or freeze a layer.
 */
function onlyUsesModule(I: Interpreter, f: Value, index: number): boolean {
  const fn = f.k === 'func' ? f : null;
  const p = fn ? fn.params[index] : undefined;
  if (!fn || fn.isLambda || !p || (p.kind !== 'normal' && p.kind !== 'posonly')) {
    return false;
  }
  const name = p.name;
  let clean = true;
  // Attribute reads that are called (model.eval()), and arguments of read-only builtins.
  const calledAttrs = new Set<Record<string, unknown>>();
  const readOnlyArg = new Set<Record<string, unknown>>();
  const visit = (node: unknown, parent: Record<string, unknown> | null, field: string): void => {
    if (!clean || node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach(x => visit(x, parent, field));
      return;
    }
    const n = node as Record<string, unknown>;
    if (n.k === 'Name' && n.id === name) {
      const ok =
        (parent?.k === 'Call' && field === 'func') ||
        (parent?.k === 'Attr' && field === 'obj' && (I.host.keepsParameters?.(parent.attr as string) ?? false) && calledAttrs.has(parent)) ||
        (parent !== null && 'kind' in parent && field === 'value' && readOnlyArg.has(parent));
      clean = clean && ok;
      return;
    }
    if ((n.k === 'Def' || n.k === 'Class' || n.k === 'Global' || n.k === 'Nonlocal' || n.k === 'Lambda') && mentions(n, x => x.k === 'Name' && x.id === name, v => v === name)) {
      clean = false;
      return;
    }
    if (n.k === 'Call') {
      const func = n.func as Expr;
      if (func.k === 'Attr') {
        calledAttrs.add(func as unknown as Record<string, unknown>);
      }
      if (func.k === 'Name' && READ_ONLY_BUILTINS.has(func.id)) {
        (n.args as Arg[]).forEach(a => readOnlyArg.add(a as unknown as Record<string, unknown>));
      }
    }
    for (const key of Object.keys(n)) {
      if (key !== 'loc' && key !== 'k') {
        visit(n[key], n, key);
      }
    }
  };
  // Rebinding the parameter (model = model.to(device)) is not followed: not clean.
  const body = Array.isArray(fn.body) ? fn.body : [];
  visit(body, null, 'body');
  return clean && !assignsName(body, name);
}

function isPlainValue(v: Value): boolean {
  return v.k === 'none' || v.k === 'bool' || v.k === 'int' || v.k === 'float' || v.k === 'str' || v.k === 'sym' || (v.k === 'unknown' && v.scalar === true);
}

/** Whether an expression's value is plain (bool, number, string) whatever unknowns it reads. */
function isPlainExpr(I: Interpreter, e: Expr, scope: Scope): boolean {
  switch (e.k) {
    case 'Int':
    case 'Float':
    case 'Str':
    case 'FStr':
    case 'Const':
    case 'Not':
      return true;
    case 'Compare':
      // A comparison of tensors is a tensor: plain only when both sides are.
      return isPlainExpr(I, e.left, scope) && e.rights.every(r => isPlainExpr(I, r, scope));
    case 'Unary':
      return isPlainExpr(I, e.v, scope);
    case 'Bin':
      return isPlainExpr(I, e.l, scope) && isPlainExpr(I, e.r, scope);
    case 'Bool':
      return e.values.every(x => isPlainExpr(I, x, scope));
    case 'IfExp':
      return isPlainExpr(I, e.body, scope) && isPlainExpr(I, e.orelse, scope);
    case 'Name': {
      const v = I.peek(e.id, scope);
      return v !== undefined && isPlainValue(v);
    }
    case 'Attr': {
      // `self.flag`, `cfg.dropout`: an attribute already set on an instance.
      const base = e.obj.k === 'Name' ? I.peek(e.obj.id, scope) : undefined;
      const v = base && base.k === 'instance' ? base.attrs.get(e.attr) : undefined;
      return v !== undefined && isPlainValue(v);
    }
    case 'Call': {
      const f = e.func.k === 'Name' ? I.peek(e.func.id, scope) : undefined;
      return f !== undefined && f.k === 'builtin' && PLAIN_BUILTINS.has(f.name);
    }
    default:
      return false;
  }
}

/**
 * For each assignment target of a statement list (nested blocks included), whether every
 * assignment to it gives a plain value.
 */
function plainAssignments(I: Interpreter, body: Stmt[], scope: Scope): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const note = (t: Expr, plain: boolean): void => {
    const key = targetKey(t);
    if (key !== null) {
      out.set(key, (out.get(key) ?? true) && plain);
    } else if (t.k === 'Tuple' || t.k === 'List') {
      t.elts.forEach(x => note(x, false));
    } else if (t.k === 'Starred') {
      note(t.v, false);
    }
  };
  for (const st of nestedStmts(body)) {
    const value = st.k === 'Assign' || st.k === 'AugAssign' || st.k === 'AnnAssign' ? st.value : null;
    const plain = value !== null && isPlainExpr(I, value, scope);
    stmtTargets(st).forEach(t => note(t, plain));
  }
  return out;
}

/** Whether a target holds no module or parameter now (unset, or a plain value). */
function holdsNoParams(I: Interpreter, t: Expr, scope: Scope): boolean {
  if (t.k === 'Attr') {
    const base = t.obj.k === 'Name' ? I.peek(t.obj.id, scope) : undefined;
    if (!base || base.k !== 'instance') {
      return false;
    }
    if (base.mod && (base.mod.params.has(t.attr) || base.mod.modules.has(t.attr) || base.mod.buffers.has(t.attr))) {
      return false;
    }
    const cur = base.attrs.get(t.attr);
    return cur === undefined || isPlainValue(cur);
  }
  if (t.k === 'Name') {
    const cur = I.peek(t.id, scope);
    return cur === undefined || isPlainValue(cur);
  }
  return false;
}

type StmtFn = (I: Interpreter, st: Stmt, scope: Scope) => Sig;
type ExprFn = (I: Interpreter, e: Expr, scope: Scope) => Value;

// Expression statements and assignments (also run directly by Interpreter.exec).
function execExpr(I: Interpreter, st: Extract<Stmt, { k: 'Expr' }>, scope: Scope): Sig {
  I.eval(st.value, scope);
  return undefined;
}

function execAssign(I: Interpreter, st: Extract<Stmt, { k: 'Assign' }>, scope: Scope): Sig {
  const v = I.eval(st.value, scope);
  for (const t of st.targets) {
    I.assign(t, v, scope);
  }
  return undefined;
}

function loopItems(I: Interpreter, v: Value, loc: Loc): Value[] | null {
  const items = I.iterate(v);
  if (items !== null && items.length > I.budgets.maxLoopIterations) {
    I.diag('info', 'budget-maxLoopIterations', `loop longer than maxLoopIterations (${I.budgets.maxLoopIterations})`, I.span(loc));
    return null;
  }
  return items;
}

const STMTS = new Map<string, StmtFn>([
  ['Expr', (I, st, scope) => execExpr(I, st as Extract<Stmt, { k: 'Expr' }>, scope)],
  ['Assign', (I, st, scope) => execAssign(I, st as Extract<Stmt, { k: 'Assign' }>, scope)],
  ['AnnAssign', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'AnnAssign' }>;
    if (scope.isClassBody && s.target.k === 'Name') {
      const order = scope.vars.get('__annotations_order__');
      const items = order && order.k === 'tuple' ? order.items : [];
      scope.vars.set('__annotations_order__', { k: 'tuple', items: [...items, str(s.target.id)] });
    }
    if (s.value) {
      I.assign(s.target, I.eval(s.value, scope), scope);
    }
    return undefined;
  }],
  ['AugAssign', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'AugAssign' }>;
    const cur = I.eval(s.target, scope);
    const rhs = I.eval(s.value, scope);
    if (cur.k === 'list' && s.op === '+') {
      const items = I.iterate(rhs);
      if (items === null) {
        cur.unknownItems = true;
      } else {
        cur.items.push(...items);
      }
      return undefined;
    }
    const site = { span: I.span(s.loc) };
    if (cur.k === 'instance' && cur.mod && s.op === '+') {
      // self.layers += [...] on a ModuleList (extend), seq += nn.Sequential(...)
      const iadd = I.host.instanceAttr(I, cur, '__iadd__', site);
      if (iadd) {
        I.assign(s.target, I.callValue(iadd, [rhs], NO_KWARGS, site), scope);
        return undefined;
      }
    }
    const v = cur.k === 'tensor' || rhs.k === 'tensor' ? I.host.tensorBinary(I, s.op, cur, rhs, site) : binaryOp(s.op, cur, rhs, I.budgets);
    I.assign(s.target, v, scope);
    return undefined;
  }],
  ['If', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'If' }>;
    const t = testTruth(I, s.test, scope);
    if (t === null) {
      I.havoc([...s.body, ...s.orelse], scope, 'assigned under a condition not known statically');
      I.diag('info', 'unknown-condition', 'condition not known statically; names assigned in this if-statement are unknown', I.span(s.test.loc));
      // A return/break/continue that may or may not happen makes the rest unknown too.
      // (A raise is assumed not to happen: the analysed program is taken to run cleanly.)
      if (hasJump([...s.body, ...s.orelse], 'Return')) {
        return { k: 'return', v: unknown('return value depends on a condition not known statically', I.span(s.loc)) };
      }
      if (hasJump([...s.body, ...s.orelse], 'Break') || hasJump([...s.body, ...s.orelse], 'Continue')) {
        return { k: 'unknownJump' };
      }
      return undefined;
    }
    return I.execBlock(t ? s.body : s.orelse, scope);
  }],
  ['For', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'For' }>;
    const iterV = I.eval(s.iter, scope);
    const items = loopItems(I, iterV, s.loc);
    const firstOnly = items === null ? firstOf(I, iterV) : null;
    if (firstOnly) {
      // Unknown number of iterations, known first element: the first pass is exact (shapes of
      // first calls), everything the loop assigns is unknown afterwards.
      I.firstPassLoops++;
      I.assign(s.target, firstOnly, scope);
      const sig = I.execBlock(s.body, scope);
      if (sig && (sig.k === 'return' || sig.k === 'raise')) {
        return sig;
      }
      I.havoc([s], scope, 'assigned in a loop with a number of iterations not known statically');
      return undefined;
    }
    if (items === null) {
      I.havoc([s], scope, 'assigned in a loop over values not known statically');
      if (iterV.k !== 'unknown') {
        I.diag('info', 'unknown-loop', 'loop over values not known statically; names assigned in it are unknown', I.span(s.iter.loc));
      }
      return undefined;
    }
    for (const it of items) {
      I.assign(s.target, it, scope);
      const passes = I.firstPassLoops;
      const sig = I.execBlock(s.body, scope);
      if (sig) {
        if (sig.k === 'break') {
          return undefined;
        }
        if (sig.k === 'continue') {
          continue;
        }
        if (sig.k === 'unknownJump') {
          I.havoc([s], scope, 'assigned in a loop that may stop early');
          return undefined;
        }
        return sig;
      }
      if (I.firstPassLoops !== passes) {
        // The body contains a data loop (epochs over a DataLoader): one pass already gave
        // every first call; the other passes would only repeat it, so they are skipped and
        // what the loop assigns is unknown.
        I.havoc([s], scope, 'assigned in a training loop');
        return undefined;
      }
    }
    return I.execBlock(s.orelse, scope);
  }],
  ['While', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'While' }>;
    let n = 0;
    for (;;) {
      const t = truthy(I.eval(s.test, scope));
      if (t === null || n++ > I.budgets.maxLoopIterations) {
        if (t !== null) {
          I.diag('info', 'budget-maxLoopIterations', `loop longer than maxLoopIterations (${I.budgets.maxLoopIterations})`, I.span(s.loc));
        }
        I.havoc([s], scope, 'assigned in a loop not known statically');
        return undefined;
      }
      if (!t) {
        return I.execBlock(s.orelse, scope);
      }
      const sig = I.execBlock(s.body, scope);
      if (sig) {
        if (sig.k === 'break') {
          return undefined;
        }
        if (sig.k === 'continue') {
          continue;
        }
        if (sig.k === 'unknownJump') {
          I.havoc([s], scope, 'assigned in a loop that may stop early');
          return undefined;
        }
        return sig;
      }
    }
  }],
  ['Def', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Def' }>;
    const defaults = new Map<string, Value>();
    for (const p of s.params) {
      if (p.default) {
        defaults.set(p.name, I.eval(p.default, scope));
      }
    }
    let fn: Value = {
      k: 'func', name: s.name, params: s.params, defaults, body: s.body, closure: scope.isClassBody ? nonClassParent(scope) : scope,
      ctx: I.ctx, isLambda: false
    };
    fn = applyDecorators(I, fn, s.decorators, scope);
    I.bind(s.name, fn, scope, s.loc);
    return undefined;
  }],
  ['Class', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Class' }>;
    const bases: ClassV[] = [];
    let unknownBase = false;
    for (const a of s.bases) {
      if (a.kind !== 'pos') {
        continue;
      }
      const b = I.eval(a.value, scope);
      if (b.k === 'class') {
        bases.push(b);
      } else if (b.k === 'builtin' && (b.name === 'object' || b.name === 'Generic')) {
        // plain object base
      } else {
        unknownBase = true;
      }
    }
    const body: Scope = { vars: new Map(), parent: scope, isClassBody: true };
    const span = I.span(s.loc);
    I.execBlock(s.body, body);
    const cls = I.makeClass(s.name, bases, body.vars, span, unknownBase || bases.some(b => b.unknownBase === true));
    cls.seq = I.seq++;
    for (const v of cls.attrs.values()) {
      if (v.k === 'func' && !v.owner) {
        v.owner = cls;
      }
    }
    let value: Value = cls;
    for (const d of [...s.decorators].reverse()) {
      const dv = I.eval(d, scope);
      if (dv.k === 'builtin' && dv.name === 'dataclass') {
        cls.dataclass = true;
      } else if (dv.k === 'builtin' && dv.name === 'dataclass()') {
        cls.dataclass = true;
      } else if (dv.k === 'func' || dv.k === 'bound') {
        value = I.callValue(dv, [value], NO_KWARGS, { span });
      }
    }
    if (value === cls && I.ctx.file === undefined && scope === I.globals) {
      // Only classes defined at the top level of the analysed document are model candidates.
      I.classes.push(cls);
    }
    I.bind(s.name, value, scope, s.loc);
    return undefined;
  }],
  ['Return', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Return' }>;
    return { k: 'return', v: s.value ? I.eval(s.value, scope) : NONE };
  }],
  ['Pass', () => undefined],
  ['Break', () => ({ k: 'break' })],
  ['Continue', () => ({ k: 'continue' })],
  ['Raise', () => ({ k: 'raise' })],
  ['Global', (_I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Global' }>;
    scope.globalNames = scope.globalNames ?? new Set();
    s.names.forEach(n => scope.globalNames?.add(n));
    return undefined;
  }],
  ['Nonlocal', (_I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Nonlocal' }>;
    scope.nonlocalNames = scope.nonlocalNames ?? new Set();
    s.names.forEach(n => scope.nonlocalNames?.add(n));
    return undefined;
  }],
  ['Del', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Del' }>;
    for (const t of s.targets) {
      if (t.k === 'Name') {
        scope.vars.delete(t.id);
        if (scope === I.globals) {
          I.flow.bind(t.id);
        }
      } else if (t.k === 'Attr') {
        const o = I.eval(t.obj, scope);
        if (o.k === 'instance') {
          o.attrs.delete(t.attr);
          o.mod?.modules.delete(t.attr);
          o.mod?.params.delete(t.attr);
          o.mod?.buffers.delete(t.attr);
        }
      } else if (t.k === 'Sub') {
        const o = I.eval(t.obj, scope);
        if (o.k === 'dict') {
          touchDict(o, 'del');
          const k = keyOf(I.eval(t.index, scope));
          if (k !== null) {
            o.map.delete(k);
          }
        } else if (o.k === 'list') {
          // del xs[i] / del xs[:]; other slices leave the items unknown.
          const index = I.eval(t.index, scope);
          const i = index.k === 'int' ? Number(index.v) : null;
          if (index.k === 'slice' && index.lower.k === 'none' && index.upper.k === 'none' && index.step.k === 'none') {
            o.items.length = 0;
          } else if (i !== null && i >= -o.items.length && i < o.items.length && !o.unknownItems) {
            o.items.splice(i < 0 ? i + o.items.length : i, 1);
          } else {
            o.unknownItems = true;
          }
        } else {
          // del seq[0] / del blocks[-1] / del heads['aux']: a container module's __delitem__.
          const site = { span: I.span(t.loc) };
          const delItem = isModuleInstance(o) ? I.host.instanceAttr(I, o, '__delitem__', site) : undefined;
          if (delItem) {
            I.callValue(delItem, [I.eval(t.index, scope)], NO_KWARGS, site);
          } else if (o.k !== 'unknown') {
            I.havoc([{ k: 'Assign', targets: [t.obj], value: t.obj, loc: s.loc }], scope, 'item deleted');
          }
        }
      }
    }
    return undefined;
  }],
  ['Assert', () => undefined],
  ['Try', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Try' }>;
    let sig = I.execBlock(s.body, scope);
    if (sig && sig.k === 'raise' && s.handlers.length > 0) {
      sig = I.execBlock(s.handlers[0], scope);
    } else if (!sig) {
      sig = I.execBlock(s.orelse, scope);
    }
    const fin = I.execBlock(s.final, scope);
    return fin ?? sig;
  }],
  ['With', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'With' }>;
    for (const it of s.items) {
      const v = I.eval(it.expr, scope);
      if (it.target) {
        I.assign(it.target, v.k === 'instance' && !v.mod ? v : unknown('context manager value'), scope);
      }
    }
    return I.execBlock(s.body, scope);
  }],
  ['Import', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'Import' }>;
    for (const n of s.names) {
      if (n.as) {
        I.bind(n.as, I.importPath(n.name), scope, s.loc);
      } else {
        const top = n.name.split('.')[0];
        // `import a.b` binds `a`; make sure the submodule is loaded too.
        if (top !== n.name) {
          I.importPath(n.name);
        }
        I.bind(top, I.importPath(top), scope, s.loc);
      }
    }
    return undefined;
  }],
  ['ImportFrom', (I, st, scope) => {
    const s = st as Extract<Stmt, { k: 'ImportFrom' }>;
    let path = s.module;
    if (s.level > 0) {
      const pkg = I.currentPackage(scope).split('.').filter(x => x);
      const base = pkg.slice(0, Math.max(0, pkg.length - (s.level - 1)));
      path = [...base, ...(s.module ? s.module.split('.') : [])].join('.');
    }
    const mod = I.importPath(path);
    if (s.star) {
      const userScope = mod.k === 'pymod' ? I.userScope(mod.path) : undefined;
      if (userScope) {
        // A local module: its public names are bound now, like Python does.
        const all = userScope.vars.get('__all__');
        const names = all && (all.k === 'list' || all.k === 'tuple') ? all.items.filter(x => x.k === 'str').map(x => (x as { v: string }).v) : [...userScope.vars.keys()].filter(n => !n.startsWith('_'));
        for (const n of names) {
          const v = userScope.vars.get(n);
          if (v !== undefined) {
            I.bind(n, v, scope, s.loc);
          }
        }
        return undefined;
      }
      if (mod.k === 'pymod') {
        I.diag('info', 'star-import', `names from 'from ${path} import *' are resolved lazily`, I.span(s.loc));
        I.starImports.push(mod.path);
      }
      return undefined;
    }
    for (const n of s.names) {
      let v: Value;
      if (mod.k === 'pymod') {
        const sub = I.loadUserModule(`${path}.${n.name}`);
        v = sub ?? I.getAttr(mod, n.name, s.loc);
      } else {
        v = I.getAttr(mod, n.name, s.loc);
      }
      I.bind(n.as ?? n.name, v, scope, s.loc);
    }
    return undefined;
  }],
  ['Unsupported', (I, st) => {
    const s = st as Extract<Stmt, { k: 'Unsupported' }>;
    I.unknownAt(`'${s.what}' is not supported`, s.loc);
    return undefined;
  }]
]);

/** First element of an iterable of unknown length (enumerate over a DataLoader, ...). */
function firstOf(I: Interpreter, v: Value): Value | null {
  if (v.k === 'instance' && !v.mod) {
    const f = v.attrs.get('__first__');
    if (f !== undefined) {
      return f;
    }
  }
  return I.host.firstItem ? I.host.firstItem(I, v) : null;
}

/** An Unknown without its symbol name (an attribute or item of it is something else). */
function plain(v: Value & { k: 'unknown' }): Value {
  return v.symbol === undefined ? v : { k: 'unknown', reason: v.reason, span: v.span, fromCall: v.fromCall, scalar: v.scalar };
}

function nonClassParent(scope: Scope): Scope {
  let s: Scope = scope;
  while (s.isClassBody && s.parent) {
    s = s.parent;
  }
  return s;
}

function applyDecorators(I: Interpreter, fn: Value, decorators: Expr[], scope: Scope): Value {
  let v = fn;
  for (const d of [...decorators].reverse()) {
    const dv = I.eval(d, scope);
    if (dv.k === 'builtin' && (dv.name === 'staticmethod' || dv.name === 'classmethod' || dv.name === 'property')) {
      v = { k: dv.name, func: v } as Value;
    } else if (dv.k === 'func') {
      const r = I.callValue(dv, [v], NO_KWARGS, {});
      v = r.k === 'unknown' ? v : r;
    }
    // Unknown decorators (torch.no_grad(), functools.wraps, ...) are identity.
  }
  return v;
}

function compGen(I: Interpreter, gens: Array<{ target: Expr; iter: Expr; ifs: Expr[] }>, scope: Scope, emit: () => boolean, i = 0): boolean {
  if (i === gens.length) {
    return emit();
  }
  const g = gens[i];
  const items = loopItems(I, I.eval(g.iter, i === 0 ? nonClassParent(scope) : scope), g.iter.loc);
  if (items === null) {
    return false;
  }
  for (const it of items) {
    I.assign(g.target, it, scope);
    let ok: boolean | null = true;
    for (const c of g.ifs) {
      ok = truthy(I.eval(c, scope));
      if (ok !== true) {
        break;
      }
    }
    if (ok === null) {
      return false;
    }
    if (ok && !compGen(I, gens, scope, emit, i + 1)) {
      return false;
    }
  }
  return true;
}

/**
 * `{ ...v, [key]: x }` (same keys in the same order) through Object.assign, several times
 * faster than a spread for values of varying shapes such as Unknowns.
 */
function withField<V extends Value, K extends keyof V>(v: V, key: K, x: V[K]): V {
  const out = Object.assign({}, v);
  out[key] = x;
  return out;
}

/** Length of an int literal's decimal text (sign included); short ones without formatting. */
function intDigits(v: bigint): number {
  if (v >= 0n && v < 1000000000n) {
    let n = Number(v);
    let d = 1;
    while (n >= 10) {
      n = Math.floor(n / 10);
      d++;
    }
    return d;
  }
  return v.toString().length;
}

/** A call expression (also run directly by Interpreter.eval). */
function evalCall(I: Interpreter, c: Extract<Expr, { k: 'Call' }>, scope: Scope): Value {
  // Zero-argument super() inside a method.
  if (c.func.k === 'Name' && c.func.id === 'super' && c.args.length === 0) {
    return zeroArgSuper(I, scope, c.loc);
  }
  // A method call keeps its receiver: a framework method we do not model may change it.
  const receiver = c.func.k === 'Attr' ? I.eval(c.func.obj, scope) : null;
  const f = c.func.k === 'Attr' ? I.getAttr(receiver as Value, c.func.attr, c.func.loc) : I.eval(c.func, scope);
  const { pos, kw, unknownSplat } = I.evalArgs(c.args, scope);
  const site: CallSite = { span: I.span(c.loc) };
  if (f.k === 'unknown' && c.func.k === 'Attr' && receiver && isModuleInstance(receiver) && !receiver.attrs.has(c.func.attr)) {
    I.host.onUnknownMethod?.(I, receiver, c.func.attr);
  }
  if (unknownSplat) {
    if (f.k === 'class' && f.framework) {
      // A layer built from unknown *args: keep the module but with unknown parameters.
      const r = I.callValue(f, pos, kw, site);
      if (isModuleInstance(r)) {
        r.mod.unknownParams.push('constructor arguments not known statically (*args/**kwargs)');
      }
      return r;
    }
    if (f.k === 'func' || f.k === 'bound') {
      I.diag('info', 'unknown-args', 'call with *args/**kwargs not known statically', site.span);
    }
    return unknown('call with *args/**kwargs not known statically', site.span);
  }
  const r = I.callValue(f, pos, kw, site);
  if (r.k === 'unknown' && f.k === 'pymod') {
    // A generator handed to a function we do not follow (an optimizer) may be used up by it.
    for (const a of pos) {
      if (a.k === 'list' && a.generatorOf) {
        a.consumed = true;
      }
    }
    I.diag('info', 'unknown-call', r.reason, site.span);
    // A library call we do not follow may rewrite the modules passed (pruning, LoRA, ...).
    I.host.onUnknownCall?.(I, f.path.startsWith('?') ? f.path.slice(1) : f.path, pos, kw);
  }
  if (r.k === 'unknown' && !r.fromCall) {
    return withField(r, 'fromCall', true);
  }
  return r;
}

// Name, Attr and Call are also evaluated directly by Interpreter.eval (the same code, without the lookup).
const EXPRS = new Map<string, ExprFn>([
  ['Name', (I, e, scope) => I.lookup((e as { id: string }).id, scope, e.loc)],
  ['Int', (I, e) => {
    const v = (e as { v: bigint }).v;
    return intDigits(v) > I.budgets.maxIntDigits ? I.unknownAt('integer literal longer than maxIntDigits', e.loc, 'budget-maxIntDigits') : { k: 'int', v };
  }],
  ['Float', (I, e) => ((e as { imag?: boolean }).imag ? I.unknownAt('complex numbers', e.loc) : { k: 'float', v: (e as { v: number }).v })],
  ['Str', (I, e) => {
    const v = (e as { v: string }).v;
    if (v.length > I.budgets.maxStringLength) {
      return I.unknownAt('string longer than maxStringLength', e.loc, 'budget-maxStringLength');
    }
    return (e as { interned?: true }).interned ? { k: 'str', v, interned: true } : str(v);
  }],
  ['FStr', (I, e, scope) => I.fstring((e as Extract<Expr, { k: 'FStr' }>).parts, scope, e.loc)],
  ['Const', (_I, e) => {
    switch ((e as { v: string }).v) {
      case 'True':
        return bool(true);
      case 'False':
        return bool(false);
      case 'None':
        return NONE;
      default:
        return { k: 'pymod', path: '?Ellipsis' };
    }
  }],
  ['Attr', (I, e, scope) => {
    const a = e as Extract<Expr, { k: 'Attr' }>;
    return I.getAttr(I.eval(a.obj, scope), a.attr, a.loc);
  }],
  ['Sub', (I, e, scope) => {
    const s = e as Extract<Expr, { k: 'Sub' }>;
    return I.getItem(I.eval(s.obj, scope), I.eval(s.index, scope), s.loc);
  }],
  ['Slice', (I, e, scope) => {
    const s = e as Extract<Expr, { k: 'Slice' }>;
    return {
      k: 'slice',
      lower: s.lower ? I.eval(s.lower, scope) : NONE,
      upper: s.upper ? I.eval(s.upper, scope) : NONE,
      step: s.step ? I.eval(s.step, scope) : NONE
    };
  }],
  ['Call', (I, e, scope) => evalCall(I, e as Extract<Expr, { k: 'Call' }>, scope)],
  ['Bin', (I, e, scope) => {
    const b = e as Extract<Expr, { k: 'Bin' }>;
    const l = I.eval(b.l, scope);
    const r = I.eval(b.r, scope);
    if (l.k === 'tensor' || r.k === 'tensor') {
      return I.host.tensorBinary(I, b.op, l, r, { span: I.span(b.loc) });
    }
    if (l.k === 'instance' && !l.mod) {
      const m = I.classAttr(l.cls, OP_METHODS.get(b.op) ?? '');
      if (m) {
        return I.callValue({ k: 'bound', func: m, self: l }, [r], NO_KWARGS, { span: I.span(b.loc) });
      }
    }
    if (l.k === 'instance' && l.mod && b.op === '+') {
      // ModuleList + [...], Sequential + Sequential
      const site = { span: I.span(b.loc) };
      const add = I.host.instanceAttr(I, l, '__add__', site);
      if (add) {
        return I.callValue(add, [r], NO_KWARGS, site);
      }
    }
    return binaryOp(b.op, l, r, I.budgets);
  }],
  ['Unary', (I, e, scope) => {
    const u = e as Extract<Expr, { k: 'Unary' }>;
    const v = I.eval(u.v, scope);
    if (v.k === 'tensor') {
      return I.host.tensorBinary(I, 'neg', v, v, { span: I.span(u.loc) });
    }
    return unaryOp(u.op, v, I.budgets);
  }],
  ['Not', (I, e, scope) => {
    const t = truthy(I.eval((e as { v: Expr }).v, scope));
    return t === null ? unknown('negation of an unknown value') : bool(!t);
  }],
  ['Bool', (I, e, scope) => {
    const b = e as Extract<Expr, { k: 'Bool' }>;
    let last: Value = NONE;
    for (const x of b.values) {
      last = I.eval(x, scope);
      const t = truthy(last);
      if (t === null) {
        return unknown('boolean expression not known statically');
      }
      if (b.op === 'and' ? !t : t) {
        return last;
      }
    }
    return last;
  }],
  ['Compare', (I, e, scope) => {
    const c = e as Extract<Expr, { k: 'Compare' }>;
    let left = I.eval(c.left, scope);
    for (let i = 0; i < c.ops.length; i++) {
      const right = I.eval(c.rights[i], scope);
      if ((left.k === 'tensor' || right.k === 'tensor') && c.ops.length === 1 && ['==', '!=', '<', '<=', '>', '>='].includes(c.ops[i])) {
        // Elementwise comparison: a boolean tensor of the broadcast shape.
        return I.host.tensorBinary(I, c.ops[i], left, right, { span: I.span(c.loc) });
      }
      const r = compareOp(c.ops[i], left, right);
      if (r === null) {
        return unknown('comparison not known statically');
      }
      if (!r) {
        return bool(false);
      }
      left = right;
    }
    return bool(true);
  }],
  ['IfExp', (I, e, scope) => {
    const c = e as Extract<Expr, { k: 'IfExp' }>;
    const t = testTruth(I, c.test, scope);
    if (t === null) {
      return unknown('conditional expression with a condition not known statically', I.span(c.loc));
    }
    return I.eval(t ? c.body : c.orelse, scope);
  }],
  ['Lambda', (I, e, scope) => {
    const l = e as Extract<Expr, { k: 'Lambda' }>;
    const defaults = new Map<string, Value>();
    for (const p of l.params) {
      if (p.default) {
        defaults.set(p.name, I.eval(p.default, scope));
      }
    }
    return { k: 'func', name: '<lambda>', params: l.params, defaults, body: l.body, closure: nonClassParent(scope), ctx: I.ctx, isLambda: true };
  }],
  ['Tuple', (I, e, scope) => seqLiteral(I, e as Extract<Expr, { k: 'Tuple' }>, scope, 'tuple')],
  ['List', (I, e, scope) => seqLiteral(I, e as Extract<Expr, { k: 'List' }>, scope, 'list')],
  ['Set', (I, e, scope) => seqLiteral(I, e as Extract<Expr, { k: 'Set' }>, scope, 'set')],
  ['Dict', (I, e, scope) => {
    const d = e as Extract<Expr, { k: 'Dict' }>;
    const out: DictV = { k: 'dict', map: new Map() };
    for (const it of d.items) {
      if ('splat' in it) {
        const v = I.eval(it.splat, scope);
        if (v.k !== 'dict') {
          return unknown('dict unpacking of an unknown value');
        }
        for (const [k, pair] of v.map) {
          out.map.set(k, pair);
        }
      } else {
        const k = I.eval(it.key, scope);
        const key = keyOf(k);
        if (key === null) {
          return unknown('dict key not known statically');
        }
        out.map.set(key, [k, I.eval(it.value, scope)]);
      }
    }
    return out;
  }],
  ['Comp', (I, e, scope) => {
    const c = e as Extract<Expr, { k: 'Comp' }>;
    const inner: Scope = { vars: new Map(), parent: scope.isClassBody ? nonClassParent(scope) : scope };
    const items: Value[] = [];
    const dict: DictV = { k: 'dict', map: new Map() };
    let bad = false;
    const ok = compGen(I, c.gens, inner, () => {
      if (items.length + dict.map.size >= I.budgets.maxCollectionLength) {
        bad = true;
        return false;
      }
      if (c.kind === 'dict') {
        const k = I.eval(c.elt, inner);
        const key = keyOf(k);
        if (key === null) {
          return false;
        }
        dict.map.set(key, [k, I.eval(c.value as Expr, inner)]);
      } else {
        items.push(I.eval(c.elt, inner));
      }
      return true;
    });
    if (!ok) {
      return bad
        ? I.unknownAt(`comprehension longer than maxCollectionLength (${I.budgets.maxCollectionLength})`, c.loc, 'budget-maxCollectionLength')
        : unknown('comprehension over values not known statically', I.span(c.loc));
    }
    if (c.kind === 'dict') {
      return dict;
    }
    return c.kind === 'set' ? uniqueSet(items) : ({ k: c.kind === 'list' ? 'list' : 'tuple', items } as Value);
  }],
  ['Starred', (I, e) => I.unknownAt('starred expression here', e.loc)],
  ['Walrus', (I, e, scope) => {
    const w = e as Extract<Expr, { k: 'Walrus' }>;
    const v = I.eval(w.value, scope);
    I.bind(w.target, v, scope);
    return v;
  }],
  ['Unsupported', (I, e) => I.unknownAt(`'${(e as { what: string }).what}' is not supported`, e.loc)]
]);

/** Methods of Python's lists, dicts and sets that change them. */
const PY_MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'pop', 'remove', 'clear', 'add', 'setdefault']);

/** Whether a method of this name may change its receiver (Python's container methods, a framework's). */
function mutates(I: Interpreter, name: string): boolean {
  return PY_MUTATORS.has(name) || (I.host.mutatesReceiver?.(name) ?? false);
}

/** A framework module's own method `name` (no user class or attribute redefines it) that keeps its parameters. */
function keepsParameters(I: Interpreter, v: Value, name: string): boolean {
  if (v.k !== 'instance' || !v.mod || !I.host.keepsParameters?.(name, v)) {
    return false;
  }
  return !v.cls.mro.some(c => !c.native && c.attrs.has(name)) && !v.attrs.has(name);
}

const OP_METHODS = new Map([['+', '__add__'], ['-', '__sub__'], ['*', '__mul__'], ['@', '__matmul__'], ['/', '__truediv__']]);

/**
 * Truth of an `if` test, three-valued: `cuda_available and ngpu > 1` is false when ngpu is 1
 * even though the first operand is unknown (either operand being false makes `and` false). An
 * operand after an unknown one is only evaluated when it calls nothing.
 */
function testTruth(I: Interpreter, e: Expr, scope: Scope): boolean | null {
  if (e.k === 'Not') {
    const t = testTruth(I, e.v, scope);
    return t === null ? null : !t;
  }
  if (e.k !== 'Bool') {
    return truthy(I.eval(e, scope));
  }
  const decisive = e.op === 'and' ? false : true;
  let unsure = false;
  for (const x of e.values) {
    if (unsure && !pureExpr(x)) {
      return null;
    }
    const t = testTruth(I, x, scope);
    if (t === decisive) {
      return decisive;
    }
    if (t === null) {
      unsure = true;
    }
  }
  return unsure ? null : !decisive;
}

function seqLiteral(I: Interpreter, e: { elts: Expr[]; loc: Loc }, scope: Scope, kind: 'tuple' | 'list' | 'set'): Value {
  const items: Value[] = [];
  for (const x of e.elts) {
    if (x.k === 'Starred') {
      const v = I.eval(x.v, scope);
      const its = I.iterate(v);
      if (its === null) {
        return unknown('unpacking of a value not known statically', I.span(x.loc));
      }
      items.push(...its);
    } else {
      items.push(I.eval(x, scope));
    }
  }
  if (items.length > I.budgets.maxCollectionLength) {
    return I.unknownAt(`collection longer than maxCollectionLength (${I.budgets.maxCollectionLength})`, e.loc, 'budget-maxCollectionLength');
  }
  return kind === 'set' ? uniqueSet(items) : ({ k: kind, items } as Value);
}

/** A set of these items: {3, 1, 3} has two; items that cannot be compared leave it unknown. */
function uniqueSet(items: Value[]): Value {
  const unique: Value[] = [];
  return addUnique(unique, items) ? { k: 'set', items: unique } : { k: 'set', items: unique, unknownItems: true };
}

function zeroArgSuper(I: Interpreter, scope: Scope, loc: Loc): Value {
  // The enclosing function's first parameter is `self`; its defining class is the owner.
  let s: Scope | null = scope;
  while (s && s.parent && !s.vars.has('self') && !s.vars.has('cls')) {
    s = s.parent;
  }
  const self = s?.vars.get('self') ?? s?.vars.get('cls');
  const owner = (scope.vars.get('__class__') as ClassV | undefined) ?? findOwner(I, self);
  if (!self || !owner) {
    return I.unknownAt('super() outside a method', loc);
  }
  return { k: 'super', cls: owner, self };
}

function findOwner(I: Interpreter, self: Value | undefined): ClassV | undefined {
  // The owner is the class whose method is executing: tracked in the call stack of owners.
  const owner = I.currentOwner();
  if (owner) {
    return owner;
  }
  if (self && self.k === 'instance') {
    return self.cls;
  }
  return undefined;
}

export { asStr };
