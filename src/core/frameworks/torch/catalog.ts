// torch.nn layer catalog as data: for each layer class its constructor signature (names in
// positional order, with defaults), category, parameter/buffer rule id, shape rule id, the
// arguments worth showing and its input contract (what forward() raises on, checked by
// contract.ts). Rules themselves live in rules.ts and shapes.ts, keyed by id.
// Adding a layer = adding an entry here (plus a rule only if no existing rule fits).
// Does not: compute anything.
import type { Category } from '../../ir';

/** A default value in a signature, as plain data. REQ marks a required argument. */
export type { CatalogDefault as Default } from '../defaults';
import type { CatalogDefault as Default } from '../defaults';

export interface LayerEntry {
  name: string;
  category: Category;
  /** Positional order of constructor arguments with defaults. */
  sig: Array<[string, Default]>;
  /** Accepts arbitrary extra arguments (Identity). */
  varargs?: boolean;
  /** Parameter/buffer/submodule rule id (rules.ts). Absent = no parameters. */
  params?: string;
  /** Shape rule id (shapes.ts). Absent = shape unknown. */
  shape?: string;
  /** Extra constant data for the rules (spatial dims, gate count, ...). */
  data?: { n?: number; gates?: number; transposed?: boolean; kind?: string; dimOffset?: number };
  /** Arguments shown in the table, in order. */
  show?: string[];
  /** Container kind. */
  container?: 'sequential' | 'list' | 'dict' | 'plist' | 'pdict';
  /** Lazy layer: parameters materialise on the first forward call. */
  lazy?: boolean;
  /** What forward() accepts (contract.ts checks it at every call). Absent = anything. */
  input?: TorchContract;
}

/**
 * A layer's input contract: what its forward() raises on, as data. `forward` names forward's
 * parameters in order; each check looks at one of them (or an item of a tuple argument:
 * 'hx.0') and is skipped when that input is absent, None or of unknown shape.
 */
export interface TorchContract {
  forward?: string[];
  checks: TorchCheck[];
}

/**
 * A dimension in a contract: an int, a constructor argument, a size of a forward input
 * (`axis` may itself be a term), a product, a choice on an argument's truth (non-zero,
 * True), or the first argument that is not None (MultiheadAttention's kdim, else embed_dim).
 */
export type Term =
  | number
  | string
  | { size: string; axis: number | Term }
  | { mul: Term[] }
  | { if: string; then: Term; else: Term }
  | { first: string[] };

export interface TorchCheck {
  /** The forward input checked (default: the first); 'hx.0' is item 0 of the tuple hx. */
  of?: string;
  /** Applies only when the first forward input has one of these ranks. */
  ifInputNdim?: number[];
  /** Applies only when one of these arguments is true ('affine'), or equals a string ('mode=linear'). */
  ifArg?: string[];
  /** The input's rank is one of these. */
  ndim?: number[];
  minNdim?: number;
  /** The input's size on this axis (negative from the end; a term: a constructor argument holding it, or a choice)… */
  axis?: Term;
  /** …equals this… */
  eq?: Term;
  /** …or is divisible by this. */
  divisibleBy?: Term;
  /** The input's trailing sizes are this argument (an int or a tuple: LayerNorm's normalized_shape). */
  trailing?: string;
  /** The input's whole shape (its rank too). */
  shape?: Term[];
  /** The argument (a tuple; an int or None passes) has one size per spatial dim (rank - 2). */
  spatialArg?: string;
  /** The constructor argument is a valid dimension index of the input. */
  dimArg?: string;
  /** The product of the tuple argument `sizes` (one -1 allowed) is the input's size on the axis argument `dim`. */
  unflatten?: { dim: string; sizes: string };
  /** The input and the other forward input broadcast together / have the same shape. */
  broadcastWith?: string;
  sameShapeAs?: string;
  /** A class-index or probability target for this input (cross_entropy, nll_loss). */
  classTargetOf?: string;
  /** What is compared, for the message ('input channels'). */
  what?: string;
}

// ---- input contracts of families of layers ---------------------------------------------------

