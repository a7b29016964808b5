// Finds and loads the two wasm binaries the parser needs: next to the bundled CLI (bin/wasm,
// or the copy shipped inside the Python package) when installed, node_modules in a source tree.
// Does not: parse anything (see core/parse/parser.ts).
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { WasmBytes } from '../core';

export function wasmPath(name: 'web-tree-sitter.wasm' | 'tree-sitter-python.wasm'): string {
  const local = path.join(__dirname, 'wasm', name);
  if (existsSync(local)) {
    return local;
  }
  return require.resolve(name === 'web-tree-sitter.wasm' ? 'web-tree-sitter/web-tree-sitter.wasm' : 'tree-sitter-python/tree-sitter-python.wasm');
}

export function loadWasm(): WasmBytes {
  return {
    runtime: new Uint8Array(readFileSync(wasmPath('web-tree-sitter.wasm'))),
    python: new Uint8Array(readFileSync(wasmPath('tree-sitter-python.wasm')))
  };
}
