// The rows of a PyTorch model's summary: one per module in named_modules() order, with its
// type, category, parameters (own and of its subtree), trainable state, buffers, output and
// input shapes of its first call, the parameter it shares with an earlier row, and a
// structural signature (class, arguments, children) so views can fold repeated blocks.
// Does not: count the model's totals (totals.ts) or run forwards (extract.ts).
import { charge } from '../../interp/cost';
import type { Dim, LayerInfo, ModelIR, Shape, ShapeTree } from '../../ir';
import { Poly, polyToString } from '../../interp/poly';
import type { Dims, InstanceV, TensorV, Value } from '../../interp/values';
import { dimOf } from '../../ir/dims';
import { structuralHash } from '../../ir/signature';
import { Sum } from '../../ir/sum';
import { TORCH_NN_CATALOG } from './catalog';
import type { FirstCall, Trace } from './trace';
import type { ModelBuild } from './model-build';
import { Agg, subtreeAggregates, subtreeUncertain, sumDim } from './totals';

function category(m: InstanceV): LayerInfo['category'] {
  if (m.mod?.unknownLayer) {
    return 'unknown';
  }
  const t = m.mod?.layerType;
  if (t && !m.cls.user) {
    return TORCH_NN_CATALOG.get(t)?.category ?? (m.cls.framework === 'keras' ? 'other' : 'unknown');
  }
  return 'model';
}

function signatureOf(B: ModelBuild, m: InstanceV, memo: Map<InstanceV, string>): string {
  const known = memo.get(m);
  if (known) {
    return known;
  }
  B.tick();
  const mod = m.mod;
  if (mod?.ctorSig && !m.cls.user && !mod.modules.size) {
    // A leaf layer: its constructor signature alone, usually one seen before.
    const h = B.leafSignatures.of(mod.ctorSig);
    memo.set(m, h);
    return h;
  }
  // A module that contains itself (`self.inner.back = self`, which PyTorch allows) is named by
  // its class where it recurs, so the walk ends.
  memo.set(m, `cycle:${m.cls.name}`);
  // The parts of the signature string, hashed without joining them.
  const parts: string[] = [];
  if (mod?.ctorSig && !m.cls.user) {
    parts.push(mod.ctorSig, '{');
    childSignatures(B, mod.modules, memo, parts);
    parts.push('}');
  } else {
    parts.push(m.cls.name, '(');
    let first = true;
    for (const [k, t] of mod?.params ?? []) {
      parts.push(first ? '' : ',', k, ':', t && t.shape ? t.shape.map(d => (d ? polyToString(d) : '?')).join('x') : '?');
      first = false;
    }
    parts.push('){');
    if (mod) {
      childSignatures(B, mod.modules, memo, parts);
    }
    parts.push('}');
  }
  const h = 's' + structuralHash(parts);
  memo.set(m, h);
  return h;
}

/** Parts of "name:signature,..." for a module's children. */
function childSignatures(B: ModelBuild, modules: Map<string, InstanceV | null>, memo: Map<InstanceV, string>, parts: string[]): void {
  let first = true;
  for (const [k, c] of modules) {
    parts.push(first ? '' : ',', k, ':', c ? signatureOf(B, c, memo) : 'None');
    first = false;
  }
}

/** Output of a call as IR: flat outputShape plus outputTree for nested tuples. */
export function setOutput(target: { outputShape?: Shape | Shape[]; outputTree?: ShapeTree }, out: Value, subst: (p: Poly) => Poly): void {
  if (out.k === 'tensor') {
    target.outputShape = irShape(out.shape, subst);
    return;
  }
  const t = shapeTree(out, subst);
  if (t === undefined || t === null) {
    return;
  }
  target.outputTree = t;
  const items = out.k === 'tuple' || out.k === 'list' ? out.items : [...(out.k === 'dict' ? out.map.values() : [])].map(([, x]) => x);
  target.outputShape = items.map(x => (x.k === 'tensor' ? irShape(x.shape, subst) : null));
}

/** Shapes of a (nested) output; undefined when some part is not a tensor, None or container. */
function shapeTree(v: Value, subst: (p: Poly) => Poly): ShapeTree | undefined {
  charge(1); // a shared output structure is walked per path: bounded by the build's meter
  if (v.k === 'tensor') {
    return irShape(v.shape, subst);
  }
  if (v.k === 'none') {
    return null;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    const items = v.items.map(x => shapeTree(x, subst));
    return items.some(x => x === undefined) ? undefined : (items as ShapeTree[]);
  }
  if (v.k === 'dict') {
    const items = [...v.map.values()].map(([, x]) => shapeTree(x, subst));
    return items.some(x => x === undefined) ? undefined : (items as ShapeTree[]);
  }
  return undefined;
}

