// Weight rules and shape rules of keras.layers, keyed by the rule ids used in catalog.ts.
// Keras creates a layer's weights in build(input_shape) on the first call, so weight rules
// receive the input shapes; each weight says whether it is trainable (BatchNormalization's
// moving_mean / moving_variance and Normalization's statistics are not, but Keras still
// counts them in Total params). Shapes include the batch dimension, which is null (Keras'
// None). A dim that cannot be known is null too; a rule returns null for an unknown shape.
// Does not: bind arguments, name layers or track calls (host.ts).
import { polyDivConst } from '../../interp/poly';
import { asInt, asPoly, Dims, truthy, Value } from '../../interp/values';
import type { KerasLayerEntry } from './catalog';
import { tupleArg } from '../args';
import { add, broadcastAll, c, convOutMode, D, deconvOutMode, mul, normAxis, num, prod, sub } from '../shape';

export interface KWeightSpec {
  name: string;
  shape: Dims;
  trainable: boolean;
}

export interface RuleCtx {
  entry: KerasLayerEntry;
  args: Map<string, Value>;
  /** Input shapes (one per input tensor), batch dim included. */
  inputs: Dims[];
  /** Marks the result (weights or shape) as not statically known. */
  fail(reason: string): void;
  /** A construction or call that would raise when run. */
  error(message: string): void;
}

export function flag(ctx: RuleCtx, name: string): boolean {
  const v = ctx.args.get(name);
  const t = v ? truthy(v) : null;
  if (t === null) {
    ctx.fail(`${ctx.entry.name}: argument '${name}' is not known statically`);
    return true;
  }
  return t;
}

export function need(ctx: RuleCtx, name: string): D {
  const v = ctx.args.get(name);
  const d = v ? asPoly(v) : null;
  if (d === null) {
    ctx.fail(`${ctx.entry.name}: argument '${name}' is not known statically`);
  }
  return d;
}

export function strArg(ctx: RuleCtx, name: string): string | null {
  const v = ctx.args.get(name);
  // Keras lower-cases padding / data_format / merge strings ('SAME' == 'same').
  return v && v.k === 'str' ? (name === 'padding' || name === 'data_format' ? v.v.toLowerCase() : v.v) : null;
}

function channelsFirst(ctx: RuleCtx): boolean {
  return strArg(ctx, 'data_format') === 'channels_first';
}

function first(ctx: RuleCtx): Dims {
  return ctx.inputs[0] ?? null;
}

function lastDim(ctx: RuleCtx): D {
  const x = first(ctx);
  const d = x && x.length > 0 ? x[x.length - 1] : null;
  if (d === null) {
    ctx.fail(`${ctx.entry.name}: the last dimension of its input is not known statically`);
  }
  return d;
}

function channelDim(ctx: RuleCtx): D {
  const x = first(ctx);
  if (!x) {
    ctx.fail(`${ctx.entry.name}: input rank not known statically`);
    return null;
  }
  const d = channelsFirst(ctx) ? x[1] : x[x.length - 1];
  if (d === null || d === undefined) {
    ctx.fail(`${ctx.entry.name}: the channel dimension of its input is not known statically`);
    return null;
  }
  return d;
}

/** gamma (scale=True) and beta (center=True) of a normalization layer, in Keras' order. */
function scaleAndCenter(ctx: RuleCtx, shape: D[]): KWeightSpec[] {
  const out: KWeightSpec[] = [];
  if (flag(ctx, 'scale')) {
    out.push(w('gamma', shape));
  }
  if (flag(ctx, 'center')) {
    out.push(w('beta', shape));
  }
  return out;
}

/** Dims of the input at the given axis argument (int or list), for norm layers. */
function axisDims(ctx: RuleCtx, name = 'axis'): D[] | null {
  const x = first(ctx);
  const v = ctx.args.get(name);
  if (!x || !v) {
    ctx.fail(`${ctx.entry.name}: input rank not known statically`);
    return null;
  }
  const axes = v.k === 'tuple' || v.k === 'list' ? v.items.map(asInt) : [asInt(v)];
  const out: D[] = [];
  for (const a of axes) {
    const i = normAxis(a, x.length);
    if (i === null || x[i] === null) {
      ctx.fail(`${ctx.entry.name}: the normalised axis of its input is not known statically`);
      return null;
    }
    out.push(x[i]);
  }
  return out;
}

