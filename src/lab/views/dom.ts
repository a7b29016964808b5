// Small DOM helpers for the views. Every notebook-derived string reaches the page through
// textContent (or d3's .text()), never innerHTML. Symbolic counts and dims are printed by the
// core's formatter (export/format.ts), as in every export.
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Dim, Shape, Span } from '../../core/ir';
import { formatCount, formatDim } from '../../core/export/format';
import { dimKind } from './dims';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Settings the views read; mirrors schema/plugin.json. */
export interface ViewSettings {
  collapseDepth: number;
  direction: 'TB' | 'LR';
  showBuffers: boolean;
  nodeLabels: 'name' | 'type';
}

export const DEFAULT_SETTINGS: ViewSettings = { collapseDepth: 2, direction: 'TB', showBuffers: false, nodeLabels: 'name' };

/** Callbacks the panel gives its views. */
export interface ViewHost {
  trans: TranslationBundle;
  /** Go to the source of a span (select the cell, highlight the line). */
  reveal(span: Span | undefined): void;
  /**
   * A layer was selected in a view (kept across updates and shared between views); a graph
   * node may say which call it was (an operation has no layer) and which blocks it folds.
   */
  select(layerId: string | null, target?: { nodeId?: string | null; foldIds?: string[] }): void;
  /** Collapse state changed in a view; the others re-render. */
  foldChanged(): void;
}

/** Tooltip explaining a symbolic or unknown value. */
export function dimTitle(d: Dim | undefined, trans: TranslationBundle): string {
  const kind = dimKind(d);
  if (kind === 'symbolic') {
    const s = d as { expr: string; symbols: string[] };
    return trans.__('Symbolic: depends on %1, which the notebook does not fix. Give it a value above the tabs.', s.symbols.join(', '));
  }
  if (kind === 'unknown') {
    return trans.__('Not statically known: see Diagnostics for the reason.');
  }
  return '';
}

/** A count as a span, italic and explained when symbolic or unknown. */
export function countNode(d: Dim | undefined, trans: TranslationBundle, compact?: (n: number) => string): HTMLElement {
  const span = el('span', 'jp-ArchLens-count');
  const kind = dimKind(d);
  if (kind === 'exact') {
    span.textContent = compact ? compact(d as number) : formatCount(d as number);
    if (compact) {
      span.title = formatCount(d as number);
    }
  } else {
    span.classList.add(kind === 'symbolic' ? 'jp-ArchLens-symbolic' : 'jp-ArchLens-unknown');
    span.textContent = kind === 'symbolic' ? formatDim(d as Dim) : '?';
    span.title = kind === 'symbolic' ? `${formatDim(d as Dim)}\n${dimTitle(d, trans)}` : dimTitle(d, trans);
  }
  return span;
}

/** A shape like [1, 16, 32, 32] with symbolic / unknown dims marked. */
export function shapeNode(shape: Shape | Shape[] | undefined, trans: TranslationBundle, keras = false): HTMLElement {
  const span = el('span', 'jp-ArchLens-shape');
  if (shape === undefined) {
    span.textContent = '--';
    span.classList.add('jp-ArchLens-none');
    return span;
  }
  const appendShape = (s: Shape) => {
    if (s === null) {
      const u = el('span', 'jp-ArchLens-unknown', '?');
      u.title = trans.__('Shape not statically known: see Diagnostics.');
      span.append(u);
      return;
    }
    span.append('[');
    s.forEach((d, i) => {
      if (i) {
        span.append(', ');
      }
      const kind = dimKind(d);
      if (keras && i === 0 && d === null) {
        const none = el('span', 'jp-ArchLens-batch', 'None');
        none.title = trans.__('The batch dimension, left open by Keras');
        span.append(none);
      } else if (kind === 'exact') {
        span.append(String(d));
      } else {
        const part = el('span', kind === 'symbolic' ? 'jp-ArchLens-symbolic' : 'jp-ArchLens-unknown', kind === 'symbolic' ? formatDim(d) : '?');
        part.title = dimTitle(d, trans);
        span.append(part);
      }
    });
    span.append(']');
  };
  if (shape !== null && shape.length > 0 && shape.every(s => s === null || Array.isArray(s))) {
    (shape as Shape[]).forEach((s, i) => {
      if (i) {
        span.append(', ');
      }
      appendShape(s);
    });
  } else {
    appendShape(shape as Shape);
  }
  return span;
}

/** Compact shape text for graph edges: 1×16×32×32. */
export function shapeLabel(shape: Shape | Shape[] | undefined, keras = false): string {
  if (shape === undefined) {
    return '';
  }
  if (shape === null) {
    return '?';
  }
  if (shape.length > 0 && shape.every(s => s === null || Array.isArray(s))) {
    return (shape as Shape[]).map(s => shapeLabel(s, keras)).join(', ');
  }
  const dims = shape as Dim[];
  if (dims.length === 0) {
    return '()';
  }
  return dims.map((d, i) => (d === null ? (keras && i === 0 ? 'None' : '?') : typeof d === 'number' ? String(d) : formatDim(d))).join('×');
}

/** "cell 3, line 12" for a span (1-based for people). */
export function spanText(span: Span, trans: TranslationBundle): string {
  if (span.file) {
    return trans.__('%1, line %2', span.file.split('/').pop() ?? span.file, span.startLine + 1);
  }
  return trans.__('cell %1, line %2', span.cell + 1, span.startLine + 1);
}
