// Forwards of native torch.nn layers: Sequential calls its children in order, composite
// layers (Transformer encoder/decoder layers and stacks, DataParallel) call their submodules
// as PyTorch does, lazy layers take their sizes from the first input, and every other catalog
// layer's output shape comes from its shape rule (shapes.ts), recorded as a graph node.
// Does not: run user forwards (the host does) or count parameters (rules.ts).
import type { Interp } from '../../interp/context';
import { polyConstValue, polyDivConst } from '../../interp/poly';
import { asPoly, CallSite, Dims, InstanceV, NO_KWARGS, NONE, truthy, Value } from '../../interp/values';
import { LayerEntry, TORCH_NN_CATALOG } from './catalog';
import type { TorchHost } from './host';
import { ensureMod, newTensor, tracedTensor } from './module';
import { LayerShapeRule, SHAPE_RULES } from './shapes';
import { tensorBinary, polyValue } from './tensors';
import { addNode, retag, shapeProblems } from './trace';

export function callNative(host: TorchHost, I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
  const mod = ensureMod(inst);
  const type = mod.layerType;
  const trace = host.activeTrace;
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
      out.node = addNode(host, trace, I, { label: path || inst.cls.name, type: type ?? inst.cls.name, category: 'unknown', layer: path }, args, null, site.span);
    }
    return out;
  }
  if (entry.lazy) {
    materialiseLazy(inst, entry, args[0]);
  }
  const composite = COMPOSITE_FORWARDS.get(entry.name);
  if (composite) {
    const call = (name: string, a: Value[], kw?: Map<string, Value>): Value => {
      const m = mod.modules.get(name);
      return m ? I.callModule(m, a, kw ?? NO_KWARGS, site) : newTensor(null);
    };
    const add = (x: Value, y: Value): Value => tensorBinary(host, I, '+', x, y, site);
    return composite({ inst, args, kwargs, call, add, callModule: (m, a) => I.callModule(m, a, NO_KWARGS, site), has: n => !!mod.modules.get(n), flag: n => truthy(inst.attrs.get(n) ?? NONE) === true });
  }
  const rule = entry.shape ? SHAPE_RULES.get(entry.shape) : undefined;
  let r: Value | Dims = null;
  if (rule) {
    r = rule(inst.attrs, args, kwargs, shapeProblems(host, I, site, mod.span), ruleData(entry));
  }
  const inputs = args.some(a => a.k !== 'tensor') ? args.filter(a => a.k === 'tensor') : args;
  const mkNode = (shape: Dims): string | undefined =>
    trace ? addNode(host, trace, I, { label: path || entry.name, type: entry.name, category: entry.category, layer: path }, inputs.length ? inputs : args, shape, site.span) : undefined;
  if (r && !Array.isArray(r) && typeof r === 'object' && 'k' in r) {
    const v = r as Value;
    const first = v.k === 'tuple' && v.items[0] && v.items[0].k === 'tensor' ? v.items[0].shape : null;
    const node = mkNode(first);
    return retag(v, node);
  }
  const shape = r as Dims;
  return tracedTensor(shape, mkNode(shape));
}

export function materialiseLazy(inst: InstanceV, entry: LayerEntry, x: Value | undefined): void {
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

/** A layer's shape-rule data (catalog data plus its name), built once per catalog entry. */
export const RULE_DATA = new WeakMap<LayerEntry, Parameters<LayerShapeRule>[4]>();

export function ruleData(entry: LayerEntry): Parameters<LayerShapeRule>[4] {
  let d = RULE_DATA.get(entry);
  if (!d) {
    d = { ...(entry.data ?? {}), name: entry.name };
    RULE_DATA.set(entry, d);
  }
  return d;
}

export interface CompositeCtx {
  inst: InstanceV;
  args: Value[];
  kwargs: Map<string, Value>;
  call(name: string, args: Value[], kwargs?: Map<string, Value>): Value;
  callModule(m: InstanceV, args: Value[]): Value;
  add(a: Value, b: Value): Value;
  has(name: string): boolean;
  flag(name: string): boolean;
}

export function first(v: Value): Value {
  return v.k === 'tuple' ? v.items[0] ?? newTensor(null) : v;
}

/** Forward passes of composite torch.nn layers, calling their submodules like PyTorch does. */
export const COMPOSITE_FORWARDS = new Map<string, (c: CompositeCtx) => Value>([
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

export function stackForward(c: CompositeCtx, decoder: boolean): Value {
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
