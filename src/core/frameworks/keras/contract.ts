// The one checker of Keras input contracts: a catalog layer's InputSpec (catalog.ts `spec`,
// what __init__ declares and what build() adds from the first input), the initial states of a
// recurrent layer, and a model's own input (a Functional's InputSpec and the rank adjustment
// its call makes). Each answers the problem Keras would raise, or null when the input is
// fine — or when a dimension that decides it is not known (never a guess).
// Does not: compute output shapes (rules.ts), report diagnostics or track layers (host.ts).
import { asInt, Dims, Value } from '../../interp/values';
import { c, D, normAxis, num } from '../shape';
import type { KerasInputContract } from './catalog';

/** A shape as Keras prints it: (None, 28, 28). */
export function kerasShape(s: Dims): string {
  if (!s) {
    return '(?)';
  }
  const parts = s.map(d => (d === null ? 'None' : num(d) !== null ? String(num(d)) : 'None'));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

/** The argument's items as ints (an int or a list/tuple of ints); null when not known. */
function intsOf(v: Value | undefined): bigint[] | null {
  if (!v) {
    return null;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    const items = v.items.map(asInt);
    return items.some(x => x === null) ? null : (items as bigint[]);
  }
  const i = asInt(v);
  return i === null ? null : [i];
}

/**
 * The axes build() fixes, as [index into the built shape, index into the new input] pairs
 * (a negative axis counts from the end of each); null when not known.
 */
function buildAxes(c: KerasInputContract, args: Map<string, Value>, built: number, rank: number): Array<[number, number]> | null {
  const out: Array<[number, number]> = [];
  for (const a of c.buildAxes ?? []) {
    let axes: bigint[] | null;
    if (a === 'channel') {
      const df = args.get('data_format');
      if (df && df.k !== 'none' && df.k !== 'str') {
        return null;
      }
      axes = [df && df.k === 'str' && df.v.toLowerCase() === 'channels_first' ? 1n : -1n];
    } else if (a === 'axis') {
      axes = intsOf(args.get('axis'));
    } else {
      axes = [BigInt(a)];
    }
    if (!axes) {
      return null;
    }
    for (const x of axes) {
      const i = normAxis(x, built);
      const j = normAxis(x, rank);
      if (i === null || j === null) {
        return null;
      }
      out.push([i, j]);
    }
  }
  return out;
}

function expectedNdim(c: KerasInputContract, args: Map<string, Value>): number | null {
  if (c.ndim === undefined) {
    return null;
  }
  if (typeof c.ndim === 'number') {
    return c.ndim;
  }
  const v = args.get(c.ndim.lenOf);
  return v && (v.k === 'tuple' || v.k === 'list') ? v.items.length + c.ndim.plus : null;
}

const known = (d: D): bigint | null => (d ? num(d) : null);

/**
 * Problems of one call's first input against a layer's contract. `built` is the input shape
 * the layer was built on (undefined before its first build): the axes build() fixed are
 * checked against it, as Keras checks the InputSpec build() set.
 */
export function inputSpecProblem(c: KerasInputContract, args: Map<string, Value>, x: Dims, built: Dims | undefined): string | null {
  if (!x) {
    return null;
  }
  const full = `Full shape received: ${kerasShape(x)}`;
  const nd = expectedNdim(c, args);
  if (nd !== null && x.length !== nd) {
    return `expected ndim=${nd}, found ndim=${x.length}. ${full}`;
  }
  if (c.minNdim !== undefined && x.length < c.minNdim) {
    return `expected min_ndim=${c.minNdim}, found ndim=${x.length}. ${full}`;
  }
  if (c.opNdim !== undefined && x.length !== c.opNdim) {
    return `its kernel has rank ${c.opNdim}, so its input must have ${c.opNdim} dimensions, but it has ${x.length}. ${full}`;
  }
  if (c.buildMinNdim !== undefined && x.length < c.buildMinNdim) {
    return `expected an input with at least ${c.buildMinNdim} dimensions, received: ${kerasShape(x)}`;
  }
  if (!built) {
    return null;
  }
  if (c.buildNdim && x.length !== built.length) {
    return `expected ndim=${built.length} (it was built on ${kerasShape(built)}), found ndim=${x.length}. ${full}`;
  }
  const axes = buildAxes(c, args, built.length, x.length);
  for (const [i, j] of axes ?? []) {
    const want = known(built[i]);
    const got = known(x[j]);
    if (want !== null && got !== null && want !== got) {
      return `expected axis ${j === x.length - 1 ? -1 : j} of input shape to have value ${want}, but received input with shape ${kerasShape(x)}`;
    }
  }
  return null;
}

/** Initial states of a recurrent layer: each (batch, width). */
export function initialStateProblem(c: KerasInputContract, args: Map<string, Value>, states: Dims[]): string | null {
  if (!c.states) {
    return null;
  }
  const width = asInt(args.get(c.states.width) ?? { k: 'none' });
  if (states.length !== c.states.count) {
    return `expects ${c.states.count} initial state${c.states.count > 1 ? 's' : ''}, but received ${states.length}`;
  }
  for (const s of states) {
    const last = s && s.length > 0 ? known(s[s.length - 1]) : null;
    if (width !== null && last !== null && last !== width) {
      return `an initial state has shape ${kerasShape(s)}, but its last axis must be ${c.states.width}=${width}`;
    }
  }
  return null;
}

/**
 * fit/evaluate targets against the model's output for a compiled loss (catalog
 * KERAS_LOSS_TARGETS), after Keras' squeeze_or_expand_to_same_rank; batch sizes are not
 * compared (the output's is None). Also the rows of x and y.
 */
export function fitTargetProblem(kind: 'same' | 'sparse' | 'broadcast', loss: string, y: Dims, out: Dims, batches: bigint[] | null): string | null {
  if (!y || !out || y.length === 0 || out.length === 0) {
    return null;
  }
  let t = y;
  // The output's batch is left out (a subclassed model's is the first batch's rows).
  let o: D[] = [null, ...out.slice(1)];
  const last = (s: D[]): bigint | null => known(s[s.length - 1]);
  if (t.length === o.length + 1 && last(t) === 1n) {
    if (o.length === 1) {
      o = [...o, c1];
    } else {
      t = t.slice(0, -1);
    }
  } else if (o.length === t.length + 1 && last(o) === 1n) {
    if (t.length === 1) {
      t = [...t, c1];
    } else {
      o = o.slice(0, -1);
    }
  }
  const shown = `Received: target.shape=${kerasShape(y)}, output.shape=${kerasShape(out)}`;
  const differ = (a: D[], b: D[]): boolean => a.length !== b.length || a.some((d, i) => i > 0 && known(d) !== null && known(b[i]) !== null && known(d) !== known(b[i]));
  if (kind === 'same') {
    return differ(t, o) ? `${loss}: arguments \`target\` and \`output\` must have the same shape. ${shown}` : null;
  }
  if (kind === 'sparse') {
    const tt = t.length === o.length && last(t) === 1n ? t.slice(0, -1) : t;
    return differ(tt, o.slice(0, -1)) ? `${loss}: arguments \`target\` and \`output\` must have the same shape up until the last dimension. ${shown}` : null;
  }
  // Elementwise: each batch of the target broadcasts with the output (whose batch is None).
  for (const rows of batches ?? [null]) {
    const tb = [rows === null ? null : c(rows), ...t.slice(1)];
    const n = Math.max(tb.length, o.length);
    for (let i = 1; i <= n; i++) {
      const a = i <= tb.length ? known(tb[tb.length - i]) : 1n;
      const b = i <= o.length ? known(o[o.length - i]) : 1n;
      if (a !== null && b !== null && a !== 1n && b !== 1n && a !== b) {
        return `${loss}: the target cannot be broadcast with the output. ${shown}`;
      }
    }
  }
  return null;
}

const c1 = c(1);

/** Drops a last axis of size 1 (Keras' allow_last_axis_squeeze); `maybe` when it is not known. */
function squeezed(s: D[]): { dims: D[]; maybe: boolean } {
  if (s.length === 0) {
    return { dims: s, maybe: false };
  }
  const last = known(s[s.length - 1]);
  if (last === 1n) {
    return { dims: s.slice(0, -1), maybe: false };
  }
  return { dims: s, maybe: last === null };
}

/**
 * The input after Functional.call's rank adjustment: an extra last axis of size 1 dropped, a
 * missing one added when the model's is 1; otherwise unchanged.
 */
export function adjustedRank(ref: Dims, x: Dims): Dims {
  if (!ref || !x) {
    return x;
  }
  if (x.length === ref.length + 1 && known(x[x.length - 1]) === 1n) {
    return x.slice(0, -1);
  }
  if (x.length === ref.length - 1 && known(ref[ref.length - 1]) === 1n) {
    return [...x, ref[ref.length - 1]];
  }
  return x;
}

/**
 * A model called on a tensor, as Keras 3 checks it: a Functional's InputSpec (`spec`: the
 * input's shape without batch, a last axis of size 1 squeezable; checked on every call of a
 * Functional and on a symbolic call of a Sequential), then the rank adjustment
 * Functional.call makes (one extra or missing last axis of size 1, nothing else).
 */
export function modelInputProblem(ref: Dims, x: Dims, spec: boolean): string | null {
  if (!ref || !x) {
    return null;
  }
  const expected = `expected shape=${kerasShape([null, ...ref.slice(1)])}, found shape=${kerasShape(x)}`;
  if (spec) {
    const a = squeezed(ref.slice(1));
    const b = squeezed(x.slice(1));
    // Compare the dims both shapes surely have (zip); a maybe-squeezed last axis is left out.
    const n = Math.min(a.dims.length - (a.maybe ? 1 : 0), b.dims.length - (b.maybe ? 1 : 0));
    for (let i = 0; i < n; i++) {
      const p = known(a.dims[i]);
      const q = known(b.dims[i]);
      if (p !== null && q !== null && p !== q) {
        return expected;
      }
    }
  }
  if (ref.length !== x.length) {
    const lastX = x.length > 0 ? known(x[x.length - 1]) : null;
    const lastRef = ref.length > 0 ? known(ref[ref.length - 1]) : null;
    const why = `Expected shape ${kerasShape([null, ...ref.slice(1)])}, but input has incompatible shape ${kerasShape(x)}`;
    if (x.length === ref.length + 1 && lastX !== 1n && lastX !== null) {
      return `${why} (an extra last axis is dropped only when it is 1)`;
    }
    if (x.length === ref.length - 1 && lastRef !== 1n && lastRef !== null) {
      return `${why} (a missing last axis is added only when the model's is 1)`;
    }
    if (Math.abs(x.length - ref.length) > 1) {
      return why;
    }
  }
  return null;
}