export type WeightRule = (ctx: RuleCtx) => KWeightSpec[];
const w = (name: string, shape: D[] | null, trainable = true): KWeightSpec => ({ name, shape, trainable });

function rnnWeights(ctx: RuleCtx, inDim: D): KWeightSpec[] {
  const gates = ctx.entry.data?.gates ?? 1;
  const u = need(ctx, 'units');
  const gu = mul(c(gates), u);
  const out = [w('kernel', [inDim, gu]), w('recurrent_kernel', [u, gu])];
  if (flag(ctx, 'use_bias')) {
    const resetAfter = ctx.entry.data?.kind === 'gru' ? flag(ctx, 'reset_after') : false;
    out.push(w('bias', resetAfter ? [c(2), gu] : [gu]));
  }
  return out;
}

export const WEIGHT_RULES = new Map<string, WeightRule>([
  ['dense', ctx => {
    const u = need(ctx, 'units');
    const out = [w('kernel', [lastDim(ctx), u])];
    if (flag(ctx, 'use_bias')) {
      out.push(w('bias', [u]));
    }
    return out;
  }],
  ['embedding', ctx => [w('embeddings', [need(ctx, 'input_dim'), need(ctx, 'output_dim')])]],
  ['conv', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const k = tupleArg(ctx.args.get('kernel_size'), n);
    if (!k) {
      ctx.fail(`${ctx.entry.name}: kernel_size is not known statically`);
    }
    const fl = need(ctx, 'filters');
    const inC = channelDim(ctx);
    const kk = k ?? new Array(n).fill(null);
    let shape: D[];
    if (ctx.entry.data?.transposed) {
      shape = [...kk, fl, inC];
    } else {
      const g = ctx.args.has('groups') ? need(ctx, 'groups') : c(1);
      const gv = num(g);
      const ic = num(inC);
      if (gv !== null && ic !== null && gv > 0n && ic % gv !== 0n) {
        ctx.error(`${ctx.entry.name}: input channels (${ic}) must be divisible by groups (${gv})`);
      }
      shape = [...kk, inC && gv !== null && gv > 0n ? polyDivConst(inC, gv) : null, fl];
    }
    const out = [w('kernel', shape)];
    if (flag(ctx, 'use_bias')) {
      out.push(w('bias', [fl]));
    }
    return out;
  }],
  ['separable', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const k = tupleArg(ctx.args.get('kernel_size'), n) ?? new Array(n).fill(null);
    const inC = channelDim(ctx);
    const dm = need(ctx, 'depth_multiplier');
    const fl = need(ctx, 'filters');
    const out = [w('depthwise_kernel', [...k, inC, dm]), w('pointwise_kernel', [...new Array(n).fill(c(1)), mul(inC, dm), fl])];
    if (flag(ctx, 'use_bias')) {
      out.push(w('bias', [fl]));
    }
    return out;
  }],
  ['depthwise', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const k = tupleArg(ctx.args.get('kernel_size'), n) ?? new Array(n).fill(null);
    const inC = channelDim(ctx);
    const dm = need(ctx, 'depth_multiplier');
    const out = [w('kernel', [...k, inC, dm])];
    if (flag(ctx, 'use_bias')) {
      out.push(w('bias', [mul(inC, dm)]));
    }
    return out;
  }],
  ['batchnorm', ctx => {
    const shape = axisDims(ctx) ?? [null];
    return [...scaleAndCenter(ctx, shape), w('moving_mean', shape, false), w('moving_variance', shape, false)];
  }],
  ['layernorm', ctx => {
    const dims = axisDims(ctx);
    const shape = dims ? [dims.reduce<D>((a, b) => mul(a, b), c(1))] : [null];
    const out: KWeightSpec[] = [];
    const rms = flag(ctx, 'rms_scaling');
    if (rms || flag(ctx, 'scale')) {
      out.push(w('gamma', shape));
    }
    if (!rms && flag(ctx, 'center')) {
      out.push(w('beta', shape));
    }
    return out;
  }],
  ['groupnorm', ctx => scaleAndCenter(ctx, axisDims(ctx) ?? [null])],
  ['rmsnorm', ctx => {
    const dims = axisDims(ctx);
    return [w('scale', dims ? [dims.reduce<D>((a, b) => mul(a, b), c(1))] : [null])];
  }],
  ['normalization', ctx => {
    const dims = axisDims(ctx);
    const shape = dims ?? [null];
    if (ctx.args.get('mean') && ctx.args.get('mean')?.k !== 'none') {
      // mean/variance given as constants: no state weights.
      return [];
    }
    return [w('mean', shape, false), w('variance', shape, false), w('count', [], false)];
  }],
  ['prelu', ctx => {
    const x = first(ctx);
    if (!x) {
      ctx.fail('PReLU: input rank not known statically');
      return [w('alpha', null)];
    }
    const shape = x.slice(1);
    const sa = ctx.args.get('shared_axes');
    if (sa && sa.k !== 'none') {
      const axes = sa.k === 'tuple' || sa.k === 'list' ? sa.items.map(asInt) : [asInt(sa)];
      for (const a of axes) {
        if (a === null || a < 1n || Number(a) > shape.length) {
          ctx.fail('PReLU: shared_axes not known statically');
          return [w('alpha', null)];
        }
        shape[Number(a) - 1] = c(1);
      }
    }
    if (shape.some(d => d === null)) {
      ctx.fail('PReLU: input shape not known statically');
    }
    return [w('alpha', shape)];
  }],
  ['rnn', ctx => rnnWeights(ctx, lastDim(ctx))],
  ['convlstm', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const k = tupleArg(ctx.args.get('kernel_size'), n) ?? new Array(n).fill(null);
    const fl = need(ctx, 'filters');
    const x = first(ctx);
    const inC = x ? (channelsFirst(ctx) ? x[2] : x[x.length - 1]) : null;
    if (inC === null) {
      ctx.fail('ConvLSTM: input channels not known statically');
    }
    const g = mul(c(4), fl);
    const out = [w('kernel', [...k, inC, g]), w('recurrent_kernel', [...k, fl, g])];
    if (flag(ctx, 'use_bias')) {
      out.push(w('bias', [g]));
    }
    return out;
  }],
  ['gqa', ctx => {
    const hd = need(ctx, 'head_dim');
    const qh = need(ctx, 'num_query_heads');
    const kvh = need(ctx, 'num_key_value_heads');
    const q = ctx.inputs[0];
    const v = ctx.inputs[1] ?? q;
    const k = ctx.inputs[2] ?? v;
    const ld = (s: Dims): D => (s && s.length > 0 ? s[s.length - 1] : null);
    const qd = ld(q);
    const bias = flag(ctx, 'use_bias');
    const out = [w('query_kernel', [qd, qh, hd])];
    if (bias) {
      out.push(w('query_bias', [qh, hd]));
    }
    out.push(w('key_kernel', [ld(k), kvh, hd]));
    if (bias) {
      out.push(w('key_bias', [kvh, hd]));
    }
    out.push(w('value_kernel', [ld(v), kvh, hd]));
    if (bias) {
      out.push(w('value_bias', [kvh, hd]));
    }
    out.push(w('output_kernel', [qh, hd, qd]));
    if (bias) {
      out.push(w('output_bias', [qd]));
    }
    return out;
  }],
  ['attention', ctx => {
    const out: KWeightSpec[] = [];
    if (flag(ctx, 'use_scale')) {
      out.push(w('scale', []));
    }
    if (strArg(ctx, 'score_mode') === 'concat') {
      out.push(w('concat_score_weight', []));
    }
    return out;
  }],
  ['additive', ctx => (flag(ctx, 'use_scale') ? [w('scale', [lastDim(ctx)])] : [])],
  ['einsum', ctx => {
    const r = einsumAnalyze(ctx);
    if (!r) {
      return [w('kernel', null)];
    }
    const out = [w('kernel', r.kernel)];
    if (r.bias) {
      out.push(w('bias', r.bias));
    }
    return out;
  }]
]);

