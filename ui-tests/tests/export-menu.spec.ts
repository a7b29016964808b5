// Issues 6 and 9: the panel's Export menu acts on the picked model - insert the summary cell,
// copy the markdown to the clipboard, and download Markdown, JSON (IR), LaTeX, CSV and the
// Graph view as SVG and PNG. Every item is used through the UI (button, then menu item).
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { openPanel, openWithoutKernel, upload, waitForAnalysis } from './helpers';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'schema', 'ir.schema.json'), 'utf8'));

test.use({ autoGoto: true });

const menuItem = (page: any, label: string) =>
  page.locator('.lm-Menu.jp-ArchLens-exportMenu .lm-Menu-item').filter({ hasText: label });

async function openMenu(page: any): Promise<void> {
  const button = page.locator('#archlens-panel .jp-ArchLens-exportButton');
  await button.click();
  await expect(page.locator('.lm-Menu.jp-ArchLens-exportMenu')).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
}

/** Picks `label` in the Export menu and returns the download's file name and bytes. */
async function downloadVia(page: any, label: string): Promise<{ name: string; data: Buffer }> {
  await openMenu(page);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), menuItem(page, label).click()]);
  const file = await download.path();
  const data = fs.readFileSync(file!);
  if (process.env.ARCHLENS_EXPORT_DIR) {
    // keep the files for a look (ARCHLENS_EXPORT_DIR=/tmp/x npx playwright test ...)
    fs.mkdirSync(process.env.ARCHLENS_EXPORT_DIR, { recursive: true });
    fs.writeFileSync(`${process.env.ARCHLENS_EXPORT_DIR}/${download.suggestedFilename()}`, data);
  }
  return { name: download.suggestedFilename(), data };
}

async function setUp(page: any, tmpPath: string): Promise<void> {
  const nb = await upload(page, tmpPath, 'cifar_resnet.ipynb');
  await openWithoutKernel(page, nb);
  await openPanel(page);
  await waitForAnalysis(page);
  // Pick `model` (the ResNet instance) in the model picker.
  await page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="model"]').click();
  await expect(page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="model"]')).toHaveAttribute('aria-pressed', 'true');
}

