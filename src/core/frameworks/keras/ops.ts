// Shapes of tensor functions used in Keras code: keras.ops.*, the tf.* spellings people use
// in custom layers (tf.shape, tf.reduce_mean, tf.random.normal, ...), numpy constructors of
// concrete batches, and Python operators on tensors. One table keyed by function name; each
// entry names the graph operation class Keras records when the function is applied to a
// symbolic KerasTensor (ops.add -> 'Add', x * 2 -> 'Multiply').
// Does not: create tensors or graph nodes (host.ts wraps results).
import { asInt, asPoly, Dims, NONE, truthy, Value } from '../../interp/values';
import { broadcastAll, c, convOutMode, D, matmul, mul, normAxis, num, ShapeProblems } from '../shape';
import { tupleArg } from '../args';

export type OpOut = { shape: Dims } | { shapes: Dims[] } | { value: Value } | null;
export interface OpEntry {
  /** Class name Keras gives the operation node ('Add', 'Mean', ...). */
  op: string;
  /** The result's shape; conflicts that would raise are reported to `problems` (../shape.ts). */
  rule: (args: Value[], kw: Map<string, Value>, problems: ShapeProblems) => OpOut;
}

function sh(v: Value | undefined): Dims {
  return v && v.k === 'tensor' ? v.shape : v && (v.k === 'int' || v.k === 'float' || v.k === 'bool') ? [] : null;
}

const same = (args: Value[]): OpOut => ({ shape: sh(args[0]) });

function binary(args: Value[], kw: Map<string, Value>, problems: ShapeProblems): OpOut {
  const a = args[0] ?? kw.get('x1') ?? kw.get('x');
  const b = args[1] ?? kw.get('x2') ?? kw.get('y');
  return { shape: broadcastAll([sh(a), sh(b)], problems, 'broadcasting') };
}

function axisList(v: Value | undefined, rank: number): number[] | null | 'all' {
  if (!v || v.k === 'none') {
    return 'all';
  }
  const items = v.k === 'tuple' || v.k === 'list' ? v.items : [v];
  const out: number[] = [];
  for (const it of items) {
    const a = normAxis(asInt(it), rank);
    if (a === null) {
      return null;
    }
    out.push(a);
  }
  return out;
}

function reduce(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0]);
  if (!x) {
    return { shape: null };
  }
  const axes = axisList(args[1] ?? kw.get('axis'), x.length);
  const kd = truthy(args[2] ?? kw.get('keepdims') ?? kw.get('keep_dims') ?? NONE);
  if (axes === null || kd === null) {
    return { shape: null };
  }
  if (axes === 'all') {
    return { shape: kd ? x.map(() => c(1)) : [] };
  }
  const out: D[] = [];
  x.forEach((d, i) => {
    if (axes.includes(i)) {
      if (kd) {
        out.push(c(1));
      }
    } else {
      out.push(d);
    }
  });
  return { shape: out };
}

function shapeArg(v: Value | undefined): Dims {
  if (!v) {
    return null;
  }
  if (v.k === 'tuple' || v.k === 'list') {
    return v.items.map(x => (x.k === 'none' ? null : asPoly(x)));
  }
  const d = asPoly(v);
  return d ? [d] : null;
}

function reshape(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0]);
  const t = shapeArg(args[1] ?? kw.get('newshape') ?? kw.get('shape'));
  if (!t) {
    return { shape: null };
  }
  const neg = t.findIndex(d => d !== null && num(d) === -1n);
  if (neg >= 0) {
    const total = x ? x.reduce<D>((a, b) => mul(a, b), c(1)) : null;
    const known = t.filter((_d, i) => i !== neg).reduce<D>((a, b) => mul(a, b), c(1));
    const tv = num(total);
    const kv = num(known);
    t[neg] = tv !== null && kv !== null && kv !== 0n && tv % kv === 0n ? c(tv / kv) : null;
  }
  return { shape: t };
}

