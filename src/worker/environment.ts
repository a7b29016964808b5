// The worker's view of a kernel environment's installed libraries: module answers the main
// thread read from the server extension, kept per environment for the worker's lifetime, and
// the analysis loop that gets the modules an analysis needs. The core's ModuleSource answers
// synchronously, so sources are fetched ahead: the static import closure of the cells first
// (a few round trips), then whatever the analysis still asked for, then the analysis again,
// within MAX_ROUNDS requests. Parents are asked before their children, and a name whose
// answer follows from its parent's (below a plain or absent module, or missing from a
// package's listing) is never asked. Answers are re-checked (stat only) after REVALIDATE_MS.
// Hub configs for from_pretrained (the server's Hugging Face cache) are fetched the same way:
// asked for after the analysis that wanted them, kept until the next revalidation.
// Does not: make requests itself (`ask` goes through the main thread), or run anything.
import type { Analyzer, AnalyzeOptions } from '../core/analyzer';
import type { ArchitectureIR, CellInput } from '../core/ir';
import type { ModuleFile, ModuleSource } from '../core/env/source';
import type { ModuleAnswer, ModulesReply } from './protocol';

/**
 * Requests to the server per analysis; each fetches up to MAX_NAMES_PER_REQUEST names of one
 * level of the import graph. A notebook building timm's resnet50 and transformers' BertModel
 * needs 25 requests (588 names, 531 modules found); before lazy packages' TYPE_CHECKING
 * imports were left to the analysis and implied answers were no longer asked, it took more
 * than 48 (6,452 names), and 12 stopped halfway and left timm's models unknown.
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

/** Asks the server for modules (or, with `hub`, for the config.json of hub repo ids). */
export type Ask = (names: string[], stat: boolean, hub?: boolean) => Promise<ModulesReply>;

export class RemoteEnvironment implements ModuleSource {
  /** Module name -> its file, or null when the environment has none (or refused it). */
  private readonly answers = new Map<string, ModuleFile | null>();
  /** Names an analysis asked for that have no answer yet. */
  readonly wanted = new Set<string>();
  /**
   * False once the server said it has no such endpoint or environment: nothing is asked, and
   * a name without answer is absent (the bundled descriptions stand in).
   */
  available = true;
  /**
   * True once MAX_ENVIRONMENT_BYTES are kept: nothing more is fetched, and a name without
   * answer stays unanswered (what comes from it is unknown, never absent).
   */
  full = false;
  bytes = 0;
  checkedAt = 0;

  /** Submodule names each answered package may have (the server's listing), when given. */
  private readonly listings = new Map<string, ReadonlySet<string>>();
  /** Hub repo id -> its cached config.json text, or null when the server's cache has none. */
  private readonly hubConfigs = new Map<string, string | null>();
  /** Hub repo ids an analysis asked for that have no answer yet. */
  readonly wantedHub = new Set<string>();
  /** False once the server said it has no hub-config endpoint. */
  hubAvailable = true;

  readHubConfig(repoId: string): string | null {
    const known = this.hubConfigs.get(repoId);
    if (known !== undefined) {
      return known;
    }
    if (this.hubAvailable) {
      this.wantedHub.add(repoId);
    }
    return null;
  }

  /** Stores a hub-config reply (a failed one answers nothing). */
  storeHub(reply: ModulesReply): void {
    if (!reply.available) {
      this.hubAvailable = false;
    }
    for (const m of reply.modules) {
      this.wantedHub.delete(m.name);
      this.hubConfigs.set(m.name, m.found && typeof m.text === 'string' ? m.text : null);
    }
  }

  find(dotted: string): ModuleFile | null {
    const a = this.known(dotted);
    if (a !== undefined) {
      return a;
    }
    if (this.available && !this.full) {
      this.wanted.add(dotted);
    }
    return null;
  }

  /** Whether the environment may have `dotted` but its answer is not here (not fetched yet, or could not be). */
  unanswered(dotted: string): boolean {
    return this.available && this.known(dotted) === undefined;
  }

  /** Whether the answer for `dotted` is known (asked, or implied by its parent's answer). */
  has(dotted: string): boolean {
    return this.known(dotted) !== undefined;
  }

