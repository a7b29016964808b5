// keras.applications: the helpers the library source imports from `keras._archlens` (app,
// refuse, unknown, note, undescribed, source_inputs, known, data_format, preprocess), the
// application constructors it describes (run as Python, checked for the arguments Keras
// refuses) and those it does not (listed with unknown totals), and preprocess_input's ops.
// Does not: describe any architecture (library/keras/applications/*.py does).
import type { Interp } from '../../interp/context';
import {
  CallSite, Dims, freshId, InstanceV, NONE, str, TensorV, unknown, Value
} from '../../interp/values';
import { c } from '../shape';
import { KLayer, KNode } from './state';
import type { KerasHost } from './host';
import { makeInputLayer } from './construct';
import { applyOp, tensorIndex } from './tensors';
import { knownValue, shapeToValue } from './values';

type Site = CallSite;

/**
 * Helpers the keras.applications library source imports from `keras._archlens`:
 * app(ctor, fn) wraps a Python builder as the public constructor (the user's call site is
 * kept for diagnostics), refuse(msg) reports what Keras would raise, unknown(reason) gives
 * up (null with the reason), note(msg) adds an info note, undescribed(ctor) is a constructor
 * that is listed with unknown totals,
 * preprocess(mode) / decode_predictions are the imagenet_utils functions.
 */
export function libraryHook(host: KerasHost, name: string): Value | null {
  switch (name) {
    case 'app':
      return { k: 'builtin', name, fn: (a) => {
        const ctorV = a[0];
        const fn = a[1];
        const ctor = ctorV && ctorV.k === 'str' ? ctorV.v : '?';
        return { k: 'builtin', name: `keras.applications.${ctor}`, fn: (args, kwargs, site) => callLibraryApp(host, ctor, fn ?? NONE, args, kwargs, site) };
      } };
    case 'undescribed':
      return { k: 'builtin', name, fn: (a) => {
        const ctorV = a[0];
        return ctorV && ctorV.k === 'str' ? appFn(host, ctorV.v) : unknown('undescribed');
      } };
    case 'refuse':
      return { k: 'builtin', name, fn: (a) => {
        const call = host.appCalls[host.appCalls.length - 1];
        const msg = a[0];
        if (call && host.interp) {
          call.refused = true;
          host.interp.diag('error', 'bad-argument', `keras.applications.${call.ctor}: ${msg && msg.k === 'str' ? msg.v : 'invalid arguments'}`, call.site.span);
        }
        return NONE;
      } };
    case 'unknown':
      return { k: 'builtin', name, fn: (a) => {
        const call = host.appCalls[host.appCalls.length - 1];
        const msg = a[0];
        if (call) {
          call.unknownReason = call.unknownReason ?? (msg && msg.k === 'str' ? msg.v : 'not described');
        }
        return NONE;
      } };
    case 'source_inputs':
      // operation_utils.get_source_inputs: the Input tensors a symbolic tensor comes from.
      return { k: 'builtin', name, fn: (a, _kw, site) => {
        const t = a[0];
        if (!t || t.k !== 'tensor' || !host.isSymbolic(t)) {
          return unknown('input_tensor is not a symbolic Keras tensor', site.span);
        }
        const found: TensorV[] = [];
        const seen = new Set<TensorV>();
        const stack: TensorV[] = [t];
        while (stack.length > 0) {
          const x = stack.pop() as TensorV;
          if (seen.has(x)) {
            continue;
          }
          seen.add(x);
          const node = host.tinfo.get(x)?.node;
          if (!node || node.isInput || node.op.kind === 'input' || node.inputs.length === 0) {
            found.push(x);
            continue;
          }
          for (let i = node.inputs.length - 1; i >= 0; i--) {
            stack.push(node.inputs[i]);
          }
        }
        return found.length === 1 ? found[0] : { k: 'list', items: found };
      } };
    case 'note':
      return { k: 'builtin', name, fn: (a) => {
        const call = host.appCalls[host.appCalls.length - 1];
        const msg = a[0];
        if (call && host.interp && msg && msg.k === 'str') {
          host.interp.diag('info', 'application-note', `keras.applications.${call.ctor}: ${msg.v}`, call.site.span);
        }
        return NONE;
      } };
    case 'known':
      // True when every argument is known statically (None included; no Unknown, no symbol).
      return { k: 'builtin', name, fn: (a) => ({ k: 'bool', v: a.every(v => knownValue(v)) }) };
    case 'data_format':
      return { k: 'builtin', name, fn: () => str(host.dataFormat ?? 'channels_last') };
    case 'preprocess':
      return { k: 'builtin', name, fn: (a) => {
        const m = a[0];
        const mode = m && m.k === 'str' ? m.v : undefined;
        return { k: 'builtin', name: 'preprocess_input', fn: (args, kw, site) => preprocessInput(host, mode, args[0] ?? kw.get('x') ?? NONE, site) };
      } };
    case 'decode_predictions':
      return { k: 'builtin', name, fn: (_a, _kw, s) => unknown('decode_predictions', s.span) };
    default:
      return null;
  }
}

