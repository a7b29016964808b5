// Display formatting of counts, dims and shapes, shared by every view and exporter.
import type { Dim, Shape } from '../ir';

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '?' : n.toLocaleString('en-US');
}

export function formatDim(d: Dim): string {
  return d === null ? '?' : typeof d === 'number' ? String(d) : d.expr;
}

/** `[1, 64, 32, 32]`; several outputs are joined with commas; `missing` when absent. */
export function formatShape(shape: Shape | Shape[] | undefined, missing = '--'): string {
  if (shape === undefined) {
    return missing;
  }
  if (shape === null) {
    return '?';
  }
  if (shape.length > 0 && shape.every(s => s === null || Array.isArray(s))) {
    return (shape as Shape[]).map(s => formatShape(s, missing)).join(', ');
  }
  return '[' + (shape as Dim[]).map(formatDim).join(', ') + ']';
}
