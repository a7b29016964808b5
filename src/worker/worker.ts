// Web Worker entry: owns the tree-sitter parser and the Analyzer, answers analyze requests.
// Loads the two wasm binaries by URL (webpack emits them as assets), never touches the DOM,
// never fetches anything else and never evaluates notebook text. Installed libraries'
// sources are asked from the main thread (which reads them from the server extension) by
// module name, with a `modules` message (environment.ts).
import runtimeWasmUrl from 'web-tree-sitter/web-tree-sitter.wasm';
import pythonWasmUrl from 'tree-sitter-python/tree-sitter-python.wasm';
import { Analyzer } from '../core/analyzer';
import { createPythonParser } from '../core/parse/parser';
import { analyzeWithEnvironment, RemoteEnvironment } from './environment';
import type { ModulesReply, WorkerRequest, WorkerResponse } from './protocol';

const ctx = self as unknown as {
  postMessage(message: WorkerResponse): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  location: { href: string };
};

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(new URL(url, ctx.location.href).href);
  if (!response.ok) {
    throw new Error(`could not load ${url}: HTTP ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

const analyzer: Promise<Analyzer> = (async () => {
  const [runtime, python] = await Promise.all([fetchBytes(runtimeWasmUrl), fetchBytes(pythonWasmUrl)]);
  return new Analyzer(await createPythonParser({ runtime, python }));
})();

analyzer.then(
  () => ctx.postMessage({ type: 'ready' }),
  () => undefined
);

/** Installed libraries per kernelspec name, for the worker's lifetime. */
const environments = new Map<string, RemoteEnvironment>();
/** Module requests waiting for the main thread's answer. */
const pending = new Map<number, (reply: ModulesReply) => void>();
let nextRequest = 0;

ctx.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request && request.type === 'modules') {
    pending.get(request.request)?.(request.reply);
    pending.delete(request.request);
    return;
  }
  if (!request || request.type !== 'analyze') {
    return;
  }
  try {
    const a = await analyzer;
    const started = performance.now();
    const files = new Map(request.files ?? []);
    const options = {
      readFile: (path: string) => files.get(path) ?? null,
      symbols: request.symbols,
      inputShapes: request.inputShapes
    };
    let ir;
    const name = request.environment;
    if (typeof name === 'string') {
      let env = environments.get(name);
      if (!env) {
        env = new RemoteEnvironment();
        environments.set(name, env);
      }
      const ask = (names: string[], stat: boolean, hub?: boolean) =>
        new Promise<ModulesReply>(resolve => {
          const id = ++nextRequest;
          pending.set(id, resolve);
          ctx.postMessage({ type: 'modules', id: request.id, request: id, environment: name, names, stat, ...(hub ? { hub } : {}) });
        });
      ir = await analyzeWithEnvironment(a, request.cells, options, env, ask);
    } else {
      ir = a.analyze(request.cells, options);
    }
    // A failed wasm runtime cannot be revived in this worker: the client replaces it.
    ctx.postMessage({ type: 'result', id: request.id, ir, ms: performance.now() - started, parserBroken: a.parserBroken || undefined });
  } catch (error) {
    ctx.postMessage({ type: 'error', id: request.id, message: String((error as Error)?.message ?? error) });
  }
};