/**
 * keras.ops.image.extract_patches(images, size, strides=None, dilation_rate=1,
 * padding="valid"), channels last: (B, H, W, C) -> (B, H', W', size_h * size_w * C), where
 * H' and W' follow a convolution's output length (checked against Keras 3.15).
 * (tf.image.extract_patches, with sizes=[1, h, w, 1], is not this.)
 */
function extractPatches(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0] ?? kw.get('images'));
  const size = tupleArg(args[1] ?? kw.get('size'), 2);
  const stridesV = args[2] ?? kw.get('strides');
  const strides = !stridesV || stridesV.k === 'none' ? size : tupleArg(stridesV, 2);
  const dilation = tupleArg(args[3] ?? kw.get('dilation_rate') ?? { k: 'int', v: 1n }, 2);
  const padding = args[4] ?? kw.get('padding');
  const format = args[5] ?? kw.get('data_format');
  const mode = padding === undefined ? 'valid' : padding.k === 'str' ? padding.v.toLowerCase() : null;
  if (!x || x.length !== 4 || !size || !strides || !dilation || (mode !== 'valid' && mode !== 'same') || (format !== undefined && format.k !== 'none')) {
    return { shape: null };
  }
  // Sizes, strides and dilations are known positive integers (Keras refuses anything else).
  const positive = (d: D): boolean => {
    const n = num(d);
    return n !== null && n >= 1n;
  };
  if (![...size, ...strides, ...dilation].every(positive)) {
    return { shape: null };
  }
  return { shape: [x[0], convOutMode(x[1], size[0], mode, strides[0], dilation[0]), convOutMode(x[2], size[1], mode, strides[1], dilation[1]), mul(mul(size[0], size[1]), x[3])] };
}

function concat(args: Value[], kw: Map<string, Value>, stack: boolean): OpOut {
  const xs = args[0] ?? kw.get('xs') ?? kw.get('values') ?? kw.get('arrays');
  const items = xs && (xs.k === 'tuple' || xs.k === 'list') ? xs.items : null;
  if (!items || items.length === 0) {
    return { shape: null };
  }
  const shapes = items.map(sh);
  if (shapes.some(s => s === null)) {
    return { shape: null };
  }
  const ss = shapes as D[][];
  const r = ss[0].length;
  const axV = args[1] ?? kw.get('axis') ?? { k: 'int', v: stack ? 0n : 0n };
  const ax = normAxis(asInt(axV), stack ? r + 1 : r);
  if (ax === null) {
    return { shape: null };
  }
  if (stack) {
    const out = [...ss[0]];
    out.splice(ax, 0, c(items.length));
    return { shape: out };
  }
  const out = [...ss[0]];
  out[ax] = ss.reduce<D>((a, s) => (a && s[ax] ? (num(a) !== null && num(s[ax]) !== null ? c((num(a) as bigint) + (num(s[ax]) as bigint)) : null) : null), c(0));
  return { shape: out };
}

function expandDims(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0]);
  if (!x) {
    return { shape: null };
  }
  const a = normAxis(asInt(args[1] ?? kw.get('axis') ?? NONE), x.length + 1);
  if (a === null) {
    return { shape: null };
  }
  const out = [...x];
  out.splice(a, 0, c(1));
  return { shape: out };
}

function squeeze(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0]);
  if (!x) {
    return { shape: null };
  }
  const axV = args[1] ?? kw.get('axis');
  if (!axV || axV.k === 'none') {
    if (x.some(d => d === null)) {
      return { shape: null };
    }
    return { shape: x.filter(d => num(d) !== 1n) };
  }
  const axes = axisList(axV, x.length);
  if (axes === null || axes === 'all') {
    return { shape: null };
  }
  return { shape: x.filter((_d, i) => !axes.includes(i)) };
}

function transpose(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0]);
  if (!x) {
    return { shape: null };
  }
  const p = args[1] ?? kw.get('axes') ?? kw.get('perm');
  if (!p || p.k === 'none') {
    return { shape: [...x].reverse() };
  }
  const items = p.k === 'tuple' || p.k === 'list' ? p.items.map(i => normAxis(asInt(i), x.length)) : null;
  if (!items || items.some(i => i === null)) {
    return { shape: null };
  }
  return { shape: (items as number[]).map(i => x[i]) };
}

