// `archlens scan PATH...`: analyses a whole corpus of notebooks and .py files with a pool of
// worker processes (start-up and wasm load paid once per worker, not per file) and writes JSON
// Lines (scan-lines.ts) to stdout or, with --jsonl OUT, to a file that a later run resumes:
// files already there with the same content hash are skipped. Each file is held to the
// core's budgets and to a hard timeout; a file over it, or one that kills its worker, becomes
// an 'error' line and the scan goes on. A progress bar is drawn on a terminal's stderr.
// Does not: analyse files itself (scan-worker.ts), or know how files are found (scan-files.ts).
import { closeSync, openSync, readFileSync, writeSync } from 'fs';
import { availableParallelism } from 'os';
import { findFiles } from './scan-files';
import { errorLine } from './scan-lines';
import { FatalPoolError, PoolResult, ScanPool } from './scan-pool';
import { Progress } from './scan-progress';
import { readPreviousOutput, rewriteOutput, unchanged } from './scan-resume';
import { sha256 } from './scan-worker';
import { readInputBytes } from './analyze-file';

export const SCAN_USAGE = `usage: archlens scan PATH... [--jsonl OUT] [--jobs N] [--timeout SECONDS]
                     [--files-from FILE|-] [--null] [--list] [--retry-failed]
                     [--max-memory MB] [--quiet]

Analyses every .ipynb and .py file under the given folders, glob patterns (quote them:
'corpus/**/*.ipynb') and files, without running them, and prints one JSON line per model
(the model as \`extract --format json\` gives it, plus "file" and "sha256"), one "file" line
per analysed file and one "error" line per file that failed.

  --jsonl OUT        write the lines to OUT; if OUT exists, files already in it with the same
                     content hash are skipped (an interrupted scan resumes)
  --jobs N           worker processes (default: the number of CPUs, ${defaultJobs()} here)
  --timeout SECONDS  hard limit per file (default 60); a worker over it is stopped, the file
                     reported as failed and the worker replaced
  --files-from FILE  read more paths from FILE ('-' for stdin), one per line
  --null             paths in --files-from and --list are separated by NUL, not newlines
  --list             print the files that would be scanned and exit
  --retry-failed     with --jsonl: analyse files that failed last time again
  --max-memory MB    heap limit of each worker process
  --quiet            no progress bar and no summary on stderr`;

class ScanUsageError extends Error {}

interface ScanArgs {
  paths: string[];
  out: string | null;
  jobs: number;
  timeoutMs: number;
  filesFrom: string | null;
  nul: boolean;
  list: boolean;
  retryFailed: boolean;
  maxMemoryMb: number | null;
  quiet: boolean;
}

function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

function parseScanArgs(argv: string[]): ScanArgs {
  const args: ScanArgs = {
    paths: [],
    out: null,
    jobs: defaultJobs(),
    timeoutMs: 60_000,
    filesFrom: null,
    nul: false,
    list: false,
    retryFailed: false,
    maxMemoryMb: null,
    quiet: false
  };
  const positive = (option: string, text: string, integer: boolean): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      throw new ScanUsageError(`${option} expects a positive ${integer ? 'integer' : 'number'}, not '${text}'`);
    }
    return n;
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPaths) {
      args.paths.push(a);
      continue;
    }
    const value = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new ScanUsageError(`${a} needs a value`);
      }
      return v;
    };
    if (a === '--') {
      onlyPaths = true;
    } else if (a === '--jsonl' || a === '-o') {
      args.out = value();
    } else if (a === '--jobs' || a === '-j') {
      args.jobs = positive(a, value(), true);
    } else if (a === '--timeout') {
      args.timeoutMs = Math.round(positive(a, value(), false) * 1000);
    } else if (a === '--files-from') {
      args.filesFrom = value();
    } else if (a === '--null' || a === '-0') {
      args.nul = true;
    } else if (a === '--list') {
      args.list = true;
    } else if (a === '--retry-failed') {
      args.retryFailed = true;
    } else if (a === '--max-memory') {
      args.maxMemoryMb = positive(a, value(), true);
    } else if (a === '--quiet' || a === '-q') {
      args.quiet = true;
    } else if (a === '--help' || a === '-h') {
      throw new ScanUsageError('');
    } else if (a.startsWith('-') && a !== '-') {
      throw new ScanUsageError(`unknown option '${a}'`);
    } else {
      args.paths.push(a);
    }
  }
  if (args.paths.length === 0 && args.filesFrom === null) {
    throw new ScanUsageError('missing PATH');
  }
  if (args.out === '-') {
    args.out = null;
  }
  return args;
}

