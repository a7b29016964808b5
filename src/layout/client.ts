// Main-thread side of the layout worker. Only the latest request matters: a newer layout
// supersedes an older one (its promise resolves with null), so typing fast never queues
// stale layouts. A worker that fails is replaced on the next request.
import type { LayoutInput, LayoutOutput, LayoutRequest, LayoutResponse } from './protocol';

export class LayoutClient {
  constructor(options: { createWorker?: () => Worker } = {}) {
    this._createWorker = options.createWorker ?? Private.createWorker;
  }

  /** Lays the graph out; resolves with null when a newer request superseded this one. */
  layout(input: LayoutInput): Promise<LayoutOutput | null> {
    const id = ++this._nextId;
    this._pending?.(null);
    const worker = this._ensureWorker();
    return new Promise<LayoutOutput | null>((resolve, reject) => {
      const cleanup = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (this._pending === settle) {
          this._pending = null;
        }
      };
      const settle = (value: LayoutOutput | null) => {
        cleanup();
        resolve(value);
      };
      const onMessage = (event: MessageEvent<LayoutResponse>) => {
        const data = event.data;
        if (!data || data.id !== id) {
          return;
        }
        cleanup();
        if (data.type === 'result') {
          resolve(data.output);
        } else {
          reject(new Error(data.message));
        }
      };
      const onError = (event: ErrorEvent) => {
        cleanup();
        this._worker?.terminate();
        this._worker = null;
        reject(new Error(event.message || 'the layout worker failed'));
      };
      this._pending = settle;
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage({ type: 'layout', id, input } as LayoutRequest);
    });
  }

  dispose(): void {
    this._pending?.(null);
    this._worker?.terminate();
    this._worker = null;
  }

  private _ensureWorker(): Worker {
    if (!this._worker) {
      this._worker = this._createWorker();
    }
    return this._worker;
  }

  private _createWorker: () => Worker;
  private _worker: Worker | null = null;
  private _nextId = 0;
  private _pending: ((value: LayoutOutput | null) => void) | null = null;
}

namespace Private {
  export function createWorker(): Worker {
    // webpack turns this into a separate worker chunk that bundles dagre.
    return new Worker(new URL('./worker.js', import.meta.url));
  }
}
