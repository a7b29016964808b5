// The IR as JSON, the stable machine-readable output: `archlens extract --format json`, the
// panel's JSON download and every line of `archlens scan` carry `schema_version` first.
// The keys are a public API, described by docs/schema/ir.schema.json (see docs/schema/README.md
// for what a version change means); a test validates every fixture's output against it.
// Does not: change or drop any field of the IR (stats included), or pretty-print scan lines.
import type { ArchitectureIR, ModelIR } from '../ir';

/**
 * Version of the JSON keys. MAJOR.MINOR: MINOR grows when fields are added (old readers keep
 * working), MAJOR when a field is removed, renamed or changes meaning.
 */
export const SCHEMA_VERSION = '1.4';

/** `extract --format json`: the whole IR, schema_version first. */
export function irToJson(ir: ArchitectureIR, indent = 2): string {
  return JSON.stringify({ schema_version: SCHEMA_VERSION, ...ir }, null, indent) + '\n';
}

/** One model as a document of its own (the panel's "JSON IR" download). */
export function modelToJson(model: ModelIR, indent = 2): string {
  return JSON.stringify({ schema_version: SCHEMA_VERSION, ...model }, null, indent) + '\n';
}
