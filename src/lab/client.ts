// Main-thread side of the analysis worker: sends cell texts, receives the IR, and answers
// the worker's requests for installed modules' sources through `modules` (modules.ts).
// One request in flight at a time (the model coalesces edits); a worker that does not answer
// within the watchdog time is terminated and replaced, so a hostile notebook can never wedge
// the panel (the watchdog starts again while the worker waits for module sources), and so is
// one whose wasm parser failed (it would fail every later parse). No DOM, no JupyterLab
// imports; the worker itself comes from worker-factory.ts.
import type { ArchitectureIR } from '../core/ir';
import type { AnalyzeRequest, ModulesReply, ModulesResponse, WorkerResponse } from '../worker/protocol';

/** Reads module sources of a kernel environment (the server extension), for the worker. */
export type ModuleReader = (environment: string, names: string[], stat: boolean, hub?: boolean) => Promise<ModulesReply>;

export interface AnalysisResult {
  ir: ArchitectureIR;
  /** Time spent in the worker, in milliseconds. */
  ms: number;
}

export class AnalysisTimeout extends Error {}

export class AnalysisClient {
  constructor(options: { watchdogMs: number; createWorker: () => Worker; modules?: ModuleReader }) {
    this._watchdogMs = options.watchdogMs;
    this._createWorker = options.createWorker;
    this._modules = options.modules ?? null;
  }

  /** Number of workers terminated by the watchdog so far. */
  get restarts(): number {
    return this._restarts;
  }

  analyze(request: Omit<AnalyzeRequest, 'type' | 'id'>): Promise<AnalysisResult> {
    const worker = this._ensureWorker();
    const id = ++this._nextId;
    return new Promise<AnalysisResult>((resolve, reject) => {
      const expire = () => {
        cleanup();
        this._restart();
        reject(new AnalysisTimeout(`analysis did not finish within ${this._watchdogMs / 1000} s; the worker was restarted`));
      };
      let timer = setTimeout(expire, this._watchdogMs);
      let done = false;
      const onMessage = (event: MessageEvent<WorkerResponse>) => {
        const data = event.data;
        if (!data || data.type === 'ready' || data.id !== id) {
          return;
        }
        if (data.type === 'modules') {
          // The worker is alive and waits for sources: its watchdog starts again once they are sent.
          clearTimeout(timer);
          const read = this._modules ? this._modules(data.environment, data.names, data.stat, data.hub) : Promise.resolve({ available: false, modules: [] });
          void read
            .catch((): ModulesReply => ({ available: true, failed: true, modules: [] }))
            .then(reply => {
              if (!done && this._worker === worker) {
                timer = setTimeout(expire, this._watchdogMs);
                worker.postMessage({ type: 'modules', request: data.request, reply } as ModulesResponse);
              }
            });
          return;
        }
        cleanup();
        if (data.type === 'result') {
          if (data.parserBroken) {
            // Its wasm parser failed: the next request gets a new worker, never this one.
            this._replace();
          }
          resolve({ ir: data.ir, ms: data.ms });
        } else {
          reject(new Error(data.message));
        }
      };
      const onError = (event: ErrorEvent) => {
        cleanup();
        this._restart();
        reject(new Error(event.message || 'the analysis worker failed'));
      };
      const cleanup = () => {
        done = true;
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({ ...request, type: 'analyze', id } as AnalyzeRequest);
    });
  }

  dispose(): void {
    this._worker?.terminate();
    this._worker = null;
  }

  private _ensureWorker(): Worker {
    if (!this._worker) {
      this._worker = this._createWorker();
    }
    return this._worker;
  }

  private _restart(): void {
    this._replace();
    this._restarts++;
  }

  private _replace(): void {
    this._worker?.terminate();
    this._worker = null;
  }

  private _watchdogMs: number;
  private _createWorker: () => Worker;
  private _modules: ModuleReader | null;
  private _worker: Worker | null = null;
  private _nextId = 0;
  private _restarts = 0;
}

