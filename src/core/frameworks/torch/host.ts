// The PyTorch FrameworkHost: one per analysis, holding torch's classes, the traces of model
// calls and the first call of every module. It answers the interpreter through the parts of
// this folder: namespaces (namespace.ts), construction (module.ts, rules.ts), nn.Module
// methods (methods.ts), containers (here), tensors (tensors.ts), native forwards
// (forward.ts), tracing (trace.ts) and effects of code not followed (effects.ts).
// Does not: build the IR (extract.ts) or know layer data (catalog.ts).
import { isModuleOwnName } from './module-names';
import type { Interp } from '../../interp/context';
import type { CallExpr, ForStmt, FrameworkHost, QuietEval } from '../../interp/host';
import { asInt, CallSite, ClassV, freshId, InstanceV, NONE, str, TensorV, truthy, unknown, Value } from '../../interp/values';
import { TORCH_NN_CATALOG } from './catalog';
import * as effects from './effects';
import * as forward from './forward';
import { MODULE_METHODS } from './methods';
import { constructLayer, ensureMod, modulePaths, newParam, setModuleAttr, slotMap, structureEpoch } from './module';
import * as namespace from './namespace';
import * as tensors from './tensors';
import { argTensors, firstTensor, hasSubmodule, FirstCall, outShapes, Trace } from './trace';

export class TorchHost implements FrameworkHost {
  readonly classes = new Map<string, ClassV>();
  readonly moduleClass: ClassV;
  /** lightning.LightningModule: constructed exactly like nn.Module. */
  readonly lightningModule: ClassV;
  readonly parameterClass: ClassV;
  readonly tensorClass: ClassV;

  constructor() {
    this.moduleClass = this.nativeClass('Module', 'torch.nn.Module', [], 'torch');
    this.lightningModule = this.nativeClass('LightningModule', 'torch.nn.Module', [], 'torch');
    this.parameterClass = this.nativeClass('Parameter', 'torch.nn.Parameter', [], undefined);
    this.tensorClass = this.nativeClass('Tensor', 'torch.Tensor', [], undefined);
  }

  nativeClass(name: string, native: string, bases: ClassV[], framework: ClassV['framework']): ClassV {
    const c: ClassV = { k: 'class', name, bases, attrs: new Map(), mro: [], native, framework };
    c.mro = [c, ...bases.flatMap(x => x.mro)];
    return c;
  }

  /** The class value of a torch.nn layer (catalog or placeholder). */
  layerClass(name: string): ClassV {
    let c = this.classes.get(name);
    if (!c) {
      c = this.nativeClass(name, `torch.nn.${name}`, [this.moduleClass], 'torch');
      this.classes.set(name, c);
    }
    return c;
  }

  // ---- names --------------------------------------------------------------------------------

  /** A module under one of torch's roots (roots.ts): torch, einops, torchsummary, lightning, ... */
  importModule(path: string): Value | null {
    return { k: 'pymod', path };
  }

  pymodAttr(I: Interp, path: string, name: string): Value {
    return namespace.pymodAttr(this, I, path, name);
  }

  hasModuleAttr(_I: Interp, path: string, name: string): boolean | null {
    return namespace.hasModuleAttr(path, name);
  }

  starName(I: Interp, path: string, name: string): Value | undefined {
    return namespace.starName(this, I, path, name);
  }

  nativeClassAttr(I: Interp, cls: ClassV, name: string): Value | undefined {
    return namespace.nativeClassAttr(this, I, cls, name);
  }

  firstItem(_I: Interp, v: Value): Value | null {
    return namespace.firstItem(v);
  }

  // ---- tensors (tensors.ts) -----------------------------------------------------------------

  tensorAttr(I: Interp, t: TensorV, name: string, site: CallSite): Value {
    return tensors.tensorAttr(this, I, t, name, site);
  }

  tensorBinary(I: Interp, op: string, a: Value, b: Value, site: CallSite): Value {
    return tensors.tensorBinary(this, I, op, a, b, site);
  }