/** Conv and pooling layers: (N, C, *spatial) or (C, *spatial). */
const convIn = (n: number, channels?: string): TorchContract => ({
  checks: [
    { ndim: [n + 1, n + 2], what: `input to conv${n}d` },
    ...(channels ? [{ axis: -(n + 1), eq: channels, what: 'input channels' }] : [])
  ]
});
const poolIn = (n: number): TorchContract => ({ checks: [{ ndim: [n + 1, n + 2] }] });
/** Batch norms: (N, C) or (N, C, L) for 1d, (N, C, H, W) for 2d ...; their running stats / affine weights have C entries. */
const bnIn = (ndim: number[]): TorchContract => ({ checks: [{ ndim }, { axis: 1, eq: 'num_features', ifArg: ['affine', 'track_running_stats'], what: 'channels (num_features)' }] });
/** Instance norms: batched or not; the channel axis is -(n+1). */
const inIn = (n: number): TorchContract => ({ checks: [{ ndim: [n + 1, n + 2] }, { axis: -(n + 1), eq: 'num_features', ifArg: ['affine', 'track_running_stats'], what: 'channels (num_features)' }] });
/** LayerNorm / RMSNorm: the trailing sizes are normalized_shape. */
const normShapeIn: TorchContract = { checks: [{ trailing: 'normalized_shape' }] };
/** Recurrent layers: (L, N, H_in) / (N, L, H_in) with batch_first, or unbatched (L, H_in); h0 (and c0) are (layers·directions, N, H). */
const LD: Term = { mul: ['num_layers', { if: 'bidirectional', then: 2, else: 1 }] };
const BATCH: Term = { size: 'input', axis: { if: 'batch_first', then: 0, else: 1 } };
const HOUT: Term = { if: 'proj_size', then: 'proj_size', else: 'hidden_size' };
const rnnIn = (lstm: boolean): TorchContract => ({
  forward: ['input', 'hx'],
  checks: [
    { ndim: [2, 3] },
    { axis: -1, eq: 'input_size', what: 'input_size' },
    ...(lstm
      ? [
        { of: 'hx.0', ifInputNdim: [3], shape: [LD, BATCH, HOUT], what: 'hidden[0] size' },
        { of: 'hx.1', ifInputNdim: [3], shape: [LD, BATCH, 'hidden_size'], what: 'hidden[1] size' },
        { of: 'hx.0', ifInputNdim: [2], shape: [LD, HOUT], what: 'hidden[0] size' },
        { of: 'hx.1', ifInputNdim: [2], shape: [LD, 'hidden_size'], what: 'hidden[1] size' }
      ]
      : [
        { of: 'hx', ifInputNdim: [3], shape: [LD, BATCH, 'hidden_size'], what: 'hidden size' },
        { of: 'hx', ifInputNdim: [2], shape: [LD, 'hidden_size'], what: 'hidden size' }
      ])
  ]
});
/** Cells: input (N, H_in) or (H_in); hx (N, H) with the input's batch. */
const cellIn = (states: string[]): TorchContract => ({
  forward: ['input', 'hx'],
  checks: [
    { ndim: [1, 2] },
    { axis: -1, eq: 'input_size', what: 'input_size' },
    ...states.flatMap((of): TorchCheck[] => [
      { of, axis: -1, eq: 'hidden_size', what: 'hidden_size' },
      { of, ifInputNdim: [2], ndim: [2] },
      { of, ifInputNdim: [2], axis: 0, eq: { size: 'input', axis: 0 }, what: 'batch size' }
    ])
  ]
});
/**
 * MultiheadAttention: query (L, N, E) / (N, L, E) or unbatched (L, E); key and value agree
 * but for their widths (kdim, vdim); the masks are (N, S) and (L, S) (or (N·heads, L, S)).
 */
