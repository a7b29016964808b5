// The panel's view state per (document, model): the input shape given for a model, its search
// text, fold state, selection and zoom; per document, the values given for the symbols the
// notebook leaves open and the model shown. A closed and reopened notebook gets its own back,
// and nothing typed for one notebook reaches another (state is looked up by document path
// first). Serialised as one JSON list for JupyterLab's state database.
// Symbol values are per document on purpose: a symbol is a notebook variable
// (`num_classes = len(classes)`), so every model of that notebook that reads it reads the same
// value; which models read it is recorded (`uses`), so each model's form and exports name only
// the values that model used.
// Does not: touch the DOM, run analyses, or key a plain object by user text (paths, model
// names and symbols live in Maps and arrays).
import { ISignal, Signal } from '@lumino/signaling';
import type { ArchitectureIR } from '../core/ir';
import { modelKey } from '../core/ir/model-key';
import { createFoldState, FoldState } from './views/tree';

/** Per-model view state. */
export interface ModelViewState {
  fold: FoldState;
  search: string;
  /** Selected layer id. */
  selected: string | null;
  /** Graph zoom and pan. */
  transform?: { k: number; x: number; y: number };
  /** Input shape the user gave for this model. */
  inputShape?: number[];
  /** Graph direction chosen for this model (the setting when absent). */
  direction?: 'TB' | 'LR';
}

export interface DocumentViewState {
  /** Values given for symbols (notebook variables), by symbol name. */
  symbols: Map<string, number>;
  /** Symbols each model reads (model key -> names), kept while their values are given. */
  uses: Map<string, Set<string>>;
  models: Map<string, ModelViewState>;
  /** Key of the model shown. */
  current: string | null;
  /** Show the diagnostics of the whole notebook rather than the model's. */
  allDiagnostics: boolean;
  /** Increases on every use; the least recently used documents are dropped first. */
  used: number;
}

/** Values to send with an analysis request. */
export interface RequestValues {
  symbols: Array<[string, number]>;
  inputShapes: Array<[string, number[]]>;
}

/** What a model's numbers were computed with beyond the notebook itself. */
export interface GivenValues {
  symbols: Array<[string, number]>;
  inputShape?: number[];
}

/**
 * The key of a model within its document (core/ir/model-key.ts): its name, with where it was
 * bound for an earlier model whose name was bound again (`rebound`). Every lookup goes
 * through here.
 */
export { modelKey };

/** Stored forms of the view state (plain JSON). */
export interface StoredModel {
  depth: number;
  expanded: string[];
  collapsed: string[];
  unfolded: string[];
  search: string;
  selected: string | null;
  transform?: [number, number, number];
  inputShape?: number[];
  direction?: 'TB' | 'LR';
}

export interface StoredDocument {
  symbols: Array<[string, number]>;
  uses: Array<[string, string[]]>;
  models: Array<[string, StoredModel]>;
  current: string | null;
  allDiagnostics: boolean;
}

/** What the state database holds (one key). */
export interface StoredViewState {
  version: 1;
  documents: Array<[string, StoredDocument]>;
}

/** Bounds on what is kept, so the state database stays small whatever is typed. */
export const STATE_LIMITS = {
  documents: 64,
  modelsPerDocument: 64,
  symbolsPerDocument: 64,
  idsPerSet: 2000,
  text: 200,
  shapeDims: 8
};

export class ViewStateStore {
  constructor(collapseDepth = 2) {
    this._collapseDepth = collapseDepth;
  }

  /** Emitted when anything worth saving changed. */
  get changed(): ISignal<ViewStateStore, void> {
    return this._changed;
  }

  /** The default collapse depth for models seen for the first time. */
  get collapseDepth(): number {
    return this._collapseDepth;
  }

  /** A new default depth: every model's fold state starts over at it. */
  set collapseDepth(depth: number) {
    if (depth === this._collapseDepth) {
      return;
    }
    this._collapseDepth = depth;
    for (const doc of this._docs.values()) {
      for (const m of doc.models.values()) {
        m.fold = createFoldState(depth);
      }
    }
    this.notify();
  }

  /** The state of a document, created on first use. */
  document(path: string): DocumentViewState {
    let doc = this._docs.get(path);
    if (!doc) {
      doc = { symbols: new Map(), uses: new Map(), models: new Map(), current: null, allDiagnostics: false, used: ++this._clock };
      this._docs.set(path, doc);
      this._trim();
    }
    doc.used = ++this._clock;
    return doc;
  }

  has(path: string): boolean {
    return this._docs.has(path);
  }

  /** The state of one model of a document, created on first use. */
  model(path: string, key: string): ModelViewState {
    const doc = this.document(path);
    let state = doc.models.get(key);
    if (!state) {
      state = { fold: createFoldState(this._collapseDepth), search: '', selected: null };
      doc.models.set(key, state);
      if (doc.models.size > STATE_LIMITS.modelsPerDocument) {
        const oldest = doc.models.keys().next().value;
        if (oldest !== undefined && oldest !== key) {
          doc.models.delete(oldest);
        }
      }
    }
    return state;
  }