  tensorIndex(_I: Interp, t: TensorV, index: Value): Value {
    return tensors.tensorIndex(this, t, index);
  }

  // ---- construction -------------------------------------------------------------------------

  constructNative(I: Interp, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): void {
    const native = cls.native ?? '';
    if (native === 'torch.nn.Module') {
      ensureMod(inst);
      return;
    }
    if (native === 'torch.nn.Parameter') {
      const data = args[0] ?? kwargs.get('data');
      const rg = args[1] ?? kwargs.get('requires_grad');
      const requiresGrad = rg ? truthy(rg) : true;
      const shape = data && data.k === 'tensor' ? data.shape : null;
      const p = newParam(shape ? [...shape] : null, requiresGrad ?? true);
      if (!shape || shape.some(d => d === null)) {
        I.diag('info', 'unknown-shape', 'nn.Parameter with a shape not known statically', site.span);
      }
      inst.attrs.set('__value__', p);
      return;
    }
    if (native === 'torch.Tensor') {
      // torch.Tensor(3, 4) / torch.Tensor([[1, 2]]): like the legacy constructors.
      inst.attrs.set('__value__', tensors.create(I, 'Tensor', args, kwargs));
      return;
    }
    const name = cls.name;
    const entry = TORCH_NN_CATALOG.get(name);
    if (!entry) {
      const mod = ensureMod(inst);
      mod.layerType = name;
      mod.unknownLayer = true;
      mod.span = mod.span ?? site.span;
      mod.unknownParams.push(`nn.${name} is not in the torch.nn catalog`);
      return;
    }
    constructLayer(I, entry, inst, args, kwargs, site, this.classOf);
  }

  /** layerClass as a function value, made once (constructLayer takes it for inner layers). */
  private readonly classOf = (name: string): ClassV => this.layerClass(name);

  setModuleAttr(I: Interp, inst: InstanceV, name: string, value: Value): boolean {
    return setModuleAttr(I, inst, name, value);
  }

  // ---- effects (effects.ts) -----------------------------------------------------------------

  onInstantiate(I: Interp, cls: ClassV): void {
    if (cls.framework === 'torch') {
      I.noteModule();
    }
  }

  afterInit(I: Interp, cls: ClassV, inst: InstanceV, init: Value, baseInitRan: boolean, site: CallSite): void {
    effects.afterInit(I, cls, inst, init, baseInitRan, site.span);
  }

  returnsSelf(name: string, inst: InstanceV): boolean {
    return effects.returnsSelf(name, inst);
  }

  keepsParameters(name: string, inst?: InstanceV): boolean {
    return effects.keepsParameters(name, inst);
  }

  mutatesReceiver(name: string): boolean {
    return effects.mutatesReceiver(name);
  }

  onUnknownMethod(_I: Interp, inst: InstanceV, name: string): void {
    effects.onUnknownMethod(inst, name);
  }

  onUnknownCall(_I: Interp, callee: string, args: Value[], kwargs: Map<string, Value>): void {
    effects.onUnknownCall(callee, args, kwargs);
  }

  havocCall(_I: Interp, e: CallExpr, quiet: QuietEval): boolean {
    return effects.havocCall(e, quiet);
  }

  havocLoop(_I: Interp, st: ForStmt, iterValue: Value | null, quiet: QuietEval): void {
    effects.havocLoop(st, iterValue, quiet);
  }

  setTensorAttr(_I: Interp, t: TensorV, name: string, value: Value): boolean {
    return effects.setRequiresGrad(t, name, value);
  }

