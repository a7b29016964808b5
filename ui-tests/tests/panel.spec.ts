// Issue 5: the architecture panel - graph, table and diagnostics of the example notebooks,
// click-to-source, cursor-to-layer, live updates that keep the view state, and screenshots of
// every view in light and dark themes (written to docs/screenshots/, committed).
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';
import { openPanel, openWithoutKernel, upload, waitForAnalysis } from './helpers';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

test.use({ autoGoto: true, viewport: { width: 1440, height: 900 } });

const panel = (page: IJupyterLabPageFixture): Locator => page.locator('#archlens-panel');

/** Opens an example without a kernel, shows the panel and makes it wide enough to read. */
async function openExample(page: IJupyterLabPageFixture, tmpPath: string, name: string): Promise<void> {
  await openNotebook(page, await upload(page, tmpPath, name));
}

async function openNotebook(page: IJupyterLabPageFixture, nb: string): Promise<void> {
  await openWithoutKernel(page, nb);
  await openPanel(page);
  await waitForAnalysis(page);
  const box = await page.locator('#jp-right-stack').boundingBox();
  if (box && box.width < 560) {
    await page.mouse.move(box.x - 2, 420);
    await page.mouse.down();
    await page.mouse.move(box.x - (600 - box.width), 420, { steps: 6 });
    await page.mouse.up();
  }
  await expect(panel(page).locator('.jp-ArchLens-tabs')).toBeVisible();
}

