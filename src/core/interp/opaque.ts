// The soundness rule (docs/soundness.md), in one place: what the analyzer cannot see must
// make every count, shape and total it reaches unknown. A value is OPAQUE when it comes from
// something unresolved — a name imported from a module that cannot be read, the result of a
// call that is not followed, an instance of a class whose base is not known, anything that
// an unknown decorator returned — or is a container holding such a value. Every place where a
// value becomes part of a model (stored on a module, put in a container that becomes a
// module, registered, passed to a layer or a Keras graph) asks opaqueReason() and records the
// reason, with its line, on what it reaches (unseen(), changedUnseen()); code that cannot be
// seen changes what it is handed (handedToUnseen()) and nothing else (the frame assumption).
// The data tables: KNOWN_DECORATORS (decorators that return what they decorate; any other
// decorator makes it unknown) and READS_ONLY_CALLEES (functions that only read what they are
// handed).
// Does not: decide where values flow (the interpreter and the framework hosts call these).
import type { Span } from '../ir';
import type { Expr, Stmt } from '../parse/ast';
import { nestedStmts, stmtTargets } from './syntax';
import { charge } from './cost';
import { isModuleInstance, ModuleState, Value } from './values';

/** Deepest container nesting looked into (lists of tuples of layers ...). */
const MAX_DEPTH = 4;

/** Where a span is, for reasons: ` (line 12)` or ` (line 3 of blocks.py)`. */
export function lineOf(span: Span | undefined): string {
  if (!span) {
    return '';
  }
  return ` (line ${span.startLine + 1}${span.file ? ` of ${span.file}` : ''})`;
}

/**
 * Why `v` may hold parameters, buffers or layers the analyzer cannot see (with the line where
 * it came from), or null when it cannot.
 */
export function opaqueReason(v: Value): string | null {
  return opaqueIn(v, 0, new Set());
}

/** opaqueReason below `depth`: each element visited is charged, each container looked into once
 * (a container seen before held nothing opaque, or the walk would have stopped there). */
function opaqueIn(v: Value, depth: number, seen: Set<Value>): string | null {
  charge(1);
  switch (v.k) {
    case 'unknown':
      return v.scalar ? null : `${v.reason}${lineOf(v.span)}`;
    case 'pymod':
      // A name from a module that cannot be read: it may be anything (a layer, a model).
      return v.unresolved ? `'${v.path.replace(/^\?/, '')}' comes from a module that cannot be read` : null;
    case 'instance':
      if (!v.mod && v.cls.unknownBase) {
        return `an instance of ${v.cls.name}, whose base class is not known${lineOf(v.span)}`;
      }
      return null;
    case 'tuple':
    case 'list':
    case 'set': {
      if ('unknownItems' in v && v.unknownItems) {
        return `a ${v.k} whose contents are not known`;
      }
      if (depth >= MAX_DEPTH || seen.has(v)) {
        return null;
      }
      seen.add(v);
      for (const x of v.items) {
        const r = opaqueIn(x, depth + 1, seen);
        if (r) {
          return r;
        }
      }
      return null;
    }
    case 'dict': {
      if (depth >= MAX_DEPTH || seen.has(v)) {
        return null;
      }
      seen.add(v);
      for (const [, x] of v.map.values()) {
        const r = opaqueIn(x, depth + 1, seen);
        if (r) {
          return r;
        }
      }
      return null;
    }
    default:
      return null;
  }
}

/** Records on a module that `what` holds something unseen: its totals become unknown. */
export function unseen(mod: ModuleState, what: string, reason: string): void {
  const r = `${what} is not known statically: ${reason}`;
  if (!mod.unknownParams.includes(r)) {
    mod.unknownParams.push(r);
  }
}

/**
 * Code that cannot be seen may have changed this module (added, removed or replaced layers,
 * frozen parameters): its totals are unknown, and no shape of a call is kept for it.
 */
export function changedUnseen(mod: ModuleState, why: string): void {
  // It may have reached (called, changed) every module under this one too.
  const seen = new Set<ModuleState>();
  const visit = (m: ModuleState): void => {
    if (seen.has(m)) {
      return;
    }
    seen.add(m);
    m.changedUnseen = m.changedUnseen ?? why;
    for (const c of m.modules.values()) {
      if (c?.mod) {
        visit(c.mod);
      }
    }
  };
  visit(mod);
  if (!mod.unknownParams.includes(why)) {
    mod.unknownParams.push(why);
  }
}

/** A callee that cannot be seen: an unknown value, or a name from a module that cannot be read. */
export function opaqueCallee(f: Value): boolean {
  return (f.k === 'unknown' && !f.scalar) || (f.k === 'pymod' && f.unresolved === true);
}

/**
 * Values handed to code that cannot be seen: the modules among them (also inside tuples, lists
 * and dicts) may have been changed; parameters handed over (model.parameters()) may have been
 * frozen, so their trainable state is unknown.
 */
