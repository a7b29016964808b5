// Scan benchmark (npm run bench:scan): a corpus of 1,000 notebooks in a temp folder — every
// fixture and example notebook, every fixture .py model file turned into a notebook (split at
// its blank-line-separated blocks), the rest generated tutorial notebooks (markdown, imports,
// data loading, one or two models, a training loop, plots) — scanned by bin/archlens.js:
//   scan --jobs 1          one worker process
//   scan --jobs 2          two worker processes
//   dask, 2 workers        scan(corpus, client=Client(LocalCluster(n_workers=2))) from .venv
//   extract per file       one `archlens extract` process per file (a sample), as before scan
// and prints medians of wall time (files/s) and of CPU time per file (user+sys of the whole
// process tree), plus the start-up cost per file that one process per worker removes.
// Usage: node scripts/bench-scan.mjs [--runs N] [--files N] [--no-dask]
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin', 'archlens.js');
const python = join(root, '.venv', 'bin', 'python');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const RUNS = opt('--runs', 3);
const FILES = opt('--files', 1000);
const DASK = !argv.includes('--no-dask');

if (!existsSync(cli)) {
  console.error('bin/archlens.js is missing: run `npm run build:cli` (or bash scripts/setup.sh) first');
  process.exit(1);
}

// ---- the corpus ------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'archlens-bench-scan-'));
const corpus = join(dir, 'corpus');
mkdirSync(corpus);

function notebook(cells) {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    cells: cells.map(([kind, source], i) =>
      kind === 'code'
        ? { cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source }
        : { cell_type: 'markdown', id: `c${i}`, metadata: {}, source }
    )
  });
}

function walk(d, out = []) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) {
      walk(p, out);
    } else {
      out.push(p);
    }
  }
  return out;
}

const fixtureFiles = [...walk(join(root, 'examples')), ...walk(join(root, 'fixtures', 'torch')), ...walk(join(root, 'fixtures', 'keras'))];
let count = 0;
const kinds = { fixtureNotebook: 0, fixturePy: 0, generated: 0 };
// Fixture notebooks; a multi-file one with its folder (it reads the modules next to it, which
// are scanned as .py files too).
for (const f of fixtureFiles.filter(f => f.endsWith('.ipynb'))) {
  const target = join(corpus, 'fixtures', relative(root, f));
  mkdirSync(join(target, '..'), { recursive: true });
  if (f.includes('/multifile/')) {
    cpSync(join(f, '..'), join(target, '..'), { recursive: true });
  } else {
    cpSync(f, target);
  }
  kinds.fixtureNotebook++;
}
count = walk(corpus).filter(f => /\.(ipynb|py)$/.test(f)).length;
// Fixture .py files as notebooks: one cell per block separated by two blank lines.
for (const f of fixtureFiles.filter(f => f.endsWith('.py') && !f.includes('/multifile/'))) {
  const blocks = readFileSync(f, 'utf8').split(/\n\s*\n\s*\n/).filter(b => b.trim());
  const cells = [['markdown', `# ${relative(root, f)}\n\nA fixture turned into a notebook.`], ...blocks.map(b => ['code', b + '\n'])];
  writeFileSync(join(corpus, `py_${count}.ipynb`), notebook(cells));
  count++;
  kinds.fixturePy++;
}

