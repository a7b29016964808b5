// Soundness fuzzer, part 2: compares what the core reports for one model with the executed
// truth (PyTorch: fixtures/torch/expected.json rows; Keras: fixtures/keras/expected.json rows).
// Every reported number and shape is one check: 'exact' (equals the truth), 'unknown' (null or
// symbolic: no claim) or 'wrong' (a claim that differs). Stricter than the fixture tests'
// judges: a known dimension that differs is wrong even when another dimension is unknown.
// Does not: decide which models to compare (run.ts) or read files.
import type { Dim, LayerInfo, ModelIR } from '../../src/core/ir';

export type Outcome = 'exact' | 'unknown' | 'wrong';

export interface Check {
  /** `total`, `trainable`, `buffers`, `output`, `layer <id> params` ... */
  what: string;
  outcome: Outcome;
  detail: string;
}

export interface TorchTruthLayer {
  id: string;
  type: string;
  params: number;
  trainable?: number;
  output_shape?: unknown;
}
export interface TorchTruth {
  name: string;
  class: string;
  total: number;
  trainable: number;
  buffers: number;
  output_shape?: unknown;
  layers: TorchTruthLayer[];
}

export interface KerasTruthLayer {
  name: string;
  class: string;
  output_shape: unknown;
  params: number;
}
export interface KerasTruth {
  name: string;
  aliases?: string[];
  total: number | null;
  trainable: number;
  non_trainable: number;
  output_shape: unknown;
  layer_batch_dim_from_build?: boolean;
  layers: KerasTruthLayer[];
}

export type Truth = { framework: 'pytorch'; model: TorchTruth } | { framework: 'keras'; model: KerasTruth };

export function truthNames(t: Truth): string[] {
  return t.framework === 'keras' ? [t.model.name, ...(t.model.aliases ?? [])] : [t.model.name];
}

const isSymbolic = (d: unknown): boolean => typeof d === 'object' && d !== null && !Array.isArray(d) && 'expr' in d;

function num(what: string, got: Dim | undefined, exp: number | null): Check {
  const detail = `${JSON.stringify(got)} vs ${JSON.stringify(exp)}`;
  if (exp === null) {
    // Truth has no number (an unbuilt Keras model): any number is a wrong claim.
    return { what, outcome: typeof got === 'number' ? 'wrong' : 'exact', detail };
  }
  if (got === null || got === undefined || isSymbolic(got)) {
    return { what, outcome: 'unknown', detail };
  }
  return { what, outcome: got === exp ? 'exact' : 'wrong', detail };
}

/** A flat shape: a list of dimensions (numbers, null, symbolic). */
function isShape(v: unknown): boolean {
  return Array.isArray(v) && v.every(d => d === null || typeof d === 'number' || isSymbolic(d));
}

/**
 * Compares a reported shape (or nested list of shapes) with the truth's. `skipBatch` ignores
 * dimension 0 (Keras rows whose batch size came from build()). A null truth dimension (Keras'
 * None batch) is not contradicted by a number (the judge of the fixture tests agrees).
 */
export function cmpShape(got: unknown, exp: unknown, skipBatch = false): Outcome {
  if (got === null || got === undefined) {
    return 'unknown';
  }
  if (isShape(exp)) {
    const e = exp as Array<number | null>;
    if (!Array.isArray(got)) {
      return 'wrong';
    }
    if (!isShape(got)) {
      return 'wrong';
    }
    const g = got as unknown[];
    if (g.length !== e.length) {
      return 'wrong';
    }
    let r: Outcome = 'exact';
    for (let i = 0; i < e.length; i++) {
      if (skipBatch && i === 0) {
        continue;
      }
      const gd = g[i];
      if (e[i] === null || gd === null || isSymbolic(gd)) {
        r = 'unknown';
        continue;
      }
      if (gd !== e[i]) {
        return 'wrong';
      }
    }
    return r;
  }
  if (!Array.isArray(exp) || !Array.isArray(got)) {
    return 'wrong';
  }
  if (isShape(got) && got.length > 0) {
    // A flat shape where the truth is a tuple of outputs: unknown only if nothing is claimed.
    return got.every(d => d === null) ? 'unknown' : 'wrong';
  }
  if (got.length !== exp.length) {
    return 'wrong';
  }
  let r: Outcome = 'exact';
  for (let i = 0; i < exp.length; i++) {
    const c = exp[i] === null ? (got[i] === null ? 'exact' : 'unknown') : cmpShape(got[i], exp[i], skipBatch);
    if (c === 'wrong') {
      return 'wrong';
    }
    if (c === 'unknown') {
      r = 'unknown';
    }
  }
  return r;
}

