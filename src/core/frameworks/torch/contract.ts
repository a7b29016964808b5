// The one checker of PyTorch input contracts (catalog.ts `input`): binds a call's arguments to
// the forward() parameters the contract names, evaluates its terms over the constructor's
// arguments and the inputs' sizes, and reports each broken check through ShapeProblems (an
// error at the call). A check whose input is absent, None or not known, or whose terms are not
// known, is skipped: only what provably raises is reported.
// Does not: compute output shapes (shapes.ts) or know any layer by name.
import { asInt, asPoly, Dims, truthy, Value } from '../../interp/values';
import { broadcast, c, D, dimEq, fmtShape, mul, normAxis, num, ShapeProblems } from '../shape';
import type { Term, TorchCheck, TorchContract } from './catalog';

/** The call's arguments bound to the contract's forward() parameter names. */
type Inputs = Map<string, Value>;

function bind(c0: TorchContract, args: Value[], kwargs: Map<string, Value>): Inputs {
  const names = c0.forward ?? ['input'];
  const out: Inputs = new Map();
  names.forEach((n, i) => {
    const v = i < args.length ? args[i] : kwargs.get(n);
    if (v !== undefined) {
      out.set(n, v);
    }
  });
  return out;
}

/** An input by name ('hx.0': item 0 of the tuple hx); undefined when absent or None. */
function input(ins: Inputs, path: string): Value | undefined {
  const [name, ...rest] = path.split('.');
  let v = ins.get(name);
  for (const r of rest) {
    if (!v || (v.k !== 'tuple' && v.k !== 'list')) {
      return undefined;
    }
    v = v.items[Number(r)];
  }
  return v && v.k !== 'none' ? v : undefined;
}

function shapeOf(v: Value | undefined): Dims {
  return v && v.k === 'tensor' ? v.shape : null;
}

interface Env {
  attrs: Map<string, Value>;
  ins: Inputs;
}

/** A term's value; null when it is not known. */
function term(t: Term, env: Env): D {
  if (typeof t === 'number') {
    return c(t);
  }
  if (typeof t === 'string') {
    const v = env.attrs.get(t);
    return v ? asPoly(v) : null;
  }
  if ('size' in t) {
    const s = shapeOf(input(env.ins, t.size));
    const a = term(t.axis, env);
    const i = s && a ? normAxis(num(a), s.length) : null;
    return s && i !== null ? s[i] : null;
  }
  if ('mul' in t) {
    return t.mul.reduce<D>((acc, x) => mul(acc, term(x, env)), c(1));
  }
  if ('if' in t) {
    const v = env.attrs.get(t.if);
    const b = v ? truthy(v) : null;
    return b === null ? null : term(b ? t.then : t.else, env);
  }
  for (const name of t.first) {
    const v = env.attrs.get(name);
    if (v && v.k !== 'none') {
      return asPoly(v);
    }
  }
  return null;
}

/** Whether a check applies: true, false, or null when that is not known (then it is skipped). */
function applies(ch: TorchCheck, env: Env, main: Dims): boolean | null {
  if (ch.ifInputNdim) {
    if (!main) {
      return null;
    }
    if (!ch.ifInputNdim.includes(main.length)) {
      return false;
    }
  }
  if (ch.ifArg) {
    let unknownSeen = false;
    for (const cond of ch.ifArg) {
      const eq = cond.indexOf('=');
      const v = env.attrs.get(eq < 0 ? cond : cond.slice(0, eq));
      if (!v) {
        continue;
      }
      const b = eq < 0 ? truthy(v) : v.k === 'str' ? v.v === cond.slice(eq + 1) : v.k === 'unknown' ? null : false;
      if (b === true) {
        return true;
      }
      unknownSeen = unknownSeen || b === null;
    }
    return unknownSeen ? null : false;
  }
  return true;
}

const show = (d: D): string => (d && num(d) !== null ? String(num(d)) : '?');

/** Checks one call against a contract; false (after reporting) when it would raise. */
export function checkContract(c0: TorchContract, layer: string, attrs: Map<string, Value>, args: Value[], kwargs: Map<string, Value>, api: ShapeProblems): boolean {
  const ins = bind(c0, args, kwargs);
  const env: Env = { attrs, ins };
  const mainName = (c0.forward ?? ['input'])[0];
  const main = shapeOf(input(ins, mainName));
  for (const ch of c0.checks) {
    const of = ch.of ?? mainName;
    const x = shapeOf(input(ins, of));
    if (!x || applies(ch, env, main) !== true) {
      continue;
    }
    const problem = checkOne(ch, env, x, of);
    if (problem) {
      api.mismatch(`${layer}: ${problem}`);
      return false;
    }
  }
  return true;
}

