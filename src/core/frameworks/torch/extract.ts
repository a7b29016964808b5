// PyTorch models -> ModelIR: which values of the final state are models (nn.Module instances
// bound to global names, not inside another reported model; nn.Module classes never
// instantiated, built with no arguments), a forward for those never called (the user's input
// shape, or a symbolic one from the first layer), the traced graph, output and input shapes,
// mult-adds, rows (layers.ts) and totals (totals.ts). Each model is built with its own state
// (model-build.ts); past the deadline it is listed with unknown totals.
// Does not: interpret code (the interpreter) or know Keras (frameworks/keras/extract.ts).
import type { Diagnostic, Dim, ModelIR, Shape, Span } from '../../ir';
import type { Interp } from '../../interp/context';
import { BudgetError } from '../../interp/ops';
import { Poly, polyAdd, polyConst, polySubst, polySym } from '../../interp/poly';
import type { ClassV, Dims, InstanceV, TensorV, Value } from '../../interp/values';
import { unbuiltModel } from '../../ir/deadline';
import { dimOf, shapeOf } from '../../ir/dims';
import { reboundKeyOf } from '../../ir/model-key';
import { graphFolds } from '../../ir/folds';
import { NO_CELL } from '../../incremental/flow';
import type { ExtractOptions } from '../framework';
import type { TorchHost } from './host';
import { FirstCall, graphNodes, Trace } from './trace';
import { fillLayers, setOutput } from './layers';
import { callMacs } from './macs';
import { LeafSignatures, ModelBuild } from './model-build';
import { fillTotals } from './totals';
import { restoreModules, saveModules } from './forward-undo';
import { TORCH_NN_CATALOG } from './catalog';

function isModelInstance(v: Value): v is InstanceV {
  if (v.k !== 'instance' || !v.mod) {
    return false;
  }
  // Loss objects are modules but not models.
  const t = v.mod.layerType;
  return !(t && !v.cls.user && /Loss$/.test(t));
}

interface Found {
  name: string;
  inst?: InstanceV;
  cls?: ClassV;
  seq: number;
  span?: Span;
  /** Its name was bound to something else later (an earlier model of the notebook). */
  rebound?: boolean;
}

/** Finds models (of any framework whose instances keep a module registry) in the final global state, in order of definition. */
function findModels(I: Interp): Found[] {
  const found: Found[] = [];
  const byInst = new Map<InstanceV, Found>();
  const names = [...I.globals.vars.entries()];
  for (const [name, v] of names) {
    if (!isModelInstance(v)) {
      continue;
    }
    const b = I.topBindings.get(name);
    const existing = byInst.get(v);
    if (existing) {
      // Several names for one model: keep the first bound.
      if (b && b.seq < existing.seq) {
        existing.name = name;
        existing.seq = b.seq;
        existing.span = b.span;
      }
      continue;
    }
    const f: Found = { name, inst: v, seq: b ? b.seq : Number.MAX_SAFE_INTEGER, span: b?.span ?? v.span };
    byInst.set(v, f);
    found.push(f);
  }
  // Models whose name was bound again later (`model = Net1()` ... `model = Net2()`): listed
  // too, under that name and where they were bound, unless another name still holds them.
  for (const r of I.replaced) {
    const v = r.value;
    if (!isModelInstance(v) || byInst.has(v)) {
      continue;
    }
    const f: Found = { name: r.name, inst: v, seq: r.binding.seq, span: r.binding.span, rebound: true };
    byInst.set(v, f);
    found.push(f);
  }
  // Modules that are part of another reported model are shown inside it, not on their own.
  // (Reachability only: no paths are built, so a 20k-module model costs no strings here.)
  const inside = new Set<InstanceV>();
  for (const f of found) {
    const root = f.inst as InstanceV;
    const seen = new Set<InstanceV>([root]);
    const stack: InstanceV[] = [root];
    while (stack.length > 0) {
      const m = stack.pop() as InstanceV;
      for (const c of m.mod?.modules.values() ?? []) {
        if (c && !seen.has(c)) {
          seen.add(c);
          inside.add(c);
          stack.push(c);
        }
      }
    }
  }
  const kept = found.filter(f => !inside.has(f.inst as InstanceV));
  found.length = 0;
  found.push(...kept);
  // A class the notebook instantiated is shown through its instances: as a model, or inside
  // the model that holds it (a ResidualBlock inside ResNet is not a model of its own).
  const instantiated = new Set<ClassV>(found.map(f => (f.inst as InstanceV).cls));
  for (const m of inside) {
    instantiated.add(m.cls);
  }
  const lastByName = new Map<string, ClassV>();
  for (const cls of I.classes) {
    lastByName.set(cls.name, cls);
  }
  for (const cls of I.classes) {
    // A redefined class (same name later in the notebook) replaces the earlier one.
    if (!cls.framework || instantiated.has(cls) || lastByName.get(cls.name) !== cls) {
      continue;
    }
    found.push({ name: cls.name, cls, seq: cls.seq ?? 0, span: cls.span });
  }
  found.sort((a, b) => a.seq - b.seq);
  return found;
}

