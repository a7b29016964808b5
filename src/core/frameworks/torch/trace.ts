// Tracing forward calls into a dataflow graph: one trace per top-level model call, with the
// graph's nodes (operations and layer calls, inputs first), edges with tensor shapes, the
// tensors made inside forward as named sources, the first call's shapes of every module and
// the calls of leaf modules (for mult-adds). Every operation records the module whose forward
// ran it (`group`); parameters and buffers read by an operation are a property of its node
// (`uses`), never a source node of their own. A shape mismatch met while
// tracing is an error at the call site and leaves the trace incomplete.
// Does not: decide what a call returns (tensors.ts, forward.ts) or build the IR (extract.ts).
import { charge } from '../../interp/cost';
import type { Category, GraphEdge, GraphNode, Shape, Span } from '../../ir';
import type { Interp } from '../../interp/context';
import type { CallSite, Dims, InstanceV, TensorV, Value } from '../../interp/values';
import { shapeOf } from '../../ir/dims';
import type { ShapeProblems } from '../shape';
import type { TorchHost } from './host';
import { namedBuffers, namedParameters, tracedTensor } from './module';

/** The first call of a module: its arguments, its output, and structureEpoch() after it. */
export interface FirstCall {
  args: Value[];
  out: Value;
  at: number;
}

export interface Trace {
  root: InstanceV;
  paths: Map<InstanceV, string>;
  /** Operation nodes in call order; input nodes are kept apart (see graphNodes). */
  nodes: GraphNode[];
  /** Input nodes in order of discovery (shown first, latest first). */
  inputs: GraphNode[];
  edges: GraphEdge[];
  counter: Map<string, number>;
  inputNodes: Map<TensorV, string>;
  /** Set when the graph stopped growing at maxGraphNodes (shapes and counts go on). */
  truncated?: boolean;
  /** First-call output/input shape of each module during this trace. */
  outShapes: Map<InstanceV, Dims | Dims[]>;
  inShapes: Map<InstanceV, Dims | Dims[]>;
  input?: Dims;
  inputSpan?: Span;
  inputSource: 'dummy-tensor' | 'summary-call' | 'user' | 'symbolic';
  output?: Value;
  /** Every call of a leaf module during the trace, with its output (for mult-adds). */
  leafCalls: Array<{ inst: InstanceV; out: Value }>;
  /** Set when some call inside could not be followed (shapes after it may be unknown). */
  incomplete?: string;
  /** The tensors passed to the traced model: the graph's real inputs. */
  args?: Set<TensorV>;
  /** The model's buffers and parameters by tensor ('buffer h.0.attn.mask', 'param ln_f.weight'; filled when first needed). */
  owned?: Map<TensorV, string>;
  /** Attribute paths of the modules whose forward is running, outermost first ('' the model). */
  frames: Array<string | undefined>;
}

/** Nodes of a trace as the IR shows them: inputs first (latest first), then operations. */
export function graphNodes(trace: Trace): GraphNode[] {
  return [...trace.inputs].reverse().concat(trace.nodes);
}

const ACTIVATION_OPS = new Set(['relu', 'relu_', 'sigmoid', 'tanh', 'gelu', 'silu', 'elu', 'selu', 'leaky_relu', 'relu6', 'hardtanh', 'hardswish', 'mish', 'softplus', 'softmax', 'log_softmax', 'glu', 'celu', 'hardsigmoid', 'logsigmoid']);

const RESHAPE_OPS = new Set(['view', 'reshape', 'flatten', 'permute', 'transpose', 'unsqueeze', 'squeeze', 'unflatten', 'expand', 'repeat', 't', 'pixel_shuffle', 'interpolate', 'pad', 'chunk', 'split', 'unbind']);

const MERGE_OPS = new Set(['cat', 'stack', 'concat', 'add', 'mul', 'sub', 'matmul', 'bmm', 'where']);

export function opCategory(op: string): Category {
  if (ACTIVATION_OPS.has(op)) {
    return 'activation';
  }
  if (RESHAPE_OPS.has(op)) {
    return 'reshape';
  }
  if (MERGE_OPS.has(op)) {
    return 'merge';
  }
  if (op.includes('pool')) {
    return 'pooling';
  }
  if (op.includes('dropout')) {
    return 'dropout';
  }
  if (op.includes('norm')) {
    return 'norm';
  }
  if (op.startsWith('conv')) {
    return 'conv';
  }
  if (op === 'linear') {
    return 'linear';
  }
  return 'function';
}

