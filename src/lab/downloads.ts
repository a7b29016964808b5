// Browser-side export helpers for the panel's Export menu: file names, downloads through a
// Blob + object URL + temporary <a download>, the live graph <svg> made standalone (computed
// styles inlined, XML header) and rendered to PNG.
// Notebook-derived text only ever travels as DOM text nodes (cloned) and through
// XMLSerializer, which escapes it; nothing is parsed from strings (no innerHTML). Characters
// XML does not allow (controls, U+FFFE/U+FFFF, unpaired surrogates) are dropped from the
// export: XMLSerializer keeps them, which made the SVG invalid and the PNG export throw.
import { xmlText } from '../core/export/escape';

/** A file name from a model name: only [A-Za-z0-9_.-], no leading dots, bounded length. */
export function fileNameFor(modelName: string, extension: string): string {
  let base = modelName.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.]+/, '').slice(0, 100);
  if (!/[A-Za-z0-9]/.test(base)) {
    base = 'model';
  }
  return `${base}.${extension}`;
}

/** Offers `data` as a download named `fileName`. */
export function download(data: Blob | string, fileName: string, mime = 'text/plain;charset=utf-8'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type: mime }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Presentation properties copied from the live graph's computed style into the export. */
const PAINT_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linejoin', 'opacity', 'paint-order'];
const TEXT_PROPS = ['font-family', 'font-size', 'font-weight', 'font-style', 'font-variant-numeric', 'text-anchor'];
const DEFAULTS: Record<string, string> = {
  'fill-opacity': '1',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-linejoin': 'miter',
  opacity: '1',
  'paint-order': 'normal',
  'font-style': 'normal',
  'font-variant-numeric': 'normal',
  'text-anchor': 'start'
};
const COLOR_PROPS = new Set(['fill', 'stroke']);

export interface SvgExportOptions {
  /** Width and height of the drawing in its own coordinates (the layout size). */
  width: number;
  height: number;
  /** Margin around the drawing. */
  padding?: number;
  /** Background colour (a CSS colour; computed from the panel by default). */
  background?: string;
}

/**
 * A standalone SVG document of `svg`: a deep clone with the computed paint and font styles
 * inlined (colours resolved from the theme's CSS variables to rgb()), the zoom/pan
 * transform replaced by the drawing's own extent, a background, and an XML header.
 */
export function standaloneSvg(svg: SVGSVGElement, options: SvgExportOptions): string {
  const pad = options.padding ?? 16;
  const width = Math.ceil(options.width + 2 * pad);
  const height = Math.ceil(options.height + 2 * pad);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const live = Array.from(svg.querySelectorAll('*'));
  const copies = Array.from(clone.querySelectorAll('*'));
  for (let i = 0; i < live.length && i < copies.length; i++) {
    const src = live[i];
    const dst = copies[i] as SVGElement;
    dst.removeAttribute('style');
    if (!(src instanceof SVGElement) || src instanceof SVGTitleElement) {
      continue;
    }
    const computed = getComputedStyle(src);
    const props = src instanceof SVGTextElement || src instanceof SVGTSpanElement ? [...PAINT_PROPS, ...TEXT_PROPS] : src instanceof SVGGElement || src instanceof SVGDefsElement || src instanceof SVGMarkerElement ? ['opacity'] : PAINT_PROPS;
    for (const prop of props) {
      let value = computed.getPropertyValue(prop).trim();
      if (!value || DEFAULTS[prop] === value) {
        continue;
      }
      if (COLOR_PROPS.has(prop)) {
        value = Private.rgb(value);
      } else if (prop === 'font-family') {
        value = Private.withGeneric(value);
      }
      dst.style.setProperty(prop, value);
    }
  }
  // The viewport group carries the zoom; the export shows the whole drawing at 1:1.
  const viewport = clone.querySelector('g');
  viewport?.setAttribute('transform', `translate(${pad},${pad})`);
  for (const attr of ['class', 'style', 'tabindex', 'role', 'aria-label']) {
    clone.removeAttribute(attr);
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('version', '1.1');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const rootStyle = getComputedStyle(svg);
  clone.style.setProperty('font-family', Private.withGeneric(rootStyle.getPropertyValue('font-family')));
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', Private.rgb(options.background ?? Private.background(svg)));
  clone.insertBefore(bg, clone.firstChild);
  Private.dropXmlInvalid(clone);
  const text = xmlText(new XMLSerializer().serializeToString(clone));
  return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + text + '\n';
}

/** Renders an SVG document to a PNG at `scale` (reduced for very large drawings). */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  // Stay well inside the browsers' canvas limits (side and area).
  const maxSide = 16000;
  const maxArea = 64e6;
  let k = Math.min(scale, maxSide / width, maxSide / height, Math.sqrt(maxArea / (width * height)));
  k = Math.max(k, 0.05);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * k));
  canvas.height = Math.max(1, Math.round(height * k));
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the SVG could not be rendered'));
  });
  // encodeURIComponent throws on an unpaired surrogate: none is left (xmlText).
  image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xmlText(svgText));
  await loaded;
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    throw new Error('no 2D canvas available');
  }
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(blob => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png')
  );
}

