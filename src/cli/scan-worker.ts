// A scan worker: a Node process forked by the scan coordinator (scan-pool.ts) that loads the
// parser's wasm once, warms up (scan-warmup.ts), then analyses one file per message, answering
// with the file's finished JSON lines. It ignores Ctrl-C (the coordinator decides what an interrupt means) and
// exits as soon as its coordinator is gone.
// Does not: choose files, enforce the hard timeout or write output; a file that hangs or
// crashes it is the coordinator's to report.
import { createHash } from 'crypto';
import * as path from 'path';
import { Analyzer, createPythonParser } from '../core';
import type { PythonParser } from '../core';
import { DocumentError } from '../core/notebook';
import { analyzeText, localFileReader, readInputBytes, ReadError } from './analyze-file';
import { errorLine, fileLines, LocalFile } from './scan-lines';
import { WARMUP_CELLS, WARMUP_RUNS } from './scan-warmup';
import { loadWasm } from './wasm';

/** Coordinator → worker: analyse this file. */
export interface WorkRequest {
  id: number;
  file: string;
}

/** Worker → coordinator: 'ready' once the parser is loaded, then one 'done' per request. */
export type WorkerMessage = { type: 'ready' } | { type: 'done'; id: number; lines: string; models: number; failed: boolean };

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Analyses one file into its scan lines. Never throws. */
export function scanFile(parser: PythonParser, file: string): { lines: string; models: number; failed: boolean } {
  let bytes: Buffer;
  try {
    bytes = readInputBytes(file);
  } catch (error) {
    const message = error instanceof ReadError ? error.message : `cannot read ${file}: ${(error as Error).message}`;
    return { lines: errorLine(file, null, 'unreadable', message), models: 0, failed: true };
  }
  const hash = sha256(bytes);
  // Local imports: read relative to this file's folder, and remembered for --jsonl resume.
  const reader = localFileReader(path.dirname(file));
  const read = new Map<string, string | null>();
  const readFile = (relative: string): string | null => {
    if (!read.has(relative)) {
      read.set(relative, reader(relative));
    }
    return read.get(relative) ?? null;
  };
  try {
    const ir = analyzeText(parser, file, bytes.toString('utf8'), readFile);
    const local: LocalFile[] = [...read].map(([p, text]) => ({ path: p, sha256: text === null ? null : sha256(text) }));
    return { lines: fileLines(file, hash, ir, local), models: ir.models.length, failed: false };
  } catch (error) {
    if (error instanceof DocumentError) {
      return { lines: errorLine(file, hash, 'document', error.message), models: 0, failed: true };
    }
    return { lines: errorLine(file, hash, 'internal', `internal error: ${(error as Error)?.message ?? String(error)}`), models: 0, failed: true };
  }
}

export async function runScanWorker(): Promise<number> {
  if (!process.send) {
    process.stderr.write('archlens: scan-worker is started by `archlens scan`, not by hand\n');
    return 2;
  }
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  const parser = await createPythonParser(loadWasm());
  for (let i = 0; i < WARMUP_RUNS; i++) {
    new Analyzer(parser).analyze(WARMUP_CELLS);
  }
  const send = (message: WorkerMessage) => process.send!(message);
  process.on('message', (request: WorkRequest) => {
    send({ type: 'done', id: request.id, ...scanFile(parser, request.file) });
  });
  send({ type: 'ready' });
  // Stay alive: the IPC channel keeps the event loop running until the coordinator disconnects.
  return new Promise<number>(() => undefined);
}
