// The ArchLens sidebar widget: a header naming the followed document, a quiet status line,
// the models the core found (a picker that also links to each definition), a form for the
// values the notebook leaves open, three views of the chosen model - Graph, Table and
// Diagnostics - and a details pane for the selected layer. View state (given values, input
// shape, search, folds, selection, zoom) belongs to a (document, model) pair in the
// view-state store (state.ts): switching notebooks shows each its own, and nothing typed for
// one reaches another.
// Does not: analyse (the model and its worker do), or render notebook text as HTML.
import { Menu, Widget } from '@lumino/widgets';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ArchitectureIR, Diagnostic, ModelIR, Span } from '../core/ir';
import type { ArchLensModel, ModelState } from './model';
import { formatCount, formatDim } from '../core/export/format';
import { CursorPosition, CursorTracker } from './views/cursor';
import { DetailTarget, DetailsView } from './views/details';
import { DiagnosticsView } from './views/diagnostics';
import { DEFAULT_SETTINGS, el, ViewHost, ViewSettings } from './views/dom';
import { GraphView } from './views/graph';
import { TableView } from './views/table';
import { ValueChange, ValuesForm, needsInputShape } from './views/values';
import { diagnosticsFor, ErrorMarks, errorMarks, ModelDiagnostics } from './views/problems';
import { modelKey, ModelViewState } from './state';
import { TabRow, ViewName } from './tabrow';
import { standaloneSvg } from './downloads';

export type { ViewName } from './tabrow';

/** The details pane opens this long after a click, so a double click is never split by it. */
const DETAILS_DELAY_MS = 350;

/** Diagnostics and error marks of the model shown, computed once per analysis. */
interface Problems {
  ir: ArchitectureIR | null;
  model: ModelIR;
  diagnostics: ModelDiagnostics;
  marks: ErrorMarks;
}

export class ArchLensPanel extends Widget {
  constructor(options: {
    model: ArchLensModel;
    trans: TranslationBundle;
    exportMenu?: Menu;
    /** Commands that show each view (for the tab row's overflow menu). */
    viewCommands?: Map<ViewName, string>;
    /** Opens an inspected document at a span (without a kernel). */
    openAt?: (path: string, span: Span) => void;
  }) {
    super();
    this._model = options.model;
    this._trans = options.trans;
    this._openAt = options.openAt ?? null;
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
      select: (id, target) => this._select(id, target),
      foldChanged: () => {
        // a double click opened a group: that was not a request for details
        this._cancelDetails();
        this._model.store.notify();
        this._renderViews(true);
      }
    };
    this._values = new ValuesForm(host, change => this._applyValues(change));
    this._values.node.hidden = true;

    this._graphView = new GraphView(
      host,
      shape => this._applyValues({ symbols: [], inputShape: shape }),
      direction => this._setDirection(direction)
    );
    this._tableView = new TableView(host);
    this._diagView = new DiagnosticsView(host, all => this._setDiagnosticScope(all));
    this._details = new DetailsView({
      ...host,
      cells: () => {
        const source = this._model.state.source;
        return source && !source.isDisposed ? source.cells() : null;
      },
      canReveal: () => !!this._model.state.source?.canReveal,
      openAt: span => {
        const source = this._model.state.source;
        if (source && this._openAt) {
          this._openAt(source.path, span);
        }
      },
      close: () => this._select(null)
    });
    this._viewArea = el('div', 'jp-ArchLens-views');
    const views: Array<[ViewName, string, HTMLElement]> = [
      ['graph', trans.__('Graph'), this._graphView.node],
      ['table', trans.__('Table'), this._tableView.node],
      ['diagnostics', trans.__('Diagnostics'), this._diagView.node]
    ];
    this._tabRow = new TabRow({
      trans,
      uid: this._uid,
      views: views.map(([name, label]) => [name, label] as [ViewName, string]),
      exportMenu: options.exportMenu,
      viewCommands: options.viewCommands,
      onSelect: name => this.showView(name),
      onKey: this._onTabKey
    });
    for (const [name, , node] of views) {
      const tab = this._tabRow.tab(name);
      node.classList.add('jp-ArchLens-viewPanel');
      node.setAttribute('role', 'tabpanel');
      node.id = `${this._uid}-panel-${name}`;
      node.setAttribute('aria-labelledby', tab.id);
      tab.setAttribute('aria-controls', node.id);
      this._viewArea.append(node);
    }
    this._diagBadge = this._tabRow.badge('diagnostics');