test('the Export menu downloads the picked model as Markdown, JSON, CSV, LaTeX, SVG and PNG', async ({ page, tmpPath }) => {
  await setUp(page, tmpPath);
  const button = page.locator('#archlens-panel .jp-ArchLens-exportButton');
  await expect(button).toHaveAttribute('aria-haspopup', 'menu');
  await expect(button).toHaveAttribute('aria-expanded', 'false');

  // The menu lists every export, and the picked model is what they act on.
  await openMenu(page);
  for (const label of ['Insert Architecture Summary Cell', 'Copy Markdown', 'Markdown (.md)', 'JSON IR (.json)', 'LaTeX Table (.tex)', 'CSV Table (.csv)', 'Graph as SVG (.svg)', 'Graph as PNG (.png)']) {
    await expect(menuItem(page, label)).toHaveCount(1);
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('.lm-Menu.jp-ArchLens-exportMenu')).toHaveCount(0);
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  // The button toggles the menu; the keyboard opens it too (ArrowDown, Enter).
  await openMenu(page);
  await button.click();
  await expect(page.locator('.lm-Menu.jp-ArchLens-exportMenu')).toHaveCount(0);
  await button.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.lm-Menu.jp-ArchLens-exportMenu .lm-Menu-item.lm-mod-active')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('.lm-Menu.jp-ArchLens-exportMenu')).toHaveCount(0);

  const md = await downloadVia(page, 'Markdown (.md)');
  expect(md.name).toBe('model.md');
  const mdText = md.data.toString('utf-8');
  expect(mdText).toContain('| Layer (type) | Output shape | Param # |');
  expect(mdText).toContain('Total params: 272,474');

  const json = await downloadVia(page, 'JSON IR (.json)');
  expect(json.name).toBe('model.json');
  const ir = JSON.parse(json.data.toString('utf-8'));
  expect(Object.keys(ir)[0]).toBe('schema_version'); // docs/schema: one model as a document
  // the version the published schema fixes (docs/schema/ir.schema.json)
  expect(ir.schema_version).toBe(SCHEMA.$defs.schemaVersion.const);
  expect(ir.name).toBe('model');
  expect(ir.params.total).toBe(272474);

  const csv = await downloadVia(page, 'CSV Table (.csv)');
  expect(csv.name).toBe('model.csv');
  const csvLines = csv.data.toString('utf-8').split(/\r\n/);
  expect(csvLines[0]).toBe('model,layer,type,depth,output_shape,params,trainable');
  expect(csvLines).toContain('model,(total),ResNet,,,272474,');

  const tex = await downloadVia(page, 'LaTeX Table (.tex)');
  expect(tex.name).toBe('model.tex');
  expect(tex.data.toString('utf-8')).toContain('\\begin{tabular}');

  const svg = await downloadVia(page, 'Graph as SVG (.svg)');
  expect(svg.name).toBe('model.svg');
  const svgText = svg.data.toString('utf-8');
  expect(svgText.startsWith('<?xml')).toBe(true);
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('Conv2d');
  expect(svgText).toMatch(/viewBox="0 0 \d+ \d+"/);
  // Standalone: colours are inlined as rgb(), no theme variables left to resolve.
  expect(svgText).toContain('fill: rgb(');
  expect(svgText).not.toContain('var(--');
  // It parses as XML and renders in the browser as an image of the drawn size.
  const rendered = await page.evaluate(async (text: string) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const parseError = doc.querySelector('parsererror') !== null;
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = reject;
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
    });
    return { parseError, width: img.naturalWidth, height: img.naturalHeight };
  }, svgText);
  expect(rendered.parseError).toBe(false);
  expect(rendered.width).toBeGreaterThan(50);
  expect(rendered.height).toBeGreaterThan(100);

  const png = await downloadVia(page, 'Graph as PNG (.png)');
  expect(png.name).toBe('model.png');
  expect([...png.data.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.data.length).toBeGreaterThan(1024);
  // 2x the SVG's size (IHDR width and height, big-endian, at bytes 16 and 20).
  expect(png.data.readUInt32BE(16)).toBe(rendered.width * 2);
  expect(png.data.readUInt32BE(20)).toBe(rendered.height * 2);

  // Another model picked: the exports follow it.
  await page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="baseline"]').click();
  const other = await downloadVia(page, 'JSON IR (.json)');
  expect(other.name).toBe('baseline.json');
  expect(JSON.parse(other.data.toString('utf-8')).name).toBe('baseline');

  // From the Table tab, with the graph of the newly picked model never shown: it is drawn for the export.
  await page.locator('#archlens-panel .jp-ArchLens-tab[data-view="table"]').click();
  await page.locator('#archlens-panel .jp-ArchLens-modelLink[data-model="model"]').click();
  const hiddenSvg = await downloadVia(page, 'Graph as SVG (.svg)');
  expect(hiddenSvg.name).toBe('model.svg');
  expect(hiddenSvg.data.toString('utf-8')).toContain('Conv2d');
  expect(hiddenSvg.data.toString('utf-8')).toContain('fill: rgb(');
  await expect(page.locator('#archlens-panel .jp-ArchLens-graphView')).toBeHidden();

  // The same exports are commands (palette, shortcuts): they act on the picked model.
  const labels = await page.evaluate(() => {
    const commands = (window as any).jupyterapp.commands;
    const ids = ['copy-markdown', 'download-markdown', 'download-json', 'download-latex', 'download-csv', 'download-svg', 'download-png'];
    return ids.map(id => (commands.hasCommand(`archlens:${id}`) ? commands.label(`archlens:${id}`) : null));
  });
  expect(labels).toEqual([
    'Copy Architecture Summary as Markdown',
    'Download Architecture Summary as Markdown',
    'Download Architecture as JSON (IR)',
    'Download Architecture Summary as LaTeX',
    'Download Architecture Summary as CSV',
    'Download Architecture Graph as SVG',
    'Download Architecture Graph as PNG'
  ]);
  const [viaCommand] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(() => (window as any).jupyterapp.commands.execute('archlens:download-csv'))
  ]);
  expect(viaCommand.suggestedFilename()).toBe('model.csv');
});

