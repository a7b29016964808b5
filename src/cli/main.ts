// The `archlens` command line: reads a .ipynb or .py file, runs the same core as the lab
// extension (never imports or runs the code), and prints the IR as JSON or markdown.
// Local imports are read from files next to the input, never outside its folder (real paths:
// a symlink leading out is refused), each size-checked before it is read (files.ts); installed
// libraries from the import directories of the Python environment (pyenv.ts, modules.ts).
import { statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { DEFAULT_BUDGETS } from '../core/interp/budgets';
import { DocumentError } from '../core/notebook';
import { decodeUtf8 } from './files';
import { analyzeDocument, readInputBytes } from './analyze-file';
import { freshPythonParser } from './parser';
import { irToMarkdown } from '../core/export/markdown';
import { irToLatex } from '../core/export/latex';
import { irToCsv } from '../core/export/csv';
import { irToMermaid } from '../core/export/mermaid';
import { irToJson } from '../core/export/json';
import type { ArchitectureIR } from '../core/ir';
import { findEnvironment, PythonEnvironment } from './pyenv';
import { DirectoryModuleSource } from './modules';
import { HubCache, hubCacheDir } from './hub-cache';
import { runScan } from './scan';
import { runScanWorker } from './scan-worker';
import { loadWasm } from './wasm';

const USAGE = `usage: archlens extract FILE [--format json|markdown|mermaid|latex|csv] [--output FILE]
             [--input-shape MODEL=1,3,224,224] [--symbol NAME=VALUE]
             [--python-path DIR]... [--no-python-path]
       archlens scan PATH... [--jsonl OUT] [--jobs N] (archlens scan --help for more)

Reads a notebook (.ipynb) or Python file (.py) and reports the neural networks it builds,
without running it; scan does it for every notebook and .py file of a corpus. Installed
libraries it imports (timm, transformers, ...) are read as source from the Python environment:
the --python-path folders, else $VIRTUAL_ENV, $CONDA_PREFIX, a .venv/ or venv/ beside or above
FILE, else the python3 on PATH (found from files, never started). --no-python-path reads no
installed library.`;

const FORMATS = ['json', 'markdown', 'mermaid', 'latex', 'csv'] as const;
type Format = (typeof FORMATS)[number];

interface Args {
  file: string;
  format: Format;
  output: string | null;
  inputShapes: Array<[string, number[]]>;
  symbols: Array<[string, number]>;
  /** --python-path folders in order; null = find the environment; 'off' = --no-python-path. */
  pythonPath: string[] | null | 'off';
}

class UsageError extends Error {}
class HelpRequested extends Error {}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    throw new HelpRequested();
  }
  if (command !== 'extract') {
    throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  }
  const args: Args = { file: '', format: 'json', output: null, inputShapes: [], symbols: [], pythonPath: null };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) {
        throw new UsageError(`${a} needs a value`);
      }
      return v;
    };
    if (a === '--format' || a === '-f') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) {
        throw new UsageError(`unknown format '${f}' (expected ${FORMATS.join(', ')})`);
      }
      args.format = f as Format;
    } else if (a === '--output' || a === '-o') {
      args.output = value();
    } else if (a === '--input-shape') {
      const [name, dims] = splitAssignment(value(), a);
      const shape = dims.split(/[,x ]+/).filter(Boolean).map(Number);
      if (shape.length === 0 || shape.some(n => !Number.isInteger(n) || n < 0)) {
        throw new UsageError(`${a} expects MODEL=d1,d2,... with non-negative integers`);
      }
      args.inputShapes.push([name, shape]);
    } else if (a === '--symbol') {
      const [name, v] = splitAssignment(value(), a);
      const n = Number(v);
      if (!Number.isInteger(n)) {
        throw new UsageError(`${a} expects NAME=INTEGER`);
      }
      args.symbols.push([name, n]);
    } else if (a === '--python-path') {
      const dir = value();
      for (const d of dir.split(path.delimiter).filter(Boolean)) {
        let folder = false;
        try {
          folder = statSync(d).isDirectory();
        } catch {
          folder = false;
        }
        if (!folder) {
          throw new UsageError(`--python-path ${d}: not a folder`);
        }
      }
      if (args.pythonPath === 'off') {
        throw new UsageError('--python-path and --no-python-path exclude each other');
      }
      args.pythonPath = [...(args.pythonPath ?? []), ...dir.split(path.delimiter).filter(Boolean)];
    } else if (a === '--no-python-path') {
      if (Array.isArray(args.pythonPath)) {
        throw new UsageError('--python-path and --no-python-path exclude each other');
      }
      args.pythonPath = 'off';
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option '${a}'`);
    } else if (!args.file) {
      args.file = a;
    } else {
      throw new UsageError(`unexpected argument '${a}'`);
    }
  }
  if (!args.file) {
    throw new UsageError('missing FILE');
  }
  return args;
}

function splitAssignment(text: string, option: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(`${option} expects NAME=VALUE`);
  }
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** The environment whose libraries are read, or null (off, or none found). */
function environmentOf(args: Args): PythonEnvironment | null {
  if (args.pythonPath === 'off') {
    return null;
  }
  if (args.pythonPath) {
    return { how: '--python-path', dirs: args.pythonPath.map(d => path.resolve(d)) };
  }
  return findEnvironment(args.file);
}

function render(ir: ArchitectureIR, format: Format): string {
  switch (format) {
    case 'json':
      return irToJson(ir);
    case 'markdown':
      return irToMarkdown(ir);
    case 'mermaid':
      return irToMermaid(ir);
    case 'latex':
      return irToLatex(ir);
    case 'csv':
      return irToCsv(ir);
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'scan') {
    return runScan(argv.slice(1), __filename);
  }
  if (argv[0] === 'scan-worker') {
    return runScanWorker();
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    process.stderr.write(`archlens: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  // The size is checked before anything is read (a 1 GB file is refused at once).
  let text: string;
  try {
    text = decodeUtf8(readInputBytes(args.file));
  } catch (error) {
    process.stderr.write(`archlens: ${(error as Error).message}\n`);
    return 1;
  }
  let ir: ArchitectureIR;
  try {
    const wasm = loadWasm();
    const slot = { parser: await freshPythonParser(wasm, false), wasm };
    const env = environmentOf(args);
    ir = await analyzeDocument(slot, args.file, text, {
      symbols: args.symbols,
      inputShapes: args.inputShapes,
      modules: env ? new DirectoryModuleSource(env.dirs, DEFAULT_BUDGETS.maxLibraryFileBytes, new HubCache(hubCacheDir(process.env))) : undefined
    });
  } catch (error) {
    if (error instanceof DocumentError) {
      process.stderr.write(`archlens: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const output = render(ir, args.format);
  if (args.output) {
    writeFileSync(args.output, output);
  } else {
    process.stdout.write(output);
  }
  return 0;
}

if (require.main === module) {
  // exitCode, not exit(): exit() would cut off output still being written to a pipe.
  run(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(`archlens: internal error: ${(error as Error)?.stack ?? error}\n`);
      process.exitCode = 3;
    }
  );
}
