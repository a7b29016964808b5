// One document from disk to IR, the same way for `archlens extract` and every file of
// `archlens scan`: the file read bounded (files.ts: a regular file, size checked on the open
// file before reading, a byte order mark dropped), read as a notebook or .py file, analysed
// with local imports confined to the file's own folder by real path (FolderReader) and
// installed libraries from the Python environment; given symbol values recorded on the
// models that use them; a wasm parser that failed replaced and the document analysed again.
// Does not: render output, decide what a scan line looks like (scan-lines.ts), find the
// Python environment (pyenv.ts), or catch the core's DocumentError (callers report it).
import * as path from 'path';
import { Analyzer } from '../core/analyzer';
import type { ArchitectureIR, PythonParser, WasmBytes } from '../core';
import type { ModuleSource } from '../core/env/source';
import type { ModuleCache } from '../core/env/cache';
import { DEFAULT_BUDGETS } from '../core/interp/budgets';
import { MAX_DOCUMENT_BYTES, readDocument } from '../core/notebook';
import { FolderReader, readBoundedBytes } from './files';
import { freshPythonParser } from './parser';

export class ReadError extends Error {}

/** The bytes of a regular file of at most MAX_DOCUMENT_BYTES (refused before reading past it). */
export function readInputBytes(file: string): Buffer {
  const r = readBoundedBytes(file, MAX_DOCUMENT_BYTES);
  if (!r.ok) {
    const reason = r.reason === 'absent' ? 'no such file' : r.reason === 'too-large' ? `file is larger than ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB` : r.message;
    throw new ReadError(`cannot read ${file}: ${reason}`);
  }
  return r.data;
}

/** The local-import reader of a document: its folder, by real path, within the import budget. */
export function localReader(file: string): FolderReader {
  return new FolderReader(path.dirname(file), DEFAULT_BUDGETS.maxImportBytes, DEFAULT_BUDGETS.maxImportBytes);
}

/** The parser an analysis uses; replaced (a new wasm runtime) after one failed. */
export interface ParserSlot {
  parser: PythonParser;
  readonly wasm: WasmBytes;
}

export interface DocumentOptions {
  symbols?: Array<[string, number]>;
  inputShapes?: Array<[string, number[]]>;
  /** Installed libraries (the Python environment), or none. */
  modules?: ModuleSource;
  /** Lowered library files kept across documents (scan). */
  moduleCache?: ModuleCache;
  /** Local imports; by default the document's folder (localReader). */
  files?: FolderReader;
}

/**
 * Analyses a document's text. Throws the core's DocumentError for text that is not a
 * document. Document warnings and refused local files become diagnostics.
 */
export async function analyzeDocument(slot: ParserSlot, file: string, text: string, options: DocumentOptions = {}): Promise<ArchitectureIR> {
  const doc = readDocument(file, text);
  const files = options.files ?? localReader(file);
  const symbols = options.symbols ?? [];
  const analyzer = new Analyzer(slot.parser, { moduleCache: options.moduleCache });
  const base = { readFile: (rel: string) => files.read(rel), inputShapes: options.inputShapes, modules: options.modules };
  const analyze = async (o: typeof base & { symbols?: Array<[string, number]> }): Promise<ArchitectureIR> => {
    let out = analyzer.analyze(doc.cells, o);
    if (analyzer.parserBroken) {
      // The wasm parser failed on some source: a fresh one analyses again, without it.
      slot.parser = await freshPythonParser(slot.wasm, true);
      analyzer.replaceParser(slot.parser);
      out = analyzer.analyze(doc.cells, o);
    }
    return out;
  };
  // Which models read each given symbol: the symbols still open without the given values.
  const reads = new Map<string, string[]>();
  if (symbols.length) {
    for (const m of (await analyze(base)).models) {
      reads.set(m.name, m.symbols ?? []);
    }
  }
  const ir = await analyze(symbols.length ? { ...base, symbols } : base);
  for (const m of ir.models) {
    // exports say which given values a model's numbers use
    const used = symbols.filter(([name]) => reads.get(m.name)?.includes(name));
    if (used.length) {
      m.givenSymbols = used;
    }
  }
  for (const w of doc.warnings) {
    ir.diagnostics.push({ severity: 'warning', code: 'document', message: w });
  }
  for (const r of new Set(files.refusals)) {
    ir.diagnostics.push({ severity: 'warning', code: 'file-refused', message: r });
  }
  return ir;
}