function shapeCheck(what: string, got: unknown, exp: unknown, skipBatch = false): Check {
  return { what, outcome: cmpShape(got, exp, skipBatch), detail: `${JSON.stringify(got)} vs ${JSON.stringify(exp)}` };
}

function rowShape(r: LayerInfo | ModelIR): unknown {
  return r.outputTree ?? r.outputShape;
}

/** All checks of one reported PyTorch model against its truth. */
export function judgeTorch(m: ModelIR, t: TorchTruth): Check[] {
  const out: Check[] = [
    num('total', m.params.total, t.total),
    num('trainable', m.params.trainable, t.trainable),
    num('buffers', m.params.buffers, t.buffers)
  ];
  if (t.output_shape !== null && t.output_shape !== undefined) {
    out.push(shapeCheck('output', rowShape(m), t.output_shape));
  }
  const rows = new Map(m.layers.map(l => [l.id, l]));
  for (const l of t.layers) {
    const row = rows.get(l.id);
    if (!row) {
      out.push({ what: `layer ${l.id}`, outcome: 'unknown', detail: 'row not reported' });
      continue;
    }
    out.push(num(`layer ${l.id} params`, row.params, l.params));
    if (typeof l.trainable === 'number') {
      out.push(num(`layer ${l.id} trainable`, row.trainableParams, l.trainable));
    }
    if (l.output_shape !== null && l.output_shape !== undefined) {
      out.push(shapeCheck(`layer ${l.id} output`, rowShape(row), l.output_shape));
    }
  }
  return out;
}

/** All checks of one reported Keras model against its truth (rows by position, as summary()). */
export function judgeKeras(m: ModelIR, t: KerasTruth): Check[] {
  const out: Check[] = [
    num('total', m.params.total, t.total),
    num('trainable', m.params.trainable, t.trainable),
    num('non_trainable', m.params.nonTrainable, t.non_trainable)
  ];
  if (t.output_shape === null || t.output_shape === undefined) {
    const claimed = m.outputShape !== null && m.outputShape !== undefined;
    out.push({ what: 'output', outcome: claimed ? 'unknown' : 'exact', detail: `${JSON.stringify(m.outputShape)} vs null` });
  } else {
    out.push(shapeCheck('output', m.outputShape, t.output_shape));
  }
  const rows = m.layers.filter(l => l.depth === 1);
  const uncertain = (name: string): boolean => m.diagnostics.some(d => d.code === 'uncertain-name' && d.message.startsWith(`${name}:`));
  const pairs: Array<[LayerInfo, KerasTruthLayer, number]> = [];
  // The analyzer says the rows are only the layers it knows (their order is not a claim).
  const partial = m.diagnostics.some(d => d.code === 'rows-incomplete');
  if (rows.length === t.layers.length && !partial) {
    // The same number of rows: paired by position, as summary() lists them.
    t.layers.forEach((el, i) => {
      const r = rows[i];
      if (r.name !== el.name || r.type !== el.class) {
        // A name the analyzer flagged as uncertain is not a claim.
        out.push({ what: `row ${i}`, outcome: uncertain(r.name) ? 'unknown' : 'wrong', detail: `${r.name}:${r.type} vs ${el.name}:${el.class}` });
      } else {
        pairs.push([r, el, i]);
      }
    });
  } else {
    // Rows missing or extra: only names the analyzer is sure of can be paired.
    out.push({ what: 'rows', outcome: 'unknown', detail: `${rows.length} rows vs ${t.layers.length}` });
    for (const r of rows) {
      const i = t.layers.findIndex(el => el.name === r.name);
      if (i < 0 || uncertain(r.name)) {
        continue;
      }
      if (r.type !== t.layers[i].class) {
        out.push({ what: `row ${r.name}`, outcome: 'wrong', detail: `${r.name}:${r.type} vs ${t.layers[i].name}:${t.layers[i].class}` });
      } else {
        pairs.push([r, t.layers[i], i]);
      }
    }
  }
  for (const [r, el] of pairs) {
    out.push(num(`row ${el.name} params`, r.params, el.params));
    if (el.output_shape !== null && el.output_shape !== undefined) {
      out.push(shapeCheck(`row ${el.name} output`, r.outputShape, el.output_shape, t.layer_batch_dim_from_build === true));
    }
  }
  return out;
}

export function judgeModel(m: ModelIR, t: Truth): Check[] {
  return t.framework === 'keras' ? judgeKeras(m, t.model) : judgeTorch(m, t.model);
}
