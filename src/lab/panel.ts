// The ArchLens sidebar widget: a header naming the followed document, a quiet status line,
// the models the core found (a picker that also links to each definition), a form for the
// values the notebook leaves open, and three views of the chosen model - Graph, Table and
// Diagnostics. Per-model view state (collapsed groups, zoom, selection) is keyed by model
// name and survives live updates, because layer ids are stable.
// It renders notebook-derived text with textContent only (never innerHTML).
import { Menu, Widget } from '@lumino/widgets';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ArchitectureIR, Diagnostic, ModelIR, Span } from '../core/ir';
import type { ArchLensModel, ModelState } from './model';
import { formatCount } from '../core/export/format';
import { CursorPosition, CursorTracker } from './views/cursor';
import { DiagnosticsView } from './views/diagnostics';
import { DEFAULT_SETTINGS, el, ViewHost, ViewSettings } from './views/dom';
import { GraphState, GraphView } from './views/graph';
import { TableView } from './views/table';
import { createFoldState, FoldState } from './views/tree';
import { Values, ValuesForm } from './views/values';
import { standaloneSvg } from './downloads';

export type ViewName = 'graph' | 'table' | 'diagnostics';

interface PerModel {
  fold: FoldState;
  graph: GraphState;
  selected: string | null;
}

export class ArchLensPanel extends Widget {
  constructor(options: { model: ArchLensModel; trans: TranslationBundle; exportMenu?: Menu }) {
    super();
    this._model = options.model;
    this._trans = options.trans;
    const trans = this._trans;
    this.addClass('jp-ArchLens');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', trans.__('ArchLens architecture panel'));

    const header = el('div', 'jp-ArchLens-header');
    this._title = el('div', 'jp-ArchLens-title');
    this._status = el('div', 'jp-ArchLens-status');
    this._status.setAttribute('role', 'status');
    this._status.setAttribute('aria-live', 'polite');
    header.append(this._title, this._status);

    this._message = el('div', 'jp-ArchLens-messages');
    this._models = el('ul', 'jp-ArchLens-models');
    this._models.setAttribute('aria-label', trans.__('Models'));
    this._models.addEventListener('keydown', this._onModelKey);

    const host: ViewHost = {
      trans,
      reveal: span => this._reveal(span),
      select: id => this._select(id),
      foldChanged: () => this._renderViews(true)
    };
    this._values = new ValuesForm(host, values => this._applyValues(values));
    this._values.node.hidden = true;

    this._tabs = el('div', 'jp-ArchLens-tabs');
    this._tabs.setAttribute('role', 'tablist');
    this._tabs.setAttribute('aria-label', trans.__('Views'));
    this._tabs.addEventListener('keydown', this._onTabKey);
    this._graphView = new GraphView(host);
    this._tableView = new TableView(host);
    this._diagView = new DiagnosticsView(host);
    this._viewArea = el('div', 'jp-ArchLens-views');
    const views: Array<[ViewName, string, HTMLElement]> = [
      ['graph', trans.__('Graph'), this._graphView.node],
      ['table', trans.__('Table'), this._tableView.node],
      ['diagnostics', trans.__('Diagnostics'), this._diagView.node]
    ];
    for (const [name, label, node] of views) {
      const tab = el('button', 'jp-ArchLens-tab');
      tab.setAttribute('role', 'tab');
      tab.id = `${this._uid}-tab-${name}`;
      tab.dataset.view = name;
      tab.append(el('span', 'jp-ArchLens-tabLabel', label));
      const badge = el('span', 'jp-ArchLens-tabBadge');
      badge.hidden = true;
      tab.append(badge);
      tab.addEventListener('click', () => this.showView(name));
      this._tabs.append(tab);
      this._tabButtons.set(name, tab);
      node.classList.add('jp-ArchLens-viewPanel');
      node.setAttribute('role', 'tabpanel');
      node.id = `${this._uid}-panel-${name}`;
      node.setAttribute('aria-labelledby', tab.id);
      tab.setAttribute('aria-controls', node.id);
      this._viewArea.append(node);
    }
    this._diagBadge = this._tabButtons.get('diagnostics')!.querySelector('.jp-ArchLens-tabBadge') as HTMLElement;

    // The tabs share a row with the Export menu button (outside the tablist).
    this._tabRow = el('div', 'jp-ArchLens-tabRow');
    this._tabRow.append(this._tabs);
    if (options.exportMenu) {
      this._exportMenu = options.exportMenu;
      this._exportButton = this._exportMenuButton(options.exportMenu);
      this._tabRow.append(this._exportButton);
    }

    this._body = el('div', 'jp-ArchLens-body');
    this._body.append(this._message, this._models, this._values.node, this._tabRow, this._viewArea);
    this.node.append(header, this._body);

    this._cursor = new CursorTracker(pos => this._onCursor(pos));
    this._model.stateChanged.connect(this._render, this);
    this._applyViewVisibility();
    this._render(this._model, this._model.state);
  }

