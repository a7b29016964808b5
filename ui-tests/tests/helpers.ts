// Shared steps for the ArchLens UI tests: upload an example, open it WITHOUT a kernel,
// open the ArchLens panel and wait for its analysis to settle.
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect } from '@jupyterlab/galata';
import * as path from 'path';

export const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

export async function upload(page: IJupyterLabPageFixture, tmpPath: string, name: string): Promise<string> {
  const target = `${tmpPath}/${name}`;
  await page.contents.uploadFile(path.join(EXAMPLES, name), target);
  return target;
}

/** Opens a notebook the way a user picking "No Kernel" would: no kernel is started. */
export async function openWithoutKernel(page: IJupyterLabPageFixture, notebookPath: string): Promise<void> {
  await page.evaluate(async p => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', {
      path: p,
      factory: 'Notebook',
      kernelPreference: { shouldStart: false, canStart: false, autoStartDefault: false }
    });
  }, notebookPath);
  // the notebook just opened (others may be open behind it)
  await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').first().waitFor();
}

export async function openPanel(page: IJupyterLabPageFixture): Promise<void> {
  const tab = page.locator('.lm-TabBar-tab[data-id="archlens-panel"]');
  await expect(tab).toHaveAttribute('title', /ArchLens/);
  if (!(await page.locator('#archlens-panel').isVisible())) {
    await tab.click();
  }
  await expect(page.locator('#archlens-panel')).toBeVisible();
}

/** Waits until the panel reports an up-to-date analysis. */
export async function waitForAnalysis(page: IJupyterLabPageFixture): Promise<void> {
  await expect(page.locator('#archlens-panel')).toHaveAttribute('data-status', /^(ok|problems)$/, { timeout: 30000 });
}
