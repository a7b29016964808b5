// The graph view: the visible graph (graph-model.ts) laid out by dagre in the layout worker
// and drawn with d3 as SVG. Nodes are colored by category through CSS custom properties;
// collapsed module groups are stacked cards, expanded ones dashed clusters; edges carry their
// tensor shapes. Zoom and pan are kept across live updates; a search box dims non-matches.
// Keyboard: arrows move along the dataflow, Enter goes to the source, Space opens/closes a
// group, + / - zoom, 0 fits. Errors mark their nodes; a minimap shows where a large graph's
// view is; the toolbar switches top-down / left-right; the input-shape prompt sits at the
// Input node. A graph of more than a few hundred nodes keeps only the part near the view in
// the DOM, drawing more as the view pans or zooms (graph-window.ts), so a 1,000-layer model
// costs the browser no more layout time than the screenful shown.
// All notebook text goes through d3's .text(), never .html().
// Does not: decide what is visible (graph-model.ts) or lay out (the layout worker).
import { curveBasis, line, select, zoom, zoomIdentity, zoomTransform } from 'd3';
import type { Selection, ZoomBehavior, ZoomTransform } from 'd3';
import type { Diagnostic, Dim, LayerInfo, ModelIR } from '../../core/ir';
import { modelKey } from '../../core/ir/model-key';
import { formatDim } from '../../core/export/format';
import type { LayoutInput, LayoutOutput, Point } from '../../layout/protocol';
import { LayoutClient } from '../../layout/client';
import { compactArgs, dimKind, formatCompact, layerIndex, shapeKind } from './dims';
import { el, shapeLabel, ViewHost, ViewSettings } from './dom';
import { buildVisibleGraph, errorsOfNode, searchText, VCluster, VEdge, VisibleGraph, VNode } from './graph-model';
import { FoldState, maxDepth, setExpanded } from './tree';
import * as Private from './graph-text';
import { acrossFlow, alongFlow } from './graph-keys';
import { InputPrompt } from './input-prompt';
import { Minimap } from './minimap';
import { refitOnResize } from './fit-policy';
import { Box, EVERYTHING, intersects, nodeBox, pointsBox, serves, viewBox, WINDOWED_NODES, windowFor } from './graph-window';
import type { ErrorMarks } from './problems';

/** Per-model state of the graph that survives live updates. */
export interface GraphState {
  transform?: { k: number; x: number; y: number };
  search: string;
  /** Top-down or left-right for this model; the setting when absent. */
  direction?: 'TB' | 'LR';
}

/** What else an update draws: error marks and the input-shape prompt. */
export interface GraphExtras {
  marks?: ErrorMarks;
  /** Show the input-shape prompt (the shape the user gave, if any). */
  input?: { show: boolean; given?: number[] };
}

/** Above this many visible nodes (or when the drawing is this many views large) a minimap shows. */
const MINIMAP_NODES = 40;
/** Below this scale graph text is hard to read: a fit then fills the width and starts at the top. */
const READABLE = 0.85;
const MINIMAP_VIEWS = 1.6;

/** Above this many visible nodes, edge labels get no room of their own in the layout. */
const LABELLED_EDGES_MAX = 250;
const SVG_NS = 'http://www.w3.org/2000/svg';

interface Placed {
  node: VNode;
  x: number;
  y: number;
  w: number;
  h: number;
  sub: string;
  params: string;
  /** Errors of the layer (or of layers inside the group) this node stands for. */
  errors: Diagnostic[];
}

interface PlacedCluster {
  cluster: VCluster;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PlacedEdge {
  edge: VEdge;
  key: string;
  points: Point[];
  label?: Point;
  text: string;
  /** Bounding box of the points and label (graph-window.ts). */
  box?: Box;
}

/** The layout an element was last painted for (graph-window.ts: only new elements are painted). */
const GENERATION = Symbol('archlensGeneration');
type GenElement = Element & { [GENERATION]?: number };

export class GraphView {
  constructor(
    private readonly _host: ViewHost,
    private readonly _onInputShape: (shape: number[] | null) => void = () => undefined,
    private readonly _onDirection: (direction: 'TB' | 'LR') => void = () => undefined
  ) {
    const trans = _host.trans;
    this.node = el('div', 'jp-ArchLens-graphView');

    const toolbar = el('div', 'jp-ArchLens-toolbar');
    this._search = el('input', 'jp-ArchLens-search');
    this._search.type = 'search';
    this._search.placeholder = trans.__('Search layers');
    this._search.setAttribute('aria-label', trans.__('Search layers by name, type or arguments'));
    this._search.addEventListener('input', () => {
      if (this._state) {
        this._state.search = this._search.value;
      }
      this._matchCursor = -1;
      this._applySearch();
    });
    this._search.addEventListener('keydown', event => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this._nextMatch(event.shiftKey ? -1 : 1);
      } else if (event.key === 'Escape') {
        this._search.value = '';
        this._search.dispatchEvent(new Event('input'));
      }
    });
    this._matchCount = el('span', 'jp-ArchLens-toolbarNote');
    this._matchCount.setAttribute('aria-live', 'polite');

    const depth = el('span', 'jp-ArchLens-depth');
    depth.append(el('span', undefined, trans.__('Depth')));
    this._depthDown = this._button('−', trans.__('Collapse one level more'), () => this._setDepth(-1));
    this._depthValue = el('output', 'jp-ArchLens-depthValue');
    this._depthUp = this._button('+', trans.__('Expand one level more'), () => this._setDepth(1));
    depth.append(this._depthDown, this._depthValue, this._depthUp);

