// JupyterLab entry point: defines the ArchLens plugin and its commands, nothing else.
// The panel follows the current notebook or Python editor (like the Table of Contents);
// all analysis happens in a Web Worker on cell text - no kernel, no session, no execution.
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IStateDB } from '@jupyterlab/statedb';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IEditorTracker } from '@jupyterlab/fileeditor';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Menu, Widget } from '@lumino/widgets';
import { AnalysisClient } from './lab/client';
import { ModuleReaderClient } from './lab/modules';
import { createAnalysisWorker } from './lab/worker-factory';
import type { Framework } from './core/ir';
import { archlensIcon } from './lab/icons';
import { ArchLensModel } from './lab/model';
import { ArchLensPanel } from './lab/panel';
import { readSnapshot } from './lab/inspect';
import { writeSummaryCell } from './lab/export';
import { EditorSource, IDocumentSource, NotebookSource } from './lab/sources';
import { modelKey, ViewStateStore } from './lab/state';
import type { ViewName } from './lab/tabrow';
import { Clipboard, Notification } from '@jupyterlab/apputils';
import type { ModelIR, Span } from './core/ir';
import { modelToMarkdown } from './core/export/markdown';
import { modelToLatex } from './core/export/latex';
import { irToCsv } from './core/export/csv';
import { modelToJson } from './core/export/json';
import { download, fileNameFor, svgToPng } from './lab/downloads';

const PLUGIN_ID = 'jupyterlab-archlens:plugin';
/** Key of the panel's view state (per document and model) in the state database. */
const STATE_KEY = 'jupyterlab-archlens:view-state';
/** Wait this long after the last change before writing the view state. */
const STATE_SAVE_MS = 800;