  /** The view settings (from schema/plugin.json). */
  get settings(): ViewSettings {
    return this._settings;
  }

  set settings(value: ViewSettings) {
    const depthChanged = value.collapseDepth !== this._settings.collapseDepth;
    this._settings = { ...value };
    if (depthChanged) {
      for (const state of this._perModel.values()) {
        state.fold = createFoldState(value.collapseDepth);
      }
    }
    this._renderViews(true);
  }

  get currentView(): ViewName {
    return this._view;
  }

  /** The graph view (its `ready` promise and `lastTiming` are used by the UI benchmark). */
  get graphView(): GraphView {
    return this._graphView;
  }

  /** Name of the model shown, if any. */
  get currentModel(): string | null {
    return this._current;
  }

  showView(name: ViewName, focus = false): void {
    this._view = name;
    this._applyViewVisibility();
    this._renderViews(false);
    if (name === 'graph') {
      this._graphView.onShow();
    }
    if (focus) {
      if (name === 'table') {
        this._tableView.focus();
      } else {
        this._tabButtons.get(name)?.focus();
      }
    }
  }

  /** Focus the graph's search box (command "Find Layer"). */
  focusSearch(): void {
    this.showView('graph');
    this._graphView.focusSearch();
  }

  fitGraph(): void {
    this._graphView.fit();
  }

  /**
   * The Graph view of the selected model as a standalone SVG document (computed styles
   * inlined, XML header), drawing it first if it is out of date. Null without a graph.
   */
  async graphSvg(): Promise<{ svg: string; width: number; height: number } | null> {
    const model = this._currentModel();
    if (!model) {
      return null;
    }
    if (this._dirty.has('graph') || this._graphView.modelName !== model.name) {
      this._dirty.delete('graph');
      const state = this._state(model);
      await this._graphView.update(model, state.fold, this._settings, state.graph, state.selected);
    }
    let ready: Promise<void>;
    do {
      ready = this._graphView.ready;
      await ready;
    } while (ready !== this._graphView.ready);
    const size = this._graphView.contentSize;
    if (!size.nodes || !size.width || !size.height) {
      return null;
    }
    const padding = 16;
    const svg = standaloneSvg(this._graphView.svgElement, { width: size.width, height: size.height, padding });
    return { svg, width: Math.ceil(size.width + 2 * padding), height: Math.ceil(size.height + 2 * padding) };
  }

  /** Draws an IR directly, bypassing the analysis (benchmarks and tests only). */
  renderIR(ir: ArchitectureIR): void {
    this._renderIR(ir, this._model.state.source !== null);
  }

  protected onAfterShow(): void {
    this._graphView.onShow();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._cursor.dispose();
    this._graphView.dispose();
    this._exportMenu?.dispose();
    if (this._onWindowPointerDown) {
      window.removeEventListener('pointerdown', this._onWindowPointerDown, true);
    }
    super.dispose();
  }

  // --- rendering ----------------------------------------------------------------------------

  private _render(_: ArchLensModel, state: ModelState): void {
    const trans = this._trans;
    this._title.textContent = state.source ? state.source.label : trans.__('No notebook');
    this.node.dataset.status = state.status;
    this._status.textContent = Private.statusText(state, trans);
    this._status.title = state.error ?? '';
    this._cursor.setSource(state.source && !state.source.isDisposed ? state.source : null);
    if (state.status === 'analysing' && state.ir) {
      return; // keep showing the previous result while the next one is computed
    }
    this._message.replaceChildren();
    if (state.error) {
      this._message.append(Private.message(state.error, 'jp-ArchLens-error'));
    }
    if (!state.source) {
      this._message.append(Private.message(trans.__('Open a notebook or a Python file to see the models it builds.')));
      this._renderIR(null, false);
      return;
    }
    this._renderIR(state.ir, true);
  }

