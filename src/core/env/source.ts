// The seam through which the analyzer reads installed Python libraries: a host (the CLI's
// file system, the lab's server extension) answers "where is absolute module `a.b.c` and
// what is its text"; the core never learns how. Also the per-analysis reader that enforces
// the library budgets and records every answer, so a cached result can be checked later.
// Does not: touch the file system or the network, find environments, confine paths (the
// host does), or interpret anything.

/** One module's source file, as the host found it in the environment's import path. */
export interface ModuleFile {
  /** Real path of the file (spans and diagnostics name it; with mtime and size, the cache key). */
  path: string;
  /** `__init__.py` of a package (or a namespace package, which has no file: text ''). */
  isPackage: boolean;
  /** Modification time in ms and size in bytes, as the host's stat gave them. */
  mtime: number;
  size: number;
  /**
   * The file's text. Called only when no lowered copy of path+mtime+size is cached; null when
   * it cannot be read now (removed meanwhile, over a limit, outside the import directories).
   */
  read(): string | null;
}

/**
 * Absolute modules of one Python environment. `find` answers synchronously: a host that
 * must ask a server answers null for modules it does not have yet and asks for them after
 * the analysis (see worker.ts); a later analysis then sees them.
 */
export interface ModuleSource {
  /** `timm.models.resnet` -> its file (package `__init__` or module), or null when absent. */
  find(dotted: string): ModuleFile | null;
  /**
   * Whether the host has no answer for `dotted` yet (it fetches ahead, and this one could not
   * be fetched): find() said null, but the module may exist. What comes from it is unknown —
   * never the "absent" meaning (a bundled description, the standard library). Optional: a
   * host whose find() always knows.
   */
  unanswered?(dotted: string): boolean;
  /**
   * Text of `config.json` of hub repo `repoId` (`bert-base-uncased`, `org/name`) in the host's
   * local Hugging Face cache (its `main` snapshot), read-only and size-limited; null when it
   * is not there. Optional: a host without it has no cached configs.
   */
  readHubConfig?(repoId: string): string | null;
}

/** Key of a hub config answer among a LibraryReader's answers (module names have no ':'). */
const HUB = 'hub:';

/** The recorded answer of a module the source had no answer for yet (see unanswered()). */
export const UNANSWERED = '\u0000unanswered';

/** The recorded answer for `dotted`: its file's key, UNANSWERED, or null when absent. */
export function answerKey(source: ModuleSource, dotted: string, file: ModuleFile | null): string | null {
  if (file) {
    return fileKey(file);
  }
  let pending = false;
  try {
    pending = !!source.unanswered?.(dotted);
  } catch {
    pending = true;
  }
  return pending ? UNANSWERED : null;
}

/** A hub repo id as from_pretrained accepts one: `name` or `org/name`, no path tricks. */
export function isHubRepoId(name: string): boolean {
  return /^[\w][\w.-]{0,95}(\/[\w][\w.-]{0,95})?$/.test(name) && !name.includes('..') && !name.endsWith('.');
}

/** Why a library module was not read although the source has it. */
export interface LibraryRefusal {
  refused: 'budget-maxLibraryFileBytes' | 'budget-maxLibraryBytes' | 'unreadable' | 'library-unanswered';
  message: string;
}

/** Budgets of one analysis' library reads (see interp/budgets.ts for the reasons). */
export interface LibraryBudgets {
  maxLibraryFileBytes: number;
  maxLibraryBytes: number;
}

/** Cache key of a file: the same path, mtime and size are taken to be the same text. */
export function fileKey(f: Pick<ModuleFile, 'path' | 'mtime' | 'size'>): string {
  return `${f.path}\u0000${f.mtime}\u0000${f.size}`;
}

/**
 * One analysis' view of a ModuleSource: counts bytes against the budgets and records the
 * answer given for every module asked (key or null), for checking a cached result later.
 */
export class LibraryReader {
  /** dotted name -> fileKey of the answer, or null when absent; `hub:<repo>` -> its config text. */
  readonly answers = new Map<string, string | null>();
  /** Bytes of library source handed to the interpreter in this analysis. */
  bytes = 0;

  constructor(
    readonly source: ModuleSource,
    private readonly budgets: LibraryBudgets
  ) {}

  /** The file of `dotted`, a refusal (over a budget), or null when the source has none. */
  find(dotted: string): ModuleFile | LibraryRefusal | null {
    let file: ModuleFile | null;
    try {
      file = this.source.find(dotted);
    } catch {
      file = null;
    }
    const key = answerKey(this.source, dotted, file);
    this.answers.set(dotted, key);
    if (!file) {
      return key === UNANSWERED
        ? { refused: 'library-unanswered', message: `${dotted} could not be read from the environment (no answer from it yet): what it defines is unknown` }
        : null;
    }
    if (file.size > this.budgets.maxLibraryFileBytes) {
      return {
        refused: 'budget-maxLibraryFileBytes',
        message: `${dotted} (${file.path}) is ${file.size} bytes, over maxLibraryFileBytes (${this.budgets.maxLibraryFileBytes}): it was not read and what it defines is unknown`
      };
    }
    if (this.bytes + file.size > this.budgets.maxLibraryBytes) {
      return {
        refused: 'budget-maxLibraryBytes',
        message: `${dotted} was not read: this analysis already read ${this.bytes} bytes of library source (maxLibraryBytes ${this.budgets.maxLibraryBytes}); what it defines is unknown`
      };
    }
    this.bytes += file.size;
    return file;
  }

  /** The source's config.json text of hub repo `repoId`, or null; the answer is recorded. */
  hubConfig(repoId: string): string | null {
    let text: string | null = null;
    try {
      text = isHubRepoId(repoId) && this.source.readHubConfig ? this.source.readHubConfig(repoId) : null;
    } catch {
      text = null;
    }
    this.answers.set(HUB + repoId, text);
    return text;
  }
}

/** Whether `source` still gives the recorded answers (the cached result is then still exact). */
export function sameAnswers(source: ModuleSource | undefined, answers: ReadonlyMap<string, string | null>): boolean {
  for (const [dotted, was] of answers) {
    let now: string | null = null;
    try {
      if (dotted.startsWith(HUB)) {
        const repoId = dotted.slice(HUB.length);
        now = source?.readHubConfig && isHubRepoId(repoId) ? source.readHubConfig(repoId) : null;
      } else {
        now = source ? answerKey(source, dotted, source.find(dotted)) : null;
      }
    } catch {
      now = null;
    }
    if (now !== was) {
      return false;
    }
  }
  return true;
}
