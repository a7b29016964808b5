// Output-shape rules of torch.nn layers (keyed by the shape ids of catalog.ts), and the
// padding and flattening helpers torch.nn.functional shares with them. Dimensions are
// polynomials (exact ints or symbols) or null when not known; the arithmetic (conv output
// lengths, broadcasting, the mismatch policy) is ../shape.ts.
// Does not: create graph nodes (host.ts) or count parameters (rules.ts).
import { Poly, polyAdd, polyDivConst, polyMul, polySub } from '../../interp/poly';
import { asPoly, Dims, truthy, Value } from '../../interp/values';
import { tupleArg } from '../args';
import { einopsShape } from './einops';
import { c, convOut, convTransposeOut, D, dimEq, fmtShape, num, ShapeProblems } from '../shape';

function shapeOf(v: Value | undefined): Dims {
  return v && v.k === 'tensor' ? v.shape : null;
}

export type Bound = Map<string, Value>;
export type LayerShapeRule = (args: Bound, inputs: Value[], kwargs: Map<string, Value>, api: ShapeProblems, data: { n?: number; transposed?: boolean; kind?: string; gates?: number; name: string }) => Value | Dims;

function spatial(x: Dims, n: number, name: string, api: ShapeProblems): Dims {
  if (!x) {
    return null;
  }
  if (x.length !== n + 2 && x.length !== n + 1) {
    api.mismatch(`${name} expects a ${n + 1}D or ${n + 2}D input, got ${x.length}D ${fmtShape(x)}`);
    return null;
  }
  return x;
}

