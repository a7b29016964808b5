// Keras models -> ModelIR: every keras.Model bound to a global name (Sequential, functional,
// subclassed, keras.applications), with totals the way model.summary() reports them
// (trainable / non-trainable, BatchNormalization statistics counted as non-trainable),
// one row per summary() row (Sequential: its layers; functional: operations by depth,
// InputLayers included; subclassed: tracked layers), output shapes with the batch dim as
// null (Keras' None), and the dataflow graph of functional models.
// Does not: interpret code (host.ts) or know torch.
import { argText as boundedArgText, MAX_ARG_TEXT } from '../../interp/repr';
import type { Diagnostic, GraphEdge, GraphNode, LayerInfo, ModelIR, Shape, Span } from '../../ir';
import type { Interp } from '../../interp/context';
import { BudgetError } from '../../interp/ops';
import { Poly, polyConstValue, polySub, polySymbols, polyToString } from '../../interp/poly';
import type { Dims, InstanceV, TensorV, Value } from '../../interp/values';
import type { KerasHost } from './host';
import { hasUnknownLeaf } from './values';
import { layerSetUnknown } from './unseen';
import { countWeights, KLayer, mayHaveWeights } from './state';
import { BuildDeadline, unbuiltModel } from '../../ir/deadline';
import { dimOf, shapeOf } from '../../ir/dims';

/** First `base`, `base#1`, `base#2`, ... not in `used`; `next` remembers where to look (O(1) per id). */
function uniqueId(base: string, used: Set<string>, next: Map<string, number>, emptyTaken = false): string {
  if (!used.has(base) && !(emptyTaken && base === '')) {
    return base;
  }
  let n = next.get(base) ?? 1;
  let id = `${base}#${n}`;
  while (used.has(id)) {
    id = `${base}#${++n}`;
  }
  next.set(base, n + 1);
  return id;
}

function shapesOut(s: Dims | Dims[] | null | undefined): Shape | Shape[] | undefined {
  if (s === undefined) {
    return undefined;
  }
  if (s === null) {
    return null;
  }
  if (s.length > 0 && Array.isArray(s[0])) {
    return (s as Dims[]).map(shapeOf) as Shape[];
  }
  return shapeOf(s as Dims);
}

/** Keras layers that override build() record their build shapes (summary shows them). */
function recordsBuildShape(L: KLayer, host: KerasHost): boolean {
  if (L.entry) {
    return L.entry.weights !== undefined || (L.entry.special !== undefined && L.entry.special !== 'lambda' && L.entry.special !== 'input') ||
      L.entry.category === 'merge';
  }
  if (L.kind === 'functional' || L.kind === 'sequential' || L.kind === 'app') {
    return true;
  }
  const inst = L.inst;
  return inst !== undefined && host.hasUserMethod(inst, 'build');
}

/** The "Output Shape" cell of summary() for one row. */
function rowShape(L: KLayer, host: KerasHost): Dims | Dims[] | null {
  if (L.nodes.length > 0) {
    const node = L.nodes[L.nodes.length - 1];
    const outs = node.outputs.map(t => t.shape);
    return outs.length === 0 ? null : outs.length === 1 ? outs[0] : outs;
  }
  if ((L.kind === 'functional' || L.kind === 'app') && L.outputs) {
    if (L.outputsV && hasUnknownLeaf(L.outputsV)) {
      return null;
    }
    const outs = L.outputs.map(t => t.shape);
    return outs.length === 0 ? null : outs.length === 1 ? outs[0] : outs;
  }
  if (L.lastShape !== undefined && recordsBuildShape(L, host)) {
    return L.lastShape;
  }
  return null;
}

function numOrNull(p: Poly | null): number | null {
  if (p === null) {
    return null;
  }
  const v = polyConstValue(p);
  return v === null ? null : Number(v);
}

