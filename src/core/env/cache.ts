// Lowered library modules kept across analyses, cells, notebooks and edits, keyed by the
// file's real path + mtime + size. One Analyzer owns one by default; a host that runs several
// Analyzers (one per document) can hand them the same cache.
// Does not: read files (it gets text from ModuleFile.read), parse (it gets a lower function),
// or decide what may be read.
import type { Module } from '../parse/ast';
import { fileKey, ModuleFile } from './source';

/**
 * Bytes of library source whose lowered form is kept. A lowered module takes roughly ten
 * times its text in memory; timm's whole import closure is ~6 MB of source and one
 * transformers model family's a few MB, so 48 MB keeps several libraries warm for a session
 * while bounding the worker's memory to a few hundred MB. Least recently used goes first.
 */
export const MAX_CACHED_LIBRARY_BYTES = 48 * 1024 * 1024;

interface Entry {
  module: Module;
  bytes: number;
}

export class ModuleCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Library files parsed and lowered so far (for tests and benchmarks). */
  lowered = 0;

  constructor(private readonly maxBytes = MAX_CACHED_LIBRARY_BYTES) {}

  /** The lowered module of `file`, from the cache or lowered now; null when it cannot be read. */
  get(file: ModuleFile, lower: (text: string) => Module): Module | null {
    const key = fileKey(file);
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.module;
    }
    const text = file.read();
    if (text === null) {
      return null;
    }
    const module = lower(text);
    this.lowered++;
    const bytes = Math.max(text.length, 1);
    this.entries.set(key, { module, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes || k === key) {
        break;
      }
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
    return module;
  }

  /** Whether path+mtime+size is held lowered. */
  has(file: Pick<ModuleFile, 'path' | 'mtime' | 'size'>): boolean {
    return this.entries.has(fileKey(file));
  }

  get size(): number {
    return this.entries.size;
  }
}