const QB: Term = { size: 'query', axis: { if: 'batch_first', then: 0, else: 1 } };
const QL: Term = { size: 'query', axis: { if: 'batch_first', then: 1, else: 0 } };
const KS: Term = { size: 'key', axis: { if: 'batch_first', then: 1, else: 0 } };
const mhaIn: TorchContract = {
  forward: ['query', 'key', 'value', 'key_padding_mask', 'need_weights', 'attn_mask'],
  checks: [
    { of: 'query', ndim: [2, 3] },
    { of: 'query', axis: -1, eq: 'embed_dim', what: 'embedding dimension' },
    { of: 'key', ifInputNdim: [3], ndim: [3] },
    { of: 'value', ifInputNdim: [3], ndim: [3] },
    { of: 'key', ifInputNdim: [2], ndim: [2] },
    { of: 'value', ifInputNdim: [2], ndim: [2] },
    { of: 'key', axis: -1, eq: { first: ['kdim', 'embed_dim'] }, what: 'key width (kdim)' },
    { of: 'value', axis: -1, eq: { first: ['vdim', 'embed_dim'] }, what: 'value width (vdim)' },
    { of: 'value', axis: 0, eq: { size: 'key', axis: 0 }, what: 'size of dim 0 (as key)' },
    { of: 'value', ifInputNdim: [3], axis: 1, eq: { size: 'key', axis: 1 }, what: 'size of dim 1 (as key)' },
    { of: 'key', ifInputNdim: [3], axis: { if: 'batch_first', then: 0, else: 1 }, eq: QB, what: 'batch size (as query)' },
    { of: 'key_padding_mask', ifInputNdim: [3], shape: [QB, KS], what: 'key_padding_mask shape' },
    { of: 'key_padding_mask', ifInputNdim: [2], shape: [{ size: 'key', axis: 0 }], what: 'key_padding_mask shape' },
    { of: 'attn_mask', ndim: [2, 3] },
    { of: 'attn_mask', ifInputNdim: [3], axis: -2, eq: QL, what: 'attn_mask target length' },
    { of: 'attn_mask', ifInputNdim: [3], axis: -1, eq: KS, what: 'attn_mask source length' },
    { of: 'attn_mask', ifInputNdim: [2], axis: -2, eq: { size: 'query', axis: 0 }, what: 'attn_mask target length' },
    { of: 'attn_mask', ifInputNdim: [2], axis: -1, eq: { size: 'key', axis: 0 }, what: 'attn_mask source length' }
  ]
};
/** Sequence length and batch of a transformer input `x` (batch_first or not; unbatched: (L, E)). */
const seqLen = (x: string): Term => ({ size: x, axis: { if: 'batch_first', then: 1, else: 0 } });
const batchOf = (x: string): Term => ({ size: x, axis: { if: 'batch_first', then: 0, else: 1 } });
/** A mask over (rows of `q`, columns of `k`) and a key padding mask over `k`, batched inputs and unbatched. */
const maskChecks = (mask: string, q: string, k: string): TorchCheck[] => [
  { of: mask, ifInputNdim: [3], axis: -2, eq: seqLen(q), what: `${mask} rows` },
  { of: mask, ifInputNdim: [3], axis: -1, eq: seqLen(k), what: `${mask} columns` },
  { of: mask, ifInputNdim: [2], axis: -2, eq: { size: q, axis: 0 }, what: `${mask} rows` },
  { of: mask, ifInputNdim: [2], axis: -1, eq: { size: k, axis: 0 }, what: `${mask} columns` }
];
const paddingChecks = (mask: string, k: string): TorchCheck[] => [
  { of: mask, ifInputNdim: [3], shape: [batchOf(k), seqLen(k)], what: `${mask} shape` },
  { of: mask, ifInputNdim: [2], shape: [{ size: k, axis: 0 }], what: `${mask} shape` }
];
const encoderLayerIn: TorchContract = {
  forward: ['src', 'src_mask', 'src_key_padding_mask'],
  checks: [
    { of: 'src', ndim: [2, 3] },
    { of: 'src', axis: -1, eq: 'd_model', what: 'embedding dimension (d_model)' },
    ...maskChecks('src_mask', 'src', 'src'),
    ...paddingChecks('src_key_padding_mask', 'src')
  ]
};
const decoderLayerIn: TorchContract = {
  forward: ['tgt', 'memory', 'tgt_mask', 'memory_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'],
  checks: [
    { of: 'tgt', ndim: [2, 3] },
    { of: 'tgt', axis: -1, eq: 'd_model', what: 'embedding dimension (d_model)' },
    { of: 'memory', axis: -1, eq: 'd_model', what: 'memory embedding dimension (d_model)' },
    ...maskChecks('tgt_mask', 'tgt', 'tgt'),
    ...maskChecks('memory_mask', 'tgt', 'memory'),
    ...paddingChecks('tgt_key_padding_mask', 'tgt'),
    ...paddingChecks('memory_key_padding_mask', 'memory')
  ]
};
const transformerIn: TorchContract = {
  forward: ['src', 'tgt', 'src_mask', 'tgt_mask', 'memory_mask', 'src_key_padding_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'],
  checks: [
    { of: 'src', ndim: [2, 3] },
    { of: 'src', axis: -1, eq: 'd_model', what: 'feature number of src (d_model)' },
    { of: 'tgt', axis: -1, eq: 'd_model', what: 'feature number of tgt (d_model)' },
    { of: 'tgt', ifInputNdim: [3], axis: { if: 'batch_first', then: 0, else: 1 }, eq: batchOf('src'), what: 'batch number (as src)' },
    ...maskChecks('src_mask', 'src', 'src'),
    ...maskChecks('tgt_mask', 'tgt', 'tgt'),
    ...maskChecks('memory_mask', 'tgt', 'src'),
    ...paddingChecks('src_key_padding_mask', 'src'),
    ...paddingChecks('tgt_key_padding_mask', 'tgt'),
    ...paddingChecks('memory_key_padding_mask', 'src')
  ]
};
/** Upsample: (N, C, *spatial) with 1 to 3 spatial dims; a size / scale_factor tuple per spatial dim; the mode's rank. */
const upsampleIn = (mode?: string): TorchContract => ({
  checks: [
    { ndim: [3, 4, 5] },
    { spatialArg: 'size' },
    { spatialArg: 'scale_factor' },
    { ifArg: ['mode=linear'], ndim: [3] },
    { ifArg: ['mode=bilinear', 'mode=bicubic'], ndim: [4] },
    { ifArg: ['mode=trilinear'], ndim: [5] },
    ...(mode ? [{ ndim: mode === 'bilinear' ? [4] : [3, 4, 5] }] : [])
  ]
});
/** Losses: elementwise ones broadcast input with target; BCE needs the same shape; CE / NLL a class target. */
const lossIn = (kind: 'broadcast' | 'same' | 'class'): TorchContract => ({
  forward: ['input', 'target'],
  checks: [kind === 'broadcast' ? { broadcastWith: 'target' } : kind === 'same' ? { sameShapeAs: 'target' } : { classTargetOf: 'target' }]
});

