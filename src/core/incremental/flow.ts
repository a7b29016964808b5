// Records how global names flow between cells while the interpreter runs: for each cell, the
// global names it read whose binding came from another cell (and which cell that was, -1 when
// the name was unbound or a builtin), and the names it bound. incremental/deps.ts groups cells
// from this record; analyzer.ts checks a partial run's record against it before trusting it.
// Reads and binds inside functions count for the cell that called them, so a helper reading a
// global when it is called ties the calling cell to that global's cell.
// Does not: decide anything, or see library modules' own globals.

/** Notebook index of no cell (before the first cell, or while models are built). */
export const NO_CELL = -1;

/**
 * A pseudo-global for state a framework keeps across the whole notebook (Keras numbers its
 * auto-named layers notebook-wide): using that state reads and writes it; code that may have
 * changed it unseen (code the interpreter skipped) writes it.
 */
export const FRAMEWORK_STATE = '\u0000framework state';

/**
 * A pseudo-global for the state of installed library modules read as source (their module
 * namespaces, registries filled at import time): a cell that imports such a module, or reaches
 * one already imported, reads and writes it, so every cell that can see library state is in
 * one group and an edit elsewhere reuses the library's models without re-running its imports.
 */
export const LIBRARY_STATE = '\u0000library state';

export class GlobalFlow {
  /** Notebook index of the cell running now, NO_CELL outside cells. */
  current = NO_CELL;
  /** Cell that last bound each global name in this run. */
  readonly binder = new Map<string, number>();
  /** Per cell: global names read from outside it, with the cell that had bound them. */
  readonly reads = new Map<number, Map<string, number>>();
  /** Per cell: global names it bound (assignment, def, class, import, del, havoc). */
  readonly binds = new Map<number, Set<string>>();
  /** Reads made while building models: model binding cell -> name -> binding cell at the end. */
  readonly buildReads = new Map<number, Map<string, number>>();
  /** The binding cell of the model being built (NO_CELL when not building). */
  building = NO_CELL;

  read(name: string): void {
    const src = this.binder.get(name) ?? NO_CELL;
    if (this.current !== NO_CELL) {
      if (src !== this.current) {
        firstRead(this.reads, this.current, name, src);
      }
    } else if (this.building !== NO_CELL) {
      firstRead(this.buildReads, this.building, name, src);
    }
  }

  /** A cell's effect on a pseudo-global (ignored outside cells). */
  touch(name: string, read: boolean): void {
    if (this.current === NO_CELL) {
      return;
    }
    if (read) {
      this.read(name);
    }
    this.bind(name);
  }

  /** Set when code outside the cells (a model's forward while building) bound a global. */
  boundOutsideCells = false;

  bind(name: string): void {
    if (this.current === NO_CELL) {
      this.boundOutsideCells = true;
      return;
    }
    this.binder.set(name, this.current);
    let s = this.binds.get(this.current);
    if (!s) {
      s = new Set();
      this.binds.set(this.current, s);
    }
    s.add(name);
  }
}

/** Records the first read of `name` by `reader` (later reads of it say nothing new). */
function firstRead(into: Map<number, Map<string, number>>, reader: number, name: string, src: number): void {
  let m = into.get(reader);
  if (!m) {
    m = new Map();
    into.set(reader, m);
  }
  if (!m.has(name)) {
    m.set(name, src);
  }
}
