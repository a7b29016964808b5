// Issue 16: a notebook using timm and transformers shows their models' exact totals in the
// panel, the library sources read through the ArchLens server extension from the kernel's
// environment: jupyter_server_test_config.py adds the kernelspec `archlens-libenv`, a fake venv
// whose site-packages is build/pylibs (the sources scripts/setup.sh installs; never imported);
// its interpreter is never run. Truth: timm 1.0.31 resnet50 25,557,032 and transformers 5.25.0
// BertModel(BertConfig()) 109,482,240 (fixtures/libraries/expected.json). No kernel, no session.
// The second test: the installed torchvision wins over the bundled description, and
// from_pretrained reads config.json through the hub-config endpoint.
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
  let requests = 0;
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/archlens/modules')) {
      expect(url.searchParams.get('kernel')).toBe('archlens-libenv');
      names.push(...url.searchParams.getAll('name'));
      requests++;
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
  // Lazy packages' TYPE_CHECKING imports are not prefetched and implied answers not asked: a
  // few hundred names (it was ~5,900 in 40 requests).
  expect(names.length).toBeLessThan(1500);
  console.log(`archlens/modules: ${requests} requests, ${names.length} names`);
  const answer = await (await page.request.get('/archlens/modules?kernel=archlens-libenv&name=timm.models.resnet')).json();
  expect(answer.modules[0].path).toMatch(/\/timm\/models\/resnet\.py$/);

  expect(await (await page.request.get('/api/kernels')).json()).toEqual([]);
  expect(await (await page.request.get('/api/sessions')).json()).toEqual([]);
  expect(sockets.filter(url => url.includes('/api/kernels'))).toEqual([]);
});

const TV_HUB_NOTEBOOK = path.resolve(__dirname, '..', 'notebooks', 'pyenv_torchvision_hub.ipynb');

// The installed torchvision 0.29.1 wins over the bundled 0.14 description (which has neither
// MaxViT nor Swin V2: a number at all shows the installed source was read), as in the CLI;
// from_pretrained("bert-base-uncased") reads config.json through the hub-config endpoint from
// the server's Hugging Face cache (jupyter_server_test_config.py sets HF_HUB_CACHE to
// fixtures/hf_cache/hub). Truth: torchvision 0.29.1 maxvit_t 30,919,624, swin_v2_t 28,351,570
// (fixtures/libraries/expected.json); bert-base-uncased has the default BertConfig.
test('installed torchvision wins and from_pretrained reads the server hub cache, no kernel', async ({ page, tmpPath }) => {
  test.skip(!fs.existsSync(PYLIBS), 'build/pylibs missing: run scripts/setup.sh');
  const modules: string[][] = [];
  const hub: string[] = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/archlens/modules')) {
      modules.push(url.searchParams.getAll('name'));
    } else if (url.pathname.endsWith('/archlens/hub-config')) {
      hub.push(...url.searchParams.getAll('repo'));
    }
  });
  const target = `${tmpPath}/pyenv_torchvision_hub.ipynb`;
  await page.contents.uploadFile(TV_HUB_NOTEBOOK, target);
  await openWithoutKernel(page, target);
  await openPanel(page);
  const params = (name: string) => page.locator(`#archlens-panel .jp-ArchLens-modelLink[data-model="${name}"] .jp-ArchLens-modelParams`);
  await expect(params('maxvit')).toHaveText('30,919,624 params', { timeout: 180_000 });
  await expect(params('swin')).toHaveText('28,351,570 params');
  await expect(params('bert')).toHaveText('109,482,240 params', { timeout: 60_000 });

  expect(hub).toEqual(['bert-base-uncased']);
  const names = modules.flat();
  expect(names).toEqual(expect.arrayContaining(['torchvision', 'torchvision.models', 'torchvision.models.maxvit', 'transformers.models.bert.modeling_bert']));
  // Each name asked once; what a parent's answer implies is never asked.
  expect(new Set(names).size).toBe(names.length);
  console.log(`archlens/modules: ${modules.length} requests, ${names.length} names; hub-config: ${hub.length}`);

  // The endpoint itself: the cached config, and a repo id that is a path is refused.
  const config = await (await page.request.get('/archlens/hub-config?repo=bert-base-uncased')).json();
  expect(JSON.parse(config.configs[0].text).model_type).toBe('bert');
  expect((await page.request.get('/archlens/hub-config?repo=../outside')).status()).toBe(400);

  expect(await (await page.request.get('/api/kernels')).json()).toEqual([]);
  expect(await (await page.request.get('/api/sessions')).json()).toEqual([]);
});
