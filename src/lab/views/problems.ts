// Pure model of the diagnostics the panel shows for one model: which of the notebook's
// diagnostics concern it (by where they point), which graph nodes and table rows an error
// marks, and how diagnostics group into readable entries ("14 calls not modelled: ...", one
// typo used seven times is one entry with seven places).
// Does not: touch the DOM, or decide severities (the core does).
import type { ArchitectureIR, Diagnostic, ModelIR, Severity, Span } from '../../core/ir';

/** Lines of a model's own code in each cell or file: where its layers are built and run. */
type Extent = Map<string, Array<[number, number]>>;

/** Same cell or file (cell ids win over indexes when both spans have them). */
function sameDoc(a: Span, b: Span): boolean {
  if ((a.file ?? null) !== (b.file ?? null)) {
    return false;
  }
  if (a.file !== undefined) {
    return true;
  }
  return a.cellId !== undefined && b.cellId !== undefined ? a.cellId === b.cellId : a.cell === b.cell;
}

function cellKey(span: Span): string {
  return span.file !== undefined ? `f\u0000${span.file}` : span.cellId !== undefined ? `i\u0000${span.cellId}` : `n\u0000${span.cell}`;
}

/**
 * The extent of a model: per cell (or file), the range from the first to the last line where
 * the model is defined, one of its layers is built, its forward runs, or its input is made.
 */
export function modelExtent(model: ModelIR): Extent {
  const ranges = new Map<string, [number, number]>();
  const add = (s: Span | undefined) => {
    if (!s) {
      return;
    }
    const key = cellKey(s);
    const r = ranges.get(key);
    ranges.set(key, r ? [Math.min(r[0], s.startLine), Math.max(r[1], s.endLine)] : [s.startLine, s.endLine]);
  };
  add(model.span);
  add(model.input?.span);
  for (const l of model.layers) {
    add(l.span);
  }
  for (const n of model.graph.nodes) {
    add(n.span);
  }
  const out: Extent = new Map();
  for (const [k, r] of ranges) {
    out.set(k, [r]);
  }
  return out;
}

function inExtent(span: Span, extent: Extent): boolean {
  const ranges = extent.get(cellKey(span));
  return !!ranges && ranges.some(([a, b]) => span.startLine <= b && span.endLine >= a);
}

export interface ModelDiagnostics {
  /** The model's own diagnostics, then the notebook's that point into its code or nowhere. */
  own: Diagnostic[];
  /** The rest of the notebook's diagnostics. */
  other: Diagnostic[];
}

/**
 * Splits the notebook's diagnostics for `model`: those built with the model, those pointing
 * into its code (any of their places), and those pointing nowhere (budgets: they may concern
 * any model) are its own; the others belong to the rest of the notebook.
 */
export function diagnosticsFor(model: ModelIR, ir: ArchitectureIR | null): ModelDiagnostics {
  const own = [...model.diagnostics];
  const other: Diagnostic[] = [];
  const extent = modelExtent(model);
  for (const d of ir?.diagnostics ?? []) {
    const spans = [d.span, ...(d.related ?? [])].filter((s): s is Span => !!s);
    if (spans.length === 0 || spans.some(s => inExtent(s, extent))) {
      own.push(d);
    } else {
      other.push(d);
    }
  }
  // Diagnostics of other models do not concern this one (they are theirs).
  return { own, other };
}

/** How many lines and columns a span covers, for "innermost" comparisons. */
function size(s: Span): number {
  return (s.endLine - s.startLine) * 100000 + (s.endLine === s.startLine ? s.endCol - s.startCol : 0);
}

function overlaps(a: Span, b: Span): boolean {
  if (!sameDoc(a, b)) {
    return false;
  }
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 < c2);
  // [a.start, a.end) and [b.start, b.end) intersect; empty spans count as points.
  const aEnd = a.endLine === a.startLine && a.endCol === a.startCol ? { l: a.endLine, c: a.endCol + 1 } : { l: a.endLine, c: a.endCol };
  const bEnd = b.endLine === b.startLine && b.endCol === b.startCol ? { l: b.endLine, c: b.endCol + 1 } : { l: b.endLine, c: b.endCol };
  return before(a.startLine, a.startCol, bEnd.l, bEnd.c) && before(b.startLine, b.startCol, aEnd.l, aEnd.c);
}

export interface ErrorMarks {
  /** Layer id -> the errors that mark its row (and the node standing for it). */
  layers: Map<string, Diagnostic[]>;
  /** Graph node id (IR) -> the errors that mark it. */
  nodes: Map<string, Diagnostic[]>;
  /** Number of errors of the model (marked or not). */
  count: number;
}

/**
 * Which graph nodes and layers each error points at: a diagnostic naming a layer (`layer`)
 * marks it; otherwise the innermost graph node whose call site overlaps the error's place
 * (a shape mismatch is reported at the call), else the innermost layer whose definition
 * overlaps it (a bad constructor argument). Related places are tried after the main one.
 */