namespace CommandIDs {
  export const toggle = 'archlens:toggle';
  export const refresh = 'archlens:refresh';
  export const inspect = 'archlens:inspect';
  export const insertSummary = 'archlens:insert-summary';
  export const findLayer = 'archlens:find-layer';
  export const fitGraph = 'archlens:fit-graph';
  export const showGraph = 'archlens:show-graph';
  export const showTable = 'archlens:show-table';
  export const showDiagnostics = 'archlens:show-diagnostics';
  export const copyMarkdown = 'archlens:copy-markdown';
  export const downloadMarkdown = 'archlens:download-markdown';
  export const downloadJson = 'archlens:download-json';
  export const downloadLatex = 'archlens:download-latex';
  export const downloadCsv = 'archlens:download-csv';
  export const downloadSvg = 'archlens:download-svg';
  export const downloadPng = 'archlens:download-png';
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Shows the neural networks a notebook builds, without running it.',
  autoStart: true,
  requires: [ILabShell],
  optional: [INotebookTracker, IEditorTracker, ILayoutRestorer, ISettingRegistry, ITranslator, ICommandPalette, IDefaultFileBrowser, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    labShell: ILabShell,
    notebooks: INotebookTracker | null,
    editors: IEditorTracker | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    fileBrowser: IDefaultFileBrowser | null,
    stateDB: IStateDB | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_archlens');
    const libraries = new ModuleReaderClient();
    // The watchdog is the second guard behind the budgets: above the worst bounded analysis
    // (parse, maxWallMs and its grace, maxLibraryMs x 1.25 on its own clock, the IR build).
    const client = new AnalysisClient({ watchdogMs: 25000, createWorker: createAnalysisWorker, modules: (env, names, stat, hub) => (hub ? libraries.readHubConfigs(names) : libraries.read(env, names, stat)) });
    const store = new ViewStateStore();
    const model = new ArchLensModel({ client, debounceMs: 50, store });
    const exportMenu = new Menu({ commands: app.commands });
    exportMenu.title.label = trans.__('Export');
    const viewCommands = new Map<ViewName, string>([
      ['graph', CommandIDs.showGraph],
      ['table', CommandIDs.showTable],
      ['diagnostics', CommandIDs.showDiagnostics]
    ]);
    const openAt = (path: string, span: Span) => void openDocumentAt(path, span);
    const panel = new ArchLensPanel({ model, trans, exportMenu, viewCommands, openAt });
    panel.id = 'archlens-panel';
    panel.title.icon = archlensIcon;
    panel.title.caption = trans.__('ArchLens: model architecture');
    app.shell.add(panel, 'right', { rank: 650 });
    restorer?.add(panel, 'archlens');

    // Follow the current widget, the way the Table of Contents does. Sources are cached per
    // widget so switching back and forth does not rebuild them.
    const sources = new WeakMap<Widget, IDocumentSource>();
    // View state follows a document that is renamed.
    const followRename = (context: { path: string; pathChanged: { connect(fn: (sender: unknown, path: string) => void): void } }) => {
      let path = context.path;
      context.pathChanged.connect((_, next) => {
        store.rename(path, next);
        path = next;
      });
    };
    const sourceFor = (widget: Widget | null): IDocumentSource | null => {
      if (!widget) {
        return null;
      }
      const cached = sources.get(widget);
      if (cached && !cached.isDisposed) {
        return cached;
      }
      let source: IDocumentSource | null = null;
      if (notebooks?.has(widget)) {
        source = new NotebookSource(widget as NotebookPanel);
        followRename((widget as NotebookPanel).context);
      } else if (editors?.has(widget)) {
        const w = widget as any;
        if (typeof w.context?.path === 'string' && w.context.path.endsWith('.py')) {
          source = new EditorSource(w);
          followRename(w.context);
        }
      }
      if (source) {
        sources.set(widget, source);
      }
      return source;
    };
    const follow = () => {
      const source = sourceFor(labShell.currentWidget);
      if (source || !model.state.source || model.state.source.isDisposed) {
        model.setSource(source);
      }
    };
    labShell.currentChanged.connect(follow);
    notebooks?.widgetAdded.connect((_, w) => void w.context.ready.then(follow));

    // The view state of every document (given values, input shapes, folds, selection...) is
    // kept in the state database, so a notebook closed and opened again - or the page
    // reloaded - gets its own back. Read before the panel follows its first document.
    const restored = stateDB
      ? stateDB.fetch(STATE_KEY).then(
          saved => store.restore(saved),
          () => undefined
        )
      : Promise.resolve();
    if (stateDB) {
      let timer: ReturnType<typeof setTimeout> | null = null;
      store.changed.connect(() => {
        if (timer !== null) {
          clearTimeout(timer);
        }
        timer = setTimeout(() => {
          timer = null;
          void stateDB.save(STATE_KEY, store.toJSON() as any).catch(() => undefined);
        }, STATE_SAVE_MS);
      });
    }
    void Promise.all([app.restored, restored]).then(follow);

    /** Opens a document at a span: a notebook without starting a kernel, a .py in the editor. */
    async function openDocumentAt(path: string, span: Span): Promise<void> {
      const widget = (await app.commands.execute('docmanager:open', {
        path,
        factory: path.endsWith('.ipynb') ? 'Notebook' : 'Editor',
        kernelPreference: { shouldStart: false, canStart: false, autoStartDefault: false }
      })) as Widget | undefined;
      if (!widget) {
        return;
      }
      await (widget as any).context?.ready;
      const source = sourceFor(widget);
      if (source) {
        await new Promise(resolve => requestAnimationFrame(resolve));
        source.reveal(span);
      }
    }

    app.commands.addCommand(CommandIDs.toggle, {
      label: trans.__('Show Architecture Panel'),
      caption: trans.__('Show or hide the ArchLens architecture panel'),
      icon: archlensIcon,
      execute: () => {
        if (panel.isVisible) {
          labShell.collapseRight();
        } else {
          labShell.activateById(panel.id);
        }
      }
    });
    app.commands.addCommand(CommandIDs.refresh, {
      label: trans.__('Re-analyse Architecture'),
      execute: () => model.refresh(0)
    });
    app.commands.addCommand(CommandIDs.inspect, {
      label: trans.__('Inspect Architecture (No Kernel)'),
      caption: trans.__('Read the file as text and show its models, without opening it or starting a kernel'),
      icon: archlensIcon,
      isEnabled: args => typeof args.path === 'string' || !!fileBrowser?.selectedItems().next().value,
      execute: async args => {
        const path = typeof args.path === 'string' ? args.path : fileBrowser?.selectedItems().next().value?.path;
        if (!path) {
          return;
        }
        labShell.activateById(panel.id);
        model.setSource(await readSnapshot(app.serviceManager.contents, path));
      }
    });
    app.commands.addCommand(CommandIDs.insertSummary, {
      label: trans.__('Insert Architecture Summary Cell'),
      caption: trans.__('Write the model summary table and graph into a markdown cell after its definition'),
      isEnabled: () => model.state.source instanceof NotebookSource && !!model.state.ir?.models.length,
      execute: args => {
        const source = model.state.source;
        const models = model.state.ir?.models ?? [];
        if (!(source instanceof NotebookSource) || models.length === 0) {
          return;
        }
        const wanted = typeof args.model === 'string' ? args.model : model.selectedModel;
        const found = models.find(m => modelKey(m) === wanted) ?? models[0];
        // with the values given for it in this notebook and the diagnostics that concern it
        const target = panel.exportModel(modelKey(found)) ?? found;
        try {
          writeSummaryCell(source.panel, target);
        } catch (error) {
          Notification.error(trans.__('ArchLens could not write the summary: %1', String((error as Error).message)));
        }
      }
    });
    app.contextMenu.addItem({ command: CommandIDs.insertSummary, selector: '.jp-Notebook .jp-Cell', rank: 20 });
    palette?.addItem({ command: CommandIDs.insertSummary, category: 'ArchLens' });

    // Exports of the selected model (the panel's Export menu and the palette).
    const selected = (args: { model?: unknown }): ModelIR | null => {
      const wanted = typeof args.model === 'string' ? args.model : model.selectedModel;
      return panel.exportModel(wanted);
    };
    const failed = (what: string, error: unknown) =>
      Notification.error(trans.__('ArchLens could not %1: %2', what, String((error as Error)?.message ?? error)), { autoClose: 6000 });
    app.commands.addCommand(CommandIDs.copyMarkdown, {
      label: args => (args.isMenu ? trans.__('Copy Markdown') : trans.__('Copy Architecture Summary as Markdown')),
      caption: trans.__('Copy the summary table of the selected model to the clipboard as markdown'),
      isEnabled: args => !!selected(args),
      execute: async args => {
        const m = selected(args);
        if (!m) {
          return;
        }
        const text = modelToMarkdown(m) + '\n';
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          Clipboard.copyToSystem(text); // older browsers, or a refused clipboard permission
        }
        Notification.success(trans.__('Copied the summary of %1 as markdown', m.name), { autoClose: 3000 });
      }
    });
    const fileExports: Array<[string, string, string, string, (m: ModelIR) => string, string]> = [
      [CommandIDs.downloadMarkdown, trans.__('Markdown (.md)'), trans.__('Download Architecture Summary as Markdown'), 'md', m => modelToMarkdown(m) + '\n', 'text/markdown;charset=utf-8'],
      [CommandIDs.downloadJson, trans.__('JSON IR (.json)'), trans.__('Download Architecture as JSON (IR)'), 'json', m => modelToJson(m), 'application/json;charset=utf-8'],
      [CommandIDs.downloadLatex, trans.__('LaTeX Table (.tex)'), trans.__('Download Architecture Summary as LaTeX'), 'tex', m => modelToLatex(m) + '\n', 'application/x-tex;charset=utf-8'],
      [
        CommandIDs.downloadCsv,
        trans.__('CSV Table (.csv)'),
        trans.__('Download Architecture Summary as CSV'),
        'csv',
        m => irToCsv({ models: [m], diagnostics: [] }),
        'text/csv;charset=utf-8'
      ]
    ];
    for (const [id, menuLabel, label, ext, render, mime] of fileExports) {
      app.commands.addCommand(id, {
        label: args => (args.isMenu ? menuLabel : label),
        isEnabled: args => !!selected(args),
        execute: args => {
          const m = selected(args);
          if (!m) {
            return;
          }
          try {
            download(render(m), fileNameFor(m.name, ext), mime);
          } catch (error) {
            failed(trans.__('export %1', m.name), error);
          }
        }
      });
    }
    const graphExport = async (args: { model?: unknown }, png: boolean) => {
      const m = selected(args);
      if (!m) {
        return;
      }
      if (m.name !== panel.currentModel) {
        throw new Error(trans.__('the graph shows another model'));
      }
      const drawn = await panel.graphSvg();
      if (!drawn) {
        Notification.warning(trans.__('There is no graph of %1 to export.', m.name), { autoClose: 5000 });
        return;
      }
      if (png) {
        download(await svgToPng(drawn.svg, drawn.width, drawn.height, 2), fileNameFor(m.name, 'png'));
      } else {
        download(drawn.svg, fileNameFor(m.name, 'svg'), 'image/svg+xml;charset=utf-8');
      }
    };
    app.commands.addCommand(CommandIDs.downloadSvg, {
      label: args => (args.isMenu ? trans.__('Graph as SVG (.svg)') : trans.__('Download Architecture Graph as SVG')),
      isEnabled: args => !!selected(args),
      execute: args => graphExport(args, false).catch(error => failed(trans.__('export the graph'), error))
    });
    app.commands.addCommand(CommandIDs.downloadPng, {
      label: args => (args.isMenu ? trans.__('Graph as PNG (.png)') : trans.__('Download Architecture Graph as PNG')),
      isEnabled: args => !!selected(args),
      execute: args => graphExport(args, true).catch(error => failed(trans.__('export the graph'), error))
    });
    exportMenu.addItem({ command: CommandIDs.insertSummary });
    exportMenu.addItem({ command: CommandIDs.copyMarkdown, args: { isMenu: true } });
    exportMenu.addItem({ type: 'separator' });
    for (const [id] of fileExports) {
      exportMenu.addItem({ command: id, args: { isMenu: true } });
    }
    exportMenu.addItem({ type: 'separator' });
    exportMenu.addItem({ command: CommandIDs.downloadSvg, args: { isMenu: true } });
    exportMenu.addItem({ command: CommandIDs.downloadPng, args: { isMenu: true } });
    for (const id of [CommandIDs.copyMarkdown, ...fileExports.map(e => e[0]), CommandIDs.downloadSvg, CommandIDs.downloadPng]) {
      palette?.addItem({ command: id, category: 'ArchLens' });
    }
    for (const fileType of ['notebook', 'python']) {
      app.contextMenu.addItem({
        command: CommandIDs.inspect,
        selector: `.jp-DirListing-item[data-file-type="${fileType}"]`,
        rank: 3
      });
    }
    palette?.addItem({ command: CommandIDs.toggle, category: 'ArchLens' });
    palette?.addItem({ command: CommandIDs.refresh, category: 'ArchLens' });

