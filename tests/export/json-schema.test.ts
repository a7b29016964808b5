// The published JSON schema (docs/schema) and the JSON exporters agree: schema_version comes
// first and equals the schema's version, the example notebooks' IR and single-model documents
// validate, and the schema is strict enough to catch an accidental new, missing or mistyped
// key anywhere in a model. (Every fixture's extract JSON and scan line is validated by
// tests/cli/scan.test.ts.)
import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { irToJson, modelToJson, SCHEMA_VERSION } from '../../src/core/export/json';
import { Analyzer } from '../../src/core/analyzer';
import { readDocument } from '../../src/core/notebook';
import type { ArchitectureIR } from '../../src/core/ir';
import { getParser } from '../helpers/parser';

const ROOT = path.join(__dirname, '..', '..');
const irSchema = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'schema', 'ir.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(irSchema);
const validIr = ajv.getSchema(irSchema.$id)!;
const validModelDocument = ajv.getSchema(`${irSchema.$id}#/$defs/modelDocument`)!;

const EXAMPLES = ['cifar_resnet.ipynb', 'gpt_mini.ipynb', 'keras_two_inputs.ipynb'];
const irs = new Map<string, ArchitectureIR>();

beforeAll(async () => {
  const parser = await getParser();
  for (const name of EXAMPLES) {
    const file = path.join(ROOT, 'examples', name);
    irs.set(name, new Analyzer(parser).analyze(readDocument(file, readFileSync(file, 'utf8')).cells));
  }
});

function errors(validate: typeof validIr, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

test('schema_version comes first and is the version the schema describes', () => {
  expect(irSchema.$defs.schemaVersion.const).toBe(SCHEMA_VERSION);
  const json = irToJson(irs.get('cifar_resnet.ipynb')!);
  expect(json.startsWith(`{\n  "schema_version": "${SCHEMA_VERSION}",\n  "models": [`)).toBe(true);
  const model = modelToJson(irs.get('cifar_resnet.ipynb')!.models[0]);
  expect(model.startsWith(`{\n  "schema_version": "${SCHEMA_VERSION}",\n  "name": "model",`)).toBe(true);
});

test('the examples validate: whole IR and each model as a document of its own', () => {
  for (const [name, ir] of irs) {
    expect({ name, errors: errors(validIr, JSON.parse(irToJson(ir))) }).toEqual({ name, errors: [] });
    for (const m of ir.models) {
      expect({ name, model: m.name, errors: errors(validModelDocument, JSON.parse(modelToJson(m))) }).toEqual({ name, model: m.name, errors: [] });
    }
  }
});

test('the schema is strict: new, missing or mistyped keys are errors', () => {
  const base = JSON.parse(irToJson(irs.get('gpt_mini.ipynb')!));
  const mutations: Array<[string, (ir: any) => void]> = [
    ['a new top-level key', ir => (ir.version = 2)],
    ['a new model key', ir => (ir.models[0].nickname = 'm')],
    ['rebound other than true', ir => (ir.models[0].rebound = false)],
    ['a new layer key', ir => (ir.models[0].layers[1].fold = 'x3')],
    ['a new graph key', ir => (ir.models[0].graph.clusters = [])],
    ['a new graph node key', ir => (ir.models[0].graph.nodes[0].owner = 'g')],
    ['a fold of one block', ir => (ir.models[0].graph.folds = [{ ids: ['h.0'], type: 'Block' }])],
    ['a new fold key', ir => (ir.models[0].graph.folds = [{ ids: ['h.0', 'h.1'], type: 'Block', n: 2 }])],
    ['a new params key', ir => (ir.models[0].params.memory = 1)],
    ['a new diagnostic key', ir => ir.models[0].diagnostics.push({ severity: 'info', code: 'x', message: 'y', hint: 'z' })],
    ['a new span key', ir => (ir.models[0].span.offset = 3)],
    ['a missing total', ir => delete ir.models[0].params.total],
    ['a fractional count', ir => (ir.models[0].params.total = 1.5)],
    ['a count as a string', ir => (ir.models[0].layers[1].params = '12')],
    ['an unknown category', ir => (ir.models[0].layers[1].category = 'magic')],
    ['an unknown severity', ir => ir.diagnostics.push({ severity: 'fatal', code: 'x', message: 'y' })],
    ['another schema version', ir => (ir.schema_version = '2.0')]
  ];
  expect(errors(validIr, base)).toEqual([]);
  for (const [what, mutate] of mutations) {
    const ir = structuredClone(base);
    mutate(ir);
    expect({ what, valid: validIr(ir) }).toEqual({ what, valid: false });
  }
});

test('a rebound model validates (schema 1.3 on)', async () => {
  const src = 'import torch.nn as nn\nmodel = nn.Linear(2, 3)\nmodel = nn.Linear(3, 4)\n';
  const ir = new Analyzer(await getParser()).analyze([{ id: 'a', kind: 'code', source: src }]);
  expect(ir.models.map(m => m.rebound ?? false)).toEqual([true, false]);
  expect(errors(validIr, JSON.parse(irToJson(ir)))).toEqual([]);
  expect(errors(validModelDocument, JSON.parse(modelToJson(ir.models[0])))).toEqual([]);
});
