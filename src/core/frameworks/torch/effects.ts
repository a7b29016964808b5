// PyTorch's effects on modules that the code does not show, as tables: the nn.Module methods
// that never change which parameters a module has, the methods that do, the libraries whose
// calls rewrite modules in place (pruning, quantisation, LoRA injection) and those that only
// read them; and what freezing (requires_grad) in code that could not be followed leaves known.
// Does not: model any of these calls (host.ts does, or they stay unknown).
import { charge } from '../../interp/cost';
import type { Span } from '../../ir';
import type { CallExpr, ForStmt, QuietEval } from '../../interp/host';
import type { Interp } from '../../interp/context';
import { mentionsAttr, nestedStmts, stmtTargets } from '../../interp/syntax';
import { changedUnseen, loopCandidates } from '../../interp/opaque';
import type { Stmt } from '../../parse/ast';
import { expandBody } from '../../parse/lazy';
import { ClassV, InstanceV, isModuleInstance, TensorV, truthy, Value } from '../../interp/values';

/** nn.Module methods that never change which parameters and buffers a module has. */
const KEEPS_PARAMETERS = new Set([
  'zero_grad', 'train', 'eval', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'type', 'share_memory',
  'load_state_dict', 'state_dict', 'parameters', 'named_parameters', 'buffers', 'named_buffers', 'children',
  'named_children', 'modules', 'named_modules', 'forward', 'register_forward_hook', 'register_forward_pre_hook',
  'register_full_backward_hook', 'register_backward_hook', 'extra_repr', 'compile', 'get_parameter', 'get_buffer',
  'get_submodule', 'to_empty', 'xpu', 'ipu', 'mtia', 'register_state_dict_pre_hook', 'register_load_state_dict_post_hook',
  '__repr__', '__str__',
  // LightningModule's own (a LightningModule is an nn.Module)
  'save_hyperparameters', 'log', 'log_dict', 'print', 'optimizers', 'lr_schedulers', 'manual_backward', 'toggle_optimizer',
  'untoggle_optimizer', 'all_gather', 'to_onnx', 'to_torchscript'
]);

/** nn.Module methods that return the module itself (`model = model.to(device)` keeps it). */
const RETURNS_SELF = new Set([
  'train', 'eval', 'to', 'cuda', 'cpu', 'float', 'double', 'half', 'bfloat16', 'type', 'share_memory', 'requires_grad_',
  'apply', 'to_empty', 'xpu', 'ipu', 'mtia'
]);

/** Whether nn.Module method `name` returns the module itself. */
export function returnsSelf(name: string, inst: InstanceV): boolean {
  return inst.cls.framework === 'torch' && inst.mod !== undefined && RETURNS_SELF.has(name) && !inst.cls.mro.some(c => !c.native && c.attrs.has(name));
}

/** nn.Module methods that change the module they are called on. */
const MUTATING_METHODS = new Set(['add_module', 'register_buffer', 'register_parameter', 'requires_grad_']);

/** Libraries and functions whose calls rewrite the modules they are given in place. */
const MODULE_REWRITERS = [
  'torch', 'torch.nn.utils.prune', 'torch.quantization', 'torch.ao', 'torch.nn.utils.fusion', 'peft', 'bitsandbytes', 'deepspeed',
  'apex', 'torch_pruning', 'nni', 'loralib', 'opacus', 'torch.nn.utils.parametrize'
];

/** torch functions known to only read (or wrap without changing) the modules they are given. */
const MODULE_READERS = ['torch.save', 'torch.onnx', 'torch.utils', 'torch.cuda', 'torch.optim', 'torch.hub', 'torch.distributed', 'torch.nn.parallel', 'torch.export', 'torch.fx'];

/** Whether nn.Module method `name` keeps parameters (of `inst`, when given: a torch module). */
export function keepsParameters(name: string, inst?: InstanceV): boolean {
  return (inst === undefined || inst.cls.framework === 'torch') && KEEPS_PARAMETERS.has(name);
}

export function mutatesReceiver(name: string): boolean {
  return MUTATING_METHODS.has(name);
}

/** A method PyTorch has that is not modelled may change the module. */
export function onUnknownMethod(inst: InstanceV, name: string): void {
  if (inst.mod && inst.cls.framework === 'torch' && !KEEPS_PARAMETERS.has(name)) {
    // Its totals and the shapes of its calls are no longer known (interp/opaque.ts).
    changedUnseen(inst.mod, `${name}() is not modelled and may change the module`);
  }
}

/**
 * A call of a function that is not modelled: when it is known to rewrite modules in place,
 * the modules passed (also inside tuples, lists and dicts: (module, 'weight') pairs) have
 * totals that are no longer known.
 */