function shapeOf(args: Value[]): OpOut {
  const x = sh(args[0]);
  if (!x) {
    return null;
  }
  return { value: { k: 'tuple', items: x.map(d => (d === null ? NONE : num(d) !== null ? { k: 'int', v: num(d) as bigint } : { k: 'sym', p: d })) } };
}

function fromShape(i: number, name: string): OpEntry['rule'] {
  return (args, kw) => ({ shape: shapeArg(args[i] ?? kw.get(name)) });
}

function arange(args: Value[], kw: Map<string, Value>): OpOut {
  const a = args.map(asInt);
  const start = args.length >= 2 ? a[0] : asInt(kw.get('start') ?? { k: 'int', v: 0n });
  const stop = args.length >= 2 ? a[1] : args.length === 1 ? a[0] : asInt(kw.get('stop') ?? kw.get('limit') ?? NONE);
  const step = args.length >= 3 ? a[2] : asInt(kw.get('step') ?? kw.get('delta') ?? { k: 'int', v: 1n });
  if (start === null || stop === null || step === null || step === 0n) {
    return { shape: [null] };
  }
  const n = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
  return { shape: [c(n > 0n ? n : 0n)] };
}

function oneHot(args: Value[], kw: Map<string, Value>): OpOut {
  const x = sh(args[0]);
  const n = asPoly(args[1] ?? kw.get('num_classes') ?? kw.get('depth') ?? NONE);
  return { shape: x ? [...x, n] : null };
}

function varShape(args: Value[]): OpOut {
  // np.random.rand(2, 3): dims as varargs.
  return { shape: args.length === 1 && (args[0].k === 'tuple' || args[0].k === 'list') ? shapeArg(args[0]) : args.map(asPoly) };
}

const U = (op: string): OpEntry => ({ op, rule: same });
const B = (op: string): OpEntry => ({ op, rule: binary });
const RD = (op: string): OpEntry => ({ op, rule: reduce });