/**
 * Where `t` sits among the buffers and parameters of the model being traced, if it is one of
 * them: 'buffer h.0.attn.mask', 'param cls_token'. (A slice of one keeps it as its origin.)
 */
export function ownedName(host: TorchHost, t: TensorV): string | undefined {
  const trace = host.activeTrace;
  if (!trace) {
    return undefined;
  }
  if (!trace.owned) {
    const owned = new Map<TensorV, string>();
    for (const [p, b] of namedBuffers(trace.root)) {
      if (b && !owned.has(b)) {
        owned.set(b, `buffer ${p}`);
      }
    }
    for (const [p, w] of namedParameters(trace.root)) {
      if (w && !owned.has(w)) {
        owned.set(w, `param ${p}`);
      }
    }
    trace.owned = owned;
  }
  return trace.owned.get(t);
}

/** A buffer's or parameter's attribute path from its origin ('buffer h.0.mask' -> 'h.0.mask'). */
function ownedPath(origin: string | undefined): string | undefined {
  if (origin?.startsWith('buffer ')) {
    return origin.slice('buffer '.length);
  }
  if (origin?.startsWith('param ')) {
    return origin.slice('param '.length);
  }
  return undefined;
}

/** The module whose forward is running (`up` frames further out), unless it is the model's own. */
function currentGroup(trace: Trace, up = 0): string | undefined {
  const i = trace.frames.length - 1 - up;
  const frame = i >= 0 ? trace.frames[i] : undefined;
  return frame ? frame : undefined;
}

export function addNode(host: TorchHost, trace: Trace, I: Interp, info: { label: string; type: string; category: Category; layer?: string }, inputs: Value[], shape: Dims, span?: Span): string {
  const base = info.layer !== undefined ? info.layer || info.type : info.type;
  const n = (trace.counter.get(base) ?? 0) + 1;
  trace.counter.set(base, n);
  const id = n === 1 ? base : `${base}#${n}`;
  if (trace.truncated || trace.nodes.length + trace.inputs.length >= I.budgets.maxGraphNodes) {
    // The graph keeps its first maxGraphNodes nodes; later ones (and their edges) are left out.
    trace.truncated = true;
    return id;
  }
  // An operation belongs to the module whose forward runs it (a module call: to its layer).
  const group = info.layer === undefined ? currentGroup(trace) : undefined;
  const node = graphNode(id, info, shape ? shapeOf(shape) : undefined, span);
  if (group !== undefined) {
    node.group = group;
  }
  trace.nodes.push(node);
  for (const x of inputs) {
    if (x.k !== 'tensor') {
      continue;
    }
    let from = x.node;
    if (!from) {
      from = trace.inputNodes.get(x);
      if (!from) {
        // The model's own arguments are inputs; tensors made inside forward (arange, masks)
        // are sources, shown under their own names in the module that made them. Buffers and
        // parameters (self.weight, self.cls_token, a registered mask) belong to their module:
        // a property of the node that reads them, not a source.
        const origin = trace.args?.has(x) ? undefined : x.origin ?? ownedName(host, x);
        const owned = ownedPath(origin);
        if (owned !== undefined) {
          if (!node.uses) {
            node.uses = [];
          }
          if (!node.uses.includes(owned)) {
            node.uses.push(owned);
          }
          continue;
        }
        const label = !origin ? 'input' : origin.replace(/^torch\./, '');
        const base = label.replace(/[^\w.]/g, '_');
        const n = (trace.counter.get(`source:${base}`) ?? 0) + 1;
        trace.counter.set(`source:${base}`, n);
        from = n === 1 ? base : `${base}_${n}`;
        if (origin) {
          from = `source:${from}`;
        }
        trace.inputNodes.set(x, from);
        const source: GraphNode = {
          id: from,
          label,
          type: !origin ? 'Input' : origin,
          category: 'input',
          outputShape: x.shape ? shapeOf(x.shape) : null
        };
        // Made in the forward that calls the consumer: a module call's caller, an op's own frame.
        const made = origin ? currentGroup(trace, info.layer !== undefined ? 1 : 0) : undefined;
        if (made !== undefined) {
          source.group = made;
        }
        trace.inputs.push(source);
      }
    }
    // Made whole (a field added later would need a second store).
    trace.edges.push(x.shape ? { from, to: id, shape: shapeOf(x.shape) } : { from, to: id });
  }
  return id;
}

