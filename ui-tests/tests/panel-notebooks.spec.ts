// Issue 18: the panel on real notebooks. Given values belong to their notebook (two notebooks
// keep their own numbers, also closed and reopened, and their summary cells say which values
// they used); errors are marked on nodes and rows; the details pane shows a layer's arguments
// and source, also under Inspect; at the sidebar's default width (~250 px) every tab and
// control is reachable; diagnostics are the model's, grouped; the graph pans to the cursor,
// has a minimap and a direction toggle. Screenshots go to docs/screenshots/.
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';
import { openPanel, openWithoutKernel, waitForAnalysis } from './helpers';

const SHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

test.use({ autoGoto: true, viewport: { width: 1440, height: 900 } });
test.setTimeout(240_000);

const panel = (page: IJupyterLabPageFixture): Locator => page.locator('#archlens-panel');

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source, i) => ({ cell_type: 'code', id: `cell-${i}`, metadata: {}, source, execution_count: null, outputs: [] })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  });
}

const IMPORTS = 'import torch\nimport torch.nn as nn\nimport pandas as pd\nimport matplotlib.pyplot as plt\n';
const CLASSES = "classes = sorted(pd.read_csv('labels.csv')['label'].unique())\nnum_classes = len(classes)\n";

/** A: an MLP classifier over num_classes (129*C + 100,480) and a CNN `net` with no input. */
const NOTEBOOK_A = notebook([
  IMPORTS,
  CLASSES,
  'model = nn.Sequential(\n    nn.Flatten(),\n    nn.Linear(784, 128),\n    nn.ReLU(),\n    nn.Linear(128, num_classes),\n)\nx = torch.randn(1, 1, 28, 28)\ny = model(x)\n',
  'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear(8, 10)\n\n    def forward(self, x):\n        return self.fc(self.pool(self.conv(x)).flatten(1))\n\nnet = Net()\n'
]);

/** B: another classifier over num_classes (17*C + 528) and another `net` with no input. */
const NOTEBOOK_B = notebook([
  IMPORTS,
  CLASSES,
  'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, num_classes))\nx = torch.randn(4, 32)\ny = model(x)\n',
  'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(8, 4)\n\n    def forward(self, x):\n        return self.fc1(x)\n\nnet = Net()\n'
]);

/** A CNN whose Linear expects 100 features but gets 7,200; a Sequential with the same mistake. */
const NOTEBOOK_ERRORS = notebook([
  IMPORTS,
  'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3, bias=False)\n        self.fc = nn.Linear(100, 10)\n\n    def forward(self, x):\n        x = self.conv(x).flatten(1)\n        return self.fc(x)\n\nnet = Net()\ny = net(torch.randn(1, 3, 32, 32))\nplt.imshow(y)\nplt.show()\n',
  'bad = nn.Sequential(nn.Flatten(), nn.Linear(100, 10))\nz = bad(torch.randn(1, 3, 32, 32))\nplt.plot(z)\n'
]);

async function uploadNotebook(page: IJupyterLabPageFixture, target: string, content: string): Promise<void> {
  await page.contents.uploadContent(content, 'text', target);
}

async function open(page: IJupyterLabPageFixture, target: string, width = 600): Promise<void> {
  await openWithoutKernel(page, target);
  await openPanel(page);
  await waitForAnalysis(page);
  await setSidebarWidth(page, width);
  await expect(panel(page).locator('.jp-ArchLens-tabs')).toBeVisible();
}

/** Drags the right sidebar's splitter until the panel is `width` px wide. */
async function setSidebarWidth(page: IJupyterLabPageFixture, width: number): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const box = await page.locator('#jp-right-stack').boundingBox();
    if (!box || Math.abs(box.width - width) <= 3) {
      return;
    }
    await page.mouse.move(box.x - 2, 420);
    await page.mouse.down();
    await page.mouse.move(box.x - 2 - (width - box.width), 420, { steps: 6 });
    await page.mouse.up();
  }
}

async function showView(page: IJupyterLabPageFixture, view: 'graph' | 'table' | 'diagnostics'): Promise<void> {
  await panel(page).locator(`.jp-ArchLens-tab[data-view="${view}"]`).click();
  await expect(panel(page).locator(`.jp-ArchLens-tab[data-view="${view}"]`)).toHaveAttribute('aria-selected', 'true');
}

