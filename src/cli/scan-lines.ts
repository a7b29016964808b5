// The lines `archlens scan` writes (JSON Lines, one object per line, described by
// docs/schema/scan-line.schema.json). Every line starts with the same envelope:
//   schema_version, record ('model' | 'file' | 'error'), file (the path as found), sha256.
// For each analysed file: one 'model' line per model — the envelope plus the model's fields
// exactly as `extract --format json` gives them, in the same order — then one 'file' line
// with the file's own diagnostics, stats and the local files its imports read (it also
// marks the file as done for --jsonl resume). A file that could not be analysed gets one
// 'error' line instead.
// Does not: read files, hash them or write anything (the scan worker and coordinator do).
import { SCHEMA_VERSION } from '../core/export/json';
import type { ArchitectureIR } from '../core';

/** Why a file has no result: unreadable, not a document, over the hard timeout, the worker died, a bug. */
export type ScanFailure = 'unreadable' | 'document' | 'timeout' | 'crashed' | 'internal';

/** A local-import file a document read (path relative to its folder); sha256 null when absent. */
export interface LocalFile {
  path: string;
  sha256: string | null;
}

/** The lines of one analysed file, each ending in a newline. */
export function fileLines(file: string, sha256: string, ir: ArchitectureIR, localFiles: LocalFile[]): string {
  let out = '';
  for (const model of ir.models) {
    out += JSON.stringify({ schema_version: SCHEMA_VERSION, record: 'model', file, sha256, ...model }) + '\n';
  }
  const summary: Record<string, unknown> = {
    schema_version: SCHEMA_VERSION,
    record: 'file',
    file,
    sha256,
    models: ir.models.length,
    diagnostics: ir.diagnostics,
    local_files: localFiles
  };
  if (ir.stats) {
    summary.stats = ir.stats;
  }
  return out + JSON.stringify(summary) + '\n';
}

/** The line of a file that failed. sha256 is null when the file could not be read. */
export function errorLine(file: string, sha256: string | null, failure: ScanFailure, error: string): string {
  return JSON.stringify({ schema_version: SCHEMA_VERSION, record: 'error', file, sha256, failure, error }) + '\n';
}
