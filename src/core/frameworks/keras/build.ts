// Building Keras layers on input shapes: catalog weight rules and shape rules (rules.ts),
// the special layers (Bidirectional, TimeDistributed, RNN over cells, MultiHeadAttention with
// its EinsumDense sublayers, Lambda) and the auto names building consumes.
// Does not: call layers (calls.ts) or bind arguments (construct.ts).
import type { Interp } from '../../interp/context';
import {
  asPoly, asStr, CallSite, Dims, freshId, NONE, truthy, unknown, Value
} from '../../interp/values';
import { KerasLayerEntry } from './catalog';
import { KWeightSpec, RuleCtx, SHAPE_RULES, WEIGHT_RULES } from './rules';
import { c, D, num } from '../shape';
import { KLayer } from './state';
import type { KerasHost } from './host';
import { callLayer } from './calls';
import { shapeFromValue, cellUnits } from './values';

type Site = CallSite;

export function ruleCtx(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[], site: Site, entry?: KerasLayerEntry, args?: Map<string, Value>): RuleCtx {
  const e = entry ?? (K.entry as KerasLayerEntry);
  return {
    entry: e,
    args: args ?? K.args,
    inputs: shapes,
    fail: reason => {
      if (!K.unknown.includes(reason)) {
        K.unknown.push(reason);
      }
    },
    error: message => I.diag('error', 'shape-mismatch', `${K.name}: ${message}`, site.span)
  };
}

/** Builds (weights) a catalog layer on input shapes, once. */
export function buildCatalog(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[], site: Site): void {
  if (K.built) {
    return;
  }
  K.built = true;
  const e = K.entry;
  if (!e) {
    return;
  }
  if (K.args.get('data_format')?.k === 'unknown') {
    K.unknown.push(`${K.name}: data_format not known statically`);
    return;
  }
  if (e.special) {
    buildSpecial(host, I, K, shapes, site);
    return;
  }
  const rule = e.weights ? WEIGHT_RULES.get(e.weights) : undefined;
  if (rule) {
    addWeights(host, K, rule(ruleCtx(host, I, K, shapes, site)));
  }
  if (e.name === 'GroupedQueryAttention') {
    // Building the attention creates a Softmax and a Dropout with auto names.
    host.autoName('Softmax');
    host.autoName('Dropout');
  }
}

export function buildSpecial(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[], site: Site): void {
  const e = K.entry as KerasLayerEntry;
  switch (e.special) {
    case 'bidirectional':
      for (const s of K.sub) {
        buildCatalog(host, I, s, shapes, site);
      }
      return;
    case 'timedistributed': {
      const x = shapes[0];
      const inner = K.sub[0];
      if (inner && inner.inst && !inner.built) {
        const innerShape: Dims = x ? [x[0], ...x.slice(2)] : null;
        buildAny(host, I, inner, [innerShape], site);
      }
      return;
    }
    case 'rnn': {
      const cell = K.sub[0];
      if (!cell) {
        return;
      }
      const x = shapes[0];
      const stepShape: Dims = x ? [x[0], ...x.slice(2)] : null;
      if (cell.cls === 'StackedRNNCells') {
        let cur = stepShape;
        cell.built = true;
        for (const cl of cell.sub) {
          buildAny(host, I, cl, [cur], site);
          const u = cellUnits(cl);
          cur = cur ? [cur[0], u] : null;
        }
      } else {
        buildAny(host, I, cell, [stepShape], site);
      }
      return;
    }
    case 'mha': {
      const q = shapes[0];
      const v = shapes[1] ?? q;
      const k = shapes[2] ?? v;
      const ld = (s: Dims): D => (s && s.length > 0 ? s[s.length - 1] : null);
      const ctx = ruleCtx(host, I, K, shapes, site);
      const h = asPoly(K.args.get('num_heads') ?? NONE);
      const kd = asPoly(K.args.get('key_dim') ?? NONE);
      const vdA = K.args.get('value_dim');
      const vdim = vdA && vdA.k !== 'none' ? asPoly(vdA) : kd;
      const bias = truthy(K.args.get('use_bias') ?? NONE);
      const osA = K.args.get('output_shape');
      let outDims: D[] | null = [ld(q)];
      if (osA && osA.k !== 'none') {
        outDims = shapeFromValue(osA);
      }
      if (!h || !kd || !vdim || bias === null || !outDims || !K.args.get('attention_axes') || K.args.get('attention_axes')?.k !== 'none') {
        ctx.fail('MultiHeadAttention: arguments not known statically (or attention_axes given)');
      }
      if (q && q.length !== 3) {
        ctx.fail('MultiHeadAttention: only rank-3 queries are modelled');
      }
      const dense = (name: string, kernel: Dims, b: Dims): void => {
        const L = host.newLayer('EinsumDense', 'layer', undefined, site, name);
        L.built = true;
        L.weights.push({ id: freshId(), name: 'kernel', shape: kernel, trainable: true });
        if (bias) {
          L.weights.push({ id: freshId(), name: 'bias', shape: b, trainable: true });
        }
        K.sub.push(L);
      };
      dense('query', [ld(q), h, kd], [h, kd]);
      dense('key', [ld(k), h, kd], [h, kd]);
      dense('value', [ld(v), h, vdim], [h, vdim]);
      dense('attention_output', [h, vdim, ...(outDims ?? [null])], outDims ?? [null]);
      // Building the attention creates a Softmax and a Dropout with auto names.
      host.autoName('Softmax');
      host.autoName('Dropout');
      return;
    }
    default:
      return;
  }
}

