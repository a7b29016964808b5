// The ArchLens sidebar widget: a header naming the followed document, a quiet status line,
// and the list of models the core found, each linking back to its defining line.
// It renders notebook-derived text with textContent only (never innerHTML).
import { Widget } from '@lumino/widgets';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ModelIR } from '../core/ir';
import type { ArchLensModel, ModelState } from './model';
import { formatCount } from '../core/export/format';

export class ArchLensPanel extends Widget {
  constructor(options: { model: ArchLensModel; trans: TranslationBundle }) {
    super();
    this._model = options.model;
    this._trans = options.trans;
    this.addClass('jp-ArchLens');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', this._trans.__('ArchLens architecture panel'));

    const header = document.createElement('div');
    header.className = 'jp-ArchLens-header';
    this._title = document.createElement('div');
    this._title.className = 'jp-ArchLens-title';
    this._status = document.createElement('div');
    this._status.className = 'jp-ArchLens-status';
    this._status.setAttribute('role', 'status');
    this._status.setAttribute('aria-live', 'polite');
    header.append(this._title, this._status);

    this._body = document.createElement('div');
    this._body.className = 'jp-ArchLens-body';
    this.node.append(header, this._body);

    this._model.stateChanged.connect(this._render, this);
    this._render(this._model, this._model.state);
  }

  private _render(_: ArchLensModel, state: ModelState): void {
    const trans = this._trans;
    this._title.textContent = state.source ? state.source.label : trans.__('No notebook');
    this.node.dataset.status = state.status;
    this._status.textContent = Private.statusText(state, trans);
    if (state.status === 'analysing' && state.ir) {
      return; // keep showing the previous result while the next one is computed
    }
    this._body.replaceChildren();
    if (!state.source) {
      this._body.append(Private.message(trans.__('Open a notebook or a Python file to see the models it builds.')));
      return;
    }
    if (state.error) {
      this._body.append(Private.message(state.error, 'jp-ArchLens-error'));
    }
    const ir = state.ir;
    if (!ir) {
      return;
    }
    if (ir.models.length === 0) {
      this._body.append(Private.message(trans.__('No PyTorch or Keras model definitions found.')));
      return;
    }
    const list = document.createElement('ul');
    list.className = 'jp-ArchLens-models';
    list.setAttribute('aria-label', trans.__('Models'));
    for (const m of ir.models) {
      list.append(this._modelItem(m));
    }
    this._body.append(list);
  }

  private _modelItem(m: ModelIR): HTMLElement {
    const trans = this._trans;
    const li = document.createElement('li');
    li.className = 'jp-ArchLens-model';
    const button = document.createElement('button');
    button.className = 'jp-ArchLens-modelLink';
    button.dataset.model = m.name;
    button.title = trans.__('Go to the definition of %1 (cell %2, line %3)', m.name, m.cell + 1, m.line + 1);
    const name = document.createElement('span');
    name.className = 'jp-ArchLens-modelName';
    name.textContent = m.name;
    const meta = document.createElement('span');
    meta.className = 'jp-ArchLens-modelMeta';
    const framework = m.framework === 'pytorch' ? 'PyTorch' : 'Keras';
    meta.textContent = m.class === m.name ? `${framework} · ${m.kind}` : `${m.class} · ${framework} · ${m.kind}`;
    const params = document.createElement('span');
    params.className = 'jp-ArchLens-modelParams';
    params.textContent =
      m.params.total !== null
        ? trans._n('%1 param', '%1 params', m.params.total, formatCount(m.params.total))
        : m.params.symbolicTotal
          ? trans.__('%1 params', m.params.symbolicTotal.expr)
          : '';
    button.append(name, meta, params);
    button.addEventListener('click', () => {
      const source = this._model.state.source;
      const span = m.span ?? { cell: m.cell, cellId: m.cellId, startLine: m.line, startCol: 0, endLine: m.line, endCol: 0 };
      source?.reveal(span);
    });
    li.append(button);
    return li;
  }

  private _model: ArchLensModel;
  private _trans: TranslationBundle;
  private _title: HTMLElement;
  private _status: HTMLElement;
  private _body: HTMLElement;
}

namespace Private {
  export function message(text: string, className = 'jp-ArchLens-message'): HTMLElement {
    const p = document.createElement('p');
    p.className = className;
    p.textContent = text;
    return p;
  }

  export function statusText(state: ModelState, trans: TranslationBundle): string {
    switch (state.status) {
      case 'empty':
        return '';
      case 'analysing':
        return trans.__('Analysing…');
      case 'failed':
        return trans.__('Analysis failed');
      case 'problems':
      case 'ok': {
        const ir = state.ir;
        const n = ir?.models.length ?? 0;
        const errors = (ir?.diagnostics ?? []).concat(...(ir?.models ?? []).map(m => m.diagnostics)).filter(d => d.severity === 'error').length;
        const base = trans._n('%1 model', '%1 models', n) + ' · ' + trans.__('up to date') + ` · ${Math.round(state.ms)} ms`;
        return errors ? base + ' · ' + trans._n('%1 problem', '%1 problems', errors) : base;
      }
    }
  }
}