  /**
   * The answer for `dotted`: the server's, or the one its parent's answer implies, as the
   * server's resolver would give it (a submodule is only looked for in its package's folders,
   * so the child of an absent module or of a plain module is absent, and so is a name the
   * package's listing does not have); undefined when only the server can tell.
   */
  private known(dotted: string): ModuleFile | null | undefined {
    const a = this.answers.get(dotted);
    if (a !== undefined) {
      return a;
    }
    const dot = dotted.lastIndexOf('.');
    if (dot < 0) {
      return undefined;
    }
    const parent = dotted.slice(0, dot);
    const p = this.known(parent);
    if (p === undefined) {
      return undefined;
    }
    if (p === null || !p.isPackage) {
      return null;
    }
    const listing = this.listings.get(parent);
    return listing && !listing.has(dotted.slice(dot + 1)) ? null : undefined;
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
        this.full = true;
        continue;
      }
      this.answers.set(m.name, file);
      if (file && file.isPackage && Array.isArray(m.submodules)) {
        this.listings.set(m.name, new Set(m.submodules.filter(x => typeof x === 'string')));
      }
      if (file) {
        this.bytes += file.size;
        found.push([m.name, file]);
      }
    }
    return found;
  }

  /**
   * Drops the answers that a stat-only reply of all known names shows changed, and the hub
   * configs (a download may have changed them: asked again when an analysis needs them).
   */
  revalidate(reply: ModulesReply): void {
    this.hubConfigs.clear();
    if (!reply.available) {
      return;
    }
    const now = new Map(reply.modules.map(m => [m.name, m]));
    for (const [name, file] of [...this.answers]) {
      const m = now.get(name);
      const same = file ? !!m && m.found && m.path === file.path && m.mtime === file.mtime && m.size === file.size && sameListing(this.listings.get(name), m.submodules) : !!m && !m.found;
      if (!same) {
        this.answers.delete(name);
        this.listings.delete(name);
        this.bytes -= file?.size ?? 0;
      }
    }
  }

  /** Every name with an answer (what a revalidation stats). */
  knownNames(): string[] {
    return [...this.answers.keys()];
  }
}

/** Whether a package's new listing is the one kept (both absent counts as the same). */
function sameListing(kept: ReadonlySet<string> | undefined, now: string[] | undefined): boolean {
  if (!kept || !Array.isArray(now)) {
    return !kept && !Array.isArray(now);
  }
  return kept.size === now.length && now.every(x => kept.has(x));
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
 * requests. Returns the last analysis: what could not be fetched (a failed request, the
 * rounds or bytes spent) is unknown in it; without the server extension the bundled
 * descriptions stand in.
 */
export async function analyzeWithEnvironment(analyzer: Analyzer, cells: CellInput[], options: AnalyzeOptions, env: RemoteEnvironment, ask: Ask, now = Date.now()): Promise<ArchitectureIR> {
  let rounds = 0;
  // A request that failed (timeout, server error) stops fetching for this analysis only.
  let failed = false;
  const request = async (names: string[], stat: boolean, hub?: boolean): Promise<ModulesReply> => {
    rounds++;
    let reply: ModulesReply;
    try {
      reply = await (hub ? ask(names, stat, true) : ask(names, stat));
    } catch {
      reply = { available: true, failed: true, modules: [] };
    }
    failed = failed || !!reply.failed;
    return reply;
  };
  const fetching = () => env.available && !env.full && !failed && rounds < MAX_ROUNDS;
  if (env.available && env.checkedAt > 0 && now - env.checkedAt > REVALIDATE_MS) {
    const names = env.knownNames();
    const reply = names.length > 0 ? await request(names, true) : { available: true, modules: [] };
    if (!reply.failed) {
      env.revalidate(reply);
    }
  }
  if (env.checkedAt === 0 || now - env.checkedAt > REVALIDATE_MS) {
    env.checkedAt = now;
  }
  const fetchClosure = async (names: string[]): Promise<void> => {
    let next = names.filter(n => !env.has(n));
    while (next.length > 0 && fetching()) {
      // Parents before children: a child's answer often follows from its parent's (has()).
      const { ready, waiting } = parentsFirst(next, n => env.has(n));
      const batch = ready.slice(0, MAX_NAMES_PER_REQUEST);
      const found = env.store(await request(batch, false));
      const rest = [...ready.slice(MAX_NAMES_PER_REQUEST), ...waiting];
      next = [...new Set([...rest, ...analyzer.importCandidates([], found)])].filter(n => !env.has(n));
    }
  };
  await fetchClosure(analyzer.importCandidates(cells));
  const opts: AnalyzeOptions = { ...options, modules: env };
  for (;;) {
    env.wanted.clear();
    env.wantedHub.clear();
    const ir = analyzer.analyze(cells, opts);
    const wanted = [...env.wanted];
    const hub = env.hubAvailable ? [...env.wantedHub] : [];
    if ((wanted.length === 0 && hub.length === 0) || failed || rounds >= MAX_ROUNDS) {
      return ir;
    }
    const before = rounds;
    if (hub.length > 0) {
      const reply = await request(hub, false, true);
      if (!reply.failed) {
        env.storeHub(reply);
      }
    }
    if (wanted.length > 0 && fetching()) {
      await fetchClosure(wanted);
    }
    if (rounds === before) {
      return ir; // nothing could be asked (no endpoint, the byte cap): the analysis is final
    }
  }
}

/**
 * `names` split into those to ask now (top-level names, names whose parent is answered, and
 * the first unanswered ancestor of every other name) and those that wait for an ancestor.
 */
export function parentsFirst(names: string[], answered: (dotted: string) => boolean): { ready: string[]; waiting: string[] } {
  const ready = new Set<string>();
  const waiting: string[] = [];
  for (const n of names) {
    const parts = n.split('.');
    let i = 1;
    while (i < parts.length && answered(parts.slice(0, i).join('.'))) {
      i++;
    }
    const first = parts.slice(0, i).join('.');
    ready.add(first);
    if (first !== n) {
      waiting.push(n);
    }
  }
  return { ready: [...ready], waiting };
}