  private _renderIR(ir: ArchitectureIR | null, hasSource: boolean): void {
    const trans = this._trans;
    this._ir = ir;
    const models = ir?.models ?? [];
    if (ir && models.length === 0 && hasSource) {
      this._message.append(Private.message(trans.__('No PyTorch or Keras model definitions found.')));
    }
    const show = models.length > 0;
    this._models.hidden = !show;
    this._tabs.hidden = !show;
    this._tabRow.hidden = !show;
    this._viewArea.hidden = !show;
    if (!show) {
      this._models.replaceChildren();
      this._values.node.hidden = true;
      this._current = null;
      this._model.selectedModel = null;
      return;
    }
    if (this._current === null || !models.some(m => m.name === this._current)) {
      this._current = Private.defaultModel(models).name;
    }
    this._model.selectedModel = this._current;
    this._models.replaceChildren(...models.map(m => this._modelItem(m)));
    this._models.classList.toggle('jp-mod-single', models.length === 1);
    this._renderViews(true);
  }

  private _modelItem(m: ModelIR): HTMLElement {
    const trans = this._trans;
    const li = el('li', 'jp-ArchLens-model');
    const selected = m.name === this._current;
    li.classList.toggle('jp-mod-selected', selected);
    const button = el('button', 'jp-ArchLens-modelLink');
    button.dataset.model = m.name;
    button.setAttribute('aria-pressed', String(selected));
    button.tabIndex = selected ? 0 : -1;
    button.title = trans.__('Show %1 and go to its definition (cell %2, line %3)', m.name, m.cell + 1, m.line + 1);
    const name = el('span', 'jp-ArchLens-modelName', m.name);
    const meta = el('span', 'jp-ArchLens-modelMeta');
    const framework = m.framework === 'pytorch' ? 'PyTorch' : 'Keras';
    meta.textContent = m.class === m.name ? `${framework} · ${m.kind}` : `${m.class} · ${framework} · ${m.kind}`;
    const params = el('span', 'jp-ArchLens-modelParams');
    if (m.params.total !== null) {
      params.textContent = trans._n('%2 param', '%2 params', m.params.total, formatCount(m.params.total));
    } else if (m.params.symbolicTotal) {
      params.textContent = trans.__('%1 params', m.params.symbolicTotal.expr);
      params.classList.add('jp-ArchLens-symbolic');
      params.title = trans.__('Symbolic: depends on %1', m.params.symbolicTotal.symbols.join(', '));
    }
    const errors = m.diagnostics.filter(d => d.severity === 'error').length;
    if (errors) {
      const badge = el('span', 'jp-ArchLens-modelErrors', String(errors));
      badge.title = trans._n('%1 error', '%1 errors', errors);
      name.append(' ', badge);
    }
    button.append(name, meta, params);
    button.addEventListener('click', () => {
      this._pickModel(m.name);
      this._reveal(m.span ?? { cell: m.cell, cellId: m.cellId, startLine: m.line, startCol: 0, endLine: m.line, endCol: 0 });
    });
    li.append(button);
    return li;
  }