// Generated tutorial notebooks.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
function tutorial(seed) {
  const r = rng(seed);
  const pick = xs => xs[Math.floor(r() * xs.length)];
  const classes = pick([2, 5, 10, 100]);
  const width = pick([16, 32, 64]);
  const cells = [
    ['markdown', `# Tutorial ${seed}: training a classifier\n\nWe load the data, build a model and train it.`],
    ['code', '%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\n'],
    ['markdown', '## Data'],
    [
      'code',
      `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom torch.utils.data import DataLoader\nimport torchvision\nimport torchvision.transforms as T\n\ntransform = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])\ntrain = torchvision.datasets.CIFAR10("data", train=True, download=True, transform=transform)\nloader = DataLoader(train, batch_size=${pick([32, 64, 128])}, shuffle=True)\n`
    ],
    ['code', 'images, labels = next(iter(loader))\nprint(images.shape, labels[:8])\nplt.imshow(np.transpose(images[0].numpy(), (1, 2, 0)))\nplt.show()\n'],
    ['markdown', '## Model']
  ];
  const style = Math.floor(r() * 4);
  if (style === 0) {
    cells.push([
      'code',
      `class Net(nn.Module):\n    def __init__(self, num_classes=${classes}):\n        super().__init__()\n        self.conv1 = nn.Conv2d(3, ${width}, 3, padding=1)\n        self.conv2 = nn.Conv2d(${width}, ${width * 2}, 3, padding=1)\n        self.pool = nn.MaxPool2d(2)\n        self.fc1 = nn.Linear(${width * 2} * 8 * 8, 128)\n        self.fc2 = nn.Linear(128, num_classes)\n\n    def forward(self, x):\n        x = self.pool(F.relu(self.conv1(x)))\n        x = self.pool(F.relu(self.conv2(x)))\n        x = torch.flatten(x, 1)\n        return self.fc2(F.relu(self.fc1(x)))\n`
    ]);
    cells.push(['code', 'model = Net()\nprint(model)\nout = model(torch.randn(1, 3, 32, 32))\n']);
  } else if (style === 1) {
    cells.push([
      'code',
      `model = nn.Sequential(\n    nn.Flatten(),\n    nn.Linear(3 * 32 * 32, ${width * 8}),\n    nn.ReLU(),\n    nn.Dropout(0.2),\n    nn.Linear(${width * 8}, ${width * 4}),\n    nn.ReLU(),\n    nn.Linear(${width * 4}, ${classes}),\n)\ny = model(torch.randn(4, 3, 32, 32))\n`
    ]);
  } else if (style === 2) {
    cells.push([
      'code',
      `class Block(nn.Module):\n    def __init__(self, cin, cout, stride=1):\n        super().__init__()\n        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)\n        self.bn1 = nn.BatchNorm2d(cout)\n        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)\n        self.bn2 = nn.BatchNorm2d(cout)\n        self.short = nn.Sequential()\n        if stride != 1 or cin != cout:\n            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))\n\n    def forward(self, x):\n        out = F.relu(self.bn1(self.conv1(x)))\n        out = self.bn2(self.conv2(out))\n        return F.relu(out + self.short(x))\n`
    ]);
    cells.push([
      'code',
      `class ResNet(nn.Module):\n    def __init__(self, widths=(${width}, ${width * 2}, ${width * 4}), num_classes=${classes}):\n        super().__init__()\n        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, padding=1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())\n        layers = []\n        cin = widths[0]\n        for i, w in enumerate(widths):\n            layers.append(Block(cin, w, 1 if i == 0 else 2))\n            cin = w\n        self.layers = nn.Sequential(*layers)\n        self.head = nn.Linear(widths[-1], num_classes)\n\n    def forward(self, x):\n        x = self.layers(self.stem(x))\n        x = F.adaptive_avg_pool2d(x, 1).flatten(1)\n        return self.head(x)\n\nmodel = ResNet()\nlogits = model(torch.randn(2, 3, 32, 32))\n`
    ]);
  } else {
    cells.push([
      'code',
      `from tensorflow import keras\nfrom tensorflow.keras import layers\n\nmodel = keras.Sequential([\n    keras.Input(shape=(32, 32, 3)),\n    layers.Conv2D(${width}, 3, activation="relu"),\n    layers.MaxPooling2D(),\n    layers.Conv2D(${width * 2}, 3, activation="relu"),\n    layers.MaxPooling2D(),\n    layers.Flatten(),\n    layers.Dropout(0.5),\n    layers.Dense(${classes}, activation="softmax"),\n])\nmodel.summary()\n`
    ]);
    cells.push(['code', 'model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])\n']);
  }
  cells.push(['markdown', '## Training']);
  if (style !== 3) {
    cells.push([
      'code',
      `criterion = nn.CrossEntropyLoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=${pick(['0.01', '0.001'])}, momentum=0.9)\nhistory = []\nfor epoch in range(${pick([2, 5, 10])}):\n    running = 0.0\n    for i, (inputs, targets) in enumerate(loader):\n        optimizer.zero_grad()\n        loss = criterion(model(inputs), targets)\n        loss.backward()\n        optimizer.step()\n        running += loss.item()\n    history.append(running / len(loader))\n    print(f"epoch {epoch}: loss {history[-1]:.3f}")\n`
    ]);
  } else {
    cells.push(['code', 'history = model.fit(x_train, y_train, epochs=5, validation_split=0.1)\n']);
  }
  cells.push(['code', 'plt.plot(history)\nplt.xlabel("epoch")\nplt.ylabel("loss")\nplt.show()\n']);
  cells.push(['markdown', '## Evaluation\n\nAccuracy on the test set.']);
  cells.push(['code', 'correct = 0\ntotal = 0\nwith torch.no_grad():\n    for images, labels in loader:\n        predicted = model(images).argmax(1)\n        total += labels.size(0)\n        correct += (predicted == labels).sum().item()\nprint(f"accuracy: {100 * correct / total:.1f} %")\n']);
  cells.push(['code', `torch.save(model.state_dict(), "model_${seed}.pt")\n`]);
  return notebook(cells);
}
for (let seed = 0; count < FILES; seed++) {
  writeFileSync(join(corpus, `tutorial_${String(seed).padStart(4, '0')}.ipynb`), tutorial(seed));
  count++;
  kinds.generated++;
}

