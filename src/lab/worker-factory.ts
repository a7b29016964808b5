// Creates the analysis Web Worker. Kept apart from client.ts because `import.meta.url` is
// only meaningful to the bundler (the worker becomes its own chunk of the extension).
export function createAnalysisWorker(): Worker {
  return new Worker(new URL('../worker/worker.js', import.meta.url));
}