/**
 * The IR of every PyTorch model in the final state, in notebook order. Globals read while
 * building (a forward run now) count for the model's cell.
 */
export function extractTorchModels(I: Interp, host: TorchHost, options: ExtractOptions, leaves: LeafSignatures): ModelIR[] {
  const mine = findModels(I).filter(f => (f.inst ? f.inst.cls.framework : f.cls?.framework) === 'torch');
  return mine.map(f => {
    I.flow.building = f.span?.cell ?? NO_CELL;
    try {
      return options.isolate ? options.isolate(f, () => buildModel(I, host, f, options, leaves)) : buildModel(I, host, f, options, leaves);
    } finally {
      I.flow.building = NO_CELL;
    }
  });
}

/** One model's IR; past the deadline (or another budget), listed with unknown totals and the reason. */
function buildModel(I: Interp, host: TorchHost, f: Found, opts: ExtractOptions, leaves: LeafSignatures): ModelIR {
  try {
    opts.deadline.check();
    return buildModelUnbounded(new ModelBuild(opts.deadline, leaves), I, host, f, opts);
  } catch (e) {
    if (!(e instanceof BudgetError)) {
      throw e;
    }
    // Nothing half-built is reported: the model is listed with unknown totals and the reason.
    const inst = f.inst;
    return unbuiltModel(
      {
        name: f.name,
        ...(f.rebound ? { rebound: true as const } : {}),
        kind: !inst ? 'class' : inst.mod?.layerType === 'Sequential' && !inst.cls.user ? 'sequential' : 'instance',
        framework: 'pytorch',
        class: inst ? (inst.cls.user ? inst.cls.name : inst.mod?.layerType ?? inst.cls.name) : f.cls?.name ?? '?'
      },
      e,
      f.span
    );
  }
}