// ---- measuring -------------------------------------------------------------------------------
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU seconds (user+sys of the process and the children it waited for). */
function timed(command, args, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  }
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), stdout: r.stdout };
}

const listed = spawnSync(process.execPath, [cli, 'scan', '--list', 'corpus'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
console.log(`corpus: ${listed.length} files (${kinds.fixtureNotebook} fixture notebooks and ${listed.length - kinds.fixtureNotebook - kinds.fixturePy - kinds.generated} modules next to them, ${kinds.fixturePy} fixture .py files as notebooks, ${kinds.generated} generated tutorials)`);

const rows = [];
function scanRow(label, jobs, paths = ['corpus'], files = listed.length) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(timed(process.execPath, [cli, 'scan', '--quiet', '--jobs', String(jobs), ...paths], { cwd: dir }));
  }
  const wall = median(runs.map(r => r.wall));
  const cpu = median(runs.map(r => r.cpu));
  rows.push({ label, files, wall, filesPerSec: files / wall, cpuMsPerFile: (1000 * cpu) / files });
}
scanRow('scan --jobs 1', 1);
scanRow('scan --jobs 2', 2);
scanRow('scan --jobs 1, generated tutorials only', 1, ['corpus/tutorial_*.ipynb'], kinds.generated);

if (DASK) {
  if (!existsSync(python)) {
    console.error('.venv/bin/python is missing (bash scripts/setup.sh): skipping Dask');
  } else {
    const script = `
import sys, time, warnings
warnings.simplefilter("ignore")
from dask.distributed import Client, LocalCluster
from jupyterlab_archlens import scan
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.run(lambda: None)
    times = []
    for _ in range(${RUNS}):
        t = time.perf_counter()
        df = scan("corpus", client=client)
        times.append(time.perf_counter() - t)
    print("DASK", sorted(times)[len(times) // 2], len(df))
    client.close()
    cluster.close()
`;
    writeFileSync(join(dir, 'bench_dask.py'), script);
    const r = spawnSync(python, ['bench_dask.py'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ARCHLENS_CLI: cli } });
    const m = /DASK ([\d.]+) (\d+)/.exec(r.stdout);
    if (!m) {
      console.error(`dask run failed: ${r.stderr.slice(-2000)}`);
    } else {
      const wall = Number(m[1]);
      rows.push({ label: 'dask, 2 workers', files: listed.length, wall, filesPerSec: listed.length / wall, cpuMsPerFile: null });
    }
  }
}

// One process per file, as `extract` costs without scan: a sample of the corpus.
const sample = listed.filter((_, i) => i % Math.max(1, Math.floor(listed.length / 60)) === 0).slice(0, 60);
const perFile = sample.map(f => timed(process.execPath, [cli, 'extract', f], { cwd: dir }));
const extractWall = median(perFile.map(t => t.wall));
const extractCpu = median(perFile.map(t => t.cpu));
rows.push({ label: 'extract, 1 process per file', files: sample.length, wall: extractWall * sample.length, filesPerSec: 1 / extractWall, cpuMsPerFile: 1000 * extractCpu });
// Start-up alone: extract of an empty file (Node start, bundle load, wasm load and init).
writeFileSync(join(dir, 'empty.py'), '');
const startups = Array.from({ length: 15 }, () => timed(process.execPath, [cli, 'extract', 'empty.py'], { cwd: dir }));
const startupWall = median(startups.map(t => t.wall));
const startupCpu = median(startups.map(t => t.cpu));

console.log(`\nmedians of ${RUNS} runs (extract: median per file over ${sample.length} files); CPU = user+sys of all processes\n`);
console.log('| how | files | wall s | files/s | CPU ms per file |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.label} | ${r.files} | ${r.wall.toFixed(2)} | ${r.filesPerSec.toFixed(1)} | ${r.cpuMsPerFile === null ? '-' : r.cpuMsPerFile.toFixed(1)} |`);
}
const scan1 = rows[0];
console.log(`\nstart-up per process (extract of an empty file): ${(startupWall * 1000).toFixed(0)} ms wall, ${(startupCpu * 1000).toFixed(0)} ms CPU`);
console.log(`one extract process per file: ${(extractWall * 1000).toFixed(0)} ms per file; scan --jobs 1: ${((1000 * scan1.wall) / scan1.files).toFixed(1)} ms per file; removed per file: ${(extractWall * 1000 - (1000 * scan1.wall) / scan1.files).toFixed(0)} ms`);
const tutorials = rows.find(r => r.label.includes('tutorials'));
console.log(`per core (CPU time): ${(1000 / scan1.cpuMsPerFile).toFixed(0)} files/s with scan (${(1000 / tutorials.cpuMsPerFile).toFixed(0)} for the generated tutorials alone), ${(1 / extractCpu).toFixed(1)} with one extract process per file`);
rmSync(dir, { recursive: true, force: true });
