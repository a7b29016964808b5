// Test helper: one shared PythonParser built from the wasm files in node_modules.
import { readFileSync } from 'fs';
import { createPythonParser, PythonParser } from '../../src/core/parse/parser';

let shared: Promise<PythonParser> | null = null;

export function wasmBytes(): { runtime: Uint8Array; python: Uint8Array } {
  return {
    runtime: new Uint8Array(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
    python: new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')))
  };
}

export function getParser(): Promise<PythonParser> {
  if (!shared) {
    shared = createPythonParser(wasmBytes());
  }
  return shared;
}