function buildModelUnbounded(B: ModelBuild, I: Interp, host: TorchHost, f: Found, opts: ExtractOptions): ModelIR {
  const diagnostics: Diagnostic[] = [];
  const span = f.span;
  let inst = f.inst;
  let kind: ModelIR['kind'] = 'instance';
  if (!inst && f.cls) {
    kind = 'class';
    const cls = f.cls;
    // Speculative construction with no arguments: whatever it reports is about our guess,
    // not about the user's code, so its diagnostics are dropped.
    const before = I.diagnostics.length;
    const v = I.isolated(() => I.instantiate(cls, [], new Map(), { span }), null as Value | null, span);
    // A budget that stopped it is about the analysis, not our guess: that reason is kept.
    const stopped = I.diagnostics.slice(before).filter(d => d.code === 'budget-maxModules' || d.code === 'budget-maxWallMs');
    I.diagnostics.length = before;
    for (const d of stopped) {
      diagnostics.push({ severity: 'info', code: d.code, message: `${cls.name} was not built: ${d.message}`, span });
    }
    if (v && v.k === 'instance' && v.mod) {
      inst = v;
    }
    const init = I.classAttr(cls, '__init__');
    if (init && init.k === 'func' && init.params.slice(1).some(p => (p.kind === 'normal' || p.kind === 'kwonly') && !init.defaults.has(p.name))) {
      diagnostics.push({ severity: 'info', code: 'needs-arguments', message: `${cls.name} is never instantiated and its constructor needs arguments; counts shown are for unknown arguments`, span });
    }
  }
  if (inst && inst.mod?.layerType === 'Sequential' && !inst.cls.user) {
    kind = 'sequential';
  }
  const clsName = inst ? (inst.cls.user ? inst.cls.name : inst.mod?.layerType ?? inst.cls.name) : f.cls?.name ?? '?';
  const model: ModelIR = {
    name: f.name,
    kind,
    framework: 'pytorch',
    class: clsName,
    ...(f.rebound ? { rebound: true as const } : {}),
    params: { total: null, trainable: null, nonTrainable: null, buffers: null },
    layers: [],
    graph: { nodes: [], edges: [] },
    cell: span?.cell ?? 0,
    line: span?.startLine ?? 0,
    diagnostics
  };
  if (span?.cellId !== undefined) {
    model.cellId = span.cellId;
  }
  if (span) {
    model.span = span;
  }
  if (!inst) {
    diagnostics.push({ severity: 'info', code: 'not-instantiable', message: `${clsName} could not be built statically`, span });
    return model;
  }
  // A user-given input shape runs forward now; a model never called gets a symbolic input
  // when its first layer says what the input looks like.
  const given = opts.inputShapes.get(f.rebound ? reboundKeyOf(f.name, f.span) : f.name);
  const traces = host.traces;
  let firstCalls = host.firstCalls;
  if (given) {
    const x = { k: 'tensor', shape: given.map(n => polyConst(BigInt(n))), id: 0 } as TensorV;
    const r = runForward(B, I, host, inst, x, 'user', span);
    if (r) {
      firstCalls = r;
    }
  } else if (!traces.has(inst) && !firstCalls.has(inst) && kind !== 'class') {
    const guess = symbolicInput(B, I, inst);
    if (guess) {
      const r = runForward(B, I, host, inst, { k: 'tensor', shape: guess, id: 0 } as TensorV, 'symbolic', span);
      if (r) {
        // Layers the notebook really called keep their real first call. Only this model's
        // modules matter here (copying the notebook's whole map made builds quadratic).
        const merged = new Map(r);
        for (const [, m] of B.tree(inst)) {
          const call = firstCalls.get(m);
          if (call) {
            merged.set(m, call);
          }
        }
        firstCalls = merged;
      }
    }
  }
  const trace = traces.get(inst);
  const subst = (p: Poly): Poly => (opts.givenSymbols.size ? polySubst(p, opts.givenSymbols) : p);
  fillLayers(B, model, inst, trace, subst, firstCalls);
  fillTotals(B, model, inst, diagnostics, subst);
  if (trace) {
    fillMacs(B, model, inst, trace, subst);
    model.graph = { nodes: graphNodes(trace), edges: trace.edges };
    const folds = graphFolds(model);
    if (folds.length > 0) {
      model.graph.folds = folds;
    }
    if (trace.truncated) {
      diagnostics.push({ severity: 'info', code: 'budget-maxGraphNodes', message: `the graph shows the first ${I.budgets.maxGraphNodes} nodes of the traced forward; shapes and counts cover all of it` });
    }
    const first = firstCalls.get(inst);
    const stale = first ? B.staleAfter(inst, first.at) : null;
    if (stale) {
      diagnostics.push({ severity: 'info', code: 'shapes-stale', message: `no output shapes: ${stale}` });
    } else if (first) {
      setOutput(model, first.out, subst);
    }
    model.input = { shape: shapeOf(trace.input ?? null), source: trace.inputSource };
    if (trace.inputSpan) {
      model.input.span = trace.inputSpan;
    }
    if (trace.incomplete) {
      diagnostics.push({ severity: 'info', code: 'shapes-incomplete', message: `some shapes are unknown: ${trace.incomplete}` });
    }
  }
  const syms = new Set<string>();
  const collect = (s: Shape | Shape[] | undefined): void => {
    if (!s) {
      return;
    }
    for (const d of s as Array<Dim | Shape>) {
      if (Array.isArray(d)) {
        collect(d);
      } else if (d && typeof d === 'object') {
        d.symbols.forEach(x => syms.add(x));
      }
    }
  };
  collect(model.outputShape);
  model.params.symbolicTotal?.symbols.forEach(x => syms.add(x));
  for (const l of model.layers) {
    collect(l.outputShape);
  }
  if (syms.size > 0) {
    model.symbols = [...syms].sort();
  }
  return model;
}

