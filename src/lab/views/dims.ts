// Pure helpers over the IR's numbers for the views: adding counts that may be symbolic or
// unknown, memory estimates, and classifying a shape as exact / symbolic / unknown. The
// honesty rule applies: a sum involving an unknown is unknown, never a guess.
import type { Dim, LayerInfo, ModelIR, Shape } from '../../core/ir';

export type DimKind = 'exact' | 'symbolic' | 'unknown';

export function dimKind(d: Dim | undefined): DimKind {
  return d === null || d === undefined ? 'unknown' : typeof d === 'number' ? 'exact' : 'symbolic';
}

/** The free symbols of a dim, shape or list of shapes. */
export function symbolsOf(value: Dim | Shape | Shape[] | undefined): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v && typeof v === 'object' && Array.isArray((v as { symbols?: unknown }).symbols)) {
      for (const s of (v as { symbols: string[] }).symbols) {
        out.add(s);
      }
    }
  };
  visit(value);
  return [...out];
}

/**
 * Whether a shape (or list of shapes) has a symbolic or unknown dimension. With `keras`, a
 * leading None is Keras' batch dimension (left open on purpose), not an unknown.
 */
export function shapeKind(shape: Shape | Shape[] | undefined, keras = false): DimKind {
  if (shape === undefined) {
    return 'exact';
  }
  if (shape === null) {
    return 'unknown';
  }
  let kind: DimKind = 'exact';
  const list = shape as Array<Dim | Shape>;
  const nested = list.length > 0 && list.every(d => d === null || Array.isArray(d));
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    if (keras && !nested && i === 0 && d === null) {
      continue;
    }
    const k = Array.isArray(d) ? shapeKind(d as Shape, keras) : dimKind(d as Dim);
    if (k === 'unknown') {
      return 'unknown';
    }
    if (k === 'symbolic') {
      kind = 'symbolic';
    }
  }
  return kind;
}

/** Sum of counts: exact when all are exact, symbolic when some are symbolic, else unknown. */
export function sumDims(dims: Dim[]): Dim {
  let exact = 0;
  const terms: string[] = [];
  const symbols = new Set<string>();
  for (const d of dims) {
    if (d === null) {
      return null;
    }
    if (typeof d === 'number') {
      exact += d;
    } else {
      terms.push(d.expr);
      d.symbols.forEach(s => symbols.add(s));
    }
  }
  if (!terms.length) {
    return exact;
  }
  if (exact) {
    terms.push(String(exact));
  }
  return { expr: terms.length === 1 ? terms[0] : terms.map(t => (/[+-]/.test(t) ? `(${t})` : t)).join(' + '), symbols: [...symbols] };
}

/** `count` identical copies of a count (a folded "Block x N" row). */
export function timesDim(d: Dim, count: number): Dim {
  if (d === null || typeof d === 'number') {
    return d === null ? null : d * count;
  }
  return { expr: `${count}·(${d.expr})`, symbols: d.symbols };
}

/** Compact count for graph nodes: 1,234 -> 1.2K, 11,689,512 -> 11.7M. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) {
    return String(n);
  }
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K']
  ];
  for (const [scale, suffix] of units) {
    if (abs >= scale) {
      const v = n / scale;
      return (v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '')) + suffix;
    }
  }
  return String(n);
}

/** Map of layer id to layer; user text goes into a Map, never a plain object. */
export function layerIndex(model: ModelIR): Map<string, LayerInfo> {
  const map = new Map<string, LayerInfo>();
  for (const l of model.layers) {
    map.set(l.id, l);
  }
  return map;
}

/** Ids of `id`'s ancestors, outermost first, excluding the root ('') and `id` itself. */
export function ancestorsOf(id: string, index: Map<string, LayerInfo>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cur = index.get(id)?.parent;
  while (cur !== undefined && cur !== '' && !seen.has(cur)) {
    seen.add(cur);
    out.unshift(cur);
    cur = index.get(cur)?.parent;
  }
  return out;
}

/** The root layer of the module tree (id ''), or the first layer without a parent. */
export function rootLayer(model: ModelIR): LayerInfo | undefined {
  return model.layers.find(l => l.id === '') ?? model.layers.find(l => l.parent === undefined);
}

/** Splits "a=1, b=(2, 3), c='x, y'" at top-level commas. */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i];
    if (quote) {
      if (ch === quote && args[i - 1] !== '\\') {
        quote = '';
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    } else if (ch === ',' && depth === 0) {
      out.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = args.slice(start).trim();
  if (last) {
    out.push(last);
  }
  return out;
}

const ARROWS: Array<[string, string]> = [
  ['in_channels', 'out_channels'],
  ['in_features', 'out_features'],
  ['input_size', 'hidden_size'],
  ['in_dim', 'out_dim']
];

const SHORT = new Map<string, string>([
  ['kernel_size', 'k'],
  ['stride', 's'],
  ['padding', 'p'],
  ['dilation', 'd'],
  ['groups', 'g'],
  ['num_heads', 'heads'],
  ['embed_dim', 'dim'],
  ['num_layers', 'layers'],
  ['strides', 's'],
  ['pool_size', 'pool'],
  ['rate', 'p']
]);

/** Drop-in-place flags and defaults that say nothing about the architecture. */
const QUIET = new Set(['inplace', 'device', 'dtype', 'name']);

/**
 * Compact display of a layer's key arguments for graph nodes and table rows:
 * "in_channels=3, out_channels=16, kernel_size=3, stride=1" -> "3→16, k=3, s=1".
 * Display only: the full text stays in tooltips.
 */
export function compactArgs(args: string | undefined): string {
  if (!args) {
    return '';
  }
  const parts = splitArgs(args);
  const kv = parts.map(p => {
    const eq = p.indexOf('=');
    return eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.slice(0, eq).trim()) ? [p.slice(0, eq).trim(), p.slice(eq + 1).trim()] : ['', p];
  });
  const used = new Set<number>();
  const out: string[] = [];
  for (const [a, b] of ARROWS) {
    const i = kv.findIndex(([k]) => k === a);
    const j = kv.findIndex(([k]) => k === b);
    if (i >= 0 && j >= 0) {
      out.push(`${kv[i][1]}→${kv[j][1]}`);
      used.add(i);
      used.add(j);
    }
  }
  const ne = kv.findIndex(([k]) => k === 'num_embeddings');
  const ed = kv.findIndex(([k]) => k === 'embedding_dim');
  if (ne >= 0 && ed >= 0) {
    out.push(`${kv[ne][1]}×${kv[ed][1]}`);
    used.add(ne);
    used.add(ed);
  }
  kv.forEach(([k, v], i) => {
    if (used.has(i) || QUIET.has(k)) {
      return;
    }
    if (k === 'bias' || k === 'use_bias') {
      if (v === 'False') {
        out.push('no bias');
      }
      return;
    }
    if (k === 'num_features' || k === 'units' || k === 'filters' || k === 'normalized_shape' || k === '') {
      out.push(v);
      return;
    }
    if (k === 'activation') {
      out.push(v.replace(/^['"]|['"]$/g, ''));
      return;
    }
    out.push(`${SHORT.get(k) ?? k}=${v}`);
  });
  return out.join(', ');
}
