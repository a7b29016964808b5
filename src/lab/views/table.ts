// The summary table (torchinfo / Keras summary): hierarchy with indentation, output shape,
// parameters, trainable flag, a depth control, "Block x N" folds of identical siblings, and
// a footer with totals, the trainable / non-trainable split and parameter memory.
// Keyboard: Up/Down move, Right/Left open/close, Home/End, Enter goes to the source.
// Columns have fixed widths; what does not fit ends in an ellipsis and shows in full on hover.
// Rows of layers with errors are marked (class, icon, the messages on hover).
// Does not: compute counts (the IR has them) or decide what an error marks (problems.ts).
import type { Diagnostic, ModelIR } from '../../core/ir';
import { BYTE_UNIT_NOTE, formatBytes, formatCount } from '../../core/export/format';
import { compactArgs, dimKind } from './dims';
import { countNode, el, shapeNode, ViewHost, ViewSettings } from './dom';
import { FoldState, maxDepth, setExpanded, TableRow, tableRows } from './tree';
import type { ErrorMarks } from './problems';

export class TableView {
  constructor(private readonly _host: ViewHost) {
    const trans = _host.trans;
    this.node = el('div', 'jp-ArchLens-tableView');
    const toolbar = el('div', 'jp-ArchLens-toolbar');
    const depthLabel = el('label', 'jp-ArchLens-depth');
    depthLabel.append(el('span', undefined, trans.__('Depth')));
    this._depthDown = el('button', 'jp-ArchLens-iconButton', '−');
    this._depthDown.title = trans.__('Show one level less');
    this._depthDown.setAttribute('aria-label', trans.__('Decrease depth'));
    this._depthValue = el('output', 'jp-ArchLens-depthValue');
    this._depthValue.setAttribute('aria-live', 'polite');
    this._depthUp = el('button', 'jp-ArchLens-iconButton', '+');
    this._depthUp.title = trans.__('Show one level more');
    this._depthUp.setAttribute('aria-label', trans.__('Increase depth'));
    depthLabel.append(this._depthDown, this._depthValue, this._depthUp);
    this._depthDown.addEventListener('click', () => this._setDepth(this._fold!.depth - 1));
    this._depthUp.addEventListener('click', () => this._setDepth(this._fold!.depth + 1));
    this._summary = el('span', 'jp-ArchLens-toolbarNote');
    toolbar.append(depthLabel, this._summary);

    this._scroller = el('div', 'jp-ArchLens-tableScroll');
    this._table = el('table', 'jp-ArchLens-table');
    this._table.setAttribute('role', 'treegrid');
    this._table.setAttribute('aria-label', trans.__('Layers'));
    this._colgroup = el('colgroup');
    const thead = el('thead');
    this._headRow = el('tr');
    thead.append(this._headRow);
    this._tbody = el('tbody');
    this._table.append(this._colgroup, thead, this._tbody);
    this._scroller.append(this._table);
    this._footer = el('div', 'jp-ArchLens-totals');
    this._footer.setAttribute('aria-label', trans.__('Totals'));
    this.node.append(toolbar, this._scroller, this._footer);
    this._tbody.addEventListener('keydown', this._onKey);
  }

  readonly node: HTMLElement;

  update(model: ModelIR, fold: FoldState, settings: ViewSettings, selected: string | null, marks?: ErrorMarks): void {
    this._marks = marks ?? null;
    this._model = model;
    this._fold = fold;
    this._settings = settings;
    this._selected = selected;
    this._render();
  }

  /** Layers under the notebook cursor (highlighted, not selected). */
  setCursor(ids: Set<string>): void {
    this._cursor = ids;
    for (const row of Array.from(this._tbody.rows)) {
      const ids2 = (row as HTMLTableRowElement).dataset.layers?.split('\u0000') ?? [];
      row.classList.toggle('jp-mod-cursor', ids2.some(id => ids.has(id)));
    }
  }

  setSelected(id: string | null): void {
    this._selected = id;
    for (const row of Array.from(this._tbody.rows)) {
      const sel = (row as HTMLTableRowElement).dataset.id === id && id !== null;
      row.classList.toggle('jp-mod-selected', sel);
      row.setAttribute('aria-selected', String(sel));
    }
  }

  focus(): void {
    const row = (this._tbody.querySelector('tr.jp-mod-selected') ?? this._tbody.rows[0]) as HTMLElement | undefined;
    row?.focus();
  }

  private _setDepth(depth: number): void {
    if (!this._model || !this._fold) {
      return;
    }
    const max = Math.max(1, maxDepth(this._model));
    this._fold.depth = Math.max(1, Math.min(max, depth));
    // A new depth is a fresh start: per-row overrides would contradict it.
    this._fold.expanded.clear();
    this._fold.collapsed.clear();
    this._host.foldChanged();
  }

