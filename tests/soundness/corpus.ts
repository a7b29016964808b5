// Soundness fuzzer, part 3: the programs with executed truth that the variants are made of.
// Every corpus here has an expected.json written by a committed truth script that RAN the
// code with real PyTorch / Keras (scripts/truth/): fixtures/torch, fixtures/keras,
// tests/core/keras-extra, and fixtures/torchvision_files (totals only, one case per line
// appended to a torchvision model file read alone).
// Does not: analyse, make variants or judge (run.ts, variants.ts, judge.ts).
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { CellInput } from '../../src/core/ir';
import { readDocument } from '../../src/core/notebook';
import type { KerasTruth, TorchTruth, Truth } from './judge';

export interface Case {
  /** `torch/cnn_cifar_blitz.py`: corpus name and file. */
  id: string;
  /** Folder local imports are read from. */
  dir: string;
  cells: CellInput[];
  truth: Truth[];
}

const ROOT = path.join(__dirname, '..', '..');

interface Corpus {
  name: string;
  folder: string;
  framework: 'pytorch' | 'keras';
}

export const CORPORA: Corpus[] = [
  { name: 'torch', folder: 'fixtures/torch', framework: 'pytorch' },
  { name: 'keras', folder: 'fixtures/keras', framework: 'keras' },
  { name: 'keras-extra', folder: 'tests/core/keras-extra', framework: 'keras' }
];

/** torchvision's model files read alone: one case per appended line, totals only (its README). */
const TORCHVISION_FILES = 'fixtures/torchvision_files';

interface TvCase { append: string; total: number; trainable: number; buffers: number }

function torchvisionFileCases(root: string): Case[] {
  const folder = path.join(root, TORCHVISION_FILES);
  const expected = path.join(folder, 'expected.json');
  if (!existsSync(expected)) {
    return [];
  }
  const json = JSON.parse(readFileSync(expected, 'utf8')) as { files: Array<{ file: string; cases: TvCase[] }> };
  const out: Case[] = [];
  for (const f of json.files) {
    const text = readFileSync(path.join(folder, f.file), 'utf8');
    // The file ends with its first case's line; the other cases replace that line.
    const body = text.slice(0, text.trimEnd().lastIndexOf('\n') + 1);
    for (const c of f.cases) {
      out.push({
        id: `torchvision-files/${f.file}: ${c.append}`,
        dir: folder,
        cells: [{ id: f.file, kind: 'code', source: `${body}${c.append}\n` }],
        truth: [{ framework: 'pytorch', model: { name: 'model', class: '', total: c.total, trainable: c.trainable, buffers: c.buffers, layers: [] } }]
      });
    }
  }
  return out;
}

/** All cases with truth, in a stable order (corpus order, then file order of expected.json). */
export function loadCases(root: string = ROOT): Case[] {
  const out: Case[] = [];
  for (const c of CORPORA) {
    const folder = path.join(root, c.folder);
    const expected = path.join(folder, 'expected.json');
    if (!existsSync(expected)) {
      continue;
    }
    const json = JSON.parse(readFileSync(expected, 'utf8')) as { cases: Array<{ file: string; models: unknown[] }> };
    for (const k of json.cases) {
      const file = path.join(folder, k.file);
      if (!existsSync(file) || k.models.length === 0) {
        continue;
      }
      const truth: Truth[] = k.models.map(m =>
        c.framework === 'keras' ? { framework: 'keras', model: m as KerasTruth } : { framework: 'pytorch', model: m as TorchTruth }
      );
      out.push({ id: `${c.name}/${k.file}`, dir: path.dirname(file), cells: readDocument(file, readFileSync(file, 'utf8')).cells, truth });
    }
  }
  return out.concat(torchvisionFileCases(root));
}

/**
 * A readFile for the analyzer: `overrides` first (null = the module is hidden), else the file
 * under `dir` (never outside it). Records every local module it returned text for.
 */
export function fileReader(dir: string, overrides: Map<string, string | null>, read?: Map<string, string>): (rel: string) => string | null {
  return (rel: string): string | null => {
    const norm = path.normalize(rel);
    if (overrides.has(norm)) {
      return overrides.get(norm) ?? null;
    }
    const p = path.normalize(path.join(dir, norm));
    if (!p.startsWith(dir + path.sep) || !existsSync(p)) {
      return null;
    }
    const text = readFileSync(p, 'utf8');
    read?.set(norm, text);
    return text;
  };
}