function checkOne(ch: TorchCheck, env: Env, x: D[], of: string): string | null {
  const r = x.length;
  const shape = fmtShape(x);
  if (ch.ndim && !ch.ndim.includes(r)) {
    return `expected a ${ch.ndim.join('D or ')}D ${ch.what ?? of}, but got a ${r}D ${of} of size ${shape}`;
  }
  if (ch.minNdim !== undefined && r < ch.minNdim) {
    return `expected ${of} with at least ${ch.minNdim} dimensions, but got size ${shape}`;
  }
  if (ch.axis !== undefined && (ch.eq !== undefined || ch.divisibleBy !== undefined)) {
    const a = term(ch.axis, env);
    const i = a ? normAxis(num(a), r) : null;
    if (i === null) {
      return null;
    }
    const got = x[i];
    if (ch.eq !== undefined) {
      const want = term(ch.eq, env);
      if (dimEq(want, got) === false) {
        return `expected ${ch.what ?? `size ${show(want)} on dim ${i}`} ${show(want)}, but got ${show(got)} (${of} of size ${shape})`;
      }
    }
    if (ch.divisibleBy !== undefined) {
      const by = num(term(ch.divisibleBy, env));
      const g = num(got);
      if (by !== null && g !== null && by > 0n && g % by !== 0n) {
        return `the ${ch.what ?? `size of dim ${i}`} (${g}) must be divisible by ${by} (${of} of size ${shape})`;
      }
    }
  }
  if (ch.trailing !== undefined) {
    const v = env.attrs.get(ch.trailing);
    const want = v && (v.k === 'tuple' || v.k === 'list') ? v.items.map(asPoly) : v ? [asPoly(v)] : null;
    if (want) {
      const bad = r < want.length || want.some((d, k) => dimEq(d, x[r - want.length + k]) === false);
      if (bad) {
        return `given ${ch.trailing}=[${want.map(show).join(', ')}], expected ${of} with shape [*, ${want.map(show).join(', ')}], but got ${of} of size ${shape}`;
      }
    }
  }
  if (ch.shape) {
    const want = ch.shape.map(t => term(t, env));
    if (want.length !== r || want.some((d, k) => dimEq(d, x[k]) === false)) {
      return `expected ${ch.what ?? `${of} of size`} (${want.map(show).join(', ')}), got ${shape}`;
    }
  }
  if (ch.spatialArg !== undefined) {
    const v = env.attrs.get(ch.spatialArg);
    if (v && (v.k === 'tuple' || v.k === 'list') && v.items.length !== r - 2) {
      return `${of} has ${r - 2} spatial dimensions (size ${shape}), but ${ch.spatialArg} has ${v.items.length} entries`;
    }
  }
  if (ch.dimArg !== undefined) {
    const v = env.attrs.get(ch.dimArg);
    const d = v && v.k !== 'none' ? asInt(v) : null;
    const n = BigInt(Math.max(r, 1));
    if (d !== null && (d < -n || d >= n)) {
      return `${ch.dimArg}=${d} is out of range for ${of} of size ${shape} (expected to be in range of [${-n}, ${n - 1n}])`;
    }
  }
  if (ch.unflatten) {
    const dv = env.attrs.get(ch.unflatten.dim);
    const sv = env.attrs.get(ch.unflatten.sizes);
    const i = dv ? normAxis(asInt(dv), r) : null;
    const sizes = sv && (sv.k === 'tuple' || sv.k === 'list') ? sv.items.map(asInt) : null;
    const total = i !== null ? num(x[i]) : null;
    if (sizes && total !== null && sizes.every(s => s !== null)) {
      const ss = sizes as bigint[];
      const known = ss.filter(s => s !== -1n).reduce((a, b) => a * b, 1n);
      const free = ss.filter(s => s === -1n).length;
      if (free === 0 ? known !== total : free > 1 || known === 0n || total % known !== 0n) {
        return `provided sizes [${ss.join(', ')}] don't multiply up to the size of dim ${i} (${total}) of ${of} of size ${shape}`;
      }
    }
  }
  if (ch.broadcastWith !== undefined) {
    const y = shapeOf(input(env.ins, ch.broadcastWith));
    let conflict: string | null = null;
    broadcast(x, y, { mismatch: m => (conflict = m) }, `${of} and ${ch.broadcastWith}`);
    if (conflict) {
      return conflict;
    }
  }
  if (ch.sameShapeAs !== undefined) {
    const y = shapeOf(input(env.ins, ch.sameShapeAs));
    if (y && (y.length !== r || y.some((d, k) => dimEq(d, x[k]) === false))) {
      return `${ch.sameShapeAs} size ${fmtShape(y)} must be the same as ${of} size ${shape}`;
    }
  }
  if (ch.classTargetOf !== undefined) {
    const y = shapeOf(input(env.ins, ch.classTargetOf));
    if (y) {
      return classTargetProblem(x, y, of, ch.classTargetOf);
    }
  }
  return null;
}

/** cross_entropy / nll_loss: class indices (the input without its class dim) or probabilities (the input's shape). */
function classTargetProblem(x: D[], y: D[], of: string, tname: string): string | null {
  const differs = (a: D[], b: D[]): boolean => a.length !== b.length || a.some((d, k) => dimEq(d, b[k]) === false);
  if (y.length === x.length) {
    return differs(x, y) ? `${tname} of size ${fmtShape(y)} is neither class indices nor probabilities for ${of} of size ${fmtShape(x)}` : null;
  }
  if (y.length === x.length - 1) {
    const want = x.length >= 2 ? [x[0], ...x.slice(2)] : [];
    return differs(want, y) ? `expected ${tname} size ${fmtShape(want)} (${of} ${fmtShape(x)} without its class dim), got ${fmtShape(y)}` : null;
  }
  return `${tname} of size ${fmtShape(y)} does not fit ${of} of size ${fmtShape(x)} (class indices have one dimension less, probabilities the same shape)`;
}
