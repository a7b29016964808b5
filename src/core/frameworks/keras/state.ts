// The Keras object model the host keeps beside the interpreter's values: one KLayer per layer,
// model or graph operation (name, weights, trainable flag, inbound nodes), KerasTensor
// history (which node produced a symbolic tensor), weight collection the way Keras lists
// `weights` / `trainable_weights` (recursive, each variable once), and Keras' auto names.
// Does not: evaluate Python or compute shapes (host.ts, rules.ts).
import type { Span } from '../../ir';
import { Poly, polyAdd, polyConst, polyMul } from '../../interp/poly';
import type { Dims, InstanceV, TensorV, Value } from '../../interp/values';
import type { KerasLayerEntry } from './catalog';

export interface KWeight {
  id: number;
  name: string;
  shape: Dims;
  /** Whether the variable was made trainable (False for BatchNormalization moving statistics). */
  trainable: boolean;
  /** Set by `variable.trainable = x` (Keras 3); a later `layer.trainable = y` resets it for
   * variables made trainable. null: set to a value not known statically. */
  override?: boolean | null;
  tensor?: TensorV;
}

export interface KNode {
  op: KLayer;
  inputs: TensorV[];
  outputs: TensorV[];
  /** Structure of the call's result (a tensor, a list of tensors, ...). */
  result?: Value;
  isInput?: boolean;
  /** The input tensors the layer's shapes come from (without states / masks). */
  primary?: TensorV[];
}

type KKind = 'layer' | 'input' | 'op' | 'sequential' | 'functional' | 'subclassed' | 'app';

export interface KLayer {
  uid: number;
  inst?: InstanceV;
  /** Class name as summary() prints it ('Dense', 'Functional', 'Sequential', user class). */
  cls: string;
  name: string;
  kind: KKind;
  entry?: KerasLayerEntry;
  args: Map<string, Value>;
  built: boolean;
  weights: KWeight[];
  /** Sub-layers a catalog composite owns (Bidirectional's two RNNs, TimeDistributed's layer). */
  sub: KLayer[];
  trainable: boolean;
  /** Set when `trainable` was assigned a value not known statically, or per-layer state of an opaque model was touched. */
  trainableUnknown?: string;
  nodes: KNode[];
  /** Reasons the weights are not exactly known. */
  unknown: string[];
  /** Attributes set to values we could not follow (they may hold layers), by attribute name. */
  unknownAttrs?: Map<string, string>;
  /** Output shape of the last call that made no graph node (eager / inside a subclassed call). */
  lastShape?: Dims | Dims[] | null;
  /** The input shape the layer was first built on (the InputSpec axes build() fixes come from it). */
  specShape?: Dims;
  /** Where the values a functional model was made of stopped being known (a call that fails, ...). */
  unknownAt?: Span[];
  /** The loss compile() was given, by name (when a string). */
  loss?: string;
  /** Errors already reported for this layer (a Sequential rebuilt on every add calls it again). */
  reported?: Set<string>;
  /** What raises only when the model runs on data (a symbolic call of it does not): reported then. */
  runProblems?: Array<{ message: string; span?: Span }>;
  /** Legacy `input_shape=` / `input_dim=` argument (without batch). */
  inputShapeArg?: Dims;
  span?: Span;
  // sequential
  layers?: KLayer[];
  seqFunctional?: boolean;
  /** Set when it was called on inputs not all known statically (layers feeding it may be missing). */
  fedUnknown?: string;
  /** Index in `layers` where a layer not known statically was added: shapes stop there. */
  seqGap?: number;
  // functional
  inputs?: TensorV[];
  outputs?: TensorV[];
  inputsV?: Value;
  outputsV?: Value;
  ops?: KLayer[];
  /** The graph walks through an opaque model's internals (an application's output tensor). */
  opaque?: string;
  // input layer
  batchShape?: Dims;
  tensor?: TensorV;
  /** model.build() ran on a subclassed model without its own build(): Keras leaves its layers unbuilt. */
  builtWithoutBuild?: boolean;
  /** The layer was called or build() was asked for (so "unbuilt" may be our limitation). */
  callAttempted?: boolean;
  /** Ops are graph-only operations (keras.ops on symbolic tensors). */
  isOp?: boolean;
}