  iterModule(inst: InstanceV): Value[] | null {
    const mod = inst.mod;
    if (!mod) {
      return null;
    }
    if (mod.unknownParams.length > 0) {
      // Some entries are not known: iterating would silently skip them.
      return null;
    }
    if (mod.layerType === 'ModuleDict' || mod.layerType === 'ParameterDict') {
      return [...(mod.layerType === 'ModuleDict' ? mod.modules : mod.params).keys()].map(k => str(k));
    }
    if (mod.layerType === 'ParameterList') {
      return [...mod.params.values()].map(p => p ?? NONE);
    }
    if (mod.layerType === 'Sequential' || mod.layerType === 'ModuleList' || mod.layerType === 'TransformerEncoder') {
      return [...mod.modules.values()].filter((m): m is InstanceV => m !== null);
    }
    return null;
  }

  indexModule(I: Interp, inst: InstanceV, index: Value, site: CallSite): Value | undefined {
    const mod = inst.mod;
    if (!mod) {
      return undefined;
    }
    if (mod.layerType === 'ModuleDict' || mod.layerType === 'ParameterDict') {
      if (index.k !== 'str') {
        return unknown('ModuleDict key not known statically', site.span);
      }
      const v = mod.layerType === 'ModuleDict' ? mod.modules.get(index.v) : mod.params.get(index.v);
      return v ?? unknown(`key '${index.v}' not in ${mod.layerType}`, site.span);
    }
    if (mod.layerType === 'Sequential' || mod.layerType === 'ModuleList' || mod.layerType === 'ParameterList') {
      const items: Array<InstanceV | TensorV | null> = mod.layerType === 'ParameterList' ? [...mod.params.values()] : [...mod.modules.values()];
      if (index.k === 'slice') {
        const lo = index.lower.k === 'none' ? 0n : asInt(index.lower);
        const hi = index.upper.k === 'none' ? BigInt(items.length) : asInt(index.upper);
        if (lo === null || hi === null || index.step.k !== 'none') {
          return unknown('slice of a module container', site.span);
        }
        const n = BigInt(items.length);
        const a = Number(lo < 0n ? lo + n : lo);
        const z = Number(hi < 0n ? hi + n : hi);
        I.noteModule();
        const sub: InstanceV = { k: 'instance', cls: inst.cls, attrs: new Map(), id: freshId(), span: inst.span };
        const sm = ensureMod(sub);
        sm.layerType = mod.layerType;
        const keys = [...mod.modules.keys()];
        for (let i = Math.max(0, a); i < Math.min(items.length, z); i++) {
          slotMap(sm, 'modules').set(mod.layerType === 'Sequential' ? keys[i] : String(i - a), items[i] as InstanceV);
        }
        return sub;
      }
      const i = asInt(index);
      if (i === null) {
        return unknown('index into a module container not known statically', site.span);
      }
      const n = BigInt(items.length);
      const j = i < 0n ? i + n : i;
      if (j < 0n || j >= n) {
        I.diag('error', 'index-error', `index ${i} is out of range for ${mod.layerType} of length ${n}`, site.span);
        return unknown('index out of range', site.span);
      }
      return items[Number(j)] ?? unknown('container item not known statically', site.span);
    }
    return undefined;
  }

  // ---- module methods -----------------------------------------------------------------------

  baseLacks(_I: Interp, inst: InstanceV, name: string): boolean {
    return inst.cls.framework === 'torch' && !isModuleOwnName(name);
  }

  /** nn.Module's methods and attributes (methods.ts); undefined for those not modelled. */
  instanceAttr(I: Interp, inst: InstanceV, name: string, site: CallSite): Value | undefined {
    if (!inst.mod && inst.cls.framework !== 'torch') {
      // Not a module (a DataLoader, a dataset): asking for a method must not make it one.
      return undefined;
    }
    const mod = ensureMod(inst);
    const method = MODULE_METHODS.get(name);
    return method ? method({ I, host: this, inst, mod, name, site }) : undefined;
  }

  // ---- tensors ------------------------------------------------------------------------------

  /** How the next trace's input was given (a summary() call sets it around its forward). */
  pendingSource: Trace['inputSource'] | undefined;

