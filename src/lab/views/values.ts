// The form that gives values to what the notebook leaves open: each symbol the model reads
// (ModelIR.symbols, e.g. the number of classes; values are the document's, see state.ts) and,
// outside the Graph view, the model's input shape (in the Graph view the prompt sits at the
// graph's input, input-prompt.ts). Values are parsed strictly (whole numbers only); applying
// them re-runs the analysis of this document with them.
// Does not: keep values itself (the view-state store does), or send anything anywhere.
import type { ModelIR } from '../../core/ir';
import { formatShape } from '../../core/export/format';
import { el, ViewHost } from './dom';

/** What the form shows for a model: the symbols it reads with their given values, its shape. */
export interface FormValues {
  /** Symbols the model reads (open or given), sorted. */
  symbols: string[];
  /** Values given in this document, by symbol. */
  given: Map<string, number>;
  inputShape?: number[];
}

/** What applying the form changes: a null value forgets one; inputShape undefined = untouched. */
export interface ValueChange {
  symbols: Array<[string, number | null]>;
  inputShape?: number[] | null;
}

/** Whether a model's shapes wait for an input shape only the user can give (PyTorch only). */
export function needsInputShape(model: ModelIR): boolean {
  return model.framework === 'pytorch' && model.kind !== 'class' && (!model.input || model.input.source === 'symbolic' || model.input.shape === null);
}

/** "1, 3, 224, 224" or "(1, 3, 224, 224)" or "[1,3,224,224]" -> numbers; null if malformed. */
export function parseShape(text: string): number[] | null {
  const inner = text.trim().replace(/^[[(]\s*/, '').replace(/\s*[\])]$/, '');
  if (!inner) {
    return null;
  }
  // Whole numbers separated by commas, x / × or spaces; a trailing comma as in "(8,)" is fine.
  if (!/^\d{1,9}(?:\s*[,x×]\s*\d{1,9}|\s+\d{1,9})*\s*,?$/.test(inner)) {
    return null;
  }
  const dims = inner.split(/[^\d]+/).filter(p => p !== '').map(Number);
  return dims.length > 0 && dims.length <= 8 && dims.every(d => Number.isInteger(d) && d > 0) ? dims : null;
}

export class ValuesForm {
  constructor(
    private readonly _host: ViewHost,
    private readonly _apply: (change: ValueChange) => void
  ) {
    const trans = _host.trans;
    this.node = el('details', 'jp-ArchLens-values');
    this._summary = el('summary', 'jp-ArchLens-valuesSummary');
    this._form = el('form', 'jp-ArchLens-valuesForm');
    this._form.setAttribute('aria-label', trans.__('Values for unknown dimensions'));
    this._form.addEventListener('submit', event => {
      event.preventDefault();
      this._submit();
    });
    this.node.append(this._summary, this._form);
  }

  readonly node: HTMLDetailsElement;

