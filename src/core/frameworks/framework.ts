// What a framework plugs into ArchLens, as JupyterLab's table of contents takes generators:
// an id, a session per analysis whose host answers the interpreter's questions (namespaces,
// module instances, tensors, module calls, effects of code it cannot follow) and which
// extracts the framework's models as IR at the end, and the library files it describes as
// Python. The module roots it answers for are rows of roots.ts; registry.ts lists frameworks.
// Does not: implement any framework (torch/, keras/, numpy/ do).
import type { ModelIR } from '../ir';
import type { Budgets } from '../interp/budgets';
import type { FrameworkHost } from '../interp/host';
import type { Interp } from '../interp/context';
import type { TensorV } from '../interp/values';
import type { BuildDeadline } from '../ir/deadline';
import type { FoundModel } from '../isolate';

export interface ExtractOptions {
  /** Values the user gave for symbols (AnalyzeOptions.symbols). */
  givenSymbols: ReadonlyMap<string, bigint>;
  /** Input shapes the user gave per model name. */
  inputShapes: ReadonlyMap<string, number[]>;
  /** Past it, models are listed with unknown totals (see ir/deadline.ts). */
  deadline: BuildDeadline;
  /** Builds one model so that its failure loses that model alone (isolate.ts); absent: build directly. */
  isolate?: (found: FoundModel, build: () => ModelIR) => ModelIR;
}

/** One framework during one analysis. */
export interface FrameworkSession {
  /** What the interpreter asks this framework, through the dispatcher (frameworks/dispatch.ts). */
  readonly host: Partial<FrameworkHost>;
  /** Whether a tensor was made by this framework (tensors of several frameworks can meet). */
  ownsTensor?(t: TensorV): boolean;
  /** The framework's models in the interpreter's final state, as IR, in notebook order. */
  extract?(I: Interp, options: ExtractOptions): ModelIR[];
}

export interface Framework {
  /** The id its classes carry (ClassV.framework) and roots.ts routes by. */
  readonly id: string;
  /** The IR's name for its models; frameworks that make no models have none. */
  readonly modelKind?: ModelIR['framework'];
  /** Tensors no framework claims are this framework's (it does not track its tensors). */
  readonly claimsUntrackedTensors?: true;
  /** Library files described as Python source, by the path an import resolves to. */
  readonly library?: ReadonlyMap<string, string>;
  /** A session for one analysis; `session(id)` is another framework's session of the same analysis. */
  createSession(budgets: Budgets, session: (id: string) => FrameworkSession): FrameworkSession;
}