// ---- shapes ---------------------------------------------------------------------------------

export type ShapeRule = (ctx: RuleCtx) => Dims | Dims[] | null;

function spatial(x: Dims, n: number, cf: boolean): { sp: D[]; ch: D } | null {
  if (!x || x.length !== n + 2) {
    return null;
  }
  return cf ? { sp: x.slice(2), ch: x[1] } : { sp: x.slice(1, n + 1), ch: x[n + 1] };
}

function assemble(batch: D, sp: D[], ch: D, cf: boolean): Dims {
  return cf ? [batch, ch, ...sp] : [batch, ...sp, ch];
}

function convShape(ctx: RuleCtx, depthwise: boolean): Dims {
  const n = ctx.entry.data?.n ?? 2;
  const cf = channelsFirst(ctx);
  const s = spatial(first(ctx), n, cf);
  if (!s) {
    return null;
  }
  const k = tupleArg(ctx.args.get('kernel_size'), n);
  const st = tupleArg(ctx.args.get('strides'), n);
  const dl = tupleArg(ctx.args.get('dilation_rate'), n);
  const pad = strArg(ctx, 'padding') ?? '';
  if (!k || !st || !dl || !['valid', 'same', 'causal'].includes(pad)) {
    return null;
  }
  let sp: D[];
  if (ctx.entry.data?.transposed) {
    const opv = ctx.args.get('output_padding');
    const op = !opv || opv.k === 'none' ? undefined : tupleArg(opv, n);
    if (op === null) {
      return null;
    }
    sp = s.sp.map((L, i) => deconvOutMode(L, k[i], pad, op ? op[i] : undefined, st[i], dl[i]));
  } else {
    sp = s.sp.map((L, i) => convOutMode(L, k[i], pad, st[i], dl[i]));
  }
  const ch = depthwise ? mul(s.ch, asPoly(ctx.args.get('depth_multiplier') ?? { k: 'none' })) : asPoly(ctx.args.get('filters') ?? { k: 'none' });
  return assemble(first(ctx)?.[0] ?? null, sp, ch, cf);
}

