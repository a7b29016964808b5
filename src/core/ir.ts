// The Architecture IR: plain, JSON-serialisable data that every view and exporter reads.
// It is produced by the core (src/core/extract.ts) and never contains functions, class
// instances or anything keyed by user text in a plain object (user names live in arrays).
// Nothing in this file knows about JupyterLab, the DOM or tree-sitter.

/** Where something is in the analysed sources. Lines and columns are 0-based. */
export interface Span {
  /** Index of the cell (or 0 for a .py file) in the analysed document. */
  cell: number;
  /** Stable cell id when the host has one (notebook cell id), else the file path. */
  cellId?: string;
  /** Path of the file, for spans in a local import read from disk. */
  file?: string;
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** A short stable code, e.g. 'shape-mismatch', 'budget-steps', 'unknown-layer'. */
  code: string;
  message: string;
  span?: Span;
  /** Other places involved (both lines of a shape mismatch, for example). */
  related?: Span[];
  /**
   * The layer (LayerInfo.id of the model the diagnostic belongs to) it concerns, when the
   * core knows it; views mark that layer's row and node. Without it, views go by the spans.
   */
  layer?: string;
}

/**
 * A dimension or count: an exact integer, a symbolic expression over named symbols
 * (kept as a display string plus the names it uses), or unknown.
 */
export type Dim = number | SymbolicDim | null;

export interface SymbolicDim {
  /** Human readable expression, e.g. "4900*C + 2840" or "N". */
  expr: string;
  /** Names of the free symbols the expression uses. */
  symbols: string[];
}

export type Shape = Dim[] | null;

/**
 * Full structure of an output: a tensor shape, or a list for tuple/list outputs (nested as the
 * output is; a None element is null). `outputShape` keeps the flat Shape | Shape[] form.
 */
export type ShapeTree = Shape | ShapeTree[];

export type Framework = 'pytorch' | 'keras';

export type ModelKind = 'instance' | 'class' | 'sequential' | 'functional';

export type Category =
  | 'conv'
  | 'linear'
  | 'norm'
  | 'activation'
  | 'pooling'
  | 'recurrent'
  | 'attention'
  | 'embedding'
  | 'reshape'
  | 'merge'
  | 'dropout'
  | 'container'
  | 'model'
  | 'input'
  | 'function'
  | 'other'
  | 'unknown';

/** One row of the module tree (torchinfo's table, Keras' summary). */
export interface LayerInfo {
  /** Stable id: the dotted attribute path ('features.0', 'blocks.3.attn'); '' is the root. */
  id: string;
  /** Attribute name relative to the parent ('conv1', '0'). */
  name: string;
  /** Nesting depth, 0 for the root. */
  depth: number;
  /** Class name as written in the framework ('Conv2d', 'Dense') or the user's class. */
  type: string;
  category: Category;
  /** Key constructor arguments for display, e.g. "3→64, k=3, s=1". */
  args?: string;
  /**
   * The constructor call of a framework layer with every argument bound, defaults included
   * (device and dtype left out): `Conv2d(in_channels=3, ..., bias=False, padding_mode='zeros')`.
   */
  ctor?: string;
  /** Parameters owned directly or by descendants (shared tensors counted once). */
  params: Dim;
  trainableParams: Dim;
  /** Parameters this row owns itself (not through children). */
  ownParams: Dim;
  /** Buffers (PyTorch) / non-trainable weights that are not parameters. */
  buffers?: Dim;
  trainable: boolean | 'partial';
  outputShape?: Shape | Shape[];
  /** Nested output structure when the output is a (nested) tuple. */
  outputTree?: ShapeTree;
  inputShape?: Shape | Shape[];
  /** Where the layer is constructed / assigned. */
  span?: Span;
  /** Structural signature: equal for structurally identical subtrees (for folding). */
  signature?: string;
  /**
   * Multiply-accumulates of this layer over the traced forward, computed the way torchinfo
   * 1.8 reports them (leaf modules only; see frameworks/torch/macs.ts). null when unknown.
   */
  multAdds?: Dim;
  /** Id of the layer whose parameter tensors this layer shares, if any. */
  sharedWith?: string;
  children: string[];
  parent?: string;
}