  private _exportMenuButton(menu: Menu): HTMLButtonElement {
    const trans = this._trans;
    const button = el('button', 'jp-ArchLens-exportButton');
    button.type = 'button';
    button.append(el('span', 'jp-ArchLens-exportLabel', trans.__('Export')), el('span', 'jp-ArchLens-exportCaret', '▾'));
    button.title = trans.__('Export the selected model: summary cell, clipboard, files');
    button.setAttribute('aria-haspopup', 'menu');
    button.setAttribute('aria-expanded', 'false');
    menu.addClass('jp-ArchLens-exportMenu');
    // Lumino closes an open menu on any pointerdown outside it (document, capture phase), so
    // whether a click on the button should toggle it closed is noted before that, on window.
    let openAtPress = false;
    this._onWindowPointerDown = (event: PointerEvent) => {
      if (button.contains(event.target as Node)) {
        openAtPress = menu.isAttached;
      }
    };
    window.addEventListener('pointerdown', this._onWindowPointerDown, true);
    menu.aboutToClose.connect(() => {
      button.setAttribute('aria-expanded', 'false');
      button.classList.remove('jp-mod-active');
      // Back to the button (for keyboard users), unless a command moved the focus elsewhere.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (!active || active === document.body || menu.node.contains(active)) {
          button.focus();
        }
      });
    });
    const open = (viaKeyboard: boolean) => {
      if (menu.isAttached) {
        menu.close();
        return;
      }
      if (!viaKeyboard && openAtPress) {
        openAtPress = false;
        return; // the press on the button already closed the menu
      }
      const rect = button.getBoundingClientRect();
      button.setAttribute('aria-expanded', 'true');
      button.classList.add('jp-mod-active');
      menu.open(rect.left, rect.bottom + 1, { forceX: false, forceY: false });
      if (viaKeyboard) {
        menu.activeIndex = 0;
      }
    };
    button.addEventListener('click', event => open(event.detail === 0));
    button.addEventListener('keydown', event => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        open(true);
      }
    });
    return button;
  }

  private _pickModel(name: string): void {
    if (this._current === name) {
      return;
    }
    this._current = name;
    this._model.selectedModel = name;
    for (const li of Array.from(this._models.children)) {
      const button = li.querySelector('button') as HTMLButtonElement;
      const selected = button.dataset.model === name;
      li.classList.toggle('jp-mod-selected', selected);
      button.setAttribute('aria-pressed', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    this._renderViews(true);
  }

  private _currentModel(): ModelIR | null {
    return this._ir?.models.find(m => m.name === this._current) ?? null;
  }

  private _state(model: ModelIR): PerModel {
    let state = this._perModel.get(model.name);
    if (!state) {
      state = { fold: createFoldState(this._settings.collapseDepth), graph: { search: '' }, selected: null };
      this._perModel.set(model.name, state);
    }
    return state;
  }

  /** Re-render the visible view now; the hidden ones when they are shown. */
  private _renderViews(dataChanged: boolean): void {
    const model = this._currentModel();
    if (!model) {
      return;
    }
    if (dataChanged) {
      this._dirty = new Set<ViewName>(['graph', 'table', 'diagnostics']);
      this._values.update(model, { symbols: this._model.symbols, inputShapes: this._model.inputShapes });
      this._updateDiagBadge(model);
    }
    const state = this._state(model);
    const view = this._view;
    if (!this._dirty.has(view)) {
      return;
    }
    this._dirty.delete(view);
    switch (view) {
      case 'graph':
        void this._graphView.update(model, state.fold, this._settings, state.graph, state.selected);
        break;
      case 'table':
        this._tableView.update(model, state.fold, this._settings, state.selected);
        this._tableView.setCursor(this._cursorLayers);
        break;
      case 'diagnostics':
        this._diagView.update(this._diagnostics(model));
        break;
    }
  }

  private _diagnostics(model: ModelIR): Diagnostic[] {
    // Document-level diagnostics (syntax errors, budgets) matter to every model.
    return [...model.diagnostics, ...(this._ir?.diagnostics ?? [])];
  }

  private _updateDiagBadge(model: ModelIR): void {
    const all = this._diagnostics(model);
    const errors = all.filter(d => d.severity === 'error').length;
    const warnings = all.filter(d => d.severity === 'warning').length;
    const n = errors || warnings || all.length;
    this._diagBadge.hidden = n === 0;
    this._diagBadge.textContent = String(n);
    this._diagBadge.dataset.severity = errors ? 'error' : warnings ? 'warning' : 'info';
    this._diagBadge.title = this._trans.__('%1 errors, %2 warnings, %3 notes', errors, warnings, all.length - errors - warnings);
  }

  private _applyViewVisibility(): void {
    for (const [name, tab] of this._tabButtons) {
      const on = name === this._view;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      tab.classList.toggle('jp-mod-current', on);
    }
    this._graphView.node.hidden = this._view !== 'graph';
    this._tableView.node.hidden = this._view !== 'table';
    this._diagView.node.hidden = this._view !== 'diagnostics';
    this.node.dataset.view = this._view;
  }

  // --- interaction --------------------------------------------------------------------------

  private _reveal(span: Span | undefined): void {
    const source = this._model.state.source;
    // A span in another file (a local import, an installed library) is not in this document:
    // its line numbers would point at an unrelated line of the importing cell.
    if (span && !span.file && source && !source.isDisposed) {
      source.reveal(span);
    }
  }

  private _select(id: string | null): void {
    const model = this._currentModel();
    if (!model) {
      return;
    }
    this._state(model).selected = id;
    this._graphView.setSelected(id);
    this._tableView.setSelected(id);
  }

  private _applyValues(values: Values): void {
    this._model.symbols = values.symbols;
    this._model.inputShapes = values.inputShapes;
    this._model.refresh(0);
  }

  private _onCursor(pos: CursorPosition | null): void {
    const model = this._currentModel();
    let ids = new Set<string>();
    if (pos && model) {
      // A line that builds layers, else a line of forward() and the layers it calls
      // (`out = F.relu(self.bn1(self.conv1(x)))`).
      ids = Private.innermostAt(pos, model.layers.flatMap(l => (l.parent !== undefined && l.span ? [[l.id, l.span] as [string, Span]] : [])));
      if (ids.size === 0) {
        ids = Private.innermostAt(pos, model.graph.nodes.flatMap(n => (n.layer && n.span ? [[n.layer, n.span] as [string, Span]] : [])));
      }
    }
    this._cursorLayers = ids;
    this._graphView.setCursor(ids);
    this._tableView.setCursor(ids);
  }

  private _onTabKey = (event: KeyboardEvent): void => {
    const order: ViewName[] = ['graph', 'table', 'diagnostics'];
    const i = order.indexOf(this._view);
    let next: ViewName | null = null;
    if (event.key === 'ArrowRight') {
      next = order[(i + 1) % order.length];
    } else if (event.key === 'ArrowLeft') {
      next = order[(i + order.length - 1) % order.length];
    } else if (event.key === 'Home') {
      next = order[0];
    } else if (event.key === 'End') {
      next = order[order.length - 1];
    }
    if (next) {
      event.preventDefault();
      this.showView(next, true);
    }
  };

  private _onModelKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
      return;
    }
    const buttons = Array.from(this._models.querySelectorAll('button')) as HTMLButtonElement[];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      this._pickModel(next.dataset.model!);
      next.focus();
    }
  };

  private _model: ArchLensModel;
  private _trans: TranslationBundle;
  private _settings: ViewSettings = { ...DEFAULT_SETTINGS };
  private _uid = 'jp-ArchLens-' + Private.nextId();
  private _ir: ArchitectureIR | null = null;
  private _current: string | null = null;
  private _view: ViewName = 'graph';
  private _dirty = new Set<ViewName>();
  private _perModel = new Map<string, PerModel>();
  private _cursorLayers = new Set<string>();
  private _title: HTMLElement;
  private _status: HTMLElement;
  private _message: HTMLElement;
  private _models: HTMLUListElement;
  private _values: ValuesForm;
  private _tabs: HTMLElement;
  private _tabRow: HTMLElement;
  private _exportButton: HTMLButtonElement | null = null;
  private _exportMenu: Menu | null = null;
  private _onWindowPointerDown: ((event: PointerEvent) => void) | null = null;
  private _tabButtons = new Map<ViewName, HTMLButtonElement>();
  private _diagBadge: HTMLElement;
  private _viewArea: HTMLElement;
  private _body: HTMLElement;
  private _graphView: GraphView;
  private _tableView: TableView;
  private _diagView: DiagnosticsView;
  private _cursor: CursorTracker;
}

