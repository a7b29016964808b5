// The scan's worker processes: N forked Node processes (scan-worker.ts), each loading the
// wasm parser once and analysing one file at a time. A file that keeps its worker busy past
// the hard timeout, or whose worker dies (out of memory, a crash), is reported as failed and
// the worker is replaced; the scan goes on. A worker that dies before it is ready stops the
// scan (nothing could be analysed).
// Does not: find files, decide what to skip or write output: results go to `onResult`.
import { ChildProcess, fork } from 'child_process';
import type { ScanFailure } from './scan-lines';
import type { WorkerMessage, WorkRequest } from './scan-worker';

export interface PoolOptions {
  jobs: number;
  /** Hard wall-clock limit for one file, in milliseconds. */
  timeoutMs: number;
  /** V8 heap limit per worker in MB (--max-old-space-size), or null for Node's default. */
  maxMemoryMb: number | null;
  /** The script to fork and its arguments (the bundled CLI with `scan-worker`). */
  script: string;
  args: string[];
}

export type PoolResult =
  | { file: string; ok: true; lines: string; models: number; failed: boolean }
  | { file: string; ok: false; failure: Extract<ScanFailure, 'timeout' | 'crashed'>; error: string };

interface Slot {
  child: ChildProcess;
  ready: boolean;
  busy: { id: number; file: string; timer: NodeJS.Timeout } | null;
  stderr: string;
  gone: boolean;
}

export class FatalPoolError extends Error {}

/** Keep this much of a worker's stderr for the crash message. */
const STDERR_TAIL = 4096;

export class ScanPool {
  private readonly slots = new Set<Slot>();
  private queue: string[] = [];
  private nextId = 1;
  private pending = 0;
  private stopping = false;
  private finish: (() => void) | null = null;
  private fail: ((error: Error) => void) | null = null;

  constructor(
    private readonly options: PoolOptions,
    private readonly onResult: (result: PoolResult) => void
  ) {}

  /** Analyses `files`; resolves when every file has a result. */
  run(files: string[]): Promise<void> {
    this.queue = [...files];
    this.pending = files.length;
    return new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
      if (this.pending === 0) {
        resolve();
        return;
      }
      const n = Math.max(1, Math.min(this.options.jobs, files.length));
      for (let i = 0; i < n; i++) {
        this.spawn();
      }
    });
  }

  /** Stops every worker now (Ctrl-C): files in flight get no result. */
  stop(): void {
    this.stopping = true;
    for (const slot of this.slots) {
      this.kill(slot);
    }
  }

  private spawn(): void {
    const execArgv = this.options.maxMemoryMb ? [`--max-old-space-size=${this.options.maxMemoryMb}`] : [];
    const child = fork(this.options.script, this.options.args, {
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced'
    });
    const slot: Slot = { child, ready: false, busy: null, stderr: '', gone: false };
    this.slots.add(slot);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.stderr = (slot.stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    child.on('error', error => this.onExit(slot, null, null, error));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal, null));
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (slot.gone) {
      return;
    }
    if (message.type === 'ready') {
      slot.ready = true;
      this.dispatch(slot);
      return;
    }
    const busy = slot.busy;
    if (!busy || busy.id !== message.id) {
      return;
    }
    clearTimeout(busy.timer);
    slot.busy = null;
    this.onResult({ file: busy.file, ok: true, lines: message.lines, models: message.models, failed: message.failed });
    this.settled();
    this.dispatch(slot);
  }

  private dispatch(slot: Slot): void {
    if (this.stopping || slot.gone) {
      return;
    }
    const file = this.queue.shift();
    if (file === undefined) {
      this.retire(slot);
      return;
    }
    const id = this.nextId++;
    const timer = setTimeout(() => this.onTimeout(slot), this.options.timeoutMs);
    slot.busy = { id, file, timer };
    const request: WorkRequest = { id, file };
    slot.child.send(request);
  }

  private onTimeout(slot: Slot): void {
    const busy = slot.busy;
    if (!busy || slot.gone) {
      return;
    }
    slot.busy = null;
    this.kill(slot);
    const seconds = this.options.timeoutMs / 1000;
    this.onResult({ file: busy.file, ok: false, failure: 'timeout', error: `analysis took longer than the hard timeout of ${seconds} s: the worker was stopped and replaced` });
    this.settled();
    this.replace();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null, error: Error | null): void {
    if (slot.gone) {
      return;
    }
    slot.gone = true;
    this.slots.delete(slot);
    if (this.stopping) {
      return;
    }
    const busy = slot.busy;
    slot.busy = null;
    const how = error ? error.message : signal ? `signal ${signal}` : `exit code ${code}`;
    const tail = lastLines(slot.stderr);
    if (!slot.ready) {
      this.stop();
      this.fail?.(new FatalPoolError(`a scan worker failed to start (${how})${tail ? `: ${tail}` : ''}`));
      return;
    }
    if (busy) {
      clearTimeout(busy.timer);
      this.onResult({ file: busy.file, ok: false, failure: 'crashed', error: `the worker analysing this file died (${how})${tail ? `: ${tail}` : ''}; it was replaced` });
      this.settled();
    }
    this.replace();
  }

  private replace(): void {
    if (!this.stopping && this.queue.length > 0) {
      this.spawn();
    }
  }

  /** A worker with nothing left to do disconnects and exits on its own. */
  private retire(slot: Slot): void {
    slot.gone = true;
    this.slots.delete(slot);
    if (slot.child.connected) {
      slot.child.disconnect();
    }
  }

  private kill(slot: Slot): void {
    slot.gone = true;
    this.slots.delete(slot);
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
    }
    slot.child.kill('SIGKILL');
  }

  private settled(): void {
    this.pending--;
    if (this.pending === 0) {
      for (const slot of [...this.slots]) {
        this.retire(slot);
      }
      this.finish?.();
    }
  }
}

/** What a dead worker said: V8's FATAL ERROR line if any, else its last lines (no native frames). */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !/^\d+: 0x[0-9a-f]+/i.test(l) && !/^-+ .* -+$/.test(l) && !/^<-+ .* -+>$/.test(l));
  const fatal = lines.find(l => l.startsWith('FATAL ERROR'));
  return (fatal ?? lines.slice(-3).join(' | ')).slice(0, 500);
}