/** Where shape rules report a mismatch: an error at the call site; the active trace is incomplete. */
export function shapeProblems(host: TorchHost, I: Interp, site: CallSite, related?: Span): ShapeProblems {
  return new TraceShapeProblems(host, I, site, related);
}

/**
 * What shape rules report problems through: a shape mismatch is an error at the call site
 * and marks the active trace incomplete. (An object per rule call, its method shared.)
 */
class TraceShapeProblems implements ShapeProblems {
  constructor(
    private readonly host: TorchHost,
    private readonly I: Interp,
    private readonly site: CallSite,
    private readonly related: Span | undefined
  ) {}

  mismatch(message: string): void {
    // Related: the layer's definition, and the model call whose forward this is (when elsewhere).
    const trace = this.host.activeTrace;
    const related = [this.related, trace?.inputSpan].filter((s, i, all): s is Span => !!s && s !== this.site.span && all.indexOf(s) === i);
    this.I.diag('error', 'shape-mismatch', message, this.site.span, related.length > 0 ? related : undefined);
    if (trace) {
      trace.incomplete = trace.incomplete ?? message;
    }
  }
}

/** An op's tensor inputs in argument order (one level into tuples/lists), repeats kept. */
export function opInputs(args: Value[]): TensorV[] {
  const out: TensorV[] = [];
  for (const x of args) {
    if (x.k === 'tensor') {
      out.push(x);
    } else if (x.k === 'tuple' || x.k === 'list') {
      for (const y of x.items) {
        if (y.k === 'tensor') {
          out.push(y);
        }
      }
    }
  }
  return out;
}

export function firstTensor(args: Value[]): TensorV | undefined {
  for (const a of args) {
    if (a.k === 'tensor') {
      return a;
    }
  }
  return undefined;
}

/** The tensors among a call's arguments (one level into tuples/lists): a trace's real inputs. */
export function argTensors(args: Value[], kwargs: Map<string, Value>): Set<TensorV> {
  const out = new Set<TensorV>();
  const add = (v: Value): void => {
    if (v.k === 'tensor') {
      out.add(v);
    } else if (v.k === 'tuple' || v.k === 'list') {
      for (const x of v.items) {
        if (x.k === 'tensor') {
          out.add(x);
        }
      }
    }
  };
  args.forEach(add);
  kwargs.forEach(add);
  return out;
}

/** Whether a module has a (non-None) submodule, i.e. is not a leaf of the call trace. */
export function hasSubmodule(inst: InstanceV): boolean {
  if (inst.mod) {
    for (const m of inst.mod.modules.values()) {
      if (m !== null) {
        return true;
      }
    }
  }
  return false;
}

/**
 * A graph node, made whole in the usual cases (a field added later would need a second
 * store); fields in the same order either way.
 */
function graphNode(id: string, info: { label: string; type: string; category: Category; layer?: string }, outputShape: Shape | undefined, span: Span | undefined): GraphNode {
  const { label, type, category, layer } = info;
  if (outputShape !== undefined && span) {
    return layer !== undefined ? { id, label, type, category, layer, outputShape, span } : { id, label, type, category, outputShape, span };
  }
  const node: GraphNode = { id, label, type, category };
  if (layer !== undefined) {
    node.layer = layer;
  }
  if (outputShape !== undefined) {
    node.outputShape = outputShape;
  }
  if (span) {
    node.span = span;
  }
  return node;
}

export function retag(v: Value, node: string | undefined): Value {
  charge(1); // every element visited counts (shared structure can be exponential)
  if (v.k === 'tensor') {
    return tracedTensor(v.shape, node);
  }
  if (v.k === 'tuple') {
    return { k: 'tuple', items: v.items.map(x => retag(x, node)) };
  }
  return v;
}

export function outShapes(v: Value): Dims | Dims[] | undefined {
  if (v.k === 'tensor') {
    return v.shape;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    const shapes = v.items.map(x => (x.k === 'tensor' ? x.shape : undefined));
    if (shapes.every(s => s !== undefined)) {
      return shapes as Dims[];
    }
  }
  return undefined;
}
