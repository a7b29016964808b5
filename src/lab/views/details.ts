// The details pane of the selected layer (a table row or graph node) or graph operation: every
// constructor argument (defaults included, so `bias=False` and `bias=True` both show), input
// and output shapes, own and total parameters, trainable, buffers, mult-adds, the source line
// with a few lines around it, and the diagnostics that concern it. Under "Inspect (no kernel)"
// the source link opens the file at that line instead of moving a cursor.
// Does not: compute any number (it shows the IR's), or render notebook text as HTML.
import type { CellInput, Diagnostic, Dim, GraphNode, LayerInfo, ModelIR, Span } from '../../core/ir';
import { formatCount, formatDim } from '../../core/export/format';
import { dimKind, splitArgs } from './dims';
import { countNode, el, shapeNode, spanText, ViewHost } from './dom';

/** What the pane shows: a layer (row or module-call node), or an operation node of the graph. */
export interface DetailTarget {
  layerId: string | null;
  /** IR graph node id when a graph node was picked (an operation has no layer). */
  nodeId?: string | null;
  /** For a folded "Block x N": the ids of the folded blocks. */
  foldIds?: string[];
}

export interface DetailsHost extends ViewHost {
  /** Cell texts of the document shown, for the snippet (null when none). */
  cells(): CellInput[] | null;
  /** Whether the document is open for editing (else "Open at line" opens it). */
  canReveal(): boolean;
  /** Opens the inspected file at a span. */
  openAt(span: Span): void;
  /** The pane's close button. */
  close(): void;
}

/** Lines of source shown around the line of a span. */
const CONTEXT_LINES = 2;
/** Longest line shown in full in the snippet. */
const MAX_LINE_CHARS = 160;

/** `Conv2d(in_channels=3, bias=False)` -> [['in_channels', '3'], ['bias', 'False']]. */
export function ctorArguments(ctor: string | undefined): Array<[string, string]> {
  if (!ctor) {
    return [];
  }
  const open = ctor.indexOf('(');
  if (open < 0 || !ctor.endsWith(')')) {
    return [];
  }
  return splitArgs(ctor.slice(open + 1, -1)).map(part => {
    const eq = part.indexOf('=');
    return eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part.slice(0, eq).trim()) ? [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] : ['', part];
  });
}

/** Lines `span` starts on, with CONTEXT_LINES around it: [line number (0-based), text]. */
export function snippetLines(source: string, span: Span): Array<[number, string]> {
  const lines = source.split('\n');
  const from = Math.max(0, span.startLine - CONTEXT_LINES);
  const to = Math.min(lines.length - 1, Math.max(span.startLine, Math.min(span.endLine, span.startLine + 4)) + CONTEXT_LINES);
  const out: Array<[number, string]> = [];
  for (let i = from; i <= to; i++) {
    const text = lines[i] ?? '';
    out.push([i, text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS - 1) + '…' : text]);
  }
  return out;
}

export class DetailsView {
  constructor(private readonly _host: DetailsHost) {
    const trans = _host.trans;
    this.node = el('section', 'jp-ArchLens-details');
    this.node.setAttribute('aria-label', trans.__('Details of the selected layer'));
    this.node.hidden = true;
  }

  readonly node: HTMLElement;

  /** Shows `target` of `model`, or hides the pane when there is nothing to show. */
  update(model: ModelIR | null, target: DetailTarget | null, diagnostics: Diagnostic[], marks: { layers: Map<string, Diagnostic[]>; nodes: Map<string, Diagnostic[]> }): void {
    const layer = model && target?.layerId != null ? model.layers.find(l => l.id === target.layerId) : undefined;
    const gnode = model && target?.nodeId ? model.graph.nodes.find(n => n.id === target.nodeId) : undefined;
    if (!model || (!layer && !gnode)) {
      this.node.hidden = true;
      this.node.replaceChildren();
      this.node.dataset.layer = '';
      return;
    }
    this.node.hidden = false;
    this.node.dataset.layer = layer?.id ?? '';
    this.node.dataset.node = gnode?.id ?? '';
    const keras = model.framework === 'keras';
    const parts: HTMLElement[] = [this._header(model, layer, gnode, target?.foldIds)];
    if (layer) {
      parts.push(...this._layer(model, layer, keras));
    } else if (gnode) {
      parts.push(...this._operation(gnode, keras));
    }
    const span = layer?.span ?? gnode?.span;
    if (span) {
      parts.push(this._source(span, layer && gnode?.span && gnode.span !== layer.span ? gnode.span : undefined));
    }
    const own = [...(layer ? marks.layers.get(layer.id) ?? [] : []), ...(gnode ? marks.nodes.get(gnode.id) ?? [] : [])];
    const related = Private.unique([...own, ...diagnostics.filter(d => !own.includes(d) && Private.concerns(d, layer, gnode))]);
    if (related.length) {
      parts.push(this._diagnostics(related));
    }
    this.node.replaceChildren(...parts);
  }

