// Mult-adds of traced module calls, computed exactly the way torchinfo 1.8 reports them, so
// the number matches what users see in `torchinfo.summary(...)`. torchinfo's rule is a
// heuristic over leaf modules and their parameter names (see fixtures/torch/README.md):
//   weight/bias (weight_orig counts as weight): class name contains "Conv" ->
//     numel * prod(out[0], out[2:]); otherwise numel * out[0];
//   other parameters whose name contains weight/bias: numel * prod(out[:2]); others: 0.
// Does not: count FLOPs of functional ops (torchinfo does not either).
import { Poly, polyAdd, polyConst, polyMul } from '../../interp/poly';
import type { Dims, InstanceV, Value } from '../../interp/values';
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
  let total: Poly = polyConst(0n);
  const shape = outShape(out);
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