export const SHAPE_RULES = new Map<string, LayerShapeRule>([
  ['same', (_a, inputs) => shapeOf(inputs[0])],
  ['first', (_a, inputs) => shapeOf(inputs[0])],
  ['second', (_a, inputs) => shapeOf(inputs[1] ?? inputs[0])],
  ['linear', (a, inputs, _kw, api, data) => {
    const x = shapeOf(inputs[0]);
    if (!x) {
      return null;
    }
    if (x.length === 0) {
      api.mismatch(`${data.name} needs at least a 1D input`);
      return null;
    }
    const inF = asPoly(a.get('in_features') ?? { k: 'none' });
    const last = x[x.length - 1];
    if (inF && dimEq(inF, last) === false) {
      api.mismatch(`${data.name} expects ${num(inF)} input features but gets ${num(last)} (input shape ${fmtShape(x)})`);
      return null;
    }
    return [...x.slice(0, -1), asPoly(a.get('out_features') ?? { k: 'none' })];
  }],
  ['bilinear', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    return x ? [...x.slice(0, -1), asPoly(a.get('out_features') ?? { k: 'none' })] : null;
  }],
  ['conv', (a, inputs, _kw, api, data) => {
    const n = data.n ?? 2;
    const x = spatial(shapeOf(inputs[0]), n, data.name, api);
    if (!x) {
      return null;
    }
    const batched = x.length === n + 2;
    const chan = x[batched ? 1 : 0];
    const inC = asPoly(a.get('in_channels') ?? { k: 'none' });
    if (inC && dimEq(inC, chan) === false) {
      api.mismatch(`${data.name} expects ${num(inC)} input channels but gets ${num(chan)} (input shape ${fmtShape(x)})`);
      return null;
    }
    const k = tupleArg(a.get('kernel_size'), n) ?? new Array(n).fill(null);
    const s = tupleArg(a.get('stride'), n) ?? new Array(n).fill(null);
    const d = tupleArg(a.get('dilation'), n) ?? new Array(n).fill(null);
    const padV = a.get('padding');
    const outC = asPoly(a.get('out_channels') ?? { k: 'none' });
    const sp = x.slice(batched ? 2 : 1);
    let out: D[];
    if (padV && padV.k === 'str') {
      out = padV.v === 'same' ? sp : sp.map((L, i) => convOut(L, k[i], s[i], c(0), d[i]));
    } else if (data.transposed) {
      const p = tupleArg(padV, n) ?? new Array(n).fill(null);
      const op = tupleArg(a.get('output_padding'), n) ?? new Array(n).fill(null);
      out = sp.map((L, i) => convTransposeOut(L, k[i], s[i], p[i], d[i], op[i]));
    } else {
      const p = tupleArg(padV, n) ?? new Array(n).fill(null);
      out = sp.map((L, i) => convOut(L, k[i], s[i], p[i], d[i]));
    }
    for (let i = 0; i < out.length; i++) {
      const o = num(out[i]);
      if (o !== null && o <= 0n) {
        api.mismatch(`${data.name}: input ${fmtShape(x)} is too small for the kernel (output size ${o})`);
        return null;
      }
    }
    return batched ? [x[0], outC, ...out] : [outC, ...out];
  }],
  ['pool', (a, inputs, _kw, api, data) => {
    const n = data.n ?? 2;
    const x = spatial(shapeOf(inputs[0]), n, data.name, api);
    if (!x) {
      return null;
    }
    const k = tupleArg(a.get('kernel_size'), n) ?? new Array(n).fill(null);
    const sv = a.get('stride');
    const s = sv && sv.k !== 'none' && !(sv.k === 'tuple' && sv.items.length === 0) ? tupleArg(sv, n) ?? new Array(n).fill(null) : k;
    const p = tupleArg(a.get('padding'), n) ?? new Array(n).fill(null);
    const d = data.kind === 'max' ? tupleArg(a.get('dilation'), n) ?? new Array(n).fill(null) : new Array(n).fill(c(1));
    const ceil = truthy(a.get('ceil_mode') ?? { k: 'bool', v: false });
    if (ceil === null) {
      return null;
    }
    const lead = x.slice(0, x.length - n);
    const out = x.slice(x.length - n).map((L, i) => convOut(L, k[i], s[i], p[i], d[i], ceil));
    for (const o of out) {
      const v = num(o);
      if (v !== null && v <= 0n) {
        api.mismatch(`${data.name}: input ${fmtShape(x)} is too small (output size ${v})`);
        return null;
      }
    }
    const shape = [...lead, ...out];
    const ri = a.get('return_indices');
    if (ri && truthy(ri) === true) {
      return { k: 'tuple', items: [{ k: 'tensor', shape, id: 0 }, { k: 'tensor', shape: [...shape], id: 0 }] };
    }
    if (ri && truthy(ri) === null) {
      return null;
    }
    return shape;
  }],
  ['unpool', (a, inputs, kwargs, _api, data) => {
    const n = data.n ?? 2;
    const x = shapeOf(inputs[0]);
    if (!x || x.length < n + 1) {
      return null;
    }
    const os = inputs[2] ?? kwargs.get('output_size');
    if (os && os.k !== 'none') {
      const items = os.k === 'tuple' || os.k === 'list' ? os.items.map(asPoly) : null;
      if (!items) {
        return null;
      }
      return [...x.slice(0, x.length - n), ...items.slice(items.length - n)];
    }
    const k = tupleArg(a.get('kernel_size'), n) ?? new Array(n).fill(null);
    const sv = a.get('stride');
    const s = sv && sv.k !== 'none' ? tupleArg(sv, n) ?? new Array(n).fill(null) : k;
    const p = tupleArg(a.get('padding'), n) ?? new Array(n).fill(null);
    return [...x.slice(0, x.length - n), ...x.slice(x.length - n).map((L, i) => convTransposeOut(L, k[i], s[i], p[i], c(1), c(0)))];
  }],
  ['lppool', (a, inputs, _kw, api, data) => {
    const n = data.n ?? 2;
    const x = spatial(shapeOf(inputs[0]), n, data.name, api);
    if (!x) {
      return null;
    }
    const k = tupleArg(a.get('kernel_size'), n) ?? new Array(n).fill(null);
    const sv = a.get('stride');
    const s = sv && sv.k !== 'none' ? tupleArg(sv, n) ?? new Array(n).fill(null) : k;
    return [...x.slice(0, x.length - n), ...x.slice(x.length - n).map((L, i) => convOut(L, k[i], s[i], c(0), c(1)))];
  }],
  ['adaptive', (a, inputs, _kw, api, data) => {
    const n = data.n ?? 2;
    const x = spatial(shapeOf(inputs[0]), n, data.name, api);
    if (!x) {
      return null;
    }
    const os = a.get('output_size');
    const sizes: D[] = [];
    const items = os && (os.k === 'tuple' || os.k === 'list') ? os.items : new Array(n).fill(os);
    const sp = x.slice(x.length - n);
    for (let i = 0; i < n; i++) {
      const it = items[i] as Value | undefined;
      sizes.push(!it || it.k === 'none' ? sp[i] : asPoly(it));
    }
    return [...x.slice(0, x.length - n), ...sizes];
  }],
  ['flatten', (a, inputs) => flattenShape(shapeOf(inputs[0]), a.get('start_dim'), a.get('end_dim'))],
  ['unflatten', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    const dv = a.get('dim');
    const sizes = a.get('unflattened_size');
    if (!x || !dv || !sizes) {
      return null;
    }
    const di = num(asPoly(dv));
    const items = sizes.k === 'tuple' || sizes.k === 'list' ? sizes.items.map(asPoly) : null;
    if (di === null || !items) {
      return null;
    }
    const j = Number(di < 0n ? di + BigInt(x.length) : di);
    return [...x.slice(0, j), ...items, ...x.slice(j + 1)];
  }],
  ['embedding', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    const w = a.get('_weight');
    const dimV = w && w.k === 'tensor' && w.shape ? w.shape[1] : asPoly(a.get('embedding_dim') ?? { k: 'none' });
    return x ? [...x, dimV] : null;
  }],
  ['embeddingbag', (a, inputs, kwargs) => {
    const x = shapeOf(inputs[0]);
    const dimV = asPoly(a.get('embedding_dim') ?? { k: 'none' });
    if (x && x.length === 2) {
      return [x[0], dimV];
    }
    const offsets = shapeOf(inputs[1] ?? kwargs.get('offsets'));
    if (x && x.length === 1 && offsets && offsets.length === 1 && offsets[0]) {
      const last = truthy(a.get('include_last_offset') ?? { k: 'bool', v: false });
      if (last === null) {
        return null;
      }
      return [last ? polySub(offsets[0], c(1)) : offsets[0], dimV];
    }
    return null;
  }],
  ['upsample', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    if (!x || x.length < 3) {
      return null;
    }
    const n = x.length - 2;
    const size = a.get('size');
    if (size && size.k !== 'none') {
      const t = tupleArg(size, n);
      return t ? [x[0], x[1], ...t] : null;
    }
    const sf = a.get('scale_factor');
    if (!sf || sf.k === 'none') {
      return null;
    }
    const fs = sf.k === 'tuple' || sf.k === 'list' ? sf.items : new Array(n).fill(sf);
    const out: D[] = [];
    for (let i = 0; i < n; i++) {
      const f = fs[i] as Value;
      const L = x[2 + i];
      const fi = f.k === 'int' ? f.v : f.k === 'float' && Number.isInteger(f.v) ? BigInt(f.v) : null;
      if (fi !== null && L) {
        out.push(polyMul(L, c(fi)));
      } else if (f.k === 'float' && num(L) !== null) {
        out.push(c(Math.floor(Number(num(L)) * f.v)));
      } else {
        out.push(null);
      }
    }
    return [x[0], x[1], ...out];
  }],
  ['pixelshuffle', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    const r = asPoly(a.get('upscale_factor') ?? { k: 'none' });
    if (!x || x.length < 3 || !r) {
      return null;
    }
    const r2 = polyMul(r, r);
    const C = x[x.length - 3];
    const rc = num(r2);
    const cc = C && rc !== null ? polyDivConst(C, rc) : null;
    return [...x.slice(0, -3), cc, x[x.length - 2] ? polyMul(x[x.length - 2] as Poly, r) : null, x[x.length - 1] ? polyMul(x[x.length - 1] as Poly, r) : null];
  }],
  ['pixelunshuffle', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    const r = asPoly(a.get('downscale_factor') ?? { k: 'none' });
    const rc = r ? num(r) : null;
    if (!x || x.length < 3 || rc === null) {
      return null;
    }
    const C = x[x.length - 3];
    const H = x[x.length - 2];
    const W = x[x.length - 1];
    return [...x.slice(0, -3), C ? polyMul(C, c(rc * rc)) : null, H ? polyDivConst(H, rc) : null, W ? polyDivConst(W, rc) : null];
  }],
  ['pad', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    const pv = a.get('padding');
    if (!x || !pv) {
      return null;
    }
    let pads: D[];
    if (pv.k === 'tuple' || pv.k === 'list') {
      pads = pv.items.map(asPoly);
    } else {
      const p = asPoly(pv);
      const dims = (a.get('__n__') as Value | undefined)?.k === 'int' ? Number((a.get('__n__') as { v: bigint }).v) : 1;
      pads = new Array(dims * 2).fill(p);
    }
    return padShape(x, pads);
  }],
  ['glu', (a, inputs) => {
    const x = shapeOf(inputs[0]);
    const dv = num(asPoly(a.get('dim') ?? { k: 'int', v: -1n }));
    if (!x || dv === null) {
      return null;
    }
    const j = Number(dv < 0n ? dv + BigInt(x.length) : dv);
    const out = [...x];
    out[j] = x[j] ? polyDivConst(x[j] as Poly, 2n) : null;
    return out;
  }],
  ['rnn', (a, inputs, _kw, api, data) => {
    const x = shapeOf(inputs[0]);
    const H = asPoly(a.get('hidden_size') ?? { k: 'none' });
    const P = asPoly(a.get('proj_size') ?? { k: 'int', v: 0n });
    const L = asPoly(a.get('num_layers') ?? { k: 'none' });
    const bidir = truthy(a.get('bidirectional') ?? { k: 'bool', v: false });
    const bf = truthy(a.get('batch_first') ?? { k: 'bool', v: false });
    if (!x || bidir === null || bf === null) {
      return null;
    }
    const inSize = asPoly(a.get('input_size') ?? { k: 'none' });
    if (x.length !== 2 && x.length !== 3) {
      api.mismatch(`${data.name} expects a 2D or 3D input, got ${fmtShape(x)}`);
      return null;
    }
    if (inSize && dimEq(inSize, x[x.length - 1]) === false) {
      api.mismatch(`${data.name} expects input_size ${num(inSize)} but gets ${num(x[x.length - 1])} (input shape ${fmtShape(x)})`);
      return null;
    }
    const dirs = bidir ? 2n : 1n;
    const real = P && num(P) !== 0n ? P : H;
    const feat = real ? polyMul(real, c(dirs)) : null;
    const out: Dims = [...x.slice(0, -1), feat];
    const batched = x.length === 3;
    const B = batched ? (bf ? x[0] : x[1]) : null;
    const DL = L ? polyMul(L, c(dirs)) : null;
    const h: Dims = batched ? [DL, B, real] : [DL, real];
    const cState: Dims = batched ? [DL, B, H] : [DL, H];
    return { k: 'tuple', items: [{ k: 'tensor', shape: out, id: 0 }, data.kind === 'lstm' ? { k: 'tuple', items: [{ k: 'tensor', shape: h, id: 0 }, { k: 'tensor', shape: cState, id: 0 }] } : { k: 'tensor', shape: h, id: 0 }] };
  }],
  ['rnncell', (a, inputs, _kw, _api, data) => {
    const x = shapeOf(inputs[0]);
    const H = asPoly(a.get('hidden_size') ?? { k: 'none' });
    if (!x) {
      return null;
    }
    const h: Dims = [...x.slice(0, -1), H];
    if (data.kind === 'lstm') {
      return { k: 'tuple', items: [{ k: 'tensor', shape: h, id: 0 }, { k: 'tensor', shape: h, id: 0 }] };
    }
    return h;
  }],
  ['mha', (a, inputs, kwargs) => {
    const q = shapeOf(inputs[0] ?? kwargs.get('query'));
    const k = shapeOf(inputs[1] ?? kwargs.get('key'));
    const E = asPoly(a.get('embed_dim') ?? { k: 'none' });
    const H = asPoly(a.get('num_heads') ?? { k: 'none' });
    if (!q) {
      return null;
    }
    const bf = truthy(a.get('batch_first') ?? { k: 'bool', v: false });
    const out: Dims = [...q.slice(0, -1), E];
    let w: Dims = null;
    const need = kwargs.get('need_weights');
    const avg = kwargs.get('average_attn_weights');
    if (k && q.length === 3 && k.length === 3 && bf !== null) {
      const B = bf ? q[0] : q[1];
      const Lq = bf ? q[1] : q[0];
      let S = bf ? k[1] : k[0];
      const extra = (truthy(a.get('add_bias_kv') ?? { k: 'bool', v: false }) ? 1n : 0n) + (truthy(a.get('add_zero_attn') ?? { k: 'bool', v: false }) ? 1n : 0n);
      S = S && extra > 0n ? polyAdd(S, c(extra)) : S;
      w = avg && truthy(avg) === false ? [B, H, Lq, S] : [B, Lq, S];
    }
    const weights: Value = need && truthy(need) === false ? { k: 'none' } : { k: 'tensor', shape: w, id: 0 };
    return { k: 'tuple', items: [{ k: 'tensor', shape: out, id: 0 }, weights] };
  }],
  ['einops', (a, inputs, _kw, _api, data) => {
    const pattern = a.get('pattern');
    if (!pattern || pattern.k !== 'str') {
      return null;
    }
    const axes = new Map<string, Poly | null>();
    for (const [k, v] of a) {
      if (k !== 'pattern' && k !== 'reduction') {
        axes.set(k, asPoly(v));
      }
    }
    return einopsShape(pattern.v, shapeOf(inputs[0]), axes, data.kind === 'reduce' ? 'reduce' : 'rearrange');
  }],
  ['sequential', () => null]
]);