  /** Symbol values and input shapes of a document, for its analysis request. */
  requestValues(path: string): RequestValues {
    const doc = this._docs.get(path);
    if (!doc) {
      return { symbols: [], inputShapes: [] };
    }
    const inputShapes: Array<[string, number[]]> = [];
    for (const [key, m] of doc.models) {
      if (m.inputShape) {
        inputShapes.push([key, [...m.inputShape]]);
      }
    }
    return { symbols: [...doc.symbols.entries()], inputShapes };
  }

  /** The given values a model's numbers used: the symbols it reads, its input shape. */
  given(path: string, key: string): GivenValues {
    const doc = this._docs.get(path);
    if (!doc) {
      return { symbols: [] };
    }
    const uses = doc.uses.get(key) ?? new Set<string>();
    const symbols = [...doc.symbols.entries()].filter(([name]) => uses.has(name)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const shape = doc.models.get(key)?.inputShape;
    return shape ? { symbols, inputShape: [...shape] } : { symbols };
  }

  /** Symbols a model reads (open ones and those given a value). */
  symbolsOf(path: string, key: string): string[] {
    return [...(this._docs.get(path)?.uses.get(key) ?? [])].sort();
  }

  /**
   * Gives values to symbols of a document (a value of null forgets it) and the input shape of
   * one model (null forgets it; undefined leaves it as it is).
   */
  setValues(path: string, key: string, symbols: Array<[string, number | null]>, inputShape?: number[] | null): void {
    const doc = this.document(path);
    for (const [name, value] of symbols) {
      if (value === null) {
        doc.symbols.delete(name);
      } else if (Number.isSafeInteger(value) && value >= 0 && name.length <= STATE_LIMITS.text && (doc.symbols.has(name) || doc.symbols.size < STATE_LIMITS.symbolsPerDocument)) {
        doc.symbols.set(name, value);
      }
    }
    if (inputShape !== undefined) {
      const m = this.model(path, key);
      if (inputShape === null) {
        delete m.inputShape;
      } else {
        m.inputShape = [...inputShape];
      }
    }
    this.notify();
  }

  /**
   * Records which symbols each model reads after an analysis of `path`: the symbols still
   * open in it, plus those it read before that now have a value (they are no longer open, so
   * the IR no longer names them).
   */
  noteAnalysis(path: string, ir: ArchitectureIR): void {
    const doc = this._docs.get(path);
    const given = doc?.symbols ?? new Map<string, number>();
    const before = doc?.uses ?? new Map<string, Set<string>>();
    const uses = new Map<string, Set<string>>();
    // A model missing from this analysis (a notebook still loading, an edit half typed) keeps
    // the given symbols it read.
    for (const [key, names] of before) {
      const kept = [...names].filter(name => given.has(name));
      if (kept.length) {
        uses.set(key, new Set(kept));
      }
    }
    for (const m of ir.models) {
      const key = modelKey(m);
      const names = new Set<string>(m.symbols ?? []);
      for (const name of before.get(key) ?? []) {
        if (given.has(name)) {
          names.add(name);
        }
      }
      if (names.size) {
        uses.set(key, names);
      } else {
        uses.delete(key);
      }
    }
    if (!doc && uses.size === 0) {
      return;
    }
    const target = doc ?? this.document(path);
    if (!Private.sameUses(target.uses, uses)) {
      target.uses = uses;
      this.notify();
    }
  }

  /** The document was renamed: its state follows it. */
  rename(oldPath: string, newPath: string): void {
    const doc = this._docs.get(oldPath);
    if (!doc || oldPath === newPath) {
      return;
    }
    this._docs.delete(oldPath);
    this._docs.set(newPath, doc);
    this.notify();
  }

  /** Call after changing a state object in place (fold, search, selection, zoom). */
  notify(): void {
    this._changed.emit();
  }

  /** Plain JSON for the state database: `{version, documents: [[path, state], ...]}`. */
  toJSON(): StoredViewState {
    const documents: Array<[string, StoredDocument]> = [];
    const order = [...this._docs.entries()].sort((a, b) => b[1].used - a[1].used);
    for (const [path, doc] of order) {
      const models: Array<[string, StoredModel]> = [];
      for (const [key, m] of doc.models) {
        const stored: StoredModel = {
          depth: m.fold.depth,
          expanded: [...m.fold.expanded],
          collapsed: [...m.fold.collapsed],
          unfolded: [...m.fold.unfolded],
          search: m.search,
          selected: m.selected
        };
        if (m.transform) {
          stored.transform = [m.transform.k, m.transform.x, m.transform.y];
        }
        if (m.inputShape) {
          stored.inputShape = [...m.inputShape];
        }
        if (m.direction) {
          stored.direction = m.direction;
        }
        models.push([key, stored]);
      }
      documents.push([
        path,
        {
          symbols: [...doc.symbols.entries()],
          uses: [...doc.uses.entries()].map(([k, v]) => [k, [...v]] as [string, string[]]),
          models,
          current: doc.current,
          allDiagnostics: doc.allDiagnostics
        }
      ]);
    }
    return { version: 1, documents };
  }

  /** Restores what toJSON wrote; anything malformed is skipped, never trusted. */
  restore(data: unknown): void {
    const root = data as StoredViewState | null;
    if (!root || typeof root !== 'object' || root.version !== 1 || !Array.isArray(root.documents)) {
      return;
    }
    const L = STATE_LIMITS;
    const docs = root.documents.slice(0, L.documents).reverse(); // oldest first: the clock ends on the newest
    for (const entry of docs) {
      if (!Array.isArray(entry) || !Private.isText(entry[0], 4096) || !entry[1] || typeof entry[1] !== 'object') {
        continue;
      }
      const [path, stored] = entry as [string, StoredDocument];
      const doc = this.document(path);
      for (const s of Private.list(stored.symbols, L.symbolsPerDocument)) {
        if (Array.isArray(s) && Private.isText(s[0], L.text) && Number.isSafeInteger(s[1]) && (s[1] as number) >= 0) {
          doc.symbols.set(s[0] as string, s[1] as number);
        }
      }
      for (const u of Private.list(stored.uses, L.modelsPerDocument)) {
        if (Array.isArray(u) && Private.isText(u[0], L.text) && Array.isArray(u[1])) {
          doc.uses.set(u[0] as string, new Set(Private.texts(u[1], L.symbolsPerDocument)));
        }
      }
      for (const m of Private.list(stored.models, L.modelsPerDocument)) {
        if (!Array.isArray(m) || !Private.isText(m[0], L.text) || !m[1] || typeof m[1] !== 'object') {
          continue;
        }
        const s = m[1] as StoredModel;
        const depth = Number.isInteger(s.depth) && s.depth >= 1 && s.depth <= 64 ? s.depth : this._collapseDepth;
        const state: ModelViewState = {
          fold: {
            depth,
            expanded: new Set(Private.texts(s.expanded, L.idsPerSet)),
            collapsed: new Set(Private.texts(s.collapsed, L.idsPerSet)),
            unfolded: new Set(Private.texts(s.unfolded, L.idsPerSet))
          },
          search: Private.isText(s.search, L.text) ? s.search : '',
          selected: Private.isText(s.selected, 4096) ? s.selected : null
        };
        if (Array.isArray(s.transform) && s.transform.length === 3 && s.transform.every(v => Number.isFinite(v)) && s.transform[0] > 0) {
          state.transform = { k: s.transform[0], x: s.transform[1], y: s.transform[2] };
        }
        if (Array.isArray(s.inputShape) && s.inputShape.length >= 1 && s.inputShape.length <= L.shapeDims && s.inputShape.every(d => Number.isSafeInteger(d) && d > 0)) {
          state.inputShape = [...s.inputShape];
        }
        if (s.direction === 'TB' || s.direction === 'LR') {
          state.direction = s.direction;
        }
        doc.models.set(m[0] as string, state);
      }
      doc.current = Private.isText(stored.current, L.text) ? stored.current : null;
      doc.allDiagnostics = stored.allDiagnostics === true;
    }
  }

  private _trim(): void {
    while (this._docs.size > STATE_LIMITS.documents) {
      let oldest: string | null = null;
      let when = Infinity;
      for (const [path, doc] of this._docs) {
        if (doc.used < when) {
          when = doc.used;
          oldest = path;
        }
      }
      if (oldest === null) {
        return;
      }
      this._docs.delete(oldest);
    }
  }

  private _collapseDepth: number;
  private _docs = new Map<string, DocumentViewState>();
  private _clock = 0;
  private _changed = new Signal<ViewStateStore, void>(this);
}

namespace Private {
  export function isText(v: unknown, max: number): v is string {
    return typeof v === 'string' && v.length <= max;
  }

  export function list(v: unknown, max: number): unknown[] {
    return Array.isArray(v) ? v.slice(0, max) : [];
  }

  export function texts(v: unknown, max: number): string[] {
    return list(v, max).filter((x): x is string => isText(x, 4096));
  }

  export function sameUses(a: Map<string, Set<string>>, b: Map<string, Set<string>>): boolean {
    if (a.size !== b.size) {
      return false;
    }
    for (const [k, s] of a) {
      const t = b.get(k);
      if (!t || t.size !== s.size || [...s].some(x => !t.has(x))) {
        return false;
      }
    }
    return true;
  }
}
