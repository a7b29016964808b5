// Confined, bounded reading of the files the command line analyses (shared by `extract`, the
// `scan` command and a server-side reader): a file is read only when its REAL path (every
// symlink resolved) is inside the folder it is confined to, it is a regular file, and its
// size — checked on the open file before anything is read — is within the limit; it is then
// read in chunks, never past the limit (a file that grows meanwhile is refused too), and
// decoded as UTF-8 without a byte order mark. A refusal is a one-line reason, never an
// exception. A symlinked file or directory leading outside the folder is refused.
// Does not: parse or analyse anything, or follow paths given as absolute.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync } from 'fs';
import * as path from 'path';

export type ReadResult =
  | { ok: true; text: string; bytes: number }
  | { ok: false; reason: 'absent' | 'outside' | 'not-a-file' | 'too-large' | 'error'; message: string };

/** Bytes read per chunk. */
const CHUNK = 1024 * 1024;

/** Whether `target` is `root` or inside it (both absolute and normalised). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Reads the regular file at `file` (any path the user gave), at most `maxBytes` bytes: its
 * size is checked before reading and the read stops past the limit. Decoded as UTF-8, a
 * leading byte order mark removed.
 */
export function readBounded(file: string, maxBytes: number, confinedTo?: string): ReadResult {
  const r = readBoundedBytes(file, maxBytes, confinedTo);
  return r.ok ? { ok: true, text: decodeUtf8(r.data), bytes: r.data.length } : r;
}

/** readBounded's bytes, undecoded (for hashing a file as it is on disk). */
export function readBoundedBytes(file: string, maxBytes: number, confinedTo?: string): { ok: true; data: Buffer } | Extract<ReadResult, { ok: false }> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below). A confined
    // read opens a real path: its last component must not have become a link since.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (confinedTo !== undefined ? constants.O_NOFOLLOW ?? 0 : 0));
  } catch (error) {
    return failure(error, file);
  }
  try {
    if (confinedTo !== undefined && !openedInside(fd, confinedTo)) {
      return { ok: false, reason: 'outside', message: `${file} leads outside the folder ${confinedTo}: not read` };
    }
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      return { ok: false, reason: 'not-a-file', message: `${file} is not a regular file` };
    }
    if (stat.size > maxBytes) {
      return { ok: false, reason: 'too-large', message: `${file} is ${describeBytes(stat.size)}, more than the ${describeBytes(maxBytes)} read at most` };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // Sized from the file's size (one byte more shows growth), not the whole limit: a
      // library import reads hundreds of small files.
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total, Math.max(stat.size - total + 1, 4096)));
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) {
        break;
      }
      total += n;
      if (total > maxBytes) {
        return { ok: false, reason: 'too-large', message: `${file} grew past the ${describeBytes(maxBytes)} read at most` };
      }
      chunks.push(n === buffer.length ? buffer : buffer.subarray(0, n));
    }
    return { ok: true, data: Buffer.concat(chunks, total) };
  } catch (error) {
    return failure(error, file);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `relative` (a path below `root`, as an import names it) only when its real path is
 * inside the real path of `root`; otherwise, or past `maxBytes`, a refusal.
 */
export function readConfined(root: string, relative: string, maxBytes: number): ReadResult {
  if (relative.includes('\u0000') || path.isAbsolute(relative)) {
    return { ok: false, reason: 'outside', message: `${relative}: not a path inside the folder` };
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (error) {
    return failure(error, root);
  }
  const target = path.resolve(realRoot, relative);
  if (!isInside(realRoot, target)) {
    return { ok: false, reason: 'outside', message: `${relative} is outside the folder ${root}: not read` };
  }
  let real: string;
  try {
    real = realpathSync(target);
  } catch (error) {
    return failure(error, relative);
  }
  if (!isInside(realRoot, real)) {
    return { ok: false, reason: 'outside', message: `${relative} leads outside the folder ${root} (through a symbolic link): not read` };
  }
  const r = readBounded(real, maxBytes, realRoot);
  return r.ok ? r : { ...r, message: r.message.replace(real, relative) };
}

/**
 * The local-import reader of one analysis: files below `root`, confined to it, each at most
 * `maxFileBytes`, all together at most `maxTotalBytes` (refused before reading once the
 * total would pass). Absent files are null; every refusal is also kept as a message.
 */
export class FolderReader {
  /** Bytes read so far. */
  bytesRead = 0;
  /** One line per file refused (outside the folder, too large, over the total). */
  readonly refusals: string[] = [];
  private readonly cache = new Map<string, string | null>();

  /** Every path asked so far and its text (null: absent or refused), in the order asked. */
  get asked(): ReadonlyMap<string, string | null> {
    return this.cache;
  }

  constructor(
    readonly root: string,
    private readonly maxFileBytes: number,
    private readonly maxTotalBytes: number
  ) {}

  read(relative: string): string | null {
    const hit = this.cache.get(relative);
    if (hit !== undefined) {
      return hit;
    }
    const left = this.maxTotalBytes - this.bytesRead;
    const r = readConfined(this.root, relative, Math.min(this.maxFileBytes, left));
    let text: string | null = null;
    if (r.ok) {
      this.bytesRead += r.bytes;
      text = r.text;
    } else if (r.reason === 'too-large' && left < this.maxFileBytes) {
      this.refusals.push(`${relative} not read: the files read before it used up the ${describeBytes(this.maxTotalBytes)} read at most through imports`);
    } else if (r.reason !== 'absent') {
      this.refusals.push(r.message);
    }
    this.cache.set(relative, text);
    return text;
  }
}

/**
 * Whether the file open as `fd` is inside `root`, where the system can say which file an open
 * descriptor is (Linux): a folder on the way swapped for a link between the check of the real
 * path and the open is caught here.
 */
function openedInside(fd: number, root: string): boolean {
  const link = `/proc/self/fd/${fd}`;
  if (process.platform !== 'linux' || !existsSync(link)) {
    return true;
  }
  try {
    return isInside(root, realpathSync(link));
  } catch {
    return false;
  }
}

/** UTF-8 text of `bytes` (invalid sequences become U+FFFD), without a leading byte order mark. */
export function decodeUtf8(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function describeBytes(n: number): string {
  return n >= 1024 * 1024 * 1024 ? `${(n / 1024 ** 3).toFixed(1)} GB` : n >= 1024 * 1024 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

function failure(error: unknown, file: string): Extract<ReadResult, { ok: false }> {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return { ok: false, reason: 'absent', message: `${file}: no such file` };
  }
  if (code === 'ELOOP') {
    return { ok: false, reason: 'outside', message: `${file}: too many symbolic links` };
  }
  if (code === 'EISDIR') {
    return { ok: false, reason: 'not-a-file', message: `${file} is not a regular file` };
  }
  return { ok: false, reason: 'error', message: `${file}: ${(error as Error)?.message ?? String(error)}` };
}
