// Document sources: adapt a notebook panel or a Python file editor to "a list of cell texts
// that changes" plus "go to this span". The model only talks to this interface, so the panel
// works the same for notebooks, .py editors and files read for inspection without a kernel.
import type { CellInput, Span } from '../core/ir';
import { ISignal, Signal } from '@lumino/signaling';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDocumentWidget } from '@jupyterlab/docregistry';
import type { FileEditor } from '@jupyterlab/fileeditor';

export interface IDocumentSource {
  /** Shown in the panel header. */
  readonly label: string;
  /** Path of the document, for reading local imports next to it. */
  readonly path: string;
  /** Emitted when any cell text, or the list of cells, changes. */
  readonly changed: ISignal<IDocumentSource, void>;
  /** Whether `reveal` can navigate (false for read-only inspection). */
  readonly canReveal: boolean;
  /** Set when the document could not be read at all (malformed notebook, binary file...). */
  readonly loadError?: string;
  cells(): CellInput[];
  /** Scroll to the span, select its cell and highlight its first line. */
  reveal(span: Span): void;
  dispose(): void;
  readonly isDisposed: boolean;
}

export class NotebookSource implements IDocumentSource {
  constructor(readonly panel: NotebookPanel) {
    const model = panel.content.model;
    model?.contentChanged.connect(this._emit, this);
    model?.cells.changed.connect(this._emit, this);
    panel.disposed.connect(() => this.dispose());
  }

  get label(): string {
    return this.panel.context.localPath.split('/').pop() ?? this.panel.context.localPath;
  }

  get path(): string {
    return this.panel.context.path;
  }

  get changed(): ISignal<IDocumentSource, void> {
    return this._changed;
  }

  readonly canReveal = true;

  get isDisposed(): boolean {
    return this._disposed;
  }

  cells(): CellInput[] {
    const model = this.panel.content.model;
    if (!model) {
      return [];
    }
    const out: CellInput[] = [];
    for (let i = 0; i < model.cells.length; i++) {
      const cell = model.cells.get(i);
      const kind = cell.type === 'code' ? 'code' : cell.type === 'markdown' ? 'markdown' : 'raw';
      out.push({ id: cell.id, kind, source: cell.sharedModel.getSource() });
    }
    return out;
  }

  reveal(span: Span): void {
    const notebook = this.panel.content;
    const model = notebook.model;
    if (!model) {
      return;
    }
    let index = span.cell;
    if (span.cellId) {
      for (let i = 0; i < model.cells.length; i++) {
        if (model.cells.get(i).id === span.cellId) {
          index = i;
          break;
        }
      }
    }
    if (index < 0 || index >= notebook.widgets.length) {
      return;
    }
    notebook.deselectAll();
    notebook.activeCellIndex = index;
    const cell = notebook.widgets[index];
    void notebook.scrollToItem(index, 'smart').then(() => {
      const editor = cell.editor;
      if (!editor) {
        return;
      }
      const line = Math.min(span.startLine, Math.max(0, editor.lineCount - 1));
      const lineText = editor.getLine(line) ?? '';
      editor.setSelection({ start: { line, column: 0 }, end: { line, column: lineText.length } });
      editor.revealPosition({ line, column: 0 });
    });
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    Signal.clearData(this);
  }

  private _emit(): void {
    if (!this._disposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<IDocumentSource, void>(this);
  private _disposed = false;
}

export class EditorSource implements IDocumentSource {
  constructor(readonly widget: IDocumentWidget<FileEditor>) {
    widget.content.model.sharedModel.changed.connect(this._emit, this);
    widget.disposed.connect(() => this.dispose());
  }

  get label(): string {
    return this.widget.context.localPath.split('/').pop() ?? this.widget.context.localPath;
  }

  get path(): string {
    return this.widget.context.path;
  }

  get changed(): ISignal<IDocumentSource, void> {
    return this._changed;
  }

  readonly canReveal = true;

  get isDisposed(): boolean {
    return this._disposed;
  }

  cells(): CellInput[] {
    return [{ id: this.path, kind: 'code', source: this.widget.content.model.sharedModel.getSource() }];
  }

  reveal(span: Span): void {
    const editor = this.widget.content.editor;
    const line = Math.min(span.startLine, Math.max(0, editor.lineCount - 1));
    const lineText = editor.getLine(line) ?? '';
    editor.setSelection({ start: { line, column: 0 }, end: { line, column: lineText.length } });
    editor.revealPosition({ line, column: 0 });
    editor.focus();
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    Signal.clearData(this);
  }

  private _emit(): void {
    if (!this._disposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<IDocumentSource, void>(this);
  private _disposed = false;
}

/** A read-only snapshot of a file's text, read through the contents API (no kernel). */
export class SnapshotSource implements IDocumentSource {
  constructor(
    readonly path: string,
    private readonly _cells: CellInput[],
    readonly loadError?: string
  ) {}

  get label(): string {
    return (this.path.split('/').pop() ?? this.path) + ' (inspect)';
  }

  get changed(): ISignal<IDocumentSource, void> {
    return this._changed;
  }

  readonly canReveal = false;

  get isDisposed(): boolean {
    return this._disposed;
  }

  cells(): CellInput[] {
    return this._cells;
  }

  reveal(): void {
    // Nothing is open to navigate to: inspection does not open the document.
  }

  dispose(): void {
    this._disposed = true;
    Signal.clearData(this);
  }

  private _changed = new Signal<IDocumentSource, void>(this);
  private _disposed = false;
}
