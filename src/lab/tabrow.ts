// The panel's tab row: the view tabs (Graph, Table, Diagnostics, with a badge each), a "⋯"
// button for the tabs that do not fit, and the Export menu button. When the sidebar is too
// narrow for every tab (about 250 px, the default), the tabs that do not fit (never the
// current one) move into the "⋯" menu, so every view stays one click away and no label is
// squeezed unreadable; Export always stays in the row.
// Does not: know what the views show (the panel does), or define commands.
import { Menu } from '@lumino/widgets';
import type { TranslationBundle } from '@jupyterlab/translation';
import { el } from './views/dom';

export type ViewName = 'graph' | 'table' | 'diagnostics';

export class TabRow {
  constructor(options: {
    trans: TranslationBundle;
    uid: string;
    views: Array<[ViewName, string]>;
    exportMenu?: Menu;
    /** Commands (in the Export menu's registry) that show each view, for the overflow menu. */
    viewCommands?: Map<ViewName, string>;
    onSelect: (name: ViewName) => void;
    onKey: (event: KeyboardEvent) => void;
  }) {
    const trans = options.trans;
    this._onSelect = options.onSelect;
    this.tabs = el('div', 'jp-ArchLens-tabs');
    this.tabs.setAttribute('role', 'tablist');
    this.tabs.setAttribute('aria-label', trans.__('Views'));
    this.tabs.addEventListener('keydown', options.onKey);
    for (const [name, label] of options.views) {
      const tab = el('button', 'jp-ArchLens-tab');
      tab.setAttribute('role', 'tab');
      tab.id = `${options.uid}-tab-${name}`;
      tab.dataset.view = name;
      tab.append(el('span', 'jp-ArchLens-tabLabel', label));
      const badge = el('span', 'jp-ArchLens-tabBadge');
      badge.hidden = true;
      tab.append(badge);
      tab.addEventListener('click', () => this._onSelect(name));
      this.tabs.append(tab);
      this._buttons.set(name, tab);
    }
    this._viewCommands = options.viewCommands ?? new Map();
    this.node = el('div', 'jp-ArchLens-tabRow');
    this.node.append(this.tabs);
    const exportMenu = options.exportMenu ?? null;
    if (exportMenu && [...this._buttons.keys()].every(name => this._viewCommands.has(name))) {
      this._moreButton = this._menuButton('jp-ArchLens-moreButton', () => this._more, [el('span', 'jp-ArchLens-moreLabel', '⋯')]);
      this._moreButton.title = trans.__('More views');
      this._moreButton.setAttribute('aria-label', trans.__('More views'));
      this._moreButton.hidden = true;
      this._moreCommands = exportMenu;
      this.node.append(this._moreButton);
    }
    if (exportMenu) {
      exportMenu.addClass('jp-ArchLens-exportMenu');
      const button = this._menuButton('jp-ArchLens-exportButton', () => exportMenu, [
        el('span', 'jp-ArchLens-exportLabel', trans.__('Export')),
        el('span', 'jp-ArchLens-exportCaret', '▾')
      ]);
      button.title = trans.__('Export the selected model: summary cell, clipboard, files');
      this._exportButton = button;
      this.node.append(button);
    }
    this._resize = new ResizeObserver(() => this.fit());
    this._resize.observe(this.node);
  }

  readonly node: HTMLElement;
  readonly tabs: HTMLElement;

  tab(name: ViewName): HTMLButtonElement {
    return this._buttons.get(name)!;
  }

  badge(name: ViewName): HTMLElement {
    return this.tab(name).querySelector('.jp-ArchLens-tabBadge') as HTMLElement;
  }

  /** Marks the current view and re-fits (the current tab always stays in the row). */
  setCurrent(name: ViewName): void {
    this._current = name;
    for (const [n, tab] of this._buttons) {
      const on = n === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      tab.classList.toggle('jp-mod-current', on);
    }
    this.fit();
  }

  /** Views whose tabs are in the overflow menu. */
  get overflow(): ViewName[] {
    return [...this._hidden];
  }