/** A keras.applications constructor described as Python: runs the builder, else the table. */
export function callLibraryApp(host: KerasHost, ctor: string, fn: Value, args: Value[], kwargs: Map<string, Value>, site: Site): Value {
  const I = host.interp;
  if (!I) {
    return unknown(ctor);
  }
  if (fn.k === 'func') {
    // Keras' constructors take no **kwargs: an unknown keyword or too many arguments raise TypeError.
    const names = new Set(fn.params.filter(p => p.kind !== 'varargs' && p.kind !== 'varkw').map(p => p.name));
    const bad = [...kwargs.keys()].filter(k => !names.has(k));
    if (bad.length > 0 || args.length > names.size) {
      const msg = bad.length > 0 ? `TypeError: ${ctor}() got an unexpected keyword argument '${bad[0]}'` : `TypeError: ${ctor}() takes at most ${names.size} arguments (${args.length} given)`;
      I.diag('error', 'bad-argument', `keras.applications.${ctor}: ${msg}`, site.span);
      return makeAppFailed(host, I, ctor, `${ctor}: Keras refuses these arguments`, site);
    }
  }
  const call = { ctor, site, refused: false, unknownReason: null as string | null };
  host.appCalls.push(call);
  let result: Value;
  try {
    result = I.callValue(fn, args, kwargs, site);
  } finally {
    host.appCalls.pop();
  }
  if (call.refused) {
    return makeAppFailed(host, I, ctor, `${ctor}: Keras refuses these arguments`, site);
  }
  const K = result.k === 'instance' ? host.layerOf.get(result) : undefined;
  if (call.unknownReason !== null || !K || K.kind !== 'functional') {
    // Not described for these arguments (or not followed): unknown with the reason, never
    // the measured table (measured for other arguments, it could be wrong here).
    const reason = `keras.applications.${ctor}: ${call.unknownReason ?? 'the model could not be followed statically'}`;
    I.diag('info', 'unknown-application', reason, site.span);
    return makeAppFailed(host, I, ctor, reason, site);
  }
  return result;
}

/** An application whose arguments Keras refuses: an opaque model with unknown totals. */
export function makeAppFailed(host: KerasHost, I: Interp, ctor: string, reason: string, site: Site): Value {
  const cls = host.nativeClass('Functional', `keras.applications.${ctor}`);
  const inst: InstanceV = { k: 'instance', cls, attrs: new Map(), id: freshId(), span: site.span };
  const K = host.newLayer('Functional', 'app', inst, site, ctor.toLowerCase());
  K.built = true;
  K.unknown.push(reason);
  appGraph(host, I, K, null, null, site);
  K.opaque = `${K.name}: ${reason}`;
  return inst;
}

