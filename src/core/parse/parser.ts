// Loads web-tree-sitter and the Python grammar from bytes handed in by the host (jest, the
// CLI or the worker each find the .wasm files their own way) and parses text to a tree.
// Does not: read files, blank IPython syntax (see preprocess.ts) or lower trees (lower.ts).
import { Parser, Language, Tree } from 'web-tree-sitter';
import { useWasmExports } from './fastcursor';
import { useWasmMemory } from './treememory';

export interface WasmBytes {
  runtime: Uint8Array;
  python: Uint8Array;
}

export interface PythonParser {
  /** Parses Python text; the caller must `delete()` the tree when done with it. */
  parse(text: string): Tree;
}

let initialised: Promise<void> | null = null;

export async function createPythonParser(wasm: WasmBytes): Promise<PythonParser> {
  if (!initialised) {
    // Emscripten fills this object in as the module; fastcursor.ts uses its exports,
    // treememory.ts its memory views.
    const moduleObject = { wasmBinary: wasm.runtime };
    initialised = Parser.init(moduleObject).then(() => {
      useWasmExports(moduleObject);
      useWasmMemory(moduleObject);
    });
  }
  await initialised;
  const language = await Language.load(wasm.python);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text: string): Tree {
      const tree = parser.parse(text);
      if (!tree) {
        throw new Error('tree-sitter returned no tree');
      }
      return tree;
    }
  };
}

export type { Tree };
