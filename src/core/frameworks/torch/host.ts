// The PyTorch FrameworkHost: resolves torch / torch.nn / torch.nn.functional names to catalog
// classes and op functions, implements nn.Module methods, tensor attributes and operators,
// and traces forward calls into a dataflow graph (one trace per top-level model call).
// Does not: count totals for the IR (see ir/build.ts) or know layer data (catalog.ts).
import { charge } from '../../interp/cost';
import type { Category, GraphEdge, GraphNode, Shape, Span } from '../../ir';
import { shapeOf } from '../../ir/dims';
import type { CallExpr, ForStmt, FrameworkHost, QuietEval } from '../../interp/host';
import type { Interpreter } from '../../interp/interpreter';
import { Poly, polyConst, polyConstValue, polyDivConst, polySub, polySym } from '../../interp/poly';
import {
  asInt, asPoly, BuiltinV, CallSite, ClassV, Dims, freshId, InstanceV, isModuleInstance, ModuleState, NO_KWARGS, NONE, str, TensorV, truthy, unknown, Value
} from '../../interp/values';
import { LayerEntry, TORCH_NN_CATALOG } from './catalog';
import {
  addParamItem, constructLayer, deepCopy, ensureMod, moduleList, modulePaths, namedBuffers, namedModules, namedParameters, newParam, newTensor, numel, setModuleAttr, slotMap, tensorList, tracedTensor
} from './module';
import { fmtShape, LayerShapeRule, SHAPE_RULES, ShapeApi } from './shapes';
import { matmulShape, OPS, OpResult, sizeArgs } from './tensorops';
import { indexShape } from '../indexing';
import { broadcast } from './shapes';
import * as effects from './effects';
import { evidenceAttr, EVIDENCE_MODULES } from './evidence';

/** Import roots of PyTorch Lightning (`import lightning as L`, `pytorch_lightning as pl`). */
const LIGHTNING_ROOTS = ['lightning', 'pytorch_lightning'];

export interface Trace {
  root: InstanceV;
  paths: Map<InstanceV, string>;
  /** Operation nodes in call order; input nodes are kept apart (see graphNodes). */
  nodes: GraphNode[];
  /** Input nodes in order of discovery (shown first, latest first). */
  inputs: GraphNode[];
  edges: GraphEdge[];
  counter: Map<string, number>;
  inputNodes: Map<TensorV, string>;
  /** Set when the graph stopped growing at maxGraphNodes (shapes and counts go on). */
  truncated?: boolean;
  /** First-call output/input shape of each module during this trace. */
  outShapes: Map<InstanceV, Dims | Dims[]>;
  inShapes: Map<InstanceV, Dims | Dims[]>;
  input?: Dims;
  inputSpan?: Span;
  inputSource: 'dummy-tensor' | 'summary-call' | 'user' | 'symbolic';
  output?: Value;
  /** Every call of a leaf module during the trace, with its output (for mult-adds). */
  leafCalls: Array<{ inst: InstanceV; out: Value }>;
  /** Set when some call inside could not be followed (shapes after it may be unknown). */
  incomplete?: string;
  /** The tensors passed to the traced model: the graph's real inputs. */
  args?: Set<TensorV>;
  /** The model's buffers by tensor (filled when first needed). */
  buffers?: Map<TensorV, string>;
}

/** Nodes of a trace as the IR shows them: inputs first (latest first), then operations. */
export function graphNodes(trace: Trace): GraphNode[] {
  return [...trace.inputs].reverse().concat(trace.nodes);
}

