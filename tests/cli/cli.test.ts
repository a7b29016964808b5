// The `archlens` CLI as users run it: the esbuild bundle in bin/, spawned with node.
// Checks exit codes, one-line errors and that JSON and markdown describe the example.
import { spawnSync, execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parseCsv } from '../helpers/csv';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'archlens.js');
const EXAMPLE = path.join(ROOT, 'examples', 'cifar_resnet.ipynb');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
});

test('extract --format json prints the IR of the example notebook', () => {
  const r = cli('extract', EXAMPLE, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // docs/schema/ir.schema.json: the version of the keys comes first
  expect(r.stdout.startsWith('{\n  "schema_version": "1.4",\n  "models": [')).toBe(true);
  const ir = JSON.parse(r.stdout);
  // BasicBlock is shown inside `model`, not as a model of its own.
  expect(ir.models.map((m: any) => m.name)).toEqual(['model', 'baseline']);
  const model = ir.models.find((m: any) => m.name === 'model');
  expect(model.framework).toBe('pytorch');
  expect(model.class).toBe('ResNet');
  expect(model.cell).toBe(4);
  expect(model.line).toBe(0);
  expect(Array.isArray(ir.diagnostics)).toBe(true);
});

test('large output reaches a pipe in full', () => {
  const r = spawnSync(process.execPath, [BIN, 'extract', path.join(ROOT, 'fixtures', 'torch', 'gpt2_small_12_blocks.py')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status).toBe(0);
  expect(r.stdout.length).toBeGreaterThan(65536);
  expect(JSON.parse(r.stdout).models.length).toBeGreaterThan(0);
});

test('json is the default format and --output writes a file', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'archlens-cli-')), 'arch.json');
  const r = cli('extract', EXAMPLE, '--output', out);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
  expect(JSON.parse(readFileSync(out, 'utf8')).models.length).toBe(2);
});

test('extract --format markdown prints a table per model', () => {
  const r = cli('extract', EXAMPLE, '--format', 'markdown');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('### baseline (Sequential, PyTorch)');
  expect(r.stdout).toContain('| Layer (type) | Output shape | Param # |');
});

test('markdown footer: torchinfo mult-adds and parameter memory by dtype', () => {
  const r = cli('extract', EXAMPLE, '--format', 'markdown');
  // 40,814,762 is what torchinfo.summary(model, input_size=(1, 3, 32, 32)) reports
  expect(r.stdout).toContain("- Total mult-adds (torchinfo's convention): 40,814,762");
  // decimal units, the one convention of panel and exports (torchinfo's MB of 10^6 bytes)
  expect(r.stdout).toContain('- Params size: 1.09 MB (float32), 544.95 kB (float16/bfloat16), 272.47 kB (int8)');
  // per layer too, in torchinfo's mult_adds column: 432 weights x 32 x 32 positions
  expect(r.stdout).toContain('| └─ conv1 (Conv2d) | [1, 16, 32, 32] | 432 | 442,368 |');
});

test('Keras models print in the layout of model.summary()', () => {
  const r = cli('extract', path.join(ROOT, 'examples', 'keras_two_inputs.ipynb'), '--format', 'markdown');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('| Layer (type) | Output Shape | Param # | Connected to |');
  expect(r.stdout).toContain('| conv2d (Conv2D) | (None, 30, 30, 32) | 896 | image[0][0] |');
  expect(r.stdout).toContain('| concatenate (Concatenate) | (None, 80) | 0 | global\\_average\\_pooling2d[0][0], dense[0][0] |');
  // the totals lines of Keras 3.15's summary for this model (KERAS_BACKEND=torch), with the
  // sizes in ArchLens' one unit convention (decimal: Keras' "99.60 KB" is 1024-based)
  expect(r.stdout).toContain('- Total params: 25,498 (101.99 kB)');
  expect(r.stdout).toContain('- Trainable params: 25,434 (101.74 kB)');
  expect(r.stdout).toContain('- Non-trainable params: 64 (256 B)');
});

test('--format csv parses back with the totals', () => {
  const r = cli('extract', EXAMPLE, '--format', 'csv');
  expect(r.code).toBe(0);
  const rows = parseCsv(r.stdout);
  expect(rows[0]).toEqual(['model', 'layer', 'type', 'depth', 'output_shape', 'params', 'trainable']);
  const total = rows.find(row => row[0] === 'model' && row[1] === '(total)')!;
  expect(Number(total[5])).toBe(272474);
  const conv1 = rows.find(row => row[0] === 'model' && row[1] === 'conv1')!;
  expect(conv1[2]).toBe('Conv2d');
  expect(Number(conv1[5])).toBe(432);
});

test('--format latex prints a booktabs table per model', () => {
  const r = cli('extract', EXAMPLE, '--format', 'latex');
  expect(r.code).toBe(0);
  expect(r.stdout.match(/\\begin\{tabular\}\{llr\}/g)).toHaveLength(2);
  expect(r.stdout).toContain('\\multicolumn{2}{l}{Total params} & 272,474 \\\\');
  expect(r.stdout).toContain('conv1 (Conv2d) & [1, 16, 32, 32] & 432 \\\\');
});

