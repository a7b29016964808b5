// Parameter and buffer totals of a PyTorch model, as PyTorch counts them: each tensor once by
// identity (tied weights count once), trainable by requires_grad, buffers apart. Sums per
// subtree in one bottom-up pass when the module tree is a real tree, de-duplicated with sets
// when something is shared. Honesty rule: a total is a number only when every parameter that
// could contribute is exactly known; otherwise null with the reasons as diagnostics.
// Does not: walk forwards (extract.ts) or make rows (layers.ts).
import type { Diagnostic, Dim, ModelIR, SymbolicDim } from '../../ir';
import { Poly, polyConstValue, polySymbols, polyToString } from '../../interp/poly';
import type { InstanceV, TensorV } from '../../interp/values';
import { exactNumber } from '../../ir/dims';
import { Sum } from '../../ir/sum';
import type { ModelBuild } from './model-build';
import { tensorList } from './module';

/** Parameters and buffers of one subtree, each tensor once. */
export interface Agg {
  /** Parameter tensors, and how many of them are not frozen (requiresGrad !== false). */
  count: number;
  trainable: number;
  /** Some parameter's requires_grad is not known statically. */
  unsureGrad: boolean;
  /** The sums, null while empty (most modules have no buffers, activations no parameters). */
  params: Sum | null;
  trainableParams: Sum | null;
  buffers: Sum | null;
  /** subtreeUncertain(B, ) of the subtree, when the bottom-up pass could tell (a real tree). */
  uncertain: boolean | undefined;
}

function emptyAgg(): Agg {
  // Every field from the start: one set later would give each aggregate a second store.
  return { count: 0, trainable: 0, unsureGrad: false, params: null, trainableParams: null, buffers: null, uncertain: undefined };
}

/** dimOf a sum that may be empty (null). */
export function sumDim(s: Sum | null, subst: (p: Poly) => Poly): Dim {
  return s ? s.dim(subst) : 0;
}

/**
 * Adds the tensors to an aggregate. With `detect` (the first pass over a build's tree, the
 * numel memo still empty), the answer says whether some tensor's numel was already known:
 * a tensor in two slots.
 */
function addTensors(B: ModelBuild, a: Agg, ps: Iterable<TensorV | null>, bufs: Iterable<TensorV | null>, detect = false): boolean {
  let again = false;
  for (const t of ps) {
    if (t) {
      B.tick();
      again = (detect && B.numels.has(t)) || again;
      const n = B.numelOf(t);
      a.count++;
      (a.params ??= new Sum()).add(n);
      if (t.requiresGrad !== false) {
        a.trainable++;
        (a.trainableParams ??= new Sum()).add(n);
      }
      if (t.requiresGrad === undefined) {
        a.unsureGrad = true;
      }
    }
  }
  for (const t of bufs) {
    if (t) {
      B.tick();
      again = (detect && B.numels.has(t)) || again;
      (a.buffers ??= new Sum()).add(B.numelOf(t));
    }
  }
  return again;
}

/**
 * Aggregates of every subtree of the module tree `rows` (named_modules order). When the tree
 * is a real tree (each module has one parent, each tensor one slot) the subtrees are disjoint
 * and aggregates add up bottom-up in one pass. Shared modules or tensors (tied weights) need
 * de-duplication by identity per subtree, which is done with sets, as PyTorch does.
 */
