// One document from disk to IR, the way `archlens extract` reads it: the file's bytes (a
// regular file, size checked before reading), decoded as UTF-8, read as a notebook or .py file,
// analysed with local imports read only from the file's own folder; document warnings become
// diagnostics. Used by the scan worker for every file of a corpus.
// Does not: render output, decide what a scan line looks like (scan-lines.ts), or catch the
// core's DocumentError (callers report it).
import { readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Analyzer } from '../core';
import type { ArchitectureIR, PythonParser } from '../core';
import { MAX_DOCUMENT_CHARS, readDocument } from '../core/notebook';

/** Largest file read at all: the core refuses longer documents anyway. */
export const MAX_FILE_BYTES = MAX_DOCUMENT_CHARS;
/** Largest local-import file read (as extract). */
export const MAX_LOCAL_FILE_BYTES = 8 * 1024 * 1024;

export class ReadError extends Error {}

/** The bytes of a regular file; refuses folders, devices and files over the limit before reading. */
export function readInputBytes(file: string): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) {
      throw new ReadError(`cannot read ${file}: not a regular file`);
    }
    size = stat.size;
  } catch (error) {
    if (error instanceof ReadError) {
      throw error;
    }
    throw new ReadError(`cannot read ${file}: ${reason(error)}`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new ReadError(`cannot read ${file}: file is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB`);
  }
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ReadError(`cannot read ${file}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
}

/** Reads local-import files relative to `root`; refuses paths outside it, folders and big files. */
export function localFileReader(root: string): (relative: string) => string | null {
  const base = path.resolve(root);
  return relative => {
    const target = path.resolve(base, relative);
    if (target !== base && !target.startsWith(base + path.sep)) {
      return null;
    }
    try {
      const stat = statSync(target);
      if (!stat.isFile() || stat.size > MAX_LOCAL_FILE_BYTES) {
        return null;
      }
      return readFileSync(target, 'utf8');
    } catch {
      return null;
    }
  };
}

/**
 * Analyses a document's text as extract does. `readFile` reads local imports (relative to the
 * document's folder). Throws the core's DocumentError for text that is not a document.
 */
export function analyzeText(parser: PythonParser, file: string, text: string, readFile: (relative: string) => string | null): ArchitectureIR {
  const doc = readDocument(file, text);
  const ir = new Analyzer(parser).analyze(doc.cells, { readFile });
  for (const w of doc.warnings) {
    ir.diagnostics.push({ severity: 'warning', code: 'document', message: w });
  }
  return ir;
}
