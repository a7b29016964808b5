// Issue 16: a notebook using timm and transformers shows their models' exact totals in the
// panel, the library sources read through the ArchLens server extension from the kernel's
// environment: jupyter_server_test_config.py adds the kernelspec `archlens-libenv`, a fake venv
// whose site-packages is build/pylibs (the sources scripts/setup.sh installs; never imported);
// its interpreter is never run. Truth: timm 1.0.31 resnet50 25,557,032 and transformers 5.25.0
// BertModel(BertConfig()) 109,482,240 (fixtures/libraries/expected.json). No kernel, no session.
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { openPanel, openWithoutKernel } from './helpers';

const NOTEBOOK = path.resolve(__dirname, '..', 'notebooks', 'pyenv_libraries.ipynb');
const PYLIBS = path.resolve(__dirname, '..', '..', 'build', 'pylibs');

test.use({ autoGoto: true });
test.setTimeout(240_000);

test('timm and transformers models from the kernel environment: exact totals, no kernel', async ({ page, tmpPath }) => {
  test.skip(!fs.existsSync(PYLIBS), 'build/pylibs missing: run scripts/setup.sh');
  const sockets: string[] = [];
  page.on('websocket', ws => sockets.push(ws.url()));
  const names: string[] = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/archlens/modules')) {
      expect(url.searchParams.get('kernel')).toBe('archlens-libenv');
      names.push(...url.searchParams.getAll('name'));
    }
  });
  const target = `${tmpPath}/pyenv_libraries.ipynb`;
  await page.contents.uploadFile(NOTEBOOK, target);
  await openWithoutKernel(page, target);
  await openPanel(page);
  const params = (name: string) => page.locator(`#archlens-panel .jp-ArchLens-modelLink[data-model="${name}"] .jp-ArchLens-modelParams`);
  // The first analysis fetches and reads timm's whole import (~120 model files): allow it time.
  await expect(params('model')).toHaveText('25,557,032 params', { timeout: 180_000 });
  await expect(params('bert')).toHaveText('109,482,240 params');

  // The sources came through the endpoint, by module name, from the kernelspec's environment.
  expect(names).toEqual(expect.arrayContaining(['timm', 'timm.models.resnet', 'transformers', 'transformers.models.bert.modeling_bert']));
  expect(names.filter(n => n === 'torch' || n.startsWith('torch.'))).toEqual([]);
  const answer = await (await page.request.get('/archlens/modules?kernel=archlens-libenv&name=timm.models.resnet')).json();
  expect(answer.modules[0].path).toMatch(/\/timm\/models\/resnet\.py$/);

  expect(await (await page.request.get('/api/kernels')).json()).toEqual([]);
  expect(await (await page.request.get('/api/sessions')).json()).toEqual([]);
  expect(sockets.filter(url => url.includes('/api/kernels'))).toEqual([]);
});
