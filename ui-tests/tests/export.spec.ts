// Issue 6: "Insert Architecture Summary Cell" writes a markdown cell after the model's
// definition that renders a table and a Mermaid diagram (as SVG); a second run updates the
// same cell; hostile layer names render as plain text.
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { openPanel, openWithoutKernel, upload, waitForAnalysis } from './helpers';

test.use({ autoGoto: true });

async function insertSummary(page: any, model: string): Promise<void> {
  await page.evaluate(async (m: string) => {
    await (window as any).jupyterapp.commands.execute('archlens:insert-summary', { model: m });
  }, model);
}

async function cellTexts(page: any): Promise<string[]> {
  return page.evaluate(() => {
    const nb = (window as any).jupyterapp.shell.currentWidget.content.model;
    const out: string[] = [];
    for (let i = 0; i < nb.cells.length; i++) {
      out.push(nb.cells.get(i).sharedModel.getSource());
    }
    return out;
  });
}

test('inserts one summary cell after the definition and updates it in place', async ({ page, tmpPath }) => {
  const nb = await upload(page, tmpPath, 'cifar_resnet.ipynb');
  await openWithoutKernel(page, nb);
  await openPanel(page);
  await waitForAnalysis(page);
  const before = (await cellTexts(page)).length;

  await insertSummary(page, 'model');
  let texts = await cellTexts(page);
  expect(texts).toHaveLength(before + 1);
  const summary = texts[5];
  expect(texts[4]).toContain('model = resnet20()');
  expect(summary.startsWith('<!-- archlens-summary:')).toBe(true);
  expect(summary).toContain('### Architecture of model (ResNet, PyTorch)');
  expect(summary).toContain('- Total params: 272,474');
  expect(summary).toContain('| Layer (type) | Output shape | Param # |');
  expect(summary).toContain('```mermaid\nflowchart TD');

  // Rendered: a real table and the Mermaid diagram (JupyterLab shows it as an SVG image).
  const rendered = page.locator('.jp-MarkdownCell').filter({ hasText: 'Architecture of model' });
  await expect(rendered.locator('table')).toHaveCount(1);
  await expect(rendered.locator('figure img[src^="data:image/svg+xml"]')).toBeVisible({ timeout: 20000 });
  const svg = decodeURIComponent((await rendered.locator('figure img').getAttribute('src'))!.slice('data:image/svg+xml,'.length));
  expect(svg).toContain('<svg');
  // Identical blocks fold in the chart as in the graph (issue 18).
  expect(svg).toContain('layer1.0 … layer1.2: BasicBlock × 3');

  // Running it again leaves exactly one summary cell; another model gets its own.
  await insertSummary(page, 'model');
  texts = await cellTexts(page);
  expect(texts).toHaveLength(before + 1);
  expect(texts.filter(t => t.includes('### Architecture of model'))).toHaveLength(1);
  await insertSummary(page, 'baseline');
  texts = await cellTexts(page);
  expect(texts).toHaveLength(before + 2);
  expect(texts[8]).toContain('### Architecture of baseline (Sequential, PyTorch)');
  expect(texts[7]).toContain('baseline = nn.Sequential(');
});

test('hostile layer names render as plain text', async ({ page, tmpPath }) => {
  const dialogs: string[] = [];
  page.on('dialog', async d => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const target = `${tmpPath}/hostile_names.ipynb`;
  await page.contents.uploadFile(path.resolve(__dirname, '..', 'notebooks', 'hostile_names.ipynb'), target);
  await openWithoutKernel(page, target);
  await openPanel(page);
  await waitForAnalysis(page);
  await insertSummary(page, 'model');
  const rendered = page.locator('.jp-MarkdownCell').filter({ hasText: 'Architecture of model' });
  await expect(rendered.locator('table')).toHaveCount(1);
  await expect(rendered).toContainText('<img src=x onerror=alert(1)>');
  await expect(rendered).toContainText('<script>alert(2)</script>');
  await expect(rendered.locator('script, iframe, object, embed')).toHaveCount(0);
  // the only image is the Mermaid diagram, an SVG data URI (images cannot run script)
  await expect(rendered.locator('img')).toHaveCount(1);
  await expect(rendered.locator('figure img[src^="data:image/svg+xml"]')).toHaveCount(1);
  // header + root + the setattr layer + the ModuleDict and its two entries
  await expect(rendered.locator('table tr')).toHaveCount(1 + 1 + 4);
  expect(dialogs).toEqual([]);
});