export function subtreeAggregates(B: ModelBuild, rows: Array<[string, InstanceV]>): Map<InstanceV, Agg> {
  // Optimistically a real tree: pre-order rows, so every child comes after its parent and
  // reverse order is bottom-up. On the way, modules that have a parent and tensors in some
  // slot are noted: one met again means sharing, and the sums are done again below.
  // The numel memo starts empty here, so a tensor whose numel is known already is in two slots.
  B.numels = new Map();
  const aggs = new Map<InstanceV, Agg>();
  const parents = new Set<InstanceV>();
  let shared = false;
  for (let i = rows.length - 1; i >= 0; i--) {
    B.tick();
    const m = rows[i][1];
    const a = emptyAgg();
    shared = addTensors(B, a, m.mod?.params.values() ?? [], m.mod?.buffers.values() ?? [], true) || shared;
    let uncertain = locallyUncertain(m);
    let childrenKnown = true;
    for (const c of m.mod?.modules.values() ?? []) {
      if (!c) {
        continue;
      }
      const size = parents.size;
      shared = parents.add(c).size === size || shared;
      const ca = aggs.get(c);
      if (!ca || ca.uncertain === undefined) {
        childrenKnown = false;
      } else if (ca.uncertain) {
        uncertain = true;
      }
      if (ca) {
        B.tick();
        a.count += ca.count;
        a.trainable += ca.trainable;
        a.unsureGrad = a.unsureGrad || ca.unsureGrad;
        if (ca.params) {
          (a.params ??= new Sum()).merge(ca.params);
        }
        if (ca.trainableParams) {
          (a.trainableParams ??= new Sum()).merge(ca.trainableParams);
        }
        if (ca.buffers) {
          (a.buffers ??= new Sum()).merge(ca.buffers);
        }
      }
    }
    if (childrenKnown) {
      a.uncertain = uncertain;
    }
    aggs.set(m, a);
  }
  B.realTree = !shared && rows.length > 0 && !parents.has(rows[0][1]);
  if (B.realTree) {
    return aggs;
  }
  aggs.clear();
  // Parameters/buffers of each subtree (each tensor once), built bottom-up once.
  const subtree = new Map<InstanceV, { ps: TensorV[]; bufs: TensorV[] }>();
  const collect = (m: InstanceV, active: Set<InstanceV>): { ps: TensorV[]; bufs: TensorV[] } => {
    B.tick();
    const known = subtree.get(m);
    if (known) {
      return known;
    }
    if (active.has(m)) {
      return { ps: [], bufs: [] };
    }
    active.add(m);
    const ps = new Set<TensorV>();
    const bufs = new Set<TensorV>();
    for (const t of m.mod?.params.values() ?? []) {
      if (t) {
        ps.add(t);
      }
    }
    for (const t of m.mod?.buffers.values() ?? []) {
      if (t) {
        bufs.add(t);
      }
    }
    for (const c of m.mod?.modules.values() ?? []) {
      if (c) {
        const r = collect(c, active);
        r.ps.forEach(t => ps.add(t));
        r.bufs.forEach(t => bufs.add(t));
      }
    }
    active.delete(m);
    const res = { ps: [...ps], bufs: [...bufs] };
    subtree.set(m, res);
    return res;
  };
  for (const [, m] of rows) {
    const r = collect(m, new Set());
    const a = emptyAgg();
    addTensors(B, a, r.ps, r.bufs);
    aggs.set(m, a);
  }
  return aggs;
}

/** Reasons why the parameters of a subtree are not exactly known. */
function uncertainty(B: ModelBuild, root: InstanceV): string[] {
  const reasons: string[] = [];
  for (const [path, m] of B.tree(root)) {
    B.tick();
    const mod = m.mod;
    if (!mod) {
      continue;
    }
    const where = path || 'model';
    for (const r of mod.unknownParams) {
      reasons.push(`${where}: ${r}`);
    }
    if (mod.lazy) {
      reasons.push(`${where}: lazy ${mod.layerType} never called with a known input, so its size is unknown`);
    }
    for (const [name, r] of mod.unknownAttrs ?? []) {
      reasons.push(`${where}.${name} is not known statically (${r}); it might hold parameters`);
    }
    const unk = m.attrs.get('__unknown__');
    if (unk && unk.k === 'unknown') {
      reasons.push(`${where}: ${unk.reason}`);
    }
    if (m.cls.unknownBase) {
      reasons.push(`${where}: a base class of ${m.cls.name} is not known statically`);
    }
  }
  return reasons;
}

/** True when this module itself (not its children) has parameters not exactly known. */
function locallyUncertain(m: InstanceV): boolean {
  const mod = m.mod;
  if (!mod) {
    return false;
  }
  const unk = m.attrs.get('__unknown__');
  return mod.unknownParams.length > 0 || !!mod.lazy || (mod.unknownAttrs?.size ?? 0) > 0 || (unk !== undefined && unk.k === 'unknown') || !!m.cls.unknownBase;
}

export function subtreeUncertain(B: ModelBuild, m: InstanceV, memo: Map<InstanceV, boolean> = new Map()): boolean {
  const known = memo.get(m);
  if (known !== undefined) {
    return known;
  }
  B.tick();
  memo.set(m, false);
  let r = locallyUncertain(m);
  for (const c of m.mod?.modules.values() ?? []) {
    if (c && subtreeUncertain(B, c, memo)) {
      r = true;
    }
  }
  memo.set(m, r);
  return r;
}

/**
 * Tensors of the modules' own slots, each once (by identity), in order; `distinct` says no
 * tensor is in two slots (no set needed).
 */
function uniqueTensors(mods: InstanceV[] | Map<InstanceV, string>, kind: 'params' | 'buffers', distinct: boolean): TensorV[] {
  const out: TensorV[] = [];
  const seen = distinct ? null : new Set<TensorV>();
  // forEach with two closures per call: for-of here (run once per model, so never optimised)
  // made an iterator result per module and per tensor.
  const addTensor = (t: TensorV | null): void => {
    if (t && !seen?.has(t)) {
      seen?.add(t);
      out.push(t);
    }
  };
  const addModule = (m: InstanceV): void => {
    m.mod?.[kind].forEach(addTensor);
  };
  if (Array.isArray(mods)) {
    mods.forEach(addModule);
  } else {
    mods.forEach((_p, m) => addModule(m));
  }
  return out;
}