  private _render(): void {
    const model = this._model;
    const fold = this._fold;
    const settings = this._settings;
    if (!model || !fold || !settings) {
      return;
    }
    const trans = this._host.trans;
    const max = Math.max(1, maxDepth(model));
    this._depthValue.textContent = String(Math.min(fold.depth, max));
    this._depthDown.disabled = fold.depth <= 1;
    this._depthUp.disabled = fold.depth >= max;
    this._summary.textContent = trans._n('%1 layer', '%1 layers', Math.max(0, model.layers.length - 1));

    const head: string[] = [trans.__('Layer (type)'), trans.__('Output shape'), trans.__('Params')];
    if (settings.showBuffers) {
      head.push(trans.__('Buffers'));
    }
    head.push(trans.__('Trainable'));
    const cols = ['name', 'shape', 'params'].concat(settings.showBuffers ? ['buffers'] : [], ['trainable']);
    this._colgroup.replaceChildren(
      ...cols.map(c => {
        const col = el('col');
        col.className = 'jp-ArchLens-col-' + c;
        return col;
      })
    );
    this._headRow.replaceChildren(
      ...head.map((h, i) => {
        const th = el('th', i >= 2 ? 'jp-ArchLens-num' : undefined, h);
        th.scope = 'col';
        return th;
      })
    );

    const rows = tableRows(model, fold);
    const active = document.activeElement as HTMLElement | null;
    const focusedKey = active && this._tbody.contains(active) ? active.closest('tr')?.dataset.key : undefined;
    const body = rows.map(r => this._row(r, settings));
    this._tbody.replaceChildren(...body);
    // Roving tabindex: one row is tabbable.
    const current = body.find(r => r.dataset.id === this._selected) ?? body[0];
    if (current) {
      current.tabIndex = 0;
    }
    if (focusedKey !== undefined) {
      const again = body.find(r => r.dataset.key === focusedKey);
      again?.focus();
    }
    this.setCursor(this._cursor);
    this._renderFooter(model, settings);
  }

  private _row(row: TableRow, settings: ViewSettings): HTMLTableRowElement {
    const trans = this._host.trans;
    const layer = row.layer;
    const tr = el('tr', 'jp-ArchLens-row');
    tr.dataset.key = row.key;
    tr.dataset.id = row.fold ? '' : layer.id;
    tr.dataset.layers = (row.fold ? row.fold.ids : [layer.id]).join('\u0000');
    tr.dataset.category = layer.category;
    tr.tabIndex = -1;
    tr.setAttribute('aria-level', String(row.depth + 1));
    if (row.hasChildren) {
      tr.setAttribute('aria-expanded', String(row.expanded));
    }
    const selected = !row.fold && this._selected === layer.id && this._selected !== null;
    tr.classList.toggle('jp-mod-selected', selected);
    tr.setAttribute('aria-selected', String(selected));
    if (row.fold) {
      tr.classList.add('jp-ArchLens-foldRow');
    }
    const errors = this._errorsOf(row);

    const nameCell = el('td', 'jp-ArchLens-nameCell');
    nameCell.style.setProperty('--jp-ArchLens-indent', String(row.depth));
    const toggle = el('button', 'jp-ArchLens-toggle');
    toggle.tabIndex = -1;
    if (row.hasChildren) {
      toggle.textContent = row.expanded ? '▾' : '▸';
      toggle.setAttribute('aria-label', row.fold ? trans.__('Unfold the %1 blocks', row.fold.count) : row.expanded ? trans.__('Collapse') : trans.__('Expand'));
      toggle.addEventListener('click', event => {
        event.stopPropagation();
        this._toggle(row);
      });
    } else {
      toggle.classList.add('jp-mod-leaf');
      toggle.setAttribute('aria-hidden', 'true');
    }
    const swatch = el('span', 'jp-ArchLens-swatch');
    swatch.setAttribute('aria-hidden', 'true');
    nameCell.append(toggle, swatch);
    if (errors.length) {
      tr.classList.add('jp-mod-error');
      const icon = el('span', 'jp-ArchLens-rowError', '!');
      icon.setAttribute('role', 'img');
      icon.setAttribute('aria-label', trans._n('%1 error', '%1 errors', errors.length));
      nameCell.append(icon);
    }
    const isRoot = layer.parent === undefined;
    if (row.fold) {
      nameCell.append(el('span', 'jp-ArchLens-layerType', `${layer.type} × ${row.fold.count}`));
      const ids = row.fold.ids;
      nameCell.append(el('span', 'jp-ArchLens-layerName', `${ids[0]} … ${ids[ids.length - 1]}`));
      tr.title = trans.__('%1 structurally identical blocks folded; click the arrow to unfold', row.fold.count);
    } else {
      const showName = settings.nodeLabels === 'name' && !isRoot && layer.name !== '';
      if (showName) {
        nameCell.append(el('span', 'jp-ArchLens-layerName', layer.name));
      }
      nameCell.append(el('span', 'jp-ArchLens-layerType', showName ? `(${layer.type})` : layer.type));
      if (layer.args) {
        const args = el('span', 'jp-ArchLens-layerArgs', compactArgs(layer.args));
        args.title = layer.args;
        nameCell.append(args);
      }
      if (layer.sharedWith) {
        const badge = el('span', 'jp-ArchLens-badge', trans.__('shared with %1', layer.sharedWith));
        badge.title = trans.__('Its parameters are the same tensors as those of %1 and are counted once.', layer.sharedWith);
        nameCell.append(badge);
      }
      nameCell.title = [layer.id || layer.type, layer.type, layer.args ?? ''].filter(Boolean).join('\n');
    }
    if (errors.length) {
      nameCell.title = [...errors.map(d => trans.__('Error: %1', d.message)), nameCell.title].filter(Boolean).join('\n');
    }

    const shapeCell = el('td', 'jp-ArchLens-shapeCell');
    const shape = shapeNode(row.fold ? row.fold.outputShape : layer.outputShape, trans, this._model?.framework === 'keras');
    shapeCell.append(shape);
    shapeCell.title = shape.textContent ?? '';
    const paramCell = el('td', 'jp-ArchLens-num jp-ArchLens-paramCell');
    const count = countNode(row.fold ? row.fold.params : layer.params, trans);
    paramCell.append(count);
    paramCell.title = count.title || count.textContent || '';
    const cells: HTMLElement[] = [nameCell, shapeCell, paramCell];
    if (settings.showBuffers) {
      const b = el('td', 'jp-ArchLens-num');
      if (layer.buffers !== undefined && !row.fold) {
        b.append(countNode(layer.buffers, trans));
      }
      cells.push(b);
    }
    const trainCell = el('td', 'jp-ArchLens-num jp-ArchLens-trainable');
    const t = layer.trainable;
    const hasParams = dimKind(layer.params) !== 'exact' || (layer.params as number) > 0;
    if (hasParams) {
      trainCell.textContent = t === 'partial' ? trans.__('partial') : t ? trans.__('yes') : trans.__('no');
      trainCell.dataset.trainable = String(t);
    }
    cells.push(trainCell);
    tr.append(...cells);

    tr.addEventListener('click', () => this._activate(tr, row));
    tr.addEventListener('dblclick', () => row.hasChildren && this._toggle(row));
    return tr;
  }