    const zoomOut = this._button('−', trans.__('Zoom out (-)'), () => this._zoomBy(1 / 1.3));
    zoomOut.classList.add('jp-ArchLens-zoomOut');
    const zoomIn = this._button('+', trans.__('Zoom in (+)'), () => this._zoomBy(1.3));
    zoomIn.classList.add('jp-ArchLens-zoomIn');
    const fit = this._button('⤢', trans.__('Fit to view (0)'), () => this.fit());
    fit.classList.add('jp-ArchLens-fit');
    this._directionButton = this._button('↓', trans.__('Lay out left to right'), () => this._onDirection(this._direction === 'LR' ? 'TB' : 'LR'));
    this._directionButton.classList.add('jp-ArchLens-direction');
    this._minimapButton = this._button('▣', trans.__('Hide the minimap'), () => {
      this._minimapOff = !this._minimapOff;
      this._updateMinimap();
    });
    this._minimapButton.classList.add('jp-ArchLens-minimapToggle');
    const zoomGroup = el('span', 'jp-ArchLens-zoomGroup');
    zoomGroup.append(zoomOut, zoomIn, fit, this._directionButton, this._minimapButton);
    toolbar.append(this._search, this._matchCount, depth, zoomGroup);

    this._canvas = el('div', 'jp-ArchLens-graphCanvas');
    this._canvas.tabIndex = 0;
    this._canvas.setAttribute('role', 'application');
    this._canvas.setAttribute('aria-roledescription', trans.__('architecture graph'));
    this._canvas.setAttribute(
      'aria-label',
      trans.__('Architecture graph. Arrow keys move between layers, Enter goes to the source, Space opens or closes a group.')
    );
    this._svg = document.createElementNS(SVG_NS, 'svg');
    this._svg.classList.add('jp-ArchLens-svg');
    this._canvas.append(this._svg);
    this._notice = el('div', 'jp-ArchLens-graphNotice');
    this._notice.hidden = true;
    this._busy = el('div', 'jp-ArchLens-graphBusy', trans.__('Laying out…'));
    this._busy.hidden = true;
    this._live = el('div', 'jp-ArchLens-srOnly');
    this._live.setAttribute('aria-live', 'polite');
    this._minimap = new Minimap((x, y) => this._panTo(x, y));
    this._prompt = new InputPrompt(_host, shape => this._onInputShape(shape));
    this._canvas.append(this._notice, this._busy, this._live, this._minimap.node, this._prompt.node);
    this._legend = el('div', 'jp-ArchLens-legend');
    this._legend.setAttribute('aria-label', trans.__('Categories'));
    this.node.append(toolbar, this._canvas, this._legend);

    const svg = select(this._svg);
    const defs = svg.append('defs');
    defs
      .append('marker')
      .attr('id', this._markerId)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('class', 'jp-ArchLens-arrow')
      .attr('d', 'M 0 1 L 10 5 L 0 9 z');
    this._viewport = svg.append('g').attr('class', 'jp-ArchLens-viewport');
    this._viewport.append('g').attr('class', 'jp-ArchLens-clusters');
    this._viewport.append('g').attr('class', 'jp-ArchLens-edges');
    this._viewport.append('g').attr('class', 'jp-ArchLens-edgeLabels');
    this._viewport.append('g').attr('class', 'jp-ArchLens-nodes');