export function fillTotals(B: ModelBuild, model: ModelIR, root: InstanceV, diagnostics: Diagnostic[], subst: (p: Poly) => Poly): void {
  const reasons = uncertainty(B, root);
  // named_parameters() / named_buffers() of the tree as it is now (paths are not needed).
  const rows = B.tree(root);
  const now = B.modulesIfChanged(root);
  // The tree subtreeAggregates saw, found to be a real tree: every tensor is in one slot.
  const distinct = B.realTree && now === null;
  const params = uniqueTensors(now ?? B.pathsOf(root), 'params', distinct);
  const bufs = uniqueTensors(now ?? B.pathsOf(root), 'buffers', distinct);
  const totalP = B.total(params);
  const trainableP = B.total(params.filter(t => t.requiresGrad !== false));
  const unsureGrad = params.some(t => t.requiresGrad === undefined);
  const unknownShapes = params.filter(t => B.numelOf(t) === null).length;
  if (unknownShapes > 0 && reasons.length === 0) {
    reasons.push(`${unknownShapes} parameter tensor(s) have shapes not known statically`);
  }
  for (const r of [...new Set(reasons)].slice(0, 20)) {
    diagnostics.push({ severity: 'info', code: 'params-unknown', message: r, span: root.mod?.span });
  }
  const asNum = (p: Poly | null): { n: number | null; sym?: SymbolicDim } => {
    if (!p) {
      return { n: null };
    }
    const s = subst(p);
    const c = polyConstValue(s);
    if (c !== null) {
      const n = exactNumber(c);
      if (n === null) {
        diagnostics.push({ severity: 'info', code: 'params-too-large', message: `${c} parameters: too large to report as an exact number` });
        return { n: null, sym: { expr: c.toString(), symbols: [] } };
      }
      return { n };
    }
    return { n: null, sym: { expr: polyToString(s), symbols: polySymbols(s) } };
  };
  const buffersKnown = !root.mod?.unknownBuffers && !B.tree(root).some(([, m]) => m.mod?.unknownBuffers);
  const b = buffersKnown && reasons.length === 0 ? asNum(B.total(bufs)) : { n: null };
  model.params.buffers = b.n;
  if (reasons.length > 0) {
    return;
  }
  const t = asNum(totalP);
  model.params.total = t.n;
  if (t.sym) {
    model.params.symbolicTotal = t.sym;
    diagnostics.push({ severity: 'info', code: 'params-symbolic', message: `parameter count depends on ${t.sym.symbols.join(', ')}: ${t.sym.expr}` });
  }
  if (!unsureGrad) {
    const tr = asNum(trainableP);
    model.params.trainable = tr.n;
    if (t.n !== null && tr.n !== null) {
      model.params.nonTrainable = t.n - tr.n;
    }
  } else {
    diagnostics.push({ severity: 'info', code: 'trainable-unknown', message: 'which parameters are frozen is not known statically' });
  }
  // Shared: tensors owned by more than one module (by identity). None when the tree that
  // fillLayers saw is a real tree and is still the current one.
  if (B.realTree && (now === null || (now.length === rows.length && now.every((m, i) => m === rows[i][1])))) {
    return;
  }
  const owners = new Map<TensorV, number>();
  const seenMods = new Set<InstanceV>();
  // Modules on the path from the root: a slot pointing back to one of them (a cycle,
  // `self.inner.back = self`) shares nothing, it only leads back.
  const ancestors = new Set<InstanceV>();
  const countOwners = (m: InstanceV): void => {
    B.tick();
    ancestors.add(m);
    for (const p of m.mod?.params.values() ?? []) {
      if (p) {
        owners.set(p, (owners.get(p) ?? 0) + 1);
      }
    }
    for (const c of m.mod?.modules.values() ?? []) {
      if (c && !ancestors.has(c)) {
        if (seenMods.has(c)) {
          for (const p of tensorList(c, 'params')) {
            owners.set(p, (owners.get(p) ?? 0) + 1);
          }
          continue;
        }
        seenMods.add(c);
        countOwners(c);
      }
    }
    ancestors.delete(m);
  };
  seenMods.add(root);
  countOwners(root);
  const shared = [...owners.entries()].filter(([, n]) => n > 1).map(([p]) => p);
  if (shared.length > 0) {
    const s = asNum(B.total(shared));
    if (s.n !== null) {
      model.params.shared = s.n;
    }
  }
}
