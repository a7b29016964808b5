// Messages between the JupyterLab main thread and the analysis Web Worker.
// Plain JSON-compatible shapes only; the worker never receives anything but cell text and
// user-entered numbers, and never sends back anything but the IR.
import type { ArchitectureIR, CellInput } from '../core/ir';

export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  cells: CellInput[];
  /** Files next to the document for local imports, already read by the host. */
  files?: Array<[string, string]>;
  symbols?: Array<[string, number]>;
  inputShapes?: Array<[string, number[]]>;
}

export type WorkerRequest = AnalyzeRequest;

export type WorkerResponse =
  | { type: 'ready' }
  /** `parserBroken`: the wasm parser failed during this analysis; the worker must be replaced. */
  | { type: 'result'; id: number; ir: ArchitectureIR; ms: number; parserBroken?: boolean }
  | { type: 'error'; id: number; message: string };
