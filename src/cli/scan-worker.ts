// A scan worker: a Node process forked by the scan coordinator (scan-pool.ts) that loads the
// parser's wasm once, warms up (scan-warmup.ts), then analyses one file per message, answering
// with the file's finished JSON lines. It ignores Ctrl-C (the coordinator decides what an interrupt means) and
// exits as soon as its coordinator is gone.
// Does not: choose files, enforce the hard timeout or write output; a file that hangs or
// crashes it is the coordinator's to report.
import { createHash } from 'crypto';
import * as path from 'path';
import { Analyzer } from '../core';
import { ModuleCache } from '../core/env/cache';
import { DEFAULT_BUDGETS } from '../core/interp/budgets';
import { DocumentError } from '../core/notebook';
import { analyzeDocument, localReader, ParserSlot, readInputBytes, ReadError } from './analyze-file';
import { decodeUtf8 } from './files';
import { DirectoryModuleSource } from './modules';
import { HubCache, hubCacheDir } from './hub-cache';
import { freshPythonParser } from './parser';
import { findEnvironment } from './pyenv';
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

/** What a worker keeps from file to file: its parser and the lowered library files. */
export interface WorkerState {
  slot: ParserSlot;
  moduleCache: ModuleCache;
  /** The Python environment of each folder (found from files, never started). */
  environments: Map<string, DirectoryModuleSource | null>;
}

export async function workerState(): Promise<WorkerState> {
  const wasm = loadWasm();
  return { slot: { parser: await freshPythonParser(wasm, false), wasm }, moduleCache: new ModuleCache(), environments: new Map() };
}

/** The installed libraries a file sees, as `extract` finds them (pyenv.ts). */
function modulesFor(state: WorkerState, file: string): DirectoryModuleSource | undefined {
  const dir = path.dirname(path.resolve(file));
  if (!state.environments.has(dir)) {
    const env = findEnvironment(file);
    state.environments.set(dir, env ? new DirectoryModuleSource(env.dirs, DEFAULT_BUDGETS.maxLibraryFileBytes, new HubCache(hubCacheDir(process.env))) : null);
  }
  return state.environments.get(dir) ?? undefined;
}

/** Analyses one file into its scan lines, exactly as `extract` would. Never throws. */
export async function scanFile(state: WorkerState, file: string): Promise<{ lines: string; models: number; failed: boolean }> {
  let bytes: Buffer;
  try {
    bytes = readInputBytes(file);
  } catch (error) {
    const message = error instanceof ReadError ? error.message : `cannot read ${file}: ${(error as Error).message}`;
    return { lines: errorLine(file, null, 'unreadable', message), models: 0, failed: true };
  }
  const hash = sha256(bytes);
  // Local imports: confined to this file's folder, and remembered for --jsonl resume.
  const files = localReader(file);
  try {
    const ir = await analyzeDocument(state.slot, file, decodeUtf8(bytes), { files, modules: modulesFor(state, file), moduleCache: state.moduleCache });
    const local: LocalFile[] = [...files.asked].map(([p, text]) => ({ path: p, sha256: text === null ? null : sha256(text) }));
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
  const state = await workerState();
  for (let i = 0; i < WARMUP_RUNS; i++) {
    new Analyzer(state.slot.parser).analyze(WARMUP_CELLS);
  }
  const send = (message: WorkerMessage) => process.send!(message);
  // One file at a time, in the order asked (analysis is synchronous between parser renewals).
  let queue = Promise.resolve();
  process.on('message', (request: WorkRequest) => {
    queue = queue.then(async () => void send({ type: 'done', id: request.id, ...(await scanFile(state, request.file)) }));
  });
  send({ type: 'ready' });
  // Stay alive: the IPC channel keeps the event loop running until the coordinator disconnects.
  return new Promise<number>(() => undefined);
}
