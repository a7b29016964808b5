// The `archlens` CLI as users run it: the esbuild bundle in bin/, spawned with node.
// Checks exit codes, one-line errors and that JSON and markdown describe the example.
import { spawnSync, execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

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
  const ir = JSON.parse(r.stdout);
  expect(ir.models.map((m: any) => m.name)).toEqual(['BasicBlock', 'model', 'baseline']);
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
  expect(JSON.parse(readFileSync(out, 'utf8')).models.length).toBe(3);
});

test('extract --format markdown prints a table per model', () => {
  const r = cli('extract', EXAMPLE, '--format', 'markdown');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('### baseline (Sequential, PyTorch)');
  expect(r.stdout).toContain('| Layer (type) | Output shape | Param # |');
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
