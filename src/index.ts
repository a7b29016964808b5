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
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IEditorTracker } from '@jupyterlab/fileeditor';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { Widget } from '@lumino/widgets';
import { AnalysisClient } from './lab/client';
import { createAnalysisWorker } from './lab/worker-factory';
import { archlensIcon } from './lab/icons';
import { ArchLensModel } from './lab/model';
import { ArchLensPanel } from './lab/panel';
import { readSnapshot } from './lab/inspect';
import { writeSummaryCell } from './lab/export';
import { EditorSource, IDocumentSource, NotebookSource } from './lab/sources';
import { Notification } from '@jupyterlab/apputils';

const PLUGIN_ID = 'jupyterlab-archlens:plugin';

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
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Shows the neural networks a notebook builds, without running it.',
  autoStart: true,
  requires: [ILabShell],
  optional: [INotebookTracker, IEditorTracker, ILayoutRestorer, ISettingRegistry, ITranslator, ICommandPalette, IDefaultFileBrowser],
  activate: (
    app: JupyterFrontEnd,
    labShell: ILabShell,
    notebooks: INotebookTracker | null,
    editors: IEditorTracker | null,
    restorer: ILayoutRestorer | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    fileBrowser: IDefaultFileBrowser | null
  ) => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_archlens');
    const client = new AnalysisClient({ watchdogMs: 15000, createWorker: createAnalysisWorker });
    const model = new ArchLensModel({ client, debounceMs: 80 });
    const panel = new ArchLensPanel({ model, trans });
    panel.id = 'archlens-panel';
    panel.title.icon = archlensIcon;
    panel.title.caption = trans.__('ArchLens: model architecture');
    app.shell.add(panel, 'right', { rank: 650 });
    restorer?.add(panel, 'archlens');

    // Follow the current widget, the way the Table of Contents does. Sources are cached per
    // widget so switching back and forth does not rebuild them.
    const sources = new WeakMap<Widget, IDocumentSource>();
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
      } else if (editors?.has(widget)) {
        const w = widget as any;
        if (typeof w.context?.path === 'string' && w.context.path.endsWith('.py')) {
          source = new EditorSource(w);
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
    void app.restored.then(follow);

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
        const target = models.find(m => m.name === wanted) ?? models[0];
        try {
          writeSummaryCell(source.panel, target);
        } catch (error) {
          Notification.error(trans.__('ArchLens could not write the summary: %1', String((error as Error).message)));
        }
      }
    });
    app.contextMenu.addItem({ command: CommandIDs.insertSummary, selector: '.jp-Notebook .jp-Cell', rank: 20 });
    palette?.addItem({ command: CommandIDs.insertSummary, category: 'ArchLens' });
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
    const views: Array<[string, 'graph' | 'table' | 'diagnostics', string]> = [
      [CommandIDs.showGraph, 'graph', trans.__('Show Architecture Graph')],
      [CommandIDs.showTable, 'table', trans.__('Show Architecture Table')],
      [CommandIDs.showDiagnostics, 'diagnostics', trans.__('Show Architecture Diagnostics')]
    ];
    for (const [id, view, label] of views) {
      app.commands.addCommand(id, {
        label,
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
        const apply = () => {
          model.debounceMs = settings.get('debounceMs').composite as number;
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
