// Issue 18, the IR side in the panel: every model a notebook builds is listed (a name rebound
// five times lists five, the earlier ones with their cell); a GPT-style model (nanoGPT) has no
// parameter or buffer "Input" node and its blocks fold to "Block × 6"; a ViT-style model's
// encoder blocks fold; opening a fold and a block shows the block's residual adds inside it.
// Screenshots of both graphs, folded and with one block opened, light and dark, go to
// docs/screenshots/. The notebooks are ui-tests/notebooks/{rebound_models,gpt_style,vit_style}.ipynb.
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';
import { openPanel, openWithoutKernel, waitForAnalysis } from './helpers';

const NOTEBOOKS = path.resolve(__dirname, '..', 'notebooks');
const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

test.use({ autoGoto: true, viewport: { width: 1440, height: 1300 } });
test.setTimeout(240_000);

const panel = (page: IJupyterLabPageFixture): Locator => page.locator('#archlens-panel');
const graph = (page: IJupyterLabPageFixture): Locator => panel(page).locator('.jp-ArchLens-graphView');

async function open(page: IJupyterLabPageFixture, tmpPath: string, name: string, width = 640): Promise<void> {
  const target = `${tmpPath}/${name}`;
  await page.contents.uploadFile(path.join(NOTEBOOKS, name), target);
  await openWithoutKernel(page, target);
  await openPanel(page);
  await waitForAnalysis(page);
  for (let i = 0; i < 3; i++) {
    const box = await page.locator('#jp-right-stack').boundingBox();
    if (!box || Math.abs(box.width - width) <= 3) {
      break;
    }
    await page.mouse.move(box.x - 2, 420);
    await page.mouse.down();
    await page.mouse.move(box.x - 2 - (width - box.width), 420, { steps: 6 });
    await page.mouse.up();
  }
  await expect(panel(page).locator('.jp-ArchLens-tabs')).toBeVisible();
}

async function shoot(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await page.waitForTimeout(300); // let the zoom transition and fonts settle
  await panel(page).screenshot({ path: path.join(SHOTS, name) });
}

/** Screenshots of the graph as it is now (fitted to the view), light and dark. */
async function bothThemes(page: IJupyterLabPageFixture, prefix: string): Promise<void> {
  await page.keyboard.press('Escape');
  await panel(page).locator('.jp-ArchLens-iconButton[title^="Fit to view"]').click();
  await shoot(page, `${prefix}-light.png`);
  await page.theme.setDarkTheme();
  await expect(graph(page).locator('.jp-ArchLens-node').first()).toBeVisible();
  await shoot(page, `${prefix}-dark.png`);
  await page.theme.setLightTheme();
}

test.describe('Transformer graphs and every model listed', () => {
  test('a notebook that rebinds model five times lists five models', async ({ page, tmpPath }) => {
    await open(page, tmpPath, 'rebound_models.ipynb');
    const links = panel(page).locator('.jp-ArchLens-modelLink');
    await expect(links).toHaveCount(5);
    await expect(panel(page).locator('.jp-ArchLens-modelName')).toHaveText(['model cell 4', 'model cell 5', 'model cell 6', 'model cell 7', 'model']);
    await expect(panel(page).locator('.jp-ArchLens-modelParams')).toHaveText(['90 params', '170 params', '250 params', '330 params', '410 params']);
    await expect(panel(page).locator('.jp-ArchLens-model.jp-mod-rebound')).toHaveCount(4);
    // The last keeps the plain name and is shown; an earlier one is picked by its own key.
    await expect(links.nth(4)).toHaveAttribute('aria-pressed', 'true');
    await links.nth(1).click();
    await expect(links.nth(1)).toHaveAttribute('aria-pressed', 'true');
    await expect(graph(page).locator('.jp-ArchLens-node[data-layer="fc"] .jp-ArchLens-nodeParams')).toHaveText('170');
  });

  test('GPT-style: no parameter or buffer input node, blocks fold to Block × 6', async ({ page, tmpPath }) => {
    await open(page, tmpPath, 'gpt_style.ipynb');
    const g = graph(page);
    await expect(g.locator('.jp-ArchLens-node').first()).toBeVisible();
    // Sources: the token ids and the positions GPT.forward makes; no weight, bias or mask.
    await expect(g.locator('.jp-ArchLens-node[data-category="input"]')).toHaveCount(2);
    await expect(g.locator('.jp-ArchLens-node[data-type="Input"]')).toHaveCount(1);
    await expect(g.locator('.jp-ArchLens-node[data-type="Buffer"]')).toHaveCount(0);
    const fold = g.locator('.jp-ArchLens-node[data-kind="fold"]');
    await expect(fold).toHaveCount(1);
    await expect(fold.locator('.jp-ArchLens-nodeType')).toHaveText('▸ Block × 6');
    await expect(fold).toHaveAttribute('data-layer', 'transformer.h.0');
    await bothThemes(page, 'gpt-graph-folded');

    // Unfold, then open the third block: its two residual adds are inside it.
    await fold.dblclick();
    const block = g.locator('.jp-ArchLens-node[data-layer="transformer.h.2"]');
    await expect(block).toHaveAttribute('data-kind', 'group');
    await block.dblclick();
    const cluster = g.locator('.jp-ArchLens-cluster[data-layer="transformer.h.2"]');
    await expect(cluster).toHaveCount(1);
    const inside = await page.evaluate(() => {
      const root = document.querySelector('#archlens-panel .jp-ArchLens-graphView')!;
      const box = root.querySelector('.jp-ArchLens-cluster[data-layer="transformer.h.2"] .jp-ArchLens-clusterBox')!.getBoundingClientRect();
      return Array.from(root.querySelectorAll('.jp-ArchLens-node[data-type="add"]')).filter(n => {
        const r = n.getBoundingClientRect();
        return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
      }).length;
    });
    expect(inside).toBe(2);
    await bothThemes(page, 'gpt-graph-block-open');
  });

  test('ViT-style: the encoder blocks fold; the class token is no input', async ({ page, tmpPath }) => {
    await open(page, tmpPath, 'vit_style.ipynb');
    const g = graph(page);
    await expect(g.locator('.jp-ArchLens-node').first()).toBeVisible();
    await expect(g.locator('.jp-ArchLens-node[data-category="input"]')).toHaveCount(1);
    const fold = g.locator('.jp-ArchLens-node[data-kind="fold"]');
    await expect(fold.locator('.jp-ArchLens-nodeType')).toHaveText('▸ EncoderBlock × 6');
    await bothThemes(page, 'vit-graph-folded');
    await fold.dblclick();
    const block = g.locator('.jp-ArchLens-node[data-layer="encoder.0"]');
    await expect(block).toHaveAttribute('data-kind', 'group');
    await block.dblclick();
    await expect(g.locator('.jp-ArchLens-cluster[data-layer="encoder.0"]')).toHaveCount(1);
    await expect(g.locator('.jp-ArchLens-node[data-kind="fold"] .jp-ArchLens-nodeType')).toHaveText('▸ EncoderBlock × 5');
    await bothThemes(page, 'vit-graph-block-open');
  });
});