  private _activate(tr: HTMLTableRowElement, row: TableRow): void {
    for (const r of Array.from(this._tbody.rows)) {
      r.tabIndex = -1;
    }
    tr.tabIndex = 0;
    tr.focus();
    this._host.select(row.layer.id, { foldIds: row.fold?.ids });
    this._host.reveal(row.layer.span);
  }

  /** Errors of a row's layer, or of any layer inside a collapsed row or fold. */
  private _errorsOf(row: TableRow): Diagnostic[] {
    const marks = this._marks;
    if (!marks || !marks.layers.size) {
      return [];
    }
    const own = marks.layers.get(row.layer.id) ?? [];
    if (!row.fold && (row.expanded || !row.hasChildren)) {
      return own;
    }
    const roots = row.fold ? row.fold.ids : [row.layer.id];
    const out = new Set<Diagnostic>(own);
    for (const [id, list] of marks.layers) {
      if (roots.some(r => id === r || id.startsWith(r + '.'))) {
        list.forEach(d => out.add(d));
      }
    }
    return [...out];
  }

  private _toggle(row: TableRow, open?: boolean): void {
    const fold = this._fold!;
    if (row.fold) {
      if (open === false) {
        return;
      }
      fold.unfolded.add(row.layer.id);
    } else {
      setExpanded(row.layer, fold, open ?? !row.expanded);
    }
    this._host.foldChanged();
  }