async function pickModel(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await panel(page).locator(`.jp-ArchLens-modelLink[data-model="${name}"]`).click();
  await expect(panel(page).locator(`.jp-ArchLens-modelLink[data-model="${name}"]`)).toHaveAttribute('aria-pressed', 'true');
}

async function activateTab(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await page.locator('#jp-main-dock-panel .lm-TabBar-tab', { hasText: name }).click();
  await expect(panel(page).locator('.jp-ArchLens-title')).toHaveText(name);
  await waitForAnalysis(page);
}

async function activeSelection(page: IJupyterLabPageFixture): Promise<{ path: string; text: string }> {
  return page.evaluate(() => {
    const w = (window as any).jupyterapp.shell.currentWidget;
    const editor = w.content.activeCell.editor;
    const sel = editor.getSelection();
    return { path: w.context.path as string, text: (editor.getLine(sel.start.line) ?? '') as string };
  });
}

async function shoot(page: IJupyterLabPageFixture, name: string): Promise<void> {
  await page.waitForTimeout(300); // let the zoom transition and fonts settle
  await panel(page).screenshot({ path: path.join(SHOTS, name) });
}

/** Margins (px) between the drawn nodes' bounding box and the graph canvas, each side. */
async function graphMargins(page: IJupyterLabPageFixture): Promise<{ left: number; right: number; top: number; bottom: number; canvasHeight: number }> {
  return panel(page)
    .locator('.jp-ArchLens-graphView .jp-ArchLens-graphCanvas')
    .evaluate(canvas => {
      const c = canvas.getBoundingClientRect();
      const boxes = [...canvas.querySelectorAll('.jp-ArchLens-node')].map(n => n.getBoundingClientRect());
      const x0 = Math.min(...boxes.map(b => b.left));
      const x1 = Math.max(...boxes.map(b => b.right));
      const y0 = Math.min(...boxes.map(b => b.top));
      const y1 = Math.max(...boxes.map(b => b.bottom));
      return { left: x0 - c.left, right: c.right - x1, top: y0 - c.top, bottom: c.bottom - y1, canvasHeight: c.height };
    });
}

/** The graph, fitted automatically, lies inside the view and centred in it. */
async function expectCentred(page: IJupyterLabPageFixture): Promise<void> {
  await expect
    .poll(async () => {
      const m = await graphMargins(page);
      const inside = Math.min(m.left, m.right, m.top, m.bottom) >= 0;
      return inside && Math.abs(m.left - m.right) <= 12 && Math.abs(m.top - m.bottom) <= 12 ? 'centred' : JSON.stringify(m);
    })
    .toBe('centred');
}

const total = (page: IJupyterLabPageFixture) => panel(page).locator('.jp-ArchLens-tableView [data-total="total"] .jp-ArchLens-totalValue');
const form = (page: IJupyterLabPageFixture) => panel(page).locator('.jp-ArchLens-values');

