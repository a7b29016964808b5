// The plug between the interpreter and the frameworks: every question the interpreter cannot
// answer from Python alone (a framework namespace, a module instance's native methods, tensors,
// what a module call does, what code it could not follow may have changed) goes through this
// interface. frameworks/dispatch.ts implements it over the registered frameworks.
// Does not: implement anything; the interpreter never imports a framework.
import type { Expr, Stmt } from '../parse/ast';
import type { Interp } from './context';
import type { CallSite, ClassV, InstanceV, TensorV, Value } from './values';

/** A loop statement (`for target in iter: body`). */
export type ForStmt = Extract<Stmt, { k: 'For' }>;
/** A call expression. */
export type CallExpr = Extract<Expr, { k: 'Call' }>;
/** Evaluates a side-effect-free expression (a name, attribute chain or literal subscript) while havocking; null when it is none or fails. */
export type QuietEval = (e: Expr) => Value | null;

/** What frameworks plug into the interpreter. */
export interface FrameworkHost {
  /** Value for an absolute module path ('torch.nn'), or null when the host does not know it. */
  importModule(path: string): Value | null;
  /** Attribute of a framework namespace. */
  pymodAttr(interp: Interp, path: string, name: string, site: CallSite): Value;
  /** Native attribute/method of a module instance (parameters(), to(), ...), or undefined. */
  instanceAttr(interp: Interp, inst: InstanceV, name: string, site: CallSite): Value | undefined;
  /** Attribute of a tensor (shape, view, ...). */
  tensorAttr(interp: Interp, t: TensorV, name: string, site: CallSite): Value;
  /** Binary operator with at least one tensor operand. */
  tensorBinary(interp: Interp, op: string, a: Value, b: Value, site: CallSite): Value;
  /** Subscript of a tensor. */
  tensorIndex(interp: Interp, t: TensorV, index: Value, site: CallSite): Value;
  /** Runs the framework __init__ of native class `cls` on `inst`. */
  constructNative(interp: Interp, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): void;
  /** Calls a module instance whose forward is native (a catalog layer). */
  callNative(interp: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  /** Attribute assignment on a module instance (registers params/submodules). True if handled. */
  setModuleAttr(interp: Interp, inst: InstanceV, name: string, value: Value): boolean;
  /** Iteration over a container module (Sequential, ModuleList, ...), or null. */
  iterModule(inst: InstanceV): Value[] | null;
  /** Subscript of a container module. */
  indexModule(interp: Interp, inst: InstanceV, index: Value, site: CallSite): Value | undefined;
  /**
   * A call of a module instance (user or native) for tracing: the host runs the call itself
   * (the user's forward, or callNative), so no closure is made per call.
   */
  onModuleCall(interp: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value;
  /** Attribute of a framework class (nn.Embedding.from_pretrained), or undefined. */
  nativeClassAttr?(interp: Interp, cls: ClassV, name: string, site: CallSite): Value | undefined;
  /** A name a `from <path> import *` brings in, or undefined when the module does not export it. */
  starName?(interp: Interp, path: string, name: string): Value | undefined;
  /**
   * hasattr() on a framework namespace: true when the framework version the catalogs describe
   * has the attribute (`hasattr(F, 'scaled_dot_product_attention')` in PyTorch 2), null when
   * the host cannot tell.
   */
  hasModuleAttr?(interp: Interp, path: string, name: string): boolean | null;
  /**
   * True when a framework object (an nn.Module) is known to have no attribute `name` besides
   * those its instance, class and registries hold: the framework base class defines no such
   * name.
   */
  baseLacks?(interp: Interp, inst: InstanceV, name: string): boolean;
  /** Attribute assignment on a tensor (a Keras variable's trainable, requires_grad); true if handled. */
  setTensorAttr?(interp: Interp, t: TensorV, name: string, value: Value): boolean;
  /**
   * First element of an iterable whose length is not known but whose first element is (a
   * DataLoader over known tensors): a loop runs its body once with it, then havocs.
   */
  firstItem?(interp: Interp, v: Value): Value | null;

  // ---- instances --------------------------------------------------------------------------

  /** A framework class is about to be instantiated (budgets count module instances). */
  onInstantiate?(interp: Interp, cls: ClassV): void;
  /**
   * A user __init__ of a framework class returned; `baseInitRan` says whether the framework
   * base's own __init__ ran during it (without it a module may have no registry at all).
   */
  afterInit?(interp: Interp, cls: ClassV, inst: InstanceV, init: Value, baseInitRan: boolean, site: CallSite): void;

  // ---- effects of code the interpreter does not model ----------------------------------------

  /**
   * Whether calling the framework's own method `name` never changes which parameters and
   * buffers a module has (model.eval(), zero_grad(), to(device)). With `inst`, for that module;
   * without, for any module of any framework (reading a function's body).
   */
  keepsParameters?(name: string, inst?: InstanceV): boolean;
  /** Whether the framework's method `name` of `inst` returns `inst` itself (model.train(), .to(device)). */
  returnsSelf?(name: string, inst: InstanceV): boolean;
  /** Whether a method of this name changes its receiver (besides list/dict/set mutators). */
  mutatesReceiver?(name: string): boolean;
  /** A method of a module instance that is not modelled was called (it may change the module). */
  onUnknownMethod?(interp: Interp, inst: InstanceV, name: string): void;
  /** A function of a library that is not modelled was called with these arguments. */
  onUnknownCall?(interp: Interp, callee: string, args: Value[], kwargs: Map<string, Value>): void;

  // ---- code that cannot be seen (interp/opaque.ts) ----------------------------------------------

  /** Code that cannot be seen ran (an import of a module that cannot be read, a call of one of
   * its names, an unknown decorator): `what` is the dotted name. It may have made framework
   * objects (Keras numbers its auto names notebook-wide). */
  onUnseenCode?(interp: Interp, what: string): void;
  /** Values (arguments, the receiver) were handed to code that cannot be seen: what they hold
   * may have been changed there (modules are marked by opaque.handedToUnseen already). */
  onHandedToUnseen?(interp: Interp, values: Value[], why: string): void;
  /** `.trainable` / `.requires_grad` was set on a value that cannot be seen: it may be anything
   * that was handed to unseen code. */
  onUnseenFlagWrite?(interp: Interp, name: string, why: string): void;

  // ---- havoc (code that could not be followed) -------------------------------------------------

  /** Statements were skipped (made Unknown) because they could not be followed statically. */
  onHavoc?(interp: Interp, body: Stmt[], reason: string): void;
  /** A mutator (`model.add(...)`) ran in code that was havocked: keep the instance and mark it unknown (true), or let it become Unknown (false). */
  havocInstance?(interp: Interp, inst: InstanceV, reason: string): boolean;
  /** A call in skipped code: true when the framework accounted for everything it may change. */
  havocCall?(interp: Interp, e: CallExpr, quiet: QuietEval): boolean;
  /** A loop in skipped code, with the value of its iterable when that is a name. */
  havocLoop?(interp: Interp, st: ForStmt, iterValue: Value | null, quiet: QuietEval): void;
}