/** Size (width, height attributes) of a standalone SVG made by standaloneSvg. */
export function svgSize(svgText: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svgText);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svgText);
  return { width: Number(w?.[1] ?? 300), height: Number(h?.[1] ?? 150) };
}

namespace Private {
  /** Drops the characters XML does not allow from every text node and attribute under `root`. */
  export function dropXmlInvalid(root: Element): void {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const v = n.nodeValue ?? '';
      const clean = xmlText(v);
      if (clean !== v) {
        n.nodeValue = clean;
      }
    }
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
      for (const attr of Array.from(el.attributes)) {
        const clean = xmlText(attr.value);
        if (clean !== attr.value) {
          el.setAttribute(attr.name, clean);
        }
      }
    }
  }

  let ctx: CanvasRenderingContext2D | null | undefined;
  const cache = new Map<string, string>();

  /** Any CSS colour (color-mix(), color(srgb ...), names) as rgb()/rgba() for SVG viewers. */
  export function rgb(value: string): string {
    if (value === 'none' || value.startsWith('url(') || /^rgba?\(/.test(value) || /^#[0-9a-f]{3,8}$/i.test(value)) {
      return value;
    }
    const hit = cache.get(value);
    if (hit !== undefined) {
      return hit;
    }
    if (ctx === undefined) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    let out = value;
    if (ctx) {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#010203';
      ctx.fillStyle = value;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = Array.from(ctx.getImageData(0, 0, 1, 1).data);
      const parsed = !(r === 1 && g === 2 && b === 3 && a === 255) || /^#010203$/i.test(value);
      if (parsed) {
        out = a === 255 ? `rgb(${r}, ${g}, ${b})` : a === 0 ? 'none' : `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
      }
    }
    cache.set(value, out);
    return out;
  }

  /** A font list that ends in a generic family, so other machines fall back sensibly. */
  export function withGeneric(family: string): string {
    if (/(^|,)\s*(serif|sans-serif|monospace|system-ui|ui-monospace|ui-sans-serif|cursive|fantasy)\s*$/i.test(family)) {
      return family;
    }
    return `${family}, ${/mono|code|courier|consol/i.test(family) ? 'monospace' : 'sans-serif'}`;
  }

  /** The first opaque background behind the graph (the panel's), or white. */
  export function background(node: Element): string {
    for (let n: Element | null = node; n; n = n.parentElement) {
      const value = getComputedStyle(n).backgroundColor;
      if (value && value !== 'transparent' && value !== 'rgba(0, 0, 0, 0)') {
        return value;
      }
    }
    return '#ffffff';
  }
}
