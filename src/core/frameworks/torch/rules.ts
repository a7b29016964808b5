// Parameter / buffer / submodule rules of torch.nn layers, keyed by the rule ids used in
// catalog.ts. Each rule registers tensors in the order PyTorch registers them, with shapes
// computed from the bound constructor arguments (ints, symbols, or unknown).
// Does not: bind arguments (module.ts) or compute forward shapes (shapes.ts).
import { Poly, polyConst, polyConstValue, polyDivConst, polyEq, polyMul } from '../../interp/poly';
import { c } from '../shape';
import { asPoly, Dims, truthy, Value } from '../../interp/values';
import type { LayerEntry } from './catalog';
import { tupleArg } from '../args';

/** The bound constructor arguments, by name. */
export interface ArgLookup {
  get(name: string): Value | undefined;
}

export interface BuildCtx {
  entry: LayerEntry;
  args: ArgLookup;
  param(name: string, shape: Dims, requiresGrad?: boolean): void;
  buffer(name: string, shape: Dims): void;
  /** A parameter/buffer slot registered as None (Linear(bias=False).bias is None). */
  absent(name: string, kind?: 'param' | 'buffer'): void;
  module(name: string, inst: Value): void;
  /** Builds another catalog layer (for composite layers such as MultiheadAttention). */
  make(layer: string, args: Value[], kwargs?: Array<[string, Value]>): Value;
  /** Deep copy of a module (TransformerEncoder clones its layer). */
  deepcopy(inst: Value): Value;
  /** Marks the parameters as not statically known, with the reason. */
  fail(reason: string): void;
  /** A constructor call that would raise when run. */
  error(code: string, message: string): void;
}

export function dim(v: Value | undefined): Poly | null {
  return v ? asPoly(v) : null;
}

function flag(ctx: BuildCtx, name: string): boolean | null {
  const v = ctx.args.get(name);
  return v ? truthy(v) : null;
}

function need(ctx: BuildCtx, name: string): Poly | null {
  const d = dim(ctx.args.get(name));
  if (d === null) {
    ctx.fail(`${ctx.entry.name}: argument '${name}' is not known statically`);
  }
  return d;
}

function needFlag(ctx: BuildCtx, name: string): boolean {
  const f = flag(ctx, name);
  if (f === null) {
    ctx.fail(`${ctx.entry.name}: argument '${name}' is not known statically`);
    return true;
  }
  return f;
}

export type ParamRule = (ctx: BuildCtx) => void;

