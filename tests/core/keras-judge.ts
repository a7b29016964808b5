// Shared by the keras fixture tests: compares an analysed ModelIR with what real Keras
// reported (expected.json format). "exact" = everything matches; "null" = something is
// reported unknown (or a row is missing) but nothing reported differs; "wrong" = a reported
// number, shape or layer name differs from Keras.
import type { Dim, ModelIR, Shape } from '../../src/core/ir';

export interface ExpLayer {
  name: string;
  class: string;
  output_shape: unknown;
  params: number;
  trainable: boolean;
  non_trainable_params?: number;
  built?: boolean;
}
export interface ExpModel {
  name: string;
  aliases?: string[];
  kind: string;
  total: number | null;
  trainable: number;
  non_trainable: number;
  output_shape: unknown;
  layer_batch_dim_from_build?: boolean;
  layers: ExpLayer[];
}
export interface ExpCase {
  file: string;
  models: ExpModel[];
}
export interface NonStatic {
  file: string;
  model: string;
  expect: 'null' | 'symbolic';
}

export type Verdict = { status: 'exact' | 'null' | 'wrong'; notes: string[] };

function cmpDim(got: Dim | undefined, exp: unknown): 'same' | 'null' | 'wrong' {
  if (exp === null) {
    return got === null ? 'same' : 'null';
  }
  if (got === null || got === undefined) {
    return 'null';
  }
  return typeof got === 'number' && got === exp ? 'same' : 'wrong';
}

function isShapeList(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && Array.isArray(v[0]);
}

/** Compares an output shape (or list of shapes); skipBatch ignores dim 0. */
function cmpShape(got: Shape | Shape[] | undefined, exp: unknown, skipBatch = false): 'same' | 'null' | 'wrong' {
  if (exp === null) {
    return got === null || got === undefined ? 'same' : 'null';
  }
  if (got === null || got === undefined) {
    return 'null';
  }
  if (isShapeList(exp)) {
    const e = exp as unknown[][];
    const gl = got as unknown[];
    if (gl.length !== e.length || gl.some(x => x !== null && !Array.isArray(x))) {
      return gl.every(d => d === null) ? 'null' : 'wrong';
    }
    const parts = e.map((s, i) => cmpShape((got as Shape[])[i], s, skipBatch));
    return parts.includes('wrong') ? 'wrong' : parts.includes('null') ? 'null' : 'same';
  }
  if (isShapeList(got)) {
    return 'wrong';
  }
  const g = got as Dim[];
  const e = exp as unknown[];
  if (g.length !== e.length) {
    return 'wrong';
  }
  let r: 'same' | 'null' | 'wrong' = 'same';
  e.forEach((d, i) => {
    if (skipBatch && i === 0) {
      return;
    }
    const c = cmpDim(g[i], d);
    if (c === 'wrong') {
      r = 'wrong';
    } else if (c === 'null' && r === 'same') {
      r = 'null';
    }
  });
  return r;
}

function cmpNum(got: number | null | undefined, exp: number | null): 'same' | 'null' | 'wrong' {
  if (exp === null) {
    return got === null || got === undefined ? 'same' : 'wrong';
  }
  if (got === null || got === undefined) {
    return 'null';
  }
  return got === exp ? 'same' : 'wrong';
}

export function judge(m: ModelIR | undefined, e: ExpModel): Verdict {
  const notes: string[] = [];
  if (!m) {
    return { status: 'null', notes: ['model not found'] };
  }
  let status: Verdict['status'] = 'exact';
  const mark = (what: string, c: 'same' | 'null' | 'wrong', detail: string): void => {
    if (c === 'same') {
      return;
    }
    notes.push(`${c}: ${what} ${detail}`);
    if (c === 'wrong') {
      status = 'wrong';
    } else if (status === 'exact') {
      status = 'null';
    }
  };
  mark('total', cmpNum(m.params.total, e.total), `${m.params.total} vs ${e.total}`);
  mark('trainable', cmpNum(m.params.trainable, e.trainable), `${m.params.trainable} vs ${e.trainable}`);
  mark('non_trainable', cmpNum(m.params.nonTrainable, e.non_trainable), `${m.params.nonTrainable} vs ${e.non_trainable}`);
  mark('output_shape', cmpShape(m.outputShape, e.output_shape), `${JSON.stringify(m.outputShape)} vs ${JSON.stringify(e.output_shape)}`);
  const rows = m.layers.filter(l => l.depth === 1);
  if (rows.length !== e.layers.length) {
    mark('rows', 'null', `${rows.length} rows vs ${e.layers.length}`);
  }
  e.layers.forEach((el, i) => {
    const r = rows[i];
    if (!r) {
      return;
    }
    if (r.name !== el.name || r.type !== el.class) {
      // A name the analyzer flagged as uncertain is not a wrong statement.
      const flagged = m.diagnostics.some(d => d.code === 'uncertain-name' && d.message.startsWith(`${r.name}:`));
      mark(`row ${i}`, rows.length === e.layers.length && !flagged ? 'wrong' : 'null', `${r.name}:${r.type} vs ${el.name}:${el.class}`);
      return;
    }
    mark(`row ${el.name} params`, cmpNum(typeof r.params === 'number' || r.params === null ? r.params : null, el.params), `${JSON.stringify(r.params)} vs ${el.params}`);
    mark(`row ${el.name} shape`, cmpShape(r.outputShape, el.output_shape, e.layer_batch_dim_from_build === true),
      `${JSON.stringify(r.outputShape)} vs ${JSON.stringify(el.output_shape)}`);
  });
  return { status, notes };
}

