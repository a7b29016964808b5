// What the graph view says about a node as text: its accessible description, its tooltip,
// the type label on its card, and the names of categories in the legend; ellipsizing.
// Does not: draw or measure anything (graph.ts).
import type { TranslationBundle } from '@jupyterlab/translation';
import { formatCount } from '../../core/export/format';
import { dimKind, shapeKind } from './dims';
import { dimTitle, shapeLabel } from './dom';
import type { VNode } from './graph-model';

/** The accessible description of a node (aria-label, live region). */
export function describe(node: VNode, trans: TranslationBundle): string {
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
      dimKind(p) === 'exact' ? trans._n('%2 parameter', '%2 parameters', p as number, formatCount(p as number)) : trans.__('parameters: %1', dimKind(p) === 'symbolic' ? (p as { expr: string }).expr : '?')
    );
  }
  if (node.kind === 'group') {
    parts.push(trans.__('collapsed group of %1 layers', node.hidden ?? 0));
  } else if (node.kind === 'fold') {
    parts.push(trans.__('%1 identical blocks folded', node.foldIds?.length ?? 0));
  }
  return parts.join(', ');
}

/** The tooltip of a node: type, arguments, parameters, output shape, what a click does. */
export function tooltip(node: VNode, trans: TranslationBundle, keras: boolean): string {
  const lines = [node.name ? `${node.name}: ${node.type}` : node.type];
  if (node.args) {
    lines.push(node.args);
  }
  if (node.params !== undefined) {
    const p = node.params;
    lines.push(trans.__('Params: %1', dimKind(p) === 'exact' ? formatCount(p as number) : dimKind(p) === 'symbolic' ? (p as { expr: string }).expr : '?'));
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
