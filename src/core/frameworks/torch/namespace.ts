// torch's namespaces: torch, torch.nn (catalog layer classes, placeholders for the rest),
// torch.nn.functional and tensor-making functions, torch.nn.init, torch.utils.data
// (TensorDataset and DataLoader over known tensors: a loop sees the first batch),
// torch.nn.utils (see nn-utils.ts), einops, torchsummary/torchinfo summary() (which runs a
// forward on the input size given), Lightning's LightningModule; star imports and hasattr on
// these modules; class attributes of layers (Embedding.from_pretrained, nn.Module.__setattr__).
// Does not: construct layers (module.ts) or shape tensors (tensors.ts).
import type { Interp } from '../../interp/context';
import { polyConst, polyConstValue, polySym } from '../../interp/poly';
import { asInt, asPoly, builtin as b, ClassV, Dims, FALSE, freshId, InstanceV, NO_KWARGS, NONE, truthy, unknown, Value } from '../../interp/values';
import { TORCH_NN_CATALOG } from './catalog';
import type { TorchHost } from './host';
import { setAttrCall } from './methods';
import { newTensor, numel } from './module';
import { pruneAttr, reparametrize } from './nn-utils';
import { OPS } from './tensorops';
import { DATA_FUNCTIONS } from './tensordata';
import { create, CREATION, opFunction, polyValue } from './tensors';
import { evidenceAttr, EVIDENCE_MODULES } from './evidence';

export function pymodAttr(host: TorchHost, I: Interp, path: string, name: string): Value {
  if (path === 'torch.nn' || path.startsWith('torch.nn.modules')) {
    return nnAttr(host, I, name, path);
  }
  if (path === 'torch.nn.functional') {
    return opFunction(host, I, name, `F.${name}`);
  }
  if (path === 'torch.nn.init') {
    return b(`nn.init.${name}`, a => a[0] ?? NONE);
  }
  if (path === 'torch') {
    return torchAttr(host, I, name);
  }
  if (path === 'einops.layers.torch' && (name === 'Rearrange' || name === 'Reduce')) {
    return host.layerClass(name);
  }
  if (path === 'einops' && (name === 'rearrange' || name === 'reduce' || name === 'repeat')) {
    return opFunction(host, I, `einops.${name}`, `einops.${name}`);
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
    const ev = evidenceAttr(path, name, (m, args, kwargs, s) => host.runOnExample(I, m, args, kwargs, s, 'dummy-tensor'));
    if (ev) {
      return ev;
    }
  }
  if (path === 'torch.utils' && name === 'tensorboard') {
    return { k: 'pymod', path: 'torch.utils.tensorboard' };
  }
  if (path === 'torch.jit' && (name === 'is_scripting' || name === 'is_tracing')) {
    // The analysis follows eager Python: code is neither scripted nor traced while it runs.
    return b(`torch.jit.${name}`, () => FALSE);
  }
  if (path === 'torch.jit' && name === 'script') {
    // A scripted module has the same parameters; decorating a function is identity.
    return b(`torch.jit.${name}`, a => a[0] ?? NONE);
  }
  if (path === 'torch.utils' && name === 'data') {
    return { k: 'pymod', path: 'torch.utils.data' };
  }
  if (path === 'torch.utils.data') {
    return dataAttr(host, name);
  }
  if (path === 'torchsummary' || path === 'torchinfo') {
    if (name === 'summary') {
      return summaryFn(host, I, path);
    }
  }
  if (path === 'torch.nn.utils' || path === 'torch.nn.parameter') {
    if (name === 'Parameter') {
      return host.parameterClass;
    }
    if (name === 'spectral_norm' || name === 'weight_norm') {
      return b(`nn.utils.${name}`, (a, kw, s) => reparametrize(I, name, false, a, kw, s, n => host.layerClass(n)));
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
    return b(`parametrizations.${name}`, (a, kw, s) => reparametrize(I, name, true, a, kw, s, n => host.layerClass(n)));
  }
  if (LIGHTNING_ROOTS.includes(path.split('.')[0])) {
    // A LightningModule is an nn.Module with training hooks: its layers count the same.
    if (name === 'LightningModule') {
      return host.lightningModule;
    }
    if (name === 'pytorch' && path === 'lightning') {
      return { k: 'pymod', path: 'lightning.pytorch' };
    }
  }
  return { k: 'pymod', path: `?${path}.${name}` };
}

export function hasModuleAttr(path: string, name: string): boolean | null {
  if (path === 'torch.nn.functional') {
    return OPS.has(name) ? true : null;
  }
  if (path === 'torch.nn.utils.parametrizations') {
    // torch >= 2.1 has both; code that checks before use takes them.
    return name === 'weight_norm' || name === 'spectral_norm' ? true : null;
  }
  if (path === 'torch.nn') {
    return TORCH_NN_CATALOG.has(name) || name === 'Module' || name === 'Parameter' || name === 'Buffer' || name === 'functional' || name === 'init' ? true : null;
  }
  return null;
}

function nnAttr(host: TorchHost, I: Interp, name: string, path: string): Value {
  if (name === 'Module') {
    return host.moduleClass;
  }
  if (name === 'Buffer') {
    // nn.Buffer(data, persistent=True): the tensor, registered as a buffer when assigned.
    return b('nn.Buffer', a => (a[0] && a[0].k === 'tensor' ? { ...a[0], isBuffer: true, isParam: undefined, id: freshId() } : unknown('nn.Buffer() of a value not known statically')));
  }
  if (name === 'Parameter') {
    return host.parameterClass;
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
      return host.layerClass(name);
    }
    return { k: 'pymod', path: `torch.nn.modules` };
  }
  if (/^[A-Z]/.test(name)) {
    if (!TORCH_NN_CATALOG.has(name)) {
      I.diag('info', 'unknown-layer', `nn.${name} is not in the torch.nn catalog; its parameters are unknown`);
    }
    return host.layerClass(name);
  }
  return { k: 'pymod', path: `?torch.nn.${name}` };
}

