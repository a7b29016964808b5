// Follows the text cursor of the document the panel shows: the active notebook cell's editor
// (re-attached when the active cell changes) or a Python file editor. Reports the cell and
// line so the panel can highlight the layers defined there. Read-only: never moves the cursor.
import type { CodeEditor } from '@jupyterlab/codeeditor';
import type { IObservableMap } from '@jupyterlab/observables';
import { EditorSource, IDocumentSource, NotebookSource } from '../sources';

export interface CursorPosition {
  cell: number;
  cellId?: string;
  line: number;
}

export class CursorTracker {
  constructor(private readonly _onChange: (pos: CursorPosition | null) => void) {}

  setSource(source: IDocumentSource | null): void {
    if (source === this._source) {
      return;
    }
    this._detach();
    this._source = source;
    if (source instanceof NotebookSource) {
      const notebook = source.panel.content;
      notebook.activeCellChanged.connect(this._onActiveCell, this);
      this._onActiveCell();
    } else if (source instanceof EditorSource) {
      this._attachEditor(source.widget.content.editor, 0, source.path);
    } else {
      this._onChange(null);
    }
  }

  dispose(): void {
    this._detach();
    this._source = null;
  }

  private _onActiveCell(): void {
    const source = this._source;
    if (!(source instanceof NotebookSource)) {
      return;
    }
    const notebook = source.panel.content;
    const cell = notebook.activeCell;
    this._detachEditor();
    if (!cell || !cell.editor) {
      // The editor of a cell may not exist yet while the notebook renders lazily.
      if (cell) {
        void cell.ready.then(() => {
          if (this._source === source && notebook.activeCell === cell && cell.editor) {
            this._attachEditor(cell.editor, notebook.activeCellIndex, cell.model.id);
          }
        });
      }
      return;
    }
    this._attachEditor(cell.editor, notebook.activeCellIndex, cell.model.id);
  }

  private _attachEditor(editor: CodeEditor.IEditor, cell: number, cellId: string): void {
    this._detachEditor();
    const selections = editor.model.selections;
    const report = () => {
      const pos = editor.getCursorPosition();
      this._onChange({ cell, cellId, line: pos.line });
    };
    const onSelections = (_: IObservableMap<CodeEditor.ITextSelection[]>) => report();
    selections.changed.connect(onSelections);
    this._detachEditor = () => {
      selections.changed.disconnect(onSelections);
      this._detachEditor = () => undefined;
    };
    if (editor.hasFocus()) {
      report();
    }
  }

  private _detach(): void {
    this._detachEditor();
    if (this._source instanceof NotebookSource && !this._source.isDisposed) {
      this._source.panel.content.activeCellChanged.disconnect(this._onActiveCell, this);
    }
  }

  private _detachEditor: () => void = () => undefined;
  private _source: IDocumentSource | null = null;
}