const PASS_THROUGH = new Set(['contiguous', 'to', 'cuda', 'cpu', 'float', 'half', 'double', 'bfloat16', 'detach', 'clone', 'type_as', 'requires_grad_', 'data', 'pin_memory', 'type', 'long', 'int', 'bool']);
const ACTIVATION_OPS = new Set(['relu', 'relu_', 'sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'selu', 'leaky_relu', 'relu6', 'hardtanh', 'hardswish', 'mish', 'softplus', 'softmax', 'log_softmax', 'glu', 'celu', 'hardsigmoid', 'logsigmoid']);
const RESHAPE_OPS = new Set(['view', 'reshape', 'flatten', 'permute', 'transpose', 'unsqueeze', 'squeeze', 'unflatten', 'expand', 'repeat', 't', 'pixel_shuffle', 'interpolate', 'pad', 'chunk', 'split', 'unbind']);
const MERGE_OPS = new Set(['cat', 'stack', 'concat', 'add', 'mul', 'sub', 'matmul', 'bmm', 'where']);

export function opCategory(op: string): Category {
  if (ACTIVATION_OPS.has(op)) {
    return 'activation';
  }
  if (RESHAPE_OPS.has(op)) {
    return 'reshape';
  }
  if (MERGE_OPS.has(op)) {
    return 'merge';
  }
  if (op.includes('pool')) {
    return 'pooling';
  }
  if (op.includes('dropout')) {
    return 'dropout';
  }
  if (op.includes('norm')) {
    return 'norm';
  }
  if (op.startsWith('conv')) {
    return 'conv';
  }
  if (op === 'linear') {
    return 'linear';
  }
  return 'function';
}

function b(name: string, fn: BuiltinV['fn']): BuiltinV {
  return { k: 'builtin', name, fn };
}

const CREATION = new Set(['zeros', 'ones', 'randn', 'rand', 'empty', 'full', 'randint', 'arange', 'linspace', 'tensor', 'eye', 'as_tensor', 'from_numpy', 'FloatTensor', 'LongTensor', 'Tensor', 'normal', 'randperm', 'logspace']);

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

  private nativeClass(name: string, native: string, bases: ClassV[], framework: ClassV['framework']): ClassV {
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

  pymodAttr(I: Interpreter, path: string, name: string, site: CallSite): Value {
    if (path === 'torch.nn' || path.startsWith('torch.nn.modules')) {
      return this.nnAttr(I, name, path);
    }
    if (path === 'torch.nn.functional') {
      return this.opFunction(I, name, `F.${name}`);
    }
    if (path === 'torch.nn.init') {
      return b(`nn.init.${name}`, a => a[0] ?? NONE);
    }
    if (path === 'torch') {
      return this.torchAttr(I, name);
    }
    if (path === 'einops.layers.torch' && (name === 'Rearrange' || name === 'Reduce')) {
      return this.layerClass(name);
    }
    if (path === 'einops' && (name === 'rearrange' || name === 'reduce' || name === 'repeat')) {
      return this.opFunction(I, `einops.${name}`, `einops.${name}`);
    }
    if (path === 'einops' && name === 'layers') {
      return { k: 'pymod', path: 'einops.layers' };
    }
    if (path === 'einops.layers' && name === 'torch') {
      return { k: 'pymod', path: 'einops.layers.torch' };
    }
    if (path === 'torch.autograd' && name === 'Variable') {
      // The pre-0.4 wrapper: today it returns the tensor itself.
      return b('torch.autograd.Variable', a => a[0] ?? NONE);
    }
    if (path === 'torch.jit' || EVIDENCE_MODULES.has(path)) {
      // Tools that run the model once on an example input (jit.trace, onnx.export, ...).
      const ev = evidenceAttr(path, name, (m, args, kwargs, s) => this.runOnExample(I, m, args, kwargs, s, 'dummy-tensor'));
      if (ev) {
        return ev;
      }
    }
    if (path === 'torch.utils' && name === 'tensorboard') {
      return { k: 'pymod', path: 'torch.utils.tensorboard' };
    }
    if (path === 'torch.jit' && name === 'script') {
      // A scripted module has the same parameters; decorating a function is identity.
      return b(`torch.jit.${name}`, a => a[0] ?? NONE);
    }
    if (path === 'torch.utils' && name === 'data') {
      return { k: 'pymod', path: 'torch.utils.data' };
    }
    if (path === 'torch.utils.data') {
      return this.dataAttr(I, name);
    }
    if (path === 'torchsummary' || path === 'torchinfo') {
      if (name === 'summary') {
        return this.summaryFn(I, path);
      }
    }
    if (path === 'torch.nn.utils' || path === 'torch.nn.parameter') {
      if (name === 'Parameter') {
        return this.parameterClass;
      }
      if (name === 'spectral_norm' || name === 'weight_norm') {
        return b(`nn.utils.${name}`, (a, kw, s) => reparametrize(I, name, false, a, kw, s, n => this.layerClass(n)));
      }
      if (name === 'parametrizations' || name === 'parametrize' || name === 'prune') {
        return { k: 'pymod', path: `torch.nn.utils.${name}` };
      }
    }
    if (path === 'torch.nn.utils.prune') {
      const v = pruneAttr(I, name);
      if (v) {
        return v;
      }
    }
    if (path === 'torch.nn.utils.parametrizations' && (name === 'spectral_norm' || name === 'weight_norm')) {
      return b(`parametrizations.${name}`, (a, kw, s) => reparametrize(I, name, true, a, kw, s, n => this.layerClass(n)));
    }
    if (LIGHTNING_ROOTS.includes(path.split('.')[0])) {
      // A LightningModule is an nn.Module with training hooks: its layers count the same.
      if (name === 'LightningModule') {
        return this.lightningModule;
      }
      if (name === 'pytorch' && path === 'lightning') {
        return { k: 'pymod', path: 'lightning.pytorch' };
      }
    }
    void site;
    return { k: 'pymod', path: `?${path}.${name}` };
  }

  hasModuleAttr(_I: Interpreter, path: string, name: string): boolean | null {
    if (path === 'torch.nn.functional') {
      return OPS.has(name) ? true : null;
    }
    if (path === 'torch.nn') {
      return TORCH_NN_CATALOG.has(name) || name === 'Module' || name === 'Parameter' || name === 'functional' || name === 'init' ? true : null;
    }
    return null;
  }

  private nnAttr(I: Interpreter, name: string, path: string): Value {
    if (name === 'Module') {
      return this.moduleClass;
    }
    if (name === 'Parameter') {
      return this.parameterClass;
    }
    if (name === 'functional') {
      return { k: 'pymod', path: 'torch.nn.functional' };
    }
    if (name === 'init') {
      return { k: 'pymod', path: 'torch.nn.init' };
    }
    if (name === 'utils' || name === 'parameter') {
      return { k: 'pymod', path: `torch.nn.${name}` };
    }
    if (name === 'modules' || path !== 'torch.nn') {
      if (TORCH_NN_CATALOG.has(name) || /^[A-Z]/.test(name)) {
        return this.layerClass(name);
      }
      return { k: 'pymod', path: `torch.nn.modules` };
    }
    if (/^[A-Z]/.test(name)) {
      if (!TORCH_NN_CATALOG.has(name)) {
        I.diag('info', 'unknown-layer', `nn.${name} is not in the torch.nn catalog; its parameters are unknown`);
      }
      return this.layerClass(name);
    }
    return { k: 'pymod', path: `?torch.nn.${name}` };
  }

  private torchAttr(I: Interpreter, name: string): Value {
    if (name === 'nn') {
      return { k: 'pymod', path: 'torch.nn' };
    }
    if (name === 'Tensor') {
      return this.tensorClass;
    }
    if (name === 'Size') {
      return b('torch.Size', a => (a[0] ? { k: 'tuple', items: I.iterate(a[0]) ?? [] } : { k: 'tuple', items: [] }));
    }
    if (name === 'device') {
      return b('torch.device', a => ({ k: 'pymod', path: `?device:${a[0] && a[0].k === 'str' ? a[0].v : '?'}` }));
    }
    if (name === 'utils') {
      return { k: 'pymod', path: 'torch.utils' };
    }
    if (name === 'compile') {
      // torch.compile wraps the module; its parameters are the module's own.
      return b('torch.compile', a => (a[0] && a[0].k === 'instance' && a[0].mod ? a[0] : unknown('torch.compile() of a value not known statically')));
    }
    if (name === 'jit' || name === 'onnx' || name === 'export') {
      return { k: 'pymod', path: `torch.${name}` };
    }
    if (name === 'cuda' || name === 'backends' || name === 'optim' || name === 'jit' || name === 'distributed' || name === 'autograd' || name === 'fx' || name === 'hub') {
      return { k: 'pymod', path: `?torch.${name}` };
    }
    if (name === 'manual_seed' || name === 'set_grad_enabled' || name === 'set_default_dtype' || name === 'set_printoptions') {
      return b(`torch.${name}`, () => NONE);
    }
    if (name === 'no_grad' || name === 'inference_mode' || name === 'enable_grad') {
      return b(`torch.${name}`, () => ({ k: 'pymod', path: `?torch.${name}()` }));
    }
    if (CREATION.has(name)) {
      return b(`torch.${name}`, (a, kw) => this.create(I, name, a, kw));
    }
    if (name === 'numel') {
      return b('torch.numel', a => (a[0] && a[0].k === 'tensor' ? polyValue(numel(a[0].shape)) : unknown('numel')));
    }
    if (name === 'is_tensor') {
      return b('torch.is_tensor', a => ({ k: 'bool', v: a[0]?.k === 'tensor' }));
    }
    if (OPS.has(name)) {
      return this.opFunction(I, name, `torch.${name}`);
    }
    return { k: 'pymod', path: `?torch.${name}` };
  }

  /** torch.utils.data: TensorDataset and DataLoader over known tensors (first batch only). */
  private dataAttr(I: Interpreter, name: string): Value {
    const plain = (n: string, attrs: Array<[string, Value]>): Value => {
      const cls = this.nativeClass(n, `torch.utils.data.${n}`, [], undefined);
      return { k: 'instance', cls, attrs: new Map(attrs), id: freshId() };
    };
    if (name === 'TensorDataset') {
      return b('TensorDataset', a => plain('TensorDataset', [['tensors', { k: 'tuple', items: a }]]));
    }
    if (name === 'DataLoader') {
      return b('DataLoader', (a, kw) => plain('DataLoader', [
        ['dataset', a[0] ?? kw.get('dataset') ?? NONE],
        ['batch_size', a[1] ?? kw.get('batch_size') ?? { k: 'int', v: 1n }],
        ['drop_last', kw.get('drop_last') ?? { k: 'bool', v: false }]
      ]));
    }
    void I;
    return { k: 'pymod', path: `?torch.utils.data.${name}` };
  }

  firstItem(_I: Interpreter, v: Value): Value | null {
    if (v.k !== 'instance' || v.cls.native !== 'torch.utils.data.DataLoader') {
      return null;
    }
    const ds = v.attrs.get('dataset');
    const bs = asInt(v.attrs.get('batch_size') ?? NONE);
    if (!ds || ds.k !== 'instance' || bs === null || bs <= 0n) {
      return null;
    }
    // An image dataset described in the torchvision library: (C, H, W) per sample, int labels.
    const sample = ds.attrs.get('__archlens_sample__');
    if (sample && sample.k === 'tuple' && sample.items.every(x => x.k === 'int')) {
      return { k: 'tuple', items: [newTensor([polyConst(bs), ...sample.items.map(x => polyConst((x as { v: bigint }).v))]), newTensor([polyConst(bs)])] };
    }
    if (ds.cls.native !== 'torch.utils.data.TensorDataset') {
      return null;
    }
    const tensors = ds.attrs.get('tensors');
    if (!tensors || tensors.k !== 'tuple' || tensors.items.length === 0) {
      return null;
    }
    const out: Value[] = [];
    for (const t of tensors.items) {
      const n = t.k === 'tensor' && t.shape && t.shape.length > 0 && t.shape[0] ? polyConstValue(t.shape[0]) : null;
      if (t.k !== 'tensor' || !t.shape || n === null || n === 0n) {
        return null;
      }
      out.push(newTensor([polyConst(n < bs ? n : bs), ...t.shape.slice(1)]));
    }
    return { k: 'tuple', items: out };
  }

  /** A name from `from torch.nn import *` (and friends), resolved when first used. */
  starName(I: Interpreter, path: string, name: string): Value | undefined {
    if (!['torch', 'torch.nn', 'torch.nn.functional', 'torch.nn.init'].includes(path)) {
      return undefined;
    }
    if (path !== 'torch.nn' && !OPS.has(name) && !CREATION.has(name)) {
      return undefined;
    }
    if (path === 'torch.nn' && !TORCH_NN_CATALOG.has(name) && name !== 'Module' && name !== 'Parameter') {
      return undefined;
    }
    const v = this.pymodAttr(I, path, name, {});
    return v.k === 'pymod' && v.path.startsWith('?') ? undefined : v;
  }

  nativeClassAttr(I: Interpreter, cls: ClassV, name: string, site: CallSite): Value | undefined {
    if (name === '__setattr__') {
      // nn.Module.__setattr__(self, 'fc', layer): what self.fc = layer does.
      return b('Module.__setattr__', a => setAttrCall(I, a[0], a[1], a[2]));
    }
    if (name === 'generate_square_subsequent_mask' && cls.name === 'Transformer') {
      return b('generate_square_subsequent_mask', a => {
        const n = a[0] ? asPoly(a[0]) : null;
        return newTensor([n, n]);
      });
    }
    if (name === 'from_pretrained' && (cls.name === 'Embedding' || cls.name === 'EmbeddingBag')) {
      return b(`${cls.name}.from_pretrained`, (a, kw, s) => {
        const emb = a[0] ?? kw.get('embeddings');
        const freeze = truthy(a[1] ?? kw.get('freeze') ?? { k: 'bool', v: true });
        I.noteModule();
        const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: s.span };
        const shape = emb && emb.k === 'tensor' ? emb.shape : null;
        const rows = shape && shape.length === 2 ? polyValue(shape[0]) : unknown('embedding rows not known');
        const cols = shape && shape.length === 2 ? polyValue(shape[1]) : unknown('embedding size not known');
        const kwargs = new Map<string, Value>([['_weight', emb ?? NONE]]);
        for (const [k, v] of kw) {
          if (k !== 'embeddings' && k !== 'freeze') {
            kwargs.set(k, v);
          }
        }
        this.constructNative(I, cls, inst, [rows, cols], kwargs, s);
        const w = inst.mod?.params.get('weight');
        if (w) {
          w.requiresGrad = freeze === null ? undefined : !freeze;
          if (!w.shape) {
            inst.mod?.unknownParams.push('pretrained embedding shape not known statically');
          }
        }
        return inst;
      });
    }
    void site;
    return undefined;
  }

  // ---- construction -------------------------------------------------------------------------

  constructNative(I: Interpreter, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): void {
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
      inst.attrs.set('__value__', this.create(I, 'Tensor', args, kwargs));
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

  setModuleAttr(I: Interpreter, inst: InstanceV, name: string, value: Value): boolean {
    return setModuleAttr(I, inst, name, value);
  }

  // ---- effects (effects.ts) -----------------------------------------------------------------

  onInstantiate(I: Interpreter, cls: ClassV): void {
    if (cls.framework === 'torch') {
      I.noteModule();
    }
  }

  afterInit(I: Interpreter, cls: ClassV, inst: InstanceV, init: Value, baseInitRan: boolean, site: CallSite): void {
    effects.afterInit(I, cls, inst, init, baseInitRan, site.span);
  }

  keepsParameters(name: string, inst?: InstanceV): boolean {
    return effects.keepsParameters(name, inst);
  }

  mutatesReceiver(name: string): boolean {
    return effects.mutatesReceiver(name);
  }

  onUnknownMethod(_I: Interpreter, inst: InstanceV, name: string): void {
    effects.onUnknownMethod(inst, name);
  }

  onUnknownCall(_I: Interpreter, callee: string, args: Value[], kwargs: Map<string, Value>): void {
    effects.onUnknownCall(callee, args, kwargs);
  }

  havocCall(_I: Interpreter, e: CallExpr, quiet: QuietEval): boolean {
    return effects.havocCall(e, quiet);
  }

  havocLoop(_I: Interpreter, st: ForStmt, iterValue: Value | null, quiet: QuietEval): void {
    effects.havocLoop(st, iterValue, quiet);
  }

  setTensorAttr(_I: Interpreter, t: TensorV, name: string, value: Value): boolean {
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

  indexModule(I: Interpreter, inst: InstanceV, index: Value, site: CallSite): Value | undefined {
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

  instanceAttr(I: Interpreter, inst: InstanceV, name: string, site: CallSite): Value | undefined {
    if (!inst.mod && inst.cls.framework !== 'torch') {
      // Not a module (a DataLoader, a dataset): asking for a method must not make it one.
      return undefined;
    }
    const mod = ensureMod(inst);
    const self = inst;
    const listOf = (items: Value[]): Value => ({ k: 'list', items });
    const pair = (n: string, v: Value): Value => ({ k: 'tuple', items: [str(n), v] });
    switch (name) {
      case 'parameters':
      case 'named_parameters':
      case 'buffers':
      case 'named_buffers':
        return b(name, (a, kw) => {
          const kind = name.endsWith('parameters') ? 'params' : 'buffers';
          const recurse = truthy((name.startsWith('named') ? a[1] : a[0]) ?? kw.get('recurse') ?? { k: 'bool', v: true });
          const prefixV = name.startsWith('named') ? a[0] ?? kw.get('prefix') : undefined;
          if (recurse === null || (prefixV && !(prefixV.k === 'str' && prefixV.v === ''))) {
            return unknown(`${name}() with arguments not modelled`);
          }
          // A generator in PyTorch: one-shot (interpreter.iterate).
          const gen = (items: Value[]): Value => ({ k: 'list', items, generatorOf: self });
          if (!recurse) {
            // recurse=False: the module's own tensors only.
            const own = [...(kind === 'params' ? mod.params : mod.buffers).entries()].filter((e): e is [string, TensorV] => e[1] !== null);
            return gen(name.startsWith('named') ? own.map(([n, t]) => pair(n, t)) : own.map(([, t]) => t));
          }
          if (name === 'parameters' || name === 'buffers') {
            return gen(tensorList(self, kind));
          }
          return gen((kind === 'params' ? namedParameters(self) : namedBuffers(self)).map(([n, t]) => pair(n, t)));
        });
      case 'children':
        return b('children', () => listOf([...new Set([...mod.modules.values()].filter((m): m is InstanceV => m !== null))]));
      case 'named_children':
        return b('named_children', () => listOf([...mod.modules.entries()].filter(([, m]) => m !== null).map(([n, m]) => pair(n, m as InstanceV))));
      case 'modules':
        return b('modules', () => listOf(moduleList(self)));
      case 'named_modules':
        return b('named_modules', () => listOf(namedModules(self).map(([n, m]) => pair(n, m))));
      case 'eval':
      case 'train':
        return b(name, (a, kw) => {
          // Module.training, recursively (forward code may branch on it).
          const modeV = name === 'eval' ? { k: 'bool', v: false } as Value : a[0] ?? kw.get('mode') ?? { k: 'bool', v: true };
          const mode = truthy(modeV);
          for (const m of moduleList(self)) {
            if (m.mod) {
              m.mod.training = mode === null ? undefined : mode;
              m.mod.trainingKnown = mode !== null;
            }
          }
          return self;
        });
      case 'to':
      case 'cuda':
      case 'cpu':
      case 'float':
      case 'double':
      case 'half':
      case 'bfloat16':
      case 'type':
      case 'share_memory':
        return b(name, (a, kw) => {
          if (name === 'to' && a[0] && a[0].k === 'tensor') {
            return a[0];
          }
          void kw;
          return self;
        });
      case 'requires_grad_':
        return b('requires_grad_', (a, kw) => {
          const flag = a[0] ?? kw.get('requires_grad') ?? { k: 'bool', v: true };
          const t = truthy(flag);
          for (const p of tensorList(self, 'params')) {
            p.requiresGrad = t === null ? undefined : t;
          }
          return self;
        });
      case 'zero_grad':
        return b('zero_grad', () => NONE);
      case 'apply':
        return b('apply', (a, _kw, s) => {
          const fn = a[0];
          if (fn) {
            const mods = moduleList(self).reverse();
            for (const m of mods) {
              I.callValue(fn, [m], NO_KWARGS, s);
            }
          }
          return self;
        });
      case 'add_module':
      case 'register_module':
        return b(name, (a, kw, s) => {
          const n = a[0] ?? kw.get('name');
          const m = a[1] ?? kw.get('module');
          if (!n || n.k !== 'str' || !m) {
            mod.unknownParams.push(`${name}() with a name not known statically`);
            I.diag('info', 'unknown-name', `${name}() with a name not known statically`, s.span);
            return NONE;
          }
          if (m.k === 'none') {
            slotMap(mod, 'modules').set(n.v, null);
          } else if (m.k === 'instance' && m.mod) {
            slotMap(mod, 'modules').set(n.v, m);
          } else {
            mod.unknownParams.push(`${name}('${n.v}') with a value not known statically`);
          }
          return NONE;
        });
      case 'register_buffer':
        return b('register_buffer', (a, kw, s) => {
          const n = a[0] ?? kw.get('name');
          const t = a[1] ?? kw.get('tensor');
          if (!n || n.k !== 'str') {
            mod.unknownParams.push('register_buffer() with a name not known statically');
            return NONE;
          }
          if (t && t.k === 'tensor') {
            slotMap(mod, 'buffers').set(n.v, t);
            if (!t.shape || t.shape.some(d => d === null)) {
              mod.unknownBuffers = true;
            }
          } else if (!t || t.k === 'none') {
            slotMap(mod, 'buffers').set(n.v, null);
          } else {
            slotMap(mod, 'buffers').set(n.v, newTensor(null));
            mod.unknownBuffers = true;
            I.diag('info', 'unknown-shape', `buffer '${n.v}' has a shape not known statically`, s.span);
          }
          inst.attrs.delete(n.v);
          return NONE;
        });
      case 'register_parameter':
        return b('register_parameter', a => {
          const n = a[0];
          const p = a[1];
          if (!n || n.k !== 'str') {
            mod.unknownParams.push('register_parameter() with a name not known statically');
            return NONE;
          }
          if (!p || p.k === 'none') {
            slotMap(mod, 'params').set(n.v, null);
          } else {
            addParamItem(mod, n.v, p);
          }
          inst.attrs.delete(n.v);
          return NONE;
        });
      case 'forward':
        return b('forward', (a, kw, s) => this.callNative(I, self, a, kw, s));
      case '__deepcopy__':
        return deepCopy(self, I);
      case 'state_dict':
        // state_dict(keep_vars=True) holds the Parameters themselves (freezing through it
        // works); by default detached tensors (it does not).
        return b('state_dict', (a, kw) => {
          const keep = truthy(a[2] ?? kw.get('keep_vars') ?? { k: 'bool', v: false });
          if (keep === null || a.length > 0 || kw.has('destination') || kw.has('prefix')) {
            return unknown('state_dict() with arguments not modelled');
          }
          const map = new Map<string, [Value, Value]>();
          const add = (path: string, t: TensorV | null): void => {
            if (t) {
              map.set('s' + path, [str(path), keep ? t : notParam(t)]);
            }
          };
          for (const [path, m] of namedModules(self)) {
            if (isModuleInstance(m)) {
              m.mod.params.forEach((t, n) => add(path ? `${path}.${n}` : n, t));
              m.mod.buffers.forEach((t, n) => add(path ? `${path}.${n}` : n, t));
            }
          }
          return { k: 'dict', map };
        });
      case 'load_state_dict':
      case 'extra_repr':
      case 'register_forward_hook':
      case 'register_forward_pre_hook':
      case 'register_full_backward_hook':
        return b(name, () => unknown(`${name}()`));
      case 'training':
        return mod.training === undefined && mod.trainingKnown === false ? unknown('training mode not known statically') : { k: 'bool', v: mod.training ?? true };
      case 'append':
        return b('append', a => {
          const m = a[0];
          if (mod.layerType === 'ParameterList') {
            addParamItem(mod, String(mod.params.size), m ?? NONE);
          } else if (m && m.k === 'instance' && m.mod) {
            slotMap(mod, 'modules').set(String(mod.modules.size), m);
          } else if (m && m.k === 'none') {
            // ModuleList.append(None): an empty slot, as torch allows.
            slotMap(mod, 'modules').set(String(mod.modules.size), null);
          } else {
            mod.unknownParams.push('append() of a value not known statically');
            slotMap(mod, 'modules').set(String(mod.modules.size), null);
          }
          return self;
        });
      case 'extend':
        return b('extend', a => {
          const items = a[0] ? I.iterate(a[0]) : null;
          if (!items) {
            mod.unknownParams.push('extend() with values not known statically');
            return self;
          }
          for (const m of items) {
            if (mod.layerType === 'ParameterList') {
              addParamItem(mod, String(mod.params.size), m);
            } else if (m.k === 'instance' && m.mod) {
              slotMap(mod, 'modules').set(String(mod.modules.size), m);
            } else {
              mod.unknownParams.push('extend() with values not known statically');
            }
          }
          return self;
        });
      case 'insert':
        return b('insert', a => {
          const i = asInt(a[0] ?? NONE);
          const m = a[1];
          const items = [...mod.modules.values()];
          if (i === null || !m || m.k !== 'instance') {
            mod.unknownParams.push('insert() not known statically');
            return NONE;
          }
          items.splice(Number(i), 0, m);
          renumber(mod, items);
          return NONE;
        });
      case 'keys':
        return b('keys', () => (mod.unknownParams.length ? unknown('container entries not known statically') : listOf([...mod.modules.keys()].map(k => str(k)))));
      case 'values':
        return b('values', () => (mod.unknownParams.length ? unknown('container entries not known statically') : listOf([...mod.modules.values()].map(m => m ?? NONE))));
      case 'items':
        return b('items', () => (mod.unknownParams.length ? unknown('container entries not known statically') : listOf([...mod.modules.entries()].map(([k, m]) => pair(k, m ?? NONE)))));
      case 'pop':
        // Sequential.pop(i) / ModuleList.pop(i) (then renumbered, as their __delitem__ does)
        // and ModuleDict.pop(key), as in torch 2.13.
        return b('pop', (a, _kw, s) => {
          const key = a[0] ?? NONE;
          if (mod.layerType === 'ModuleDict' && key.k === 'str' && mod.modules.has(key.v)) {
            const v = mod.modules.get(key.v);
            mod.modules.delete(key.v);
            return v ?? NONE;
          }
          const i = asInt(key);
          const items = [...mod.modules.values()];
          if ((mod.layerType === 'Sequential' || mod.layerType === 'ModuleList') && key.k === 'int' && i !== null && i >= -items.length && i < items.length) {
            const at = Number(i < 0n ? i + BigInt(items.length) : i);
            const [v] = items.splice(at, 1);
            renumber(mod, items);
            return v ?? NONE;
          }
          mod.unknownParams.push('pop() not known statically');
          return unknown('pop() not known statically', s.span);
        });
      case '__delitem__':
        // del seq[0] / del blocks[-1] / del heads['aux']: what pop() does (renumbered).
        if (mod.layerType === 'Sequential' || mod.layerType === 'ModuleList' || mod.layerType === 'ModuleDict') {
          return b('__delitem__', (a, kw, s) => I.callValue(I.getAttr(self, 'pop'), a, kw, s));
        }
        return undefined;
      case 'update':
        // ModuleDict/ParameterDict.update(mapping or iterable of (key, value) pairs).
        return b('update', (a, _kw, s) => {
          const src = a[0];
          const dict = mod.layerType === 'ModuleDict' || mod.layerType === 'ParameterDict';
          // A mapping, or an iterable of (key, value) pairs (a malformed pair fails the check below).
          const asPair = (p: Value): [Value, Value] => ((p.k === 'tuple' || p.k === 'list') && p.items.length === 2 ? [p.items[0], p.items[1]] : [NONE, NONE]);
          let pairs: Array<[Value, Value]> | null = null;
          if (dict && src) {
            pairs = src.k === 'dict' ? [...src.map.values()] : I.iterate(src)?.map(asPair) ?? null;
          }
          const params = mod.layerType === 'ParameterDict';
          if (!pairs || pairs.some(([k, v]) => k.k !== 'str' || !(params ? v.k === 'tensor' : v.k === 'instance' && v.mod))) {
            mod.unknownParams.push('update() not known statically');
            return unknown('update() not known statically', s.span);
          }
          for (const [k, v] of pairs) {
            if (params) {
              addParamItem(mod, (k as { v: string }).v, v);
            } else {
              slotMap(mod, 'modules').set((k as { v: string }).v, v as InstanceV);
            }
          }
          return NONE;
        });
      case '_modules':
      case '_parameters':
      case '_buffers': {
        // A copy of the registry for reading (len(self._modules), .values()); a change made
        // through it makes the totals unknown (touchDict), except x._modules['fc'] = layer,
        // which the interpreter handles as setattr.
        const slot = name === '_modules' ? 'modules' : name === '_parameters' ? 'params' : 'buffers';
        const map = new Map<string, [Value, Value]>();
        mod[slot].forEach((v, k) => map.set('s' + k, [str(k), v ?? NONE]));
        return { k: 'dict', map, registryOf: inst, registrySlot: slot };
      }
      case '__getattr__':
        // self.__getattr__('level_%d' % i): getattr.
        return b('__getattr__', (a, _kw, s) => (a[0] && a[0].k === 'str' ? I.getAttr(self, a[0].v) : unknown('__getattr__() with a name not known statically', s.span)));
      case '__setattr__':
        // self.__setattr__('level_%d' % i, layer) / super().__setattr__(...): setattr.
        return b('__setattr__', a => setAttrCall(I, self, a[0], a[1]));
      case '__iadd__':
        // ModuleList/ParameterList += iterable (extend); Sequential += Sequential (append each).
        if (mod.layerType === 'ModuleList' || mod.layerType === 'ParameterList') {
          return b('__iadd__', (a, kw, s) => I.callValue(this.instanceAttr(I, self, 'extend', s) as Value, a, kw, s));
        }
        if (mod.layerType === 'Sequential') {
          return b('__iadd__', a => {
            const other = a[0];
            if (isModuleInstance(other) && other.mod.layerType === 'Sequential') {
              for (const m of [...other.mod.modules.values()]) {
                slotMap(mod, 'modules').set(String(mod.modules.size), m);
              }
            } else {
              mod.unknownParams.push('+= of a value not known statically');
            }
            return self;
          });
        }
        return undefined;
      case '__add__':
        // ModuleList + iterable of modules, Sequential + Sequential: a new container, renumbered.
        if (mod.layerType === 'ModuleList' || mod.layerType === 'Sequential') {
          return b('__add__', (a, _kw, s) => {
            const other = a[0];
            const items = mod.layerType === 'Sequential'
              ? isModuleInstance(other) && other.mod.layerType === 'Sequential' ? [...other.mod.modules.values()] : null
              : other ? I.iterate(other) : null;
            I.noteModule();
            const out: InstanceV = { k: 'instance', cls: inst.cls, attrs: new Map(), id: freshId(), span: s.span };
            const om = ensureMod(out);
            om.layerType = mod.layerType;
            for (const m of [...mod.modules.values(), ...(items ?? [])] as Array<Value | null>) {
              slotMap(om, 'modules').set(String(om.modules.size), m && isModuleInstance(m) ? m : null);
              if (!m || !isModuleInstance(m)) {
                om.unknownParams.push('+ of a value not known statically');
              }
            }
            if (!items) {
              om.unknownParams.push('+ of a value not known statically');
            }
            return out;
          });
        }
        return undefined;
      case 'set_submodule':
        // model.set_submodule('classifier.6', nn.Linear(...)): setattr on the parent module.
        return b('set_submodule', (a, _kw, s) => {
          const path = a[0] && a[0].k === 'str' ? a[0].v.split('.') : null;
          const value = a[1];
          let parent: Value = self;
          for (const part of path ? path.slice(0, -1) : []) {
            parent = I.getAttr(parent, part);
          }
          if (!path || !value || !isModuleInstance(parent) || !(parent.mod.modules.has(path[path.length - 1]))) {
            mod.unknownParams.push('set_submodule() not known statically');
            return unknown('set_submodule() not known statically', s.span);
          }
          I.setAttr(parent, path[path.length - 1], value);
          return NONE;
        });
      case 'get_submodule':
        return b('get_submodule', a => {
          const path = a[0] && a[0].k === 'str' ? a[0].v : null;
          if (path === null) {
            return unknown('get_submodule()');
          }
          const found = namedModules(self).find(([p]) => p === path);
          return found ? found[1] : unknown(`no submodule '${path}'`);
        });
      default:
        void site;
        return undefined;
    }
  }

  // ---- tensors ------------------------------------------------------------------------------

  private create(I: Interpreter, name: string, a: Value[], kw: Map<string, Value>): Value {
    const rg = kw.get('requires_grad');
    const extra: Partial<TensorV> = rg && truthy(rg) ? { requiresGrad: true, origin: `torch.${name}` } : { origin: `torch.${name}` };
    const dimsOf = (vals: Value[] | null): Dims => (vals ? vals.map(asPoly) : null);
    switch (name) {
      case 'zeros':
      case 'ones':
      case 'randn':
      case 'rand':
      case 'empty':
      case 'FloatTensor':
      case 'LongTensor':
      case 'Tensor': {
        const sizeKw = kw.get('size');
        const vals = a.length > 0 ? sizeArgs(a) : sizeKw ? I.iterate(sizeKw) : [];
        if ((name === 'FloatTensor' || name === 'LongTensor' || name === 'Tensor') && a.length === 1 && (a[0].k === 'list' || a[0].k === 'tuple')) {
          return newTensor(nestedShape(a[0]), extra);
        }
        return newTensor(dimsOf(vals), extra);
      }
      case 'full':
        return newTensor(dimsOf(a[0] ? I.iterate(a[0]) : null), extra);
      case 'randint': {
        const size = kw.get('size') ?? a[a.length - 1];
        return newTensor(dimsOf(size ? I.iterate(size) : null), extra);
      }
      case 'randperm':
        return newTensor([a[0] ? asPoly(a[0]) : null], extra);
      case 'normal':
        return newTensor(dimsOf(kw.get('size') ? I.iterate(kw.get('size') as Value) : null), extra);
      case 'arange': {
        const ns = a.map(asInt);
        if (ns.length === 1 && ns[0] !== null) {
          return newTensor([polyConst(ns[0] as bigint)], extra);
        }
        if (ns.length >= 2 && ns.every(n => n !== null)) {
          const [s, e, st] = [ns[0] as bigint, ns[1] as bigint, (ns[2] ?? 1n) as bigint];
          return newTensor([polyConst(st > 0n ? (e - s + st - 1n) / st : 0n)], extra);
        }
        if (a.length === 1 && a[0].k === 'sym') {
          return newTensor([a[0].p], extra);
        }
        // arange(0, t) and arange(0, t, 1) with a symbolic t (b, t = idx.size()): [t]. Another
        // start or step would need max(0, ...) or a ceiling, which are not polynomials.
        if ((a.length === 2 || (a.length === 3 && ns[2] === 1n)) && ns[0] === 0n && a[1].k === 'sym') {
          return newTensor([a[1].p], extra);
        }
        return newTensor([null], extra);
      }
      case 'linspace':
      case 'logspace':
        return newTensor([asPoly(a[2] ?? kw.get('steps') ?? NONE)], extra);
      case 'eye': {
        const n = asPoly(a[0] ?? NONE);
        return newTensor([n, a[1] ? asPoly(a[1]) : n], extra);
      }
      case 'tensor':
      case 'as_tensor':
        return newTensor(a[0] ? nestedShape(a[0]) : null, extra);
      default:
        return newTensor(null, extra);
    }
  }

  tensorAttr(I: Interpreter, t: TensorV, name: string, site: CallSite): Value {
    switch (name) {
      case 'shape':
        return t.shape ? { k: 'tuple', items: t.shape.map(d => dimValue(d, site)) } : unknown('tensor shape not known statically', site.span);
      case 'size':
        return b('size', a => {
          if (!t.shape) {
            return unknown('tensor shape not known statically', site.span);
          }
          if (a.length === 0) {
            return { k: 'tuple', items: t.shape.map(d => dimValue(d, site)) };
          }
          const i = asInt(a[0]);
          const n = BigInt(t.shape.length);
          if (i === null) {
            return unknown('size() index not known');
          }
          const j = i < 0n ? i + n : i;
          return j >= 0n && j < n ? dimValue(t.shape[Number(j)], site) : unknown('size() index out of range');
        });
      case 'dim':
      case 'ndimension':
        return b(name, () => (t.shape ? { k: 'int', v: BigInt(t.shape.length) } : unknown('tensor rank not known statically')));
      case 'ndim':
        return t.shape ? { k: 'int', v: BigInt(t.shape.length) } : unknown('tensor rank not known statically');
      case 'numel':
      case 'nelement':
        return b(name, () => polyValue(numel(t.shape)));
      case 'T':
        return this.wrapOp(I, 't', [t], new Map(), site);
      case 'mT':
        return this.wrapOp(I, 'mT', [t], new Map(), site);
      case 'requires_grad':
        return t.requiresGrad === undefined ? (t.isParam ? unknown('requires_grad not known') : { k: 'bool', v: false }) : { k: 'bool', v: t.requiresGrad };
      case 'data':
        // param.data is another tensor object over the same storage: setting requires_grad
        // on it does not change the Parameter.
        return t.isParam ? notParam(t) : t;
      case 'dtype':
      case 'device':
      case 'is_cuda':
      case 'grad':
        return { k: 'pymod', path: `?tensor.${name}` };
      case 'requires_grad_':
        return b('requires_grad_', (a, kw) => {
          const f = truthy(a[0] ?? kw.get('requires_grad') ?? { k: 'bool', v: true });
          t.requiresGrad = f === null ? undefined : f;
          return t;
        });
      case 'item':
      case 'tolist':
      case 'numpy':
        return b(name, () => unknown(`tensor.${name}() needs real data`, site.span));
      case 'size_':
        return NONE;
      default:
        break;
    }
    if ((name === 'detach' || name === 'clone') && t.isParam) {
      return b(name, () => notParam(t));
    }
    if (PASS_THROUGH.has(name)) {
      return b(name, () => t);
    }
    if (name.endsWith('_') && OPS.has(name.slice(0, -1))) {
      return b(name, () => t);
    }
    if (OPS.has(name)) {
      return b(`Tensor.${name}`, (a, kw, s) => this.wrapOp(I, name, [t, ...a], kw, s));
    }
    return unknown(`tensor attribute '${name}' is not modelled`, site.span);
  }

  tensorBinary(I: Interpreter, op: string, a: Value, bv: Value, site: CallSite): Value {
    const api = this.api(I, site);
    if (op === 'neg') {
      return a;
    }
    const sa = a.k === 'tensor' ? a.shape : scalarShape(a);
    const sb = bv.k === 'tensor' ? bv.shape : scalarShape(bv);
    if (sa === undefined || sb === undefined) {
      return newTensor(null);
    }
    let shape: Dims;
    if (op === '@') {
      shape = matmulShape(sa, sb, api);
    } else {
      shape = broadcast(sa, sb, api, `operator ${op}`);
    }
    const both = a.k === 'tensor' && bv.k === 'tensor';
    const t = newTensor(shape);
    const trace = this.activeTrace;
    if (trace) {
      if (both) {
        const opName = op === '@' ? 'matmul' : op === '+' ? 'add' : op === '*' ? 'mul' : op === '-' ? 'sub' : op === '/' ? 'div' : op;
        t.node = this.addNode(trace, I, { label: opName, type: opName, category: opName === 'matmul' ? 'linear' : 'merge' }, [a, bv], shape, site.span);
      } else {
        const x = a.k === 'tensor' ? a : (bv as TensorV);
        t.node = x.node;
        if (!x.node) {
          // `self.mask == 0`: still the mask, for the graph's labels.
          t.origin = x.origin ?? this.bufferName(I, x);
        }
      }
    }
    return t;
  }

  tensorIndex(I: Interpreter, t: TensorV, index: Value, site: CallSite): Value {
    const shape = index.k === 'tensor' ? null : indexShape(t.shape, index, { intLists: true });
    void I;
    void site;
    // A slice of a buffer or of a tensor made inside forward keeps saying where it came from.
    const origin = t.node ? undefined : t.origin ?? this.bufferName(I, t);
    const r = tracedTensor(shape, t.node);
    if (origin) {
      r.origin = origin;
    }
    return r;
  }

  /** Path of `t` among the buffers of the model being traced ('h.0.attn.mask'), if it is one. */
  private bufferName(I: Interpreter, t: TensorV): string | undefined {
    const trace = this.activeTrace;
    if (!trace) {
      return undefined;
    }
    if (!trace.buffers) {
      trace.buffers = new Map(namedBuffers(trace.root).flatMap(([p, b]) => (b ? [[b, p] as [TensorV, string]] : [])));
    }
    const path = trace.buffers.get(t);
    return path === undefined ? undefined : `buffer ${path}`;
  }

  private opFunction(I: Interpreter, name: string, label: string): Value {
    if (!OPS.has(name)) {
      return b(label, (_a, _kw, site) => {
        const trace = this.activeTrace;
        if (trace) {
          trace.incomplete = trace.incomplete ?? `${label} is not modelled`;
        }
        I.diag('info', 'unknown-op', `${label} is not modelled; shapes after it are unknown`, site.span);
        return newTensor(null);
      });
    }
    return b(label, (a, kw, site) => this.wrapOp(I, name, a, kw, site));
  }

  /** Runs a shape rule and wraps the result into tensors with a graph node. */
  wrapOp(I: Interpreter, name: string, a: Value[], kw: Map<string, Value>, site: CallSite): Value {
    const rule = OPS.get(name);
    if (!rule) {
      return newTensor(null);
    }
    const self = a[0];
    let r: OpResult;
    try {
      r = rule(a, kw, this.api(I, site));
    } catch {
      r = null;
    }
    if (r && 'value' in r) {
      return r.value;
    }
    const trace = this.activeTrace;
    const inputs = opInputs(a);
    if (PASS_THROUGH.has(name) && self && self.k === 'tensor') {
      return self;
    }
    const makeNode = (shape: Dims): string | undefined => {
      if (!trace || inputs.length === 0) {
        return undefined;
      }
      return this.addNode(trace, I, { label: name, type: name, category: opCategory(name) }, inputs, shape, site.span);
    };
    if (r && 'shapes' in r) {
      const node = makeNode(null);
      return { k: 'tuple', items: r.shapes.map(s => tracedTensor(s, node)) };
    }
    const shape = r ? r.shape : null;
    const node = makeNode(shape);
    return tracedTensor(shape, node);
  }

  private api(I: Interpreter, site: CallSite, related?: Span): ShapeApi {
    return new TraceShapeApi(this, I, site, related);
  }

  private summaryFn(I: Interpreter, lib: string): Value {
    return b(`${lib}.summary`, (a, kw, site) => {
      const model = a[0] ?? kw.get('model');
      if (!model || model.k !== 'instance' || !model.mod) {
        return NONE;
      }
      const data = kw.get('input_data');
      if (lib === 'torchinfo' && data) {
        // torchinfo runs model(input_data) for a tensor, model(*input_data) for a list/tuple.
        const args = data.k === 'tensor' ? [data] : data.k === 'list' || data.k === 'tuple' ? data.items : null;
        if (args) {
          this.runOnExample(I, model, args, NO_KWARGS, site, 'summary-call');
        }
        return NONE;
      }
      const sizeV = kw.get('input_size') ?? a[1];
      if (!sizeV) {
        return NONE;
      }
      let items = I.iterate(sizeV);
      if (!items) {
        return NONE;
      }
      if (items.length > 0 && (items[0].k === 'tuple' || items[0].k === 'list')) {
        items = I.iterate(items[0]) ?? [];
      }
      let dims: Dims = items.map(asPoly);
      if (lib === 'torchsummary') {
        const bs = kw.get('batch_size');
        const bsv = bs ? asInt(bs) : -1n;
        dims = [bsv !== null && bsv > 0n ? polyConst(bsv) : polySym('batch'), ...dims];
      }
      const x = newTensor(dims);
      const traces = this.traces;
      if (!traces.has(model)) {
        this.pendingSource = 'summary-call';
        I.callModule(model, [x], NO_KWARGS, site);
        this.pendingSource = undefined;
      }
      return NONE;
    });
  }

  private pendingSource: Trace['inputSource'] | undefined;

  /**
   * A tool runs `model` once on an example (torchinfo's input_data, jit.trace, add_graph ...):
   * the model's first traced call, unless it was traced already or a trace is running.
   */
  private runOnExample(I: Interpreter, model: Value | undefined, args: Value[], kwargs: Map<string, Value>, site: CallSite, source: Trace['inputSource']): void {
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
  firstCalls = new Map<InstanceV, { args: Value[]; out: Value }>();

  /** The trace being recorded (a top-level model call is running). */
  activeTrace: Trace | undefined;

  private addNode(trace: Trace, I: Interpreter, info: { label: string; type: string; category: Category; layer?: string }, inputs: Value[], shape: Dims, span?: Span): string {
    const base = info.layer !== undefined ? info.layer || info.type : info.type;
    const n = (trace.counter.get(base) ?? 0) + 1;
    trace.counter.set(base, n);
    const id = n === 1 ? base : `${base}#${n}`;
    if (trace.truncated || trace.nodes.length + trace.inputs.length >= I.budgets.maxGraphNodes) {
      // The graph keeps its first maxGraphNodes nodes; later ones (and their edges) are left out.
      trace.truncated = true;
      return id;
    }
    trace.nodes.push(graphNode(id, info, shape ? shapeOf(shape) : undefined, span));
    for (const x of inputs) {
      if (x.k !== 'tensor') {
        continue;
      }
      let from = x.node;
      if (!from) {
        from = trace.inputNodes.get(x);
        if (!from) {
          // The model's own arguments are inputs; tensors made inside forward (arange, masks)
          // and buffers are sources too, shown under their own names.
          const origin = trace.args?.has(x) ? undefined : x.origin ?? this.bufferName(I, x);
          const buffer = origin?.startsWith('buffer ');
          const label = !origin ? 'input' : buffer ? origin.slice('buffer '.length) : origin.replace(/^torch\./, '');
          const base = label.replace(/[^\w.]/g, '_');
          const n = (trace.counter.get(`source:${base}`) ?? 0) + 1;
          trace.counter.set(`source:${base}`, n);
          from = n === 1 ? base : `${base}_${n}`;
          if (origin) {
            from = `source:${from}`;
          }
          trace.inputNodes.set(x, from);
          trace.inputs.push({
            id: from,
            label,
            type: !origin ? 'Input' : buffer ? 'Buffer' : origin,
            category: 'input',
            outputShape: x.shape ? shapeOf(x.shape) : null
          });
        }
      }
      // Made whole (a field added later would need a second store).
      trace.edges.push(x.shape ? { from, to: id, shape: shapeOf(x.shape) } : { from, to: id });
    }
    return id;
  }

  onModuleCall(I: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
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
        args: argTensors(args, kwargs)
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
      const out = this.runModule(I, inst, args, kwargs, site);
      if (!hasSubmodule(inst)) {
        trace.leafCalls.push({ inst, out });
      }
      const first = this.firstCalls;
      if (!first.has(inst)) {
        first.set(inst, { args, out });
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
  private runModule(I: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
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

  callNative(I: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const mod = ensureMod(inst);
    const type = mod.layerType;
    const trace = this.activeTrace;
    const path = trace ? trace.paths.get(inst) : undefined;
    if (type === 'Sequential') {
      let x: Value = args[0] ?? NONE;
      for (const m of mod.modules.values()) {
        if (!m) {
          return newTensor(null);
        }
        x = I.callModule(m, [x], NO_KWARGS, site);
      }
      return x;
    }
    if (type === 'ModuleList' || type === 'ModuleDict' || type === 'ParameterList' || type === 'ParameterDict') {
      I.diag('error', 'not-callable', `${type} is not callable (it has no forward)`, site.span, mod.span ? [mod.span] : undefined);
      return newTensor(null);
    }
    const entry: LayerEntry | undefined = type ? TORCH_NN_CATALOG.get(type) : undefined;
    if (!type || !entry) {
      if (trace) {
        trace.incomplete = trace.incomplete ?? `${type ?? inst.cls.name} forward is not known`;
      }
      const out = newTensor(null);
      if (trace) {
        out.node = this.addNode(trace, I, { label: path || inst.cls.name, type: type ?? inst.cls.name, category: 'unknown', layer: path }, args, null, site.span);
      }
      return out;
    }
    if (entry.lazy) {
      this.materialiseLazy(inst, entry, args[0]);
    }
    const composite = COMPOSITE_FORWARDS.get(entry.name);
    if (composite) {
      const call = (name: string, a: Value[], kw?: Map<string, Value>): Value => {
        const m = mod.modules.get(name);
        return m ? I.callModule(m, a, kw ?? NO_KWARGS, site) : newTensor(null);
      };
      const add = (x: Value, y: Value): Value => this.tensorBinary(I, '+', x, y, site);
      return composite({ inst, args, kwargs, call, add, callModule: (m, a) => I.callModule(m, a, NO_KWARGS, site), has: n => !!mod.modules.get(n), flag: n => truthy(inst.attrs.get(n) ?? NONE) === true });
    }
    const rule = entry.shape ? SHAPE_RULES.get(entry.shape) : undefined;
    let r: Value | Dims = null;
    if (rule) {
      r = rule(inst.attrs, args, kwargs, this.api(I, site, mod.span), ruleData(entry));
    }
    const inputs = args.some(a => a.k !== 'tensor') ? args.filter(a => a.k === 'tensor') : args;
    const mkNode = (shape: Dims): string | undefined =>
      trace ? this.addNode(trace, I, { label: path || entry.name, type: entry.name, category: entry.category, layer: path }, inputs.length ? inputs : args, shape, site.span) : undefined;
    if (r && !Array.isArray(r) && typeof r === 'object' && 'k' in r) {
      const v = r as Value;
      const first = v.k === 'tuple' && v.items[0] && v.items[0].k === 'tensor' ? v.items[0].shape : null;
      const node = mkNode(first);
      return retag(v, node);
    }
    const shape = r as Dims;
    return tracedTensor(shape, mkNode(shape));
  }

  private materialiseLazy(inst: InstanceV, entry: LayerEntry, x: Value | undefined): void {
    const mod = ensureMod(inst);
    if (!mod.lazy || !x || x.k !== 'tensor' || !x.shape) {
      return;
    }
    const s = x.shape;
    const isLinear = entry.params === 'linear';
    const n = entry.data?.n ?? 0;
    // Instance norms take (N, C, L...) or unbatched (C, L...); batch norms (N, C, ...) only.
    const inDim = isLinear ? s[s.length - 1] : s.length === n + 2 ? s[1] : s.length === n + 1 ? (entry.params === 'batchnorm' && entry.data?.kind !== 'instance' ? s[1] : s[0]) : null;
    if (!inDim) {
      return;
    }
    const key = isLinear ? 'in_features' : entry.params === 'batchnorm' ? 'num_features' : 'in_channels';
    inst.attrs.set(key, polyValue(inDim));
    mod.lazy = false;
    const w = mod.params.get('weight');
    if (entry.params === 'linear' && w && w.shape) {
      w.shape[1] = inDim;
    } else if (entry.params === 'conv' && w && w.shape) {
      const g = asPoly(inst.attrs.get('groups') ?? NONE);
      const gc = g ? polyConstValue(g) : null;
      if (entry.data?.transposed) {
        w.shape[0] = inDim;
      } else {
        w.shape[1] = gc !== null ? polyDivConst(inDim, gc) : null;
      }
    } else if (entry.params === 'batchnorm') {
      for (const t of [...mod.params.values(), ...mod.buffers.values()]) {
        if (t && t.shape && t.shape.length === 1) {
          t.shape[0] = inDim;
        }
      }
    }
  }
}

/**
 * What shape rules report problems through: a shape mismatch is an error at the call site
 * and marks the active trace incomplete. (An object per rule call, its method shared.)
 */
class TraceShapeApi implements ShapeApi {
  constructor(
    private readonly host: TorchHost,
    private readonly I: Interpreter,
    private readonly site: CallSite,
    private readonly related: Span | undefined
  ) {}

  mismatch(message: string): void {
    this.I.diag('error', 'shape-mismatch', message, this.site.span, this.related ? [this.related] : undefined);
    const trace = this.host.activeTrace;
    if (trace) {
      trace.incomplete = trace.incomplete ?? message;
    }
  }
}

/** An op's tensor inputs in argument order (one level into tuples/lists), repeats kept. */
function opInputs(args: Value[]): TensorV[] {
  const out: TensorV[] = [];
  for (const x of args) {
    if (x.k === 'tensor') {
      out.push(x);
    } else if (x.k === 'tuple' || x.k === 'list') {
      for (const y of x.items) {
        if (y.k === 'tensor') {
          out.push(y);
        }
      }
    }
  }
  return out;
}

function firstTensor(args: Value[]): TensorV | undefined {
  for (const a of args) {
    if (a.k === 'tensor') {
      return a;
    }
  }
  return undefined;
}

/** The tensors among a call's arguments (one level into tuples/lists): a trace's real inputs. */
function argTensors(args: Value[], kwargs: Map<string, Value>): Set<TensorV> {
  const out = new Set<TensorV>();
  const add = (v: Value): void => {
    if (v.k === 'tensor') {
      out.add(v);
    } else if (v.k === 'tuple' || v.k === 'list') {
      for (const x of v.items) {
        if (x.k === 'tensor') {
          out.add(x);
        }
      }
    }
  };
  args.forEach(add);
  kwargs.forEach(add);
  return out;
}

/** Whether a module has a (non-None) submodule, i.e. is not a leaf of the call trace. */
function hasSubmodule(inst: InstanceV): boolean {
  if (inst.mod) {
    for (const m of inst.mod.modules.values()) {
      if (m !== null) {
        return true;
      }
    }
  }
  return false;
}

/** A layer's shape-rule data (catalog data plus its name), built once per catalog entry. */
const RULE_DATA = new WeakMap<LayerEntry, Parameters<LayerShapeRule>[4]>();

function ruleData(entry: LayerEntry): Parameters<LayerShapeRule>[4] {
  let d = RULE_DATA.get(entry);
  if (!d) {
    d = { ...(entry.data ?? {}), name: entry.name };
    RULE_DATA.set(entry, d);
  }
  return d;
}

/**
 * A graph node, made whole in the usual cases (a field added later would need a second
 * store); fields in the same order either way.
 */
function graphNode(id: string, info: { label: string; type: string; category: Category; layer?: string }, outputShape: Shape | undefined, span: Span | undefined): GraphNode {
  const { label, type, category, layer } = info;
  if (outputShape !== undefined && span) {
    return layer !== undefined ? { id, label, type, category, layer, outputShape, span } : { id, label, type, category, outputShape, span };
  }
  const node: GraphNode = { id, label, type, category };
  if (layer !== undefined) {
    node.layer = layer;
  }
  if (outputShape !== undefined) {
    node.outputShape = outputShape;
  }
  if (span) {
    node.span = span;
  }
  return node;
}

function retag(v: Value, node: string | undefined): Value {
  charge(1);
  if (v.k === 'tensor') {
    return tracedTensor(v.shape, node);
  }
  if (v.k === 'tuple') {
    return { k: 'tuple', items: v.items.map(x => retag(x, node)) };
  }
  return v;
}

function outShapes(v: Value): Dims | Dims[] | undefined {
  if (v.k === 'tensor') {
    return v.shape;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    const shapes = v.items.map(x => (x.k === 'tensor' ? x.shape : undefined));
    if (shapes.every(s => s !== undefined)) {
      return shapes as Dims[];
    }
  }
  return undefined;
}

function nestedShape(v: Value): Dims {
  if (v.k === 'list' || v.k === 'tuple') {
    if (v.items.length === 0) {
      return [polyConst(0n)];
    }
    const inner = nestedShape(v.items[0]);
    return inner ? [polyConst(BigInt(v.items.length)), ...inner] : null;
  }
  if (v.k === 'int' || v.k === 'float' || v.k === 'bool') {
    return [];
  }
  return null;
}

function scalarShape(v: Value): Dims | undefined {
  if (v.k === 'int' || v.k === 'float' || v.k === 'bool' || v.k === 'sym' || (v.k === 'unknown' && v.scalar === true)) {
    return [];
  }
  return undefined;
}

function dimValue(d: Poly | null, site: CallSite): Value {
  if (!d) {
    return unknown('dimension not known statically', site.span);
  }
  const c = polyConstValue(d);
  return c !== null ? { k: 'int', v: c } : { k: 'sym', p: d };
}

export function polyValue(p: Poly | null): Value {
  if (!p) {
    return unknown('not known statically');
  }
  const c = polyConstValue(p);
  return c !== null ? { k: 'int', v: c } : { k: 'sym', p };
}

export { fmtShape, polySub };

interface CompositeCtx {
  inst: InstanceV;
  args: Value[];
  kwargs: Map<string, Value>;
  call(name: string, args: Value[], kwargs?: Map<string, Value>): Value;
  callModule(m: InstanceV, args: Value[]): Value;
  add(a: Value, b: Value): Value;
  has(name: string): boolean;
  flag(name: string): boolean;
}

function first(v: Value): Value {
  return v.k === 'tuple' ? v.items[0] ?? newTensor(null) : v;
}

/** Forward passes of composite torch.nn layers, calling their submodules like PyTorch does. */
const COMPOSITE_FORWARDS = new Map<string, (c: CompositeCtx) => Value>([
  ['TransformerEncoderLayer', c => {
    let x = c.args[0] ?? c.kwargs.get('src') ?? newTensor(null);
    const act = (y: Value): Value => (c.has('activation') ? c.call('activation', [y]) : y);
    const sa = (y: Value): Value => c.call('dropout1', [first(c.call('self_attn', [y, y, y], new Map([['need_weights', { k: 'bool', v: false }]])))]);
    const ff = (y: Value): Value => c.call('dropout2', [c.call('linear2', [c.call('dropout', [act(c.call('linear1', [y]))])])]);
    if (c.flag('norm_first')) {
      x = c.add(x, sa(c.call('norm1', [x])));
      x = c.add(x, ff(c.call('norm2', [x])));
    } else {
      x = c.call('norm1', [c.add(x, sa(x))]);
      x = c.call('norm2', [c.add(x, ff(x))]);
    }
    return x;
  }],
  ['TransformerDecoderLayer', c => {
    let x = c.args[0] ?? c.kwargs.get('tgt') ?? newTensor(null);
    const mem = c.args[1] ?? c.kwargs.get('memory') ?? newTensor(null);
    const act = (y: Value): Value => (c.has('activation') ? c.call('activation', [y]) : y);
    const nw = new Map<string, Value>([['need_weights', { k: 'bool', v: false }]]);
    const sa = (y: Value): Value => c.call('dropout1', [first(c.call('self_attn', [y, y, y], nw))]);
    const mha = (y: Value): Value => c.call('dropout2', [first(c.call('multihead_attn', [y, mem, mem], nw))]);
    const ff = (y: Value): Value => c.call('dropout3', [c.call('linear2', [c.call('dropout', [act(c.call('linear1', [y]))])])]);
    if (c.flag('norm_first')) {
      x = c.add(x, sa(c.call('norm1', [x])));
      x = c.add(x, mha(c.call('norm2', [x])));
      x = c.add(x, ff(c.call('norm3', [x])));
    } else {
      x = c.call('norm1', [c.add(x, sa(x))]);
      x = c.call('norm2', [c.add(x, mha(x))]);
      x = c.call('norm3', [c.add(x, ff(x))]);
    }
    return x;
  }],
  ['DataParallel', c => c.call('module', c.args, c.kwargs)],
  ['DistributedDataParallel', c => c.call('module', c.args, c.kwargs)],
  ['TransformerEncoder', c => stackForward(c, false)],
  ['TransformerDecoder', c => stackForward(c, true)],
  ['Transformer', c => {
    const src = c.args[0] ?? c.kwargs.get('src') ?? newTensor(null);
    const tgt = c.args[1] ?? c.kwargs.get('tgt') ?? newTensor(null);
    const memory = c.call('encoder', [src]);
    return c.call('decoder', [tgt, memory]);
  }]
]);

function stackForward(c: CompositeCtx, decoder: boolean): Value {
  let x = c.args[0] ?? c.kwargs.get(decoder ? 'tgt' : 'src') ?? newTensor(null);
  const mem = c.args[1] ?? c.kwargs.get('memory');
  const layers = c.inst.mod?.modules.get('layers');
  for (const l of layers?.mod?.modules.values() ?? []) {
    if (!l) {
      return newTensor(null);
    }
    x = c.callModule(l, decoder && mem ? [x, mem] : [x]);
  }
  if (c.has('norm')) {
    x = c.call('norm', [x]);
  }
  return x;
}


/** torch.nn.utils.spectral_norm / weight_norm and their parametrizations versions. */
/** A list-like container's submodules set to `items`, keyed '0', '1', ... as torch renumbers them. */
function renumber(mod: ModuleState, items: Array<InstanceV | null>): void {
  mod.modules.clear();
  const slots = slotMap(mod, 'modules');
  items.forEach((x, j) => slots.set(String(j), x));
}

/** Another tensor object over a parameter's storage (param.data, param.detach()): not a parameter. */
function notParam(t: TensorV): TensorV {
  return { k: 'tensor', shape: t.shape, id: freshId(), node: t.node };
}

/** setattr(obj, name, value) for the explicit __setattr__ spellings. */
function setAttrCall(I: Interpreter, obj: Value | undefined, name: Value | undefined, value: Value | undefined): Value {
  if (!obj || !name || name.k !== 'str' || !value) {
    if (obj && isModuleInstance(obj)) {
      obj.mod.unknownParams.push('__setattr__() with a name not known statically');
    }
    return unknown('__setattr__() not known statically');
  }
  I.setAttr(obj, name.v, value);
  return NONE;
}

// ---- torch.nn.utils.prune -------------------------------------------------------------------
// Pruning `name` of a module (torch 2.13, prune.py): the parameter moves to `name_orig`, a
// `name_mask` buffer of its shape is registered and `name` becomes a plain tensor attribute;
// pruning it again only combines masks. prune.remove() puts the parameter back under `name`
// (last in order) and drops the mask. Totals keep their value; buffers grow by the mask.

const PRUNE_ONE = new Set(['identity', 'random_unstructured', 'l1_unstructured', 'random_structured', 'ln_structured', 'custom_from_mask']);
const PRUNE_METHODS = new Set(['Identity', 'RandomUnstructured', 'L1Unstructured', 'RandomStructured', 'LnStructured', 'CustomFromMask', 'BasePruningMethod', 'PruningContainer']);

/** Prunes module.name; false (nothing changed) when that is not a known parameter. */
function pruneParameter(m: Value, name: Value | undefined): boolean {
  if (!isModuleInstance(m) || !name || name.k !== 'str') {
    return false;
  }
  const mod = m.mod;
  const n = name.v;
  if (mod.params.has(`${n}_orig`) && mod.buffers.has(`${n}_mask`)) {
    return true;
  }
  const w = mod.params.get(n);
  if (!w || !w.shape) {
    return false;
  }
  mod.params.delete(n);
  slotMap(mod, 'params').set(`${n}_orig`, w);
  slotMap(mod, 'buffers').set(`${n}_mask`, newTensor([...w.shape]));
  m.attrs.set(n, newTensor([...w.shape]));
  return true;
}

function pruneAttr(I: Interpreter, name: string): Value | null {
  const fail = (m: Value | undefined, what: string, site: CallSite): Value => {
    if (m && isModuleInstance(m)) {
      m.mod.unknownParams.push(`${what} not known statically`);
    }
    I.diag('info', 'unknown-call', `${what} not known statically`, site.span);
    return unknown(`${what} not known statically`, site.span);
  };
  if (PRUNE_ONE.has(name)) {
    return b(`prune.${name}`, (a, kw, s) => {
      const m = a[0] ?? kw.get('module');
      return pruneParameter(m ?? NONE, a[1] ?? kw.get('name')) ? (m as Value) : fail(m, `prune.${name}()`, s);
    });
  }
  if (name === 'global_unstructured') {
    return b('prune.global_unstructured', (a, kw, s) => {
      const pairs = I.iterate(a[0] ?? kw.get('parameters') ?? NONE);
      const ok = pairs !== null && pairs.every(p => (p.k === 'tuple' || p.k === 'list') && p.items.length === 2 && isModuleInstance(p.items[0]) && p.items[1].k === 'str' && (p.items[0].mod.params.get(p.items[1].v) || p.items[0].mod.params.has(`${p.items[1].v}_orig`)));
      if (!ok) {
        // Which modules it prunes is not known: any module of the notebook may be one.
        const all = pairs ?? [...I.globals.vars.values()].map(v => ({ k: 'tuple', items: [v] }) as Value);
        for (const p of all) {
          if (p.k === 'tuple' || p.k === 'list') {
            fail(p.items[0], 'prune.global_unstructured()', s);
          }
        }
        return unknown('prune.global_unstructured() not known statically', s.span);
      }
      for (const p of pairs as Value[]) {
        pruneParameter((p as { items: Value[] }).items[0], (p as { items: Value[] }).items[1]);
      }
      return NONE;
    });
  }
  if (name === 'remove') {
    return b('prune.remove', (a, kw, s) => {
      const m = a[0] ?? kw.get('module');
      const n = a[1] ?? kw.get('name');
      if (!isModuleInstance(m) || !n || n.k !== 'str' || !m.mod.params.get(`${n.v}_orig`) || !m.mod.buffers.has(`${n.v}_mask`)) {
        return fail(m, 'prune.remove()', s);
      }
      const w = m.mod.params.get(`${n.v}_orig`) as TensorV;
      m.mod.params.delete(`${n.v}_orig`);
      m.mod.buffers.delete(`${n.v}_mask`);
      m.attrs.delete(n.v);
      slotMap(m.mod, 'params').set(n.v, w);
      return m;
    });
  }
  if (name === 'is_pruned') {
    return b('prune.is_pruned', a => {
      const m = a[0];
      if (!isModuleInstance(m)) {
        return unknown('prune.is_pruned()');
      }
      const pruned = (x: InstanceV & { mod: ModuleState }): boolean => [...x.mod.buffers.keys()].some(k => k.endsWith('_mask') && x.mod.params.has(`${k.slice(0, -5)}_orig`));
      return { k: 'bool', v: namedModules(m).some(([, x]) => isModuleInstance(x) && pruned(x)) };
    });
  }
  if (PRUNE_METHODS.has(name)) {
    return { k: 'pymod', path: `torch.nn.utils.prune.${name}` };
  }
  return null;
}

function reparametrize(I: Interpreter, kind: string, parametrization: boolean, a: Value[], kw: Map<string, Value>, site: CallSite, classOf: (n: string) => ClassV): Value {
  const m = a[0] ?? kw.get('module');
  if (!m || m.k !== 'instance' || !m.mod) {
    return unknown(`${kind}() of a value not known statically`, site.span);
  }
  const mod = m.mod;
  const nameV = a[1] ?? kw.get('name');
  const name = nameV && nameV.k === 'str' ? nameV.v : 'weight';
  const w = mod.params.get(name);
  if (!w || !w.shape) {
    mod.unknownParams.push(`${kind}(): parameter '${name}' not known statically`);
    return m;
  }
  const shape = w.shape;
  const type = mod.layerType ?? '';
  const dimDefault = /ConvTranspose/.test(type) ? 1 : 0;
  const dimArg = kind === 'weight_norm' ? a[2] ?? kw.get('dim') : kw.get('dim') ?? (parametrization ? a[3] : a[4]);
  let dim: number | null = dimDefault;
  if (dimArg && dimArg.k === 'none') {
    dim = kind === 'weight_norm' ? null : dimDefault;
  } else if (dimArg) {
    const d = asInt(dimArg);
    dim = d === null ? -99 : Number(d < 0n ? d + BigInt(shape.length) : d);
  }
  if (dim === -99) {
    mod.unknownParams.push(`${kind}(): dim not known statically`);
    return m;
  }
  const gShape: Dims = dim === null ? [] : shape.map((d, i) => (i === dim ? d : polyConst(1n)));
  const h = dim === null ? polyConst(1n) : shape[dim];
  const total = numel(shape);
  const wDim = h && total && polyConstValue(h) !== null ? polyDivConst(total, polyConstValue(h) as bigint) : null;
  mod.params.delete(name);
  if (!parametrization) {
    if (kind === 'spectral_norm') {
      slotMap(mod, 'params').set(`${name}_orig`, w);
      slotMap(mod, 'buffers').set(`${name}_u`, newTensor([h]));
      slotMap(mod, 'buffers').set(`${name}_v`, newTensor([wDim]));
    } else {
      slotMap(mod, 'params').set(`${name}_g`, newParam(gShape, w.requiresGrad !== false));
      slotMap(mod, 'params').set(`${name}_v`, newParam([...shape], w.requiresGrad !== false));
    }
    m.attrs.set(name, newTensor([...shape]));
    return m;
  }
  // parametrizations: module.parametrizations[name] = ParametrizationList([_WeightNorm|_SpectralNorm])
  const mk = (n: string, layerType: string): InstanceV => {
    I.noteModule();
    const inst: InstanceV = { k: 'instance', cls: classOf(n), attrs: new Map(), id: freshId(), span: site.span };
    const st = ensureMod(inst);
    st.layerType = layerType;
    st.displayType = n;
    st.ctorSig = n;
    return inst;
  };
  let dictInst = mod.modules.get('parametrizations');
  if (!dictInst) {
    dictInst = mk('ModuleDict', 'ModuleDict');
    slotMap(mod, 'modules').set('parametrizations', dictInst);
  }
  const list = mk('ParametrizationList', 'ParametrizationList');
  const fn = mk(kind === 'weight_norm' ? '_WeightNorm' : '_SpectralNorm', kind === 'weight_norm' ? '_WeightNorm' : '_SpectralNorm');
  slotMap(ensureMod(list), 'modules').set('0', fn);
  if (kind === 'weight_norm') {
    slotMap(ensureMod(list), 'params').set('original0', newParam(gShape, w.requiresGrad !== false));
    slotMap(ensureMod(list), 'params').set('original1', newParam([...shape], w.requiresGrad !== false));
  } else {
    slotMap(ensureMod(list), 'params').set('original', w);
    slotMap(ensureMod(fn), 'buffers').set('_u', newTensor([h]));
    slotMap(ensureMod(fn), 'buffers').set('_v', newTensor([wDim]));
  }
  slotMap(ensureMod(dictInst as InstanceV), 'modules').set(name, list);
  mod.displayType = `Parametrized${type}`;
  return m;
}
