// Benchmark of the pure core (npm run bench): bundles src/core with esbuild into a temp file,
// then for generated notebooks of 50, 200 and 1000 cells prints medians of
//   cold   - a fresh Analyzer extracting the whole notebook,
//   update - re-analysing after editing one cell (warm Analyzer: only that cell re-parsed),
//   parse  - tree-sitter parsing alone of the same text (cell by cell).
// Budgets (issue 3): update < 16 ms at 200 cells; cold within 3x parse.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'archlens-bench-'));
const out = join(dir, 'core.mjs');
await build({
  entryPoints: [join(root, 'src/core/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  logLevel: 'warning'
});
const core = await import(pathToFileURL(out).href);
const wasm = {
  runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
  python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
};
const parser = await core.createPythonParser(wasm);

// ---- generated notebooks: the kinds of cells real notebooks have ------------------------------
function cellSource(i) {
  switch (i % 10) {
    case 0:
      return `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n%matplotlib inline\n`;
    case 1:
      return `class Block${i}(nn.Module):\n    def __init__(self, cin, cout, stride=1):\n        super().__init__()\n        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)\n        self.bn1 = nn.BatchNorm2d(cout)\n        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)\n        self.bn2 = nn.BatchNorm2d(cout)\n        self.short = nn.Sequential()\n        if stride != 1 or cin != cout:\n            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))\n\n    def forward(self, x):\n        out = F.relu(self.bn1(self.conv1(x)))\n        out = self.bn2(self.conv2(out))\n        return F.relu(out + self.short(x))\n`;
    case 2:
      return `class Net${i}(nn.Module):\n    def __init__(self, num_classes=10):\n        super().__init__()\n        self.stem = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())\n        self.layers = nn.Sequential(*[Block${i - 1}(32 * 2 ** min(k, 2), 32 * 2 ** min(k + 1, 2), 2 if k < 2 else 1) for k in range(4)])\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear(128, num_classes)\n\n    def forward(self, x):\n        x = self.layers(self.stem(x))\n        return self.fc(torch.flatten(self.pool(x), 1))\n`;
    case 3:
      return `model${i} = Net${i - 1}(num_classes=${(i % 7) + 3})\nx = torch.randn(4, 3, 32, 32)\nout = model${i}(x)\nprint(out.shape)\n`;
    case 4:
      return `# Training loop (not run by ArchLens)\noptimizer = torch.optim.Adam(model${i - 1}.parameters(), lr=1e-3)\nfor epoch in range(3):\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = F.cross_entropy(model${i - 1}(xb), yb)\n        loss.backward()\n        optimizer.step()\n    print(f"epoch {epoch}: {loss.item():.3f}")\n`;
    case 5:
      return `mlp${i} = nn.Sequential(\n    nn.Flatten(),\n    nn.Linear(28 * 28, 256),\n    nn.ReLU(),\n    nn.Dropout(0.2),\n    nn.Linear(256, 10),\n)\ny = mlp${i}(torch.randn(8, 1, 28, 28))\n`;
    case 6:
      return `def accuracy(logits, y):\n    return (logits.argmax(1) == y).float().mean()\n\nresults = {k: v for k, v in zip(['a', 'b', 'c'], range(3))}\nsizes = [2 ** k for k in range(10)]\n`;
    case 7:
      return `!pip install torchinfo\nimport matplotlib.pyplot as plt\nplt.plot(sizes)\nplt.show()\n`;
    case 8:
      return `class LM${i}(nn.Module):\n    def __init__(self, ntoken=1000, d=128, nhid=256, nlayers=2):\n        super().__init__()\n        self.encoder = nn.Embedding(ntoken, d)\n        self.rnn = nn.LSTM(d, nhid, nlayers, batch_first=True)\n        self.decoder = nn.Linear(nhid, ntoken)\n\n    def forward(self, x):\n        out, _ = self.rnn(self.encoder(x))\n        return self.decoder(out)\n\nlm${i} = LM${i}()\n`;
    default:
      return `The notebook explains things in markdown cells like this one.`;
  }
}

function notebook(n) {
  const cells = [];
  for (let i = 0; i < n; i++) {
    cells.push({ id: `cell-${i}`, kind: i % 10 === 9 ? 'markdown' : 'code', source: cellSource(i) });
  }
  return cells;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

// Warm-up: the first analyses run before V8 has optimised anything; they are not measured.
for (let r = 0; r < 5; r++) {
  new core.Analyzer(parser).analyze(notebook(100));
}

/** Median of each phase over several IRs' stats. */
function phases(irs) {
  const pick = k => median(irs.map(ir => ir.stats?.[k] ?? 0));
  return { lower: pick('lowerMs'), interp: pick('interpMs'), build: pick('buildMs') };
}

const rows = [];
for (const n of [50, 200, 1000]) {
  const cells = notebook(n);
  const runs = n >= 1000 ? 5 : 9;
  const parse = [];
  for (let r = 0; r < runs; r++) {
    parse.push(time(() => {
      for (const c of cells) {
        if (c.kind === 'code') {
          parser.parse(c.source).delete();
        }
      }
    }));
  }
  const cold = [];
  const coldIrs = [];
  for (let r = 0; r < runs; r++) {
    cold.push(time(() => coldIrs.push(new core.Analyzer(parser).analyze(cells))));
  }
  const analyzer = new core.Analyzer(parser);
  analyzer.analyze(cells);
  const update = [];
  const updateIrs = [];
  for (let r = 0; r < runs * 2; r++) {
    const k = (Math.floor(n / 2) + r * 10) % n;
    const target = cells[k].kind === 'code' ? k : k - 1;
    const edited = cells.map((c, i) => (i === target ? { ...c, source: c.source + `\n# edit ${r}\n` } : c));
    update.push(time(() => updateIrs.push(analyzer.analyze(edited))));
  }
  const ir = analyzer.analyze(cells);
  rows.push({ cells: n, models: ir.models.length, cold: median(cold), update: median(update), parse: median(parse), coldPhases: phases(coldIrs), updatePhases: phases(updateIrs) });
}

console.log('cells  models  cold(ms)  update(ms)  parse(ms)  cold/parse');
for (const r of rows) {
  console.log(
    `${String(r.cells).padStart(5)}  ${String(r.models).padStart(6)}  ${r.cold.toFixed(1).padStart(8)}  ${r.update.toFixed(1).padStart(10)}  ${r.parse.toFixed(1).padStart(9)}  ${(r.cold / r.parse).toFixed(2).padStart(10)}`
  );
}
console.log('\nwhere the time goes (medians, ms): parse+lower / interpret / build IR');
for (const r of rows) {
  const f = p => `${p.lower.toFixed(1)} / ${p.interp.toFixed(1)} / ${p.build.toFixed(1)}`;
  console.log(`${String(r.cells).padStart(5)} cells  cold ${f(r.coldPhases).padEnd(20)} update ${f(r.updatePhases)}`);
}
const at200 = rows.find(r => r.cells === 200);
const okUpdate = at200.update < 16;
const worstRatio = Math.max(...rows.map(r => r.cold / r.parse));
console.log(`\nbudget: one-cell update at 200 cells < 16 ms: ${okUpdate ? 'OK' : 'MISSED'} (${at200.update.toFixed(1)} ms)`);
console.log(`budget: cold within 3x parse: ${worstRatio <= 3 ? 'OK' : 'MISSED'} (worst ${worstRatio.toFixed(2)}x)`);
rmSync(dir, { recursive: true, force: true });
