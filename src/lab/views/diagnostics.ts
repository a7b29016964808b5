// The diagnostics view: what could not be resolved and why, errors first, each with a
// severity icon and a link to its line (and to the other lines involved).
import type { Diagnostic, Severity } from '../../core/ir';
import { el, spanText, ViewHost } from './dom';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export class DiagnosticsView {
  constructor(private readonly _host: ViewHost) {
    this.node = el('div', 'jp-ArchLens-diagnosticsView');
    this._list = el('ul', 'jp-ArchLens-diagnostics');
    this._list.setAttribute('aria-label', _host.trans.__('Diagnostics'));
    this.node.append(this._list);
  }

  readonly node: HTMLElement;

  update(diagnostics: Diagnostic[]): void {
    const trans = this._host.trans;
    const sorted = diagnostics.map((d, i) => ({ d, i })).sort((a, b) => ORDER[a.d.severity] - ORDER[b.d.severity] || a.i - b.i);
    if (!sorted.length) {
      const li = el('li', 'jp-ArchLens-diagnostic jp-mod-none', trans.__('Nothing to report: every layer, shape and count was resolved.'));
      this._list.replaceChildren(li);
      return;
    }
    this._list.replaceChildren(
      ...sorted.map(({ d }) => {
        const li = el('li', 'jp-ArchLens-diagnostic');
        li.dataset.severity = d.severity;
        li.dataset.code = d.code;
        const icon = el('span', 'jp-ArchLens-severity', d.severity === 'error' ? '!' : d.severity === 'warning' ? '!' : 'i');
        icon.setAttribute('role', 'img');
        icon.setAttribute('aria-label', d.severity === 'error' ? trans.__('Error') : d.severity === 'warning' ? trans.__('Warning') : trans.__('Info'));
        const body = el('div', 'jp-ArchLens-diagnosticBody');
        body.append(el('div', 'jp-ArchLens-diagnosticMessage', d.message));
        const meta = el('div', 'jp-ArchLens-diagnosticMeta');
        meta.append(el('code', 'jp-ArchLens-diagnosticCode', d.code));
        for (const span of [d.span, ...(d.related ?? [])]) {
          if (!span) {
            continue;
          }
          const link = el('button', 'jp-ArchLens-link', spanText(span, trans));
          link.title = trans.__('Go to %1', spanText(span, trans));
          link.addEventListener('click', () => this._host.reveal(span));
          meta.append(link);
        }
        body.append(meta);
        li.append(icon, body);
        return li;
      })
    );
  }

  private _list: HTMLUListElement;
}