export interface KTensorInfo {
  symbolic: boolean;
  /** Keras mask attached to a symbolic tensor (Masking layer). */
  mask?: TensorV;
  node?: KNode;
  index?: number;
}

/** Keras' to_snake_case. */
export function snakeCase(name: string): string {
  let s = name.replace(/\W+/g, '');
  s = s.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  s = s.replace(/([a-z])([A-Z])/g, '$1_$2');
  return s.toLowerCase();
}

/** Layers a layer tracks (Keras' _flatten_layers, one level). */
export function childLayers(K: KLayer, tracked: (K: KLayer) => KLayer[]): KLayer[] {
  switch (K.kind) {
    case 'sequential':
      return K.layers ?? [];
    case 'functional':
      return [...(K.ops ?? []).filter(o => !o.isOp), ...tracked(K)];
    default:
      return [...K.sub, ...tracked(K)];
  }
}

/** Whether a layer gets weights when built (a Dense, a nested model), unlike Input or Lambda. */
export function mayHaveWeights(L: KLayer): boolean {
  return L.entry ? L.entry.weights !== undefined || (L.entry.special !== undefined && L.entry.special !== 'input' && L.entry.special !== 'lambda') : L.kind !== 'input' && !L.isOp;
}

interface WeightSets {
  all: KWeight[];
  trainable: KWeight[];
  /** Some layer's trainable flag is not known statically. */
  trainableUnknown: string | null;
}

/** layer.weights and layer.trainable_weights, each variable once. */
export function collectWeights(K: KLayer, tracked: (K: KLayer) => KLayer[]): WeightSets {
  const all: KWeight[] = [];
  const trainable: KWeight[] = [];
  const seenAll = new Set<number>();
  const seenTr = new Set<number>();
  let trainableUnknown: string | null = null;
  const visiting = new Set<KLayer>();
  const visit = (L: KLayer, frozen: boolean): void => {
    if (visiting.has(L)) {
      return;
    }
    visiting.add(L);
    if (L.trainableUnknown && !trainableUnknown) {
      trainableUnknown = L.trainableUnknown;
    }
    // Keras 3: a variable is trainable when its layer's own flag is (the trainable setter sets
    // the flag of a layer and of every layer below it, so the last setting wins), and a model
    // whose own flag is off has no trainable weights at all (`frozen` is only set at the root).
    for (const w of L.weights) {
      if (!seenAll.has(w.id)) {
        seenAll.add(w.id);
        all.push(w);
      }
      if (w.override === null && !trainableUnknown) {
        trainableUnknown = `${L.name}.${w.name}.trainable is set to a value not known statically`;
      }
      const on = w.override ?? (w.trainable && L.trainable);
      if (!frozen && on && !seenTr.has(w.id)) {
        seenTr.add(w.id);
        trainable.push(w);
      }
    }
    for (const ch of childLayers(L, tracked)) {
      visit(ch, frozen);
    }
    visiting.delete(L);
  };
  visit(K, !K.trainable);
  return { all, trainable, trainableUnknown };
}

/** Sum of weight sizes: a polynomial, or null when a shape is unknown. */
export function countWeights(ws: KWeight[]): Poly | null {
  let total: Poly = polyConst(0n);
  for (const w of ws) {
    if (!w.shape) {
      return null;
    }
    let p: Poly = polyConst(1n);
    for (const d of w.shape) {
      if (!d) {
        return null;
      }
      p = polyMul(p, d);
    }
    total = polyAdd(total, p);
  }
  return total;
}
