// Resuming a scan into an existing --jsonl file. Reads the file's lines (streamed, in chunks:
// it may hold gigabytes of IR) and keeps, per file, the last complete group of lines: its
// 'model' lines followed by its 'file' line, or one 'error' line. A file whose group is
// complete, whose content hash is unchanged and whose local imports hash the same is skipped.
// Everything else — a truncated last line from a killed run, model lines without their
// 'file' line, lines of an older schema version, results of files that changed — is dropped
// by rewriting the file (to a temporary file, then renamed over it), so the output ends
// with exactly one group per file.
// Does not: analyse anything or decide which files exist (scan-files.ts).
import { closeSync, openSync, readSync, renameSync, writeSync } from 'fs';
import * as path from 'path';
import { SCHEMA_VERSION } from '../core/export/json';
import { localReader, readInputBytes } from './analyze-file';
import type { LocalFile } from './scan-lines';
import { sha256 } from './scan-worker';

/** One file's complete group of lines in the previous output. */
export interface PreviousEntry {
  sha256: string | null;
  failed: boolean;
  localFiles: LocalFile[];
  /** Byte range [start, end) of the group in the output file. */
  start: number;
  end: number;
}

export interface PreviousOutput {
  entries: Map<string, PreviousEntry>;
  /** Bytes that must go: broken, incomplete, duplicate or out-of-date lines. */
  dirty: boolean;
  size: number;
}

const CHUNK = 4 * 1024 * 1024;
/** Enough of a line to read its envelope (paths are at most a few KB). */
const ENVELOPE_BYTES = 16 * 1024;
const ENVELOPE = /^\{"schema_version":"([^"\\]*)","record":"(model|file|error)","file":("(?:[^"\\]|\\.)*"),"sha256":(null|"[0-9a-f]{64}")/;

/** Calls `onLine(line, start, end)` for each newline-terminated line; returns whether the file ends in a partial line. */
function eachLine(fd: number, onLine: (line: Buffer, start: number, end: number) => void): { size: number; partial: boolean } {
  let carry: Buffer[] = [];
  let carryLen = 0;
  let lineStart = 0;
  let offset = 0;
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, offset);
    if (n === 0) {
      break;
    }
    let pos = 0;
    while (pos < n) {
      const nl = buf.indexOf(10, pos);
      if (nl === -1 || nl >= n) {
        carry.push(Buffer.from(buf.subarray(pos, n)));
        carryLen += n - pos;
        break;
      }
      const piece = buf.subarray(pos, nl);
      const line = carryLen > 0 ? Buffer.concat([...carry, piece]) : piece;
      onLine(line, lineStart, offset + nl + 1);
      carry = [];
      carryLen = 0;
      pos = nl + 1;
      lineStart = offset + pos;
    }
    offset += n;
  }
  return { size: offset, partial: carryLen > 0 };
}

export function readPreviousOutput(file: string): PreviousOutput {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { entries: new Map(), dirty: false, size: 0 };
    }
    throw error;
  }
  const entries = new Map<string, PreviousEntry>();
  let dirty = false;
  // The group being read: model lines of one file waiting for their 'file' line.
  let open: { file: string; sha256: string | null; start: number; models: number } | null = null;
  let result;
  try {
    result = eachLine(fd, (line, start, end) => {
      const head = line.subarray(0, ENVELOPE_BYTES).toString('utf8');
      const m = ENVELOPE.exec(head);
      if (!m || m[1] !== SCHEMA_VERSION) {
        dirty = true;
        open = null;
        return;
      }
      const record = m[2];
      let name: string;
      try {
        name = JSON.parse(m[3]) as string;
      } catch {
        dirty = true;
        open = null;
        return;
      }
      const hash = m[4] === 'null' ? null : (JSON.parse(m[4]) as string);
      if (record === 'model') {
        if (open && (open.file !== name || open.sha256 !== hash)) {
          dirty = true; // the previous file's group never got its 'file' line
          open = null;
        }
        open = open ?? { file: name, sha256: hash, start, models: 0 };
        open.models++;
        return;
      }
      let full: { local_files?: LocalFile[]; models?: number };
      try {
        full = JSON.parse(line.toString('utf8')) as { local_files?: LocalFile[]; models?: number };
      } catch {
        dirty = true;
        open = null;
        return;
      }
      let groupStart = start;
      let models = 0;
      if (open) {
        if (record === 'file' && open.file === name && open.sha256 === hash) {
          groupStart = open.start;
          models = open.models;
        } else {
          dirty = true;
        }
        open = null;
      }
      if (record === 'file' && full.models !== models) {
        dirty = true; // some of its model lines are missing
        return;
      }
      if (entries.has(name)) {
        dirty = true; // an older group of the same file: the last one wins
      }
      const localFiles = Array.isArray(full.local_files) ? full.local_files : [];
      entries.set(name, { sha256: hash, failed: record === 'error', localFiles, start: groupStart, end });
    });
  } finally {
    closeSync(fd);
  }
  if (open || result.partial) {
    dirty = true;
  }
  return { entries, dirty, size: result.size };
}

/** True when the file and every local file it read still have the recorded hashes. */
export function unchanged(file: string, entry: PreviousEntry): boolean {
  if (entry.sha256 === null) {
    return false;
  }
  let bytes: Buffer;
  try {
    bytes = readInputBytes(file);
  } catch {
    return false;
  }
  if (sha256(bytes) !== entry.sha256) {
    return false;
  }
  const reader = localReader(file);
  for (const local of entry.localFiles) {
    const text = reader.read(local.path);
    if ((text === null ? null : sha256(text)) !== local.sha256) {
      return false;
    }
  }
  return true;
}

/**
 * Rewrites `file` keeping only the groups of `keep` (in their order in the file), through a
 * temporary file renamed over it, so a crash mid-way leaves the old file intact.
 */
export function rewriteOutput(file: string, keep: PreviousEntry[]): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const src = openSync(file, 'r');
  const dst = openSync(tmp, 'w');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (const entry of [...keep].sort((a, b) => a.start - b.start)) {
      let pos = entry.start;
      while (pos < entry.end) {
        const n = readSync(src, buf, 0, Math.min(CHUNK, entry.end - pos), pos);
        if (n === 0) {
          break;
        }
        writeSync(dst, buf, 0, n);
        pos += n;
      }
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  renameSync(tmp, file);
}
