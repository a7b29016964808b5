// Stand-ins for a few modules of installed libraries, as data (env/overlay-*.ts): the model
// code of a library is read from its installed source, but some of its machinery modules
// are not worth interpreting (transformers' 280 KB modeling_utils.py, its import-time
// dependency checks, hub and cache code) and are described instead by short Python texts
// that do what the real ones do to a model's structure (a base class's __init__, weight
// tying). A stand-in applies only when the installed package's version matches the one it
// describes; otherwise the real file is read (usually to an unknown, never to a guess).
// Kinds: 'text' — the module is this Python text; 'opaque' — the module is not read (its
// names are unknown, as an uninstalled import's); 'type-checking' — only the real file's
// `__version__` and `if TYPE_CHECKING:` blocks are read (how a lazy package names its parts);
// 'append' — the real file followed by this Python text (a few definitions replaced after
// the real ones ran, the rest of the module read as installed).
// Does not: read files (the ModuleSource does), or apply to any module not listed.
import type { ModuleSource } from './source';

export type OverlayEntry = { kind: 'text'; text: string } | { kind: 'opaque' } | { kind: 'type-checking' } | { kind: 'append'; text: string };

/** Stand-ins for one package, valid for the versions `versions` matches. */
export interface LibraryOverlay {
  package: string;
  versions: RegExp;
  /** The module whose text holds `__version__` (torchvision.version), when not the package's __init__. */
  versionModule?: string;
  modules: ReadonlyMap<string, OverlayEntry>;
}

/** `__version__ = "x.y.z"` of a package's __init__ text, or null. */
export function versionOf(text: string): string | null {
  const m = /^__version__\s*=\s*["']([^"']+)["']/m.exec(text);
  return m ? m[1] : null;
}

/** The `__version__` line and the top-level `if TYPE_CHECKING:` blocks of a file's text. */
export function typeCheckingOnly(text: string): string {
  const lines = text.split('\n');
  const out: string[] = ['from typing import TYPE_CHECKING'];
  let inBlock = false;
  for (const line of lines) {
    if (/^__version__\s*=/.test(line)) {
      out.push(line);
      inBlock = false;
      continue;
    }
    if (/^if\s+TYPE_CHECKING\s*:\s*(#.*)?$/.test(line)) {
      inBlock = true;
      out.push('if TYPE_CHECKING:');
      continue;
    }
    if (inBlock) {
      if (line.trim() === '' || /^\s+/.test(line) || line.startsWith('#') || line.startsWith(')')) {
        out.push(line);
      } else {
        inBlock = false;
      }
    }
  }
  return out.join('\n') + '\n';
}

/** Chooses the stand-in of a module for the installed versions (checked once per package). */
export class OverlaySet {
  private readonly versionOk = new WeakMap<ModuleSource, Map<string, boolean>>();

  constructor(private readonly overlays: readonly LibraryOverlay[]) {}

  /** The stand-in of `dotted` in `source`, or null when the real module is read. */
  lookup(dotted: string, source: ModuleSource): OverlayEntry | null {
    const top = dotted.split('.')[0];
    for (const o of this.overlays) {
      if (o.package !== top) {
        continue;
      }
      const entry = o.modules.get(dotted);
      const ok = entry ? this.matches(o, source) : false;
      if (ok === null) {
        // The installed version is not known yet: nothing is read (what it defines is unknown).
        return { kind: 'opaque' };
      }
      return entry && ok ? entry : null;
    }
    return null;
  }

  /** Whether the installed version is one `o` describes; null when the source has no answer yet. */
  private matches(o: LibraryOverlay, source: ModuleSource): boolean | null {
    let known = this.versionOk.get(source);
    if (!known) {
      known = new Map();
      this.versionOk.set(source, known);
    }
    let ok = known.get(o.package);
    if (ok === undefined) {
      let text: string | null = null;
      try {
        text = source.find(o.versionModule ?? o.package)?.read() ?? null;
      } catch {
        text = null;
      }
      const v = text === null ? null : versionOf(text);
      ok = v !== null && o.versions.test(v);
      if (v === null && source.unanswered?.(o.versionModule ?? o.package)) {
        // No answer yet (a host that fetches ahead): neither the stand-in nor the real module
        // is read until the version is known, and that is not remembered.
        return null;
      }
      known.set(o.package, ok);
    }
    return ok;
  }
}
