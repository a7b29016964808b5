// Issue 16: a notebook importing an installed library gets the library's model counted from
// its source, read through the ArchLens server extension from the notebook's kernel
// environment (jupyter_server_test_config.py adds the kernelspec `archlens-fakeenv`, whose
// interpreter is fixtures/pyenv's fake venv with the tiny library `tinyzoo`; it is never run).
// Exact totals from scripts/truth/gen_pyenv_expected.py (torch 2.13). No kernel, no session.
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { openPanel, openWithoutKernel, waitForAnalysis } from './helpers';

const NOTEBOOK = path.resolve(__dirname, '..', 'notebooks', 'pyenv_tinyzoo.ipynb');
const EXPECTED = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'pyenv', 'expected.json'), 'utf8'));
const grouped = (n: number) => n.toLocaleString('en-US');

test.use({ autoGoto: true });

/** Every request the page makes to the module-source endpoint, with its query. */
function recordModuleRequests(page: IJupyterLabPageFixture): URL[] {
  const seen: URL[] = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/archlens/modules')) {
      seen.push(url);
    }
  });
  return seen;
}

async function expectNoKernelNoSession(page: IJupyterLabPageFixture, sockets: string[]): Promise<void> {
  expect(await (await page.request.get('/api/kernels')).json()).toEqual([]);
  expect(await (await page.request.get('/api/sessions')).json()).toEqual([]);
  expect(sockets.filter(url => url.includes('/api/kernels'))).toEqual([]);
}

async function expectTotal(page: IJupyterLabPageFixture, total: number): Promise<void> {
  const panel = page.locator('#archlens-panel');
  await expect(panel.locator('.jp-ArchLens-modelName')).toHaveText(['net']);
  await panel.locator('.jp-ArchLens-tab[data-view="table"]').click();
  const totals = panel.locator('.jp-ArchLens-tableView .jp-ArchLens-totals');
  await expect(totals.locator('[data-total="total"] .jp-ArchLens-totalValue')).toHaveText(grouped(total));
}

test.describe('Installed libraries read from the kernel environment', () => {
  test('a notebook using tinyzoo shows its exact total; sources come through the endpoint; no kernel starts', async ({ page, tmpPath }) => {
    const sockets: string[] = [];
    page.on('websocket', ws => sockets.push(ws.url()));
    const requests = recordModuleRequests(page);
    const target = `${tmpPath}/pyenv_tinyzoo.ipynb`;
    await page.contents.uploadFile(NOTEBOOK, target);
    await openWithoutKernel(page, target);
    await openPanel(page);
    await waitForAnalysis(page);
    await expectTotal(page, EXPECTED.net.total);

    // The library was read through the endpoint, for the notebook's kernelspec, by module name.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every(u => u.searchParams.get('kernel') === 'archlens-fakeenv' && u.searchParams.get('stat') === null)).toBe(true);
    const names = requests.flatMap(u => u.searchParams.getAll('name'));
    expect(names).toEqual(expect.arrayContaining(['tinyzoo', 'tinyzoo.layers', 'tinyzoo.models', 'tinyzoo.models.convnet']));
    expect(names.filter(n => n === 'torch' || n.startsWith('torch.'))).toEqual([]);
    // The endpoint answers with the library's source and its real path.
    const answer = await (await page.request.get(`/archlens/modules?kernel=archlens-fakeenv&name=tinyzoo.layers`)).json();
    expect(answer.modules[0].path).toMatch(/fixtures\/pyenv\/venv\/lib\/python3\.11\/site-packages\/tinyzoo\/layers\.py$/);
    await expectNoKernelNoSession(page, sockets);
  });

  test('Inspect (no kernel) reads the library too; a notebook of an unknown kernel falls back to no library', async ({ page, tmpPath }) => {
    const sockets: string[] = [];
    page.on('websocket', ws => sockets.push(ws.url()));
    const requests = recordModuleRequests(page);
    const target = `${tmpPath}/inspected.ipynb`;
    await page.contents.uploadFile(NOTEBOOK, target);
    await openPanel(page);
    await page.evaluate(async (p: string) => {
      await (window as any).jupyterapp.commands.execute('archlens:inspect', { path: p });
    }, target);
    await waitForAnalysis(page);
    await expectTotal(page, EXPECTED.net.total);
    expect(requests.length).toBeGreaterThan(0);

    // The same cells under a kernelspec the server does not have: no environment, no number.
    const other = JSON.parse(fs.readFileSync(NOTEBOOK, 'utf8'));
    other.metadata.kernelspec.name = 'no-such-kernel';
    await page.contents.uploadContent(JSON.stringify(other), 'text', `${tmpPath}/other.ipynb`);
    await page.evaluate(async (p: string) => {
      await (window as any).jupyterapp.commands.execute('archlens:inspect', { path: p });
    }, `${tmpPath}/other.ipynb`);
    const panel = page.locator('#archlens-panel');
    await expect(panel.locator('.jp-ArchLens-title')).toHaveText('other.ipynb (inspect)');
    await waitForAnalysis(page);
    await expect(panel.locator('.jp-ArchLens-modelName')).toHaveCount(0);
    await expectNoKernelNoSession(page, sockets);
  });
});
