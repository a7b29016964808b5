// Turns the interpreter's final state into the Architecture IR: which values are models
// (user nn.Module / keras classes and their instances, Sequential containers), their module
// tree rows (named_modules order), exact or symbolic parameter totals (shared tensors once),
// traced graph and shapes. Honesty rule: a total is an integer only when every parameter
// shape is exactly known; otherwise null with the reasons as diagnostics.
// Does not: interpret code or parse.
import { charge } from '../interp/cost';
import type { Diagnostic, Dim, LayerInfo, ModelIR, Shape, ShapeTree, Span, SymbolicDim } from '../ir';
import type { Interpreter } from '../interp/interpreter';
import { BudgetError } from '../interp/ops';
import { BuildDeadline, unbuiltModel } from './deadline';
import { Poly, polyAdd, polyConst, polyConstValue, polySubst, polySym, polySymbols, polyToString } from '../interp/poly';
import { ClassV, Dims, InstanceV, TensorV, Value } from '../interp/values';
import { TORCH_NN_CATALOG } from '../frameworks/torch/catalog';
import { graphNodes, Trace, TorchHost } from '../frameworks/torch/host';
import { moduleList, namedModules, numel, tensorList } from '../frameworks/torch/module';
import { callMacs } from '../frameworks/torch/macs';

export function dimOf(p: Poly | null): Dim {
  if (!p) {
    return null;
  }
  const c = polyConstValue(p);
  if (c !== null) {
    return constDim(c);
  }
  if (p.size === 1) {
    // One monomial of distinct symbols in sorted order ('B', '921600*B*T'): the display form
    // and symbol list polyToString/polySymbols give, without their general formatting.
    const [k, v] = p.entries().next().value as [string, bigint];
    const symbols = k.split('*');
    if (symbols.every((x, i) => i === 0 || symbols[i - 1] < x)) {
      const abs = v < 0n ? -v : v;
      return { expr: (v < 0n ? '-' : '') + (abs === 1n ? k : `${abs}*${k}`), symbols };
    }
  }
  return { expr: polyToString(p), symbols: polySymbols(p) };
}

/**
 * named_modules() of a root, computed once per model build: the rows keep the tree as it was
 * when first asked for, even if a forward run later adds modules (see modulesIfChanged).
 */
let treeMemo = new WeakMap<InstanceV, Tree>();
/** Forwards run so far (a forward may add modules, so a tree taken before it may be stale). */
let forwards = 0;

/** The rows of named_modules(), and the path of each module in them (modules appear once). */
interface Tree {
  rows: Array<[string, InstanceV]>;
  paths: Map<InstanceV, string>;
  forwards: number;
}

function treeOf(root: InstanceV): Tree {
  let t = treeMemo.get(root);
  if (!t) {
    const paths = new Map<InstanceV, string>();
    t = { rows: namedModules(root, '', paths), paths, forwards };
    treeMemo.set(root, t);
  }
  return t;
}

function tree(root: InstanceV): Array<[string, InstanceV]> {
  return treeOf(root).rows;
}

/**
 * The modules of named_modules() as they are now, or null when that is still tree(root)
 * (no forward has run since it was taken). Same order as named_modules(), without paths.
 */
function modulesIfChanged(root: InstanceV): InstanceV[] | null {
  const t = treeMemo.get(root);
  if (t && t.forwards === forwards) {
    return null;
  }
  return moduleList(root);
}

