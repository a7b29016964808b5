// The input-shape prompt of the Graph view: a small form that sits next to the graph's Input
// node (or in the middle of the canvas when there is no graph to attach it to), for a model
// whose shapes wait for an input shape only the user can give. It follows the node when the
// graph is zoomed or panned.
// Does not: keep the value (the view-state store does), or draw the graph.
import type { ModelIR } from '../../core/ir';
import { modelKey } from '../../core/ir/model-key';
import { formatShape } from '../../core/export/format';
import { el, ViewHost } from './dom';
import { parseShape } from './values';

export class InputPrompt {
  constructor(
    private readonly _host: ViewHost,
    private readonly _apply: (shape: number[] | null) => void
  ) {
    const trans = _host.trans;
    this.node = el('form', 'jp-ArchLens-inputPrompt');
    this.node.hidden = true;
    this.node.setAttribute('aria-label', trans.__('Input shape'));
    this._label = el('label', 'jp-ArchLens-inputPromptLabel');
    this._text = el('span', 'jp-ArchLens-inputPromptText', trans.__('Input shape'));
    this._input = el('input', 'jp-ArchLens-fieldInput jp-ArchLens-inputPromptField');
    this._input.type = 'text';
    this._input.size = 14;
    this._input.placeholder = trans.__('e.g. 1, 3, 224, 224');
    this._input.setAttribute('aria-label', trans.__('Input shape of the model'));
    this._label.append(this._text, this._input);
    const apply = el('button', 'jp-ArchLens-button jp-mod-accept', trans.__('Apply'));
    apply.type = 'submit';
    this._clear = el('button', 'jp-ArchLens-button', trans.__('Clear'));
    this._clear.type = 'button';
    this._clear.addEventListener('click', () => this._apply(null));
    this._error = el('div', 'jp-ArchLens-fieldError');
    this._error.setAttribute('role', 'alert');
    const row = el('div', 'jp-ArchLens-inputPromptRow');
    row.append(this._label, apply, this._clear);
    this._hint = el('div', 'jp-ArchLens-inputPromptHint');
    this.node.append(row, this._hint, this._error);
    this.node.addEventListener('submit', event => {
      event.preventDefault();
      const text = this._input.value.trim();
      if (!text) {
        this._apply(null);
        return;
      }
      const shape = parseShape(text);
      if (!shape) {
        this._error.textContent = trans.__('The input shape must be positive whole numbers separated by commas, e.g. 1, 3, 224, 224');
        this._input.focus();
        return;
      }
      this._error.textContent = '';
      this._apply(shape);
    });
    // Keys typed here are the form's, not the graph's shortcuts.
    this.node.addEventListener('keydown', event => event.stopPropagation());
    this.node.addEventListener('pointerdown', event => event.stopPropagation());
    this.node.addEventListener('wheel', event => event.stopPropagation());
  }

  readonly node: HTMLFormElement;

  /** Shows the prompt for `model` (given: the shape the user gave, if any); hidden with show false. */
  update(model: ModelIR | null, show: boolean, given: number[] | undefined): void {
    const trans = this._host.trans;
    this.node.hidden = !show || !model;
    if (!show || !model) {
      return;
    }
    const typing = document.activeElement === this._input;
    if (!typing || this._for !== modelKey(model)) {
      this._input.value = given ? given.join(', ') : '';
      this._error.textContent = '';
    }
    this._for = modelKey(model);
    this._clear.hidden = !given;
    this.node.classList.toggle('jp-mod-given', !!given);
    this._hint.textContent = given
      ? trans.__('Given by you, not from the notebook.')
      : model.input?.shape
        ? trans.__('No tensor reaches %1 in the notebook; shapes below are symbolic (%2).', model.name, formatShape(model.input.shape))
        : trans.__('No tensor reaches %1 in the notebook: give an input shape to follow its forward pass.', model.name);
  }

  /** Places the prompt at a point of the canvas (CSS pixels), or centred when null. */
  place(at: { x: number; y: number } | null): void {
    if (!at) {
      this.node.classList.add('jp-mod-centred');
      this.node.style.left = '';
      this.node.style.top = '';
      return;
    }
    this.node.classList.remove('jp-mod-centred');
    this.node.style.left = `${Math.round(at.x)}px`;
    this.node.style.top = `${Math.round(at.y)}px`;
  }

  private _for = '';
  private _label: HTMLLabelElement;
  private _text: HTMLElement;
  private _input: HTMLInputElement;
  private _clear: HTMLButtonElement;
  private _hint: HTMLElement;
  private _error: HTMLElement;
}