/**
 * Runs one forward of `inst` with `x`, collecting first calls apart from the notebook's.
 * A symbolic run that reports any error (our guess of the input was wrong) leaves no trace.
 */
function runForward(B: ModelBuild, I: Interp, host: TorchHost, inst: InstanceV, x: TensorV, source: Trace['inputSource'], span?: Span): Map<InstanceV, FirstCall> | null {
  const traces = host.traces;
  const savedTrace = traces.get(inst);
  const savedFirst = host.firstCalls;
  B.forwards++;
  const fresh = new Map<InstanceV, FirstCall>();
  host.firstCalls = fresh;
  traces.delete(inst);
  const before = I.diagnostics.length;
  // A symbolic pass never ran in Python: what it does to the modules is undone after it.
  const saved = source === 'symbolic' ? saveModules(B.tree(inst).map(([, m]) => m)) : null;
  I.isolated(() => I.callModule(inst, [x], new Map(), { span }), null, span);
  if (saved) {
    restoreModules(saved);
  }
  host.firstCalls = savedFirst;
  const t = traces.get(inst);
  if (source === 'symbolic') {
    const failed = I.diagnostics.slice(before).some(d => d.severity !== 'info') || !t || !!t.incomplete;
    I.diagnostics.length = before;
    if (failed) {
      traces.delete(inst);
      if (savedTrace) {
        traces.set(inst, savedTrace);
      }
      return null;
    }
  }
  if (t) {
    t.inputSource = source;
  }
  return fresh;
}

/** Layers whose arguments size their input (never passed through by symbolicInput). */
const SIZED_BY = new Set(['LayerNorm', 'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'GroupNorm', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d']);

/**
 * Input shape implied by the first layer of a model never called that sizes it ([B, C, H, W],
 * [B, F], ...), past leading layers that keep the shape.
 */
