// Mult-adds of traced module calls, computed exactly the way torchinfo 1.8 reports them, so
// the number matches what users see in `torchinfo.summary(...)`. torchinfo's rule is a
// heuristic over leaf modules and their parameter names (see fixtures/torch/README.md):
//   weight/bias (weight_orig counts as weight): class name contains "Conv" ->
//     numel * prod(out[0], out[2:]); otherwise numel * out[0];
//   other parameters whose name contains weight/bias: numel * prod(out[:2]); others: 0.
// Does not: count FLOPs of functional ops (torchinfo does not either).
import { Poly, polyAdd, polyConst, polyConstValue, polyMul } from '../../interp/poly';
import type { Dims, InstanceV, TensorV, Value } from '../../interp/values';
import { numel } from './module';

function prod(ds: Dims): Poly | null {
  if (!ds) {
    return null;
  }
  let p: Poly = polyConst(1n);
  for (const d of ds) {
    if (!d) {
      return null;
    }
    p = polyMul(p, d);
  }
  return p;
}

/** Output shape torchinfo uses: the tensor, or the first tensor of a tuple/list output. */
function outShape(v: Value): Dims {
  if (v.k === 'tensor') {
    return v.shape;
  }
  if ((v.k === 'tuple' || v.k === 'list') && v.items.length > 0) {
    return outShape(v.items[0]);
  }
  return null;
}

/** Mult-adds of one call of a leaf module; null when some size is not known. */
export function callMacs(inst: InstanceV, out: Value, className: string): Poly | null {
  const mod = inst.mod;
  if (!mod || mod.unknownLayer || mod.unknownParams.length > 0) {
    return null;
  }
  const shape = outShape(out);
  const fast = constMacs(mod.params, shape, className.includes('Conv'));
  if (fast !== undefined) {
    return fast;
  }
  let total: Poly = polyConst(0n);
  for (const [rawName, t] of mod.params) {
    if (!t) {
      continue;
    }
    if (rawName.endsWith('_orig') || rawName.endsWith('_g') || rawName.endsWith('_v')) {
      // Re-parametrised weights (spectral/weight norm): torchinfo's numbers for these do not
      // follow its documented rule in our measurements, so we do not claim one.
      return null;
    }
    const name = rawName;
    if (!name.includes('weight') && !name.includes('bias')) {
      continue;
    }
    const n = numel(t.shape);
    if (!n || !shape || shape.length === 0) {
      return null;
    }
    let factor: Poly | null;
    if (name === 'weight' || name === 'bias') {
      factor = className.includes('Conv') ? prod([shape[0], ...shape.slice(2)]) : prod([shape[0]]);
    } else {
      factor = shape.length >= 2 ? prod(shape.slice(0, 2)) : null;
    }
    if (!factor) {
      return null;
    }
    total = polyAdd(total, polyMul(n, factor));
  }
  return total;
}

/** A dim's constant value as a number when exact, else NaN. */
function constNum(d: Poly | null): number {
  const c = d ? polyConstValue(d) : null;
  const x = c === null ? NaN : Number(c);
  return Number.isSafeInteger(x) ? x : NaN;
}

/** Product of ds[from..to) as a number when every dim and product is exact, else NaN. */
function constProd(ds: Array<Poly | null>, from: number, to: number): number {
  let p = 1;
  for (let i = from; i < to && Number.isSafeInteger(p); i++) {
    p *= constNum(ds[i]);
  }
  return Number.isSafeInteger(p) ? p : NaN;
}

/**
 * callMacs's sum when every size in it is a constant and every product an exact number (the
 * usual case), in numbers rather than a Poly (and BigInts) per step; undefined in any other
 * case, which callMacs then works out with polynomials.
 */
function constMacs(params: Map<string, TensorV | null>, shape: Dims, conv: boolean): Poly | undefined {
  if (!shape || shape.length === 0) {
    return undefined;
  }
  let total = 0;
  for (const [name, t] of params) {
    if (!t) {
      continue;
    }
    if (name.endsWith('_orig') || name.endsWith('_g') || name.endsWith('_v') || !t.shape) {
      return undefined;
    }
    if (!name.includes('weight') && !name.includes('bias')) {
      continue;
    }
    let factor: number;
    if (name === 'weight' || name === 'bias') {
      factor = conv ? constNum(shape[0]) * constProd(shape, 2, shape.length) : constNum(shape[0]);
    } else {
      factor = shape.length >= 2 ? constProd(shape, 0, 2) : NaN;
    }
    // Each step checked: safe operands with a safe result are exact.
    const macs = Number.isSafeInteger(factor) ? constProd(t.shape, 0, t.shape.length) * factor : NaN;
    total += macs;
    if (!Number.isSafeInteger(macs) || !Number.isSafeInteger(total)) {
      return undefined;
    }
  }
  return polyConst(BigInt(total));
}
