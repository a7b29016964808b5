// Keras' namespaces: keras, tf.keras, tensorflow.keras and tf_keras paths made canonical;
// keras.layers (catalog classes, merge functions, Input), keras.models, keras.applications
// (read as library source, see library/applications.ts), keras.ops / tf / numpy functions
// (ops.ts), backend settings (image data format, clear_session), plain-object namespaces
// (metrics, losses, optimizers, ...) and `from keras.layers import *`.
// Does not: construct layers (construct.ts) or apply ops to tensors (tensors.ts).
import type { Interp } from '../../interp/context';
import {
  CallSite, freshId, InstanceV, NONE, str, unknown, Value
} from '../../interp/values';
import { KERAS_LAYER_ALIASES, KERAS_LAYER_CATALOG, KERAS_MERGE_FUNCTIONS } from './catalog';
import { KERAS_OPS } from './ops';
import { snakeCase } from './state';
import type { KerasHost } from './host';
import { appFn, libraryHook } from './apps';
import { callLayer } from './calls';
import { constructNative, makeInputLayer } from './construct';
import { applyOp } from './tensors';

type Site = CallSite;

export function pymodAttr(host: KerasHost, I: Interp, rawPath: string, name: string, site: Site): Value {
  host.interp = I;
  const path = canonicalPath(rawPath);
  const full = canonicalPath(`${path}.${name}`);
  if (NAMESPACES.has(full)) {
    return { k: 'pymod', path: full };
  }
  if (path === 'keras' || path === 'keras.models' || path === 'keras.layers') {
    switch (name) {
      case 'Sequential':
        return host.nativeClass('Sequential', 'keras.Sequential');
      case 'Model':
      case 'Functional':
        return host.nativeClass('Model', 'keras.Model');
      case 'Input':
        return inputFn(host);
      case 'Layer':
        return host.nativeClass('Layer', 'keras.layers.Layer');
      case 'InputLayer':
        return host.nativeClass('InputLayer', 'keras.layers.InputLayer');
      default:
        break;
    }
  }
  if (path === 'keras.layers' || path === 'keras.layers.experimental.preprocessing' || path === 'keras.layers.experimental') {
    const merge = KERAS_MERGE_FUNCTIONS.get(name);
    if (merge) {
      return mergeFn(host, merge);
    }
    if (/^[A-Z]/.test(name)) {
      if (!KERAS_LAYER_CATALOG.has(KERAS_LAYER_ALIASES.get(name) ?? name)) {
        I.diag('info', 'unknown-layer', `keras.layers.${name} is not in the catalog: its parameters and output shape are unknown`, site.span);
      }
      return host.layerClass(name);
    }
  }
  if (path === 'keras' && name === 'Variable') {
    return unknown('keras.Variable');
  }
  if (path === 'keras.applications' || path.startsWith('keras.applications.')) {
    // keras.applications is described as Python source (library/applications.ts): read it
    // like a local module. A module it does not have: its constructors are not described.
    if (I.loadUserModule(path) && I.userScope(path)) {
      return I.pymodAttr(path, name, site);
    }
    if (/^[A-Z]/.test(name)) {
      return appFn(host, name);
    }
    if (name === 'preprocess_input' || name === 'decode_predictions') {
      return { k: 'builtin', name, fn: (_a, _kw, s) => unknown(`keras.applications ${name} of a module that is not described`, s.span) };
    }
    return { k: 'pymod', path: `keras.applications.${name}` };
  }
  if (path === 'keras._archlens') {
    const v = libraryHook(host, name);
    if (v) {
      return v;
    }
  }
  if (path === 'keras.utils' && (name === 'plot_model' || name === 'set_random_seed' || name === 'model_to_dot')) {
    return { k: 'builtin', name, fn: () => NONE };
  }
  if ((path === 'keras.backend' || path === 'keras.config') && name === 'set_image_data_format') {
    return { k: 'builtin', name, fn: a => {
      const v = a[0];
      host.dataFormat = v && v.k === 'str' ? v.v.toLowerCase() : null;
      return NONE;
    } };
  }
  if ((path === 'keras.backend' || path === 'keras.config') && name === 'image_data_format') {
    return { k: 'builtin', name, fn: () => (host.dataFormat === null ? unknown('image_data_format') : str(host.dataFormat)) };
  }
  if ((path === 'keras.backend' || path === 'keras.utils') && name === 'clear_session') {
    // Keras forgets its auto-name counters: the next Dense is 'dense' again.
    return { k: 'builtin', name, fn: () => {
      host.counters.clear();
      return NONE;
    } };
  }
  if (path === 'keras.models' && name === 'clone_model') {
    return { k: 'builtin', name, fn: (_a, _k, s) => unknown('keras.models.clone_model is not modelled', s.span) };
  }
  if (NON_LAYER_NAMESPACES.has(path) && !(path === 'keras.random' && KERAS_OPS.has(name))) {
    // Metrics, losses, optimizers, initializers, regularizers, seed generators: objects, never layers.
    return plainObjectFactory(host, `${path}.${name}`, name);
  }
  if (OP_NAMESPACES.has(path)) {
    if (name === 'float32' || name === 'float16' || name === 'int32' || name === 'int64' || name === 'uint8' || name === 'bool' || name === 'float64') {
      return str(name);
    }
    if (name === 'newaxis') {
      return NONE;
    }
    const op = KERAS_OPS.get(name);
    if (op) {
      return opFn(host, name, path);
    }
  }
  return { k: 'pymod', path: full };
}

