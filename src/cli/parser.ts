// The Python parser for Node hosts (the CLI, `scan`): web-tree-sitter and the two wasm
// binaries. `fresh` loads a new copy of web-tree-sitter's JavaScript, so the parser runs on a
// new wasm runtime — what a host does after the previous one failed (an abort leaves a runtime
// unusable); the core never reuses a broken parser. The bundled CLI (bin/archlens.js, or the
// copy in the Python package) has web-tree-sitter's CommonJS file beside it for this
// (scripts/build-cli.mjs copies it); a source tree loads it from node_modules.
// Does not: read the .wasm files (the caller hands their bytes) or analyse anything.
import { existsSync } from 'fs';
import * as path from 'path';
import { createPythonParser, PythonParser, TreeSitterModule, WasmBytes } from '../core/parse/parser';

/** Name of web-tree-sitter's CommonJS file beside the bundled CLI. */
export const RUNTIME_FILE = 'web-tree-sitter.cjs';

function runtimePath(): string {
  const beside = path.join(__dirname, RUNTIME_FILE);
  return existsSync(beside) ? beside : require.resolve('web-tree-sitter');
}

export async function freshPythonParser(wasm: WasmBytes, fresh: boolean): Promise<PythonParser> {
  if (!fresh) {
    return createPythonParser(wasm);
  }
  // A new module instance: Node's module cache forgets the file, then loads it again.
  const file = runtimePath();
  delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const runtime = require(file) as TreeSitterModule;
  return createPythonParser(wasm, runtime);
}
