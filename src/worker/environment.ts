// The worker's view of a kernel environment's installed libraries: module answers the main
// thread read from the server extension, kept per environment for the worker's lifetime, and
// the analysis loop that gets the modules an analysis needs. The core's ModuleSource answers
// synchronously, so sources are fetched ahead: the static import closure of the cells first
// (a few round trips), then whatever the analysis still asked for, then the analysis again,
// within MAX_ROUNDS requests. Answers are re-checked (stat only) after REVALIDATE_MS.
// Does not: make requests itself (`ask` goes through the main thread), or run anything.
import type { Analyzer, AnalyzeOptions } from '../core/analyzer';
import type { ArchitectureIR, CellInput } from '../core/ir';
import type { ModuleFile, ModuleSource } from '../core/env/source';
import type { ModuleAnswer, ModulesReply } from './protocol';

/**
 * Requests to the server per analysis; each fetches up to MAX_NAMES_PER_REQUEST names of one
 * level of the import graph. A notebook importing timm and transformers has a static closure
 * of ~5,900 names (transformers' lazy `__init__`s list every model family under
 * TYPE_CHECKING): 40 requests; 12 stopped halfway and left timm's models unknown.
 */
export const MAX_ROUNDS = 48;
/** Names per request (the server takes at most 200). */
export const MAX_NAMES_PER_REQUEST = 150;
/**
 * Bytes of module text kept per environment: twice the analysis budget maxLibraryBytes
 * (32 MB), so a library's closure and a second one fit; past it nothing more is fetched.
 */
export const MAX_ENVIRONMENT_BYTES = 64 * 1024 * 1024;
/** Answers older than this are checked again (a `pip install` during the session). */
export const REVALIDATE_MS = 30_000;

export type Ask = (names: string[], stat: boolean) => Promise<ModulesReply>;

export class RemoteEnvironment implements ModuleSource {
  /** Module name -> its file, or null when the environment has none (or refused it). */
  private readonly answers = new Map<string, ModuleFile | null>();
  /** Names an analysis asked for that have no answer yet. */
  readonly wanted = new Set<string>();
  /** False once the server said it has no such endpoint or environment: nothing is asked. */
  available = true;
  bytes = 0;
  checkedAt = 0;

  find(dotted: string): ModuleFile | null {
    const a = this.answers.get(dotted);
    if (a !== undefined) {
      return a;
    }
    if (this.available) {
      this.wanted.add(dotted);
    }
    return null;
  }

  has(dotted: string): boolean {
    return this.answers.has(dotted);
  }

  /** Stores a reply; returns the modules found with their files (for the import crawl). */
  store(reply: ModulesReply): Array<[string, ModuleFile]> {
    if (!reply.available) {
      this.available = false;
      this.wanted.clear();
      return [];
    }
    const found: Array<[string, ModuleFile]> = [];
    for (const m of reply.modules) {
      this.wanted.delete(m.name);
      if (m.reason === 'later') {
        continue; // the server's response was full: asked again next round
      }
      if (m.reason === 'no-environment') {
        this.available = false;
      }
      const file = toFile(m);
      if (file && this.bytes + file.size > MAX_ENVIRONMENT_BYTES) {
        this.available = false;
        continue;
      }
      this.answers.set(m.name, file);
      if (file) {
        this.bytes += file.size;
        found.push([m.name, file]);
      }
    }
    return found;
  }

  /** Drops the answers that a stat-only reply of all known names shows changed. */
  revalidate(reply: ModulesReply): void {
    if (!reply.available) {
      return;
    }
    const now = new Map(reply.modules.map(m => [m.name, m]));
    for (const [name, file] of [...this.answers]) {
      const m = now.get(name);
      const same = file ? !!m && m.found && m.path === file.path && m.mtime === file.mtime && m.size === file.size : !!m && !m.found;
      if (!same) {
        this.answers.delete(name);
        this.bytes -= file?.size ?? 0;
      }
    }
  }

  /** Every name with an answer (what a revalidation stats). */
  knownNames(): string[] {
    return [...this.answers.keys()];
  }
}

function toFile(m: ModuleAnswer): ModuleFile | null {
  if (!m.found || typeof m.path !== 'string') {
    return null;
  }
  const text = m.namespace ? '' : m.text;
  if (typeof text !== 'string') {
    return null;
  }
  return { path: m.path, isPackage: !!m.package, mtime: Number(m.mtime) || 0, size: Number(m.size) || text.length, read: () => text };
}

/**
 * Analyses `cells` with the environment's libraries: fetches the static import closure,
 * analyses, fetches what the analysis still wanted, and analyses again, within MAX_ROUNDS
 * requests. Returns the last analysis (the bundled descriptions stand in for anything that
 * could not be fetched).
 */
export async function analyzeWithEnvironment(analyzer: Analyzer, cells: CellInput[], options: AnalyzeOptions, env: RemoteEnvironment, ask: Ask, now = Date.now()): Promise<ArchitectureIR> {
  let rounds = 0;
  const request = async (names: string[], stat: boolean): Promise<ModulesReply> => {
    rounds++;
    try {
      return await ask(names, stat);
    } catch {
      return { available: false, modules: [] };
    }
  };
  if (env.available && env.checkedAt > 0 && now - env.checkedAt > REVALIDATE_MS) {
    const names = env.knownNames();
    env.revalidate(names.length > 0 ? await request(names, true) : { available: true, modules: [] });
  }
  if (env.checkedAt === 0 || now - env.checkedAt > REVALIDATE_MS) {
    env.checkedAt = now;
  }
  const fetchClosure = async (names: string[]): Promise<void> => {
    let next = names.filter(n => !env.has(n));
    while (next.length > 0 && env.available && rounds < MAX_ROUNDS) {
      const batch = next.slice(0, MAX_NAMES_PER_REQUEST);
      const found = env.store(await request(batch, false));
      const rest = next.slice(MAX_NAMES_PER_REQUEST);
      next = [...new Set([...rest, ...analyzer.importCandidates([], found)])].filter(n => !env.has(n));
    }
  };
  await fetchClosure(analyzer.importCandidates(cells));
  const opts: AnalyzeOptions = { ...options, modules: env };
  for (;;) {
    env.wanted.clear();
    const ir = analyzer.analyze(cells, opts);
    const wanted = [...env.wanted];
    if (wanted.length === 0 || !env.available || rounds >= MAX_ROUNDS) {
      return ir;
    }
    await fetchClosure(wanted);
  }
}
