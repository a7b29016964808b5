// Web Worker entry: owns the tree-sitter parser and the Analyzer, answers analyze requests.
// Loads the two wasm binaries by URL (webpack emits them as assets), never touches the DOM,
// never fetches anything else and never evaluates notebook text.
import runtimeWasmUrl from 'web-tree-sitter/web-tree-sitter.wasm';
import pythonWasmUrl from 'tree-sitter-python/tree-sitter-python.wasm';
import { Analyzer } from '../core/analyzer';
import { createPythonParser } from '../core/parse/parser';
import type { WorkerRequest, WorkerResponse } from './protocol';

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

ctx.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (!request || request.type !== 'analyze') {
    return;
  }
  try {
    const a = await analyzer;
    const started = performance.now();
    const files = new Map(request.files ?? []);
    const ir = a.analyze(request.cells, {
      readFile: path => files.get(path) ?? null,
      symbols: request.symbols,
      inputShapes: request.inputShapes
    });
    // A failed wasm runtime cannot be revived in this worker: the client replaces it.
    ctx.postMessage({ type: 'result', id: request.id, ir, ms: performance.now() - started, parserBroken: a.parserBroken || undefined });
  } catch (error) {
    ctx.postMessage({ type: 'error', id: request.id, message: String((error as Error)?.message ?? error) });
  }
};