const table: Array<[string, OpEntry]> = [
  ['add', B('Add')], ['subtract', B('Subtract')], ['multiply', B('Multiply')], ['divide', B('Divide')], ['true_divide', B('TrueDivide')],
  ['maximum', B('Maximum')], ['minimum', B('Minimum')], ['power', B('Power')], ['equal', B('Equal')], ['not_equal', B('NotEqual')],
  ['greater', B('Greater')], ['less', B('Less')], ['greater_equal', B('GreaterEqual')], ['less_equal', B('LessEqual')],
  ['logical_and', B('LogicalAnd')], ['logical_or', B('LogicalOr')], ['floor_divide', B('FloorDivide')], ['mod', B('Mod')],
  ['exp', U('Exp')], ['log', U('Log')], ['sqrt', U('Sqrt')], ['square', U('Square')], ['abs', U('Absolute')], ['absolute', U('Absolute')],
  ['negative', U('Negative')], ['sin', U('Sin')], ['cos', U('Cos')], ['tanh', U('Tanh')], ['sigmoid', U('Sigmoid')], ['relu', U('Relu')],
  ['gelu', U('Gelu')], ['silu', U('Silu')], ['softmax', U('Softmax')], ['log_softmax', U('LogSoftmax')], ['softplus', U('Softplus')],
  ['elu', U('Elu')], ['leaky_relu', U('LeakyRelu')], ['rsqrt', U('Rsqrt')], ['sign', U('Sign')], ['round', U('Round')], ['floor', U('Floor')],
  ['ceil', U('Ceil')], ['clip', U('Clip')], ['cast', U('Cast')], ['stop_gradient', U('StopGradient')], ['erf', U('Erf')],
  ['l2_normalize', U('L2Normalize')], ['normalize', U('Normalize')], ['zeros_like', U('ZerosLike')], ['ones_like', U('OnesLike')],
  ['logical_not', U('LogicalNot')], ['identity', U('Identity')], ['where', { op: 'Where', rule: (a, kw, p) => ({ shape: broadcastAll([sh(a[0]), sh(a[1] ?? kw.get('x1')), sh(a[2] ?? kw.get('x2'))], p, 'where') }) }],
  ['mean', RD('Mean')], ['sum', RD('Sum')], ['max', RD('Max')], ['min', RD('Min')], ['prod', RD('Prod')], ['any', RD('Any')], ['all', RD('All')],
  ['var', RD('Var')], ['std', RD('Std')], ['argmax', RD('Argmax')], ['argmin', RD('Argmin')], ['logsumexp', RD('Logsumexp')],
  ['reduce_mean', RD('Mean')], ['reduce_sum', RD('Sum')], ['reduce_max', RD('Max')], ['reduce_min', RD('Min')], ['reduce_prod', RD('Prod')],
  ['reduce_any', RD('Any')], ['reduce_all', RD('All')], ['reduce_std', RD('Std')], ['reduce_variance', RD('Var')], ['reduce_logsumexp', RD('Logsumexp')],
  ['matmul', { op: 'Matmul', rule: (a, _kw, p) => ({ shape: matmul(sh(a[0]), sh(a[1]), p) }) }], ['reshape', { op: 'Reshape', rule: reshape }],
  ['concatenate', { op: 'Concatenate', rule: (a, kw) => concat(a, kw, false) }], ['concat', { op: 'Concatenate', rule: (a, kw) => concat(a, kw, false) }],
  ['stack', { op: 'Stack', rule: (a, kw) => concat(a, kw, true) }], ['expand_dims', { op: 'ExpandDims', rule: expandDims }],
  ['squeeze', { op: 'Squeeze', rule: squeeze }], ['transpose', { op: 'Transpose', rule: transpose }],
  ['shape', { op: 'Shape', rule: shapeOf }],
  ['extract_patches', { op: 'ExtractPatches', rule: extractPatches }],
  ['zeros', { op: 'Zeros', rule: fromShape(0, 'shape') }], ['ones', { op: 'Ones', rule: fromShape(0, 'shape') }],
  ['empty', { op: 'Empty', rule: fromShape(0, 'shape') }], ['full', { op: 'Full', rule: fromShape(0, 'shape') }],
  ['normal', { op: 'Normal', rule: (a, kw) => ({ shape: shapeArg(a[0] ?? kw.get('shape') ?? kw.get('size')) }) }],
  ['uniform', { op: 'Uniform', rule: (a, kw) => ({ shape: shapeArg(a[0] ?? kw.get('shape') ?? kw.get('size')) }) }],
  ['random_normal', { op: 'Normal', rule: fromShape(0, 'shape') }], ['random_uniform', { op: 'Uniform', rule: fromShape(0, 'shape') }],
  ['broadcast_to', { op: 'BroadcastTo', rule: (a, kw) => ({ shape: shapeArg(a[1] ?? kw.get('shape')) }) }],
  ['tile', { op: 'Tile', rule: () => ({ shape: null }) }],
  ['arange', { op: 'Arange', rule: arange }], ['range', { op: 'Arange', rule: arange }], ['one_hot', { op: 'OneHot', rule: oneHot }],
  ['rand', { op: 'Rand', rule: varShape }], ['randn', { op: 'Randn', rule: varShape }],
  ['convert_to_tensor', U('ConvertToTensor')], ['convert_to_numpy', U('ConvertToNumpy')], ['constant', U('Constant')]
];

/** Functions of keras.ops / tf / tf.math / tf.nn / keras.random / numpy, by name. */
export const KERAS_OPS: ReadonlyMap<string, OpEntry> = new Map(table);

/** Python operators on KerasTensors and the operation class Keras records. */
export const KERAS_OPERATOR_OPS: ReadonlyMap<string, string> = new Map([
  ['+', 'add'], ['-', 'subtract'], ['*', 'multiply'], ['/', 'true_divide'], ['@', 'matmul'], ['**', 'power'], ['//', 'floor_divide'], ['%', 'mod']
]);
