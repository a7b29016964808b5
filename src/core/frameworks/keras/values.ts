// Small questions about values the Keras host asks: whether a value may hide a layer or holds
// an Unknown, whether it is known all the way down, shapes as Python values and back,
// whether two shapes agree but for the batch dim, an RNN cell's units.
// Does not: know any layer.
import type { Span } from '../../ir';
import { charge } from '../../interp/cost';
import { polyConstValue } from '../../interp/poly';
import { asPoly, Dims, NONE, unknown, Value } from '../../interp/values';
import { D, num } from '../shape';
import type { KLayer } from './state';
import { opaqueReason } from '../../interp/opaque';

/** A value the analyzer cannot see (or holding one): it might be a layer (interp/opaque.ts). */
export function mayHideLayer(v: Value): boolean {
  charge(1); // every element visited counts (shared structure can be exponential)
  return opaqueReason(v) !== null;
}

/** ` (why)` for an unseen value (opaque.ts), for reasons. */
export function opaqueLine(v: Value): string {
  const r = opaqueReason(v);
  return r ? ` (${r})` : '';
}

/** Keyword arguments of layer calls that take tensors (parts of the graph). */
export const TENSOR_KWARGS = new Set(['initial_state', 'mask', 'attention_mask', 'query_mask', 'value_mask', 'key_mask', 'constants', 'key', 'value', 'query', 'inputs', 'x']);

/** Libraries (import roots) whose code never creates Keras layers: running it changes no auto name. */
export const NO_KERAS_LAYERS = new Set([
  'numpy', 'pandas', 'matplotlib', 'seaborn', 'plotly', 'sklearn', 'scipy', 'os', 'sys', 'json', 're', 'math', 'random', 'time',
  'datetime', 'pathlib', 'collections', 'itertools', 'functools', 'typing', 'dataclasses', 'pickle', 'csv', 'glob', 'shutil',
  'tqdm', 'PIL', 'cv2', 'IPython', 'warnings', 'logging', 'argparse', 'copy', 'string', 'io', 'zipfile', 'tarfile', 'requests',
  'urllib', 'h5py', 'wandb', 'mlflow', 'tensorboard', 'torch', 'torchvision', 'torchaudio', 'torchtext', 'pprint', 'print',
  'display', 'len', 'str', 'repr', 'isinstance', 'imageio', 'skimage', 'nltk', 'spacy', 'gzip', 'struct', 'hashlib', 'uuid',
  'subprocess', 'platform', 'gc', 'psutil', 'multiprocessing', 'threading', 'joblib', 'yaml', 'toml', 'configparser'
]);

/** An Unknown or unseen (opaque.ts) value at the top of an argument or inside its list/tuple/dict. */
export function hasUnknownLeaf(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown' || opaqueReason(v) !== null) {
    return true;
  }
  if (depth > 4) {
    return false;
  }
  if (v.k === 'list' || v.k === 'tuple') {
    return v.items.some(x => hasUnknownLeaf(x, depth + 1));
  }
  if (v.k === 'dict') {
    return [...v.map.values()].some(([, x]) => hasUnknownLeaf(x, depth + 1));
  }
  return false;
}

/** Where the unknown leaves of values were made (a failed layer call's site, ...), each place once. */
export function unknownLeafSpans(vs: Value[]): Span[] {
  const out: Span[] = [];
  const walk = (v: Value, depth: number): void => {
    if (v.k === 'unknown') {
      if (v.span && !out.includes(v.span)) {
        out.push(v.span);
      }
    } else if (depth <= 4 && (v.k === 'list' || v.k === 'tuple')) {
      v.items.forEach(x => walk(x, depth + 1));
    } else if (depth <= 4 && v.k === 'dict') {
      [...v.map.values()].forEach(([, x]) => walk(x, depth + 1));
    }
  };
  vs.forEach(v => walk(v, 0));
  return out;
}

/** A value known statically all the way down (tuples and lists of known values). */
export function knownValue(v: Value, depth = 0): boolean {
  charge(1);
  if (v.k === 'unknown' || v.k === 'sym' || depth > 4) {
    return false;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.every(x => knownValue(x, depth + 1));
  }
  return true;
}

/** A Python shape value ((None, 28, 28), [784], 10) as dims; null when not a shape. */
export function shapeFromValue(v: Value): Dims {
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.map(x => (x.k === 'none' ? null : asPoly(x)));
  }
  if (v.k === 'unknown') {
    // A named value not known statically may be a tuple as well as a number: rank unknown.
    return null;
  }
  const d = asPoly(v);
  return d ? [d] : null;
}

export function shapeToValue(s: Dims): Value {
  if (!s) {
    return unknown('shape not known statically');
  }
  return {
    k: 'tuple',
    items: s.map(d => {
      if (d === null) {
        return NONE;
      }
      const v = polyConstValue(d);
      return v !== null ? ({ k: 'int', v } as Value) : ({ k: 'sym', p: d } as Value);
    })
  };
}

export function sameNonBatch(a: Dims, b: Dims): boolean {
  if (!a || !b || a.length !== b.length) {
    return false;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null && y === null) {
      continue;
    }
    if (x === null || y === null || num(x) === null || num(x) !== num(y)) {
      return false;
    }
  }
  return true;
}

export function cellUnits(L: KLayer): D {
  return asPoly(L.args.get('units') ?? NONE);
}
