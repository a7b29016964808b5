// Issue 2: the panel follows a notebook opened with no kernel, lists its models and links to
// their cells; ArchLens starts no kernel, no session and opens no kernel websocket.
import { expect, test } from '@jupyterlab/galata';
import { openPanel, openWithoutKernel, upload, waitForAnalysis } from './helpers';

test.use({ autoGoto: true });

test.describe('ArchLens foundation', () => {
  test('lists the models of the example notebook and links to their cells', async ({ page, tmpPath }) => {
    const nb = await upload(page, tmpPath, 'cifar_resnet.ipynb');
    await openWithoutKernel(page, nb);
    await openPanel(page);
    await waitForAnalysis(page);

    const names = page.locator('#archlens-panel .jp-ArchLens-modelName');
    await expect(names).toHaveText(['model', 'baseline']);
    await expect(page.locator('#archlens-panel .jp-ArchLens-title')).toHaveText('cifar_resnet.ipynb');

    // Clicking a model selects the cell that defines it.
    await page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="baseline"]').click();
    const active = page.locator('.jp-NotebookPanel .jp-Cell.jp-mod-active');
    await expect(active).toContainText('baseline = nn.Sequential(');
    await page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="model"]').click();
    await expect(active).toContainText('model = resnet20()');
    // BasicBlock is instantiated inside `model`: it is shown there, not as a model of its own.
    await expect(page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="BasicBlock"]')).toHaveCount(0);
  });

  test('updates when cells are edited, added, moved and deleted', async ({ page, tmpPath }) => {
    const nb = await upload(page, tmpPath, 'cifar_resnet.ipynb');
    await openWithoutKernel(page, nb);
    await openPanel(page);
    await waitForAnalysis(page);
    const names = page.locator('#archlens-panel .jp-ArchLens-modelName');
    await expect(names).toHaveText(['model', 'baseline']);

    // Edit: rename the baseline variable.
    await page.evaluate(() => {
      const nbw = (window as any).jupyterapp.shell.currentWidget.content;
      const cell = nbw.model.cells.get(6);
      cell.sharedModel.setSource(cell.sharedModel.getSource().replace('baseline =', 'mlp ='));
    });
    await expect(names).toHaveText(['model', 'mlp']);

    // Add a cell with a new model at the end.
    await page.evaluate(() => {
      const nbw = (window as any).jupyterapp.shell.currentWidget.content;
      nbw.model.sharedModel.insertCell(nbw.model.cells.length, {
        cell_type: 'code',
        source: 'head = nn.Linear(10, 2)\n'
      });
    });
    await expect(names).toHaveText(['model', 'mlp', 'head']);

    // Move the new cell up, right after the imports: the order follows the notebook.
    await page.evaluate(() => {
      const nbw = (window as any).jupyterapp.shell.currentWidget.content;
      nbw.model.sharedModel.moveCell(nbw.model.cells.length - 1, 2);
    });
    await expect(names).toHaveText(['head', 'model', 'mlp']);

    // Above the imports, `nn` is not defined yet: it is no longer a model.
    await page.evaluate(() => {
      const nbw = (window as any).jupyterapp.shell.currentWidget.content;
      nbw.model.sharedModel.moveCell(2, 0);
    });
    await expect(names).toHaveText(['model', 'mlp']);

    // Delete it.
    await page.evaluate(() => {
      const nbw = (window as any).jupyterapp.shell.currentWidget.content;
      nbw.model.sharedModel.deleteCell(0);
    });
    await expect(names).toHaveText(['model', 'mlp']);
  });

  test('the frameworks setting hides the models of a disabled framework', async ({ page, tmpPath }) => {
    const nb = await upload(page, tmpPath, 'cifar_resnet.ipynb');
    await openWithoutKernel(page, nb);
    await openPanel(page);
    await waitForAnalysis(page);
    const names = page.locator('#archlens-panel .jp-ArchLens-modelName');
    await expect(names).toHaveText(['model', 'baseline']);
    const setFrameworks = (value: string[]) =>
      page.evaluate(async v => {
        const registry = await (window as any).galata.getPlugin('@jupyterlab/apputils-extension:settings');
        await registry.set('jupyterlab-archlens:plugin', 'frameworks', v);
      }, value);
    try {
      await setFrameworks(['keras']);
      await expect(names).toHaveCount(0);
      await expect(page.locator('#archlens-panel')).toContainText('No PyTorch or Keras model definitions found.');
    } finally {
      await setFrameworks(['pytorch', 'keras']);
    }
    await expect(names).toHaveText(['model', 'baseline']);
  });

  test('starts no kernel, no session and opens no kernel websocket', async ({ page, tmpPath }) => {
    const sockets: string[] = [];
    page.on('websocket', ws => sockets.push(ws.url()));
    const nb = await upload(page, tmpPath, 'cifar_resnet.ipynb');
    await openWithoutKernel(page, nb);
    await openPanel(page);
    await waitForAnalysis(page);
    await expect(page.locator('#archlens-panel .jp-ArchLens-modelName').first()).toBeVisible();

    const kernels = await (await page.request.get('/api/kernels')).json();
    const sessions = await (await page.request.get('/api/sessions')).json();
    expect(kernels).toEqual([]);
    expect(sessions).toEqual([]);
    expect(sockets.filter(url => url.includes('/api/kernels'))).toEqual([]);
  });
});