export function errorMarks(model: ModelIR, diagnostics: Diagnostic[]): ErrorMarks {
  const layers = new Map<string, Diagnostic[]>();
  const nodes = new Map<string, Diagnostic[]>();
  const push = (map: Map<string, Diagnostic[]>, key: string, d: Diagnostic) => {
    const list = map.get(key);
    if (!list) {
      map.set(key, [d]);
    } else if (!list.includes(d)) {
      list.push(d);
    }
  };
  const layerIds = new Set(model.layers.map(l => l.id));
  const layerSpan = new Map(model.layers.map(l => [l.id, l.span]));
  let count = 0;
  for (const d of diagnostics) {
    if (d.severity !== 'error') {
      continue;
    }
    count++;
    if (d.layer !== undefined && layerIds.has(d.layer)) {
      push(layers, d.layer, d);
      for (const n of model.graph.nodes) {
        if (n.layer === d.layer) {
          push(nodes, n.id, d);
        }
      }
      continue;
    }
    const related = d.related ?? [];
    // A layer whose definition is one of the related places (the Linear a shape mismatch names).
    const namedByRelated = (layerId: string | undefined) => {
      const s = layerId !== undefined ? layerSpan.get(layerId) : undefined;
      return !!s && related.some(r => overlaps(r, s));
    };
    for (const span of [d.span, ...related]) {
      if (!span) {
        continue;
      }
      // The innermost graph nodes whose call overlaps the place; when several share it (the
      // layers of a Sequential are all called at the Sequential's call), the related places
      // say which.
      let best = Infinity;
      let hits: Array<{ id: string; layer?: string }> = [];
      for (const n of model.graph.nodes) {
        if (n.span && overlaps(n.span, span)) {
          const s = size(n.span);
          if (s < best) {
            best = s;
            hits = [];
          }
          if (s === best) {
            hits.push({ id: n.id, layer: n.layer });
          }
        }
      }
      if (hits.length > 1) {
        const named = hits.filter(h => namedByRelated(h.layer));
        hits = named.length ? named : hits.slice(0, 1);
      }
      if (hits.length) {
        for (const hit of hits) {
          push(nodes, hit.id, d);
          if (hit.layer !== undefined) {
            push(layers, hit.layer, d);
          }
        }
        break;
      }
      let bestLayer: { id: string; size: number } | null = null;
      for (const l of model.layers) {
        if (l.id !== '' && l.span && overlaps(l.span, span)) {
          const s = size(l.span);
          if (!bestLayer || s < bestLayer.size) {
            bestLayer = { id: l.id, size: s };
          }
        }
      }
      if (bestLayer) {
        push(layers, bestLayer.id, d);
        for (const n of model.graph.nodes) {
          if (n.layer === bestLayer.id) {
            push(nodes, n.id, d);
          }
        }
        break;
      }
    }
  }
  return { layers, nodes, count };
}

/** One entry of the diagnostics list: one message, or several of one kind. */
export interface DiagnosticGroup {
  severity: Severity;
  code: string;
  /** The heading: the message itself, or "14 calls not modelled". */
  title: string;
  /** For a kind with several messages: the distinct subjects ("matplotlib.pyplot.imshow", ...). */
  subjects: string[];
  /** Distinct messages in order, each with every diagnostic that has it. */
  messages: Array<{ message: string; items: Diagnostic[] }>;
  /** Number of diagnostics in the group. */
  count: number;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Kinds whose many messages read better as one entry: the code, a pattern giving the subject
 * of a message, and the heading for N of them.
 */
const KINDS: Array<[string, RegExp, (n: number) => string]> = [
  ['unknown-call', /^call of (.+?) is not modelled/, n => (n === 1 ? '1 call not modelled' : `${n} calls not modelled`)],
  ['unknown-op', /^(.+?) is not modelled/, n => (n === 1 ? '1 operation not modelled' : `${n} operations not modelled`)],
  ['unknown-attribute', /^(?:attribute '(.+?)' of|(.+?) has no attribute|class attribute '(.+?)')/, n => (n === 1 ? '1 attribute not known statically' : `${n} attributes not known statically`)],
  ['undefined-name', /^name '(.+?)'/, n => (n === 1 ? '1 name not defined' : `${n} names not defined or not known`)],
  ['unknown-layer', /^(.+?)(?: is| was|:)/, n => (n === 1 ? '1 layer not known' : `${n} layers not known`)]
];

/**
 * Groups diagnostics: identical messages become one entry listing every place; several
 * messages of a kind in KINDS become one entry ("14 calls not modelled: a, b, ..."). Errors
 * first, then warnings, then notes; within a severity, in the order first seen.
 */
export function groupDiagnostics(diagnostics: Diagnostic[]): DiagnosticGroup[] {
  const groups = new Map<string, DiagnosticGroup>();
  const order: DiagnosticGroup[] = [];
  for (const d of diagnostics) {
    const kind = KINDS.find(k => k[0] === d.code);
    // Errors and warnings stay one entry per message; notes of a known kind are pooled.
    const key = kind && d.severity === 'info' ? `k\u0000${d.code}` : `m\u0000${d.severity}\u0000${d.code}\u0000${d.message}`;
    let g = groups.get(key);
    if (!g) {
      g = { severity: d.severity, code: d.code, title: d.message, subjects: [], messages: [], count: 0 };
      groups.set(key, g);
      order.push(g);
    }
    g.count++;
    let m = g.messages.find(x => x.message === d.message);
    if (!m) {
      m = { message: d.message, items: [] };
      g.messages.push(m);
      if (kind) {
        const hit = kind[1].exec(d.message);
        const subject = hit ? hit.slice(1).find(s => s !== undefined) : undefined;
        if (subject && !g.subjects.includes(subject)) {
          g.subjects.push(subject);
        }
      }
    }
    m.items.push(d);
  }
  for (const g of order) {
    const kind = KINDS.find(k => k[0] === g.code);
    if (kind && g.messages.length > 1) {
      g.title = kind[2](g.messages.length);
    }
  }
  return order.map((g, i) => ({ g, i })).sort((a, b) => ORDER[a.g.severity] - ORDER[b.g.severity] || a.i - b.i).map(x => x.g);
}

/** Counts by severity. */
export function severityCounts(diagnostics: Diagnostic[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) {
    out[d.severity]++;
  }
  return out;
}
