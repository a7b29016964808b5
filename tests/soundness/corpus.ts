// Soundness fuzzer, part 3: the programs with executed truth that the variants are made of.
// Every corpus here has an expected.json written by a committed truth script that RAN the
// code with real PyTorch / Keras (scripts/truth/): fixtures/torch, fixtures/keras,
// tests/core/keras-extra, and fixtures/torchvision_files when present.
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
  { name: 'keras-extra', folder: 'tests/core/keras-extra', framework: 'keras' },
  { name: 'torchvision-files', folder: 'fixtures/torchvision_files', framework: 'pytorch' }
];

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
  return out;
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