const R: 'REQ' = 'REQ';
const linearIn: TorchContract = { checks: [{ minNdim: 1 }, { axis: -1, eq: 'in_features', what: 'input features' }] };
const f = (x: number): { float: number } => ({ float: x });

const conv = (n: number, transposed: boolean): Array<[string, Default]> => [
  ['in_channels', R], ['out_channels', R], ['kernel_size', R], ['stride', 1], ['padding', 0],
  ...(transposed ? ([['output_padding', 0], ['groups', 1], ['bias', true], ['dilation', 1]] as Array<[string, Default]>)
    : ([['dilation', 1], ['groups', 1], ['bias', true]] as Array<[string, Default]>)),
  ['padding_mode', 'zeros'], ['device', null], ['dtype', null]
];
const lazyConv = (transposed: boolean): Array<[string, Default]> => conv(0, transposed).slice(1);
const bn: Array<[string, Default]> = [['num_features', R], ['eps', f(1e-5)], ['momentum', f(0.1)], ['affine', true], ['track_running_stats', true], ['device', null], ['dtype', null]];
const inorm: Array<[string, Default]> = [['num_features', R], ['eps', f(1e-5)], ['momentum', f(0.1)], ['affine', false], ['track_running_stats', false], ['device', null], ['dtype', null]];
const maxpool: Array<[string, Default]> = [['kernel_size', R], ['stride', null], ['padding', 0], ['dilation', 1], ['return_indices', false], ['ceil_mode', false]];
const avgpool = (n: number): Array<[string, Default]> => [['kernel_size', R], ['stride', null], ['padding', 0], ['ceil_mode', false], ['count_include_pad', true], ...(n > 1 ? ([['divisor_override', null]] as Array<[string, Default]>) : [])];
const rnnSig: Array<[string, Default]> = [['input_size', R], ['hidden_size', R], ['num_layers', 1], ['nonlinearity', 'tanh'], ['bias', true], ['batch_first', false], ['dropout', f(0)], ['bidirectional', false], ['device', null], ['dtype', null]];
const lstmSig: Array<[string, Default]> = [['input_size', R], ['hidden_size', R], ['num_layers', 1], ['bias', true], ['batch_first', false], ['dropout', f(0)], ['bidirectional', false], ['proj_size', 0], ['device', null], ['dtype', null]];
const gruSig: Array<[string, Default]> = lstmSig.filter(([n]) => n !== 'proj_size');