function readList(source: string, nul: boolean): string[] {
  const text = readFileSync(source === '-' ? 0 : source, 'utf8');
  return text.split(nul ? '\0' : /\r?\n/).filter(p => p !== '');
}

export async function runScan(argv: string[], workerScript: string): Promise<number> {
  let args: ScanArgs;
  try {
    args = parseScanArgs(argv);
  } catch (error) {
    const message = (error as Error).message;
    if (!message) {
      process.stdout.write(SCAN_USAGE + '\n');
      return 0;
    }
    process.stderr.write(`archlens scan: ${message}\n${SCAN_USAGE}\n`);
    return 2;
  }
  let paths = args.paths;
  if (args.filesFrom !== null) {
    try {
      paths = [...paths, ...readList(args.filesFrom, args.nul)];
    } catch (error) {
      process.stderr.write(`archlens scan: cannot read ${args.filesFrom}: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const found = findFiles(paths);
  if (!args.quiet) {
    for (const p of found.unmatched) {
      process.stderr.write(`archlens scan: nothing matches ${p}\n`);
    }
  }
  if (args.list) {
    const sep = args.nul ? '\0' : '\n';
    process.stdout.write(found.files.map(f => f + sep).join(''));
    return 0;
  }

  // Resume: what the output file already holds.
  let todo = found.files;
  let skipped = 0;
  let fd = 1;
  if (args.out !== null) {
    let previous;
    try {
      previous = readPreviousOutput(args.out);
    } catch (error) {
      process.stderr.write(`archlens scan: cannot read ${args.out}: ${(error as Error).message}\n`);
      return 1;
    }
    const redo = new Set<string>();
    todo = [];
    for (const file of found.files) {
      const entry = previous.entries.get(file);
      if (entry && (!entry.failed || !args.retryFailed) && unchanged(file, entry)) {
        skipped++;
      } else {
        todo.push(file);
        if (entry) {
          redo.add(file);
        }
      }
    }
    try {
      if (previous.dirty || redo.size > 0) {
        rewriteOutput(args.out, [...previous.entries].filter(([f]) => !redo.has(f)).map(([, e]) => e));
      }
      fd = openSync(args.out, 'a');
    } catch (error) {
      process.stderr.write(`archlens scan: cannot write ${args.out}: ${(error as Error).message}\n`);
      return 1;
    }
  }

  const progress = new Progress(todo.length, process.stderr);
  const started = Date.now();
  let models = 0;
  let failed = 0;
  // stdout through process.stdout (synchronous for files and pipes on Linux), OUT directly.
  const write = (text: string) => {
    if (fd === 1) {
      process.stdout.write(text);
    } else {
      writeSync(fd, text);
    }
  };
  const onResult = (r: PoolResult) => {
    if (r.ok) {
      write(r.lines);
      models += r.models;
      failed += r.failed ? 1 : 0;
      progress.file(r.models, r.failed);
    } else {
      write(errorLine(r.file, hashOrNull(r.file), r.failure, r.error));
      failed++;
      progress.file(0, true);
    }
  };
  const pool = new ScanPool(
    { jobs: args.jobs, timeoutMs: args.timeoutMs, maxMemoryMb: args.maxMemoryMb, script: workerScript, args: ['scan-worker'] },
    onResult
  );
  if (fd === 1) {
    // `archlens scan ... | head`: the reader is gone, so stop quietly instead of crashing.
    process.stdout.on('error', error => {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
        pool.stop();
        process.exit(0);
      }
    });
  }
  const interrupt = () => {
    pool.stop();
    progress.clear();
    process.stderr.write('archlens scan: interrupted; run the same command again to resume\n');
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await pool.run(todo);
  } catch (error) {
    progress.clear();
    if (error instanceof FatalPoolError) {
      process.stderr.write(`archlens scan: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    if (fd !== 1) {
      closeSync(fd);
    }
  }
  progress.clear();
  if (!args.quiet) {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 && todo.length > 0 ? ` (${(todo.length / seconds).toFixed(1)} files/s)` : '';
    const skippedText = skipped > 0 ? `, ${skipped} already done` : '';
    process.stderr.write(`archlens scan: ${todo.length} files analysed${skippedText}, ${models} models, ${failed} failed, ${seconds.toFixed(1)} s${rate}\n`);
  }
  return 0;
}

/** The hash of a file whose worker died on it (so a resumed scan does not retry it), or null. */
function hashOrNull(file: string): string | null {
  try {
    return sha256(readInputBytes(file));
  } catch {
    return null;
  }
}
