// "Inspect architecture (no kernel)": reads a .ipynb or .py file through the contents API
// as plain text and hands it to the panel as a read-only snapshot. The document is not
// opened for execution, no kernel or session is created, and a malformed or binary file
// only produces a message in the panel.
import type { Contents } from '@jupyterlab/services';
import { DocumentError, readDocument } from '../core/notebook';
import { SnapshotSource } from './sources';

/** Files above this size are not read into the browser for inspection. */
export const MAX_INSPECT_BYTES = 32 * 1024 * 1024;

export async function readSnapshot(contents: Contents.IManager, path: string): Promise<SnapshotSource> {
  try {
    const meta = await contents.get(path, { content: false });
    if (meta.type === 'directory') {
      return new SnapshotSource(path, [], `${path} is a folder, not a notebook or Python file`);
    }
    if (typeof meta.size === 'number' && meta.size > MAX_INSPECT_BYTES) {
      return new SnapshotSource(path, [], `${path} is larger than ${MAX_INSPECT_BYTES / (1024 * 1024)} MB and was not read`);
    }
    const model = await contents.get(path, { type: 'file', format: 'text', content: true });
    const text = typeof model.content === 'string' ? model.content : '';
    const doc = readDocument(path, text);
    return new SnapshotSource(path, doc.cells, undefined, doc.kernel === undefined ? '' : doc.kernel);
  } catch (error) {
    const message = error instanceof DocumentError ? error.message : `cannot read ${path}: ${(error as Error)?.message ?? error}`;
    return new SnapshotSource(path, [], message);
  }
}
