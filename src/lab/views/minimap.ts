// The graph's minimap: the whole drawing in miniature (nodes as category-coloured boxes, on a
// canvas so a thousand nodes cost one draw) with the visible part outlined. Clicking or
// dragging in it moves the view there. Shown for graphs larger than the view.
// Does not: lay anything out, or know about zoom limits (the graph view does).
import { el } from './dom';

export interface MiniNode {
  x: number;
  y: number;
  w: number;
  h: number;
  category: string;
  error?: boolean;
}

/** Largest side of the minimap in CSS pixels. */
const SIDE = 132;

export class Minimap {
  constructor(private readonly _onMove: (x: number, y: number) => void) {
    this.node = el('div', 'jp-ArchLens-minimap');
    this.node.hidden = true;
    this.node.setAttribute('aria-hidden', 'true');
    this._canvas = el('canvas', 'jp-ArchLens-minimapCanvas');
    this._frame = el('div', 'jp-ArchLens-minimapFrame');
    this.node.append(this._canvas, this._frame);
    const move = (event: PointerEvent) => {
      const r = this._canvas.getBoundingClientRect();
      if (!this._scale) {
        return;
      }
      this._onMove((event.clientX - r.left - this._offset.x) / this._scale, (event.clientY - r.top - this._offset.y) / this._scale);
    };
    this.node.addEventListener('pointerdown', event => {
      event.preventDefault();
      event.stopPropagation();
      this.node.setPointerCapture(event.pointerId);
      this._dragging = true;
      move(event);
    });
    this.node.addEventListener('pointermove', event => {
      if (this._dragging) {
        move(event);
      }
    });
    const stop = (event: PointerEvent) => {
      this._dragging = false;
      if (this.node.hasPointerCapture(event.pointerId)) {
        this.node.releasePointerCapture(event.pointerId);
      }
    };
    this.node.addEventListener('pointerup', stop);
    this.node.addEventListener('pointercancel', stop);
    this.node.addEventListener('wheel', event => event.stopPropagation());
  }

  readonly node: HTMLElement;

  /** Draws the nodes of a drawing `width` x `height` (graph units). */
  draw(nodes: MiniNode[], width: number, height: number): void {
    this._size = { width, height };
    if (!width || !height) {
      return;
    }
    const scale = Math.min(SIDE / width, SIDE / height);
    this._scale = scale;
    const w = Math.max(8, Math.round(width * scale));
    const h = Math.max(8, Math.round(height * scale));
    // A very tall or wide drawing is narrower than the smallest minimap: centred in it, so a
    // click in the middle of the minimap is the middle of the drawing.
    this._offset = { x: (w - width * scale) / 2, y: (h - height * scale) / 2 };
    const ratio = window.devicePixelRatio || 1;
    this._canvas.width = Math.round(w * ratio);
    this._canvas.height = Math.round(h * ratio);
    this._canvas.style.width = `${w}px`;
    this._canvas.style.height = `${h}px`;
    const ctx = this._canvas.getContext('2d');
    if (!ctx) {
      return;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this._canvas.width, this._canvas.height);
    ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * this._offset.x, ratio * this._offset.y);
    const style = getComputedStyle(this.node);
    const colours = new Map<string, string>();
    const colour = (category: string) => {
      let c = colours.get(category);
      if (c === undefined) {
        c = style.getPropertyValue(`--jp-ArchLens-${category}`).trim() || style.getPropertyValue('--jp-ArchLens-other').trim() || '#888';
        colours.set(category, c);
      }
      return c;
    };
    const error = style.getPropertyValue('--jp-error-color1').trim() || '#d32f2f';
    for (const n of nodes) {
      ctx.fillStyle = n.error ? error : colour(n.category);
      ctx.fillRect(n.x - n.w / 2, n.y - n.h / 2, n.w, n.h);
    }
  }

  /** Outlines the visible part: the view transform and the canvas size in CSS pixels. */
  frame(t: { k: number; x: number; y: number }, viewWidth: number, viewHeight: number): void {
    const s = this._scale;
    if (!s) {
      return;
    }
    const x0 = Math.max(0, -t.x / t.k);
    const y0 = Math.max(0, -t.y / t.k);
    const x1 = Math.min(this._size.width, (viewWidth - t.x) / t.k);
    const y1 = Math.min(this._size.height, (viewHeight - t.y) / t.k);
    const f = this._frame.style;
    f.left = `${x0 * s + this._offset.x}px`;
    f.top = `${y0 * s + this._offset.y}px`;
    f.width = `${Math.max(2, (x1 - x0) * s)}px`;
    f.height = `${Math.max(2, (y1 - y0) * s)}px`;
  }

  private _canvas: HTMLCanvasElement;
  private _frame: HTMLElement;
  private _scale = 0;
  private _offset = { x: 0, y: 0 };
  private _size = { width: 0, height: 0 };
  private _dragging = false;
}