test('Copy Markdown puts the summary on the clipboard; Insert summary cell writes the cell', async ({ page, context, tmpPath, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await setUp(page, tmpPath);

  await openMenu(page);
  await menuItem(page, 'Copy Markdown').click();
  await expect(page.getByText('Copied the summary of model as markdown').first()).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('| Layer (type) | Output shape | Param # |');
  expect(copied).toContain('Total params: 272,474');

  const count = () =>
    page.evaluate(() => {
      const nb = (window as any).jupyterapp.shell.currentWidget.content.model;
      const texts: string[] = [];
      for (let i = 0; i < nb.cells.length; i++) {
        texts.push(nb.cells.get(i).sharedModel.getSource());
      }
      return texts;
    });
  const before = (await count()).length;
  await openMenu(page);
  await menuItem(page, 'Insert Architecture Summary Cell').click();
  await expect.poll(async () => (await count()).length).toBe(before + 1);
  const texts = await count();
  expect(texts.filter(t => t.includes('### Architecture of model (ResNet, PyTorch)'))).toHaveLength(1);

  // The exports are in the command palette, under ArchLens.
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('apputils:activate-command-palette'));
  const search = page.locator('.lm-CommandPalette-input');
  await search.fill('Download Architecture');
  const palette = page.locator('.lm-CommandPalette-content');
  await expect(palette.locator('.lm-CommandPalette-header')).toHaveText(['ArchLens']);
  await expect(palette.locator('.lm-CommandPalette-item')).toHaveCount(6);
  await search.fill('Copy Architecture Summary as Markdown');
  await expect(palette.locator('.lm-CommandPalette-item').first()).toContainText('Copy Architecture Summary as Markdown');
  await page.keyboard.press('Escape');
});

test('hostile layer names stay text in the exported SVG, which is valid XML, and the PNG is made', async ({ page, tmpPath }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d: any) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  // A Sequential whose layer names are markup: drawn as graph nodes, then exported.
  const source = [
    'import torch.nn as nn',
    'from collections import OrderedDict',
    'model = nn.Sequential(OrderedDict([',
    "    ('<img src=x onerror=alert(1)>', nn.Linear(4, 4)),",
    "    ('</text><script>alert(2)</script>', nn.ReLU()),",
    "    ('a]]><svg onload=alert(3)>', nn.Linear(4, 2)),",
    // characters XML does not allow (issue 19): a control, an escape, U+FFFF, a lone surrogate
    "    ('ctl\\x01\\x1b[31m\\uffff\\ud800end', nn.Linear(2, 2)),",
    ']))'
  ].join('\n');
  const notebook = {
    cells: [{ cell_type: 'code', execution_count: null, id: 'c1', metadata: {}, outputs: [], source }],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5
  };
  const target = `${tmpPath}/hostile_graph.ipynb`;
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', target);
  await openWithoutKernel(page, target);
  await openPanel(page);
  await waitForAnalysis(page);
  await expect(page.locator('#archlens-panel .jp-ArchLens-graphView g.jp-ArchLens-node')).not.toHaveCount(0);
  const svg = await downloadVia(page, 'Graph as SVG (.svg)');
  expect(svg.name).toBe('model.svg');
  const check = await page.evaluate((text: string) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const all = Array.from(doc.querySelectorAll('*'));
    return {
      parseError: doc.querySelector('parsererror') !== null,
      elements: Array.from(new Set(all.map(e => e.localName))).sort(),
      handlers: all.flatMap(e => Array.from(e.attributes).filter(a => /^on/i.test(a.name)).map(a => a.name)),
      text: doc.documentElement.textContent ?? ''
    };
  }, svg.data.toString('utf-8'));
  expect(check.parseError).toBe(false);
  for (const name of check.elements) {
    expect(['svg', 'defs', 'marker', 'path', 'g', 'rect', 'text', 'title']).toContain(name);
  }
  expect(check.handlers).toEqual([]);
  expect(check.text).toContain('<img src=x onerror=alert(1)>');
  expect(check.text).toContain('</text><script>alert(2)</script>');
  // the XML-invalid characters are dropped, the rest of that name kept
  expect(check.text).toContain('ctl[31mend');
  // and the PNG, rendered from that SVG, is made (it threw on such names)
  const png = await downloadVia(page, 'Graph as PNG (.png)');
  expect([...png.data.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.data.length).toBeGreaterThan(1024);
  expect(dialogs).toEqual([]);
});