function torchAttr(host: TorchHost, I: Interp, name: string): Value {
  if (name === 'nn') {
    return { k: 'pymod', path: 'torch.nn' };
  }
  if (name === 'Tensor') {
    return host.tensorClass;
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
    return b(`torch.${name}`, (a, kw) => create(I, name, a, kw));
  }
  if (name === 'numel') {
    return b('torch.numel', a => (a[0] && a[0].k === 'tensor' ? polyValue(numel(a[0].shape)) : unknown('numel')));
  }
  if (name === 'is_tensor') {
    return b('torch.is_tensor', a => ({ k: 'bool', v: a[0]?.k === 'tensor' }));
  }
  if (OPS.has(name) || DATA_FUNCTIONS.has(name)) {
    return opFunction(host, I, name, `torch.${name}`);
  }
  return { k: 'pymod', path: `?torch.${name}` };
}

/** torch.utils.data: TensorDataset and DataLoader over known tensors (first batch only). */
function dataAttr(host: TorchHost, name: string): Value {
  const plain = (n: string, attrs: Array<[string, Value]>): Value => {
    const cls = host.nativeClass(n, `torch.utils.data.${n}`, [], undefined);
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
  return { k: 'pymod', path: `?torch.utils.data.${name}` };
}

export function firstItem(v: Value): Value | null {
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
export function starName(host: TorchHost, I: Interp, path: string, name: string): Value | undefined {
  if (!['torch', 'torch.nn', 'torch.nn.functional', 'torch.nn.init'].includes(path)) {
    return undefined;
  }
  if (path !== 'torch.nn' && !OPS.has(name) && !CREATION.has(name)) {
    return undefined;
  }
  if (path === 'torch.nn' && !TORCH_NN_CATALOG.has(name) && name !== 'Module' && name !== 'Parameter') {
    return undefined;
  }
  const v = pymodAttr(host, I, path, name);
  return v.k === 'pymod' && v.path.startsWith('?') ? undefined : v;
}

export function nativeClassAttr(host: TorchHost, I: Interp, cls: ClassV, name: string): Value | undefined {
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
      host.constructNative(I, cls, inst, [rows, cols], kwargs, s);
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
  return undefined;
}

function summaryFn(host: TorchHost, I: Interp, lib: string): Value {
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
        host.runOnExample(I, model, args, NO_KWARGS, site, 'summary-call');
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
    const traces = host.traces;
    if (!traces.has(model)) {
      host.pendingSource = 'summary-call';
      I.callModule(model, [x], NO_KWARGS, site);
      host.pendingSource = undefined;
    }
    return NONE;
  });
}

/** Import roots of PyTorch Lightning (`import lightning as L`, `pytorch_lightning as pl`). */
const LIGHTNING_ROOTS = ['lightning', 'pytorch_lightning'];