namespace Private {
  /** Ids whose span covers the cursor's line in its cell, keeping only the fewest-line spans. */
  export function innermostAt(pos: CursorPosition, items: Array<[string, Span]>): Set<string> {
    let best = Infinity;
    const hits: Array<[string, number]> = [];
    for (const [id, s] of items) {
      const sameCell = s.cellId !== undefined && pos.cellId !== undefined ? s.cellId === pos.cellId : s.cell === pos.cell;
      if (sameCell && !s.file && s.startLine <= pos.line && pos.line <= s.endLine) {
        const size = s.endLine - s.startLine;
        hits.push([id, size]);
        best = Math.min(best, size);
      }
    }
    return new Set(hits.filter(([, size]) => size === best).map(([id]) => id));
  }

  let counter = 0;
  export function nextId(): number {
    return ++counter;
  }

  export function message(text: string, className = 'jp-ArchLens-message'): HTMLElement {
    return el('p', className, text);
  }

  /** The model shown first: the largest one (an instance usually beats its class). */
  export function defaultModel(models: ModelIR[]): ModelIR {
    let best = models[0];
    for (const m of models) {
      if (m.layers.length > best.layers.length) {
        best = m;
      }
    }
    return best;
  }

  export function statusText(state: ModelState, trans: TranslationBundle): string {
    switch (state.status) {
      case 'empty':
        return '';
      case 'analysing':
        return trans.__('Analysing…');
      case 'failed':
        return trans.__('Analysis failed');
      case 'problems':
      case 'ok': {
        const ir = state.ir;
        const n = ir?.models.length ?? 0;
        const errors = (ir?.diagnostics ?? []).concat(...(ir?.models ?? []).map(m => m.diagnostics)).filter(d => d.severity === 'error').length;
        const base = trans._n('%1 model', '%1 models', n) + ' · ' + trans.__('up to date') + ` · ${Math.round(state.ms)} ms`;
        return errors ? base + ' · ' + trans._n('%1 problem', '%1 problems', errors) : base;
      }
    }
  }
}
