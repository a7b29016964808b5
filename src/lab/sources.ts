// Document sources: adapt a notebook panel or a Python file editor to "a list of cell texts
// that changes" plus "go to this span". The model only talks to this interface, so the panel
// works the same for notebooks, .py editors and files read for inspection without a kernel.
import type { CellInput, Span } from '../core/ir';
import { ISignal, Signal } from '@lumino/signaling';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDocumentWidget } from '@jupyterlab/docregistry';
import type { FileEditor } from '@jupyterlab/fileeditor';
import type { CodeEditor } from '@jupyterlab/codeeditor';

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
  /**
   * Kernelspec name whose environment's installed libraries are read ('' = the server's
   * default kernel), or null when the document is not Python. Read from the document's
   * metadata only: no kernel or session is looked at.
   */
  readonly kernel: string | null;
  cells(): CellInput[];
  /** Scroll to the span, select its cell and highlight its first line. */
  reveal(span: Span): void;
  dispose(): void;
  readonly isDisposed: boolean;
}

/** What every source shares: a change signal, a label from the path, disposal. */
abstract class BaseSource implements IDocumentSource {
  abstract readonly path: string;
  abstract readonly kernel: string | null;
  abstract readonly canReveal: boolean;
  abstract cells(): CellInput[];
  abstract reveal(span: Span): void;

  get label(): string {
    return this.path.split('/').pop() ?? this.path;
  }

  get changed(): ISignal<IDocumentSource, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    Signal.clearData(this);
  }

  protected emitChanged(): void {
    if (!this._disposed) {
      this._changed.emit();
    }
  }

  private _changed = new Signal<IDocumentSource, void>(this);
  private _disposed = false;
}

/** Selects the whole `line` of an editor and scrolls it into view. */
function selectLine(editor: CodeEditor.IEditor, line: number): void {
  const l = Math.min(line, Math.max(0, editor.lineCount - 1));
  const text = editor.getLine(l) ?? '';
  editor.setSelection({ start: { line: l, column: 0 }, end: { line: l, column: text.length } });
  editor.revealPosition({ line: l, column: 0 });
}

export class NotebookSource extends BaseSource {
  constructor(readonly panel: NotebookPanel) {
    super();
    const model = panel.content.model;
    model?.contentChanged.connect(this.emitChanged, this);
    model?.cells.changed.connect(this.emitChanged, this);
    panel.disposed.connect(() => this.dispose());
  }

  get path(): string {
    return this.panel.context.path;
  }

  get kernel(): string | null {
    const spec = this.panel.content.model?.getMetadata('kernelspec') as { name?: unknown; language?: unknown } | undefined;
    if (spec && typeof spec.language === 'string' && spec.language.toLowerCase() !== 'python') {
      return null;
    }
    return spec && typeof spec.name === 'string' ? spec.name : '';
  }

  readonly canReveal = true;

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
      if (cell.editor) {
        selectLine(cell.editor, span.startLine);
      }
    });
  }
}

export class EditorSource extends BaseSource {
  constructor(readonly widget: IDocumentWidget<FileEditor>) {
    super();
    widget.content.model.sharedModel.changed.connect(this.emitChanged, this);
    widget.disposed.connect(() => this.dispose());
  }

  get path(): string {
    return this.widget.context.path;
  }

  /** A Python file runs in the default kernel's environment; other files read none. */
  get kernel(): string | null {
    return this.path.toLowerCase().endsWith('.py') ? '' : null;
  }

  readonly canReveal = true;

  cells(): CellInput[] {
    return [{ id: this.path, kind: 'code', source: this.widget.content.model.sharedModel.getSource() }];
  }

  reveal(span: Span): void {
    const editor = this.widget.content.editor;
    selectLine(editor, span.startLine);
    editor.focus();
  }
}

/** A read-only snapshot of a file's text, read through the contents API (no kernel). */
export class SnapshotSource extends BaseSource {
  constructor(
    readonly path: string,
    private readonly _cells: CellInput[],
    readonly loadError?: string,
    readonly kernel: string | null = null
  ) {
    super();
  }

  get label(): string {
    return super.label + ' (inspect)';
  }

  readonly canReveal = false;

  cells(): CellInput[] {
    return this._cells;
  }

  reveal(): void {
    // Nothing is open to navigate to: inspection does not open the document.
  }
}