export function padShape(x: Dims, pads: D[]): Dims {
  if (!x) {
    return null;
  }
  const out = [...x];
  for (let i = 0; i < pads.length / 2; i++) {
    const j = x.length - 1 - i;
    const L = out[j];
    const p0 = pads[2 * i];
    const p1 = pads[2 * i + 1];
    out[j] = L && p0 && p1 ? polyAdd(L, polyAdd(p0, p1)) : null;
  }
  return out;
}

export function flattenShape(x: Dims, sv?: Value, ev?: Value): Dims {
  if (!x) {
    return null;
  }
  const s0 = sv ? num(asPoly(sv)) : 0n;
  const e0 = ev ? num(asPoly(ev)) : -1n;
  if (s0 === null || e0 === null) {
    return null;
  }
  if (x.length === 0) {
    return [c(1)];
  }
  const n = BigInt(x.length);
  const s = Number(s0 < 0n ? s0 + n : s0);
  const e = Number(e0 < 0n ? e0 + n : e0);
  if (s > e) {
    return [...x];
  }
  let prod: D = c(1);
  for (let i = s; i <= e; i++) {
    prod = prod && x[i] ? polyMul(prod, x[i] as Poly) : null;
  }
  return [...x.slice(0, s), prod, ...x.slice(e + 1)];
}

