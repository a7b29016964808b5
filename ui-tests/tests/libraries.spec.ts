// Library descriptions (torchvision, keras.applications) are Python files bundled into the
// analysis worker as text: a notebook that builds models from them gets their exact totals in
// the browser, as the CLI and the tests get them.
import { expect, test } from '@jupyterlab/galata';
import { openPanel, openWithoutKernel, waitForAnalysis } from './helpers';

test.use({ autoGoto: true });

const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'code', id: 'tv', metadata: {}, outputs: [], execution_count: null, source: 'from torchvision import models\nresnet = models.resnet18()\n' },
    { cell_type: 'code', id: 'ka', metadata: {}, outputs: [], execution_count: null, source: 'import keras\nvgg = keras.applications.VGG16(weights=None)\n' }
  ]
};

test('models built from the bundled torchvision and keras.applications descriptions', async ({ page, tmpPath }) => {
  const path = `${tmpPath}/libraries.ipynb`;
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', path);
  await openWithoutKernel(page, path);
  await openPanel(page);
  await waitForAnalysis(page);
  const params = (name: string) => page.locator(`#archlens-panel .jp-ArchLens-modelLink[data-model="${name}"] .jp-ArchLens-modelParams`);
  // torchvision 0.14: resnet18() 11,689,512; Keras 3.15: VGG16(weights=None) 138,357,544.
  await expect(params('resnet')).toHaveText('11,689,512 params');
  await expect(params('vgg')).toHaveText('138,357,544 params');
});