const entries: LayerEntry[] = [
  // containers
  { name: 'Sequential', category: 'container', sig: [], varargs: true, container: 'sequential', shape: 'sequential' },
  { name: 'ModuleList', category: 'container', sig: [['modules', null]], container: 'list' },
  { name: 'ModuleDict', category: 'container', sig: [['modules', null]], container: 'dict' },
  { name: 'ParameterList', category: 'container', sig: [['values', null]], container: 'plist' },
  { name: 'ParameterDict', category: 'container', sig: [['parameters', null]], container: 'pdict' },
  { name: 'DataParallel', category: 'container', sig: [['module', R], ['device_ids', null], ['output_device', null], ['dim', 0]], params: 'wrap' },
  { name: 'DistributedDataParallel', category: 'container', sig: [['module', R], ['device_ids', null], ['output_device', null], ['dim', 0], ['broadcast_buffers', true], ['process_group', null], ['bucket_cap_mb', null], ['find_unused_parameters', false]], params: 'wrap' },
  // linear
  { name: 'Identity', category: 'other', sig: [], varargs: true, shape: 'same' },
  { name: 'Linear', category: 'linear', sig: [['in_features', R], ['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'linear', shape: 'linear', show: ['in_features', 'out_features'], input: linearIn },
  { name: 'NonDynamicallyQuantizableLinear', category: 'linear', sig: [['in_features', R], ['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'linear', shape: 'linear', show: ['in_features', 'out_features'], input: linearIn },
  { name: 'LazyLinear', category: 'linear', sig: [['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'linear', shape: 'linear', lazy: true, show: ['out_features'], input: linearIn },
  { name: 'Bilinear', category: 'linear', sig: [['in1_features', R], ['in2_features', R], ['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'bilinear', shape: 'bilinear', show: ['in1_features', 'in2_features', 'out_features'],
    input: { forward: ['input1', 'input2'], checks: [{ of: 'input1', axis: -1, eq: 'in1_features', what: 'input1 features' }, { of: 'input2', axis: -1, eq: 'in2_features', what: 'input2 features' }] } },
  // convolution
  ...[1, 2, 3].flatMap((n): LayerEntry[] => [
    { name: `Conv${n}d`, category: 'conv', sig: conv(n, false), params: 'conv', shape: 'conv', data: { n }, show: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'], input: convIn(n, 'in_channels') },
    { name: `ConvTranspose${n}d`, category: 'conv', sig: conv(n, true), params: 'conv', shape: 'conv', data: { n, transposed: true }, show: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'], input: convIn(n, 'in_channels') },
    { name: `LazyConv${n}d`, category: 'conv', sig: lazyConv(false), params: 'conv', shape: 'conv', data: { n }, lazy: true, show: ['out_channels', 'kernel_size', 'stride', 'padding'], input: convIn(n, 'in_channels') },
    { name: `LazyConvTranspose${n}d`, category: 'conv', sig: lazyConv(true), params: 'conv', shape: 'conv', data: { n, transposed: true }, lazy: true, show: ['out_channels', 'kernel_size', 'stride', 'padding'], input: convIn(n, 'in_channels') },
    { name: `BatchNorm${n}d`, category: 'norm', sig: bn, params: 'batchnorm', shape: 'same', data: { n }, show: ['num_features'], input: bnIn(n === 1 ? [2, 3] : [n + 2]) },
    { name: `LazyBatchNorm${n}d`, category: 'norm', sig: bn.slice(1), params: 'batchnorm', shape: 'same', data: { n }, lazy: true, input: bnIn(n === 1 ? [2, 3] : [n + 2]) },
    { name: `InstanceNorm${n}d`, category: 'norm', sig: inorm, params: 'batchnorm', shape: 'same', show: ['num_features'], input: inIn(n) },
    // Lazy instance norms default to affine=True, track_running_stats=True (unlike InstanceNorm).
    { name: `LazyInstanceNorm${n}d`, category: 'norm', sig: bn.slice(1), params: 'batchnorm', shape: 'same', data: { n, kind: 'instance' }, lazy: true, input: inIn(n) },
    { name: `MaxPool${n}d`, category: 'pooling', sig: maxpool, shape: 'pool', data: { n, kind: 'max' }, show: ['kernel_size', 'stride'], input: poolIn(n) },
    { name: `AvgPool${n}d`, category: 'pooling', sig: avgpool(n), shape: 'pool', data: { n, kind: 'avg' }, show: ['kernel_size', 'stride'], input: poolIn(n) },
    // Adaptive average pooling 2d/3d pools the last dims of any input of rank >= n (measured).
    { name: `AdaptiveAvgPool${n}d`, category: 'pooling', sig: [['output_size', R]], shape: 'adaptive', data: { n }, show: ['output_size'], input: n === 1 ? poolIn(1) : { checks: [{ minNdim: n }] } },
    { name: `AdaptiveMaxPool${n}d`, category: 'pooling', sig: [['output_size', R], ['return_indices', false]], shape: 'adaptive', data: { n }, show: ['output_size'], input: poolIn(n) },
    { name: `LPPool${n}d`, category: 'pooling', sig: [['norm_type', R], ['kernel_size', R], ['stride', null], ['ceil_mode', false]], shape: 'lppool', data: { n }, input: poolIn(n) },
    { name: `FractionalMaxPool${n}d`, category: 'pooling', sig: [['kernel_size', R], ['output_size', null], ['output_ratio', null], ['return_indices', false], ['_random_samples', null]] },
    { name: `MaxUnpool${n}d`, category: 'pooling', sig: [['kernel_size', R], ['stride', null], ['padding', 0]], shape: 'unpool', data: { n } },
    { name: `ZeroPad${n}d`, category: 'reshape', sig: [['padding', R]], shape: 'pad', data: { n } },
    { name: `ConstantPad${n}d`, category: 'reshape', sig: [['padding', R], ['value', R]], shape: 'pad', data: { n } },
    { name: `ReflectionPad${n}d`, category: 'reshape', sig: [['padding', R]], shape: 'pad', data: { n } },
    { name: `ReplicationPad${n}d`, category: 'reshape', sig: [['padding', R]], shape: 'pad', data: { n } },
    { name: `CircularPad${n}d`, category: 'reshape', sig: [['padding', R]], shape: 'pad', data: { n } },
    { name: `Dropout${n}d`, category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same' }
  ]),
  // normalization
  { name: 'SyncBatchNorm', category: 'norm', sig: [...bn.slice(0, 5), ['process_group', null], ['device', null], ['dtype', null]], params: 'batchnorm', shape: 'same', show: ['num_features'], input: { checks: [{ minNdim: 2 }, { axis: 1, eq: 'num_features', ifArg: ['affine', 'track_running_stats'], what: 'channels (num_features)' }] } },
  { name: 'LayerNorm', category: 'norm', sig: [['normalized_shape', R], ['eps', f(1e-5)], ['elementwise_affine', true], ['bias', true], ['device', null], ['dtype', null]], params: 'layernorm', shape: 'same', show: ['normalized_shape'], input: normShapeIn },
  // GroupNorm: (N, C, *): C divisible by num_groups, and num_channels when it has weights.
  { name: 'GroupNorm', category: 'norm', sig: [['num_groups', R], ['num_channels', R], ['eps', f(1e-5)], ['affine', true], ['device', null], ['dtype', null]], params: 'groupnorm', shape: 'same', show: ['num_groups', 'num_channels'],
    input: { checks: [{ minNdim: 2 }, { axis: 1, divisibleBy: 'num_groups', what: 'channels' }, { axis: 1, eq: 'num_channels', ifArg: ['affine'], what: 'channels (num_channels)' }] } },
  { name: 'RMSNorm', category: 'norm', sig: [['normalized_shape', R], ['eps', null], ['elementwise_affine', true], ['device', null], ['dtype', null]], params: 'rmsnorm', shape: 'same', show: ['normalized_shape'], input: normShapeIn },
  { name: 'LocalResponseNorm', category: 'norm', sig: [['size', R], ['alpha', f(1e-4)], ['beta', f(0.75)], ['k', f(1)]], shape: 'same', show: ['size'] },
  { name: 'CrossMapLRN2d', category: 'norm', sig: [['size', R], ['alpha', f(1e-4)], ['beta', f(0.75)], ['k', f(1)]], shape: 'same' },
  // embedding
  { name: 'Embedding', category: 'embedding', sig: [['num_embeddings', R], ['embedding_dim', R], ['padding_idx', null], ['max_norm', null], ['norm_type', f(2)], ['scale_grad_by_freq', false], ['sparse', false], ['_weight', null], ['_freeze', false], ['device', null], ['dtype', null]], params: 'embedding', shape: 'embedding', show: ['num_embeddings', 'embedding_dim'] },
  { name: 'EmbeddingBag', category: 'embedding', sig: [['num_embeddings', R], ['embedding_dim', R], ['max_norm', null], ['norm_type', f(2)], ['scale_grad_by_freq', false], ['mode', 'mean'], ['sparse', false], ['_weight', null], ['include_last_offset', false], ['padding_idx', null], ['device', null], ['dtype', null]], params: 'embedding', shape: 'embeddingbag', show: ['num_embeddings', 'embedding_dim'] },
  // recurrent
  { name: 'RNN', category: 'recurrent', sig: rnnSig, params: 'rnn', shape: 'rnn', data: { gates: 1 }, show: ['input_size', 'hidden_size', 'num_layers'], input: rnnIn(false) },
  { name: 'LSTM', category: 'recurrent', sig: lstmSig, params: 'rnn', shape: 'rnn', data: { gates: 4, kind: 'lstm' }, show: ['input_size', 'hidden_size', 'num_layers'], input: rnnIn(true) },
  { name: 'GRU', category: 'recurrent', sig: gruSig, params: 'rnn', shape: 'rnn', data: { gates: 3 }, show: ['input_size', 'hidden_size', 'num_layers'], input: rnnIn(false) },
  { name: 'RNNCell', category: 'recurrent', sig: [['input_size', R], ['hidden_size', R], ['bias', true], ['nonlinearity', 'tanh'], ['device', null], ['dtype', null]], params: 'rnncell', shape: 'rnncell', data: { gates: 1 }, show: ['input_size', 'hidden_size'], input: cellIn(['hx']) },
  { name: 'LSTMCell', category: 'recurrent', sig: [['input_size', R], ['hidden_size', R], ['bias', true], ['device', null], ['dtype', null]], params: 'rnncell', shape: 'rnncell', data: { gates: 4, kind: 'lstm' }, show: ['input_size', 'hidden_size'], input: cellIn(['hx.0', 'hx.1']) },
  { name: 'GRUCell', category: 'recurrent', sig: [['input_size', R], ['hidden_size', R], ['bias', true], ['device', null], ['dtype', null]], params: 'rnncell', shape: 'rnncell', data: { gates: 3 }, show: ['input_size', 'hidden_size'], input: cellIn(['hx']) },
  // attention / transformer
  { name: 'MultiheadAttention', category: 'attention', sig: [['embed_dim', R], ['num_heads', R], ['dropout', f(0)], ['bias', true], ['add_bias_kv', false], ['add_zero_attn', false], ['kdim', null], ['vdim', null], ['batch_first', false], ['device', null], ['dtype', null]], params: 'mha', shape: 'mha', show: ['embed_dim', 'num_heads'], input: mhaIn },
  { name: 'TransformerEncoderLayer', category: 'attention', sig: [['d_model', R], ['nhead', R], ['dim_feedforward', 2048], ['dropout', f(0.1)], ['activation', 'relu'], ['layer_norm_eps', f(1e-5)], ['batch_first', false], ['norm_first', false], ['bias', true], ['device', null], ['dtype', null]], params: 'encoderlayer', shape: 'first', show: ['d_model', 'nhead', 'dim_feedforward'], input: encoderLayerIn },
  { name: 'TransformerDecoderLayer', category: 'attention', sig: [['d_model', R], ['nhead', R], ['dim_feedforward', 2048], ['dropout', f(0.1)], ['activation', 'relu'], ['layer_norm_eps', f(1e-5)], ['batch_first', false], ['norm_first', false], ['bias', true], ['device', null], ['dtype', null]], params: 'decoderlayer', shape: 'first', show: ['d_model', 'nhead', 'dim_feedforward'], input: decoderLayerIn },
  { name: 'TransformerEncoder', category: 'container', sig: [['encoder_layer', R], ['num_layers', R], ['norm', null], ['enable_nested_tensor', true], ['mask_check', true]], params: 'stack', shape: 'first', show: ['num_layers'] },
  { name: 'TransformerDecoder', category: 'container', sig: [['decoder_layer', R], ['num_layers', R], ['norm', null]], params: 'stack', shape: 'first', show: ['num_layers'] },
  { name: 'Transformer', category: 'attention', sig: [['d_model', 512], ['nhead', 8], ['num_encoder_layers', 6], ['num_decoder_layers', 6], ['dim_feedforward', 2048], ['dropout', f(0.1)], ['activation', 'relu'], ['custom_encoder', null], ['custom_decoder', null], ['layer_norm_eps', f(1e-5)], ['batch_first', false], ['norm_first', false], ['bias', true], ['device', null], ['dtype', null]], params: 'transformer', shape: 'second', show: ['d_model', 'nhead'], input: transformerIn },
  // activations
  { name: 'PReLU', category: 'activation', sig: [['num_parameters', 1], ['init', f(0.25)], ['device', null], ['dtype', null]], params: 'prelu', shape: 'same' },
  ...['ReLU', 'ReLU6', 'SELU', 'SiLU', 'Mish', 'Sigmoid', 'Tanh', 'Hardswish', 'Hardsigmoid', 'LogSigmoid', 'Tanhshrink', 'Softsign'].map(
    (name): LayerEntry => ({ name, category: 'activation', sig: [['inplace', false]], shape: 'same' })
  ),
  { name: 'LeakyReLU', category: 'activation', sig: [['negative_slope', f(0.01)], ['inplace', false]], shape: 'same' },
  { name: 'ELU', category: 'activation', sig: [['alpha', f(1)], ['inplace', false]], shape: 'same' },
  { name: 'CELU', category: 'activation', sig: [['alpha', f(1)], ['inplace', false]], shape: 'same' },
  { name: 'GELU', category: 'activation', sig: [['approximate', 'none']], shape: 'same' },
  { name: 'Softplus', category: 'activation', sig: [['beta', f(1)], ['threshold', f(20)]], shape: 'same' },
  { name: 'Hardtanh', category: 'activation', sig: [['min_val', f(-1)], ['max_val', f(1)], ['inplace', false]], shape: 'same' },
  { name: 'Softshrink', category: 'activation', sig: [['lambd', f(0.5)]], shape: 'same' },
  { name: 'Hardshrink', category: 'activation', sig: [['lambd', f(0.5)]], shape: 'same' },
  { name: 'Threshold', category: 'activation', sig: [['threshold', R], ['value', R], ['inplace', false]], shape: 'same' },
  { name: 'RReLU', category: 'activation', sig: [['lower', f(1 / 8)], ['upper', f(1 / 3)], ['inplace', false]], shape: 'same' },
  { name: 'GLU', category: 'activation', sig: [['dim', -1]], shape: 'glu', input: { checks: [{ dimArg: 'dim' }, { axis: 'dim', divisibleBy: 2, what: 'halved dimension' }] } },
  { name: 'Softmax', category: 'activation', sig: [['dim', null]], shape: 'same', input: { checks: [{ dimArg: 'dim' }] } },
  { name: 'LogSoftmax', category: 'activation', sig: [['dim', null]], shape: 'same', input: { checks: [{ dimArg: 'dim' }] } },
  { name: 'Softmin', category: 'activation', sig: [['dim', null]], shape: 'same', input: { checks: [{ dimArg: 'dim' }] } },
  { name: 'Softmax2d', category: 'activation', sig: [], shape: 'same' },
  // dropout
  { name: 'Dropout', category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same', show: ['p'] },
  { name: 'AlphaDropout', category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same' },
  { name: 'FeatureAlphaDropout', category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same' },
  // reshape
  { name: 'Flatten', category: 'reshape', sig: [['start_dim', 1], ['end_dim', -1]], shape: 'flatten', input: { checks: [{ dimArg: 'start_dim' }, { dimArg: 'end_dim' }] } },
  { name: 'Unflatten', category: 'reshape', sig: [['dim', R], ['unflattened_size', R]], shape: 'unflatten', input: { checks: [{ dimArg: 'dim' }, { unflatten: { dim: 'dim', sizes: 'unflattened_size' } }] } },
  { name: 'Upsample', category: 'reshape', sig: [['size', null], ['scale_factor', null], ['mode', 'nearest'], ['align_corners', null], ['recompute_scale_factor', null]], shape: 'upsample', input: upsampleIn() },
  { name: 'UpsamplingNearest2d', category: 'reshape', sig: [['size', null], ['scale_factor', null]], shape: 'upsample', input: upsampleIn() },
  { name: 'UpsamplingBilinear2d', category: 'reshape', sig: [['size', null], ['scale_factor', null]], shape: 'upsample', input: upsampleIn('bilinear') },
  { name: 'PixelShuffle', category: 'reshape', sig: [['upscale_factor', R]], shape: 'pixelshuffle', input: { checks: [{ minNdim: 3 }, { axis: -3, divisibleBy: { mul: ['upscale_factor', 'upscale_factor'] }, what: 'channels' }] } },
  { name: 'PixelUnshuffle', category: 'reshape', sig: [['downscale_factor', R]], shape: 'pixelunshuffle', input: { checks: [{ minNdim: 3 }, { axis: -2, divisibleBy: 'downscale_factor', what: 'height' }, { axis: -1, divisibleBy: 'downscale_factor', what: 'width' }] } },
  { name: 'ChannelShuffle', category: 'reshape', sig: [['groups', R]], shape: 'same', input: { checks: [{ minNdim: 3 }, { axis: 1, divisibleBy: 'groups', what: 'channels' }] } },
  // sliding-window patches (no parameters; output shape not modelled)
  { name: 'Unfold', category: 'reshape', sig: [['kernel_size', R], ['dilation', 1], ['padding', 0], ['stride', 1]] },
  { name: 'Fold', category: 'reshape', sig: [['output_size', R], ['kernel_size', R], ['dilation', 1], ['padding', 0], ['stride', 1]] },
  // einops layers (einops.layers.torch): no parameters, shape from the pattern
  { name: 'Rearrange', category: 'reshape', sig: [['pattern', R]], varargs: true, shape: 'einops', data: { kind: 'rearrange' }, show: ['pattern'] },
  { name: 'Reduce', category: 'pooling', sig: [['pattern', R], ['reduction', R]], varargs: true, shape: 'einops', data: { kind: 'reduce' }, show: ['pattern'] },
  // misc without parameters
  { name: 'CosineSimilarity', category: 'other', sig: [['dim', 1], ['eps', f(1e-8)]] },
  { name: 'PairwiseDistance', category: 'other', sig: [['p', f(2)], ['eps', f(1e-6)], ['keepdim', false]] },
  // Elementwise losses broadcast input with target (a warning when they differ, an error when they cannot).
  ...['L1Loss', 'MSELoss', 'HuberLoss', 'SmoothL1Loss', 'KLDivLoss', 'PoissonNLLLoss', 'SoftMarginLoss'].map(
    (name): LayerEntry => ({ name, category: 'other', sig: [], varargs: true, input: lossIn('broadcast') })
  ),
  ...['CTCLoss', 'CosineEmbeddingLoss', 'MarginRankingLoss', 'TripletMarginLoss', 'GaussianNLLLoss', 'HingeEmbeddingLoss'].map(
    (name): LayerEntry => ({ name, category: 'other', sig: [], varargs: true })
  ),
  // Losses with class weights (torch's _WeightedLoss): `weight` (and pos_weight) are buffers.
  { name: 'CrossEntropyLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['ignore_index', -100], ['reduce', null], ['reduction', 'mean'], ['label_smoothing', f(0)]], params: 'weightedloss', input: lossIn('class') },
  { name: 'NLLLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['ignore_index', -100], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss', input: lossIn('class') },
  { name: 'BCELoss', category: 'other', sig: [['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss', input: lossIn('same') },
  { name: 'BCEWithLogitsLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean'], ['pos_weight', null]], params: 'weightedloss', input: lossIn('same') },
  { name: 'MultiLabelSoftMarginLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss' },
  { name: 'MultiMarginLoss', category: 'other', sig: [['p', 1], ['margin', f(1)], ['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss' }
];

export const TORCH_NN_CATALOG: ReadonlyMap<string, LayerEntry> = new Map(entries.map(e => [e.name, e]));

/** The contracts of torch.nn.functional's losses (input, target): the same as their modules'. */
export const FUNCTIONAL_LOSS_CONTRACTS: ReadonlyMap<string, TorchContract> = new Map([
  ...['mse_loss', 'l1_loss', 'smooth_l1_loss', 'huber_loss', 'kl_div', 'poisson_nll_loss', 'soft_margin_loss'].map((n): [string, TorchContract] => [n, lossIn('broadcast')]),
  ...['binary_cross_entropy', 'binary_cross_entropy_with_logits'].map((n): [string, TorchContract] => [n, lossIn('same')]),
  ...['cross_entropy', 'nll_loss'].map((n): [string, TorchContract] => [n, lossIn('class')])
]);