/** Rows of summary(): the layers Keras prints for this model. */
function summaryRows(K: KLayer, host: KerasHost): KLayer[] {
  switch (K.kind) {
    case 'sequential':
      return host.seqLayers(K);
    case 'functional':
      if (K.ops && K.ops.length > 0) {
        return K.ops;
      }
      return host.tracked(K);
    case 'subclassed':
      return host.tracked(K);
    default:
      return [];
  }
}

function kerasModelIR(host: KerasHost, K: KLayer, varName: string, deadline?: BuildDeadline): ModelIR {
  const tick = (): void => deadline?.tick();
  const diagnostics: Diagnostic[] = [];
  const info = (code: string, message: string): void => {
    diagnostics.push({ severity: 'info', code, message, span: K.span });
  };
  const ws = host.weightsOf(K);
  const reasons = host.unknownReasons(K);
  // Handed to code that cannot be seen (opaque.ts): it may have built or changed any layer.
  const havoc = K.inst?.mod?.changedUnseen;
  let total: Poly | null = countWeights(ws.all);
  let trainable: Poly | null = countWeights(ws.trainable);
  let built = K.built;
  if (K.kind === 'sequential') {
    built = K.seqFunctional === true && K.built;
  }
  if (reasons.length > 0) {
    total = null;
    trainable = null;
    for (const r of [...new Set(reasons)].slice(0, 8)) {
      info('unknown-params', r);
    }
  }
  if (ws.trainableUnknown) {
    trainable = null;
    info('unknown-trainable', ws.trainableUnknown);
  }
  if (K.unknownAt && K.unknownAt.length > 0) {
    // The places its inputs/outputs stopped being known (a layer call that fails, ...).
    diagnostics.push({ severity: 'info', code: 'unknown-graph', message: `the graph of ${K.name} is not known past these places`, span: K.span, related: K.unknownAt.slice(0, 8) });
  }
  const rows = summaryRows(K, host);
  const gap = layerSetUnknown(K);
  if (gap) {
    // The rows are the layers known; which others there are, and so the order, is not known.
    info('rows-incomplete', `${K.name}: the layers are not all known statically (${gap}); the rows shown are the ones known`);
  }
  if (K.opaque) {
    info('opaque-model', K.opaque);
  }
  let totalOut: number | null = numOrNull(total);
  let symbolicTotal: ModelIR['params']['symbolicTotal'];
  if (total !== null && totalOut === null) {
    symbolicTotal = { expr: polyToString(total), symbols: polySymbols(total) };
  }
  const trainableOut = numOrNull(trainable);
  let nonTrainable = total !== null && trainable !== null ? numOrNull(polySub(total, trainable)) : null;
  let trainableShown = trainableOut;
  // Unbuilt for certain (Keras too would not have built it), or unbuilt because of what we could not follow?
  let confidentlyUnbuilt = (!built && !K.callAttempted && K.unknown.length === 0 && !havoc) || K.builtWithoutBuild === true;
  if (!built && K.callAttempted) {
    // Keras would have built it; we could not: the weights that exist now are not all of them.
    trainableShown = null;
    nonTrainable = null;
    info('unbuilt', `${K.name}: could not work out how Keras builds it`);
  } else if (!built && K.kind === 'sequential' && (K.unknown.length > 0 || (K.layers ?? []).some(l => l.kind !== 'layer' || l.inputShapeArg !== undefined))) {
    trainableShown = null;
    nonTrainable = null;
    confidentlyUnbuilt = false;
  }
  if (!built) {
    // Keras: count_params() raises on an unbuilt model; summary() prints "0 (unbuilt)".
    info('unbuilt', `${K.name} is not built (no input shape is known), so Keras cannot count its parameters yet`);
    totalOut = null;
    symbolicTotal = undefined;
  }
  const layers: LayerInfo[] = [];
  const rootType = K.kind === 'sequential' ? 'Sequential' : K.kind === 'functional' || K.kind === 'app' ? K.cls : K.cls;
  layers.push({
    id: '', name: varName, depth: 0, type: rootType, category: 'model', params: totalOut ?? (symbolicTotal ?? null),
    trainableParams: trainableOut, ownParams: 0, trainable: K.trainable, children: [], span: K.span
  });
  const ids = new Set<string>();
  const nextId = new Map<string, number>();
  const visiting = new Set<KLayer>([K]);
  const addRows = (list: KLayer[], parent: LayerInfo, depth: number): void => {
    for (const L of list) {
      tick();
      const base = depth === 1 ? L.name : `${parent.id}/${L.name}`;
      const id = uniqueId(base, ids, nextId, true);
      ids.add(id);
      const lw = host.weightsOf(L);
      const lr = host.unknownReasons(L);
      // An unbuilt layer has 0 weights in Keras; only say so when Keras would not have built it either.
      const unbuiltHere = !L.built && mayHaveWeights(L) && !confidentlyUnbuilt;
      const lp = havoc || lr.length > 0 || unbuiltHere ? null : countWeights(lw.all);
      const lt = havoc || lr.length > 0 || unbuiltHere || lw.trainableUnknown ? null : countWeights(lw.trainable);
      const row: LayerInfo = {
        id, name: L.name, depth, type: L.cls, category: L.isOp ? 'function' : L.entry?.category ?? (L.kind === 'input' ? 'input' : L.kind === 'layer' ? 'other' : 'model'),
        params: lp === null ? null : dimOf(lp), trainableParams: lt === null ? null : dimOf(lt), ownParams: null,
        trainable: L.trainableUnknown ? 'partial' : L.trainable, outputShape: havoc ? null : shapesOut(rowShape(L, host)), children: [], parent: parent.id, span: L.span,
        signature: signatureOf(L, host)
      };
      if (L.entry?.show) {
        row.args = L.entry.show.map(a => `${a}=${argText(L.args.get(a))}`).join(', ');
      }
      if (L.entry && L.args.size) {
        row.ctor = `${L.cls}(${[...L.args].map(([k, v]) => `${k}=${argText(v)}`).join(', ')})`;
      }
      if (lp !== null && lt !== null) {
        const nt = polySub(lp, lt);
        const v = polyConstValue(nt);
        if (v !== null && v > 0n) {
          row.buffers = Number(v);
        }
      }
      if (host.uncertainNames.has(L) && depth === 1) {
        diagnostics.push({ severity: 'info', code: 'uncertain-name', message: `${L.name}: ${host.nameDrift ?? 'auto name may differ from Keras'}`, span: L.span });
      }
      parent.children.push(id);
      layers.push(row);
      // Nested models and composite layers: their own layers one level down (summary(expand_nested=True)).
      if (depth < 6 && !visiting.has(L)) {
        visiting.add(L);
        const kids = nestedRows(L, host);
        if (kids.length > 0) {
          addRows(kids, row, depth + 1);
        }
        visiting.delete(L);
      }
    }
  };
  addRows(rows, layers[0], 1);
  const graph = functionalGraph(host, K, tick);
  let outputShape: Shape | Shape[] | undefined;
  if (K.kind === 'sequential') {
    const outs = K.outputsV ? host.flatTensors(K.outputsV) : [];
    outputShape = built && outs.length > 0 ? (outs.length === 1 ? shapeOf(outs[0].shape) : outs.map(t => shapeOf(t.shape))) : null;
  } else if (K.kind === 'functional' || K.kind === 'app') {
    // Outputs not all known statically: the ones we know are not the model's output.
    const outs = K.outputsV && hasUnknownLeaf(K.outputsV) ? [] : K.outputs ?? [];
    outputShape = outs.length === 0 ? null : outs.length === 1 ? shapeOf(outs[0].shape) : outs.map(t => shapeOf(t.shape));
  } else {
    // Subclassed: the output of the last call, with the batch dim as None (Keras traces it so).
    const noBatch = (d: Dims): Dims => (d && d.length > 0 ? [null, ...d.slice(1)] : d);
    const ls = K.lastShape;
    outputShape = ls === undefined || ls === null || !built ? null
      : shapesOut(ls.length > 0 && Array.isArray(ls[0]) ? (ls as Dims[]).map(noBatch) : noBatch(ls as Dims));
  }
  if (havoc) {
    outputShape = null;
  }
  const inputT = K.kind === 'sequential' ? (K.layers?.[0]?.tensor ? [K.layers[0].tensor as TensorV] : []) : K.inputs ?? [];
  const span = K.span;
  const ir: ModelIR = {
    name: varName,
    kind: K.kind === 'sequential' ? 'sequential' : K.kind === 'subclassed' ? 'instance' : 'functional',
    framework: 'keras',
    class: K.kind === 'sequential' ? 'Sequential' : K.kind === 'app' ? 'Functional' : K.cls,
    params: { total: totalOut, trainable: trainableShown, nonTrainable, buffers: 0, ...(symbolicTotal ? { symbolicTotal } : {}) },
    outputShape,
    layers,
    graph,
    cell: span?.cell ?? 0,
    line: span?.startLine ?? 0,
    diagnostics
  };
  if (span) {
    ir.span = span;
    if (span.cellId !== undefined) {
      ir.cellId = span.cellId;
    }
  }
  if (inputT.length > 0) {
    ir.input = { shape: shapeOf(inputT[0].shape), source: 'input-layer' };
  }
  const syms = new Set<string>();
  if (symbolicTotal) {
    symbolicTotal.symbols.forEach(s => syms.add(s));
  }
  if (syms.size > 0) {
    ir.symbols = [...syms];
  }
  return ir;
}