  private _header(model: ModelIR, layer: LayerInfo | undefined, gnode: GraphNode | undefined, foldIds: string[] | undefined): HTMLElement {
    const trans = this._host.trans;
    const header = el('div', 'jp-ArchLens-detailsHeader');
    header.dataset.category = layer?.category ?? gnode?.category ?? 'other';
    const sw = el('span', 'jp-ArchLens-swatch');
    sw.setAttribute('aria-hidden', 'true');
    const title = el('div', 'jp-ArchLens-detailsTitle');
    const name = layer ? (layer.id === '' ? model.name : layer.id) : gnode!.label;
    const type = layer?.type ?? gnode!.type;
    title.append(el('span', 'jp-ArchLens-detailsName', name), el('span', 'jp-ArchLens-detailsType', type));
    title.title = `${name}: ${type}`;
    if (foldIds && foldIds.length > 1) {
      const f = el('span', 'jp-ArchLens-badge', trans.__('first of %1 identical blocks', foldIds.length));
      f.title = foldIds.join('\n');
      title.append(f);
    }
    const close = el('button', 'jp-ArchLens-iconButton jp-ArchLens-detailsClose', '×');
    close.title = trans.__('Close the details');
    close.setAttribute('aria-label', trans.__('Close the details'));
    close.addEventListener('click', () => this._host.close());
    header.append(sw, title, close);
    return header;
  }

  private _section(title: string, key: string): [HTMLElement, HTMLElement] {
    const section = el('div', 'jp-ArchLens-detailsSection');
    section.dataset.section = key;
    section.append(el('div', 'jp-ArchLens-detailsHeading', title));
    const grid = el('dl', 'jp-ArchLens-detailsGrid');
    section.append(grid);
    return [section, grid];
  }

  private _row(grid: HTMLElement, label: string, value: HTMLElement | string, key?: string): void {
    const dt = el('dt', undefined, label);
    const dd = el('dd');
    if (typeof value === 'string') {
      dd.textContent = value;
      dd.title = value;
    } else {
      dd.append(value);
      dd.title = value.title || value.textContent || '';
    }
    if (key) {
      dd.dataset.key = key;
      dt.dataset.key = key;
    }
    grid.append(dt, dd);
  }

  private _layer(model: ModelIR, layer: LayerInfo, keras: boolean): HTMLElement[] {
    const trans = this._host.trans;
    const out: HTMLElement[] = [];
    const args = ctorArguments(layer.ctor);
    if (args.length || layer.args) {
      const [section, grid] = this._section(trans.__('Arguments'), 'arguments');
      if (args.length) {
        for (const [k, v] of args) {
          this._row(grid, k || '·', v, k ? `arg:${k}` : undefined);
        }
      } else {
        this._row(grid, trans.__('key'), layer.args ?? '');
      }
      out.push(section);
    } else if (layer.children.length) {
      const [section, grid] = this._section(trans.__('Module'), 'module');
      this._row(grid, trans.__('children'), String(layer.children.length));
      this._row(grid, trans.__('class'), layer.type);
      out.push(section);
    }
    const [shapes, sg] = this._section(trans.__('Shapes'), 'shapes');
    this._row(sg, trans.__('input'), shapeNode(layer.inputShape, trans, keras), 'input');
    this._row(sg, trans.__('output'), shapeNode(layer.outputShape, trans, keras), 'output');
    out.push(shapes);

    const [params, pg] = this._section(trans.__('Parameters'), 'params');
    this._row(pg, trans.__('own'), countNode(layer.ownParams, trans), 'own');
    this._row(pg, trans.__('total'), countNode(layer.params, trans), 'total');
    const trainable = layer.trainable === 'partial' ? trans.__('partly') : layer.trainable ? trans.__('yes') : trans.__('no');
    const tnode = el('span');
    tnode.append(trainable);
    if (layer.trainable === 'partial' || dimKind(layer.trainableParams) !== 'exact' || layer.trainableParams !== layer.params) {
      tnode.append(' (', countNode(layer.trainableParams, trans), ')');
    }
    this._row(pg, trans.__('trainable'), tnode, 'trainable');
    if (layer.buffers !== undefined && layer.buffers !== 0) {
      this._row(pg, keras ? trans.__('non-trainable') : trans.__('buffers'), countNode(layer.buffers, trans), 'buffers');
    }
    if (layer.multAdds !== undefined) {
      this._row(pg, trans.__('mult-adds'), Private.countOrUnknown(layer.multAdds, trans), 'multAdds');
    }
    if (layer.sharedWith) {
      this._row(pg, trans.__('shared with'), layer.sharedWith, 'shared');
    }
    out.push(params);
    return out;
  }

  private _operation(node: GraphNode, keras: boolean): HTMLElement[] {
    const trans = this._host.trans;
    const [section, grid] = this._section(trans.__('Operation'), 'operation');
    this._row(grid, trans.__('call'), node.label, 'call');
    this._row(grid, trans.__('output'), shapeNode(node.outputShape, trans, keras), 'output');
    if (node.group) {
      this._row(grid, trans.__('in'), node.group, 'group');
    }
    if (node.uses?.length) {
      // Parameters and buffers read directly (F.layer_norm(x, ..., self.weight), a causal mask).
      this._row(grid, trans.__('reads'), node.uses.join(', '), 'uses');
    }
    return [section];
  }