/** Builds any layer (catalog, user) on shapes without making graph nodes. */
export function buildAny(host: KerasHost, I: Interp, L: KLayer, shapes: Dims[], site: Site): void {
  if (L.built) {
    return;
  }
  if (L.entry) {
    buildCatalog(host, I, L, shapes, site);
    L.lastShape = catalogShape(host, I, L, shapes, new Map(), site);
    return;
  }
  if (L.inst) {
    const t = host.newTensor(shapes[0] ?? null, false);
    callLayer(host, I, L.inst, [t], new Map(), site);
  }
}

export function catalogShape(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[], kwargs: Map<string, Value>, site: Site): Dims | Dims[] | null {
  const e = K.entry;
  if (!e) {
    return null;
  }
  const ctx = ruleCtx(host, I, K, shapes, site);
  if (K.args.get('data_format')?.k === 'unknown') {
    return null;
  }
  switch (e.special) {
    case 'bidirectional': {
      // Keras: compute_output_shape of the forward layer, last dim doubled for 'concat'.
      const f = K.sub[0];
      if (!f) {
        return null;
      }
      const fo = catalogShape(host, I, f, shapes, kwargs, site);
      if (!fo) {
        return null;
      }
      const multi = fo.length > 0 && Array.isArray(fo[0]);
      const out = multi ? (fo as Dims[])[0] : (fo as Dims);
      const states = multi ? (fo as Dims[]).slice(1) : [];
      const mode = K.args.get('merge_mode');
      const m = !mode ? 'concat' : mode.k === 'none' ? null : asStr(mode);
      if (m === null) {
        return [out, out, ...states, ...states];
      }
      if (!out) {
        return null;
      }
      let merged: Dims;
      if (m === 'concat') {
        const last = out[out.length - 1];
        merged = [...out.slice(0, -1), last && num(last) !== null ? c((num(last) as bigint) * 2n) : null];
      } else if (m === 'sum' || m === 'mul' || m === 'ave') {
        merged = out;
      } else {
        return null;
      }
      return states.length > 0 ? [merged, ...states, ...states] : merged;
    }
    case 'timedistributed': {
      const x = shapes[0];
      const inner = K.sub[0];
      if (!x || !inner) {
        return null;
      }
      const innerIn: Dims = [x[0], ...x.slice(2)];
      let o: Dims | Dims[] | null;
      if (inner.entry) {
        o = catalogShape(host, I, inner, [innerIn], kwargs, site);
      } else if (inner.inst) {
        const r = callLayer(host, I, inner.inst, [host.newTensor(innerIn, false)], new Map(), site);
        o = r.k === 'tensor' ? r.shape : null;
      } else {
        o = null;
      }
      if (!o || Array.isArray(o[0])) {
        return null;
      }
      const os = o as Dims;
      return os ? [x[0], x[1], ...os.slice(1)] : null;
    }
    case 'rnn': {
      const cell = K.sub[0];
      if (!cell) {
        return null;
      }
      const last = cell.cls === 'StackedRNNCells' ? cell.sub[cell.sub.length - 1] : cell;
      const u = last ? cellUnits(last) : null;
      const x = shapes[0];
      if (!x || x.length < 3) {
        return null;
      }
      const seq = truthy(K.args.get('return_sequences') ?? NONE);
      const out: Dims = seq ? [x[0], x[1], u] : [x[0], u];
      if (truthy(K.args.get('return_state') ?? NONE)) {
        const cells = cell.cls === 'StackedRNNCells' ? cell.sub : [cell];
        const st: Dims[] = [];
        for (const cl of cells) {
          const n = cl.entry?.data?.kind === 'lstm' ? 2 : 1;
          for (let i = 0; i < n; i++) {
            st.push([x[0], cellUnits(cl)]);
          }
        }
        return [out, ...st];
      }
      return out;
    }
    case 'mha': {
      const q = shapes[0];
      const osA = K.args.get('output_shape');
      let o: D[] | null = q ? [q[q.length - 1]] : null;
      if (osA && osA.k !== 'none') {
        o = shapeFromValue(osA);
      }
      const out: Dims = q && o ? [...q.slice(0, -1), ...o] : null;
      if (truthy(kwargs.get('return_attention_scores') ?? NONE)) {
        const h = asPoly(K.args.get('num_heads') ?? NONE);
        return [out, q ? [q[0], h, q[1], q[1]] : null];
      }
      return out;
    }
    case 'lambda': {
      const osA = K.args.get('output_shape');
      if (osA && osA.k !== 'none') {
        const s = shapeFromValue(osA);
        return s ? [shapes[0]?.[0] ?? null, ...s] : null;
      }
      return null;
    }
    default:
      break;
  }
  const rule = e.shape ? SHAPE_RULES.get(e.shape) : undefined;
  if (!rule) {
    return null;
  }
  return rule(ctx);
}