/** A shape as IR dims, given symbols substituted. */
function irShape(d: Dims, subst: (p: Poly) => Poly): Shape {
  if (!d) {
    return null;
  }
  // Sized up front: grown by push, a 4-dim shape would get room for 17.
  const dims = new Array<Dim>(d.length);
  for (let i = 0; i < d.length; i++) {
    const p = d[i];
    dims[i] = p ? dimOf(subst(p)) : null;
  }
  return dims;
}

export function fillLayers(B: ModelBuild, model: ModelIR, root: InstanceV, trace: Trace | undefined, subst: (p: Poly) => Poly, firstCalls: Map<InstanceV, FirstCall>): void {
  const memo = new Map<InstanceV, string>();
  const rows = B.tree(root);
  const idOf = B.pathsOf(root);
  const uncertainMemo = new Map<InstanceV, boolean>();
  const aggs = subtreeAggregates(B, rows);
  // First path of each parameter, for sharedWith: none is shared in a real tree.
  const owner = B.realTree ? null : new Map<TensorV, string>();
  for (const [path, m] of rows) {
    B.tick();
    const mod = m.mod;
    const agg = aggs.get(m) as Agg;
    const own = new Sum();
    let sharedWith: string | undefined;
    for (const t of mod?.params.values() ?? []) {
      if (t === null) {
        continue;
      }
      own.add(B.numelOf(t));
      const first = owner?.get(t);
      if (first !== undefined && first !== path) {
        sharedWith = sharedWith ?? first;
      } else if (first === undefined) {
        owner?.set(t, path);
      }
    }
    const uncertain = agg.uncertain ?? subtreeUncertain(B, m, uncertainMemo);
    // The last dotted segment is the name, the rest the parent (as path.split('.') gives).
    const dot = path.lastIndexOf('.');
    const row: LayerInfo = {
      id: path,
      name: path === '' ? model.name : path.slice(dot + 1),
      depth: path === '' ? 0 : segments(path),
      type: m.cls.user ? m.cls.name : mod?.displayType ?? mod?.layerType ?? m.cls.name,
      category: path === '' && m.cls.user ? 'model' : category(m),
      params: uncertain ? null : sumDim(agg.params, subst),
      trainableParams: uncertain || agg.unsureGrad ? null : sumDim(agg.trainableParams, subst),
      ownParams: mod?.unknownParams.length || mod?.unknownLayer ? null : own.dim(subst),
      buffers: mod?.unknownBuffers || uncertain ? null : sumDim(agg.buffers, subst),
      trainable: agg.count === 0 ? true : agg.trainable === agg.count ? true : agg.trainable === 0 ? false : 'partial',
      children: mod ? childIds(mod.modules, path, idOf) : [],
      signature: signatureOf(B, m, memo)
    };
    if (mod?.args) {
      row.args = mod.args;
    }
    if (mod?.ctorSig && !m.cls.user && mod.ctorSig.endsWith(')')) {
      row.ctor = mod.ctorSig;
    }
    if (path !== '') {
      row.parent = dot < 0 ? '' : path.slice(0, dot);
    }
    if (mod?.span) {
      row.span = mod.span;
    }
    if (sharedWith !== undefined) {
      row.sharedWith = sharedWith;
    }
    const first = firstCalls.get(m);
    if (first && B.staleAfter(m, first.at)) {
      // Changed after that call (or by code not seen): its shapes are not the module's now.
    } else if (first) {
      setOutput(row, first.out, subst);
      for (const a of first.args) {
        if (a.k === 'tensor') {
          row.inputShape = mapShapes(a.shape, subst);
          break;
        }
      }
    } else if (trace) {
      const out = trace.outShapes.get(m);
      if (out !== undefined) {
        row.outputShape = mapShapes(out, subst);
      }
    }
    model.layers.push(row);
  }
}

/** Number of dotted segments of a non-empty path (path.split('.').length). */
function segments(path: string): number {
  let n = 1;
  for (let i = path.indexOf('.'); i !== -1; i = path.indexOf('.', i + 1)) {
    n++;
  }
  return n;
}

/**
 * Ids of a row's child modules: those whose (first) path in the tree lies under the row's
 * path. A module shared with an earlier subtree is shown there, not here.
 */
function childIds(modules: Map<string, InstanceV | null>, path: string, idOf: Map<InstanceV, string>): string[] {
  const ids: string[] = [];
  const prefix = path ? path + '.' : '';
  for (const c of modules.values()) {
    const id = c ? idOf.get(c) : undefined;
    if (id !== undefined && id !== path && id.startsWith(prefix)) {
      ids.push(id);
    }
  }
  return ids;
}

function mapShapes(d: Dims | Dims[], subst: (p: Poly) => Poly): Shape | Shape[] {
  if (d && d.length > 0 && Array.isArray(d[0])) {
    return (d as Dims[]).map(x => irShape(x, subst));
  }
  return irShape(d as Dims, subst);
}