    // Panel views: search, fit, and switching between Graph / Table / Diagnostics.
    app.commands.addCommand(CommandIDs.findLayer, {
      label: trans.__('Find Layer in Architecture Graph'),
      execute: () => {
        labShell.activateById(panel.id);
        panel.focusSearch();
      }
    });
    app.commands.addCommand(CommandIDs.fitGraph, {
      label: trans.__('Fit Architecture Graph to View'),
      execute: () => panel.fitGraph()
    });
    const views: Array<[string, ViewName, string, string]> = [
      [CommandIDs.showGraph, 'graph', trans.__('Show Architecture Graph'), trans.__('Graph')],
      [CommandIDs.showTable, 'table', trans.__('Show Architecture Table'), trans.__('Table')],
      [CommandIDs.showDiagnostics, 'diagnostics', trans.__('Show Architecture Diagnostics'), trans.__('Diagnostics')]
    ];
    for (const [id, view, label, menuLabel] of views) {
      app.commands.addCommand(id, {
        label: args => (args.isMenu ? menuLabel : label),
        isToggled: () => panel.isVisible && panel.currentView === view,
        execute: () => {
          labShell.activateById(panel.id);
          panel.showView(view, true);
        }
      });
      palette?.addItem({ command: id, category: 'ArchLens' });
    }
    palette?.addItem({ command: CommandIDs.findLayer, category: 'ArchLens' });
    palette?.addItem({ command: CommandIDs.fitGraph, category: 'ArchLens' });

    if (settingRegistry) {
      void settingRegistry.load(PLUGIN_ID).then(settings => {
        // (collapseDepth reaches the view-state store through panel.settings)
        const apply = () => {
          model.debounceMs = settings.get('debounceMs').composite as number;
          model.frameworks = settings.get('frameworks').composite as Framework[];
          model.readLibraries = settings.get('readInstalledLibraries').composite as boolean;
          panel.settings = {
            collapseDepth: settings.get('collapseDepth').composite as number,
            direction: settings.get('graphDirection').composite as 'TB' | 'LR',
            showBuffers: settings.get('showBuffers').composite as boolean,
            nodeLabels: settings.get('nodeLabels').composite as 'name' | 'type'
          };
        };
        apply();
        settings.changed.connect(apply);
      });
    }
  }
};

export default plugin;