/** Layers shown under a row when nested rows are expanded. */
function nestedRows(L: KLayer, host: KerasHost): KLayer[] {
  if (L.kind === 'sequential' || L.kind === 'functional' || L.kind === 'subclassed') {
    return summaryRows(L, host).filter(x => x.kind !== 'input');
  }
  if (L.kind === 'layer') {
    return [...L.sub, ...host.tracked(L)];
  }
  return [];
}

function argText(v: Value | undefined): string {
  return v ? boundedArgText(v, MAX_ARG_TEXT, undefined, false) : '?';
}

/** Structural signature (class + arguments + weights + children): equal for identical blocks. */
function signatureOf(L: KLayer, host: KerasHost, depth = 0): string {
  const args = [...L.args.entries()].filter(([k]) => k !== 'name').map(([k, v]) => `${k}=${argText(v)}`).join(',');
  const ws = L.weights.map(w => (w.shape ? w.shape.map(d => (d === null ? '?' : polyToString(d))).join('x') : '?')).join(';');
  const kids = depth < 4 ? nestedRows(L, host).map(x => signatureOf(x, host, depth + 1)).join('|') : '';
  return `${L.cls}(${args})[${ws}]{${kids}}`;
}

/** Nodes and edges of a functional model (one node per operation). */
function functionalGraph(host: KerasHost, K: KLayer, tick: () => void): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  if (K.kind !== 'functional' || !K.ops) {
    if (K.kind === 'sequential') {
      let prev: string | null = null;
      for (const L of host.seqLayers(K)) {
        tick();
        nodes.push({ id: L.name, layer: L.name, label: L.name, type: L.cls, category: L.entry?.category ?? 'other', outputShape: shapeOf(singleShape(rowShape(L, host))) });
        if (prev) {
          edges.push({ from: prev, to: L.name });
        }
        prev = L.name;
      }
    }
    return { nodes, edges };
  }
  const idOf = new Map<KLayer, string>();
  const used = new Set<string>();
  const nextId = new Map<string, number>();
  for (const L of K.ops) {
    tick();
    const id = uniqueId(L.name, used, nextId);
    used.add(id);
    idOf.set(L, id);
    nodes.push({ id, layer: id, label: L.name, type: L.cls, category: L.isOp ? 'function' : L.entry?.category ?? (L.kind === 'input' ? 'input' : 'model'), outputShape: shapeOf(singleShape(rowShape(L, host))) });
  }
  const seen = new Set<string>();
  for (const L of K.ops) {
    tick();
    const to = idOf.get(L) as string;
    for (const node of L.nodes) {
      for (const t of node.inputs) {
        const src = host.tensorInfo(t)?.node?.op;
        const from = src ? idOf.get(src) : undefined;
        if (from !== undefined) {
          const key = `${from}->${to}`;
          if (!seen.has(key)) {
            seen.add(key);
            edges.push({ from, to, shape: shapeOf(t.shape) });
          }
        }
      }
    }
  }
  return { nodes, edges };
}

