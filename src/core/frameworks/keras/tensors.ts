// Keras tensors: attributes (shape, ndim, dtype, T), operators and indexing, and keras.ops /
// tf / numpy functions applied through the shape rules of ops.ts. On symbolic KerasTensors an
// operation is a graph node of its own, as Keras 3 records it; on concrete tensors (data,
// stand-ins inside call()) only the shape is followed.
// Does not: call layers (calls.ts).
import type { Interp } from '../../interp/context';
import { polyConstValue } from '../../interp/poly';
import {
  CallSite, Dims, NONE, str, TensorV, unknown, Value
} from '../../interp/values';
import { indexShape } from '../indexing';
import { KERAS_OPERATOR_OPS, KERAS_OPS } from './ops';
import { D } from '../shape';
import { KNode } from './state';
import type { KerasHost } from './host';
import { hasUnknownLeaf } from './values';

type Site = CallSite;

export function tensorAttr(host: KerasHost, I: Interp, t: TensorV, name: string, site: Site): Value {
  switch (name) {
    case 'shape': {
      if (!t.shape) {
        return unknown('tensor shape not known statically', site.span);
      }
      return { k: 'tuple', items: t.shape.map(d => dimValue(host, d)) };
    }
    case 'ndim':
      return t.shape ? { k: 'int', v: BigInt(t.shape.length) } : unknown('tensor rank not known statically');
    case 'dtype':
      return str('float32');
    case 'T':
      return applyOp(host, I, 'transpose', [t], new Map(), site);
    default: {
      const op = KERAS_OPS.get(name);
      if (op || name === 'numpy' || name === 'astype' || name === 'reshape') {
        return {
          k: 'builtin', name: `Tensor.${name}`, fn: (a, kw, s) => {
            if (name === 'numpy' || name === 'astype') {
              return t;
            }
            return applyOp(host, I, name, [t, ...(name === 'reshape' && a.length > 1 ? [{ k: 'tuple', items: a } as Value] : a)], kw, s);
          }
        };
      }
      return unknown(`tensor attribute '${name}' is not known statically`, site.span);
    }
  }
}

export function dimValue(host: KerasHost, d: D): Value {
  if (d === null) {
    return NONE;
  }
  const v = polyConstValue(d);
  return v !== null ? { k: 'int', v } : { k: 'sym', p: d };
}

export function tensorBinary(host: KerasHost, I: Interp, op: string, a: Value, b: Value, site: Site): Value {
  if (op === 'neg') {
    return applyOp(host, I, 'negative', [a], new Map(), site);
  }
  const name = KERAS_OPERATOR_OPS.get(op);
  if (!name) {
    return unknown(`operator ${op} on tensors`, site.span);
  }
  return applyOp(host, I, name, [a, b], new Map(), site);
}

export function tensorIndex(host: KerasHost, I: Interp, t: TensorV, index: Value, site: Site): Value {
  // indexing with a list of ints stays unknown: not yet checked against real Keras
  const shape = indexShape(t.shape, index, { intLists: false });
  return opResult(host, 'GetItem', [t], { shape }, site);
}

/** A keras.ops / tf / numpy function applied to values. */
export function applyOp(host: KerasHost, I: Interp, name: string, args: Value[], kw: Map<string, Value>, site: Site): Value {
  const op = KERAS_OPS.get(name);
  if (!op) {
    return unknown(`${name} is not modelled`, site.span);
  }
  const r = op.rule(args, kw, { mismatch: message => I.diag('error', 'shape-mismatch', message, site.span) });
  if (r === null) {
    return unknown(`${name}: result not known statically`, site.span);
  }
  if ('value' in r) {
    return r.value;
  }
  const inputs = host.flatTensors({ k: 'list', items: [...args, ...kw.values()] });
  if (args.some(a => hasUnknownLeaf(a))) {
    // An operand is not known: the shape is not, and the graph may miss what produced it.
    const out = opResult(host, op.op, inputs, { shape: null }, site);
    const node = out.k === 'tensor' ? host.tinfo.get(out)?.node : undefined;
    if (node) {
      node.op.unknown.push(`${node.op.name}: an operand is not known statically`);
    }
    return inputs.some(t => host.isSymbolic(t)) ? out : unknown(`${name} of a value not known statically`, site.span);
  }
  return opResult(host, op.op, inputs, r, site);
}

export function opResult(host: KerasHost, opClass: string, inputs: TensorV[], r: { shape: Dims } | { shapes: Dims[] }, site: Site): Value {
  const symbolic = inputs.length > 0 && inputs.some(t => host.isSymbolic(t));
  const shapes = 'shapes' in r ? r.shapes : [r.shape];
  if (!symbolic) {
    const outs = shapes.map(s => host.newTensor(s, false));
    return 'shapes' in r ? { k: 'tuple', items: outs } : outs[0];
  }
  // An operation on symbolic tensors: a graph node of its own (Keras 3 records it).
  const K = host.newLayer(opClass, 'op', undefined, site);
  K.isOp = true;
  K.built = true;
  K.trainable = false;
  const node: KNode = { op: K, inputs: inputs.filter(t => host.isSymbolic(t)), outputs: [] };
  const outs = shapes.map((s, i) => {
    const o = host.newTensor(s, true, node, i);
    node.outputs.push(o);
    return o;
  });
  node.result = 'shapes' in r ? { k: 'tuple', items: outs } : outs[0];
  K.nodes.push(node);
  return node.result;
}