test('--symbol and --input-shape are named in the exports of the models that use them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'archlens-cli-'));
  const file = path.join(dir, 'net.py');
  writeFileSync(
    file,
    [
      'import torch.nn as nn',
      'import pandas as pd',
      "num_classes = len(pd.read_csv('labels.csv')['label'].unique())",
      'head = nn.Linear(64, num_classes)',
      'body = nn.Linear(64, 64)',
      ''
    ].join('\n')
  );
  const r = cli('extract', file, '--format', 'markdown', '--symbol', 'num_classes=5', '--input-shape', 'body=2,64');
  expect(r.code).toBe(0);
  const [head, body] = r.stdout.split('### body');
  expect(head).toContain('- Total params: 325');
  expect(head).toContain('- Values given in ArchLens, not from the notebook: num\\_classes = 5\n');
  expect(body).toContain('- Values given in ArchLens, not from the notebook: input shape [2, 64]');
  expect(body).not.toContain('num\\_classes');
  const ir = JSON.parse(cli('extract', file, '--symbol', 'num_classes=5').stdout);
  expect(ir.models.map((m: any) => [m.name, m.givenSymbols ?? null])).toEqual([
    ['head', [['num_classes', 5]]],
    ['body', null]
  ]);
});

test('--format mermaid prints a flowchart per model', () => {
  const r = cli('extract', EXAMPLE, '--format', 'mermaid');
  expect(r.code).toBe(0);
  expect(r.stdout.match(/^flowchart TD$/gm)).toHaveLength(2);
});

test('a .py file is read as one cell', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'archlens-cli-'));
  const file = path.join(dir, 'net.py');
  writeFileSync(file, 'import torch.nn as nn\n\nhead = nn.Linear(16, 4)\n');
  const ir = JSON.parse(cli('extract', file).stdout);
  expect(ir.models.map((m: any) => [m.name, m.line])).toEqual([['head', 2]]);
});

test('unreadable input: one-line error and exit code 1', () => {
  const missing = cli('extract', path.join(ROOT, 'no-such-file.ipynb'));
  expect(missing.code).toBe(1);
  expect(missing.stdout).toBe('');
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  expect(missing.stderr).toMatch(/^archlens: cannot read .*no-such-file\.ipynb: no such file/);

  const folder = cli('extract', ROOT);
  expect(folder.code).toBe(1);
  expect(folder.stderr).toMatch(/not a regular file/);

  const broken = cli('extract', path.join(ROOT, 'fixtures', 'hostile', 'nb_truncated.ipynb'));
  expect(broken.code).toBe(1);
  expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  expect(broken.stderr).toMatch(/not valid notebook JSON/);

  const binary = cli('extract', path.join(ROOT, 'fixtures', 'hostile', 'binary.py'));
  expect(binary.code).toBe(1);
  expect(binary.stderr).toMatch(/binary file/);
});

test('usage errors exit with code 2', () => {
  expect(cli().code).toBe(2);
  expect(cli('frobnicate').code).toBe(2);
  expect(cli('extract').code).toBe(2);
  const badFormat = cli('extract', EXAMPLE, '--format', 'yaml');
  expect(badFormat.code).toBe(2);
  expect(badFormat.stderr).toMatch(/unknown format 'yaml'/);
  expect(cli('--help').code).toBe(0);
});

describe('installed libraries (fixtures/pyenv: a venv with tinyzoo, a .pth adding extra/)', () => {
  const PYENV = path.join(ROOT, 'fixtures', 'pyenv');
  const SITE = path.join(PYENV, 'venv', 'lib', 'python3.11', 'site-packages');
  const expected = JSON.parse(readFileSync(path.join(PYENV, 'expected.json'), 'utf8'));
  const NB = "import tinyzoo\nnet = tinyzoo.create_model('tiny_convnet')\n";
  const totals = (stdout: string) => Object.fromEntries(JSON.parse(stdout).models.map((m: any) => [m.name, m.params.total]));
  const run = (file: string, env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'extract', file, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: '', ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('--python-path DIR (repeatable) reads the library from those folders only', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archlens-cli-'));
    writeFileSync(path.join(dir, 'nb.py'), NB + 'from tinyextra import mlp\nhead = mlp()\n');
    const r = run(path.join(dir, 'nb.py'), {}, '--python-path', SITE, '--python-path', path.join(PYENV, 'extra'));
    expect(r.stderr).toBe('');
    expect(totals(r.stdout)).toEqual({ net: expected.net.total, head: expected.head.total });
    // Only the first folder: tinyextra is not found (a --python-path folder's .pth files are not read, as PYTHONPATH's).
    expect(totals(run(path.join(dir, 'nb.py'), {}, '--python-path', SITE).stdout)).toEqual({ net: expected.net.total });
  });

  test('the environment is found from $VIRTUAL_ENV or a .venv above the file; --no-python-path turns it off', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archlens-cli-'));
    writeFileSync(path.join(dir, 'nb.py'), NB);
    expect(totals(run(path.join(dir, 'nb.py'), { VIRTUAL_ENV: path.join(PYENV, 'venv') }).stdout)).toEqual({ net: expected.net.total });
    expect(totals(run(path.join(dir, 'nb.py'), {}).stdout)).toEqual({});
    // A .venv two folders up (a symlink to the fixture venv: its pyvenv.cfg is what counts).
    const deep = path.join(dir, 'project', 'notebooks');
    mkdirSync(deep, { recursive: true });
    symlinkSync(path.join(PYENV, 'venv'), path.join(dir, 'project', '.venv'));
    writeFileSync(path.join(deep, 'nb.py'), NB);
    expect(totals(run(path.join(deep, 'nb.py'), {}).stdout)).toEqual({ net: expected.net.total });
    expect(totals(run(path.join(deep, 'nb.py'), {}, '--no-python-path').stdout)).toEqual({});
  });

  test('--python-path usage errors', () => {
    expect(cli('extract', EXAMPLE, '--python-path').code).toBe(2);
    const both = cli('extract', EXAMPLE, '--python-path', SITE, '--no-python-path');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exclude each other/);
    const missing = cli('extract', EXAMPLE, '--python-path', path.join(ROOT, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-folder: not a folder/);
  });
});