/** A class or function of a non-layer namespace: calling it gives a plain object (not a layer, not Unknown). */
export function plainObjectFactory(host: KerasHost, full: string, name: string): Value {
  let cls = host.classes.get(`plain:${full}`);
  if (!cls) {
    cls = { k: 'class', name, bases: [], attrs: new Map(), mro: [] };
    cls.mro = [cls];
    host.classes.set(`plain:${full}`, cls);
  }
  if (/^[A-Z]/.test(name)) {
    return cls;
  }
  const c0 = cls;
  return { k: 'builtin', name: full, fn: () => ({ k: 'instance', cls: c0, attrs: new Map(), id: freshId() }) };
}

export function opFn(host: KerasHost, name: string, path: string): Value {
  return {
    k: 'builtin',
    name: `${path}.${name}`,
    fn: (args, kw, site) => {
      const I = host.interp;
      if (!I) {
        return unknown(name);
      }
      // numpy.random.rand(*dims) / np.zeros(shape) make concrete tensors (batches of data).
      return applyOp(host, I, name, args, kw, site);
    }
  };
}

export function inputFn(host: KerasHost): Value {
  return {
    k: 'builtin',
    name: 'keras.Input',
    fn: (args, kwargs, site) => {
      const I = host.interp;
      if (!I) {
        return unknown('keras.Input');
      }
      const n = kwargs.get('name');
      const K = host.newLayer('InputLayer', 'input', undefined, site, n && n.k === 'str' ? n.v : undefined);
      return makeInputLayer(host, I, K, args, kwargs);
    }
  };
}

export function mergeFn(host: KerasHost, layerName: string): Value {
  return {
    k: 'builtin',
    name: snakeCase(layerName),
    fn: (args, kwargs, site) => {
      const I = host.interp;
      if (!I) {
        return unknown(layerName);
      }
      const cls = host.layerClass(layerName);
      const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: site.span };
      const ctorKw = new Map([...kwargs].filter(([k]) => k !== 'inputs'));
      constructNative(host, I, cls, inst, [], ctorKw, site);
      const inputs = args[0] ?? kwargs.get('inputs') ?? NONE;
      return callLayer(host, I, inst, [inputs], new Map(), site);
    }
  };
}