test.describe('The panel on real notebooks', () => {
  test('two notebooks keep their own given values, also closed and reopened, and their summaries say so', async ({ page, tmpPath }) => {
    await uploadNotebook(page, `${tmpPath}/classifier_a.ipynb`, NOTEBOOK_A);
    await uploadNotebook(page, `${tmpPath}/classifier_b.ipynb`, NOTEBOOK_B);

    // A: the class count is a symbol; giving 3 makes the total exact.
    await open(page, `${tmpPath}/classifier_a.ipynb`);
    await pickModel(page, 'model');
    await showView(page, 'table');
    await expect(total(page)).toHaveText('129·num_classes + 100,480');
    await form(page).locator('input[data-symbol="num_classes"]').fill('3');
    await form(page).locator('button[type="submit"]').click();
    await expect(total(page)).toHaveText('100,867');
    // A's net has no input: its prompt sits in the graph, at the Input node.
    await pickModel(page, 'net');
    await showView(page, 'graph');
    const prompt = panel(page).locator('.jp-ArchLens-graphCanvas .jp-ArchLens-inputPrompt');
    await expect(prompt).toBeVisible();
    const inputNode = panel(page).locator('.jp-ArchLens-node[data-category="input"]');
    const [pBox, nBox] = [await prompt.boundingBox(), await inputNode.boundingBox()];
    expect(pBox && nBox && Math.abs(pBox.y - nBox.y) < 60 && pBox.x >= nBox.x).toBeTruthy();
    await prompt.locator('input').fill('2, 3, 32, 32');
    await prompt.locator('button[type="submit"]').click();
    await showView(page, 'table');
    await expect(panel(page).locator('tr[data-id="fc"] td').nth(1)).toHaveText('[2, 10]');
    await expect(panel(page).locator('tr[data-id="conv"] td').nth(1)).toHaveText('[2, 8, 30, 30]');

    // B, opened beside it: none of A's values reach it.
    await open(page, `${tmpPath}/classifier_b.ipynb`);
    await expect(panel(page).locator('.jp-ArchLens-title')).toHaveText('classifier_b.ipynb');
    await pickModel(page, 'model');
    await showView(page, 'table');
    await expect(total(page)).toHaveText('17·num_classes + 528');
    await expect(form(page).locator('input[data-symbol="num_classes"]')).toHaveValue('');
    await form(page).locator('input[data-symbol="num_classes"]').fill('10');
    await form(page).locator('button[type="submit"]').click();
    await expect(total(page)).toHaveText('698');
    await pickModel(page, 'net');
    await expect(panel(page).locator('tr[data-id="fc1"] td').nth(1).locator('.jp-ArchLens-symbolic')).toHaveCount(1);
    await showView(page, 'graph');
    await expect(panel(page).locator('.jp-ArchLens-graphCanvas .jp-ArchLens-inputPrompt input')).toHaveValue('');

    // Back on A: its own numbers.
    await activateTab(page, 'classifier_a.ipynb');
    await showView(page, 'table');
    await expect(panel(page).locator('.jp-ArchLens-modelLink[data-model="net"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(panel(page).locator('tr[data-id="fc"] td').nth(1)).toHaveText('[2, 10]');
    await pickModel(page, 'model');
    await expect(total(page)).toHaveText('100,867');
    await expect(form(page).locator('input[data-symbol="num_classes"]')).toHaveValue('3');

    // Closed and opened again: still its own.
    await page.evaluate(async () => {
      const w = (window as any).jupyterapp.shell.currentWidget;
      await w.context.save(); // (no "save changes?" dialog)
      w.close();
    });
    await activateTab(page, 'classifier_b.ipynb');
    await expect(panel(page).locator('.jp-ArchLens-modelLink[data-model="net"]')).toHaveAttribute('aria-pressed', 'true');
    await pickModel(page, 'model');
    await expect(total(page)).toHaveText('698');
    await open(page, `${tmpPath}/classifier_a.ipynb`);
    await showView(page, 'table');
    await pickModel(page, 'model');
    await expect(total(page)).toHaveText('100,867');
    await pickModel(page, 'net');
    await expect(panel(page).locator('tr[data-id="fc"] td').nth(1)).toHaveText('[2, 10]');

    // The summary cell says which values it used, and writes this notebook's numbers.
    const summaryOf = async (name: string) => {
      await page.evaluate(async m => (window as any).jupyterapp.commands.execute('archlens:insert-summary', { model: m }), name);
      return page.evaluate(m => {
        const nb = (window as any).jupyterapp.shell.currentWidget.content.model;
        for (let i = 0; i < nb.cells.length; i++) {
          const text: string = nb.cells.get(i).sharedModel.getSource();
          if (text.startsWith('<!-- archlens-summary:') && text.includes(`### Architecture of ${m} `)) {
            return text;
          }
        }
        return '';
      }, name);
    };
    const a = await summaryOf('model');
    expect(a).toContain('- Total params: 100,867');
    expect(a).toContain('- Values given in ArchLens, not from the notebook: num\\_classes = 3');
    const aNet = await summaryOf('net');
    expect(aNet).toContain('- Values given in ArchLens, not from the notebook: input shape [2, 3, 32, 32]');
    expect(aNet).not.toContain('num\\_classes');
    await activateTab(page, 'classifier_b.ipynb');
    const b = await summaryOf('model');
    expect(b).toContain('- Total params: 698');
    expect(b).toContain('- Values given in ArchLens, not from the notebook: num\\_classes = 10');
    expect(await summaryOf('net')).not.toContain('Values given');
  });

  test('errors are marked on the node and the row; diagnostics are the model\'s, grouped', async ({ page, tmpPath }) => {
    await uploadNotebook(page, `${tmpPath}/errors.ipynb`, NOTEBOOK_ERRORS);
    await open(page, `${tmpPath}/errors.ipynb`);
    await pickModel(page, 'net');
    const msg = 'Linear: expected input features 100, but got 7200 (input of size [1, 7200])';
    // Graph: the failing call is marked (class, icon, message on hover); the rest is not.
    const fc = panel(page).locator('.jp-ArchLens-node[data-layer="fc"]');
    await expect(fc).toHaveClass(/jp-mod-error/);
    await expect(fc.locator('.jp-ArchLens-nodeError')).toBeVisible();
    await expect(fc.locator('title')).toContainText(`Error: ${msg}`);
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="conv"]')).not.toHaveClass(/jp-mod-error/);
    await expect(panel(page).locator('.jp-ArchLens-legendErrors')).toHaveText('1 error');
    await expect(panel(page).locator('.jp-ArchLens-modelLink[data-model="net"] .jp-ArchLens-modelErrors')).toHaveText('1');
    // Table: the row too, and the totals say how many errors the model has.
    await showView(page, 'table');
    const row = panel(page).locator('tr[data-id="fc"]');
    await expect(row).toHaveClass(/jp-mod-error/);
    await expect(row.locator('.jp-ArchLens-rowError')).toBeVisible();
    await expect(row.locator('.jp-ArchLens-nameCell')).toHaveAttribute('title', new RegExp(`^Error: ${msg.replace(/[[\]()]/g, '\\$&')}`));
    await expect(panel(page).locator('tr[data-id="conv"]')).not.toHaveClass(/jp-mod-error/);
    await expect(panel(page).locator('[data-total="errors"] .jp-ArchLens-totalValue')).toContainText('1');
    await shoot(page, 'errors-table-light.png');
    // In the Sequential, the failing Linear is marked, not the Flatten called at the same line.
    await pickModel(page, 'bad');
    await expect(panel(page).locator('tr[data-id="1"]')).toHaveClass(/jp-mod-error/);
    await expect(panel(page).locator('tr[data-id="0"]')).not.toHaveClass(/jp-mod-error/);
    await showView(page, 'graph');
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="1"]')).toHaveClass(/jp-mod-error/);
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="0"]')).not.toHaveClass(/jp-mod-error/);

    // Diagnostics: this model's by default; the plotting calls and the other model's error are
    // elsewhere in the notebook, one click away, grouped.
    await pickModel(page, 'net');
    await showView(page, 'diagnostics');
    const view = panel(page).locator('.jp-ArchLens-diagnosticsView');
    await expect(view).toHaveAttribute('data-scope', 'model');
    await expect(view.locator('.jp-ArchLens-diagnostic[data-severity="error"]')).toHaveCount(1);
    await expect(view.locator('.jp-ArchLens-diagnostic[data-severity="error"] .jp-ArchLens-diagnosticMessage')).toHaveText(msg);
    await expect(view.locator('.jp-ArchLens-diagnostic[data-code="unknown-call"]')).toHaveCount(0);
    // imshow, show and plot, and the Sequential's error
    await expect(view.locator('.jp-ArchLens-diagMore')).toHaveAttribute('data-others', '4');
    await view.locator('.jp-ArchLens-diagMore button').click();
    await expect(view).toHaveAttribute('data-scope', 'all');
    const calls = view.locator('.jp-ArchLens-diagnostic[data-code="unknown-call"]');
    await expect(calls).toHaveCount(1);
    await expect(calls).toHaveAttribute('data-count', '3');
    await expect(calls.locator('.jp-ArchLens-diagGroupTitle')).toHaveText('3 calls not modelled');
    await expect(calls.locator('details')).not.toHaveAttribute('open', '');
    await expect(view.locator('.jp-ArchLens-diagnostic[data-severity="error"]')).toHaveCount(2);
    await shoot(page, 'diagnostics-grouped-light.png');
    await view.locator('.jp-ArchLens-segment[data-scope="model"]').click();
    await expect(view).toHaveAttribute('data-scope', 'model');
  });

  test('the details pane shows a layer\'s arguments and source, also under Inspect', async ({ page, tmpPath }) => {
    await uploadNotebook(page, `${tmpPath}/errors.ipynb`, NOTEBOOK_ERRORS);
    await uploadNotebook(page, `${tmpPath}/inspect_me.ipynb`, NOTEBOOK_ERRORS);
    await open(page, `${tmpPath}/errors.ipynb`);
    await pickModel(page, 'net');
    const details = panel(page).locator('.jp-ArchLens-details');
    // The failing layer lists its error.
    await panel(page).locator('.jp-ArchLens-node[data-layer="fc"]').click();
    await expect(details.locator('[data-section="diagnostics"] .jp-ArchLens-detailsDiagnostic[data-severity="error"]')).toContainText('Linear: expected input features 100');
    await panel(page).locator('.jp-ArchLens-fit').click();
    await panel(page).locator('.jp-ArchLens-node[data-layer="conv"]').click();
    await expect(details).toBeVisible();
    await expect(details).toHaveAttribute('data-layer', 'conv');
    const arg = (name: string) => details.locator(`dd[data-key="arg:${name}"]`);
    // Every argument, the defaults too.
    await expect(arg('in_channels')).toHaveText('3');
    await expect(arg('out_channels')).toHaveText('8');
    await expect(arg('kernel_size')).toHaveText('3');
    await expect(arg('stride')).toHaveText('1');
    await expect(arg('padding')).toHaveText('0');
    await expect(arg('bias')).toHaveText('False');
    await expect(arg('padding_mode')).toHaveText("'zeros'");
    await expect(details.locator('dd[data-key="input"]')).toHaveText('[1, 3, 32, 32]');
    await expect(details.locator('dd[data-key="output"]')).toHaveText('[1, 8, 30, 30]');
    await expect(details.locator('dd[data-key="own"]')).toHaveText('216');
    await expect(details.locator('dd[data-key="total"]')).toHaveText('216');
    await expect(details.locator('dd[data-key="trainable"]')).toHaveText('yes');
    // torchinfo: 216 weights x 30 x 30 positions
    await expect(details.locator('dd[data-key="multAdds"]')).toHaveText('194,400');
    await expect(details.locator('.jp-ArchLens-snippetLine.jp-mod-current')).toHaveText(/4\s*self\.conv = nn\.Conv2d\(3, 8, 3, bias=False\)/);
    await expect(details.locator('.jp-ArchLens-detailsGo')).toHaveText('Go to line');
    await shoot(page, 'details-light.png');
    await details.locator('[data-section="source"]').evaluate(n => n.scrollIntoView({ block: 'start' }));
    await shoot(page, 'details-source-light.png');
    await details.evaluate(n => (n.scrollTop = 0));
    await page.theme.setDarkTheme();
    await shoot(page, 'details-dark.png');
    await page.theme.setLightTheme();

    // Under Inspect (no kernel): the same details; "Open at line" opens the file there.
    await page.evaluate(async p => (window as any).jupyterapp.commands.execute('archlens:inspect', { path: p }), `${tmpPath}/inspect_me.ipynb`);
    await expect(panel(page).locator('.jp-ArchLens-title')).toHaveText('inspect_me.ipynb (inspect)');
    await waitForAnalysis(page);
    await pickModel(page, 'net');
    await showView(page, 'table');
    await panel(page).locator('tr[data-id="conv"]').click();
    await expect(details).toHaveAttribute('data-layer', 'conv');
    await expect(arg('bias')).toHaveText('False');
    await expect(details.locator('.jp-ArchLens-snippetLine.jp-mod-current')).toHaveText(/self\.conv = nn\.Conv2d\(3, 8, 3, bias=False\)/);
    const go = details.locator('.jp-ArchLens-detailsGo');
    await expect(go).toHaveText('Open at line');
    await go.click();
    await expect.poll(async () => (await activeSelection(page)).path).toBe(`${tmpPath}/inspect_me.ipynb`);
    await expect.poll(async () => (await activeSelection(page)).text).toContain('self.conv = nn.Conv2d(3, 8, 3, bias=False)');
    // Opened without a kernel.
    const sessions = await page.evaluate(async () => (await fetch('/api/sessions')).json());
    expect(sessions).toEqual([]);
  });

  test('at 250 px every tab and control is reachable and text stays readable', async ({ page, tmpPath }) => {
    await uploadNotebook(page, `${tmpPath}/errors.ipynb`, NOTEBOOK_ERRORS);
    await open(page, `${tmpPath}/errors.ipynb`, 250);
    const box = await panel(page).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(240);
    expect(box!.width).toBeLessThanOrEqual(262);
    await pickModel(page, 'net');
    const more = panel(page).locator('.jp-ArchLens-moreButton');
    for (const view of ['graph', 'table', 'diagnostics'] as const) {
      const tab = panel(page).locator(`.jp-ArchLens-tab[data-view="${view}"]`);
      if (await tab.isVisible()) {
        await tab.click();
      } else {
        // in the overflow menu
        await expect(more).toBeVisible();
        await more.click();
        const label = { graph: 'Graph', table: 'Table', diagnostics: 'Diagnostics' }[view];
        await page.locator('.lm-Menu.jp-ArchLens-moreMenu .lm-Menu-item', { hasText: label }).click();
      }
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      await expect(tab).toBeVisible();
      await expect(panel(page).locator(`.jp-ArchLens-viewPanel[aria-labelledby="${await tab.getAttribute('id')}"]`)).toBeVisible();
      // every tab shown fits in the row, its label unclipped and at least 11 px
      for (const t of await panel(page).locator('.jp-ArchLens-tab:visible').all()) {
        const tb = (await t.boundingBox())!;
        expect(tb.x + tb.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
        const fits = await t.evaluate(n => n.scrollWidth <= n.clientWidth + 1 && parseFloat(getComputedStyle(n).fontSize) >= 11);
        expect(fits).toBe(true);
      }
    }
    // Export stays in the row, inside the panel.
    const exportButton = panel(page).locator('.jp-ArchLens-exportButton');
    const eb = (await exportButton.boundingBox())!;
    expect(eb.x + eb.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
    await exportButton.click();
    await expect(page.locator('.lm-Menu.jp-ArchLens-exportMenu .lm-Menu-item', { hasText: 'CSV Table (.csv)' })).toBeVisible();
    for (let i = 0; i < 4 && (await page.locator('.lm-Menu').count()) > 0; i++) {
      await page.keyboard.press('Escape');
    }
    await expect(page.locator('.lm-Menu')).toHaveCount(0);

    // Graph: every toolbar control lies inside the panel.
    await panel(page).locator('.jp-ArchLens-tab[data-view="graph"]').isVisible().then(async visible => {
      if (!visible) {
        await more.click();
        await page.locator('.lm-Menu.jp-ArchLens-moreMenu .lm-Menu-item', { hasText: 'Graph' }).click();
      } else {
        await showView(page, 'graph');
      }
    });
    for (const control of await panel(page).locator('.jp-ArchLens-graphView .jp-ArchLens-toolbar :is(input, button):visible').all()) {
      const cb = (await control.boundingBox())!;
      expect(cb.x).toBeGreaterThanOrEqual(box!.x - 1);
      expect(cb.x + cb.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
    }
    await expect(panel(page).locator('.jp-ArchLens-node[data-layer="fc"]')).toBeVisible();
    // The first fit ends centred at the panel's real size, whenever the layout settled.
    await expectCentred(page);
    // An untouched view refits when only the panel's height changes.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: size.width, height: size.height - 200 });
    await expectCentred(page);
    await page.setViewportSize(size);
    await expectCentred(page);
    await shoot(page, 'narrow-graph-light.png');
    await panel(page).locator('.jp-ArchLens-node[data-layer="conv"]').click();
    await page.theme.setDarkTheme();
    await shoot(page, 'narrow-graph-dark.png');
    await page.theme.setLightTheme();

    // A pan of the user's own is kept when the panel resizes.
    const canvas = (await panel(page).locator('.jp-ArchLens-graphView .jp-ArchLens-graphCanvas').boundingBox())!;
    const viewport = panel(page).locator('.jp-ArchLens-graphView .jp-ArchLens-viewport');
    const fitted = await viewport.getAttribute('transform');
    await page.mouse.move(canvas.x + 12, canvas.y + canvas.height - 12);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 42, canvas.y + canvas.height - 52, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => viewport.getAttribute('transform')).not.toBe(fitted);
    const panned = await viewport.getAttribute('transform');
    await setSidebarWidth(page, 320);
    await page.setViewportSize({ width: size.width, height: size.height - 150 });
    await page.waitForTimeout(300);
    expect(await viewport.getAttribute('transform')).toBe(panned);
    await page.setViewportSize(size);
  });

  test('the graph pans to the layer under the cursor, has a minimap and turns left to right', async ({ page, tmpPath }) => {
    const layers = Array.from({ length: 40 }, (_, i) => (i % 2 ? '    nn.ReLU(),' : '    nn.Linear(64, 64),')).join('\n');
    await uploadNotebook(page, `${tmpPath}/deep.ipynb`, notebook([IMPORTS, `deep = nn.Sequential(\n${layers}\n)\nout = deep(torch.randn(2, 64))\n`]));
    await open(page, `${tmpPath}/deep.ipynb`);
    const graph = panel(page).locator('.jp-ArchLens-graphView');
    await expect(graph.locator('.jp-ArchLens-node[data-layer="39"]')).toHaveCount(1);
    // A large graph has a minimap; a click in it moves the view.
    await expect(graph).toHaveAttribute('data-minimap', 'true');
    const minimap = graph.locator('.jp-ArchLens-minimap');
    await expect(minimap).toBeVisible();
    const viewport = graph.locator('.jp-ArchLens-viewport');
    const before = await viewport.getAttribute('transform');
    const mb = (await minimap.boundingBox())!;
    await page.mouse.click(mb.x + mb.width / 2, mb.y + mb.height - 4);
    await expect.poll(() => viewport.getAttribute('transform')).not.toBe(before);

    // The cursor on the line of the last layer: the graph pans to it.
    const canvas = (await graph.locator('.jp-ArchLens-graphCanvas').boundingBox())!;
    await graph.locator('.jp-ArchLens-fit').click();
    await graph.locator('.jp-ArchLens-zoomIn').click();
    await graph.locator('.jp-ArchLens-zoomIn').click();
    await graph.locator('.jp-ArchLens-zoomIn').click();
    await page.evaluate(() => {
      const nb = (window as any).jupyterapp.shell.currentWidget.content;
      nb.activeCellIndex = 1;
      const editor = nb.activeCell.editor;
      editor.focus();
      editor.setCursorPosition({ line: 40, column: 6 }); // the 40th layer: nn.ReLU() (index 39)
    });
    const last = graph.locator('.jp-ArchLens-node[data-layer="39"]');
    await expect(last).toHaveClass(/jp-mod-cursor/);
    await expect
      .poll(async () => {
        const b = await last.boundingBox();
        return !!b && b.y >= canvas.y && b.y + b.height <= canvas.y + canvas.height;
      })
      .toBe(true);

    // Left to right, and back.
    const direction = graph.locator('.jp-ArchLens-direction');
    await expect(direction).toHaveAttribute('data-direction', 'TB');
    await direction.click();
    await expect(direction).toHaveAttribute('data-direction', 'LR');
    await expect
      .poll(async () => {
        const a = await graph.locator('.jp-ArchLens-node[data-layer="0"]').evaluate(n => (n as any).__data__ as { x: number; y: number });
        const b = await graph.locator('.jp-ArchLens-node[data-layer="1"]').evaluate(n => (n as any).__data__ as { x: number; y: number });
        return b.x > a.x && Math.abs(b.y - a.y) < 1;
      })
      .toBe(true);
    await shoot(page, 'minimap-lr-light.png');
    await direction.click();
    await expect(direction).toHaveAttribute('data-direction', 'TB');
  });
});