export const PARAM_RULES = new Map<string, ParamRule>([
  ['linear', ctx => {
    const lazy = ctx.entry.lazy;
    const inF = lazy ? dim(ctx.args.get('in_features')) : need(ctx, 'in_features');
    const out = need(ctx, 'out_features');
    ctx.param('weight', [out, inF]);
    if (needFlag(ctx, 'bias')) {
      ctx.param('bias', [out]);
    } else {
      ctx.absent('bias');
    }
  }],
  ['bilinear', ctx => {
    const out = need(ctx, 'out_features');
    ctx.param('weight', [out, need(ctx, 'in1_features'), need(ctx, 'in2_features')]);
    if (needFlag(ctx, 'bias')) {
      ctx.param('bias', [out]);
    } else {
      ctx.absent('bias');
    }
  }],
  ['conv', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const transposed = ctx.entry.data?.transposed === true;
    const inC = ctx.entry.lazy ? dim(ctx.args.get('in_channels')) : need(ctx, 'in_channels');
    const outC = need(ctx, 'out_channels');
    const groups = need(ctx, 'groups');
    const k = tupleArg(ctx.args.get('kernel_size'), n);
    if (!k) {
      ctx.fail(`${ctx.entry.name}: kernel_size is not known statically`);
    }
    const g = groups ? polyConstValue(groups) : null;
    if (g !== null && g <= 0n) {
      ctx.error('bad-argument', `${ctx.entry.name}: groups must be a positive integer`);
    }
    const divide = (x: Poly | null, what: string): Poly | null => {
      if (x === null || g === null) {
        return null;
      }
      const q = polyDivConst(x, g);
      const xc = polyConstValue(x);
      if (xc !== null && g > 0n && xc % g !== 0n) {
        ctx.error('bad-argument', `${ctx.entry.name}: ${what} (${xc}) must be divisible by groups (${g})`);
        return null;
      }
      return q;
    };
    const pad = ctx.args.get('padding');
    if (pad && pad.k === 'str' && pad.v !== 'same' && pad.v !== 'valid') {
      ctx.error('bad-argument', `${ctx.entry.name}: invalid padding string '${pad.v}'`);
    }
    if (pad && pad.k === 'str' && pad.v === 'same' && transposed) {
      ctx.error('bad-argument', `${ctx.entry.name}: padding='same' is not supported for transposed convolutions`);
    }
    const pm = ctx.args.get('padding_mode');
    if (pm && pm.k === 'str' && !['zeros', 'reflect', 'replicate', 'circular'].includes(pm.v)) {
      ctx.error('bad-argument', `${ctx.entry.name}: padding_mode must be one of 'zeros', 'reflect', 'replicate', 'circular'`);
    }
    const ks = k ?? new Array(n).fill(null);
    if (transposed) {
      ctx.param('weight', [inC, divide(outC, 'out_channels'), ...ks]);
      if (inC) {
        divide(inC, 'in_channels');
      }
    } else {
      ctx.param('weight', [outC, inC === null ? null : divide(inC, 'in_channels'), ...ks]);
      divide(outC, 'out_channels');
    }
    if (needFlag(ctx, 'bias')) {
      ctx.param('bias', [outC]);
    } else {
      ctx.absent('bias');
    }
  }],
  ['weightedloss', ctx => {
    // torch's _WeightedLoss: register_buffer('weight', weight), then BCEWithLogitsLoss's pos_weight.
    for (const name of ctx.entry.name === 'BCEWithLogitsLoss' ? ['weight', 'pos_weight'] : ['weight']) {
      const v = ctx.args.get(name);
      if (!v || v.k === 'none') {
        ctx.absent(name, 'buffer');
      } else if (v.k === 'tensor' && v.shape) {
        ctx.buffer(name, v.shape);
      } else {
        ctx.fail(`${ctx.entry.name}: ${name} is not a tensor known statically`);
      }
    }
  }],
  ['batchnorm', ctx => {
    const nf = ctx.entry.lazy ? dim(ctx.args.get('num_features')) : need(ctx, 'num_features');
    if (needFlag(ctx, 'affine')) {
      ctx.param('weight', [nf]);
      ctx.param('bias', [nf]);
    } else {
      ctx.absent('weight');
      ctx.absent('bias');
    }
    if (needFlag(ctx, 'track_running_stats')) {
      ctx.buffer('running_mean', [nf]);
      ctx.buffer('running_var', [nf]);
      ctx.buffer('num_batches_tracked', []);
    } else {
      ctx.absent('running_mean', 'buffer');
      ctx.absent('running_var', 'buffer');
      ctx.absent('num_batches_tracked', 'buffer');
    }
  }],
  ['layernorm', ctx => {
    const ns = ctx.args.get('normalized_shape');
    const shape = ns && (ns.k === 'tuple' || ns.k === 'list') ? ns.items.map(asPoly) : [dim(ns)];
    if (shape.some(s => s === null)) {
      ctx.fail('LayerNorm: normalized_shape is not known statically');
    }
    if (needFlag(ctx, 'elementwise_affine')) {
      ctx.param('weight', shape);
      if (needFlag(ctx, 'bias')) {
        ctx.param('bias', shape);
      }
    }
  }],
  ['rmsnorm', ctx => {
    const ns = ctx.args.get('normalized_shape');
    const shape = ns && (ns.k === 'tuple' || ns.k === 'list') ? ns.items.map(asPoly) : [dim(ns)];
    if (needFlag(ctx, 'elementwise_affine')) {
      ctx.param('weight', shape);
    }
  }],
  ['groupnorm', ctx => {
    const g = need(ctx, 'num_groups');
    const ch = need(ctx, 'num_channels');
    const gc = g ? polyConstValue(g) : null;
    const cc = ch ? polyConstValue(ch) : null;
    if (gc !== null && cc !== null && gc > 0n && cc % gc !== 0n) {
      ctx.error('bad-argument', `GroupNorm: num_channels (${cc}) must be divisible by num_groups (${gc})`);
    }
    if (needFlag(ctx, 'affine')) {
      ctx.param('weight', [ch]);
      ctx.param('bias', [ch]);
    }
  }],
  ['embedding', ctx => {
    const w = ctx.args.get('_weight');
    const freeze = flag(ctx, '_freeze') === true;
    if (w && w.k === 'tensor') {
      ctx.param('weight', w.shape ? [...w.shape] : null, !freeze);
      return;
    }
    ctx.param('weight', [need(ctx, 'num_embeddings'), need(ctx, 'embedding_dim')], !freeze);
  }],
  ['prelu', ctx => {
    ctx.param('weight', [need(ctx, 'num_parameters')]);
  }],
  ['rnn', ctx => {
    const gates = BigInt(ctx.entry.data?.gates ?? 1);
    const input = need(ctx, 'input_size');
    const hidden = need(ctx, 'hidden_size');
    const layers = need(ctx, 'num_layers');
    const bias = needFlag(ctx, 'bias');
    const bidir = needFlag(ctx, 'bidirectional');
    const projV = ctx.args.get('proj_size');
    const proj = projV ? dim(projV) : c(0);
    const L = layers ? polyConstValue(layers) : null;
    const P = proj ? polyConstValue(proj) : null;
    if (L === null || P === null) {
      ctx.fail(`${ctx.entry.name}: num_layers/proj_size not known statically`);
      ctx.param('weight_ih_l0', null);
      return;
    }
    const hc = hidden ? polyConstValue(hidden) : null;
    if (P > 0n && hc !== null && P >= hc) {
      ctx.error('bad-argument', `${ctx.entry.name}: proj_size has to be smaller than hidden_size`);
    }
    const real = P > 0n ? proj : hidden;
    const dirs = bidir ? 2n : 1n;
    const gh = hidden ? polyMul(c(Number(gates)), hidden) : null;
    for (let l = 0n; l < L; l++) {
      const inSize = l === 0n ? input : real ? polyMul(real, polyConst(dirs)) : null;
      for (let d = 0n; d < dirs; d++) {
        const sfx = `_l${l}${d === 1n ? '_reverse' : ''}`;
        ctx.param(`weight_ih${sfx}`, [gh, inSize]);
        ctx.param(`weight_hh${sfx}`, [gh, real]);
        if (bias) {
          ctx.param(`bias_ih${sfx}`, [gh]);
          ctx.param(`bias_hh${sfx}`, [gh]);
        }
        if (P > 0n) {
          ctx.param(`weight_hr${sfx}`, [proj, hidden]);
        }
      }
    }
  }],
  ['rnncell', ctx => {
    const gates = ctx.entry.data?.gates ?? 1;
    const input = need(ctx, 'input_size');
    const hidden = need(ctx, 'hidden_size');
    const gh = hidden ? polyMul(c(gates), hidden) : null;
    ctx.param('weight_ih', [gh, input]);
    ctx.param('weight_hh', [gh, hidden]);
    if (needFlag(ctx, 'bias')) {
      ctx.param('bias_ih', [gh]);
      ctx.param('bias_hh', [gh]);
    }
  }],
  ['mha', ctx => {
    const E = need(ctx, 'embed_dim');
    const H = need(ctx, 'num_heads');
    const ec = E ? polyConstValue(E) : null;
    const hc = H ? polyConstValue(H) : null;
    if (ec !== null && hc !== null && hc > 0n && ec % hc !== 0n) {
      ctx.error('bad-argument', `MultiheadAttention: embed_dim (${ec}) must be divisible by num_heads (${hc})`);
    }
    const kd = ctx.args.get('kdim');
    const vd = ctx.args.get('vdim');
    const kdim = kd && kd.k !== 'none' ? dim(kd) : E;
    const vdim = vd && vd.k !== 'none' ? dim(vd) : E;
    const same = E !== null && kdim !== null && vdim !== null && polyEq(kdim, E) && polyEq(vdim, E);
    if (kdim === null || vdim === null) {
      ctx.fail('MultiheadAttention: kdim/vdim not known statically');
    }
    const bias = needFlag(ctx, 'bias');
    if (same) {
      ctx.param('in_proj_weight', [E ? polyMul(c(3), E) : null, E]);
    } else {
      ctx.param('q_proj_weight', [E, E]);
      ctx.param('k_proj_weight', [E, kdim]);
      ctx.param('v_proj_weight', [E, vdim]);
    }
    if (bias) {
      ctx.param('in_proj_bias', [E ? polyMul(c(3), E) : null]);
    }
    const kw: Array<[string, Value]> = [['bias', { k: 'bool', v: bias }]];
    ctx.module('out_proj', ctx.make('NonDynamicallyQuantizableLinear', [ctx.args.get('embed_dim') as Value, ctx.args.get('embed_dim') as Value], kw));
    if (needFlag(ctx, 'add_bias_kv')) {
      ctx.param('bias_k', [c(1), c(1), E]);
      ctx.param('bias_v', [c(1), c(1), E]);
    }
  }],
  ['wrap', ctx => {
    const m = ctx.args.get('module');
    if (!m || m.k !== 'instance' || !m.mod) {
      ctx.fail(`${ctx.entry.name}: wrapped module not known statically`);
      return;
    }
    ctx.module('module', m);
  }],
  ['encoderlayer', ctx => transformerLayer(ctx, false)],
  ['decoderlayer', ctx => transformerLayer(ctx, true)],
  ['stack', ctx => {
    const layer = ctx.args.get(ctx.entry.name === 'TransformerEncoder' ? 'encoder_layer' : 'decoder_layer');
    const n = dim(ctx.args.get('num_layers'));
    const N = n ? polyConstValue(n) : null;
    // Copies of a module count against the maxModules budget, which bounds this loop; a
    // non-module layer (an error in PyTorch anyway) keeps a fixed cap.
    const isModule = !!layer && layer.k === 'instance' && !!layer.mod;
    if (!layer || N === null || (!isModule && N > 10000n)) {
      ctx.fail(`${ctx.entry.name}: num_layers not known statically`);
      ctx.module('layers', ctx.make('ModuleList', []));
      return;
    }
    const copies: Value[] = [];
    for (let i = 0n; i < N; i++) {
      copies.push(ctx.deepcopy(layer));
    }
    ctx.module('layers', ctx.make('ModuleList', [{ k: 'list', items: copies }]));
    const norm = ctx.args.get('norm');
    ctx.module('norm', norm && norm.k !== 'none' ? norm : { k: 'none' });
  }],
  ['transformer', ctx => {
    const a = (n: string): Value => ctx.args.get(n) as Value;
    const layerKw: Array<[string, Value]> = [
      ['dim_feedforward', a('dim_feedforward')], ['dropout', a('dropout')], ['activation', a('activation')],
      ['layer_norm_eps', a('layer_norm_eps')], ['batch_first', a('batch_first')], ['norm_first', a('norm_first')], ['bias', a('bias')]
    ];
    const normKw: Array<[string, Value]> = [['eps', a('layer_norm_eps')], ['bias', a('bias')]];
    const ce = a('custom_encoder');
    if (ce && ce.k !== 'none') {
      ctx.module('encoder', ce);
    } else {
      const layer = ctx.make('TransformerEncoderLayer', [a('d_model'), a('nhead')], layerKw);
      const norm = ctx.make('LayerNorm', [a('d_model')], normKw);
      ctx.module('encoder', ctx.make('TransformerEncoder', [layer, a('num_encoder_layers'), norm]));
    }
    const cd = a('custom_decoder');
    if (cd && cd.k !== 'none') {
      ctx.module('decoder', cd);
    } else {
      const layer = ctx.make('TransformerDecoderLayer', [a('d_model'), a('nhead')], layerKw);
      const norm = ctx.make('LayerNorm', [a('d_model')], normKw);
      ctx.module('decoder', ctx.make('TransformerDecoder', [layer, a('num_decoder_layers'), norm]));
    }
  }]
]);