  /** Moves the tabs that do not fit into the "⋯" menu. */
  fit(): void {
    const width = this.node.clientWidth;
    if (!width || this.node.hidden) {
      return;
    }
    const tabs = [...this._buttons.entries()];
    for (const [, tab] of tabs) {
      tab.hidden = false;
    }
    this._hidden = [];
    const more = this._moreButton;
    if (more) {
      more.hidden = true;
    }
    const exportWidth = this._exportButton ? this._exportButton.offsetWidth + 14 : 0;
    const used = () => tabs.reduce((sum, [, tab]) => sum + (tab.hidden ? 0 : tab.offsetWidth + 2), 0);
    if (!more || used() <= width - exportWidth - 16) {
      this._updateMenu();
      return; // everything fits (or there is no menu to move tabs into: the tab list clips)
    }
    more.hidden = false;
    const room = width - exportWidth - more.offsetWidth - 8 - 16;
    for (let i = tabs.length - 1; i >= 0 && used() > room; i--) {
      const [name, tab] = tabs[i];
      if (name !== this._current) {
        tab.hidden = true;
        this._hidden.unshift(name);
      }
    }
    this._updateMenu();
  }

  dispose(): void {
    this._resize.disconnect();
    this._more?.dispose();
    for (const listener of this._windowListeners) {
      window.removeEventListener('pointerdown', listener, true);
    }
  }

  /** The overflow menu: one item per hidden view (rebuilt when the hidden views change). */
  private _updateMenu(): void {
    const key = this._hidden.join(',');
    if (key === this._menuKey) {
      return;
    }
    this._menuKey = key;
    if (this._more?.isAttached) {
      this._more.close();
    }
    this._more?.dispose();
    this._more = null;
    if (!this._hidden.length || !this._moreCommands) {
      return;
    }
    const more = new Menu({ commands: this._moreCommands.commands });
    more.addClass('jp-ArchLens-moreMenu');
    for (const name of this._hidden) {
      more.addItem({ command: this._viewCommands.get(name)!, args: { isMenu: true } });
    }
    more.aboutToClose.connect(() => this._afterClose(this._moreButton!, more));
    this._more = more;
  }

  private _afterClose(button: HTMLButtonElement, menu: Menu): void {
    button.setAttribute('aria-expanded', 'false');
    button.classList.remove('jp-mod-active');
    // Back to the button (for keyboard users), unless a command moved the focus elsewhere.
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body || menu.node.contains(active)) {
        button.focus();
      }
    });
  }

  /** A button that opens (and closes) the menu `menu()` gives at the time of the click. */
  private _menuButton(className: string, menu: () => Menu | null, content: HTMLElement[]): HTMLButtonElement {
    const button = el('button', className);
    button.type = 'button';
    button.append(...content);
    button.setAttribute('aria-haspopup', 'menu');
    button.setAttribute('aria-expanded', 'false');
    // Lumino closes an open menu on any pointerdown outside it (document, capture phase), so
    // whether a click on the button should toggle it closed is noted before that, on window.
    let openAtPress = false;
    const onPointerDown = (event: PointerEvent) => {
      if (button.contains(event.target as Node)) {
        openAtPress = !!menu()?.isAttached;
      }
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    this._windowListeners.push(onPointerDown);
    const connected = new WeakSet<Menu>();
    const open = (viaKeyboard: boolean) => {
      const current = menu();
      if (!current) {
        return;
      }
      if (current.isAttached) {
        current.close();
        return;
      }
      if (!viaKeyboard && openAtPress) {
        openAtPress = false;
        return; // the press on the button already closed the menu
      }
      if (!connected.has(current) && current !== this._more) {
        connected.add(current);
        current.aboutToClose.connect(() => this._afterClose(button, current));
      }
      const rect = button.getBoundingClientRect();
      button.setAttribute('aria-expanded', 'true');
      button.classList.add('jp-mod-active');
      current.open(rect.left, rect.bottom + 1, { forceX: false, forceY: false });
      if (viaKeyboard) {
        current.activeIndex = 0;
      }
    };
    button.addEventListener('click', event => open(event.detail === 0));
    button.addEventListener('keydown', event => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        open(true);
      }
    });
    return button;
  }

  private _onSelect: (name: ViewName) => void;
  private _buttons = new Map<ViewName, HTMLButtonElement>();
  private _viewCommands: Map<ViewName, string>;
  private _current: ViewName = 'graph';
  private _hidden: ViewName[] = [];
  private _menuKey = '';
  private _more: Menu | null = null;
  private _moreCommands: Menu | null = null;
  private _moreButton: HTMLButtonElement | null = null;
  private _exportButton: HTMLButtonElement | null = null;
  private _windowListeners: Array<(event: PointerEvent) => void> = [];
  private _resize: ResizeObserver;
}