async function showView(page: IJupyterLabPageFixture, view: 'graph' | 'table' | 'diagnostics'): Promise<void> {
  await panel(page).locator(`.jp-ArchLens-tab[data-view="${view}"]`).click();
  await expect(panel(page).locator(`.jp-ArchLens-tab[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

/** Appends a code cell to the notebook in the main area. */
async function appendCell(page: IJupyterLabPageFixture, source: string): Promise<void> {
  await page.evaluate(src => {
    const nbw = (window as any).jupyterapp.shell.currentWidget.content;
    nbw.model.sharedModel.insertCell(nbw.model.cells.length, { cell_type: 'code', source: src });
  }, source);
}

async function pickModel(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await panel(page).locator(`.jp-ArchLens-modelLink[data-model="${name}"]`).click();
  await expect(panel(page).locator(`.jp-ArchLens-modelLink[data-model="${name}"]`)).toHaveAttribute('aria-pressed', 'true');
}

/** Where the notebook's active cell editor has its selection. */
async function activeSelection(page: IJupyterLabPageFixture): Promise<{ cell: number; line: number; text: string }> {
  return page.evaluate(() => {
    const nb = (window as any).jupyterapp.shell.currentWidget.content;
    const editor = nb.activeCell.editor;
    const sel = editor.getSelection();
    return { cell: nb.activeCellIndex, line: sel.start.line, text: editor.getLine(sel.start.line) ?? '' };
  });
}

async function shoot(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await page.waitForTimeout(250); // let the zoom transition and fonts settle
  await panel(page).screenshot({ path: path.join(SHOTS, name) });
}

async function viewsInBothThemes(page: IJupyterLabPageFixture, prefix: string, views: Array<'graph' | 'table' | 'diagnostics'>): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    for (const view of views) {
      await showView(page, view);
      if (view === 'graph') {
        await expect(panel(page).locator('.jp-ArchLens-node').first()).toBeVisible();
      }
      await shoot(page, `${prefix}-${view}-${theme}.png`);
    }
  }
  await page.theme.setLightTheme();
}

test.describe('ArchLens panel', () => {
  test('ResNet graph: nodes, groups, residual structure and edge shapes', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'cifar_resnet.ipynb');
    // The largest model is shown first; every model stays in the picker.
    await expect(panel(page).locator('.jp-ArchLens-modelLink[data-model="model"]')).toHaveAttribute('aria-pressed', 'true');
    const graph = panel(page).locator('.jp-ArchLens-graphView');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"]')).toBeVisible();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"] .jp-ArchLens-nodeType')).toHaveText('Conv2d');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"] .jp-ArchLens-nodeParams')).toHaveText('432');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"] .jp-ArchLens-nodeSub')).toContainText('3→16, k=3');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"]')).toHaveAttribute('data-category', 'conv');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="linear"]')).toHaveAttribute('data-category', 'linear');

    // Default collapse depth 2: the stages are clusters, the blocks collapsed; identical
    // blocks in a row fold into one "Block x N" node (the downsampling first block of a stage
    // differs, so it stays on its own).
    await expect(graph.locator('.jp-ArchLens-cluster[data-layer="layer1"]')).toHaveCount(1);
    const fold1 = graph.locator('.jp-ArchLens-node[data-layer="layer1.0"]');
    await expect(fold1).toHaveAttribute('data-kind', 'fold');
    await expect(fold1.locator('.jp-ArchLens-nodeType')).toHaveText('▸ BasicBlock × 3');
    await expect(fold1.locator('.jp-ArchLens-nodeParams')).toHaveText('14K');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer2.0"]')).toHaveAttribute('data-kind', 'group');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer2.1"] .jp-ArchLens-nodeType')).toHaveText('▸ BasicBlock × 2');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer3.1"]')).toHaveAttribute('data-kind', 'fold');

    // Unfolding shows the three blocks.
    await fold1.dblclick();
    for (const block of ['layer1.0', 'layer1.1', 'layer1.2']) {
      await expect(graph.locator(`.jp-ArchLens-node[data-layer="${block}"]`)).toHaveAttribute('data-kind', 'group');
    }
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer1.0"] .jp-ArchLens-nodeType')).toHaveText('▸ BasicBlock');

    // Edge labels carry the tensor shapes.
    const labels = graph.locator('.jp-ArchLens-edgeLabel');
    await expect(labels.filter({ hasText: /^1×3×32×32$/ })).toHaveCount(1);
    await expect(labels.filter({ hasText: /^1×64×1×1$/ })).toHaveCount(1);
    await expect(labels.filter({ hasText: /^1×64$/ })).toHaveCount(1);

    // Opening a block shows its layers and the residual add with two inputs.
    await graph.locator('.jp-ArchLens-node[data-layer="layer1.0"]').dblclick();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer1.0.conv1"]')).toBeVisible();
    await expect(graph.locator('.jp-ArchLens-cluster[data-layer="layer1.0"]')).toHaveCount(1);
    const add = graph.locator('.jp-ArchLens-node[data-category="merge"]').first();
    await expect(add).toBeVisible();
    const addId = await add.evaluate(n => (n as any).__data__.node.id as string);
    const inputs = await graph.locator('path.jp-ArchLens-edge').evaluateAll((paths, id) => paths.filter(p => p.getAttribute('data-to') === id).length, addId);
    expect(inputs).toBe(2);

    // Search highlights matches and dims the rest.
    await graph.locator('.jp-ArchLens-search').fill('batchnorm');
    await expect(graph.locator('.jp-ArchLens-node.jp-mod-match').first()).toBeVisible();
    expect(await graph.locator('.jp-ArchLens-node.jp-mod-dimmed').count()).toBeGreaterThan(0);
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer1.0.bn1"]')).toHaveClass(/jp-mod-match/);
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"]')).toHaveClass(/jp-mod-dimmed/);
    await graph.locator('.jp-ArchLens-search').fill('');
    await expect(graph.locator('.jp-ArchLens-node.jp-mod-dimmed')).toHaveCount(0);
  });

  test('ResNet table: hierarchy, Block x N folds, depth and totals', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'cifar_resnet.ipynb');
    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    const totals = table.locator('.jp-ArchLens-totals');
    await expect(totals.locator('[data-total="total"] .jp-ArchLens-totalValue')).toHaveText('272,474');
    await expect(totals.locator('[data-total="trainable"] .jp-ArchLens-totalValue')).toHaveText('272,474');
    await expect(totals.locator('[data-total="nonTrainable"] .jp-ArchLens-totalValue')).toHaveText('0');
    // decimal units as in every export (torchinfo's "Params size (MB): 1.09")
    await expect(totals.locator('[data-total="memory"] .jp-ArchLens-totalValue')).toHaveText('1.09 MB');
    await expect(totals.locator('[data-total="memory16"] .jp-ArchLens-totalValue')).toHaveText('544.95 kB');
    await expect(totals.locator('[data-total="memory8"] .jp-ArchLens-totalValue')).toHaveText('272.47 kB');
    // torchinfo.summary(model, input_size=(1, 3, 32, 32)).total_mult_adds
    await expect(totals.locator('[data-total="multAdds"] .jp-ArchLens-totalValue')).toHaveText('40,814,762');

    // layer1 holds three identical blocks: one "BasicBlock x 3" row with their total.
    const fold = table.locator('tr[data-key="fold:layer1.0"]');
    await expect(fold.locator('.jp-ArchLens-layerType')).toHaveText('BasicBlock × 3');
    await expect(fold.locator('td').nth(2)).toHaveText('14,016');
    await expect(table.locator('tr[data-id="conv1"] td').nth(1)).toHaveText('[1, 16, 32, 32]');
    await expect(table.locator('tr[data-id="conv1"] td').nth(2)).toHaveText('432');
    await expect(table.locator('tr[data-id="linear"] td').nth(2)).toHaveText('650');
    // layer2 starts with a downsampling block, so only its last two blocks fold.
    await expect(table.locator('tr[data-key="fold:layer2.1"] .jp-ArchLens-layerType')).toHaveText('BasicBlock × 2');

    // Unfold, then open a block by its arrow.
    await fold.locator('.jp-ArchLens-toggle').click();
    await expect(table.locator('tr[data-id="layer1.2"]')).toBeVisible();
    await expect(table.locator('tr[data-id="layer1.0.conv1"]')).toHaveCount(0);
    await table.locator('tr[data-id="layer1.0"] .jp-ArchLens-toggle').click();
    await expect(table.locator('tr[data-id="layer1.0.conv1"] td').nth(2)).toHaveText('2,304');

    // The depth control shows one more level everywhere.
    const before = await table.locator('tbody tr').count();
    await table.locator('.jp-ArchLens-depth button').nth(1).click();
    await expect(table.locator('.jp-ArchLens-depthValue')).toHaveText('3');
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(before);
  });

  test('clicking a node, a row or a diagnostic goes to the defining line', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'cifar_resnet.ipynb');
    const graph = panel(page).locator('.jp-ArchLens-graphView');
    await graph.locator('.jp-ArchLens-node[data-layer="conv1"]').click();
    await expect.poll(async () => (await activeSelection(page)).text).toContain('self.conv1 = nn.Conv2d(3, 16');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"]')).toHaveClass(/jp-mod-selected/);

    // Keyboard in the graph: arrows follow the dataflow, Enter goes to the source.
    await graph.locator('.jp-ArchLens-graphCanvas').focus();
    await page.keyboard.press('ArrowDown'); // from the selected conv1 to bn1
    await expect(graph.locator('.jp-ArchLens-node.jp-mod-selected')).toHaveAttribute('data-layer', 'bn1');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await activeSelection(page)).text).toContain('self.bn1 = nn.BatchNorm2d(16)');
    await graph.locator('.jp-ArchLens-node[data-layer="conv1"]').click();

    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    // The selection is shared between the views.
    await expect(table.locator('tr[data-id="conv1"]')).toHaveClass(/jp-mod-selected/);
    await table.locator('tr[data-id="linear"]').click();
    await expect.poll(async () => (await activeSelection(page)).text).toContain('self.linear = nn.Linear(64, num_classes)');

    // Keyboard: arrows move between rows, Enter goes to the source.
    await table.locator('tr[data-id="conv1"]').click();
    await page.keyboard.press('ArrowDown');
    await expect(table.locator('tr[data-id="bn1"]')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await activeSelection(page)).text).toContain('self.bn1 = nn.BatchNorm2d(16)');

    // Diagnostics link to their lines: a cell feeding 3x32x32 images to Linear(100, 10) gets
    // the shape-mismatch error.
    await appendCell(page, 'bad = nn.Sequential(nn.Flatten(), nn.Linear(100, 10))\ny = bad(torch.randn(1, 3, 32, 32))\n');
    await expect(panel(page).locator('.jp-ArchLens-modelName')).toHaveText(['model', 'baseline', 'bad']);
    // (diagnostics show the selected model's)
    await pickModel(page, 'bad');
    await showView(page, 'diagnostics');
    await expect(panel(page).locator('.jp-ArchLens-diagnostic').first()).toContainText('3072');
    const link = panel(page).locator('.jp-ArchLens-diagnostic .jp-ArchLens-link').first();
    await expect(link).toBeVisible();
    const where = (await link.textContent()) ?? '';
    await link.click();
    const m = /cell (\d+), line (\d+)/.exec(where);
    expect(m).not.toBeNull();
    await expect.poll(async () => activeSelection(page)).toMatchObject({ cell: Number(m![1]) - 1, line: Number(m![2]) - 1 });
  });

  test('the notebook cursor on a layer definition highlights that layer', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'cifar_resnet.ipynb');
    await showView(page, 'table');
    const setCursor = async (cell: number, line: number) =>
      page.evaluate(
        ([c, l]) => {
          const nb = (window as any).jupyterapp.shell.currentWidget.content;
          nb.activeCellIndex = c;
          const editor = nb.activeCell.editor;
          editor.focus();
          editor.setCursorPosition({ line: l, column: 8 });
        },
        [cell, line]
      );
    await setCursor(3, 9); // self.linear = nn.Linear(64, num_classes)
    await expect(panel(page).locator('tr[data-id="linear"]')).toHaveClass(/jp-mod-cursor/);
    await showView(page, 'graph');
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="linear"]')).toHaveClass(/jp-mod-cursor/);
    // A line inside the block class highlights every block built from it (here: collapsed groups).
    await setCursor(2, 5); // self.conv1 = nn.Conv2d(in_planes, planes, ...) in BasicBlock
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="layer1.0"]')).toHaveClass(/jp-mod-cursor/);
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="linear"]')).not.toHaveClass(/jp-mod-cursor/);
    // A line of forward() highlights the layers it calls.
    await showView(page, 'table');
    await setCursor(3, 20); // out = F.relu(self.bn1(self.conv1(x))) in ResNet.forward
    await expect(panel(page).locator('tr[data-id="conv1"]')).toHaveClass(/jp-mod-cursor/);
    await expect(panel(page).locator('tr[data-id="bn1"]')).toHaveClass(/jp-mod-cursor/);
    await expect(panel(page).locator('tr[data-id="linear"]')).not.toHaveClass(/jp-mod-cursor/);
    await setCursor(3, 26); // return self.linear(out)
    await expect(panel(page).locator('tr[data-id="linear"]')).toHaveClass(/jp-mod-cursor/);
    await expect(panel(page).locator('tr[data-id="conv1"]')).not.toHaveClass(/jp-mod-cursor/);
  });

  test('typing into a cell updates the panel and keeps collapsed groups, zoom and selection', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'cifar_resnet.ipynb');
    const graph = panel(page).locator('.jp-ArchLens-graphView');
    // Arrange a view state: blocks unfolded, one opened, one stage closed, zoomed in, a layer selected.
    await graph.locator('.jp-ArchLens-node[data-layer="layer1.0"]').dblclick();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer1.0"]')).toHaveAttribute('data-kind', 'group');
    await graph.locator('.jp-ArchLens-node[data-layer="layer1.0"]').dblclick();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer1.0.conv1"]')).toBeVisible();
    await graph.locator('.jp-ArchLens-fit').click();
    await graph.locator('.jp-ArchLens-cluster[data-layer="layer2"] .jp-ArchLens-clusterTitle').click();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer2"]')).toHaveAttribute('data-kind', 'group');
    await graph.locator('.jp-ArchLens-node[data-layer="conv1"]').click();
    await graph.locator('.jp-ArchLens-zoomIn').click();
    const viewport = graph.locator('.jp-ArchLens-viewport');
    await page.waitForTimeout(200);
    const transform = await viewport.getAttribute('transform');

    // Type into the baseline cell: nn.Linear(256, 10) -> nn.Linear(256, 20).
    await page.evaluate(() => {
      const nb = (window as any).jupyterapp.shell.currentWidget.content;
      const index = nb.widgets.findIndex((c: any) => c.model.sharedModel.getSource().includes('nn.Linear(256, 10)'));
      nb.activeCellIndex = index;
      nb.mode = 'edit';
      const editor = nb.activeCell.editor;
      const lines = nb.activeCell.model.sharedModel.getSource().split('\n');
      const line = lines.findIndex((l: string) => l.includes('nn.Linear(256, 10)'));
      const column = lines[line].indexOf('10)');
      editor.focus();
      editor.setSelection({ start: { line, column }, end: { line, column: column + 2 } });
    });
    await page.keyboard.type('20');
    const baseline = panel(page).locator('.jp-ArchLens-modelLink[data-model="baseline"] .jp-ArchLens-modelParams');
    // 3072*256+256 + 256*20+20
    await expect(baseline).toHaveText('791,828 params');
    await waitForAnalysis(page);

    // The ResNet view kept its state across the update.
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer1.0.conv1"]')).toBeVisible();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="layer2"]')).toHaveAttribute('data-kind', 'group');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv1"]')).toHaveClass(/jp-mod-selected/);
    expect(await viewport.getAttribute('transform')).toBe(transform);

    // And the baseline's table shows the new count.
    await pickModel(page, 'baseline');
    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    await expect(table.locator('[data-total="total"] .jp-ArchLens-totalValue')).toHaveText('791,828');
    await expect(table.locator('tr[data-id="4"] td').nth(2)).toHaveText('5,140');
    // Back on the ResNet, the table shows the same collapse state as the graph.
    await pickModel(page, 'model');
    await expect(table.locator('tr[data-id="layer2"]')).toHaveAttribute('aria-expanded', 'false');
  });

  test('GPT: tied embedding counted once, transformer blocks fold', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'gpt_mini.ipynb');
    await expect(panel(page).locator('.jp-ArchLens-modelLink[data-model="model"]')).toHaveAttribute('aria-pressed', 'true');
    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    // 875,264 parameters with the 65,536-parameter tied matrix counted once (real torch agrees).
    await expect(table.locator('[data-total="total"] .jp-ArchLens-totalValue')).toHaveText('875,264');
    await expect(table.locator('[data-total="shared"] .jp-ArchLens-totalValue')).toHaveText('65,536');
    await expect(table.locator('tr[data-id="lm_head"] .jp-ArchLens-badge')).toHaveText('shared with transformer.wte');
    await table.locator('tr[data-id="transformer.h"] .jp-ArchLens-toggle').click();
    const fold = table.locator('tr[data-key="fold:transformer.h.0"]');
    await expect(fold.locator('.jp-ArchLens-layerType')).toHaveText('Block × 4');
    await expect(fold.locator('td').nth(2)).toHaveText('793,088');
    await expect(fold.locator('td').nth(1)).toHaveText('[2, 64, 128]');

    await showView(page, 'graph');
    const graph = panel(page).locator('.jp-ArchLens-graphView');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="transformer.wte"]')).toHaveAttribute('data-category', 'embedding');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="lm_head"]')).toBeVisible();
    // The table opened transformer.h, so the graph shows the four blocks, folded.
    const blocks = graph.locator('.jp-ArchLens-node[data-layer="transformer.h.0"]');
    await expect(blocks).toHaveAttribute('data-kind', 'fold');
    await expect(blocks.locator('.jp-ArchLens-nodeType')).toHaveText('▸ Block × 4');
    await expect(blocks.locator('.jp-ArchLens-nodeParams')).toHaveText('793K');
    await blocks.dblclick();
    for (let i = 0; i < 4; i++) {
      await expect(graph.locator(`.jp-ArchLens-node[data-layer="transformer.h.${i}"]`)).toHaveAttribute('data-kind', 'group');
    }
    await expect(graph.locator('.jp-ArchLens-edgeLabel').filter({ hasText: /^64×128$/ })).toHaveCount(1);
    await viewsInBothThemes(page, 'gpt', ['graph', 'table']);
  });

  test('Keras functional model with two inputs', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'keras_two_inputs.ipynb');
    await expect(panel(page).locator('.jp-ArchLens-modelLink[data-model="model"]')).toHaveAttribute('aria-pressed', 'true');
    const graph = panel(page).locator('.jp-ArchLens-graphView');
    // Two inputs, two branches, one concatenate with both branches coming in.
    await expect(graph.locator('.jp-ArchLens-node[data-category="input"]')).toHaveCount(2);
    await expect(graph.locator('.jp-ArchLens-node[data-layer="image"]')).toBeVisible();
    await expect(graph.locator('.jp-ArchLens-node[data-layer="metadata"]')).toBeVisible();
    const concat = graph.locator('.jp-ArchLens-node[data-layer="concatenate"]');
    await expect(concat).toHaveAttribute('data-category', 'merge');
    const concatId = await concat.evaluate(n => (n as any).__data__.node.id as string);
    const inputs = await graph.locator('path.jp-ArchLens-edge').evaluateAll((paths, id) => paths.filter(p => p.getAttribute('data-to') === id).length, concatId);
    expect(inputs).toBe(2);
    // Keras' batch dimension reads None, like model.summary(), and is not marked unknown.
    const labels = graph.locator('.jp-ArchLens-edgeLabel');
    await expect(labels.filter({ hasText: /^None×80$/ })).toHaveCount(1);
    await expect(labels.filter({ hasText: /^None×30×30×32$/ })).toHaveCount(2);
    await expect(labels.filter({ hasText: /^None×80$/ })).not.toHaveClass(/jp-ArchLens-unknown/);
    await expect(graph.locator('.jp-ArchLens-node[data-layer="conv2d"] .jp-ArchLens-nodeParams')).toHaveText('896');

    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    // model.summary(): 25,498 params, 25,434 trainable, 64 non-trainable (BatchNorm moving stats).
    await expect(table.locator('[data-total="total"] .jp-ArchLens-totalValue')).toHaveText('25,498');
    await expect(table.locator('[data-total="trainable"] .jp-ArchLens-totalValue')).toHaveText('25,434');
    await expect(table.locator('[data-total="nonTrainable"] .jp-ArchLens-totalValue')).toHaveText('64');
    await expect(table.locator('tr[data-id="conv2d_1"] td').nth(1)).toHaveText('[None, 13, 13, 64]');
    await expect(table.locator('tr[data-id="dense_1"] td').nth(2)).toHaveText('5,184');
    await viewsInBothThemes(page, 'keras', ['graph', 'table']);
  });

  test('symbolic counts are marked and a value for the symbol updates every count', async ({ page, tmpPath }) => {
    const cells = [
      'import torch\nimport torch.nn as nn\nimport pandas as pd\n',
      "df = pd.read_csv('labels.csv')\nclasses = sorted(df['label'].unique())\nnum_classes = len(classes)\n",
      'model = nn.Sequential(\n    nn.Flatten(),\n    nn.Linear(784, 128),\n    nn.ReLU(),\n    nn.Linear(128, num_classes),\n)\nx = torch.randn(1, 1, 28, 28)\ny = model(x)\n'
    ];
    const nb = {
      cells: cells.map((source, i) => ({ cell_type: 'code', id: `sym-${i}`, metadata: {}, source, execution_count: null, outputs: [] })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    };
    const target = `${tmpPath}/symbolic.ipynb`;
    await page.contents.uploadContent(JSON.stringify(nb), 'text', target);
    await openNotebook(page, target);
    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    const total = table.locator('[data-total="total"] .jp-ArchLens-totalValue');
    await expect(total).toHaveText('129·num_classes + 100,480');
    await expect(total).toHaveClass(/jp-ArchLens-symbolic/);
    await expect(table.locator('tr[data-id="3"] td').nth(2).locator('.jp-ArchLens-symbolic')).toHaveText('129·num_classes');
    await expect(table.locator('tr[data-id="3"] td').nth(1).locator('.jp-ArchLens-symbolic')).toHaveText('num_classes');
    await expect(table.locator('tr[data-id="3"] td').nth(2).locator('.jp-ArchLens-symbolic')).toHaveAttribute('title', /num_classes/);

    // The form asks for the open symbol; a value makes every count exact.
    const form = panel(page).locator('.jp-ArchLens-values');
    await expect(form).toHaveAttribute('open', '');
    await expect(form.locator('summary')).toContainText('num_classes');
    await shoot(page, 'symbolic-table-light.png');
    await form.locator('input[data-symbol="num_classes"]').fill('10');
    await form.locator('button[type="submit"]').click();
    await expect(total).toHaveText('101,770');
    await expect(table.locator('tr[data-id="3"] td').nth(2)).toHaveText('1,290');
    await expect(table.locator('tr[data-id="3"] td').nth(1)).toHaveText('[1, 10]');
    await expect(form.locator('summary')).toContainText('num_classes = 10');
  });

  test('an input shape given in the form makes the symbolic shapes exact', async ({ page, tmpPath }) => {
    const cells = [
      'import torch\nimport torch.nn as nn\n',
      'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear(8, 10)\n\n    def forward(self, x):\n        x = self.pool(self.conv(x)).flatten(1)\n        return self.fc(x)\n\nnet = Net()\n'
    ];
    const nb = {
      cells: cells.map((source, i) => ({ cell_type: 'code', id: `c-${i}`, metadata: {}, source, execution_count: null, outputs: [] })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    };
    const target = `${tmpPath}/no_input.ipynb`;
    await page.contents.uploadContent(JSON.stringify(nb), 'text', target);
    await openNotebook(page, target);
    await showView(page, 'table');
    const table = panel(page).locator('.jp-ArchLens-tableView');
    // No dummy tensor: the input is symbolic and so is every shape after it.
    await expect(table.locator('tr[data-id="fc"] td').nth(1).locator('.jp-ArchLens-symbolic')).toHaveCount(1);
    const form = panel(page).locator('.jp-ArchLens-values');
    await expect(form).toHaveAttribute('open', '');
    await form.locator('.jp-ArchLens-shapeInput').fill('(2, 3, 32, 32)');
    await form.locator('button[type="submit"]').click();
    await expect(table.locator('tr[data-id="conv"] td').nth(1)).toHaveText('[2, 8, 30, 30]');
    await expect(table.locator('tr[data-id="fc"] td').nth(1)).toHaveText('[2, 10]');
    await expect(form.locator('summary')).toContainText('[2, 3, 32, 32]');
    // A malformed shape is refused with a message, nothing is sent.
    await form.locator('.jp-ArchLens-shapeInput').fill('2, x');
    await form.locator('button[type="submit"]').click();
    await expect(form.locator('.jp-ArchLens-fieldError')).not.toBeEmpty();
    await expect(table.locator('tr[data-id="fc"] td').nth(1)).toHaveText('[2, 10]');
  });

  test('screenshots of every view, light and dark', async ({ page, tmpPath }) => {
    await openExample(page, tmpPath, 'cifar_resnet.ipynb');
    await viewsInBothThemes(page, 'resnet', ['graph', 'table']);
    // The ResNet resolves completely; a cell feeding images to a Linear of the wrong width
    // gives the diagnostics view something to report.
    await appendCell(page, 'head = nn.Sequential(nn.Flatten(), nn.Linear(100, 10))\nlogits = head(torch.randn(1, 3, 32, 32))\n');
    await expect(panel(page).locator('.jp-ArchLens-modelName')).toHaveText(['model', 'baseline', 'head']);
    await pickModel(page, 'head');
    await viewsInBothThemes(page, 'resnet', ['diagnostics']);
    await page.evaluate(() => {
      const nbw = (window as any).jupyterapp.shell.currentWidget.content;
      nbw.model.sharedModel.deleteCell(nbw.model.cells.length - 1);
    });
    await expect(panel(page).locator('.jp-ArchLens-modelName')).toHaveText(['model', 'baseline']);
    await pickModel(page, 'model');
    // Full window, for the README.
    await showView(page, 'graph');
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(SHOTS, 'lab-overview.png') });
  });
});