function symbolicInput(B: ModelBuild, I: Interp, root: InstanceV): Dims | null {
  const mods = B.tree(root);
  if (mods.some(([, m]) => m.mod?.lazy || m.mod?.unknownLayer)) {
    return null;
  }
  const fwd = I.classAttr(root.cls, 'forward');
  if (fwd && fwd.k === 'func' && fwd.params.slice(1).filter(p => (p.kind === 'normal' || p.kind === 'posonly') && !fwd.defaults.has(p.name)).length !== 1) {
    return null;
  }
  const leaves = mods.filter(([, m]) => {
    const t = m.mod?.layerType;
    return !!t && !m.cls.user && !['Sequential', 'ModuleList', 'ModuleDict'].includes(t);
  });
  // Layers that keep their input's shape (activations, dropout, Identity: catalog shape rule
  // 'same' and nothing that sizes the input) pass the guess of the layer after them through;
  // a Flatten before a Linear does too (flattening [B, F] gives [B, F]). The guess is checked
  // by running the forward: one that any layer rejects leaves no trace (runForward).
  let at = 0;
  while (at < leaves.length - 1) {
    const t = leaves[at][1].mod?.layerType ?? '';
    const entry = TORCH_NN_CATALOG.get(t);
    const sizes = SIZED_BY.has(t);
    const next = leaves[at + 1][1].mod?.layerType ?? '';
    if ((entry?.shape === 'same' && !sizes && entry.params === undefined) || (t === 'Flatten' && next === 'Linear')) {
      at++;
      continue;
    }
    break;
  }
  const first = leaves[at];
  if (!first) {
    return null;
  }
  const m = first[1];
  const t = m.mod?.layerType ?? '';
  const get = (n: string): Poly | null => {
    const v = m.attrs.get(n);
    if (!v) {
      return null;
    }
    if (v.k === 'int') {
      return polyConst(v.v);
    }
    return null;
  };
  const sym = (n: string): Poly => polySym(n);
  const conv = /^(?:Conv|ConvTranspose)([123])d$/.exec(t);
  if (conv) {
    const c = get('in_channels');
    const spatial = conv[1] === '1' ? ['L'] : conv[1] === '2' ? ['H', 'W'] : ['D', 'H', 'W'];
    return c ? [sym('B'), c, ...spatial.map(sym)] : null;
  }
  if (t === 'BatchNorm2d') {
    const c = get('num_features');
    return c ? [sym('B'), c, sym('H'), sym('W')] : null;
  }
  if (t === 'BatchNorm1d') {
    const c = get('num_features');
    return c ? [sym('B'), c] : null;
  }
  if (t === 'LayerNorm') {
    const n = get('normalized_shape');
    return n ? [sym('B'), n] : null;
  }
  if (t === 'Linear') {
    const f = get('in_features');
    return f ? [sym('B'), f] : null;
  }
  if (t === 'Embedding') {
    return [sym('B'), sym('T')];
  }
  if (t === 'LSTM' || t === 'GRU' || t === 'RNN') {
    const f = get('input_size');
    const bf = m.attrs.get('batch_first');
    if (!f || !bf || bf.k !== 'bool') {
      return null;
    }
    return bf.v ? [sym('B'), sym('T'), f] : [sym('T'), sym('B'), f];
  }
  return null;
}

/** Mult-adds per layer and in total over the traced forward (torchinfo's rule). */
function fillMacs(B: ModelBuild, model: ModelIR, root: InstanceV, trace: Trace, subst: (p: Poly) => Poly): void {
  const inTree = B.pathsOf(root);
  const perLayer = new Map<InstanceV, Poly | null>();
  let totalMacs: Poly | null = polyConst(0n);
  for (const { inst, out } of trace.leafCalls) {
    B.tick();
    if (!inTree.has(inst)) {
      continue;
    }
    const cls = inst.cls.user ? inst.cls.name : inst.mod?.displayType ?? inst.mod?.layerType ?? inst.cls.name;
    const m = callMacs(inst, out, cls);
    const prev = perLayer.has(inst) ? (perLayer.get(inst) as Poly | null) : polyConst(0n);
    perLayer.set(inst, prev && m ? polyAdd(prev, m) : null);
    totalMacs = totalMacs && m ? polyAdd(totalMacs, m) : null;
  }
  if (trace.incomplete) {
    totalMacs = null;
  }
  model.multAdds = totalMacs ? dimOf(subst(totalMacs)) : null;
  // fillLayers made one row per module of B.tree(root), in its order.
  const rows = B.tree(root);
  for (let i = 0; i < rows.length; i++) {
    B.tick();
    const [path, m] = rows[i];
    const row = model.layers[i];
    if (row && row.id === path && perLayer.has(m)) {
      const p = perLayer.get(m) as Poly | null;
      row.multAdds = p ? dimOf(subst(p)) : null;
    }
  }
}