export function appFn(host: KerasHost, ctor: string): Value {
  return {
    k: 'builtin',
    name: `keras.applications.${ctor}`,
    fn: (_args, _kwargs, site) => {
      const I = host.interp;
      if (!I) {
        return unknown(ctor);
      }
      return makeApp(host, I, ctor, site);
    }
  };
}

/** A keras.applications constructor the library source does not describe: listed, totals unknown. */
export function makeApp(host: KerasHost, I: Interp, ctor: string, site: Site): Value {
  const reason = `keras.applications.${ctor} is not described: its layers and totals are unknown`;
  I.diag('info', 'unknown-application', reason, site.span);
  // Its own layers consume auto names we do not model: later auto names may differ.
  host.nameDrift = host.nameDrift ?? `names of layers created after keras.applications.${ctor} may differ from Keras (its internal layers use auto names too)`;
  return makeAppFailed(host, I, ctor, reason, site);
}

/** An application's input/output tensors: the model is one opaque node in graphs built on base.output. */
export function appGraph(host: KerasHost, I: Interp, K: KLayer, inShape: Dims, outShape: Dims, site: Site, inputTensor?: TensorV): void {
  let t: TensorV;
  if (inputTensor) {
    // input_tensor=keras.Input(...): the application is built on it (no new InputLayer).
    t = inputTensor;
  } else {
    const inp = host.newLayer('InputLayer', 'input', undefined, site);
    t = makeInputLayer(host, I, inp, [], new Map([['batch_shape', shapeToValue(inShape)]]));
    if (!inShape) {
      inp.unknown = [];
    }
  }
  K.inputs = [t];
  K.inputsV = t;
  const node: KNode = { op: K, inputs: [t], outputs: [] };
  const o = host.newTensor(outShape, true, node, 0);
  node.outputs.push(o);
  node.result = o;
  K.outputs = [o];
  K.outputsV = o;
  K.opaque = `${K.name} is a keras.applications model: its layers are not listed`;
  // The internal node is not an inbound call of K (summary shows no shape from it).
  (K as KLayer & { appNode?: KNode }).appNode = node;
}

/** keras.applications.<module>.preprocess_input on a tensor: the ops Keras records (imagenet_utils). */
export function preprocessInput(host: KerasHost, mode: string | undefined, x: Value, site: Site): Value {
  const I = host.interp;
  if (!I || x.k !== 'tensor') {
    return x.k === 'tensor' || x.k === 'unknown' ? x : unknown('preprocess_input of data', site.span);
  }
  const f = (v: number): Value => ({ k: 'float', v });
  switch (mode) {
    case 'none':
      return x;
    case 'tf':
      return applyOp(host, I, 'subtract', [applyOp(host, I, 'true_divide', [x, f(127.5)], new Map(), site), f(1)], new Map(), site);
    case 'torch': {
      const a = applyOp(host, I, 'true_divide', [x, f(255)], new Map(), site);
      const b = applyOp(host, I, 'add', [a, host.newTensor([c(3)], false)], new Map(), site);
      return applyOp(host, I, 'true_divide', [b, host.newTensor([c(3)], false)], new Map(), site);
    }
    case 'caffe': {
      if (!x.shape || x.shape.length !== 4) {
        return unknown('preprocess_input (caffe mode) on a tensor that is not 4-D', site.span);
      }
      const ell: Value = { k: 'pymod', path: '?Ellipsis' };
      const parts = [2, 1, 0].map(i => tensorIndex(host, I, x, { k: 'tuple', items: [ell, { k: 'int', v: BigInt(i) }] }, site));
      const st = applyOp(host, I, 'stack', [{ k: 'list', items: parts }], new Map([['axis', { k: 'int', v: -1n } as Value]]), site);
      return applyOp(host, I, 'add', [st, host.newTensor([c(1), c(1), c(1), c(3)], false)], new Map(), site);
    }
    default:
      return unknown('preprocess_input of this application is not modelled', site.span);
  }
}