function rnnOut(ctx: RuleCtx, units: D): Dims | Dims[] | null {
  const x = first(ctx);
  if (!x || x.length < 3) {
    return null;
  }
  const seq = flag(ctx, 'return_sequences');
  const out: Dims = seq ? [x[0], x[1], units] : [x[0], units];
  if (ctx.args.get('return_state') && truthy(ctx.args.get('return_state') as Value)) {
    const states = ctx.entry.data?.kind === 'lstm' ? 2 : 1;
    return [out, ...new Array(states).fill([x[0], units])];
  }
  return out;
}

export const SHAPE_RULES = new Map<string, ShapeRule>([
  ['same', ctx => first(ctx)],
  ['dense', ctx => {
    const x = first(ctx);
    return x ? [...x.slice(0, -1), asPoly(ctx.args.get('units') ?? { k: 'none' })] : null;
  }],
  ['embedding', ctx => {
    const x = first(ctx);
    return x ? [...x, asPoly(ctx.args.get('output_dim') ?? { k: 'none' })] : null;
  }],
  ['conv', ctx => convShape(ctx, false)],
  ['depthwise', ctx => convShape(ctx, true)],
  ['pool', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const cf = channelsFirst(ctx);
    const s = spatial(first(ctx), n, cf);
    const k = tupleArg(ctx.args.get('pool_size'), n);
    const sv = ctx.args.get('strides');
    const st = !sv || sv.k === 'none' ? k : tupleArg(sv, n);
    const pad = strArg(ctx, 'padding') ?? '';
    if (!s || !k || !st) {
      return null;
    }
    return assemble(first(ctx)?.[0] ?? null, s.sp.map((L, i) => convOutMode(L, k[i], pad, st[i], c(1))), s.ch, cf);
  }],
  ['gpool', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const cf = channelsFirst(ctx);
    const s = spatial(first(ctx), n, cf);
    if (!s) {
      return null;
    }
    const b = first(ctx)?.[0] ?? null;
    if (flag(ctx, 'keepdims')) {
      return assemble(b, new Array(n).fill(c(1)), s.ch, cf);
    }
    return [b, s.ch];
  }],
  ['upsample', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const cf = n > 1 && channelsFirst(ctx);
    const s = spatial(first(ctx), n, cf);
    const k = tupleArg(ctx.args.get('size'), n);
    if (!s || !k) {
      return null;
    }
    return assemble(first(ctx)?.[0] ?? null, s.sp.map((L, i) => mul(L, k[i])), s.ch, cf);
  }],
  ['zeropad', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const cf = n > 1 && channelsFirst(ctx);
    const s = spatial(first(ctx), n, cf);
    const pads = pairs(ctx.args.get('padding'), n);
    if (!s || !pads) {
      return null;
    }
    return assemble(first(ctx)?.[0] ?? null, s.sp.map((L, i) => add(L, add(pads[i][0], pads[i][1]))), s.ch, cf);
  }],
  ['crop', ctx => {
    const n = ctx.entry.data?.n ?? 2;
    const cf = n > 1 && channelsFirst(ctx);
    const s = spatial(first(ctx), n, cf);
    const cr = pairs(ctx.args.get('cropping'), n);
    if (!s || !cr) {
      return null;
    }
    return assemble(first(ctx)?.[0] ?? null, s.sp.map((L, i) => sub(L, add(cr[i][0], cr[i][1]))), s.ch, cf);
  }],
  ['flatten', ctx => {
    const x = first(ctx);
    return x ? [x[0], prod(x.slice(1))] : null;
  }],
  ['reshape', ctx => {
    const x = first(ctx);
    const t = ctx.args.get('target_shape');
    const items = t && (t.k === 'tuple' || t.k === 'list') ? t.items.map(asPoly) : null;
    if (!x || !items) {
      return null;
    }
    const neg = items.findIndex(d => d !== null && num(d) === -1n);
    if (neg >= 0) {
      const total = num(prod(x.slice(1)));
      const known = num(prod(items.filter((_d, i) => i !== neg)));
      if (total === null || known === null || known === 0n || total % known !== 0n) {
        items[neg] = null;
      } else {
        items[neg] = c(total / known);
      }
    } else {
      const total = num(prod(x.slice(1)));
      const got = num(prod(items));
      if (total !== null && got !== null && total !== got) {
        ctx.error(`Reshape: cannot reshape ${total} values into ${got}`);
        return null;
      }
    }
    return [x[0], ...items];
  }],
  ['permute', ctx => {
    const x = first(ctx);
    const d = ctx.args.get('dims');
    const items = d && (d.k === 'tuple' || d.k === 'list') ? d.items.map(asInt) : null;
    if (!x || !items || items.some(i => i === null || i < 1n || Number(i) >= x.length)) {
      return null;
    }
    return [x[0], ...items.map(i => x[Number(i)])];
  }],
  ['repeat', ctx => {
    const x = first(ctx);
    return x && x.length === 2 ? [x[0], asPoly(ctx.args.get('n') ?? { k: 'none' }), x[1]] : null;
  }],
  ['merge', ctx => broadcastAll(ctx.inputs, { mismatch: m => ctx.error(m) }, ctx.entry.name)],
  ['concat', ctx => {
    const shapes = ctx.inputs;
    if (shapes.length === 0 || shapes.some(s => s === null)) {
      return null;
    }
    const ss = shapes as D[][];
    const r = ss[0].length;
    const ax = normAxis(asInt(ctx.args.get('axis') ?? { k: 'none' }), r);
    if (ax === null || ss.some(s => s.length !== r)) {
      return null;
    }
    const out = [...ss[0]];
    out[ax] = ss.reduce<D>((a, s) => add(a, s[ax]), c(0));
    for (let i = 0; i < r; i++) {
      if (i !== ax && out[i] === null) {
        out[i] = ss.map(s => s[i]).find(d => d !== null) ?? null;
      }
    }
    return out;
  }],
  ['dot', ctx => {
    const [a, b] = ctx.inputs;
    const ax = ctx.args.get('axes');
    if (!a || !b || !ax) {
      return null;
    }
    const axes = ax.k === 'tuple' || ax.k === 'list' ? ax.items.map(asInt) : [asInt(ax), asInt(ax)];
    const i = normAxis(axes[0], a.length);
    const j = normAxis(axes[1], b.length);
    if (i === null || j === null || i === 0 || j === 0) {
      return null;
    }
    const out = [...a.filter((_d, k) => k !== i), ...b.slice(1).filter((_d, k) => k + 1 !== j)];
    return out.length === 1 ? [out[0], c(1)] : out;
  }],
  ['rnn', ctx => rnnOut(ctx, asPoly(ctx.args.get('units') ?? { k: 'none' }))],
  ['convlstm', ctx => {
    const x = first(ctx);
    if (!x || x.length !== 5) {
      return null;
    }
    const inner: RuleCtx = { ...ctx, entry: { ...ctx.entry, data: { n: 2 } }, inputs: [[x[0], ...x.slice(2)]] };
    const o = convShape(inner, false);
    if (!o) {
      return null;
    }
    const seq = flag(ctx, 'return_sequences');
    return seq ? [x[0], x[1], ...o.slice(1)] : o;
  }],
  ['query', ctx => first(ctx)],
  ['resize', ctx => {
    const x = first(ctx);
    if (!x || x.length !== 4) {
      return null;
    }
    const h = asPoly(ctx.args.get('height') ?? { k: 'none' });
    const wd = asPoly(ctx.args.get('width') ?? { k: 'none' });
    return channelsFirst(ctx) ? [x[0], x[1], h, wd] : [x[0], h, wd, x[3]];
  }],
  ['discretize', ctx => first(ctx)],
  ['catenc', ctx => {
    const x = first(ctx);
    const nt = asPoly(ctx.args.get('num_tokens') ?? { k: 'none' });
    if (!x) {
      return null;
    }
    const mode = strArg(ctx, 'output_mode');
    if (mode === 'one_hot') {
      const last = x[x.length - 1];
      return last !== null && num(last) === 1n && x.length > 1 ? [...x.slice(0, -1), nt] : [...x, nt];
    }
    return x.length <= 1 ? [nt] : [...x.slice(0, -1), nt];
  }],
  ['einsum', ctx => einsumAnalyze(ctx)?.output ?? null]
]);