/** Names `from keras.layers import *` (and friends) bring in: only names Keras really exports. */
export function starName(host: KerasHost, I: Interp, rawPath: string, name: string): Value | undefined {
  const path = canonicalPath(rawPath);
  const layerish = path === 'keras.layers' || path === 'keras.layers.experimental.preprocessing';
  if (layerish && (KERAS_LAYER_CATALOG.has(KERAS_LAYER_ALIASES.get(name) ?? name) || KERAS_MERGE_FUNCTIONS.has(name) || name === 'Input' || name === 'Layer' || name === 'InputLayer')) {
    return pymodAttr(host, I, path, name, {});
  }
  if (path === 'keras.models' && (name === 'Sequential' || name === 'Model')) {
    return pymodAttr(host, I, path, name, {});
  }
  if (path === 'keras' && (name === 'Sequential' || name === 'Model' || name === 'Input' || NAMESPACES.has(`keras.${name}`))) {
    return pymodAttr(host, I, path, name, {});
  }
  if (path === 'keras.applications' && I.loadUserModule(path) && I.userScope(path)?.vars.has(name)) {
    return I.pymodAttr(path, name, {});
  }
  return undefined;
}

export const NAMESPACES = new Set([
  'keras', 'keras.layers', 'keras.models', 'keras.applications', 'keras.ops', 'keras.random', 'keras.backend',
  'keras.activations', 'keras.initializers', 'keras.regularizers', 'keras.optimizers', 'keras.losses', 'keras.metrics',
  'keras.callbacks', 'keras.utils', 'keras.datasets', 'keras.preprocessing', 'keras.mixed_precision', 'keras.saving',
  'keras.constraints', 'keras.config', 'keras.optimizers.schedules', 'keras.layers.experimental', 'keras.layers.experimental.preprocessing',
  'keras.ops.numpy', 'keras.ops.nn', 'keras.ops.math', 'keras.ops.core', 'keras.ops.image', 'keras.ops.linalg',
  'tensorflow', 'tensorflow.math', 'tensorflow.nn', 'tensorflow.random', 'tensorflow.linalg', 'tensorflow.data', 'tensorflow.image',
  'tensorflow.compat', 'tensorflow.config', 'tensorflow.io', 'tensorflow.strings', 'tensorflow.signal',
  'numpy', 'numpy.random', 'numpy.linalg'
]);

/** Names of functions that are graph ops / tensor functions in these namespaces. */
export const OP_NAMESPACES = new Set(['keras.ops', 'keras.ops.numpy', 'keras.ops.nn', 'keras.ops.math', 'keras.ops.core', 'keras.ops.image', 'keras.random', 'keras.backend',
  'tensorflow', 'tensorflow.math', 'tensorflow.nn', 'tensorflow.random', 'tensorflow.linalg', 'numpy', 'numpy.random', 'keras.activations']);

/** Namespaces whose objects are never layers (their calls give plain objects). */
export const NON_LAYER_NAMESPACES = new Set(['keras.metrics', 'keras.losses', 'keras.optimizers', 'keras.optimizers.schedules', 'keras.callbacks',
  'keras.initializers', 'keras.regularizers', 'keras.constraints', 'keras.random', 'keras.mixed_precision']);

/** Canonical module path: tf.keras / tensorflow.keras / tensorflow.python.keras / tf_keras -> keras. */
export function canonicalPath(path: string): string {
  for (const p of ['tensorflow.python.keras', 'tensorflow.keras', 'tf_keras', 'keras.src', 'keras.api._v2.keras', 'keras.api']) {
    if (path === p || path.startsWith(p + '.')) {
      return 'keras' + path.slice(p.length);
    }
  }
  if (/^keras\.layers\.(core|convolutional|pooling|recurrent|normalization|merge|advanced_activations|embeddings|wrappers|noise|convolutional_recurrent|preprocessing|attention|activation|reshaping|regularization|rnn)$/.test(path)) {
    return 'keras.layers';
  }
  if (path === 'keras.engine' || path === 'keras.engine.training' || path === 'keras.engine.sequential') {
    return 'keras.models';
  }
  return path;
}
