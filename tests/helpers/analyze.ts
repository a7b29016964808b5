// Test helper: analyse Python source (one cell per string) with a shared Analyzer.
import { Analyzer, AnalyzeOptions } from '../../src/core/analyzer';
import type { ArchitectureIR, CellInput } from '../../src/core/ir';
import { getParser } from './parser';

let shared: Analyzer | null = null;

export async function getAnalyzer(): Promise<Analyzer> {
  if (!shared) {
    shared = new Analyzer(await getParser());
  }
  return shared;
}

export function cellsOf(...sources: string[]): CellInput[] {
  return sources.map((source, i) => ({ id: `c${i}`, kind: 'code', source }));
}

export async function analyzeSources(sources: string[], options?: AnalyzeOptions): Promise<ArchitectureIR> {
  return (await getAnalyzer()).analyze(cellsOf(...sources), options);
}

export async function modelOf(src: string, name?: string, options?: AnalyzeOptions) {
  const ir = await analyzeSources([src], options);
  // by name: the model bound last to it (earlier ones are listed too, marked rebound)
  const m = name ? ir.models.find(x => x.name === name && !x.rebound) : ir.models[ir.models.length - 1];
  if (!m) {
    throw new Error(`model ${name ?? ''} not found; models: ${ir.models.map(x => x.name).join(', ')}; diags: ${JSON.stringify(ir.diagnostics.slice(0, 5))}`);
  }
  return m;
}
