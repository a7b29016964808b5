// Writes a model's summary into the notebook as a markdown cell right after the cell that
// defines it, or updates the summary cell an earlier export made (found by its marker).
// Only cell text is changed; nothing is executed.
import type { NotebookPanel } from '@jupyterlab/notebook';
import { MarkdownCell } from '@jupyterlab/cells';
import type { ModelIR } from '../core/ir';
import { isSummaryFor, summaryCell } from '../core/export/summary-cell';
import { modelKey } from '../core/ir/model-key';

/** Returns the index of the summary cell that was written. */
export function writeSummaryCell(panel: NotebookPanel, model: ModelIR): number {
  const notebook = panel.content;
  const nbModel = notebook.model;
  if (!nbModel) {
    throw new Error('the notebook is not loaded');
  }
  const text = summaryCell(model);
  const cells = nbModel.sharedModel;
  let index = -1;
  for (let i = 0; i < nbModel.cells.length; i++) {
    const cell = nbModel.cells.get(i);
    if (cell.type === 'markdown' && isSummaryFor(cell.sharedModel.getSource(), modelKey(model))) {
      index = i;
      break;
    }
  }
  if (index >= 0) {
    nbModel.cells.get(index).sharedModel.setSource(text);
  } else {
    let defining = Math.min(model.cell, nbModel.cells.length - 1);
    if (model.cellId) {
      for (let i = 0; i < nbModel.cells.length; i++) {
        if (nbModel.cells.get(i).id === model.cellId) {
          defining = i;
          break;
        }
      }
    }
    index = defining + 1;
    cells.insertCell(index, { cell_type: 'markdown', source: text });
  }
  const widget = notebook.widgets[index];
  if (widget instanceof MarkdownCell) {
    widget.rendered = true;
  }
  return index;
}