  private _source(span: Span, callSite: Span | undefined): HTMLElement {
    const trans = this._host.trans;
    const section = el('div', 'jp-ArchLens-detailsSection jp-ArchLens-detailsSource');
    section.dataset.section = 'source';
    const heading = el('div', 'jp-ArchLens-detailsHeading');
    heading.append(el('span', undefined, trans.__('Source')), el('span', 'jp-ArchLens-detailsWhere', spanText(span, trans)));
    const editable = this._host.canReveal();
    const go = el('button', 'jp-ArchLens-button jp-ArchLens-detailsGo', editable ? trans.__('Go to line') : trans.__('Open at line'));
    go.title = editable ? trans.__('Select this line in the notebook') : trans.__('Open the file (without a kernel) at this line');
    go.addEventListener('click', () => (editable ? this._host.reveal(span) : this._host.openAt(span)));
    if (span.file) {
      go.disabled = true;
      go.title = trans.__('This line is in %1, read from disk', span.file);
    }
    heading.append(go);
    section.append(heading);
    const cells = span.file ? null : this._host.cells();
    const cell = cells ? (span.cellId !== undefined ? cells.find(c => c.id === span.cellId) : undefined) ?? cells[span.cell] : undefined;
    if (cell) {
      const pre = el('pre', 'jp-ArchLens-snippet');
      for (const [n, text] of snippetLines(cell.source, span)) {
        const line = el('span', 'jp-ArchLens-snippetLine');
        if (n >= span.startLine && n <= span.endLine) {
          line.classList.add('jp-mod-current');
        }
        line.append(el('span', 'jp-ArchLens-snippetNo', String(n + 1)), el('span', 'jp-ArchLens-snippetText', text || ' '));
        pre.append(line);
      }
      section.append(pre);
    }
    if (callSite) {
      const call = el('button', 'jp-ArchLens-link', trans.__('called at %1', spanText(callSite, trans)));
      call.addEventListener('click', () => (editable ? this._host.reveal(callSite) : this._host.openAt(callSite)));
      section.append(call);
    }
    return section;
  }

  private _diagnostics(diagnostics: Diagnostic[]): HTMLElement {
    const trans = this._host.trans;
    const section = el('div', 'jp-ArchLens-detailsSection');
    section.dataset.section = 'diagnostics';
    section.append(el('div', 'jp-ArchLens-detailsHeading', trans.__('Diagnostics (%1)', diagnostics.length)));
    const list = el('ul', 'jp-ArchLens-detailsDiagnostics');
    for (const d of diagnostics) {
      const li = el('li', 'jp-ArchLens-detailsDiagnostic');
      li.dataset.severity = d.severity;
      const icon = el('span', 'jp-ArchLens-severity', d.severity === 'info' ? 'i' : '!');
      icon.setAttribute('aria-label', d.severity);
      li.append(icon, el('span', undefined, d.message));
      if (d.span) {
        const s = d.span;
        const link = el('button', 'jp-ArchLens-link', spanText(s, trans));
        link.addEventListener('click', () => (this._host.canReveal() ? this._host.reveal(s) : this._host.openAt(s)));
        li.append(' ', link);
      }
      list.append(li);
    }
    section.append(list);
    return section;
  }
}

namespace Private {
  export function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
  }

  function overlapsLine(a: Span, b: Span): boolean {
    const same = (a.file ?? null) === (b.file ?? null) && (a.file !== undefined || (a.cellId !== undefined && b.cellId !== undefined ? a.cellId === b.cellId : a.cell === b.cell));
    return same && a.startLine <= b.endLine && b.startLine <= a.endLine;
  }

  /** A diagnostic points at the line that defines the layer or runs the operation. */
  export function concerns(d: Diagnostic, layer: LayerInfo | undefined, node: GraphNode | undefined): boolean {
    if (layer && d.layer === layer.id) {
      return true;
    }
    const spans = [d.span, ...(d.related ?? [])].filter((s): s is Span => !!s);
    const mine = [layer?.span, node?.span].filter((s): s is Span => !!s);
    // Spans of several lines (a class, a cell) do not single out one layer.
    return spans.some(s => s.endLine - s.startLine <= 1 && mine.some(m => overlapsLine(s, m)));
  }

  export function countOrUnknown(d: Dim, trans: ViewHost['trans']): HTMLElement {
    if (dimKind(d) === 'exact') {
      return el('span', undefined, formatCount(d as number));
    }
    if (dimKind(d) === 'symbolic') {
      return el('span', 'jp-ArchLens-symbolic', formatDim(d));
    }
    const u = el('span', 'jp-ArchLens-unknown', trans.__('unknown'));
    u.title = trans.__('Some shapes are not statically known.');
    return u;
  }
}
