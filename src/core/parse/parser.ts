// Loads web-tree-sitter and the Python grammar from bytes handed in by the host (jest, the
// CLI or the worker each find the .wasm files their own way) and parses text to a tree.
// A parse can be given a deadline (it is then cancelled, not left to run). When the wasm
// runtime fails (an abort leaves it unusable), the parser says so (`broken`) and refuses to
// parse again: the host makes a new one (a fresh runtime: see cli/parser.ts; in the lab a
// new worker), never reusing a broken one.
// Does not: read files, blank IPython syntax (see preprocess.ts) or lower trees (lower.ts).
import * as TreeSitter from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import { useWasmExports } from './fastcursor';
import { useWasmMemory } from './treememory';

export interface WasmBytes {
  runtime: Uint8Array;
  python: Uint8Array;
}

/** The web-tree-sitter module to use: the bundled one, or a fresh copy of it (a new runtime). */
export type TreeSitterModule = Pick<typeof TreeSitter, 'Parser' | 'Language'>;

export interface ParseOptions {
  /** Date.now() past which the parse is cancelled (ParseCancelled). */
  deadline?: number;
}

export interface PythonParser {
  /** Parses Python text; the caller must `delete()` the tree when done with it. */
  parse(text: string, options?: ParseOptions): Tree;
  /** True once the wasm runtime failed: every later parse throws ParserBroken. */
  readonly broken: boolean;
}

/** The parse passed its deadline and was cancelled (the parser stays usable). */
export class ParseCancelled extends Error {}

/** The wasm runtime failed during a parse (or did before): this parser is unusable. */
export class ParserBroken extends Error {}

const initialised = new Map<TreeSitterModule, Promise<object>>();
/** The runtime the tree readers (fastcursor.ts, treememory.ts) point at. */
let current: object | null = null;

export async function createPythonParser(wasm: WasmBytes, runtime: TreeSitterModule = TreeSitter): Promise<PythonParser> {
  let init = initialised.get(runtime);
  if (!init) {
    // Emscripten fills this object in as the module; fastcursor.ts uses its exports,
    // treememory.ts its memory views.
    const moduleObject = { wasmBinary: wasm.runtime };
    init = runtime.Parser.init(moduleObject).then(() => moduleObject);
    initialised.set(runtime, init);
  }
  const moduleObject = await init;
  const language = await runtime.Language.load(wasm.python);
  const parser = new runtime.Parser();
  parser.setLanguage(language);
  let broken: string | null = null;
  return {
    get broken() {
      return broken !== null;
    },
    parse(text: string, options?: ParseOptions): Tree {
      if (broken !== null) {
        throw new ParserBroken(`the parser failed earlier (${broken})`);
      }
      // Trees are read straight from this runtime's memory (another runtime may have been
      // created since): point the readers at it.
      if (current !== moduleObject) {
        current = moduleObject;
        useWasmExports(moduleObject);
        useWasmMemory(moduleObject);
      }
      const deadline = options?.deadline;
      let tree: Tree | null;
      try {
        tree = deadline === undefined ? parser.parse(text) : parser.parse(text, null, { progressCallback: () => Date.now() > deadline });
      } catch (e) {
        broken = e instanceof Error ? e.message : String(e);
        throw new ParserBroken(`the parser failed: ${broken}`);
      }
      if (!tree) {
        parser.reset();
        throw new ParseCancelled('parsing was cancelled at its deadline');
      }
      return tree;
    }
  };
}

export type { Tree };