export function onUnknownCall(callee: string, args: Value[], kwargs: Map<string, Value>): void {
  // callee is p or a name under p ('p.' prefix, checked without building the string).
  const under = (p: string): boolean => callee === p || (callee.startsWith(p) && callee.charCodeAt(p.length) === 46);
  if (!MODULE_REWRITERS.some(under) || MODULE_READERS.some(under)) {
    return;
  }
  const mark = (v: Value, depth: number): void => {
    charge(1); // every element visited counts (shared structure can be exponential)
    if (isModuleInstance(v)) {
      v.mod.unknownParams.push(`modified in place by ${callee}(), which is not modelled`);
    } else if (depth < 3 && (v.k === 'tuple' || v.k === 'list' || v.k === 'set')) {
      v.items.forEach(x => mark(x, depth + 1));
    } else if (depth < 3 && v.k === 'dict') {
      v.map.forEach(([k, x]) => {
        mark(k, depth + 1);
        mark(x, depth + 1);
      });
    }
  };
  for (const a of [...args, ...kwargs.values()]) {
    mark(a, 0);
  }
}

/**
 * After a user __init__ of an nn.Module subclass: without Module.__init__ the module has no
 * parameter registry at all (PyTorch raises on the first layer assigned).
 */
export function afterInit(I: Interp, cls: ClassV, inst: InstanceV, init: Value, baseInitRan: boolean, span: Span | undefined): void {
  if (cls.framework !== 'torch' || !inst.mod || baseInitRan) {
    return;
  }
  if (init.k === 'func' && Array.isArray(init.body)) {
    expandBody(init.body);
  }
  if (init.k === 'func' && !mentionsAttr(init.body, '__init__')) {
    inst.mod.unknownParams.push(`${cls.name}.__init__ does not call super().__init__(), so PyTorch cannot build or count it`);
    I.diag('warning', 'module-init', `${cls.name}.__init__ does not call super().__init__(): PyTorch raises when a layer is assigned or parameters() is called`, span);
  } else {
    inst.mod.unknownParams.push(`nn.Module.__init__ of ${cls.name} did not run in the analysis (cut short, or under a condition not known statically)`);
  }
}

/** `tensor.requires_grad = flag`: the tensor is frozen, trainable, or not known to be either. */
export function setRequiresGrad(t: TensorV, name: string, value: Value): boolean {
  if (name !== 'requires_grad') {
    return false;
  }
  const flag = truthy(value);
  t.requiresGrad = flag === null ? undefined : flag;
  return true;
}

// ---- freezing in code that could not be followed --------------------------------------------

/** Parameters of a module tree whose requires_grad may or may not have been changed. */
function unsureFreeze(v: Value | null): void {
  const seen = new Set<object>();
  const walk = (m: Value | null | undefined): void => {
    if (!m || !isModuleInstance(m) || seen.has(m)) {
      return;
    }
    seen.add(m);
    m.mod.params.forEach(t => {
      if (t) {
        t.requiresGrad = undefined;
      }
    });
    m.mod.modules.forEach(walk);
  };
  walk(v);
}

/** Whether statements (nested ones included) set `<x>.requires_grad` or call requires_grad_(). */
function setsRequiresGrad(body: Stmt[]): boolean {
  return nestedStmts(body).some(
    st => stmtTargets(st).some(t => t.k === 'Attr' && t.attr === 'requires_grad') || (st.k === 'Expr' && st.value.k === 'Call' && st.value.func.k === 'Attr' && st.value.func.attr === 'requires_grad_')
  );
}

/**
 * net.requires_grad_(False) / net[0].requires_grad_(False) under an unknown condition: the
 * parameters stay, whether they are trainable is not known.
 */
export function havocCall(e: CallExpr, quiet: QuietEval): boolean {
  if (e.func.k !== 'Attr' || e.func.attr !== 'requires_grad_') {
    return false;
  }
  const receiver = quiet(e.func.obj);
  if (receiver && isModuleInstance(receiver)) {
    unsureFreeze(receiver);
    return true;
  }
  return false;
}

/**
 * `for p in net[0].parameters(): p.requires_grad = False` (or over a parameter generator held
 * in a name) under an unknown condition: which parameters are frozen is not known.
 */
export function havocLoop(st: ForStmt, iterValue: Value | null, quiet: QuietEval): void {
  if (!setsRequiresGrad(st.body)) {
    return;
  }
  if (st.iter.k === 'Call' && st.iter.func.k === 'Attr' && (st.iter.func.attr === 'parameters' || st.iter.func.attr === 'named_parameters')) {
    unsureFreeze(quiet(st.iter.func.obj));
  }
  if (iterValue && iterValue.k === 'list' && iterValue.generatorOf) {
    unsureFreeze(iterValue.generatorOf);
  }
  // for block in list(model.children())[:k]: ... block's parameters frozen, k not known:
  // each module the loop may have reached may be frozen or not.
  loopCandidates(st.iter, quiet).forEach(unsureFreeze);
}
