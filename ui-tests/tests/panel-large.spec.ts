// A large graph (a 300-layer Sequential) keeps only the part near the view in the DOM
// (src/lab/views/graph-window.ts) and draws more as the view moves: the cursor, the search,
// the minimap and a drag bring far layers into view, drawn and marked; a click selects one
// (details pane); the exported SVG has every node.
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { openPanel, openWithoutKernel, waitForAnalysis } from './helpers';

test.use({ autoGoto: true, viewport: { width: 1440, height: 900 } });
test.setTimeout(240_000);

const LAYERS = 300;
const panel = (page: IJupyterLabPageFixture): Locator => page.locator('#archlens-panel');

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source, i) => ({ cell_type: 'code', id: `cell-${i}`, metadata: {}, source, execution_count: null, outputs: [] })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5
  });
}

/** Whether the element's box is inside the graph canvas. */
async function onCanvas(graph: Locator, node: Locator): Promise<boolean> {
  const canvas = (await graph.locator('.jp-ArchLens-graphCanvas').boundingBox())!;
  const b = await node.boundingBox();
  return !!b && b.y >= canvas.y && b.y + b.height <= canvas.y + canvas.height && b.x >= canvas.x && b.x + b.width <= canvas.x + canvas.width;
}

test('a large graph draws the part in view, and more as the view moves', async ({ page, tmpPath }) => {
  const layers = Array.from({ length: LAYERS }, (_, i) => (i % 2 ? '    nn.ReLU(),' : '    nn.Linear(32, 32),')).join('\n');
  const target = `${tmpPath}/large.ipynb`;
  await page.contents.uploadContent(notebook(['import torch\nimport torch.nn as nn\n', `big = nn.Sequential(\n${layers}\n)\nout = big(torch.randn(2, 32))\n`]), 'text', target);
  await openWithoutKernel(page, target);
  await openPanel(page);
  await waitForAnalysis(page);
  const graph = panel(page).locator('.jp-ArchLens-graphView');
  await expect(graph).toHaveAttribute('data-nodes', String(LAYERS + 1));
  const nodes = graph.locator('g.jp-ArchLens-node');
  const node = (layer: number) => graph.locator(`.jp-ArchLens-node[data-layer="${layer}"]`);

  // The top of the chain is shown and drawn; the far end is not in the DOM yet.
  await expect(node(0)).toBeVisible();
  const drawn = await nodes.count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn).toBeLessThan(LAYERS / 2);
  await expect(node(LAYERS - 1)).toHaveCount(0);

  // The cursor on the last layer's line: the view pans there; the node is drawn and marked.
  await page.evaluate(line => {
    const nb = (window as any).jupyterapp.shell.currentWidget.content;
    nb.activeCellIndex = 1;
    const editor = nb.activeCell.editor;
    editor.focus();
    editor.setCursorPosition({ line, column: 6 });
  }, LAYERS);
  await expect(node(LAYERS - 1)).toHaveClass(/jp-mod-cursor/);
  await expect.poll(() => onCanvas(graph, node(LAYERS - 1))).toBe(true);
  await expect(node(0)).toHaveCount(0); // far behind now: out of the DOM

  // The search finds layers that are not drawn; Enter brings one into view, drawn as a match.
  const search = graph.locator('.jp-ArchLens-search');
  await search.fill('150');
  await expect(graph.locator('.jp-ArchLens-toolbarNote')).toHaveText('1 match');
  await search.press('Enter');
  await expect(node(150)).toHaveClass(/jp-mod-match/);
  await expect.poll(() => onCanvas(graph, node(150))).toBe(true);
  expect(await graph.locator('.jp-ArchLens-node.jp-mod-dimmed').count()).toBeGreaterThan(0);
  await search.fill('');
  await expect(graph.locator('.jp-ArchLens-node.jp-mod-dimmed')).toHaveCount(0);

  // A click selects it: marked, and the details pane shows that layer.
  await node(150).click();
  await expect(node(150)).toHaveClass(/jp-mod-selected/);
  await expect(panel(page).locator('.jp-ArchLens-details')).toHaveAttribute('data-layer', '150');

  // Dragging the drawing up brings the next layers in, once the details pane has taken its
  // room (the canvas box is read when two reads agree, so the drag starts on the canvas).
  const box = async () => JSON.stringify(await graph.locator('.jp-ArchLens-graphCanvas').boundingBox());
  let seen = await box();
  await expect.poll(async () => seen === (seen = await box()), { intervals: [200] }).toBe(true);
  const canvas = JSON.parse(seen) as { x: number; y: number; width: number; height: number };
  const last = async () => Math.max(...(await nodes.evaluateAll(ns => ns.map(n => Number(n.getAttribute('data-layer')) || 0))));
  const before = await last();
  await page.mouse.move(canvas.x + 12, canvas.y + canvas.height - 20);
  await page.mouse.down();
  await page.mouse.move(canvas.x + 12, canvas.y + 20, { steps: 8 });
  await page.mouse.move(canvas.x + 12, canvas.y + 20 - canvas.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(last).toBeGreaterThan(before);

  // The minimap: a click near its bottom moves the view to the end, drawn.
  const minimap = graph.locator('.jp-ArchLens-minimap');
  await expect(minimap).toBeVisible();
  const mb = (await minimap.locator('canvas').boundingBox())!;
  await page.mouse.click(mb.x + mb.width / 2, mb.y + mb.height - 2);
  const shownLayers = () =>
    graph.evaluate(g => {
      const c = g.querySelector('.jp-ArchLens-graphCanvas')!.getBoundingClientRect();
      return Array.from(g.querySelectorAll('.jp-ArchLens-node'))
        .filter(n => {
          const r = n.getBoundingClientRect();
          return r.top >= c.top && r.bottom <= c.bottom;
        })
        .map(n => Number(n.getAttribute('data-layer')) || 0);
    });
  await expect.poll(async () => Math.max(...(await shownLayers()))).toBeGreaterThan(LAYERS - 10);

  // The exported SVG has every node, and the view goes back to drawing near the view.
  const exported = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const widget = [...app.shell.widgets('right')].find((w: any) => w.id === 'archlens-panel');
    const out = await widget.graphSvg();
    return (out.svg.match(/class="jp-ArchLens-node[ "]/g) ?? []).length;
  });
  expect(exported).toBe(LAYERS + 1);
  expect(await nodes.count()).toBeLessThan(LAYERS / 2);

  // Fitted whole, every node is drawn (as small cards without text).
  await graph.locator('.jp-ArchLens-fit').click();
  await expect(nodes).toHaveCount(LAYERS + 1);
});