  /**
   * A tool runs `model` once on an example (torchinfo's input_data, jit.trace, add_graph ...):
   * the model's first traced call, unless it was traced already or a trace is running.
   */
  runOnExample(I: Interp, model: Value | undefined, args: Value[], kwargs: Map<string, Value>, site: CallSite, source: Trace['inputSource']): void {
    if (!model || model.k !== 'instance' || !model.mod || this.traces.has(model) || this.activeTrace) {
      return;
    }
    this.pendingSource = source;
    try {
      I.callModule(model, args, kwargs, site);
    } finally {
      this.pendingSource = undefined;
    }
  }

  // ---- module calls and tracing -------------------------------------------------------------

  /** The trace of each model called at the top level (the first call is what we show). */
  readonly traces = new Map<InstanceV, Trace>();

  /** Inputs and output of the first call of every module, wherever it happened. */
  firstCalls = new Map<InstanceV, FirstCall>();

  /** The trace being recorded (a top-level model call is running). */
  activeTrace: Trace | undefined;

  onModuleCall(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    let trace = this.activeTrace;
    let started = false;
    const traces = this.traces;
    if (!trace) {
      if (traces.has(inst)) {
        // Later top-level calls: the first traced call is what we show.
        const saved = this.activeTrace;
        this.activeTrace = undefined;
        try {
          return this.runModule(I, inst, args, kwargs, site);
        } finally {
          this.activeTrace = saved;
        }
      }
      const input = firstTensor(args);
      const paths = modulePaths(inst);
      trace = {
        root: inst, paths, nodes: [], inputs: [], edges: [], counter: new Map(), inputNodes: new Map(),
        outShapes: new Map(), inShapes: new Map(), leafCalls: [], input: input ? input.shape : null, inputSpan: site.span, inputSource: this.pendingSource ?? 'dummy-tensor',
        args: argTensors(args, kwargs), frames: []
      };
      traces.set(inst, trace);
      this.activeTrace = trace;
      started = true;
    }
    try {
      const firstIn = firstTensor(args);
      if (firstIn && !trace.inShapes.has(inst)) {
        trace.inShapes.set(inst, firstIn.shape);
      }
      // Operations run now belong to inst's forward (trace.ts: a node's group).
      trace.frames.push(trace.paths.get(inst));
      let out: Value;
      try {
        out = this.runModule(I, inst, args, kwargs, site);
      } finally {
        trace.frames.pop();
      }
      if (!hasSubmodule(inst)) {
        trace.leafCalls.push({ inst, out });
      }
      const first = this.firstCalls;
      if (!first.has(inst)) {
        // `at`: registry writes so far; a later write under inst makes this call's shapes stale.
        first.set(inst, { args, out, at: structureEpoch() });
      }
      if (!trace.outShapes.has(inst)) {
        const shapes = outShapes(out);
        if (shapes !== undefined) {
          trace.outShapes.set(inst, shapes);
        }
      }
      if (started) {
        trace.output = out;
      }
      return out;
    } finally {
      if (started) {
        this.activeTrace = undefined;
      }
    }
  }

  /** The module call itself: the user's forward (or __call__), else the native layer's. */
  private runModule(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const fwd = I.classAttr(inst.cls, 'forward');
    if (fwd && fwd.k === 'func') {
      return I.callFunction(fwd, [inst, ...args], kwargs, site);
    }
    const call = I.classAttr(inst.cls, '__call__');
    if (call && call.k === 'func') {
      return I.callFunction(call, [inst, ...args], kwargs, site);
    }
    return this.callNative(I, inst, args, kwargs, site);
  }

  /** Calls a module whose forward is native (forward.ts). */
  callNative(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return forward.callNative(this, I, inst, args, kwargs, site);
  }

}

// ---- torch.nn.utils.prune -------------------------------------------------------------------
// Pruning `name` of a module (torch 2.13, prune.py): the parameter moves to `name_orig`, a
// `name_mask` buffer of its shape is registered and `name` becomes a plain tensor attribute;
// pruning it again only combines masks. prune.remove() puts the parameter back under `name`
// (last in order) and drops the mask. Totals keep their value; buffers grow by the mask.