export function callCatalog(host: KerasHost, I: Interp, K: KLayer, shapes: Dims[], kwargs: Map<string, Value>, site: Site, first: Value): Value {
  if (!K.entry) {
    K.unknown.push(`${K.cls}: unknown layer`);
    return host.newTensor(null, false);
  }
  if (K.entry.special === 'input') {
    return unknown('calling an InputLayer', site.span);
  }
  buildCatalog(host, I, K, shapes, site);
  if (K.entry.special === 'lambda' && !(K.args.get('output_shape') && K.args.get('output_shape')?.k !== 'none')) {
    // Keras infers the output by running the function on symbolic stand-ins.
    const fn = K.args.get('function');
    if (fn && (fn.k === 'func' || fn.k === 'builtin' || fn.k === 'bound')) {
      const standIn = host.mapTensors(first, t => host.newTensor(t.shape, false));
      const r = I.callValue(fn, [standIn], new Map(), site);
      if (host.flatTensors(r).length > 0) {
        return host.mapTensors(r, t => host.newTensor(t.shape, false));
      }
    }
    return host.newTensor(null, false);
  }
  const out = catalogShape(host, I, K, shapes, kwargs, site);
  if (out && out.length > 0 && Array.isArray(out[0])) {
    const items = (out as Dims[]).map(s => host.newTensor(s, false));
    return { k: K.entry.special === 'mha' ? 'tuple' : 'list', items } as Value;
  }
  return host.newTensor(out as Dims, false);
}

export function addWeights(host: KerasHost, K: KLayer, specs: KWeightSpec[]): void {
  for (const s of specs) {
    K.weights.push({ id: freshId(), name: s.name, shape: s.shape, trainable: s.trainable });
  }
}
