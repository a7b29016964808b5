// Reading documents into cells: .ipynb JSON (nbformat 4, and 3 where it is readable) and
// plain .py text. Pure: takes text, returns cells or a clear error. Shared by the CLI and the
// lab's "inspect without a kernel" path. Never trusts the JSON's shape.
import type { CellInput } from './ir';

export interface ReadResult {
  cells: CellInput[];
  /** Non-fatal remarks about the document (e.g. a non-Python kernel). */
  warnings: string[];
  /**
   * Kernelspec name of a Python notebook ('' when it names none: the default kernel), whose
   * environment's installed libraries may be read; null for a notebook of another language.
   */
  kernel?: string | null;
}

export class DocumentError extends Error {}

/** Largest document accepted, in characters: bigger inputs are refused, not truncated. */
export const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;
/** Largest document file read, in bytes (hosts check the size before reading). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export function readDocument(path: string, text: string): ReadResult {
  // A file saved with a UTF-8 byte order mark (as some Windows editors do) is read without it.
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new DocumentError(`${path}: file is larger than ${MAX_DOCUMENT_CHARS / (1024 * 1024)} MB`);
  }
  if (text.indexOf('\u0000') !== -1) {
    throw new DocumentError(`${path}: looks like a binary file, not text`);
  }
  if (path.toLowerCase().endsWith('.ipynb')) {
    return readNotebook(path, text);
  }
  return { cells: [{ id: path, kind: 'code', source: text }], warnings: [] };
}

export function readNotebook(path: string, text: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DocumentError(`${path}: not valid notebook JSON (${(error as Error).message})`);
  }
  if (!isObject(json)) {
    throw new DocumentError(`${path}: not a notebook (the top level is not a JSON object)`);
  }
  const warnings: string[] = [];
  const major = json.nbformat;
  let rawCells: unknown;
  if (major === 4 || (major === undefined && Array.isArray(json.cells))) {
    rawCells = json.cells;
  } else if (major === 3 && Array.isArray(json.worksheets)) {
    const ws = json.worksheets[0];
    rawCells = isObject(ws) ? ws.cells : [];
    warnings.push('nbformat 3 notebook: read as best as possible');
  } else {
    throw new DocumentError(`${path}: unsupported nbformat ${JSON.stringify(major)} (expected 4)`);
  }
  if (!Array.isArray(rawCells)) {
    throw new DocumentError(`${path}: notebook has no cell list`);
  }
  const metadata = isObject(json.metadata) ? json.metadata : {};
  const language = languageOf(metadata);
  if (language && language !== 'python') {
    warnings.push(`the notebook's kernel language is ${language}, not Python: code cells are read as Python anyway`);
  }
  const cells: CellInput[] = [];
  rawCells.forEach((c, index) => {
    if (!isObject(c)) {
      cells.push({ id: `cell-${index}`, kind: 'raw', source: '' });
      return;
    }
    const type = c.cell_type;
    const kind: CellInput['kind'] = type === 'code' ? 'code' : type === 'markdown' ? 'markdown' : 'raw';
    const src = c.source ?? c.input;
    const source = typeof src === 'string' ? src : Array.isArray(src) ? src.filter(s => typeof s === 'string').join('') : '';
    const id = typeof c.id === 'string' && c.id ? c.id : `cell-${index}`;
    cells.push({ id, kind, source });
  });
  const spec = metadata.kernelspec;
  const kernel = language && language !== 'python' ? null : isObject(spec) && typeof spec.name === 'string' ? spec.name : '';
  return { cells, warnings, kernel };
}

function languageOf(metadata: Record<string, unknown>): string | null {
  const info = metadata.language_info;
  if (isObject(info) && typeof info.name === 'string') {
    return info.name.toLowerCase();
  }
  const spec = metadata.kernelspec;
  if (isObject(spec) && typeof spec.language === 'string') {
    return spec.language.toLowerCase();
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
