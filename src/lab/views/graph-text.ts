// Text helpers of the graph view: measuring labels in the UI font (for node sizes before
// layout), shortening them, category names for the legend and tooltips.
// Does not: draw anything.
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Diagnostic } from '../../core/ir';
import { formatCount, formatDim } from '../../core/export/format';
import { dimKind, shapeKind } from './dims';
import { dimTitle, el, shapeLabel } from './dom';
import type { VisibleGraph, VNode } from './graph-model';

let counter = 0;
export function nextId(): number {
  return ++counter;
}

export function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

export function typeText(node: VNode): string {
  const type = ellipsize(node.type, 30);
  return node.kind === 'fold' ? `${type} × ${node.foldIds?.length ?? 0}` : type;
}

export function ellipsize(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function symbols(value: unknown): string[] {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v && typeof v === 'object' && Array.isArray((v as { symbols?: unknown }).symbols)) {
      (v as { symbols: string[] }).symbols.forEach(s => out.add(s));
    }
  };
  visit(value);
  return [...out];
}

let ctx: CanvasRenderingContext2D | null = null;
let family = '';
let mono = '';
const cache = new Map<string, number>();

/** Width of `text` in the UI font (11px; 10px for secondary text). */
export function measure(text: string, weight: number, small = false): number {
  const key = `${weight}|${small}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    return hit;
  }
  if (!ctx) {
    ctx = document.createElement('canvas').getContext('2d');
    const style = getComputedStyle(document.body);
    family = style.getPropertyValue('--jp-ui-font-family').trim() || 'sans-serif';
    mono = style.getPropertyValue('--jp-code-font-family').trim() || 'monospace';
  }
  let width = text.length * (small ? 6 : 7);
  if (ctx) {
    ctx.font = small ? `${weight} 10px ${mono}` : `${weight} 11.5px ${family}`;
    width = ctx.measureText(text).width;
  }
  if (cache.size > 20000) {
    cache.clear();
  }
  cache.set(key, width);
  return width;
}

export function categoryName(category: string, trans: { __(s: string): string }): string {
  switch (category) {
    case 'conv':
      return trans.__('convolution');
    case 'linear':
      return trans.__('linear');
    case 'norm':
      return trans.__('normalization');
    case 'activation':
      return trans.__('activation');
    case 'pooling':
      return trans.__('pooling');
    case 'recurrent':
      return trans.__('recurrent');
    case 'attention':
      return trans.__('attention');
    case 'embedding':
      return trans.__('embedding');
    case 'reshape':
      return trans.__('reshape');
    case 'merge':
      return trans.__('merge');
    case 'dropout':
      return trans.__('dropout');
    case 'container':
      return trans.__('container');
    case 'model':
      return trans.__('model');
    case 'input':
      return trans.__('input');
    case 'function':
      return trans.__('function');
    case 'unknown':
      return trans.__('unknown');
    default:
      return trans.__('other');
  }
}

/**
 * What an operation reads besides its inputs, shortly: the parameters and buffers it uses, by
 * their name in the module that owns them ('cls_token', 'bias' for 'h.0.attn.bias').
 */
export function usesText(node: VNode): string {
  if (!node.uses?.length) {
    return '';
  }
  return node.uses.map(u => u.slice(u.lastIndexOf('.') + 1)).join(', ');
}

/** The node for screen readers: type, name, arguments, parameters, errors, grouping. */
export function describeNode(node: VNode, errors: Diagnostic[], trans: TranslationBundle): string {
  const parts = [node.type];
  if (node.name) {
    parts.push(node.name);
  }
  if (node.args) {
    parts.push(node.args);
  }
  if (node.params !== undefined) {
    const p = node.params;
    parts.push(
      dimKind(p) === 'exact' ? trans._n('%2 parameter', '%2 parameters', p as number, formatCount(p as number)) : trans.__('parameters: %1', dimKind(p) === 'symbolic' ? formatDim(p) : '?')
    );
  }
  if (errors.length) {
    parts.push(trans._n('%1 error', '%1 errors', errors.length));
  }
  if (node.kind === 'group') {
    parts.push(trans.__('collapsed group of %1 layers', node.hidden ?? 0));
  } else if (node.kind === 'fold') {
    parts.push(trans.__('%1 identical blocks folded', node.foldIds?.length ?? 0));
  }
  return parts.join(', ');
}

/** The node's tooltip: name and type, errors, arguments, parameters, output shape, what clicks do. */
export function nodeTooltip(node: VNode, errors: Diagnostic[], trans: TranslationBundle, keras: boolean): string {
  const lines = [node.name ? `${node.name}: ${node.type}` : node.type];
  for (const d of errors.slice(0, 3)) {
    lines.push(trans.__('Error: %1', d.message));
  }
  if (errors.length > 3) {
    lines.push(trans.__('… and %1 more errors (see Diagnostics)', errors.length - 3));
  }
  if (node.args) {
    lines.push(node.args);
  }
  if (node.uses?.length) {
    lines.push(trans.__('Reads: %1', node.uses.join(', ')));
  }
  if (node.params !== undefined) {
    const p = node.params;
    lines.push(trans.__('Params: %1', dimKind(p) === 'exact' ? formatCount(p as number) : dimKind(p) === 'symbolic' ? formatDim(p) : '?'));
    const why = dimTitle(p, trans);
    if (why) {
      lines.push(why);
    }
  }
  if (node.outputShape !== undefined) {
    lines.push(trans.__('Output: %1', shapeLabel(node.outputShape, keras)));
    if (shapeKind(node.outputShape, keras) !== 'exact') {
      lines.push(dimTitle(shapeKind(node.outputShape, keras) === 'symbolic' ? { expr: '', symbols: symbols(node.outputShape) } : null, trans));
    }
  }
  lines.push(
    node.kind === 'group'
      ? trans.__('Click: go to source · Double-click: open the group')
      : node.kind === 'fold'
        ? trans.__('%1 structurally identical blocks. Click: go to source · Double-click: unfold', node.foldIds?.length ?? 0)
        : trans.__('Click: go to source')
  );
  return lines.join('\n');
}

/** The legend: the model's error count first (when it has errors), then the categories drawn, most frequent first. */
export function legendItems(graph: VisibleGraph, errors: number, trans: TranslationBundle): HTMLElement[] {
  const counts = new Map<string, number>();
  for (const n of graph.nodes) {
    counts.set(n.category, (counts.get(n.category) ?? 0) + 1);
  }
  const items = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const out = items.map(([cat]) => {
    const item = el('span', 'jp-ArchLens-legendItem');
    item.dataset.category = cat;
    const sw = el('span', 'jp-ArchLens-swatch');
    sw.setAttribute('aria-hidden', 'true');
    item.append(sw, categoryName(cat, trans));
    return item;
  });
  if (errors) {
    const item = el('span', 'jp-ArchLens-legendItem jp-ArchLens-legendErrors', trans._n('%1 error', '%1 errors', errors));
    item.title = trans.__('Nodes marked ! have errors: the code would fail when run. See Diagnostics.');
    out.unshift(item);
  }
  return out;
}
