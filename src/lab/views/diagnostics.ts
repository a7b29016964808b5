// The diagnostics view: what could not be resolved and why, for the selected model by default
// (a toggle shows the whole notebook), errors first. Diagnostics are grouped (problems.ts): one
// message used in seven places is one entry with seven links; many notes of a kind ("calls
// not modelled") are one collapsed entry naming their subjects.
// Does not: decide which diagnostics concern a model (problems.ts), or render notebook text as
// HTML (textContent only).
import type { Diagnostic, Span } from '../../core/ir';
import { el, spanText, ViewHost } from './dom';
import { DiagnosticGroup, groupDiagnostics, severityCounts } from './problems';

/** Places listed per message before a "N more" button. */
const PLACES_SHOWN = 8;

export class DiagnosticsView {
  constructor(
    private readonly _host: ViewHost,
    private readonly _onScope: (all: boolean) => void
  ) {
    const trans = _host.trans;
    this.node = el('div', 'jp-ArchLens-diagnosticsView');
    const toolbar = el('div', 'jp-ArchLens-toolbar jp-ArchLens-diagToolbar');
    const scope = el('div', 'jp-ArchLens-segmented');
    scope.setAttribute('role', 'radiogroup');
    scope.setAttribute('aria-label', trans.__('Which diagnostics'));
    this._modelButton = this._scopeButton(trans.__('This model'), false);
    this._allButton = this._scopeButton(trans.__('Whole notebook'), true);
    scope.append(this._modelButton, this._allButton);
    this._counts = el('span', 'jp-ArchLens-toolbarNote');
    toolbar.append(scope, this._counts);
    this._list = el('ul', 'jp-ArchLens-diagnostics');
    this._list.setAttribute('aria-label', trans.__('Diagnostics'));
    this.node.append(toolbar, this._list);
  }

  readonly node: HTMLElement;

  /**
   * Shows `own` (the model's diagnostics) and, with `all`, `other` (the rest of the notebook's)
   * after them; without, a line says how many more there are.
   */
  update(own: Diagnostic[], other: Diagnostic[], all: boolean): void {
    const trans = this._host.trans;
    this._modelButton.setAttribute('aria-checked', String(!all));
    this._allButton.setAttribute('aria-checked', String(all));
    this._modelButton.classList.toggle('jp-mod-active', !all);
    this._allButton.classList.toggle('jp-mod-active', all);
    this.node.dataset.scope = all ? 'all' : 'model';
    const shown = all ? [...own, ...other] : own;
    const c = severityCounts(shown);
    const parts: string[] = [];
    if (c.error) {
      parts.push(trans._n('%1 error', '%1 errors', c.error));
    }
    if (c.warning) {
      parts.push(trans._n('%1 warning', '%1 warnings', c.warning));
    }
    if (c.info) {
      parts.push(trans._n('%1 note', '%1 notes', c.info));
    }
    this._counts.textContent = parts.join(' · ');

    const items: HTMLElement[] = [];
    if (!own.length) {
      items.push(el('li', 'jp-ArchLens-diagnostic jp-mod-none', trans.__('Nothing to report for this model: every layer, shape and count was resolved.')));
    }
    items.push(...groupDiagnostics(own).map(g => this._group(g)));
    if (other.length) {
      const oc = severityCounts(other);
      if (all) {
        const heading = el('li', 'jp-ArchLens-diagHeading', trans.__('Rest of the notebook'));
        heading.setAttribute('role', 'presentation');
        items.push(heading, ...groupDiagnostics(other).map(g => this._group(g)));
      } else {
        const more = el('li', 'jp-ArchLens-diagMore');
        const text = oc.error
          ? trans._n('%1 more in the rest of the notebook (%2 errors).', '%1 more in the rest of the notebook (%2 errors).', other.length, oc.error)
          : trans._n('%1 more in the rest of the notebook.', '%1 more in the rest of the notebook.', other.length);
        const show = el('button', 'jp-ArchLens-link', trans.__('Show all'));
        show.addEventListener('click', () => this._onScope(true));
        more.append(el('span', undefined, text + ' '), show);
        more.dataset.others = String(other.length);
        items.push(more);
      }
    }
    this._list.replaceChildren(...items);
  }

  private _scopeButton(label: string, all: boolean): HTMLButtonElement {
    const b = el('button', 'jp-ArchLens-segment', label);
    b.type = 'button';
    b.setAttribute('role', 'radio');
    b.dataset.scope = all ? 'all' : 'model';
    b.addEventListener('click', () => this._onScope(all));
    return b;
  }

