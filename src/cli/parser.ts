// The Python parser for Node hosts (the CLI, `scan`): web-tree-sitter loaded from
// node_modules and the two wasm binaries. `fresh` loads a new copy of web-tree-sitter, so the
// parser runs on a new wasm runtime — what a host does after the previous one failed (an
// abort leaves a runtime unusable); the core never reuses a broken parser.
// Does not: read the .wasm files (the caller hands their bytes) or analyse anything.
import { createPythonParser, PythonParser, TreeSitterModule, WasmBytes } from '../core/parse/parser';

export async function freshPythonParser(wasm: WasmBytes, fresh: boolean): Promise<PythonParser> {
  if (!fresh) {
    return createPythonParser(wasm);
  }
  // A new module instance: Node's module cache forgets web-tree-sitter, then loads it again.
  const id = require.resolve('web-tree-sitter');
  delete require.cache[id];
  const runtime = require('web-tree-sitter') as TreeSitterModule;
  return createPythonParser(wasm, runtime);
}