  private _onKey = (event: KeyboardEvent): void => {
    const tr = (event.target as HTMLElement).closest('tr') as HTMLTableRowElement | null;
    if (!tr) {
      return;
    }
    const rows = Array.from(this._tbody.rows);
    const i = rows.indexOf(tr);
    const rowData = () => tableRows(this._model!, this._fold!).find(r => r.key === tr.dataset.key);
    const move = (j: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, j))];
      if (target) {
        rows.forEach(r => (r.tabIndex = -1));
        target.tabIndex = 0;
        target.focus();
        target.scrollIntoView({ block: 'nearest' });
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        move(i + 1);
        break;
      case 'ArrowUp':
        move(i - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'ArrowRight': {
        const r = rowData();
        if (r?.hasChildren && !r.expanded) {
          this._toggle(r, true);
        } else {
          move(i + 1);
        }
        break;
      }
      case 'ArrowLeft': {
        const r = rowData();
        if (r?.hasChildren && r.expanded && !r.fold) {
          this._toggle(r, false);
        } else if (r?.inFold) {
          this._fold!.unfolded.delete(r.inFold);
          this._host.foldChanged();
        } else {
          const level = Number(tr.getAttribute('aria-level'));
          for (let j = i - 1; j >= 0; j--) {
            if (Number(rows[j].getAttribute('aria-level')) < level) {
              move(j);
              break;
            }
          }
        }
        break;
      }
      case 'Enter':
      case ' ': {
        const r = rowData();
        if (r) {
          this._activate(tr, r);
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  private _renderFooter(model: ModelIR, settings: ViewSettings): void {
    const trans = this._host.trans;
    const p = model.params;
    const lines: HTMLElement[] = [];
    const line = (label: string, value: HTMLElement | string, key: string, title?: string) => {
      const row = el('div', 'jp-ArchLens-totalRow');
      row.dataset.total = key;
      const l = el('span', 'jp-ArchLens-totalLabel', label);
      row.append(l);
      const v = typeof value === 'string' ? el('span', 'jp-ArchLens-totalValue', value) : value;
      v.classList.add('jp-ArchLens-totalValue');
      row.append(v);
      if (title) {
        // the row itself has no box (display: contents): the tooltip goes on its cells
        l.title = title;
        v.title = v.title ? `${v.title}\n${title}` : title;
      }
      lines.push(row);
      return row;
    };
    if (p.total !== null) {
      line(trans.__('Total params'), formatCount(p.total), 'total');
    } else if (p.symbolicTotal) {
      line(trans.__('Total params'), countNode(p.symbolicTotal, trans), 'total');
    } else {
      const v = el('span', 'jp-ArchLens-unknown', trans.__('unknown'));
      v.title = trans.__('Some parameter counts are not statically known: see Diagnostics.');
      line(trans.__('Total params'), v, 'total');
    }
    if (p.trainable !== null || p.total !== null) {
      line(trans.__('Trainable params'), formatCount(p.trainable), 'trainable');
      line(trans.__('Non-trainable params'), formatCount(p.nonTrainable), 'nonTrainable');
    }
    if (p.shared) {
      line(trans.__('Shared params (counted once)'), formatCount(p.shared), 'shared');
    }
    if (settings.showBuffers || (p.buffers ?? 0) > 0) {
      line(trans.__('Buffers'), formatCount(p.buffers), 'buffers');
    }
    if (p.total !== null) {
      const unit = trans.__('Decimal units: %1', BYTE_UNIT_NOTE);
      line(trans.__('Params size (float32)'), formatBytes(p.total * 4), 'memory', unit);
      line(trans.__('Params size (float16/bfloat16)'), formatBytes(p.total * 2), 'memory16', unit);
      line(trans.__('Params size (int8)'), formatBytes(p.total), 'memory8', unit);
    }
    if (model.multAdds !== undefined) {
      const macs = model.multAdds;
      let value: HTMLElement | string;
      if (typeof macs === 'number') {
        value = formatCount(macs);
      } else if (macs) {
        value = countNode(macs, trans);
      } else {
        value = el('span', 'jp-ArchLens-unknown', trans.__('unknown'));
        value.title = trans.__('Some layer shapes are not statically known.');
      }
      line(trans.__('Total mult-adds'), value, 'multAdds', trans.__('Counted the way torchinfo counts them, for the input shown in the graph'));
    }
    const errors = this._marks?.count ?? 0;
    if (errors) {
      const v = el('span', 'jp-ArchLens-errorCount', trans._n('%1 (the code would fail when run)', '%1 (the code would fail when run)', errors, errors));
      line(trans._n('Error', 'Errors', errors), v, 'errors', trans.__('Marked ! in the table and the graph; see Diagnostics.'));
    }
    this._footer.replaceChildren(...lines);
  }

  private _model: ModelIR | null = null;
  private _marks: ErrorMarks | null = null;
  private _fold: FoldState | null = null;
  private _settings: ViewSettings | null = null;
  private _selected: string | null = null;
  private _cursor = new Set<string>();
  private _depthDown: HTMLButtonElement;
  private _depthUp: HTMLButtonElement;
  private _depthValue: HTMLOutputElement;
  private _summary: HTMLElement;
  private _scroller: HTMLElement;
  private _table: HTMLTableElement;
  private _headRow: HTMLTableRowElement;
  private _colgroup: HTMLTableColElement;
  private _tbody: HTMLTableSectionElement;
  private _footer: HTMLElement;
}

