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
  // a list of shapes (several outputs) has at least one array in it; [null, null] is one shape
  if (shape.some(s => Array.isArray(s)) && shape.every(s => s === null || Array.isArray(s))) {
    return (shape as Shape[]).map(s => formatShape(s, missing)).join(', ');
  }
  return '[' + (shape as Dim[]).map(formatDim).join(', ') + ']';
}

/** Keras' spelling of a shape: `(None, 32, 32, 3)`; unknown dims of Keras shapes are None. */
export function formatKerasShape(shape: Shape | Shape[] | undefined): string {
  if (shape === undefined || shape === null) {
    return '?';
  }
  if (shape.some(s => Array.isArray(s)) && shape.every(s => s === null || Array.isArray(s))) {
    return (shape as Shape[]).map(formatKerasShape).join(', ');
  }
  const dims = (shape as Dim[]).map(d => (d === null ? 'None' : formatDim(d)));
  return '(' + dims.join(', ') + (dims.length === 1 ? ',)' : ')');
}

/** Bytes the way Keras' summary prints them: 1024-based, two decimals (`99.60 KB`). */
export function formatKerasBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) {
      return `${size.toFixed(2)} ${unit}`;
    }
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

/** Bytes the way torchinfo prints them: megabytes of 10^6 bytes, two decimals. */
export function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(2) + ' MB';
}

/** Bytes per parameter of the dtypes memory estimates are given for. */
export const DTYPE_BYTES: Array<[string, number]> = [
  ['float32', 4],
  ['float16/bfloat16', 2],
  ['int8', 1]
];