/** Path of each module in tree(root), per model build. */
function pathsOf(root: InstanceV): Map<InstanceV, string> {
  return treeOf(root).paths;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = -MAX_EXACT;

/**
 * A count as a JS number only when the number is exact; beyond 2^53 a double would round,
 * so callers get null and keep the exact decimal string instead.
 */
export function exactNumber(c: bigint): number | null {
  return c <= MAX_EXACT && c >= MIN_EXACT ? Number(c) : null;
}

export function shapeOf(d: Dims): Shape {
  return d ? d.map(dimOf) : null;
}

/**
 * numel per tensor, remembered for one build (tensors are counted under every ancestor).
 * A plain Map (faster than a WeakMap), replaced at the start and end of every build.
 */
let numelMemo = new Map<TensorV, Poly | null>();

function numelOf(t: TensorV): Poly | null {
  let n = numelMemo.get(t);
  if (n === undefined) {
    n = constNumel(t.shape) ?? numel(t.shape);
    numelMemo.set(t, n);
  }
  return n;
}

/** numel() of a shape of constant dims (the usual case) in one step; undefined otherwise. */
function constNumel(shape: Dims): Poly | undefined {
  if (!shape) {
    return undefined;
  }
  let n = 1n;
  for (const d of shape) {
    const c = d ? polyConstValue(d) : null;
    if (c === null) {
      return undefined;
    }
    n *= c;
  }
  return polyConst(n);
}

/**
 * A running sum of numels: the constant part as a number while it is exact and as a BigInt
 * beyond (no Map per addition, which made summing tens of thousands of tensors
 * allocation-bound, and no BigInt per addition in the usual case), the symbolic part as a
 * Poly, and `unknown` once any shape is not known.
 */
class Sum {
  /** The constant part while it is a safe integer (`big` null), else `big`. */
  n = 0;
  big: bigint | null = null;
  p: Poly | null = null;
  unknown = false;

  add(n: Poly | null): void {
    if (this.unknown) {
      return;
    }
    if (!n) {
      this.unknown = true;
      return;
    }
    const k = polyConstValue(n);
    if (k !== null) {
      this.addConst(k);
    } else {
      this.p = this.p ? polyAdd(this.p, n) : n;
    }
  }

  merge(o: Sum): void {
    if (o.unknown) {
      this.unknown = true;
    } else if (!this.unknown) {
      if (o.big === null) {
        this.addNumber(o.n);
      } else {
        this.addConst(o.big);
      }
      if (o.p) {
        this.p = this.p ? polyAdd(this.p, o.p) : o.p;
      }
    }
  }

  private addConst(k: bigint): void {
    const x = Number(k);
    if (this.big === null && Number.isSafeInteger(x)) {
      this.addNumber(x);
    } else {
      this.big = (this.big ?? BigInt(this.n)) + k;
    }
  }

  /** Adds a safe integer. */
  private addNumber(x: number): void {
    const r = this.n + x;
    if (this.big === null && Number.isSafeInteger(r)) {
      this.n = r;
    } else {
      this.big = (this.big ?? BigInt(this.n)) + BigInt(x);
    }
  }

  private get c(): bigint {
    return this.big ?? BigInt(this.n);
  }

  poly(): Poly | null {
    if (this.unknown) {
      return null;
    }
    const c = polyConst(this.c);
    return this.p ? polyAdd(this.p, c) : c;
  }

  /**
   * dimOf(subst(poly())) without building a Poly for a constant sum (the usual case):
   * substitution leaves a constant unchanged.
   */
  dim(subst: (p: Poly) => Poly): Dim {
    if (this.unknown) {
      return null;
    }
    if (this.p) {
      return dimOf(subst(this.poly() as Poly));
    }
    return this.big === null ? this.n : constDim(this.big);
  }
}

/** dimOf of a constant. */
function constDim(c: bigint): Dim {
  return exactNumber(c) ?? { expr: c.toString(), symbols: [] };
}

/** Sum of numels; null when some shape is unknown. */
function total(tensors: TensorV[]): Poly | null {
  const s = new Sum();
  for (const t of tensors) {
    tick();
    s.add(numelOf(t));
    if (s.unknown) {
      return null;
    }
  }
  return s.poly();
}

let deadline: BuildDeadline | null = null;

/** One unit of IR-build work (see BuildDeadline). */
function tick(): void {
  deadline?.tick();
}

/** 64-bit structural hash (two FNV-1a lanes with different seeds) as hex, of the parts joined. */
function fnv(parts: string[]): string {
  let length = 0;
  for (const s of parts) {
    length += s.length;
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ length;
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    }
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

function isModelInstance(v: Value): v is InstanceV {
  if (v.k !== 'instance' || !v.mod) {
    return false;
  }
  // Loss objects are modules but not models.
  const t = v.mod.layerType;
  return !(t && !v.cls.user && /Loss$/.test(t));
}

export interface BuildOptions {
  givenSymbols: Map<string, bigint>;
  inputShapes: Map<string, number[]>;
  /** Past this, models are reported with unknown totals and a 'budget-maxWallMs' diagnostic. */
  deadline?: BuildDeadline;
}

interface Found {
  name: string;
  inst?: InstanceV;
  cls?: ClassV;
  seq: number;
  span?: Span;
}

/** Finds models in the final global state, in order of definition. */
export function findModels(I: Interpreter): Found[] {
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

export function buildModel(I: Interpreter, host: TorchHost, f: Found, opts: BuildOptions): ModelIR {
  deadline = opts.deadline ?? null;
  try {
    deadline?.check();
    return buildModelUnbounded(I, host, f, opts);
  } catch (e) {
    if (!(e instanceof BudgetError)) {
      throw e;
    }
    // Nothing half-built is reported: the model is listed with unknown totals and the reason.
    const inst = f.inst;
    return unbuiltModel(
      {
        name: f.name,
        kind: !inst ? 'class' : (inst.mod?.layerType === 'Sequential' && !inst.cls.user) || inst.cls.native === 'keras.Sequential' ? 'sequential' : 'instance',
        framework: (inst?.cls.framework ?? f.cls?.framework) === 'keras' ? 'keras' : 'pytorch',
        class: inst ? (inst.cls.user ? inst.cls.name : inst.mod?.layerType ?? inst.cls.name) : f.cls?.name ?? '?'
      },
      e,
      f.span
    );
  } finally {
    deadline = null;
    treeMemo = new WeakMap();
    numelMemo = new Map();
  }
}

function buildModelUnbounded(I: Interpreter, host: TorchHost, f: Found, opts: BuildOptions): ModelIR {
  treeMemo = new WeakMap();
  realTree = false;
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
  const framework: ModelIR['framework'] = (inst?.cls.framework ?? f.cls?.framework) === 'keras' ? 'keras' : 'pytorch';
  if (inst && inst.mod?.layerType === 'Sequential' && !inst.cls.user) {
    kind = 'sequential';
  }
  if (inst && framework === 'keras' && inst.cls.native === 'keras.Sequential') {
    kind = 'sequential';
  }
  const clsName = inst ? (inst.cls.user ? inst.cls.name : inst.mod?.layerType ?? inst.cls.name) : f.cls?.name ?? '?';
  const model: ModelIR = {
    name: f.name,
    kind,
    framework,
    class: clsName,
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
  const given = opts.inputShapes.get(f.name);
  const traces = host.traces(I);
  let firstCalls = host.firstCalls(I);
  if (given) {
    const x = { k: 'tensor', shape: given.map(n => polyConst(BigInt(n))), id: 0 } as TensorV;
    const r = runForward(I, host, inst, x, 'user', span);
    if (r) {
      firstCalls = r;
    }
  } else if (!traces.has(inst) && !firstCalls.has(inst) && kind !== 'class') {
    const guess = symbolicInput(I, inst);
    if (guess) {
      const r = runForward(I, host, inst, { k: 'tensor', shape: guess, id: 0 } as TensorV, 'symbolic', span);
      if (r) {
        // Layers the notebook really called keep their real first call. Only this model's
        // modules matter here (copying the notebook's whole map made builds quadratic).
        const merged = new Map(r);
        for (const [, m] of tree(inst)) {
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
  fillLayers(model, inst, trace, subst, firstCalls);
  fillTotals(model, inst, diagnostics, subst);
  if (trace) {
    fillMacs(model, inst, trace, subst);
    model.graph = { nodes: graphNodes(trace), edges: trace.edges };
    if (trace.truncated) {
      diagnostics.push({ severity: 'info', code: 'budget-maxGraphNodes', message: `the graph shows the first ${I.budgets.maxGraphNodes} nodes of the traced forward; shapes and counts cover all of it` });
    }
    const first = firstCalls.get(inst);
    if (first) {
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

function signatureOf(m: InstanceV, memo: Map<InstanceV, string>): string {
  const known = memo.get(m);
  if (known) {
    return known;
  }
  tick();
  const mod = m.mod;
  if (mod?.ctorSig && !m.cls.user && !mod.modules.size) {
    // A leaf layer: its constructor signature alone, usually one seen before.
    const h = leafHash(mod.ctorSig);
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
    childSignatures(mod.modules, memo, parts);
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
      childSignatures(mod.modules, memo, parts);
    }
    parts.push('}');
  }
  const h = 's' + fnv(parts);
  memo.set(m, h);
  return h;
}

/**
 * Signatures of leaf layers by constructor signature, kept across builds (the same Linear(...)
 * recurs in every block and model; a Map lookup is cheaper than hashing it again).
 */
const leafHashes = new Map<string, string>();

function leafHash(ctorSig: string): string {
  let h = leafHashes.get(ctorSig);
  if (h === undefined) {
    h = 's' + fnv([ctorSig]);
    if (leafHashes.size >= 10000) {
      leafHashes.clear();
    }
    leafHashes.set(ctorSig, h);
  }
  return h;
}

/** Parts of "name:signature,..." for a module's children. */
function childSignatures(modules: Map<string, InstanceV | null>, memo: Map<InstanceV, string>, parts: string[]): void {
  let first = true;
  for (const [k, c] of modules) {
    parts.push(first ? '' : ',', k, ':', c ? signatureOf(c, memo) : 'None');
    first = false;
  }
}

/**
 * Runs one forward of `inst` with `x`, collecting first calls apart from the notebook's.
 * A symbolic run that reports any error (our guess of the input was wrong) leaves no trace.
 */
function runForward(I: Interpreter, host: TorchHost, inst: InstanceV, x: TensorV, source: Trace['inputSource'], span?: Span): Map<InstanceV, { args: Value[]; out: Value }> | null {
  const traces = host.traces(I);
  const savedTrace = traces.get(inst);
  const savedFirst = I.hostState.get('firstCalls');
  forwards++;
  const fresh = new Map<InstanceV, { args: Value[]; out: Value }>();
  I.hostState.set('firstCalls', fresh);
  traces.delete(inst);
  const before = I.diagnostics.length;
  I.isolated(() => I.callModule(inst, [x], new Map(), { span }), null, span);
  I.hostState.set('firstCalls', savedFirst);
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

/** Input shape implied by the first layer of a model never called: [B, C, H, W], [B, F], ... */
function symbolicInput(I: Interpreter, root: InstanceV): Dims | null {
  const mods = tree(root);
  if (mods.some(([, m]) => m.mod?.lazy || m.mod?.unknownLayer)) {
    return null;
  }
  const fwd = I.classAttr(root.cls, 'forward');
  if (fwd && fwd.k === 'func' && fwd.params.slice(1).filter(p => (p.kind === 'normal' || p.kind === 'posonly') && !fwd.defaults.has(p.name)).length !== 1) {
    return null;
  }
  const first = mods.find(([, m]) => {
    const t = m.mod?.layerType;
    return !!t && !m.cls.user && !['Sequential', 'ModuleList', 'ModuleDict'].includes(t);
  });
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
function fillMacs(model: ModelIR, root: InstanceV, trace: Trace, subst: (p: Poly) => Poly): void {
  const inTree = pathsOf(root);
  const perLayer = new Map<InstanceV, Poly | null>();
  let totalMacs: Poly | null = polyConst(0n);
  for (const { inst, out } of trace.leafCalls) {
    tick();
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
  // fillLayers made one row per module of tree(root), in its order.
  const rows = tree(root);
  for (let i = 0; i < rows.length; i++) {
    tick();
    const [path, m] = rows[i];
    const row = model.layers[i];
    if (row && row.id === path && perLayer.has(m)) {
      const p = perLayer.get(m) as Poly | null;
      row.multAdds = p ? dimOf(subst(p)) : null;
    }
  }
}

/** Output of a call as IR: flat outputShape plus outputTree for nested tuples. */
function setOutput(target: { outputShape?: Shape | Shape[]; outputTree?: ShapeTree }, out: Value, subst: (p: Poly) => Poly): void {
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
  charge(1);
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

function fillLayers(model: ModelIR, root: InstanceV, trace: Trace | undefined, subst: (p: Poly) => Poly, firstCalls: Map<InstanceV, { args: Value[]; out: Value }>): void {
  const memo = new Map<InstanceV, string>();
  const rows = tree(root);
  const idOf = pathsOf(root);
  const uncertainMemo = new Map<InstanceV, boolean>();
  const aggs = subtreeAggregates(rows);
  // First path of each parameter, for sharedWith: none is shared in a real tree.
  const owner = realTree ? null : new Map<TensorV, string>();
  for (const [path, m] of rows) {
    tick();
    const mod = m.mod;
    const agg = aggs.get(m) as Agg;
    const own = new Sum();
    let sharedWith: string | undefined;
    for (const t of mod?.params.values() ?? []) {
      if (t === null) {
        continue;
      }
      own.add(numelOf(t));
      const first = owner?.get(t);
      if (first !== undefined && first !== path) {
        sharedWith = sharedWith ?? first;
      } else if (first === undefined) {
        owner?.set(t, path);
      }
    }
    const uncertain = agg.uncertain ?? subtreeUncertain(m, uncertainMemo);
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
      signature: signatureOf(m, memo)
    };
    if (mod?.args) {
      row.args = mod.args;
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
    if (first) {
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

/** Parameters and buffers of one subtree, each tensor once. */
interface Agg {
  /** Parameter tensors, and how many of them are not frozen (requiresGrad !== false). */
  count: number;
  trainable: number;
  /** Some parameter's requires_grad is not known statically. */
  unsureGrad: boolean;
  /** The sums, null while empty (most modules have no buffers, activations no parameters). */
  params: Sum | null;
  trainableParams: Sum | null;
  buffers: Sum | null;
  /** subtreeUncertain() of the subtree, when the bottom-up pass could tell (a real tree). */
  uncertain: boolean | undefined;
}

function emptyAgg(): Agg {
  // Every field from the start: one set later would give each aggregate a second store.
  return { count: 0, trainable: 0, unsureGrad: false, params: null, trainableParams: null, buffers: null, uncertain: undefined };
}

/** dimOf a sum that may be empty (null). */
function sumDim(s: Sum | null, subst: (p: Poly) => Poly): Dim {
  return s ? s.dim(subst) : 0;
}

/**
 * Adds the tensors to an aggregate. With `detect` (the first pass over a build's tree, the
 * numel memo still empty), the answer says whether some tensor's numel was already known:
 * a tensor in two slots.
 */
function addTensors(a: Agg, ps: Iterable<TensorV | null>, bufs: Iterable<TensorV | null>, detect = false): boolean {
  let again = false;
  for (const t of ps) {
    if (t) {
      tick();
      again = (detect && numelMemo.has(t)) || again;
      const n = numelOf(t);
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
      tick();
      again = (detect && numelMemo.has(t)) || again;
      (a.buffers ??= new Sum()).add(numelOf(t));
    }
  }
  return again;
}

/**
 * Set by subtreeAggregates: the last model's module tree is a real tree (no module in two
 * places, no tensor in two slots, the root inside nothing), so no tensor is shared.
 */
let realTree = false;

/**
 * Aggregates of every subtree of the module tree `rows` (named_modules order). When the tree
 * is a real tree (each module has one parent, each tensor one slot) the subtrees are disjoint
 * and aggregates add up bottom-up in one pass. Shared modules or tensors (tied weights) need
 * de-duplication by identity per subtree, which is done with sets, as PyTorch does.
 */
function subtreeAggregates(rows: Array<[string, InstanceV]>): Map<InstanceV, Agg> {
  // Optimistically a real tree: pre-order rows, so every child comes after its parent and
  // reverse order is bottom-up. On the way, modules that have a parent and tensors in some
  // slot are noted: one met again means sharing, and the sums are done again below.
  // The numel memo starts empty here, so a tensor whose numel is known already is in two slots.
  numelMemo = new Map();
  const aggs = new Map<InstanceV, Agg>();
  const parents = new Set<InstanceV>();
  let shared = false;
  for (let i = rows.length - 1; i >= 0; i--) {
    tick();
    const m = rows[i][1];
    const a = emptyAgg();
    shared = addTensors(a, m.mod?.params.values() ?? [], m.mod?.buffers.values() ?? [], true) || shared;
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
        tick();
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
  realTree = !shared && rows.length > 0 && !parents.has(rows[0][1]);
  if (realTree) {
    return aggs;
  }
  aggs.clear();
  // Parameters/buffers of each subtree (each tensor once), built bottom-up once.
  const subtree = new Map<InstanceV, { ps: TensorV[]; bufs: TensorV[] }>();
  const collect = (m: InstanceV, active: Set<InstanceV>): { ps: TensorV[]; bufs: TensorV[] } => {
    tick();
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
    addTensors(a, r.ps, r.bufs);
    aggs.set(m, a);
  }
  return aggs;
}

function mapShapes(d: Dims | Dims[], subst: (p: Poly) => Poly): Shape | Shape[] {
  if (d && d.length > 0 && Array.isArray(d[0])) {
    return (d as Dims[]).map(x => irShape(x, subst));
  }
  return irShape(d as Dims, subst);
}

/** Reasons why the parameters of a subtree are not exactly known. */
function uncertainty(root: InstanceV): string[] {
  const reasons: string[] = [];
  for (const [path, m] of tree(root)) {
    tick();
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

function subtreeUncertain(m: InstanceV, memo: Map<InstanceV, boolean> = new Map()): boolean {
  const known = memo.get(m);
  if (known !== undefined) {
    return known;
  }
  tick();
  memo.set(m, false);
  let r = locallyUncertain(m);
  for (const c of m.mod?.modules.values() ?? []) {
    if (c && subtreeUncertain(c, memo)) {
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

function fillTotals(model: ModelIR, root: InstanceV, diagnostics: Diagnostic[], subst: (p: Poly) => Poly): void {
  const reasons = uncertainty(root);
  // named_parameters() / named_buffers() of the tree as it is now (paths are not needed).
  const rows = tree(root);
  const now = modulesIfChanged(root);
  // The tree subtreeAggregates saw, found to be a real tree: every tensor is in one slot.
  const distinct = realTree && now === null;
  const params = uniqueTensors(now ?? pathsOf(root), 'params', distinct);
  const bufs = uniqueTensors(now ?? pathsOf(root), 'buffers', distinct);
  const totalP = total(params);
  const trainableP = total(params.filter(t => t.requiresGrad !== false));
  const unsureGrad = params.some(t => t.requiresGrad === undefined);
  const unknownShapes = params.filter(t => numelOf(t) === null).length;
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
  const buffersKnown = !root.mod?.unknownBuffers && !tree(root).some(([, m]) => m.mod?.unknownBuffers);
  const b = buffersKnown && reasons.length === 0 ? asNum(total(bufs)) : { n: null };
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
  if (realTree && (now === null || (now.length === rows.length && now.every((m, i) => m === rows[i][1])))) {
    return;
  }
  const owners = new Map<TensorV, number>();
  const seenMods = new Set<InstanceV>();
  // Modules on the path from the root: a slot pointing back to one of them (a cycle,
  // `self.inner.back = self`) shares nothing, it only leads back.
  const ancestors = new Set<InstanceV>();
  const countOwners = (m: InstanceV): void => {
    tick();
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
    const s = asNum(total(shared));
    if (s.n !== null) {
      model.params.shared = s.n;
    }
  }
}

export { TorchHost };