    this._body = el('div', 'jp-ArchLens-body');
    this._body.append(this._message, this._models, this._values.node, this._tabRow.node, this._viewArea, this._details.node);
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
    this._settings = { ...value };
    this._model.store.collapseDepth = value.collapseDepth;
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
    return this._currentModel()?.name ?? null;
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
        this._tabRow.tab(name).focus();
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
   * A model of the document shown, as exports should see it: with the values given for it
   * (so every export says which) and the notebook's diagnostics that concern it.
   */
  exportModel(name: string | null): ModelIR | null {
    const ir = this._model.state.ir;
    const model = ir?.models.find(m => modelKey(m) === name) ?? null;
    const source = this._model.state.source;
    if (!model) {
      return null;
    }
    const out: ModelIR = { ...model, diagnostics: diagnosticsFor(model, ir).own };
    if (source) {
      const given = this._model.store.given(source.path, modelKey(model));
      if (given.symbols.length) {
        out.givenSymbols = given.symbols;
      }
    }
    return out;
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
    if (this._dirty.has('graph') || this._graphView.modelName !== modelKey(model)) {
      this._dirty.delete('graph');
      await this._updateGraph(model);
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
    // A large graph keeps only the part near the view in the DOM: the file gets all of it.
    const restore = this._graphView.drawEverything();
    let svg: string;
    try {
      svg = standaloneSvg(this._graphView.svgElement, { width: size.width, height: size.height, padding });
    } finally {
      restore();
    }
    return { svg, width: Math.ceil(size.width + 2 * padding), height: Math.ceil(size.height + 2 * padding) };
  }

  /** Draws an IR directly, bypassing the analysis (benchmarks and tests only). */
  renderIR(ir: ArchitectureIR): void {
    this._renderIR(ir, this._model.state.source !== null);
  }

  protected onAfterShow(): void {
    this._graphView.onShow();
    this._tabRow.fit();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._cancelDetails();
    this._cursor.dispose();
    this._graphView.dispose();
    this._tabRow.dispose();
    super.dispose();
  }

  // --- state --------------------------------------------------------------------------------

  /** Path of the document shown; state is kept under it. */
  private get _path(): string {
    return this._model.state.source?.path ?? '';
  }

  private _state(model: ModelIR): ModelViewState {
    return this._model.store.model(this._path, modelKey(model));
  }

  private _currentModel(): ModelIR | null {
    return this._ir?.models.find(m => modelKey(m) === this._current) ?? null;
  }

  /** Diagnostics and error marks of `model`, computed once per analysis. */
  private _problems(model: ModelIR): Problems {
    const p = this._problemsCache.get(model);
    if (p && p.ir === this._ir) {
      return p;
    }
    const diagnostics = diagnosticsFor(model, this._ir);
    const next = { ir: this._ir, model, diagnostics, marks: errorMarks(model, diagnostics.own) };
    this._problemsCache.set(model, next);
    return next;
  }

  // --- rendering ----------------------------------------------------------------------------

  private _render(_: ArchLensModel, state: ModelState): void {
    const trans = this._trans;
    this._title.textContent = state.source ? state.source.label : trans.__('No notebook');
    this.node.dataset.status = state.status;
    this._status.textContent = Private.statusText(state, trans);
    this._status.title = state.error ?? '';
    this._cursor.setSource(state.source && !state.source.isDisposed ? state.source : null);
    if (state.source?.path !== this._shownPath) {
      // Another document: its own model, selection and values, never the previous one's.
      this._shownPath = state.source?.path ?? null;
      this._current = state.source ? this._model.store.document(state.source.path).current : null;
      this._target = null;
      this._cursorLayers = new Set();
    }
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
    const rowWasHidden = this._tabRow.node.hidden;
    this._models.hidden = !show;
    this._tabRow.node.hidden = !show;
    this._viewArea.hidden = !show;
    if (!show) {
      this._models.replaceChildren();
      this._values.node.hidden = true;
      this._details.update(null, null, [], { layers: new Map(), nodes: new Map() });
      this._model.selectedModel = null;
      return;
    }
    if (this._current === null || !models.some(m => modelKey(m) === this._current)) {
      this._current = modelKey(Private.defaultModel(models));
    }
    const model = this._currentModel()!;
    this._model.selectedModel = modelKey(model);
    if (this._path) {
      this._model.store.document(this._path).current = this._current;
    }
    this._models.replaceChildren(...models.map(m => this._modelItem(m)));
    this._models.classList.toggle('jp-mod-single', models.length === 1);
    if (rowWasHidden) {
      this._tabRow.fit(); // (the row's own size changes are watched by the row)
    }
    this._renderViews(true);
  }

  private _modelItem(m: ModelIR): HTMLElement {
    const trans = this._trans;
    const li = el('li', 'jp-ArchLens-model');
    const selected = modelKey(m) === this._current;
    li.classList.toggle('jp-mod-selected', selected);
    const button = el('button', 'jp-ArchLens-modelLink');
    button.dataset.model = modelKey(m);
    button.setAttribute('aria-pressed', String(selected));
    button.tabIndex = selected ? 0 : -1;
    button.title = trans.__('Show %1 and go to its definition (cell %2, line %3)', m.name, m.cell + 1, m.line + 1);
    const name = el('span', 'jp-ArchLens-modelName', m.name);
    const meta = el('span', 'jp-ArchLens-modelMeta');
    const framework = m.framework === 'pytorch' ? 'PyTorch' : 'Keras';
    meta.textContent = m.class === m.name ? `${framework} · ${m.kind}` : `${m.class} · ${framework} · ${m.kind}`;
    const rebound = m.rebound ? el('span', 'jp-ArchLens-modelRebound', trans.__('cell %1', m.cell + 1)) : null;
    if (rebound) {
      // An earlier model whose name the notebook bound again: said where it was bound.
      rebound.title = trans.__('%1 was bound to another value later; this one was bound in cell %2, line %3', m.name, m.cell + 1, m.line + 1);
      li.classList.add('jp-mod-rebound');
    }
    const params = el('span', 'jp-ArchLens-modelParams');
    if (m.params.total !== null) {
      params.textContent = trans._n('%2 param', '%2 params', m.params.total, formatCount(m.params.total));
    } else if (m.params.symbolicTotal) {
      params.textContent = trans.__('%1 params', formatDim(m.params.symbolicTotal));
      params.classList.add('jp-ArchLens-symbolic');
      params.title = trans.__('Symbolic: depends on %1', m.params.symbolicTotal.symbols.join(', '));
    }
    const errors = this._problems(m).marks.count;
    if (errors) {
      // in the meta line, so the name reads as it is written
      const badge = el('span', 'jp-ArchLens-modelErrors', String(errors));
      badge.title = trans._n('%1 error: the code would fail when run', '%1 errors: the code would fail when run', errors);
      meta.prepend(badge, ' ');
    }
    if (rebound) {
      name.append(' ', rebound);
    }
    button.append(name, meta, params);
    button.addEventListener('click', () => {
      this._pickModel(modelKey(m));
      this._reveal(m.span ?? { cell: m.cell, cellId: m.cellId, startLine: m.line, startCol: 0, endLine: m.line, endCol: 0 });
    });
    li.append(button);
    return li;
  }

  private _pickModel(key: string): void {
    if (this._current === key) {
      return;
    }
    this._current = key;
    this._target = null;
    const model = this._currentModel();
    this._model.selectedModel = model ? modelKey(model) : null;
    if (this._path) {
      this._model.store.document(this._path).current = key;
      this._model.store.notify();
    }
    for (const li of Array.from(this._models.children)) {
      const button = li.querySelector('button') as HTMLButtonElement;
      const selected = !!model && button.dataset.model === modelKey(model);
      li.classList.toggle('jp-mod-selected', selected);
      button.setAttribute('aria-pressed', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    this._renderViews(true);
  }

  private _updateGraph(model: ModelIR): Promise<void> {
    const state = this._state(model);
    const needs = needsInputShape(model) || state.inputShape !== undefined;
    return this._graphView.update(model, state.fold, this._settings, state, state.selected, {
      marks: this._problems(model).marks,
      input: { show: needs, given: state.inputShape }
    });
  }

  /** Re-render the visible view now; the hidden ones when they are shown. */
  private _renderViews(dataChanged: boolean): void {
    const model = this._currentModel();
    if (!model) {
      return;
    }
    const state = this._state(model);
    const problems = this._problems(model);
    if (dataChanged) {
      this._dirty = new Set<ViewName>(['graph', 'table', 'diagnostics']);
      this._updateDiagBadge(problems.diagnostics.own);
    }
    this._updateValues(model, state);
    this._updateDetails();
    const view = this._view;
    if (!this._dirty.has(view)) {
      return;
    }
    this._dirty.delete(view);
    switch (view) {
      case 'graph':
        void this._updateGraph(model);
        break;
      case 'table':
        this._tableView.update(model, state.fold, this._settings, state.selected, problems.marks);
        this._tableView.setCursor(this._cursorLayers);
        break;
      case 'diagnostics': {
        const all = this._path ? this._model.store.document(this._path).allDiagnostics : false;
        this._diagView.update(problems.diagnostics.own, problems.diagnostics.other, all);
        break;
      }
    }
  }

  private _updateValues(model: ModelIR, state: ModelViewState): void {
    const key = modelKey(model);
    const store = this._model.store;
    const symbols = new Set<string>([...(model.symbols ?? []), ...(this._path ? store.symbolsOf(this._path, key) : [])]);
    const doc = this._path ? store.document(this._path) : null;
    this._values.update(
      model,
      key,
      { symbols: [...symbols].sort(), given: doc?.symbols ?? new Map(), inputShape: state.inputShape },
      this._view !== 'graph'
    );
  }

  private _updateDetails(): void {
    const model = this._currentModel();
    if (!model || this._view === 'diagnostics') {
      this._details.update(null, null, [], { layers: new Map(), nodes: new Map() });
      return;
    }
    const target: DetailTarget | null = this._detailsWanted ? this._target ?? (this._state(model).selected !== null ? { layerId: this._state(model).selected } : null) : null;
    const problems = this._problems(model);
    this._details.update(model, target, problems.diagnostics.own, problems.marks);
  }

  private _updateDiagBadge(all: Diagnostic[]): void {
    const errors = all.filter(d => d.severity === 'error').length;
    const warnings = all.filter(d => d.severity === 'warning').length;
    const n = errors || warnings || all.length;
    const text = n === 0 ? '' : String(n);
    const changed = this._diagBadge.textContent !== text;
    this._diagBadge.hidden = n === 0;
    this._diagBadge.textContent = text;
    this._diagBadge.dataset.severity = errors ? 'error' : warnings ? 'warning' : 'info';
    this._diagBadge.title = this._trans.__('This model: %1 errors, %2 warnings, %3 notes', errors, warnings, all.length - errors - warnings);
    if (changed) {
      this._tabRow.fit(); // the tab's width changed
    }
  }

  private _applyViewVisibility(): void {
    this._tabRow.setCurrent(this._view);
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

  private _select(id: string | null, target?: { nodeId?: string | null; foldIds?: string[] }): void {
    const model = this._currentModel();
    if (!model) {
      return;
    }
    this._state(model).selected = id;
    this._target = id === null && !target?.nodeId ? null : { layerId: id, nodeId: target?.nodeId ?? null, foldIds: target?.foldIds };
    this._model.store.notify();
    this._graphView.setSelected(id);
    this._tableView.setSelected(id);
    this._cancelDetails();
    if (!this._target) {
      this._detailsWanted = false;
    } else if (this._details.node.hidden) {
      // Opening the pane moves what is below; wait out a double click (which opens a group).
      this._detailsTimer = setTimeout(() => {
        this._detailsTimer = null;
        this._detailsWanted = true;
        this._updateDetails();
        requestAnimationFrame(() => this._graphView.revealSelected());
      }, DETAILS_DELAY_MS);
      return;
    }
    this._updateDetails();
  }

  private _cancelDetails(): void {
    if (this._detailsTimer !== null) {
      clearTimeout(this._detailsTimer);
      this._detailsTimer = null;
    }
  }

  private _applyValues(change: ValueChange): void {
    const model = this._currentModel();
    if (!model || !this._path) {
      return;
    }
    this._model.store.setValues(this._path, modelKey(model), change.symbols, change.inputShape);
    this._model.refresh(0);
  }

  private _setDirection(direction: 'TB' | 'LR'): void {
    const model = this._currentModel();
    if (!model) {
      return;
    }
    this._state(model).direction = direction;
    this._model.store.notify();
    this._dirty.add('graph');
    this._renderViews(false);
  }

  private _setDiagnosticScope(all: boolean): void {
    if (!this._path) {
      return;
    }
    this._model.store.document(this._path).allDiagnostics = all;
    this._model.store.notify();
    this._dirty.add('diagnostics');
    this._renderViews(false);
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
    const changed = ids.size !== this._cursorLayers.size || [...ids].some(id => !this._cursorLayers.has(id));
    this._cursorLayers = ids;
    // The cursor moved onto other layers: the graph pans to them when they are off-screen.
    this._graphView.setCursor(ids, changed && this._view === 'graph');
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
      const m = this._ir?.models.find(x => modelKey(x) === next.dataset.model);
      if (m) {
        this._pickModel(modelKey(m));
      }
      next.focus();
    }
  };

  private _model: ArchLensModel;
  private _trans: TranslationBundle;
  private _openAt: ((path: string, span: Span) => void) | null;
  private _settings: ViewSettings = { ...DEFAULT_SETTINGS };
  private _uid = 'jp-ArchLens-' + Private.nextId();
  private _ir: ArchitectureIR | null = null;
  /** Key of the model shown (of the document shown). */
  private _current: string | null = null;
  private _shownPath: string | null = null;
  private _target: DetailTarget | null = null;
  private _detailsTimer: ReturnType<typeof setTimeout> | null = null;
  /** The details pane is open (after a click on a layer, until closed). */
  private _detailsWanted = false;
  /** Per model object of the IR shown (a new analysis brings new objects). */
  private _problemsCache = new WeakMap<ModelIR, Problems>();
  private _view: ViewName = 'graph';
  private _dirty = new Set<ViewName>();
  private _cursorLayers = new Set<string>();
  private _title: HTMLElement;
  private _status: HTMLElement;
  private _message: HTMLElement;
  private _models: HTMLUListElement;
  private _values: ValuesForm;
  private _tabRow: TabRow;
  private _diagBadge: HTMLElement;
  private _viewArea: HTMLElement;
  private _body: HTMLElement;
  private _graphView: GraphView;
  private _tableView: TableView;
  private _diagView: DiagnosticsView;
  private _details: DetailsView;
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
    // The models bound at the end come first: an earlier one a name was rebound from is
    // shown only when picked (or when there is nothing else).
    const current = models.filter(m => !m.rebound);
    const candidates = current.length ? current : models;
    let best = candidates[0];
    for (const m of candidates) {
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
