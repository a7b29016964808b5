// Issue 7: "Inspect Architecture (No Kernel)" from the file browser reads untrusted files as
// text; no kernel or session appears, no dialog or injected script runs, the page stays
// responsive, and malformed files get a clear message.
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { openPanel } from './helpers';

const HOSTILE = path.resolve(__dirname, '..', '..', 'fixtures', 'hostile');

test.use({ autoGoto: true });

async function inspect(page: any, filePath: string): Promise<void> {
  await page.evaluate(async (p: string) => {
    await (window as any).jupyterapp.commands.execute('archlens:inspect', { path: p });
  }, filePath);
}

test.describe('Inspect without a kernel', () => {
  test('context menu inspects a hostile notebook: no kernel, no dialog, no injected element', async ({ page, tmpPath }) => {
    const dialogs: string[] = [];
    page.on('dialog', async dialog => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const sockets: string[] = [];
    page.on('websocket', ws => sockets.push(ws.url()));
    await page.contents.uploadFile(path.join(HOSTILE, 'html_layer_names.py'), `${tmpPath}/html_layer_names.py`);
    await page.contents.uploadFile(path.join(HOSTILE, 'nb_ok_with_hostile_cell.ipynb'), `${tmpPath}/hostile.ipynb`);
    await page.filebrowser.openDirectory(tmpPath);

    // Through the file browser's context menu, as a user would.
    await page.locator('.jp-DirListing-item[data-file-type="notebook"]', { hasText: 'hostile.ipynb' }).click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Inspect Architecture (No Kernel)' }).click();
    const panel = page.locator('#archlens-panel');
    await expect(panel).toBeVisible();
    await expect(panel.locator('.jp-ArchLens-title')).toHaveText('hostile.ipynb (inspect)');
    await expect(panel).toHaveAttribute('data-status', /^(ok|problems)$/, { timeout: 30000 });
    await expect(panel.locator('.jp-ArchLens-modelName')).toHaveText(['model']);
    // The notebook itself was not opened.
    await expect(page.locator('.jp-NotebookPanel')).toHaveCount(0);

    await inspect(page, `${tmpPath}/html_layer_names.py`);
    await expect(panel.locator('.jp-ArchLens-title')).toHaveText('html_layer_names.py (inspect)');
    await expect(panel).toHaveAttribute('data-status', /^(ok|problems)$/, { timeout: 30000 });
    await expect(panel.locator('.jp-ArchLens-modelName')).toHaveText(['model']);

    // The page stays responsive, nothing was injected or run.
    const t0 = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(dialogs).toEqual([]);
    await expect(page.locator('#archlens-panel img, #archlens-panel script, #archlens-panel iframe')).toHaveCount(0);
    expect(await (await page.request.get('/api/kernels')).json()).toEqual([]);
    expect(await (await page.request.get('/api/sessions')).json()).toEqual([]);
    expect(sockets.filter(url => url.includes('/api/kernels'))).toEqual([]);
  });

  test('a malformed notebook gets a clear message', async ({ page, tmpPath }) => {
    await page.contents.uploadFile(path.join(HOSTILE, 'nb_truncated.ipynb'), `${tmpPath}/broken.ipynb`);
    await openPanel(page);
    await inspect(page, `${tmpPath}/broken.ipynb`);
    const panel = page.locator('#archlens-panel');
    await expect(panel).toHaveAttribute('data-status', 'failed');
    await expect(panel.locator('.jp-ArchLens-error')).toContainText('broken.ipynb: not valid notebook JSON');
  });
});
