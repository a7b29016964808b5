// The panel's state machine: which document it follows, whether the analysis is up to date,
// and the latest IR. It debounces edits, keeps one analysis in flight and re-runs once when
// edits arrived meanwhile (coalescing), and drops results for documents no longer shown.
// Each request carries the values given for that document only (from the view-state store).
// Does not: touch the DOM, or keep values of its own across documents.
import { ISignal, Signal } from '@lumino/signaling';
import type { ArchitectureIR, Framework } from '../core/ir';
import { AnalysisClient } from './client';
import type { IDocumentSource } from './sources';
import { ViewStateStore } from './state';

export type Status = 'empty' | 'analysing' | 'ok' | 'problems' | 'failed';

export interface ModelState {
  status: Status;
  source: IDocumentSource | null;
  ir: ArchitectureIR | null;
  /** Worker time of the last analysis in ms. */
  ms: number;
  /** Set when the analysis failed as a whole (worker error, watchdog). */
  error: string | null;
  /** Incremented on every finished analysis; views use it to notice updates. */
  version: number;
}

export class ArchLensModel {
  constructor(options: { client: AnalysisClient; debounceMs: number; store?: ViewStateStore }) {
    this._client = options.client;
    this.debounceMs = options.debounceMs;
    this.store = options.store ?? new ViewStateStore();
  }

  /** View state and given values per (document, model). */
  readonly store: ViewStateStore;

  debounceMs: number;

  get stateChanged(): ISignal<ArchLensModel, ModelState> {
    return this._stateChanged;
  }

  get state(): ModelState {
    return this._state;
  }

  /** Name of the model the user picked in the panel (exports act on it), if any. */
  selectedModel: string | null = null;

  /** Whether installed libraries are read from the document's kernel environment (setting). */
  readLibraries = true;

  setSource(source: IDocumentSource | null): void {
    if (source === this._state.source) {
      return;
    }
    this._state.source?.changed.disconnect(this._onChanged, this);
    source?.changed.connect(this._onChanged, this);
    this._rawIr = null;
    if (source?.loadError) {
      this._update({ source, ir: null, error: source.loadError, status: 'failed', version: this._state.version + 1 });
      return;
    }
    this._update({ source, ir: null, error: null, status: source ? 'analysing' : 'empty' });
    if (source) {
      this.refresh(0);
    }
  }

  /** Schedule an analysis after `delay` ms (the debounce by default). */
  refresh(delay = this.debounceMs): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._run();
    }, delay);
  }

  dispose(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    this._state.source?.changed.disconnect(this._onChanged, this);
    this._client.dispose();
    Signal.clearData(this);
  }

  private _onChanged(): void {
    if (this._state.status !== 'analysing') {
      this._update({ status: 'analysing' });
    }
    this.refresh();
  }

  private async _run(): Promise<void> {
    if (this._inFlight) {
      this._dirty = true;
      return;
    }
    const source = this._state.source;
    if (!source || source.isDisposed) {
      return;
    }
    this._inFlight = true;
    this._dirty = false;
    this._update({ status: 'analysing' });
    try {
      const kernel = this.readLibraries ? source.kernel : null;
      // Only this document's given values: a value typed for one notebook never reaches another.
      const values = this.store.requestValues(source.path);
      const result = await this._client.analyze({
        cells: source.cells(),
        symbols: values.symbols,
        inputShapes: values.inputShapes,
        ...(kernel === null ? {} : { environment: kernel })
      });
      this.store.noteAnalysis(source.path, result.ir);
      if (source === this._state.source) {
        this._rawIr = result.ir;
        this._publish(result.ms);
      }
    } catch (error) {
      if (source === this._state.source) {
        this._update({ status: 'failed', error: String((error as Error)?.message ?? error), version: this._state.version + 1 });
      }
    } finally {
      this._inFlight = false;
      if (this._dirty) {
        void this._run();
      }
    }
  }

  /** Frameworks whose models are shown (the `frameworks` setting). */
  get frameworks(): Framework[] {
    return this._frameworks;
  }

  set frameworks(value: Framework[]) {
    this._frameworks = [...value];
    if (this._rawIr && this._state.source) {
      this._publish(this._state.ms);
    }
  }

  /** Shows the last analysis, keeping only the models of the enabled frameworks. */
  private _publish(ms: number): void {
    const raw = this._rawIr!;
    // the IR may be shared with the worker's cache: build a filtered copy, never mutate it
    const ir: ArchitectureIR = { ...raw, models: raw.models.filter(m => this._frameworks.includes(m.framework)) };
    const problems = ir.diagnostics.some(d => d.severity === 'error') || ir.models.some(m => m.diagnostics.some(d => d.severity === 'error'));
    this._update({ ir, ms, error: null, status: problems ? 'problems' : 'ok', version: this._state.version + 1 });
  }

  private _update(patch: Partial<ModelState>): void {
    this._state = { ...this._state, ...patch };
    this._stateChanged.emit(this._state);
  }

  private _client: AnalysisClient;
  private _rawIr: ArchitectureIR | null = null;
  private _frameworks: Framework[] = ['pytorch', 'keras'];
  private _state: ModelState = { status: 'empty', source: null, ir: null, ms: 0, error: null, version: 0 };
  private _stateChanged = new Signal<ArchLensModel, ModelState>(this);
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _inFlight = false;
  private _dirty = false;
}