  private _icon(severity: Diagnostic['severity']): HTMLElement {
    const trans = this._host.trans;
    const icon = el('span', 'jp-ArchLens-severity', severity === 'info' ? 'i' : '!');
    icon.setAttribute('role', 'img');
    icon.setAttribute('aria-label', severity === 'error' ? trans.__('Error') : severity === 'warning' ? trans.__('Warning') : trans.__('Note'));
    return icon;
  }

  private _links(diagnostics: Diagnostic[]): HTMLElement[] {
    const trans = this._host.trans;
    const spans: Span[] = [];
    const seen = new Set<string>();
    for (const d of diagnostics) {
      for (const s of [d.span, ...(d.related ?? [])]) {
        if (!s) {
          continue;
        }
        const key = `${s.file ?? ''}\u0000${s.cell}\u0000${s.startLine}`;
        if (!seen.has(key)) {
          seen.add(key);
          spans.push(s);
        }
      }
    }
    const link = (span: Span) => {
      const b = el('button', 'jp-ArchLens-link', spanText(span, trans));
      b.title = trans.__('Go to %1', spanText(span, trans));
      b.addEventListener('click', () => this._host.reveal(span));
      return b;
    };
    const out = spans.slice(0, PLACES_SHOWN).map(link);
    if (spans.length > PLACES_SHOWN) {
      const more = el('button', 'jp-ArchLens-link jp-ArchLens-moreLinks', trans.__('+%1 more', spans.length - PLACES_SHOWN));
      more.addEventListener('click', () => more.replaceWith(...spans.slice(PLACES_SHOWN).map(link)));
      out.push(more);
    }
    return out;
  }

  private _group(g: DiagnosticGroup): HTMLElement {
    const trans = this._host.trans;
    const li = el('li', 'jp-ArchLens-diagnostic');
    li.dataset.severity = g.severity;
    li.dataset.code = g.code;
    li.dataset.count = String(g.count);
    const body = el('div', 'jp-ArchLens-diagnosticBody');
    if (g.messages.length === 1) {
      const message = el('div', 'jp-ArchLens-diagnosticMessage', g.title);
      if (g.count > 1) {
        const times = el('span', 'jp-ArchLens-diagTimes', `×${g.count}`);
        times.title = trans.__('Reported %1 times', g.count);
        message.append(' ', times);
      }
      const meta = el('div', 'jp-ArchLens-diagnosticMeta');
      meta.append(el('code', 'jp-ArchLens-diagnosticCode', g.code), ...this._links(g.messages[0].items));
      body.append(message, meta);
      li.append(this._icon(g.severity), body);
      return li;
    }
    // Several messages of one kind: a collapsible entry, closed for notes.
    const details = el('details', 'jp-ArchLens-diagGroup');
    details.open = g.severity !== 'info';
    const summary = el('summary', 'jp-ArchLens-diagnosticMessage');
    summary.append(el('span', 'jp-ArchLens-diagGroupTitle', g.title));
    if (g.subjects.length) {
      const shown = g.subjects.slice(0, 4).join(', ') + (g.subjects.length > 4 ? ', …' : '');
      const subjects = el('span', 'jp-ArchLens-diagSubjects', ': ' + shown);
      subjects.title = g.subjects.join('\n');
      summary.append(subjects);
    }
    details.append(summary);
    const inner = el('ul', 'jp-ArchLens-diagGroupItems');
    for (const m of g.messages) {
      const item = el('li', 'jp-ArchLens-diagGroupItem');
      const text = el('div', 'jp-ArchLens-diagnosticMessage', m.message);
      if (m.items.length > 1) {
        text.append(' ', el('span', 'jp-ArchLens-diagTimes', `×${m.items.length}`));
      }
      const meta = el('div', 'jp-ArchLens-diagnosticMeta');
      meta.append(...this._links(m.items));
      item.append(text, meta);
      inner.append(item);
    }
    const meta = el('div', 'jp-ArchLens-diagnosticMeta');
    meta.append(el('code', 'jp-ArchLens-diagnosticCode', g.code));
    details.append(inner, meta);
    body.append(details);
    li.append(this._icon(g.severity), body);
    li.title = trans.__('%1 diagnostics of this kind', g.count);
    return li;
  }

  private _modelButton: HTMLButtonElement;
  private _allButton: HTMLButtonElement;
  private _counts: HTMLElement;
  private _list: HTMLUListElement;
}