function singleShape(s: Dims | Dims[] | null): Dims {
  if (!s) {
    return null;
  }
  return s.length > 0 && Array.isArray(s[0]) ? (s as Dims[])[0] : (s as Dims);
}

/** Keras models bound to global names, in binding order (one IR per model object). */
export function extractKerasModels(I: Interp, host: KerasHost, deadline?: BuildDeadline): ModelIR[] {
  const out: ModelIR[] = [];
  const seen = new Set<KLayer>();
  const entries = [...I.globals.vars.entries()].filter(([name]) => !name.startsWith('_') || name.length > 1);
  const order = (n: string): number => I.topBindings.get(n)?.seq ?? Number.MAX_SAFE_INTEGER;
  entries.sort((a, b) => order(a[0]) - order(b[0]));
  for (const [name, v] of entries) {
    if (v.k !== 'instance') {
      continue;
    }
    const K = host.layer(v as InstanceV);
    if (!K || seen.has(K) || !['sequential', 'functional', 'subclassed', 'app'].includes(K.kind)) {
      continue;
    }
    seen.add(K);
    build(name, K, false);
  }
  // Models whose name was bound again later: listed too, where they were bound, marked rebound.
  const bound = new Map<ModelIR, number>();
  const rebound = I.replaced.filter(r => r.value.k === 'instance').map(r => ({ r, K: host.layer(r.value as InstanceV) }));
  for (const { r, K } of rebound) {
    if (!K || seen.has(K) || !['sequential', 'functional', 'subclassed', 'app'].includes(K.kind)) {
      continue;
    }
    seen.add(K);
    build(r.name, K, true, r.binding.span);
    bound.set(out[out.length - 1], r.binding.seq);
  }
  // In binding order, as a whole notebook lists them (a stable sort keeps ties as they came).
  return out.map(m => ({ m, k: bound.get(m) ?? order(m.name) })).sort((a, b) => a.k - b.k).map(x => x.m);

  function build(name: string, K: KLayer, isRebound: boolean, span?: Span): void {
    try {
      deadline?.check();
      const m = kerasModelIR(host, K, name, deadline);
      if (isRebound) {
        m.rebound = true;
        if (span) {
          // listed where it was bound under that name
          m.cell = span.cell;
          m.line = span.startLine;
          m.span = span;
          if (span.cellId !== undefined) {
            m.cellId = span.cellId;
          }
        }
      }
      out.push(m);
    } catch (e) {
      if (!(e instanceof BudgetError)) {
        throw e;
      }
      const kind = K.kind === 'sequential' ? 'sequential' : K.kind === 'subclassed' ? 'instance' : 'functional';
      out.push(unbuiltModel({ name, kind, framework: 'keras', class: K.kind === 'sequential' ? 'Sequential' : K.kind === 'app' ? 'Functional' : K.cls, ...(isRebound ? { rebound: true as const } : {}) }, e, span ?? K.span));
    }
  }
}
