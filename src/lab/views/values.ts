// The small form that gives values to what the notebook leaves open: each free symbol of the
// model (ModelIR.symbols, e.g. the number of classes) and the model's input shape. Values are
// parsed strictly (integers only); applying them re-runs the analysis with them.
import type { ModelIR } from '../../core/ir';
import { formatShape } from '../../core/export/format';
import { el, ViewHost } from './dom';

export interface Values {
  symbols: Array<[string, number]>;
  inputShapes: Array<[string, number[]]>;
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
    private readonly _apply: (values: Values) => void
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

  /** Shows the form for `model`; hidden when nothing is open and nothing was given. */
  update(model: ModelIR, values: Values): void {
    const trans = this._host.trans;
    this._model = model;
    this._values = values;
    const symbols = new Set(model.symbols ?? []);
    for (const [name] of values.symbols) {
      symbols.add(name);
    }
    const given = new Map(values.symbols);
    const shapeGiven = values.inputShapes.find(([n]) => n === model.name)?.[1];
    const needsInput = !model.input || model.input.source === 'symbolic' || model.input.shape === null;
    const show = symbols.size > 0 || needsInput || shapeGiven !== undefined;
    this.node.hidden = !show;
    if (!show) {
      this._form.replaceChildren();
      return;
    }
    const open = [...symbols].filter(s => !given.has(s));
    this._summary.textContent = open.length
      ? trans.__('Unknown: %1 — give values', open.join(', '))
      : needsInput && !shapeGiven
        ? trans.__('No input shape found — give one')
        : trans.__('Values you gave: %1', [...values.symbols.filter(([n]) => symbols.has(n)).map(([n, v]) => `${n} = ${v}`), ...(shapeGiven ? [formatShape(shapeGiven)] : [])].join(', '));
    this.node.classList.toggle('jp-mod-open', open.length > 0);
    if (this._builtFor !== model.name && open.length > 0) {
      this.node.open = true;
    }
    // Keep what the user is typing: do not rebuild while focus is inside the form.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && this._form.contains(active) && this._builtFor === model.name) {
      return;
    }
    this._builtFor = model.name;
    const fields = el('div', 'jp-ArchLens-valuesFields');
    this._inputs = [];
    for (const name of [...symbols].sort()) {
      const label = el('label', 'jp-ArchLens-field');
      const text = el('span', 'jp-ArchLens-symbolic', name);
      text.title = trans.__('Symbol %1: a value the notebook computes from data or leaves open', name);
      const input = el('input', 'jp-ArchLens-fieldInput');
      input.type = 'text';
      input.inputMode = 'numeric';
      input.size = 6;
      input.dataset.symbol = name;
      input.placeholder = '?';
      input.value = given.has(name) ? String(given.get(name)) : '';
      input.setAttribute('aria-label', trans.__('Value of %1', name));
      label.append(text, el('span', undefined, '='), input);
      fields.append(label);
      this._inputs.push(input);
    }
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
    const apply = el('button', 'jp-ArchLens-button jp-mod-accept', trans.__('Apply'));
    apply.type = 'submit';
    const clear = el('button', 'jp-ArchLens-button', trans.__('Clear'));
    clear.type = 'button';
    clear.addEventListener('click', () => {
      this._apply({
        symbols: this._values.symbols.filter(([n]) => !symbols.has(n)),
        inputShapes: this._values.inputShapes.filter(([n]) => n !== model.name)
      });
    });
    this._error = el('div', 'jp-ArchLens-fieldError');
    this._error.setAttribute('role', 'alert');
    fields.append(apply, clear);
    this._form.replaceChildren(fields, this._error);
  }

  private _submit(): void {
    const trans = this._host.trans;
    const model = this._model;
    if (!model) {
      return;
    }
    const symbols = new Map(this._values.symbols);
    for (const input of this._inputs) {
      const name = input.dataset.symbol!;
      const v = input.value.trim();
      if (v === '') {
        symbols.delete(name);
      } else if (/^\d{1,12}$/.test(v)) {
        symbols.set(name, Number(v));
      } else {
        this._error.textContent = trans.__('%1 must be a whole number', name);
        input.focus();
        return;
      }
    }
    let inputShapes = this._values.inputShapes.filter(([n]) => n !== model.name);
    const text = this._shape?.value.trim() ?? '';
    if (text) {
      const shape = parseShape(text);
      if (!shape) {
        this._error.textContent = trans.__('The input shape must be positive whole numbers separated by commas, e.g. 1, 3, 224, 224');
        this._shape?.focus();
        return;
      }
      inputShapes = [...inputShapes, [model.name, shape]];
    }
    this._error.textContent = '';
    this._apply({ symbols: [...symbols.entries()], inputShapes });
  }

  private _summary: HTMLElement;
  private _form: HTMLFormElement;
  private _model: ModelIR | null = null;
  private _values: Values = { symbols: [], inputShapes: [] };
  private _builtFor = '';
  private _inputs: HTMLInputElement[] = [];
  private _shape: HTMLInputElement | null = null;
  private _error: HTMLElement = el('div');
}
