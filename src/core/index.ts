// Public API of the pure core: the parser factory, the Analyzer and the IR types.
// Hosts (worker, CLI, tests) import only from here.
export { createPythonParser } from './parse/parser';
export type { PythonParser, WasmBytes } from './parse/parser';
export { Analyzer } from './analyzer';
export type { AnalyzeOptions } from './analyzer';
export { DEFAULT_BUDGETS } from './interp/budgets';
export type { Budgets } from './interp/budgets';
export { blankIPython } from './parse/preprocess';
export * from './ir';