function transformerLayer(ctx: BuildCtx, decoder: boolean): void {
  const a = (n: string): Value => ctx.args.get(n) as Value;
  const bias = a('bias');
  const mhaKw: Array<[string, Value]> = [['dropout', a('dropout')], ['bias', bias], ['batch_first', a('batch_first')]];
  ctx.module('self_attn', ctx.make('MultiheadAttention', [a('d_model'), a('nhead')], mhaKw));
  if (decoder) {
    ctx.module('multihead_attn', ctx.make('MultiheadAttention', [a('d_model'), a('nhead')], mhaKw));
  }
  ctx.module('linear1', ctx.make('Linear', [a('d_model'), a('dim_feedforward')], [['bias', bias]]));
  ctx.module('dropout', ctx.make('Dropout', [a('dropout')]));
  ctx.module('linear2', ctx.make('Linear', [a('dim_feedforward'), a('d_model')], [['bias', bias]]));
  const normKw: Array<[string, Value]> = [['eps', a('layer_norm_eps')], ['bias', bias]];
  ctx.module('norm1', ctx.make('LayerNorm', [a('d_model')], normKw));
  ctx.module('norm2', ctx.make('LayerNorm', [a('d_model')], normKw));
  if (decoder) {
    ctx.module('norm3', ctx.make('LayerNorm', [a('d_model')], normKw));
  }
  ctx.module('dropout1', ctx.make('Dropout', [a('dropout')]));
  ctx.module('dropout2', ctx.make('Dropout', [a('dropout')]));
  if (decoder) {
    ctx.module('dropout3', ctx.make('Dropout', [a('dropout')]));
  }
  const act = a('activation');
  if (act && act.k === 'instance' && act.mod) {
    ctx.module('activation', act);
  } else if (act && act.k === 'str' && act.v !== 'relu' && act.v !== 'gelu') {
    ctx.error('bad-argument', `activation should be relu/gelu, not ${act.v}`);
  }
}
