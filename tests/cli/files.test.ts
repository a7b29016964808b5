// Issue 19 items 3 and 7: the CLI's confined reader. A file is read only when its real path
// is inside the folder, it is a regular file and its size (checked before reading) is within
// the limit; symlinked files and folders leading out are refused; a byte order mark is
// dropped. Every refusal is a message, never an exception.
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import { execFileSync } from 'child_process';
import { tmpdir } from 'os';
import * as path from 'path';
import { decodeUtf8, FolderReader, readBounded, readConfined } from '../../src/cli/files';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'archlens-files-'));
  root = path.join(base, 'project');
  outside = path.join(base, 'elsewhere');
  mkdirSync(path.join(root, 'pkg'), { recursive: true });
  mkdirSync(path.join(outside, 'secrets'), { recursive: true });
  writeFileSync(path.join(root, 'model.py'), 'WIDTH = 4\n');
  writeFileSync(path.join(root, 'pkg', 'layers.py'), 'DEPTH = 2\n');
  writeFileSync(path.join(outside, 'settings.py'), 'SECRET_KEY = "sk-live-123"\n');
  writeFileSync(path.join(outside, 'secrets', 'keys.py'), 'TOKEN = "t0k3n"\n');
  symlinkSync(path.join(outside, 'settings.py'), path.join(root, 'config.py'));
  symlinkSync(path.join(outside, 'secrets'), path.join(root, 'vault'));
  symlinkSync(path.join(root, 'model.py'), path.join(root, 'alias.py'));
  symlinkSync('config.py', path.join(root, 'chain.py')); // a link to a link leading out
  symlinkSync(path.join(root, 'loop_b.py'), path.join(root, 'loop_a.py'));
  symlinkSync(path.join(root, 'loop_a.py'), path.join(root, 'loop_b.py'));
  writeFileSync(path.join(root, 'big.py'), '');
  truncateSync(path.join(root, 'big.py'), 1024 ** 3); // 1 GB, sparse: nothing is written
});

test('a file inside the folder is read, also through a link that stays inside', () => {
  expect(readConfined(root, 'model.py', 1000)).toEqual({ ok: true, text: 'WIDTH = 4\n', bytes: 10 });
  expect(readConfined(root, 'pkg/layers.py', 1000)).toMatchObject({ ok: true, text: 'DEPTH = 2\n' });
  expect(readConfined(root, 'alias.py', 1000)).toMatchObject({ ok: true, text: 'WIDTH = 4\n' });
});

test('a symlinked file, a symlinked folder or a chain of links leading outside is refused with a message', () => {
  for (const rel of ['config.py', 'vault/keys.py', 'chain.py']) {
    const r = readConfined(root, rel, 1000);
    expect(r).toMatchObject({ ok: false, reason: 'outside' });
    expect(!r.ok && r.message).toMatch(/leads outside the folder .* \(through a symbolic link\): not read$/);
  }
});

test('paths that climb out, absolute paths, NUL bytes and link loops are refused', () => {
  expect(readConfined(root, '../elsewhere/settings.py', 1000)).toMatchObject({ ok: false, reason: 'outside' });
  expect(readConfined(root, path.join(outside, 'settings.py'), 1000)).toMatchObject({ ok: false, reason: 'outside' });
  expect(readConfined(root, 'model.py\u0000.txt', 1000)).toMatchObject({ ok: false, reason: 'outside' });
  expect(readConfined(root, 'loop_a.py', 1000)).toMatchObject({ ok: false });
  expect(readConfined(root, 'absent.py', 1000)).toMatchObject({ ok: false, reason: 'absent' });
  expect(readConfined(root, 'pkg', 1000)).toMatchObject({ ok: false, reason: 'not-a-file' });
});

test('a 1 GB file is refused from its size before anything is read', () => {
  const started = Date.now();
  const r = readBounded(path.join(root, 'big.py'), 64 * 1024 * 1024);
  expect(r).toMatchObject({ ok: false, reason: 'too-large' });
  expect(!r.ok && r.message).toMatch(/is 1\.0 GB, more than the 64\.0 MB read at most$/);
  expect(Date.now() - started).toBeLessThan(500);
});

test('a named pipe is refused without waiting for a writer', () => {
  const fifo = path.join(root, 'pipe.py');
  try {
    execFileSync('mkfifo', [fifo]);
  } catch {
    return; // no mkfifo on this system
  }
  const started = Date.now();
  expect(readConfined(root, 'pipe.py', 1000)).toMatchObject({ ok: false, reason: 'not-a-file' });
  expect(Date.now() - started).toBeLessThan(1000);
});

test('the folder reader bounds each file and the total, and keeps every refusal as a line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'archlens-total-'));
  writeFileSync(path.join(dir, 'a.py'), 'x'.repeat(600));
  linkSync(path.join(dir, 'a.py'), path.join(dir, 'b.py'));
  linkSync(path.join(dir, 'a.py'), path.join(dir, 'c.py'));
  symlinkSync(path.join(outside, 'settings.py'), path.join(dir, 'out.py'));
  const reader = new FolderReader(dir, 1000, 1300);
  expect(reader.read('a.py')).toHaveLength(600);
  expect(reader.read('b.py')).toHaveLength(600);
  expect(reader.read('c.py')).toBeNull();
  expect(reader.read('out.py')).toBeNull();
  expect(reader.read('absent.py')).toBeNull();
  expect(reader.bytesRead).toBe(1200);
  expect(reader.refusals).toEqual([
    'c.py not read: the files read before it used up the 2 KB read at most through imports',
    'out.py leads outside the folder ' + dir + ' (through a symbolic link): not read'
  ]);
});

test('UTF-8 is decoded without a byte order mark; invalid bytes become U+FFFD', () => {
  expect(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x78]))).toBe('x');
  expect(decodeUtf8(Buffer.from([0x78, 0xff, 0x79]))).toBe('x\ufffdy');
  const f = path.join(base, 'bom.py');
  writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('m = 1\n')]));
  expect(readBounded(f, 100)).toEqual({ ok: true, text: 'm = 1\n', bytes: 9 });
});