    this._zoom = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.02, 4])
      .filter(event => (event.type === 'wheel' ? true : !event.button && event.type !== 'dblclick'))
      .on('zoom', event => {
        const t = event.transform as ZoomTransform;
        this._viewport.attr('transform', t.toString());
        this._svg.classList.toggle('jp-mod-far', t.k < 0.55);
        this._svg.classList.toggle('jp-mod-veryFar', t.k < 0.25);
        if (this._state) {
          this._state.transform = { k: t.k, x: t.x, y: t.y };
        }
        if (event.sourceEvent) {
          this._autoFitted = false; // the user zoomed or panned: leave the view alone
        }
        this._minimap.frame(t, this._canvas.clientWidth, this._canvas.clientHeight);
        this._syncWindow();
        this._placePrompt();
      });
    svg.call(this._zoom);

    // Any click or key in the graph ends the first fit's "untouched" time (fit-policy.ts);
    // registered before _onKey so its "0" (fit) starts a new one.
    const touched = (): void => {
      this._fitUntouched = false;
    };
    this._canvas.addEventListener('pointerdown', touched);
    this._canvas.addEventListener('keydown', touched);
    this._canvas.addEventListener('keydown', this._onKey);
    this._resize = new ResizeObserver(() => {
      // The panel is laid out in steps: the first fit may have run at a passing size (see
      // fit-policy.ts for which new sizes refit and which keep the user's view).
      const width = this._canvas.clientWidth;
      const height = this._canvas.clientHeight;
      const state = { pending: this._needsFit, auto: this._autoFitted, untouched: this._fitUntouched, width: this._fittedWidth, height: this._fittedHeight };
      if (refitOnResize(state, width, height)) {
        this.fit(this._needsFit ? this._needsReadable : this._autoReadable);
      }
      this._syncWindow();
      this._updateMinimap();
      this._placePrompt();
    });
    this._resize.observe(this._canvas);
  }

  readonly node: HTMLElement;

  /** Time of the last layout + draw, for the benchmark (ms). */
  lastTiming = { layout: 0, draw: 0, total: 0, nodes: 0, drawn: 0 };

  /** The live <svg> (the Export menu serializes it) and the drawing's own size. */
  get svgElement(): SVGSVGElement {
    return this._svg;
  }

  get contentSize(): { width: number; height: number; nodes: number } {
    return { ...this._size, nodes: this._graph?.nodes.length ?? 0 };
  }

  /** The key (state.ts modelKey) of the model drawn, if any. */
  get modelName(): string | null {
    return this._model ? modelKey(this._model) : null;
  }

  /** Resolves when the drawing for the latest update is on screen. */
  get ready(): Promise<void> {
    return this._ready;
  }

  async update(model: ModelIR, fold: FoldState, settings: ViewSettings, state: GraphState, selected: string | null, extras: GraphExtras = {}): Promise<void> {
    const modelChanged = this._model?.name !== model.name || this._stateObj !== state;
    const direction = state.direction ?? settings.direction;
    const directionChanged = this._settings !== null && this._direction !== direction;
    this._direction = direction;
    this._marks = extras.marks ?? null;
    this._inputPrompt = extras.input ?? { show: false };
    this._directionButton.textContent = direction === 'LR' ? '→' : '↓';
    this._directionButton.title = direction === 'LR' ? this._host.trans.__('Lay out top to bottom') : this._host.trans.__('Lay out left to right');
    this._directionButton.setAttribute('aria-label', this._directionButton.title);
    this._directionButton.dataset.direction = direction;
    this._model = model;
    this._fold = fold;
    this._settings = settings;
    this._state = state;
    this._stateObj = state;
    this._selected = selected;
    this._index = layerIndex(model);
    this._subtreeText.clear();
    if (this._search.value !== state.search) {
      this._search.value = state.search;
    }
    const max = Math.max(1, maxDepth(model));
    this._depthValue.textContent = String(Math.min(fold.depth, max));
    this._depthDown.disabled = fold.depth <= 1;
    this._depthUp.disabled = fold.depth >= max;

    const started = performance.now();
    const graph = buildVisibleGraph(model, fold);
    this._graph = graph;
    let resolveReady!: () => void;
    this._ready = new Promise<void>(r => (resolveReady = r));
    if (graph.nodes.length === 0) {
      this._setLayout([], [], [], { width: 0, height: 0, nodes: [], clusters: [], edges: [], ms: 0 }, false);
      this._syncWindow();
      this._renderLegend(graph);
      this._showNotice(
        this._inputPrompt.show
          ? this._host.trans.__('No dataflow graph yet: no tensor reaches this model in the notebook. Give an input shape to follow its forward pass; the table lists its layers meanwhile.')
          : this._host.trans.__('No dataflow graph for this model: its forward pass could not be followed. The table still lists its layers.')
      );
      this._notice.classList.toggle('jp-mod-withPrompt', this._inputPrompt.show);
      this.node.dataset.nodes = '0';
      this._updatePrompt();
      this._updateMinimap();
      resolveReady();
      return;
    }
    this._notice.classList.remove('jp-mod-withPrompt');
    const input = this._layoutInput(graph, settings, direction);
    this._busy.hidden = false;
    let output: LayoutOutput | null;
    try {
      output = await this._layout.layout(input.layout);
    } catch (error) {
      this._busy.hidden = true;
      this._showNotice(this._host.trans.__('The graph could not be laid out: %1', String((error as Error)?.message ?? error)));
      resolveReady();
      return;
    }
    if (!output || this._graph !== graph) {
      return; // superseded by a newer update
    }
    const laidOut = performance.now();
    this._busy.hidden = true;
    // The new positions first, then the view (fit or the kept transform, read while the DOM
    // is unchanged), then the DOM for the part of the drawing in view - once.
    this._setLayout(input.placed, input.clusters, input.edges, output, graph.nodes.length > LABELLED_EDGES_MAX);
    this._renderLegend(graph);
    if (graph.reduced) {
      this._showNotice(
        this._host.trans.__('Large model: groups deeper than %1 are collapsed to keep the graph responsive. Open a group to see inside.', graph.depth)
      );
    } else {
      this._notice.hidden = true;
    }
    if (modelChanged || directionChanged || !state.transform) {
      this.fit(true);
    } else {
      const t = state.transform;
      select(this._svg).call(this._zoom.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
    }
    this._syncWindow();
    this._applySearch();
    this.setSelected(this._selected);
    this.setCursor(this._cursor);
    this._updatePrompt();
    this._updateMinimap();
    const drawn = performance.now();
    this.lastTiming = { layout: laidOut - started, draw: drawn - laidOut, total: drawn - started, nodes: graph.nodes.length, drawn: this._drawnNodes };
    this.node.dataset.nodes = String(graph.nodes.length);
    resolveReady();
  }

  setSelected(id: string | null): void {
    if (id !== null && id !== this._selected) {
      this._fitUntouched = false; // a details pane may open below: keep the view
    }
    this._selected = id;
    this._selectedTarget = id === null ? null : this._nodeForLayer(id);
    this._paintSelection(this._drawnNodeSelection());
  }

  /**
   * Layers under the notebook cursor: highlighted; with `pan` (the cursor moved), the view
   * pans to the first of them when it is off-screen.
   */
  setCursor(ids: Set<string>, pan = false): void {
    this._cursor = ids;
    const hits: string[] = [];
    for (const id of ids) {
      const n = this._nodeForLayer(id);
      if (n && !hits.includes(n)) {
        hits.push(n);
      }
    }
    this._cursorHits = new Set(hits);
    this._paintCursor(this._drawnNodeSelection());
    if (pan && hits.length && this._canvas.clientWidth > 0) {
      const first = [...hits].map(h => this._placed.get(h)).filter((p): p is Placed => !!p).sort((a, b) => a.y - b.y || a.x - b.x)[0];
      if (first) {
        this._centerOn(first, true, false);
        this._autoFitted = false;
      }
    }
  }

  /**
   * Fits the whole graph in view. With `readable`, a graph too tall to read when fitted is
   * instead fitted to the width (at most 1:1) and shown from its top, to be panned down.
   */
  fit(readable = false): void {
    const w = this._canvas.clientWidth;
    const h = this._canvas.clientHeight;
    if (!w || !h || !this._size.width) {
      this._needsFit = true;
      this._needsReadable = readable;
      return;
    }
    this._needsFit = false;
    const k = Math.max(0.02, Math.min(1, (w - 16) / this._size.width, (h - 16) / this._size.height));
    const kw = Math.min(1, (w - 16) / this._size.width);
    const kh = Math.min(1, (h - 16) / this._size.height);
    let t: ZoomTransform;
    if (readable && k < READABLE && kw > k && kw >= kh) {
      // Tall: fit the width, start at the top.
      t = zoomIdentity.translate((w - this._size.width * kw) / 2, 4).scale(kw);
    } else if (readable && k < READABLE && kh > k) {
      // Wide (left-to-right layouts): fit the height, start at the left.
      t = zoomIdentity.translate(4, (h - this._size.height * kh) / 2).scale(kh);
    } else {
      t = zoomIdentity.translate((w - this._size.width * k) / 2, (h - this._size.height * k) / 2).scale(k);
    }
    select(this._svg).call(this._zoom.transform, t);
    this._autoFitted = true;
    this._autoReadable = readable;
    this._fittedWidth = w;
    this._fittedHeight = h;
    this._fitUntouched = true;
  }

  /** Brings the selected node into view when it is off-screen (the details pane opened). */
  revealSelected(): void {
    const id = this._selected !== null ? this._nodeForLayer(this._selected) : this._selectedNode;
    const p = id ? this._placed.get(id) : undefined;
    if (p && this._canvas.clientHeight > 0) {
      this._centerOn(p, true, false);
    }
  }

  /** The panel shows this view again (after another tab): fit if a fit was pending. */
  onShow(): void {
    if (this._needsFit) {
      this.fit(this._needsReadable);
    }
  }

  focusSearch(): void {
    this._search.focus();
    this._search.select();
  }

  dispose(): void {
    this._resize.disconnect();
    this._layout.dispose();
  }

  // --- layout input -------------------------------------------------------------------------

  private _layoutInput(graph: VisibleGraph, settings: ViewSettings, direction: 'TB' | 'LR') {
    const trans = this._host.trans;
    const placed: Placed[] = graph.nodes.map(node => {
      const names = settings.nodeLabels === 'name' && node.name ? node.name : '';
      let sub: string;
      if (node.kind !== 'node') {
        const n = trans._n('%1 layer', '%1 layers', node.hidden ?? 0);
        sub = [names, n].filter(Boolean).join(' · ');
      } else {
        sub = [names, compactArgs(node.args), Private.usesText(node)].filter(Boolean).join(' · ');
      }
      sub = Private.ellipsize(sub, 44);
      const params = node.params === undefined ? '' : dimKind(node.params) === 'exact' ? ((node.params as number) > 0 ? formatCompact(node.params as number) : '') : dimKind(node.params) === 'symbolic' ? formatDim(node.params as Dim) : '?';
      const typeText = Private.typeText(node);
      const w1 = Private.measure(typeText, 600) + (params ? Private.measure(params, 400) + 12 : 0) + (node.kind !== 'node' ? 14 : 0);
      const w2 = sub ? Private.measure(sub, 400, true) : 0;
      const w = Math.round(Math.max(88, Math.min(300, Math.max(w1, w2) + 22)));
      const h = sub ? 38 : 24;
      return { node, x: 0, y: 0, w, h, sub, params: Private.ellipsize(params, 16), errors: this._errorsOf(node) };
    });
    const clusterIds = new Map<string, string>();
    graph.clusters.forEach((c, i) => clusterIds.set(c.id, 'c' + i));
    const nodeIds = new Map<string, string>();
    placed.forEach((p, i) => nodeIds.set(p.node.id, 'n' + i));
    const labelled = graph.nodes.length <= LABELLED_EDGES_MAX;
    const edges: PlacedEdge[] = graph.edges.map(edge => ({
      edge,
      key: edge.from + '\u0000' + edge.to,
      points: [],
      text: Private.ellipsize(shapeLabel(edge.shape, this._keras), 28)
    }));
    const layout: LayoutInput = {
      rankdir: direction,
      clusters: graph.clusters.map(c => ({ id: clusterIds.get(c.id)!, parent: c.parent ? clusterIds.get(c.parent) : undefined })),
      nodes: placed.map(p => ({ id: nodeIds.get(p.node.id)!, width: p.w, height: p.h, parent: p.node.parent ? clusterIds.get(p.node.parent) : undefined })),
      edges: edges.map(e => {
        const out: LayoutInput['edges'][number] = { from: nodeIds.get(e.edge.from)!, to: nodeIds.get(e.edge.to)! };
        if (labelled && e.text) {
          out.labelWidth = Private.measure(e.text, 400, true) + 6;
          out.labelHeight = 13;
        }
        return out;
      })
    };
    const clusters: PlacedCluster[] = graph.clusters.map(cluster => ({ cluster, x: 0, y: 0, w: 0, h: 0 }));
    return { layout, placed, clusters, edges };
  }

  // --- drawing ------------------------------------------------------------------------------

  /** Takes a layout's positions; nothing is drawn until the window is synced. */
  private _setLayout(placed: Placed[], clusters: PlacedCluster[], edges: PlacedEdge[], out: LayoutOutput, large: boolean): void {
    placed.forEach((p, i) => {
      p.x = out.nodes[i].x;
      p.y = out.nodes[i].y;
    });
    clusters.forEach((c, i) => {
      const b = out.clusters[i];
      Object.assign(c, { x: b.x, y: b.y, w: b.width, h: b.height });
    });
    edges.forEach((e, i) => {
      e.points = out.edges[i].points;
      e.label = out.edges[i].label;
      if (!e.label && e.points.length) {
        e.label = e.points[Math.floor(e.points.length / 2)];
      }
      e.box = pointsBox(e.points, e.text ? e.label : undefined);
    });
    this._size = { width: out.width, height: out.height };
    this._placedList = placed;
    this._placed = new Map(placed.map(p => [p.node.id, p]));
    this._clusterList = clusters;
    this._edgeList = edges;
    this._succ.clear();
    this._pred.clear();
    for (const e of edges) {
      Private.push(this._succ, e.edge.from, e.edge.to);
      Private.push(this._pred, e.edge.to, e.edge.from);
    }
    this._svg.classList.toggle('jp-mod-large', large);
    this._windowed = placed.length > WINDOWED_NODES;
    this._window = null;
    this._generation++;
  }

  /**
   * Makes the DOM show the drawing around the view: a small graph whole, a large one only
   * near the view (graph-window.ts). Called after a layout and on every pan or zoom; does
   * nothing while the window drawn still serves the view.
   */
  private _syncWindow(): void {
    if (!this._windowed) {
      if (this._window !== EVERYTHING) {
        this._drawWindow(EVERYTHING);
      }
      return;
    }
    const t = zoomTransform(this._svg);
    let w = this._canvas.clientWidth;
    let h = this._canvas.clientHeight;
    if (w > 0 && h > 0) {
      this._canvasSize = { width: w, height: h };
    } else {
      // hidden (another tab shows): the size it had, redrawn when shown
      w = this._canvasSize.width;
      h = this._canvasSize.height;
    }
    const view = viewBox(t, w, h);
    if (!serves(this._window, view)) {
      this._drawWindow(windowFor(view));
    }
  }

  /**
   * Draws every node of a large graph (an export serializes the live SVG) and returns the
   * function that goes back to drawing near the view.
   */
  drawEverything(): () => void {
    if (!this._windowed || this._window === EVERYTHING) {
      return () => undefined;
    }
    this._drawWindow(EVERYTHING);
    return () => {
      this._window = null;
      this._syncWindow();
    };
  }

  /** Puts the nodes, edges and clusters inside `win` in the DOM, and only those. */
  private _drawWindow(win: Box): void {
    this._window = win;
    const all = win === EVERYTHING;
    const placed = all ? this._placedList : this._placedList.filter(p => intersects(nodeBox(p), win));
    const clusters = all ? this._clusterList : this._clusterList.filter(c => intersects({ x0: c.x, y0: c.y, x1: c.x + c.w, y1: c.y + c.h }, win));
    const edges = all ? this._edgeList : this._edgeList.filter(e => !e.box || intersects(e.box, win));
    this._drawnNodes = placed.length;
    const trans = this._host.trans;
    // Elements already drawn for this layout keep their attributes: only new ones are painted.
    const generation = this._generation;
    const isStale = function (this: Element): boolean {
      return (this as GenElement)[GENERATION] !== generation;
    };
    const stamp = function (this: Element): void {
      (this as GenElement)[GENERATION] = generation;
    };

    // Clusters (expanded groups), outermost first so inner ones paint on top.
    const cl = this._viewport
      .select<SVGGElement>('g.jp-ArchLens-clusters')
      .selectAll<SVGGElement, PlacedCluster>('g.jp-ArchLens-cluster')
      .data(clusters, d => d.cluster.id)
      .join(enter => {
        const g = enter.append('g').attr('class', 'jp-ArchLens-cluster');
        g.append('rect').attr('class', 'jp-ArchLens-clusterBox').attr('rx', 6);
        const title = g.append('g').attr('class', 'jp-ArchLens-clusterTitle');
        title.append('text').attr('class', 'jp-ArchLens-clusterLabel');
        title.append('title');
        return g;
      })
      .filter(isStale)
      .each(stamp);
    cl.attr('data-layer', d => d.cluster.layerId);
    cl.select('rect').attr('x', d => d.x).attr('y', d => d.y).attr('width', d => d.w).attr('height', d => d.h);
    cl.select('text')
      .attr('x', d => d.x + 8)
      .attr('y', d => d.y + 13)
      .text(d => `▾ ${Private.ellipsize(d.cluster.name, 40)} · ${Private.ellipsize(d.cluster.type, 24)}`);
    cl.select('title').text(() => trans.__('Click to collapse this group; double-click to go to its source'));
    cl.select<SVGGElement>('g.jp-ArchLens-clusterTitle')
      .on('click', (event: MouseEvent, d) => {
        event.stopPropagation();
        this._toggleLayer(d.cluster.layerId, false);
      })
      .on('dblclick', (event: MouseEvent, d) => {
        event.stopPropagation();
        this._host.reveal(d.cluster.span);
      });

    // Edges.
    const curve = line<Point>()
      .x(p => p.x)
      .y(p => p.y)
      .curve(curveBasis);
    const ed = this._viewport
      .select<SVGGElement>('g.jp-ArchLens-edges')
      .selectAll<SVGPathElement, PlacedEdge>('path.jp-ArchLens-edge')
      .data(edges, d => d.key)
      .join(enter => enter.append('path').attr('class', 'jp-ArchLens-edge').attr('marker-end', `url(#${this._markerId})`))
      .filter(isStale)
      .each(stamp);
    ed.attr('d', d => curve(d.points) ?? '')
      .attr('data-from', d => d.edge.from)
      .attr('data-to', d => d.edge.to)
      .classed('jp-mod-multi', d => d.edge.count > 1);

    const labels = this._viewport
      .select<SVGGElement>('g.jp-ArchLens-edgeLabels')
      .selectAll<SVGTextElement, PlacedEdge>('text.jp-ArchLens-edgeLabel')
      .data(
        edges.filter(e => e.text && e.label),
        d => d.key
      )
      .join(enter => enter.append('text').attr('class', 'jp-ArchLens-edgeLabel'))
      .filter(isStale)
      .each(stamp);
    labels
      .attr('x', d => d.label!.x)
      .attr('y', d => d.label!.y + 4)
      .attr('data-from', d => d.edge.from)
      .attr('data-to', d => d.edge.to)
      .classed('jp-ArchLens-symbolic', d => shapeKind(d.edge.shape, this._keras) === 'symbolic')
      .classed('jp-ArchLens-unknown', d => shapeKind(d.edge.shape, this._keras) === 'unknown')
      .text(d => d.text);

    // Nodes.
    const nd = this._viewport
      .select<SVGGElement>('g.jp-ArchLens-nodes')
      .selectAll<SVGGElement, Placed>('g.jp-ArchLens-node')
      .data(placed, d => d.node.id)
      .join(enter => {
        const g = enter.append('g').attr('class', 'jp-ArchLens-node');
        g.append('rect').attr('class', 'jp-ArchLens-nodeStack').attr('rx', 5);
        g.append('rect').attr('class', 'jp-ArchLens-nodeBox').attr('rx', 5);
        g.append('rect').attr('class', 'jp-ArchLens-nodeBar').attr('rx', 2);
        g.append('text').attr('class', 'jp-ArchLens-nodeType');
        g.append('text').attr('class', 'jp-ArchLens-nodeParams');
        g.append('text').attr('class', 'jp-ArchLens-nodeSub');
        const mark = g.append('g').attr('class', 'jp-ArchLens-nodeError');
        // a rounded rect, not a circle: exported SVGs keep to a few element kinds
        mark.append('rect').attr('x', -7).attr('y', -7).attr('width', 14).attr('height', 14).attr('rx', 7);
        mark.append('text').attr('y', 4).text('!');
        g.append('title');
        return g;
      })
      .filter(isStale)
      .each(stamp);
    nd.attr('transform', d => `translate(${d.x - d.w / 2},${d.y - d.h / 2})`)
      .attr('data-category', d => d.node.category)
      .attr('data-kind', d => d.node.kind)
      .attr('data-layer', d => d.node.layerId ?? null)
      .attr('data-type', d => d.node.type)
      .attr('role', 'img')
      .attr('aria-label', d => this._describe(d.node))
      .classed('jp-mod-group', d => d.node.kind !== 'node')
      .classed('jp-mod-error', d => d.errors.length > 0);
    nd.select('g.jp-ArchLens-nodeError')
      .attr('transform', d => `translate(${d.w - 1},1)`)
      .attr('display', d => (d.errors.length ? null : 'none'));
    nd.select('rect.jp-ArchLens-nodeStack')
      .attr('x', 3)
      .attr('y', 3)
      .attr('width', d => d.w)
      .attr('height', d => d.h)
      .attr('display', d => (d.node.kind !== 'node' ? null : 'none'));
    nd.select('rect.jp-ArchLens-nodeBox').attr('width', d => d.w).attr('height', d => d.h);
    nd.select('rect.jp-ArchLens-nodeBar').attr('x', 0).attr('y', 0).attr('width', 4).attr('height', d => d.h);
    nd.select('text.jp-ArchLens-nodeType')
      .attr('x', 10)
      .attr('y', 15.5)
      .text(d => (d.node.kind !== 'node' ? '▸ ' : '') + Private.typeText(d.node));
    nd.select('text.jp-ArchLens-nodeParams')
      .attr('x', d => d.w - 8)
      .attr('y', 15.5)
      .classed('jp-ArchLens-symbolic', d => dimKind(d.node.params) === 'symbolic')
      .classed('jp-ArchLens-unknown', d => d.node.params !== undefined && dimKind(d.node.params) === 'unknown')
      .text(d => d.params);
    nd.select('text.jp-ArchLens-nodeSub')
      .attr('x', 10)
      .attr('y', 30.5)
      .text(d => d.sub);
    nd.select('title').text(d => this._tooltip(d.node));
    nd.on('click', (event: MouseEvent, d) => {
      event.stopPropagation();
      this._activate(d.node, true);
    }).on('dblclick', (event: MouseEvent, d) => {
      event.stopPropagation();
      this._open(d.node);
    });
    nd.on('mouseenter', (_: MouseEvent, d) => this._hover(d.node.id, true)).on('mouseleave', (_: MouseEvent, d) => this._hover(d.node.id, false));
    this._paintSelection(nd);
    this._paintCursor(nd);
    this._paintSearch(nd);
  }

  /** The node elements in the DOM now. */
  private _drawnNodeSelection(): Selection<SVGGElement, Placed, SVGGElement, unknown> {
    return this._viewport.select<SVGGElement>('g.jp-ArchLens-nodes').selectAll<SVGGElement, Placed>('g.jp-ArchLens-node');
  }

  private _paintSelection(nd: Selection<SVGGElement, Placed, Element | null, unknown>): void {
    const target = this._selectedTarget;
    nd.classed('jp-mod-selected', d => d.node.id === target).attr('aria-selected', d => String(d.node.id === target));
  }

  private _paintCursor(nd: Selection<SVGGElement, Placed, Element | null, unknown>): void {
    const hits = this._cursorHits;
    nd.classed('jp-mod-cursor', d => hits.has(d.node.id));
  }

  private _paintSearch(nd: Selection<SVGGElement, Placed, Element | null, unknown>): void {
    const matches = this._matchSet;
    nd.classed('jp-mod-match', d => !!matches && matches.has(d.node.id)).classed('jp-mod-dimmed', d => !!matches && !matches.has(d.node.id));
  }

  private _describe(node: VNode): string {
    return Private.describeNode(node, this._errorsOf(node), this._host.trans);
  }

  private _tooltip(node: VNode): string {
    return Private.nodeTooltip(node, this._errorsOf(node), this._host.trans, this._keras);
  }

  private _renderLegend(graph: VisibleGraph): void {
    this._legend.replaceChildren(...Private.legendItems(graph, this._marks?.count ?? 0, this._host.trans));
  }

  private _showNotice(text: string): void {
    this._notice.textContent = text;
    this._notice.hidden = false;
  }

  private _hover(id: string, on: boolean): void {
    select(this._svg)
      .selectAll<SVGElement, PlacedEdge>('.jp-ArchLens-edge, .jp-ArchLens-edgeLabel')
      .filter(d => d.edge.from === id || d.edge.to === id)
      .classed('jp-mod-hover', on);
  }

  // --- interaction --------------------------------------------------------------------------

  private _activate(node: VNode, reveal: boolean): void {
    const layerId = node.layerId ?? null;
    this._fitUntouched = false; // a details pane may open below: keep the view
    this._selected = layerId;
    this._selectedNode = node.id;
    this._selectedTarget = node.id;
    this._paintSelection(this._drawnNodeSelection());
    this._live.textContent = this._describe(node);
    this._host.select(layerId, { nodeId: node.kind === 'node' ? node.id.slice(2) : null, foldIds: node.foldIds });
    if (reveal) {
      this._host.reveal(node.span);
    }
  }

  /** Opens a collapsed group or unfolds a "Block x N" fold. */
  private _open(node: VNode): void {
    if (node.kind === 'fold' && node.foldIds && this._fold) {
      this._fold.unfolded.add(node.foldIds[0]);
      this._host.foldChanged();
    } else if (node.kind === 'group' && node.layerId !== undefined) {
      this._toggleLayer(node.layerId, true);
    }
  }

  private _toggleLayer(layerId: string, open: boolean): void {
    const layer = this._index.get(layerId);
    if (!layer || !this._fold) {
      return;
    }
    setExpanded(layer, this._fold, open);
    if (!open) {
      // Collapsing an outer group also forgets openings inside it, like a tree view.
      for (const id of [...this._fold.expanded]) {
        if (id.startsWith(layerId + '.')) {
          this._fold.expanded.delete(id);
        }
      }
    }
    this._host.foldChanged();
  }

  private _setDepth(delta: number): void {
    if (!this._fold || !this._model) {
      return;
    }
    const max = Math.max(1, maxDepth(this._model));
    this._fold.depth = Math.max(1, Math.min(max, this._fold.depth + delta));
    this._fold.expanded.clear();
    this._fold.collapsed.clear();
    this._host.foldChanged();
  }

  private _zoomBy(factor: number): void {
    select(this._svg).call(this._zoom.scaleBy, factor);
  }

  /** The visible node standing for a layer: itself, or the collapsed group that hides it. */
  private _nodeForLayer(id: string): string | null {
    if (!this._graph) {
      return null;
    }
    let best: VNode | null = null;
    for (const n of this._graph.nodes) {
      if (n.layerId === id && n.kind === 'node') {
        return n.id;
      }
      if (n.kind === 'group' && n.layerId !== undefined && (id === n.layerId || id.startsWith(n.layerId + '.'))) {
        best = n;
      }
      if (n.kind === 'fold' && n.foldIds?.some(f => id === f || id.startsWith(f + '.'))) {
        best = n;
      }
    }
    return best?.id ?? null;
  }

  private _subtreeMatches(node: VNode, q: string): boolean {
    if (searchText(node).includes(q)) {
      return true;
    }
    if (node.kind === 'node' || node.layerId === undefined) {
      return false;
    }
    return (node.foldIds ?? [node.layerId]).some(id => this._subtreeOf(id).includes(q));
  }

  private _subtreeOf(layerId: string): string {
    let text = this._subtreeText.get(layerId);
    if (text === undefined) {
      const parts: string[] = [];
      const visit = (l: LayerInfo | undefined, depth: number) => {
        if (!l || depth > 64) {
          return;
        }
        parts.push(`${l.id} ${l.type} ${l.args ?? ''}`);
        l.children.forEach(c => visit(this._index.get(c), depth + 1));
      };
      visit(this._index.get(layerId), 0);
      text = parts.join('\n').toLowerCase();
      this._subtreeText.set(layerId, text);
    }
    return text;
  }

  private _applySearch(): void {
    const q = this._search.value.trim().toLowerCase();
    const trans = this._host.trans;
    this._matches = [];
    if (!q) {
      this._matchSet = null;
      this._paintSearch(this._drawnNodeSelection());
      this._svg.classList.remove('jp-mod-searching');
      this._matchCount.textContent = '';
      return;
    }
    // Every node of the graph, drawn or not (a large graph draws only those near the view).
    for (const p of this._placedList) {
      if (this._subtreeMatches(p.node, q)) {
        this._matches.push(p.node.id);
      }
    }
    this._matchSet = new Set(this._matches);
    this._paintSearch(this._drawnNodeSelection());
    this._svg.classList.add('jp-mod-searching');
    this._matchCount.textContent = this._matches.length ? trans._n('%1 match', '%1 matches', this._matches.length) : trans.__('no match');
  }

  private _nextMatch(step: number): void {
    if (!this._matches.length) {
      return;
    }
    this._matchCursor = (this._matchCursor + step + this._matches.length) % this._matches.length;
    const id = this._matches[this._matchCursor];
    const p = this._placed.get(id);
    if (p) {
      this._activate(p.node, false);
      this._centerOn(p);
      this._autoFitted = false; // the view follows the search now, not the fit
    }
  }

  private _centerOn(p: Placed, onlyIfHidden = false, zoomIn = true): void {
    const t = this._state?.transform ?? { k: 1, x: 0, y: 0 };
    const w = this._canvas.clientWidth;
    const h = this._canvas.clientHeight;
    const sx = p.x * t.k + t.x;
    const sy = p.y * t.k + t.y;
    if (onlyIfHidden && sx > 24 && sx < w - 24 && sy > 24 && sy < h - 24) {
      return;
    }
    const k = zoomIn ? Math.max(t.k, 0.6) : t.k;
    select(this._svg).call(this._zoom.transform, zoomIdentity.translate(w / 2 - p.x * k, h / 2 - p.y * k).scale(k));
  }

  /** Centres the view on a point of the drawing (the minimap). */
  private _panTo(x: number, y: number): void {
    const t = this._state?.transform ?? { k: 1, x: 0, y: 0 };
    const w = this._canvas.clientWidth;
    const h = this._canvas.clientHeight;
    this._autoFitted = false;
    // a click on the minimap's edge still shows the drawing's edge, not blank space
    x = Math.min(Math.max(x, 0), this._size.width);
    y = Math.min(Math.max(y, 0), this._size.height);
    select(this._svg).call(this._zoom.transform, zoomIdentity.translate(w / 2 - x * t.k, h / 2 - y * t.k).scale(t.k));
  }

  private _errorsOf(node: VNode): Diagnostic[] {
    return errorsOfNode(node, this._marks);
  }

  /** Shows or hides the input-shape prompt for the model drawn. */
  private _updatePrompt(): void {
    const show = this._inputPrompt.show;
    this._prompt.update(this._model, show, this._inputPrompt.given);
    this._placePrompt();
  }

  /** Puts the prompt beside the Input node (below it left-to-right), or centred without one. */
  private _placePrompt(): void {
    if (this._prompt.node.hidden) {
      return;
    }
    const input = [...this._placed.values()].find(p => p.node.kind === 'node' && p.node.category === 'input');
    if (!input || !this._graph?.nodes.length) {
      this._prompt.place(null);
      return;
    }
    const t = this._state?.transform ?? { k: 1, x: 0, y: 0 };
    const lr = this._direction === 'LR';
    const x = (lr ? input.x - input.w / 2 : input.x + input.w / 2 + 10) * t.k + t.x;
    const y = (lr ? input.y + input.h / 2 + 8 : input.y - input.h / 2) * t.k + t.y;
    const maxX = Math.max(4, this._canvas.clientWidth - this._prompt.node.offsetWidth - 4);
    const maxY = Math.max(4, this._canvas.clientHeight - this._prompt.node.offsetHeight - 4);
    this._prompt.place({ x: Math.min(Math.max(4, x), maxX), y: Math.min(Math.max(4, y), maxY) });
  }

  /** The minimap: shown for graphs larger than the view (unless turned off), kept in step. */
  private _updateMinimap(): void {
    const size = this._size;
    const w = this._canvas.clientWidth;
    const h = this._canvas.clientHeight;
    const large = !!this._graph && this._graph.nodes.length > 0 && (this._graph.nodes.length > MINIMAP_NODES || size.width > w * MINIMAP_VIEWS || size.height > h * MINIMAP_VIEWS);
    this._minimapButton.hidden = !large;
    this._minimapButton.setAttribute('aria-pressed', String(!this._minimapOff));
    this._minimapButton.title = this._minimapOff ? this._host.trans.__('Show the minimap') : this._host.trans.__('Hide the minimap');
    const show = large && !this._minimapOff;
    this._minimap.node.hidden = !show;
    this.node.dataset.minimap = String(show);
    if (!show) {
      return;
    }
    this._minimap.draw(
      [...this._placed.values()].map(p => ({ x: p.x, y: p.y, w: p.w, h: p.h, category: p.node.category, error: p.errors.length > 0 })),
      size.width,
      size.height
    );
    this._minimap.frame(this._state?.transform ?? { k: 1, x: 0, y: 0 }, w, h);
  }

  private _onKey = (event: KeyboardEvent): void => {
    if (event.target !== this._canvas) {
      return;
    }
    const current = this._selectedNode && this._placed.has(this._selectedNode) ? this._placed.get(this._selectedNode)! : null;
    const tb = this._direction !== 'LR';
    const go = (target: Placed | undefined | null) => {
      if (target) {
        this._activate(target.node, false);
        this._centerOn(target, true);
      }
    };
    const nodes = [...this._placed.values()];
    const along = (map: Map<string, string[]>) => alongFlow(nodes, current, current ? (map.get(current.node.id) ?? []).map(id => this._placed.get(id)!).filter(Boolean) : [], tb);
    const across = (dir: number) => acrossFlow(nodes, current, dir, tb);
    switch (event.key) {
      case 'ArrowDown':
        go(tb ? along(this._succ) : across(1));
        break;
      case 'ArrowUp':
        go(tb ? along(this._pred) : across(-1));
        break;
      case 'ArrowRight':
        go(tb ? across(1) : along(this._succ));
        break;
      case 'ArrowLeft':
        go(tb ? across(-1) : along(this._pred));
        break;
      case 'Enter':
        if (current) {
          this._activate(current.node, true);
        }
        break;
      case ' ':
        if (current && current.node.kind !== 'node') {
          this._open(current.node);
        } else if (current?.node.parent) {
          const layerId = current.node.parent.slice(2);
          this._toggleLayer(layerId, false);
        }
        break;
      case '+':
      case '=':
        this._zoomBy(1.3);
        break;
      case '-':
        this._zoomBy(1 / 1.3);
        break;
      case '0':
        this.fit();
        break;
      case '/':
        this.focusSearch();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  private _button(text: string, title: string, onClick: () => void): HTMLButtonElement {
    const b = el('button', 'jp-ArchLens-iconButton', text);
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', onClick);
    return b;
  }

  private get _keras(): boolean {
    return this._model?.framework === 'keras';
  }

  private _model: ModelIR | null = null;
  private _direction: 'TB' | 'LR' = 'TB';
  private _marks: ErrorMarks | null = null;
  private _inputPrompt: { show: boolean; given?: number[] } = { show: false };
  private _minimap: Minimap;
  private _minimapOff = false;
  private _minimapButton: HTMLButtonElement;
  private _directionButton: HTMLButtonElement;
  private _prompt: InputPrompt;
  private _fold: FoldState | null = null;
  private _settings: ViewSettings | null = null;
  private _state: GraphState | null = null;
  private _stateObj: GraphState | null = null;
  private _selected: string | null = null;
  private _selectedNode: string | null = null;
  private _cursor = new Set<string>();
  private _graph: VisibleGraph | null = null;
  private _index = new Map<string, LayerInfo>();
  private _subtreeText = new Map<string, string>();
  private _placed = new Map<string, Placed>();
  /** Everything laid out, in layout order; the DOM holds those inside `_window`. */
  private _placedList: Placed[] = [];
  private _clusterList: PlacedCluster[] = [];
  private _edgeList: PlacedEdge[] = [];
  private _windowed = false;
  private _window: Box | null = null;
  private _generation = 0;
  private _drawnNodes = 0;
  private _canvasSize = { width: 800, height: 600 };
  /** The node drawn as selected, the nodes under the cursor, the search's matches (null: no search). */
  private _selectedTarget: string | null = null;
  private _cursorHits = new Set<string>();
  private _matchSet: Set<string> | null = null;
  private _succ = new Map<string, string[]>();
  private _pred = new Map<string, string[]>();
  private _matches: string[] = [];
  private _matchCursor = -1;
  private _size = { width: 0, height: 0 };
  private _needsFit = false;
  private _needsReadable = false;
  /** The view was fitted automatically and not touched since: refit when resized. */
  private _autoFitted = false;
  private _autoReadable = false;
  private _fittedWidth = 0;
  private _fittedHeight = 0;
  /** No click, key or new selection in the graph since the last automatic fit. */
  private _fitUntouched = false;
  private _ready: Promise<void> = Promise.resolve();
  private _layout = new LayoutClient();
  private _markerId = 'jp-ArchLens-arrow-' + Private.nextId();
  private _search: HTMLInputElement;
  private _matchCount: HTMLElement;
  private _depthDown: HTMLButtonElement;
  private _depthUp: HTMLButtonElement;
  private _depthValue: HTMLOutputElement;
  private _canvas: HTMLElement;
  private _svg: SVGSVGElement;
  private _viewport: Selection<SVGGElement, unknown, null, undefined>;
  private _zoom: ZoomBehavior<SVGSVGElement, unknown>;
  private _notice: HTMLElement;
  private _busy: HTMLElement;
  private _live: HTMLElement;
  private _legend: HTMLElement;
  private _resize: ResizeObserver;
}