/** ((a, b), (c, d)) / (a, b) / int padding or cropping as n [before, after] pairs. */
function pairs(v: Value | undefined, n: number): Array<[D, D]> | null {
  if (!v) {
    return null;
  }
  const d = asPoly(v);
  if (d) {
    return new Array(n).fill([d, d]);
  }
  if (v.k !== 'tuple' && v.k !== 'list') {
    return null;
  }
  if (n === 1 && v.items.length === 2 && v.items.every(x => asPoly(x))) {
    return [[asPoly(v.items[0]), asPoly(v.items[1])]];
  }
  if (v.items.length !== n) {
    return null;
  }
  const out: Array<[D, D]> = [];
  for (const it of v.items) {
    const s = asPoly(it);
    if (s) {
      out.push([s, s]);
    } else if ((it.k === 'tuple' || it.k === 'list') && it.items.length === 2) {
      out.push([asPoly(it.items[0]), asPoly(it.items[1])]);
    } else {
      return null;
    }
  }
  return out;
}

/** EinsumDense: kernel, bias and output shapes from the equation (Keras' analysis). */
function einsumAnalyze(ctx: RuleCtx): { kernel: D[]; bias: D[] | null; output: Dims } | null {
  const eq = strArg(ctx, 'equation');
  const x = first(ctx);
  const osv = ctx.args.get('output_shape');
  if (!eq || !x || !osv) {
    ctx.fail('EinsumDense: equation, output_shape or input shape not known statically');
    return null;
  }
  const m = /^([a-zA-Z.]+),([a-zA-Z.]+)->([a-zA-Z.]+)$/.exec(eq.replace(/\s/g, ''));
  if (!m || eq.includes('.')) {
    ctx.fail('EinsumDense: equation form not supported statically');
    return null;
  }
  const [, inSpec, kSpec, outSpec] = m;
  const osItems = osv.k === 'tuple' || osv.k === 'list' ? osv.items.map(v => (v.k === 'none' ? null : asPoly(v))) : [asPoly(osv)];
  if (inSpec.length !== x.length) {
    ctx.error(`EinsumDense: equation expects rank ${inSpec.length} input, got ${x.length}`);
    return null;
  }
  // Keras: the full output shape is the input's first dim followed by output_shape.
  if (osItems.length !== outSpec.length - 1) {
    ctx.fail('EinsumDense: output_shape does not match the equation');
    return null;
  }
  const full: D[] = [x[0], ...osItems];
  const outIdx = (ch: string): number => outSpec.indexOf(ch);
  const kernel = [...kSpec].map(ch => (outIdx(ch) >= 0 ? full[outIdx(ch)] : inSpec.indexOf(ch) >= 0 ? x[inSpec.indexOf(ch)] : null));
  const output: Dims = full;
  const ba = strArg(ctx, 'bias_axes');
  let bias: D[] | null = null;
  if (ba) {
    const firstIdx = Math.min(...[...ba].map(ch => outSpec.indexOf(ch)));
    bias = [];
    for (let i = firstIdx; i < outSpec.length; i++) {
      bias.push(ba.includes(outSpec[i]) ? full[i] : c(1));
    }
  }
  if (kernel.some(d => d === null)) {
    ctx.fail('EinsumDense: kernel shape not known statically');
  }
  return { kernel, bias, output };
}

