// Test helper: loads a fixture (.py or .ipynb) as CellInput[] plus a readFile callback
// relative to the fixture's folder, the way hosts (CLI, Lab) will.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { CellInput } from '../../src/core/ir';

export const FIXTURE_ROOT = path.join(__dirname, '..', '..', 'fixtures');

export function loadFixture(file: string): { cells: CellInput[]; readFile: (rel: string) => string | null } {
  const full = path.isAbsolute(file) ? file : path.join(FIXTURE_ROOT, file);
  const dir = path.dirname(full);
  const text = readFileSync(full, 'utf8');
  let cells: CellInput[];
  if (full.endsWith('.ipynb')) {
    const nb = JSON.parse(text) as { cells: Array<{ id?: string; cell_type: string; source: string | string[] }> };
    cells = nb.cells.map((c, i) => ({
      id: c.id ?? `cell-${i}`,
      kind: c.cell_type === 'code' ? 'code' : c.cell_type === 'markdown' ? 'markdown' : 'raw',
      source: Array.isArray(c.source) ? c.source.join('') : c.source
    }));
  } else {
    cells = [{ id: path.basename(full), kind: 'code', source: text }];
  }
  const readFile = (rel: string): string | null => {
    const p = path.normalize(path.join(dir, rel));
    if (!p.startsWith(dir)) {
      return null;
    }
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
  return { cells, readFile };
}