  /**
   * Shows the form for `model` (keyed `key` in its document); hidden when nothing is open and
   * nothing was given. `withShape` adds the input-shape field (off in the Graph view).
   */
  update(model: ModelIR, key: string, values: FormValues, withShape: boolean): void {
    const trans = this._host.trans;
    this._model = model;
    const symbols = values.symbols;
    const open = symbols.filter(s => !values.given.has(s));
    const needsInput = needsInputShape(model);
    const shapeGiven = values.inputShape;
    const shapeField = withShape && (needsInput || shapeGiven !== undefined);
    const show = symbols.length > 0 || shapeField;
    this.node.hidden = !show;
    if (!show) {
      this._form.replaceChildren();
      this._builtFor = '';
      return;
    }
    const given = symbols.filter(s => values.given.has(s)).map(s => `${s} = ${values.given.get(s)}`);
    if (shapeGiven) {
      given.push(trans.__('input %1', formatShape(shapeGiven)));
    }
    this._summary.textContent = open.length
      ? trans.__('Unknown: %1 — give values', open.join(', '))
      : shapeField && needsInput && !shapeGiven
        ? trans.__('No input shape found — give one')
        : trans.__('Values you gave: %1', given.join(', '));
    this.node.classList.toggle('jp-mod-open', open.length > 0);
    const signature = `${key}\u0000${withShape}\u0000${symbols.join('\u0000')}`;
    if (this._builtFor !== signature && (open.length > 0 || (shapeField && needsInput && !shapeGiven))) {
      this.node.open = true;
    }
    // Keep what the user is typing: do not rebuild while focus is inside the form.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && this._form.contains(active) && this._builtFor === signature) {
      return;
    }
    this._builtFor = signature;
    const fields = el('div', 'jp-ArchLens-valuesFields');
    this._inputs = [];
    for (const name of symbols) {
      const label = el('label', 'jp-ArchLens-field');
      const text = el('span', 'jp-ArchLens-symbolic jp-ArchLens-fieldName', name);
      text.title = trans.__('Symbol %1: a value the notebook computes from data or leaves open (shared by every model of this notebook that reads it)', name);
      const input = el('input', 'jp-ArchLens-fieldInput');
      input.type = 'text';
      input.inputMode = 'numeric';
      input.size = 6;
      input.dataset.symbol = name;
      input.placeholder = '?';
      input.value = values.given.has(name) ? String(values.given.get(name)) : '';
      input.setAttribute('aria-label', trans.__('Value of %1', name));
      label.append(text, el('span', undefined, '='), input);
      fields.append(label);
      this._inputs.push(input);
    }
    this._shape = null;
    if (shapeField) {
      const shapeLabel = el('label', 'jp-ArchLens-field');
      shapeLabel.append(el('span', undefined, trans.__('Input shape')));
      this._shape = el('input', 'jp-ArchLens-fieldInput jp-ArchLens-shapeInput');
      this._shape.type = 'text';
      this._shape.size = 14;
      this._shape.placeholder = model.input?.shape ? formatShape(model.input.shape) : trans.__('e.g. 1, 3, 224, 224');
      this._shape.value = shapeGiven ? shapeGiven.join(', ') : '';
      this._shape.setAttribute('aria-label', trans.__('Input shape of %1', model.name));
      shapeLabel.append(this._shape);
      fields.append(shapeLabel);
    }
    const apply = el('button', 'jp-ArchLens-button jp-mod-accept', trans.__('Apply'));
    apply.type = 'submit';
    const clear = el('button', 'jp-ArchLens-button', trans.__('Clear'));
    clear.type = 'button';
    clear.addEventListener('click', () => {
      this._apply({ symbols: symbols.map(s => [s, null]), inputShape: shapeField ? null : undefined });
    });
    this._error = el('div', 'jp-ArchLens-fieldError');
    this._error.setAttribute('role', 'alert');
    fields.append(apply, clear);
    this._form.replaceChildren(fields, this._error);
  }

  private _submit(): void {
    const trans = this._host.trans;
    if (!this._model) {
      return;
    }
    const symbols: Array<[string, number | null]> = [];
    for (const input of this._inputs) {
      const name = input.dataset.symbol!;
      const v = input.value.trim();
      if (v === '') {
        symbols.push([name, null]);
      } else if (/^\d{1,12}$/.test(v)) {
        symbols.push([name, Number(v)]);
      } else {
        this._error.textContent = trans.__('%1 must be a whole number', name);
        input.focus();
        return;
      }
    }
    let inputShape: number[] | null | undefined;
    if (this._shape) {
      const text = this._shape.value.trim();
      if (text) {
        const shape = parseShape(text);
        if (!shape) {
          this._error.textContent = trans.__('The input shape must be positive whole numbers separated by commas, e.g. 1, 3, 224, 224');
          this._shape.focus();
          return;
        }
        inputShape = shape;
      } else {
        inputShape = null;
      }
    }
    this._error.textContent = '';
    this._apply({ symbols, inputShape });
  }

  private _summary: HTMLElement;
  private _form: HTMLFormElement;
  private _model: ModelIR | null = null;
  private _builtFor = '';
  private _inputs: HTMLInputElement[] = [];
  private _shape: HTMLInputElement | null = null;
  private _error: HTMLElement = el('div');
}