export function handedToUnseen(values: Value[], why: string): void {
  const mark = (v: Value, depth: number): void => {
    if (isModuleInstance(v)) {
      changedUnseen(v.mod, why);
    } else if (v.k === 'tensor' && v.isParam) {
      v.requiresGrad = undefined;
    } else if (depth < 3 && (v.k === 'tuple' || v.k === 'list' || v.k === 'set')) {
      v.items.forEach(x => mark(x, depth + 1));
    } else if (depth < 3 && v.k === 'dict') {
      v.map.forEach(([, x]) => mark(x, depth + 1));
    }
  };
  values.forEach(v => mark(v, 0));
}

/**
 * Functions that cannot be read but are known to only read the modules they are handed
 * (summaries, profilers, loggers, display): handing them a model changes nothing.
 */
export const READS_ONLY_CALLEES = new Set([
  'print', 'display', 'IPython.display.display', 'pprint.pprint', 'repr', 'str', 'len', 'isinstance', 'type', 'id',
  'torchinfo.summary', 'torchsummary.summary', 'torchsummaryX.summary', 'pytorch_model_summary.summary',
  'thop.profile', 'thop.clever_format', 'ptflops.get_model_complexity_info', 'fvcore.nn.FlopCountAnalysis',
  'fvcore.nn.parameter_count', 'fvcore.nn.parameter_count_table', 'fvcore.nn.flop_count_table', 'torchviz.make_dot',
  'hiddenlayer.build_graph', 'wandb.watch', 'wandb.log', 'mlflow.pytorch.log_model'
]);

/**
 * Decorators known to return the function or class they decorate, or a wrapper that calls it
 * with the same arguments (dotted names as imported: torch.no_grad, functools.wraps(...) ...).
 * staticmethod, classmethod, property and dataclass are modelled by the interpreter itself.
 */
export const KNOWN_DECORATORS = new Set([
  // functools
  'functools.wraps', 'functools.lru_cache', 'functools.cache', 'functools.cached_property', 'functools.total_ordering',
  // typing / abc
  'typing.overload', 'typing.final', 'typing.no_type_check', 'typing_extensions.override', 'typing.override', 'abc.abstractmethod',
  // torch: gradient modes, compilation, scripting
  'torch.no_grad', 'torch.enable_grad', 'torch.inference_mode', 'torch.set_grad_enabled', 'torch.autocast', 'torch.cuda.amp.autocast',
  'torch.amp.autocast', 'torch.compile', 'torch.jit.script', 'torch.jit.ignore', 'torch.jit.unused', 'torch.jit.export',
  'torch.jit.script_method', 'torch.autograd.function.once_differentiable', 'torch.fx.wrap', 'torch._dynamo.disable',
  'torch.compiler.disable',
  // Keras / TensorFlow
  'keras.saving.register_keras_serializable', 'keras.utils.register_keras_serializable', 'tf.function', 'tensorflow.function',
  'tf.keras.utils.register_keras_serializable', 'tensorflow.keras.utils.register_keras_serializable',
  // numba, jax (wrappers that call the function)
  'jax.jit', 'numba.jit', 'numba.njit',
  // huggingface_hub: validates a dataclass's fields when it is built (transformers' configs)
  'huggingface_hub.dataclasses.strict'
]);

/**
 * What a loop in code that could not be followed may have reached: `for layer in
 * model.layers[:n]` with n not known reaches some of model.layers, not known which. The items
 * of the collection the iterable slices or indexes (evaluated by `quiet`), or [].
 */
export function loopCandidates(iter: Expr, quiet: (e: Expr) => Value | null): Value[] {
  let base: Expr = iter;
  while (base.k === 'Sub') {
    base = base.obj;
  }
  const v = quiet(base);
  return v && (v.k === 'list' || v.k === 'tuple') ? v.items : v ? [v] : [];
}

/** Whether statements set `.trainable` (Keras) on something, nested statements included. */
export function setsTrainable(body: Stmt[]): boolean {
  return nestedStmts(body).some(st => stmtTargets(st).some(t => t.k === 'Attr' && t.attr === 'trainable'));
}

/**
 * The dotted name a callee (or decorator) resolves to, read without evaluating anything: the
 * root name's module path plus the attributes (`torchinfo.summary` for `summary` imported from
 * torchinfo, `torch.no_grad` for `no_grad`). null for other expressions.
 */
export function calleeName(e: Expr, peek: (name: string) => Value | undefined): string | null {
  const parts: string[] = [];
  let x: Expr = e;
  while (x.k === 'Attr') {
    parts.unshift(x.attr);
    x = x.obj;
  }
  if (x.k !== 'Name') {
    return null;
  }
  const root = peek(x.id);
  const base = root && root.k === 'pymod' ? root.path.replace(/^\?/, '').replace(/\(\)$/, '') : root && root.k === 'builtin' && parts.length === 0 ? root.name : x.id;
  return [base, ...parts].join('.');
}
