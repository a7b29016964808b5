// Messages between the JupyterLab main thread and the analysis Web Worker.
// Plain JSON-compatible shapes only; the worker receives cell text, user-entered numbers and
// module sources the main thread read from the server extension, and sends back the IR or
// a list of module names it needs.
import type { ArchitectureIR, CellInput } from '../core/ir';

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  cells: CellInput[];
  /** Files next to the document for local imports, already read by the host. */
  files?: Array<[string, string]>;
  symbols?: Array<[string, number]>;
  inputShapes?: Array<[string, number[]]>;
  /**
   * Kernelspec name whose environment's installed libraries may be read ('' = the server's
   * default kernel); absent = read no installed library.
   */
  environment?: string;
}

/** One module as the server extension answered it (jupyterlab_archlens/handlers.py). */
export interface ModuleAnswer {
  name: string;
  found: boolean;
  path?: string;
  package?: boolean;
  namespace?: boolean;
  mtime?: number;
  size?: number;
  /** Absent in stat-only answers. */
  text?: string;
  /**
   * A package's possible submodule names (a superset: any other name is absent, so the
   * worker need not ask for it); absent when the server did not list them.
   */
  submodules?: string[];
  /** Why not found: absent, native, outside, too-large, unreadable, later, no-environment. */
  reason?: string;
}

/**
 * The main thread's answer to a ModulesRequest; available false = no server extension (or no
 * environment for the kernelspec); failed = some names got no answer (a timeout, a server
 * error): they stay unanswered, and their users unknown.
 */
export interface ModulesReply {
  available: boolean;
  failed?: boolean;
  modules: ModuleAnswer[];
}

/** Main thread -> worker: the answer to the worker's request number `request`. */
export interface ModulesResponse {
  type: 'modules';
  request: number;
  reply: ModulesReply;
}

export type WorkerRequest = AnalyzeRequest | ModulesResponse;

/**
 * Worker -> main thread, during analysis `id`: read these modules (or only stat them); with
 * `hub`, `names` are Hugging Face repo ids whose cached config.json is wanted (answered as
 * modules: `found`, `text`) from the server's hub cache, for any environment.
 */
export interface ModulesRequest {
  type: 'modules';
  id: number;
  request: number;
  environment: string;
  names: string[];
  stat: boolean;
  hub?: boolean;
}

export type WorkerResponse =
  | { type: 'ready' }
  /** `parserBroken`: the wasm parser failed during this analysis; the worker must be replaced. */
  | { type: 'result'; id: number; ir: ArchitectureIR; ms: number; parserBroken?: boolean }
  | { type: 'error'; id: number; message: string }
  | ModulesRequest;