export interface GraphNode {
  id: string;
  /** The layer id in `layers` this node calls, when the node is a module call. */
  layer?: string;
  label: string;
  type: string;
  category: Category;
  outputShape?: Shape;
  span?: Span;
  /**
   * For an operation (no `layer`): the layer id of the module whose forward ran it; absent
   * when the model's own forward did. Module calls sit where their layer sits.
   */
  group?: string;
  /** Parameters and buffers (attribute paths) the node reads directly: drawn with it, never as nodes. */
  uses?: string[];
}

/** Consecutive identical sibling blocks forming a chain in the graph: drawn as one "Block × N". */
export interface GraphFold {
  /** Layer ids of the blocks, in order (siblings with the same structural signature). */
  ids: string[];
  /** Their class ('Block'). */
  type: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  shape?: Shape;
}

export interface ModelParams {
  /** Integer when statically known, else null with the reason in diagnostics. */
  total: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  buffers: number | null;
  /** Present when the totals are expressions over symbols. */
  symbolicTotal?: SymbolicDim;
  /** Parameters counted once but owned by several modules. */
  shared?: number;
}

export interface InputInfo {
  shape: Shape;
  source: 'dummy-tensor' | 'summary-call' | 'input-layer' | 'input-shape-arg' | 'user' | 'symbolic';
  span?: Span;
}

export interface ModelIR {
  /**
   * The variable the model is bound to at the end of the notebook (a `rebound` model: the one
   * it was bound to before the name was bound again), else the class name.
   */
  name: string;
  kind: ModelKind;
  framework: Framework;
  /** Class name: the user's class, or 'Sequential' / 'Functional'. */
  class: string;
  /**
   * Set when `name` was bound to another value later in the notebook: this model is an earlier
   * one (listed at the cell and line that bound it; ir/model-key.ts gives its key).
   */
  rebound?: true;
  params: ModelParams;
  outputShape?: Shape | Shape[];
  /** Nested output structure when the output is a (nested) tuple. */
  outputTree?: ShapeTree;
  input?: InputInfo;
  layers: LayerInfo[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[]; folds?: GraphFold[] };
  /** Cell index and 0-based line of the definition (class statement or binding). */
  cell: number;
  cellId?: string;
  line: number;
  span?: Span;
  /** Total mult-adds of one traced forward (torchinfo's "Total mult-adds"); null when unknown. */
  multAdds?: Dim;
  /** Symbols that remain free in shapes or totals. */
  symbols?: string[];
  /**
   * Values for symbols given from outside the notebook (the panel's form, the CLI's --symbol)
   * that this model's numbers use; set by the host that gave them, so exports can say so.
   * (A given input shape shows as `input.source === 'user'`.)
   */
  givenSymbols?: Array<[string, number]>;
  diagnostics: Diagnostic[];
  /**
   * How many error diagnostics (its own and the notebook's, ir/errors.ts) concern this model:
   * the code would fail when run. Absent when none does.
   */
  errors?: number;
}

export interface ArchitectureIR {
  models: ModelIR[];
  diagnostics: Diagnostic[];
  /** Analysis statistics (time, steps used). */
  /** Where the time went: `lowerMs` parsing + lowering changed cells, `interpMs` running the
   *  cells, `buildMs` building the models' IR (all wall-clock milliseconds). */
  stats?: { ms: number; steps: number; cells: number; lowerMs?: number; interpMs?: number; buildMs?: number };
}

/** What hosts hand to the core: one entry per notebook cell (or one for a .py file). */
export interface CellInput {
  id: string;
  /** 'code' cells are analysed; markdown and raw cells are skipped but keep their index. */
  kind: 'code' | 'markdown' | 'raw';
  source: string;
}
