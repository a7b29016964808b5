// torch.nn layer catalog as data: for each layer class its constructor signature (names in
// positional order, with defaults), category, parameter/buffer rule id, shape rule id and the
// arguments worth showing. Rules themselves live in rules.ts and shapes.ts, keyed by id.
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
}

const R: 'REQ' = 'REQ';
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
  { name: 'Linear', category: 'linear', sig: [['in_features', R], ['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'linear', shape: 'linear', show: ['in_features', 'out_features'] },
  { name: 'NonDynamicallyQuantizableLinear', category: 'linear', sig: [['in_features', R], ['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'linear', shape: 'linear', show: ['in_features', 'out_features'] },
  { name: 'LazyLinear', category: 'linear', sig: [['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'linear', shape: 'linear', lazy: true, show: ['out_features'] },
  { name: 'Bilinear', category: 'linear', sig: [['in1_features', R], ['in2_features', R], ['out_features', R], ['bias', true], ['device', null], ['dtype', null]], params: 'bilinear', shape: 'bilinear', show: ['in1_features', 'in2_features', 'out_features'] },
  // convolution
  ...[1, 2, 3].flatMap((n): LayerEntry[] => [
    { name: `Conv${n}d`, category: 'conv', sig: conv(n, false), params: 'conv', shape: 'conv', data: { n }, show: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'] },
    { name: `ConvTranspose${n}d`, category: 'conv', sig: conv(n, true), params: 'conv', shape: 'conv', data: { n, transposed: true }, show: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding'] },
    { name: `LazyConv${n}d`, category: 'conv', sig: lazyConv(false), params: 'conv', shape: 'conv', data: { n }, lazy: true, show: ['out_channels', 'kernel_size', 'stride', 'padding'] },
    { name: `LazyConvTranspose${n}d`, category: 'conv', sig: lazyConv(true), params: 'conv', shape: 'conv', data: { n, transposed: true }, lazy: true, show: ['out_channels', 'kernel_size', 'stride', 'padding'] },
    { name: `BatchNorm${n}d`, category: 'norm', sig: bn, params: 'batchnorm', shape: 'same', data: { n }, show: ['num_features'] },
    { name: `LazyBatchNorm${n}d`, category: 'norm', sig: bn.slice(1), params: 'batchnorm', shape: 'same', data: { n }, lazy: true },
    { name: `InstanceNorm${n}d`, category: 'norm', sig: inorm, params: 'batchnorm', shape: 'same', show: ['num_features'] },
    // Lazy instance norms default to affine=True, track_running_stats=True (unlike InstanceNorm).
    { name: `LazyInstanceNorm${n}d`, category: 'norm', sig: bn.slice(1), params: 'batchnorm', shape: 'same', data: { n, kind: 'instance' }, lazy: true },
    { name: `MaxPool${n}d`, category: 'pooling', sig: maxpool, shape: 'pool', data: { n, kind: 'max' }, show: ['kernel_size', 'stride'] },
    { name: `AvgPool${n}d`, category: 'pooling', sig: avgpool(n), shape: 'pool', data: { n, kind: 'avg' }, show: ['kernel_size', 'stride'] },
    { name: `AdaptiveAvgPool${n}d`, category: 'pooling', sig: [['output_size', R]], shape: 'adaptive', data: { n }, show: ['output_size'] },
    { name: `AdaptiveMaxPool${n}d`, category: 'pooling', sig: [['output_size', R], ['return_indices', false]], shape: 'adaptive', data: { n }, show: ['output_size'] },
    { name: `LPPool${n}d`, category: 'pooling', sig: [['norm_type', R], ['kernel_size', R], ['stride', null], ['ceil_mode', false]], shape: 'lppool', data: { n } },
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
  { name: 'SyncBatchNorm', category: 'norm', sig: [...bn.slice(0, 5), ['process_group', null], ['device', null], ['dtype', null]], params: 'batchnorm', shape: 'same', show: ['num_features'] },
  { name: 'LayerNorm', category: 'norm', sig: [['normalized_shape', R], ['eps', f(1e-5)], ['elementwise_affine', true], ['bias', true], ['device', null], ['dtype', null]], params: 'layernorm', shape: 'same', show: ['normalized_shape'] },
  { name: 'GroupNorm', category: 'norm', sig: [['num_groups', R], ['num_channels', R], ['eps', f(1e-5)], ['affine', true], ['device', null], ['dtype', null]], params: 'groupnorm', shape: 'same', show: ['num_groups', 'num_channels'] },
  { name: 'RMSNorm', category: 'norm', sig: [['normalized_shape', R], ['eps', null], ['elementwise_affine', true], ['device', null], ['dtype', null]], params: 'rmsnorm', shape: 'same', show: ['normalized_shape'] },
  { name: 'LocalResponseNorm', category: 'norm', sig: [['size', R], ['alpha', f(1e-4)], ['beta', f(0.75)], ['k', f(1)]], shape: 'same', show: ['size'] },
  { name: 'CrossMapLRN2d', category: 'norm', sig: [['size', R], ['alpha', f(1e-4)], ['beta', f(0.75)], ['k', f(1)]], shape: 'same' },
  // embedding
  { name: 'Embedding', category: 'embedding', sig: [['num_embeddings', R], ['embedding_dim', R], ['padding_idx', null], ['max_norm', null], ['norm_type', f(2)], ['scale_grad_by_freq', false], ['sparse', false], ['_weight', null], ['_freeze', false], ['device', null], ['dtype', null]], params: 'embedding', shape: 'embedding', show: ['num_embeddings', 'embedding_dim'] },
  { name: 'EmbeddingBag', category: 'embedding', sig: [['num_embeddings', R], ['embedding_dim', R], ['max_norm', null], ['norm_type', f(2)], ['scale_grad_by_freq', false], ['mode', 'mean'], ['sparse', false], ['_weight', null], ['include_last_offset', false], ['padding_idx', null], ['device', null], ['dtype', null]], params: 'embedding', shape: 'embeddingbag', show: ['num_embeddings', 'embedding_dim'] },
  // recurrent
  { name: 'RNN', category: 'recurrent', sig: rnnSig, params: 'rnn', shape: 'rnn', data: { gates: 1 }, show: ['input_size', 'hidden_size', 'num_layers'] },
  { name: 'LSTM', category: 'recurrent', sig: lstmSig, params: 'rnn', shape: 'rnn', data: { gates: 4, kind: 'lstm' }, show: ['input_size', 'hidden_size', 'num_layers'] },
  { name: 'GRU', category: 'recurrent', sig: gruSig, params: 'rnn', shape: 'rnn', data: { gates: 3 }, show: ['input_size', 'hidden_size', 'num_layers'] },
  { name: 'RNNCell', category: 'recurrent', sig: [['input_size', R], ['hidden_size', R], ['bias', true], ['nonlinearity', 'tanh'], ['device', null], ['dtype', null]], params: 'rnncell', shape: 'rnncell', data: { gates: 1 }, show: ['input_size', 'hidden_size'] },
  { name: 'LSTMCell', category: 'recurrent', sig: [['input_size', R], ['hidden_size', R], ['bias', true], ['device', null], ['dtype', null]], params: 'rnncell', shape: 'rnncell', data: { gates: 4, kind: 'lstm' }, show: ['input_size', 'hidden_size'] },
  { name: 'GRUCell', category: 'recurrent', sig: [['input_size', R], ['hidden_size', R], ['bias', true], ['device', null], ['dtype', null]], params: 'rnncell', shape: 'rnncell', data: { gates: 3 }, show: ['input_size', 'hidden_size'] },
  // attention / transformer
  { name: 'MultiheadAttention', category: 'attention', sig: [['embed_dim', R], ['num_heads', R], ['dropout', f(0)], ['bias', true], ['add_bias_kv', false], ['add_zero_attn', false], ['kdim', null], ['vdim', null], ['batch_first', false], ['device', null], ['dtype', null]], params: 'mha', shape: 'mha', show: ['embed_dim', 'num_heads'] },
  { name: 'TransformerEncoderLayer', category: 'attention', sig: [['d_model', R], ['nhead', R], ['dim_feedforward', 2048], ['dropout', f(0.1)], ['activation', 'relu'], ['layer_norm_eps', f(1e-5)], ['batch_first', false], ['norm_first', false], ['bias', true], ['device', null], ['dtype', null]], params: 'encoderlayer', shape: 'first', show: ['d_model', 'nhead', 'dim_feedforward'] },
  { name: 'TransformerDecoderLayer', category: 'attention', sig: [['d_model', R], ['nhead', R], ['dim_feedforward', 2048], ['dropout', f(0.1)], ['activation', 'relu'], ['layer_norm_eps', f(1e-5)], ['batch_first', false], ['norm_first', false], ['bias', true], ['device', null], ['dtype', null]], params: 'decoderlayer', shape: 'first', show: ['d_model', 'nhead', 'dim_feedforward'] },
  { name: 'TransformerEncoder', category: 'container', sig: [['encoder_layer', R], ['num_layers', R], ['norm', null], ['enable_nested_tensor', true], ['mask_check', true]], params: 'stack', shape: 'first', show: ['num_layers'] },
  { name: 'TransformerDecoder', category: 'container', sig: [['decoder_layer', R], ['num_layers', R], ['norm', null]], params: 'stack', shape: 'first', show: ['num_layers'] },
  { name: 'Transformer', category: 'attention', sig: [['d_model', 512], ['nhead', 8], ['num_encoder_layers', 6], ['num_decoder_layers', 6], ['dim_feedforward', 2048], ['dropout', f(0.1)], ['activation', 'relu'], ['custom_encoder', null], ['custom_decoder', null], ['layer_norm_eps', f(1e-5)], ['batch_first', false], ['norm_first', false], ['bias', true], ['device', null], ['dtype', null]], params: 'transformer', shape: 'second', show: ['d_model', 'nhead'] },
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
  { name: 'GLU', category: 'activation', sig: [['dim', -1]], shape: 'glu' },
  { name: 'Softmax', category: 'activation', sig: [['dim', null]], shape: 'same' },
  { name: 'LogSoftmax', category: 'activation', sig: [['dim', null]], shape: 'same' },
  { name: 'Softmin', category: 'activation', sig: [['dim', null]], shape: 'same' },
  { name: 'Softmax2d', category: 'activation', sig: [], shape: 'same' },
  // dropout
  { name: 'Dropout', category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same', show: ['p'] },
  { name: 'AlphaDropout', category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same' },
  { name: 'FeatureAlphaDropout', category: 'dropout', sig: [['p', f(0.5)], ['inplace', false]], shape: 'same' },
  // reshape
  { name: 'Flatten', category: 'reshape', sig: [['start_dim', 1], ['end_dim', -1]], shape: 'flatten' },
  { name: 'Unflatten', category: 'reshape', sig: [['dim', R], ['unflattened_size', R]], shape: 'unflatten' },
  { name: 'Upsample', category: 'reshape', sig: [['size', null], ['scale_factor', null], ['mode', 'nearest'], ['align_corners', null], ['recompute_scale_factor', null]], shape: 'upsample' },
  { name: 'UpsamplingNearest2d', category: 'reshape', sig: [['size', null], ['scale_factor', null]], shape: 'upsample' },
  { name: 'UpsamplingBilinear2d', category: 'reshape', sig: [['size', null], ['scale_factor', null]], shape: 'upsample' },
  { name: 'PixelShuffle', category: 'reshape', sig: [['upscale_factor', R]], shape: 'pixelshuffle' },
  { name: 'PixelUnshuffle', category: 'reshape', sig: [['downscale_factor', R]], shape: 'pixelunshuffle' },
  { name: 'ChannelShuffle', category: 'reshape', sig: [['groups', R]], shape: 'same' },
  // einops layers (einops.layers.torch): no parameters, shape from the pattern
  { name: 'Rearrange', category: 'reshape', sig: [['pattern', R]], varargs: true, shape: 'einops', data: { kind: 'rearrange' }, show: ['pattern'] },
  { name: 'Reduce', category: 'pooling', sig: [['pattern', R], ['reduction', R]], varargs: true, shape: 'einops', data: { kind: 'reduce' }, show: ['pattern'] },
  // misc without parameters
  { name: 'CosineSimilarity', category: 'other', sig: [['dim', 1], ['eps', f(1e-8)]] },
  { name: 'PairwiseDistance', category: 'other', sig: [['p', f(2)], ['eps', f(1e-6)], ['keepdim', false]] },
  ...['L1Loss', 'MSELoss', 'HuberLoss', 'SmoothL1Loss', 'KLDivLoss', 'CTCLoss', 'CosineEmbeddingLoss', 'MarginRankingLoss', 'TripletMarginLoss', 'PoissonNLLLoss', 'GaussianNLLLoss', 'SoftMarginLoss', 'HingeEmbeddingLoss'].map(
    (name): LayerEntry => ({ name, category: 'other', sig: [], varargs: true })
  ),
  // Losses with class weights (torch's _WeightedLoss): `weight` (and pos_weight) are buffers.
  { name: 'CrossEntropyLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['ignore_index', -100], ['reduce', null], ['reduction', 'mean'], ['label_smoothing', f(0)]], params: 'weightedloss' },
  { name: 'NLLLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['ignore_index', -100], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss' },
  { name: 'BCELoss', category: 'other', sig: [['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss' },
  { name: 'BCEWithLogitsLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean'], ['pos_weight', null]], params: 'weightedloss' },
  { name: 'MultiLabelSoftMarginLoss', category: 'other', sig: [['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss' },
  { name: 'MultiMarginLoss', category: 'other', sig: [['p', 1], ['margin', f(1)], ['weight', null], ['size_average', null], ['reduce', null], ['reduction', 'mean']], params: 'weightedloss' }
];

export const TORCH_NN_CATALOG: ReadonlyMap<string, LayerEntry> = new Map(entries.map(e => [e.name, e]));
