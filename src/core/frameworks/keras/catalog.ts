// keras.layers catalog as data: for each layer class its constructor signature (positional
// order, with defaults), category, weight rule id (rules.ts: which weights build() creates,
// and which of them are non-trainable, e.g. BatchNormalization's moving statistics), shape
// rule id (shapes in rules.ts), a little constant data for the rules and its input contract
// (the InputSpec Keras declares, checked by contract.ts). Aliases
// (MaxPool2D -> MaxPooling2D) map to the class Keras really instantiates, because that
// class name is what names the layer ('max_pooling2d').
// Adding a layer = adding an entry here (plus a rule only if no existing rule fits).
// Does not: compute anything.
import type { Category } from '../../ir';

/** A default value in a signature, as plain data. REQ marks a required argument. */
export type { CatalogDefault as KDefault } from '../defaults';
import type { CatalogDefault as KDefault } from '../defaults';

export interface KerasLayerEntry {
  /** The Keras class name (what summary() prints in the Type column). */
  name: string;
  category: Category;
  /** Positional order of constructor arguments with defaults (keyword-only ones too). */
  sig: Array<[string, KDefault]>;
  /** Weight rule id (rules.ts WEIGHT_RULES). Absent = no weights. */
  weights?: string;
  /** Shape rule id (rules.ts SHAPE_RULES). Absent = output shape unknown ('?'). */
  shape?: string;
  /** Constant data for the rules (spatial rank, gate count, merge kind...). */
  data?: { n?: number; gates?: number; kind?: string; transposed?: boolean };
  /** Arguments shown in the table, in order. */
  show?: string[];
  /** A layer without weights whose other arguments cannot change any count (augmentations). */
  anyArgs?: boolean;
  /** Wrapper / composite handled by the host (Bidirectional, TimeDistributed, RNN, MHA...). */
  special?: 'bidirectional' | 'timedistributed' | 'rnn' | 'mha' | 'lambda' | 'input' | 'stackedcells';
  /** What the layer's input must be (contract.ts checks it at every call). Absent = anything. */
  spec?: KerasInputContract;
}

/**
 * A layer's input contract as Keras 3 declares it: the InputSpec its __init__ sets, what
 * build() adds from the first input it sees, and the few rank rules its ops or build() raise
 * on without an InputSpec. Every call of the layer is checked against it (contract.ts).
 */
export interface KerasInputContract {
  /** InputSpec(ndim=…): the exact rank; `{ lenOf, plus }` is len(argument) + plus (Permute). */
  ndim?: number | { lenOf: string; plus: number };
  /** InputSpec(min_ndim=…). */
  minNdim?: number;
  /** The rank the layer's op needs beyond min_ndim (a conv kernel of rank n+2 needs an input of rank n+2). */
  opNdim?: number;
  /** build() raises below this rank (TimeDistributed needs (batch, time, ...)). */
  buildMinNdim?: number;
  /** build(): InputSpec(ndim=len(input_shape)): every later input has the first one's rank. */
  buildNdim?: boolean;
  /**
   * build(): InputSpec(axes=…) from the first input: later inputs must have the same size on
   * these axes. A number (-1 = last), 'channel' (-1, or 1 with data_format='channels_first')
   * or 'axis' (the layer's `axis` argument, an int or a list).
   */
  buildAxes?: Array<number | 'channel' | 'axis'>;
  /** The contract is the wrapped layer's (Bidirectional uses its RNN's input_spec). */
  inherit?: string;
  /** call(initial_state=[…]): how many states, and the argument their last axis must equal. */
  states?: { count: number; width: string };
}

const R: 'REQ' = 'REQ';
const f = (x: number): { float: number } => ({ float: x });

const convSig = (n: number): Array<[string, KDefault]> => [
  ['filters', R], ['kernel_size', R], ['strides', 1], ['padding', 'valid'], ['data_format', null], ['dilation_rate', 1],
  ['groups', 1], ['activation', null], ['use_bias', true]
];
const convTSig: Array<[string, KDefault]> = [
  ['filters', R], ['kernel_size', R], ['strides', 1], ['padding', 'valid'], ['output_padding', null], ['data_format', null],
  ['dilation_rate', 1], ['activation', null], ['use_bias', true]
];
const sepSig: Array<[string, KDefault]> = [
  ['filters', R], ['kernel_size', R], ['strides', 1], ['padding', 'valid'], ['data_format', null], ['dilation_rate', 1],
  ['depth_multiplier', 1], ['activation', null], ['use_bias', true]
];
const dwSig: Array<[string, KDefault]> = [
  ['kernel_size', R], ['strides', 1], ['padding', 'valid'], ['depth_multiplier', 1], ['data_format', null], ['dilation_rate', 1],
  ['activation', null], ['use_bias', true]
];
const poolSig = (n: number): Array<[string, KDefault]> => [['pool_size', n === 1 ? 2 : new Array(n).fill(2)], ['strides', null], ['padding', 'valid'], ['data_format', null]];
const gpoolSig: Array<[string, KDefault]> = [['data_format', null], ['keepdims', false]];
const rnnCommon: Array<[string, KDefault]> = [
  ['use_bias', true], ['dropout', f(0)], ['recurrent_dropout', f(0)], ['return_sequences', false], ['return_state', false],
  ['go_backwards', false], ['stateful', false], ['unroll', false], ['activation', 'tanh'], ['recurrent_activation', 'sigmoid']
];

// Input contracts (Keras 3 sources): convolutions declare min_ndim=rank+2 and, when built,
// the channel axis; compute_conv_output_shape needs the input's rank to be the kernel's.
// Pooling, padding, cropping, upsampling and spatial dropout declare ndim=rank+2.
const convSpec = (n: number): KerasInputContract => ({ minNdim: n + 2, opNdim: n + 2, buildAxes: ['channel'] });
const rankSpec = (n: number): KerasInputContract => ({ ndim: n + 2 });

const convEntries = [1, 2, 3].flatMap((n): KerasLayerEntry[] => [
  { name: `Conv${n}D`, category: 'conv', sig: convSig(n), weights: 'conv', shape: 'conv', data: { n }, show: ['filters', 'kernel_size', 'strides'], spec: convSpec(n) },
  { name: `Conv${n}DTranspose`, category: 'conv', sig: convTSig, weights: 'conv', shape: 'conv', data: { n, transposed: true }, show: ['filters', 'kernel_size', 'strides'], spec: { minNdim: n + 2, buildAxes: ['channel'] } },
  { name: `MaxPooling${n}D`, category: 'pooling', sig: poolSig(n), shape: 'pool', data: { n }, spec: rankSpec(n) },
  { name: `AveragePooling${n}D`, category: 'pooling', sig: poolSig(n), shape: 'pool', data: { n }, spec: rankSpec(n) },
  { name: `GlobalMaxPooling${n}D`, category: 'pooling', sig: gpoolSig, shape: 'gpool', data: { n }, spec: rankSpec(n) },
  { name: `GlobalAveragePooling${n}D`, category: 'pooling', sig: gpoolSig, shape: 'gpool', data: { n }, spec: rankSpec(n) },
  { name: `UpSampling${n}D`, category: 'reshape', sig: n === 1 ? [['size', 2]] : [['size', new Array(n).fill(2)], ['data_format', null], ['interpolation', 'nearest']], shape: 'upsample', data: { n }, spec: rankSpec(n) },
  { name: `ZeroPadding${n}D`, category: 'reshape', sig: n === 1 ? [['padding', 1]] : [['padding', new Array(n).fill(1)], ['data_format', null]], shape: 'zeropad', data: { n }, spec: rankSpec(n) },
  { name: `Cropping${n}D`, category: 'reshape', sig: n === 1 ? [['cropping', [1, 1]]] : [['cropping', n === 2 ? 0 : 1], ['data_format', null]], shape: 'crop', data: { n }, spec: rankSpec(n) },
  { name: `SpatialDropout${n}D`, category: 'dropout', sig: [['rate', R], ['seed', null], ['data_format', null]], shape: 'same', spec: rankSpec(n) }
]);

const entries: KerasLayerEntry[] = [
  { name: 'InputLayer', category: 'input', sig: [['shape', null], ['batch_size', null], ['dtype', null], ['sparse', null], ['batch_shape', null], ['input_tensor', null], ['optional', false], ['name', null]], special: 'input' },
  // core
  { name: 'Dense', category: 'linear', sig: [['units', R], ['activation', null], ['use_bias', true]], weights: 'dense', shape: 'dense', show: ['units', 'activation'], spec: { minNdim: 2, buildAxes: [-1] } },
  { name: 'EinsumDense', category: 'linear', sig: [['equation', R], ['output_shape', R], ['activation', null], ['bias_axes', null]], weights: 'einsum', shape: 'einsum', show: ['equation'], spec: { buildNdim: true } },
  { name: 'Embedding', category: 'embedding', sig: [['input_dim', R], ['output_dim', R], ['embeddings_initializer', 'uniform'], ['embeddings_regularizer', null], ['embeddings_constraint', null], ['mask_zero', false], ['weights', null], ['lora_rank', null]], weights: 'embedding', shape: 'embedding', show: ['input_dim', 'output_dim'] },
  { name: 'Identity', category: 'other', sig: [], shape: 'same' },
  { name: 'Masking', category: 'other', sig: [['mask_value', f(0)]], shape: 'same' },
  { name: 'Lambda', category: 'function', sig: [['function', R], ['output_shape', null], ['mask', null], ['arguments', null]], special: 'lambda' },
  // convolution
  ...convEntries,
  { name: 'SeparableConv1D', category: 'conv', sig: sepSig, weights: 'separable', shape: 'conv', data: { n: 1 }, show: ['filters', 'kernel_size'], spec: convSpec(1) },
  { name: 'SeparableConv2D', category: 'conv', sig: sepSig, weights: 'separable', shape: 'conv', data: { n: 2 }, show: ['filters', 'kernel_size'], spec: convSpec(2) },
  { name: 'DepthwiseConv1D', category: 'conv', sig: dwSig, weights: 'depthwise', shape: 'depthwise', data: { n: 1 }, show: ['kernel_size'], spec: convSpec(1) },
  { name: 'DepthwiseConv2D', category: 'conv', sig: dwSig, weights: 'depthwise', shape: 'depthwise', data: { n: 2 }, show: ['kernel_size'], spec: convSpec(2) },
  // normalization
  { name: 'BatchNormalization', category: 'norm', sig: [['axis', -1], ['momentum', f(0.99)], ['epsilon', f(0.001)], ['center', true], ['scale', true]], weights: 'batchnorm', shape: 'same', spec: { buildNdim: true, buildAxes: ['axis'] } },
  { name: 'LayerNormalization', category: 'norm', sig: [['axis', -1], ['epsilon', f(0.001)], ['center', true], ['scale', true], ['rms_scaling', false]], weights: 'layernorm', shape: 'same' },
  { name: 'GroupNormalization', category: 'norm', sig: [['groups', 32], ['axis', -1], ['epsilon', f(0.001)], ['center', true], ['scale', true]], weights: 'groupnorm', shape: 'same', spec: { buildNdim: true, buildAxes: ['axis'] } },
  { name: 'UnitNormalization', category: 'norm', sig: [['axis', -1]], shape: 'same' },
  { name: 'RMSNormalization', category: 'norm', sig: [['axis', -1], ['epsilon', f(1e-6)]], weights: 'rmsnorm', shape: 'same' },
  // recurrent
  // Recurrent layers declare ndim=3; their kernel is built for the first input's last axis, and
  // each initial state is (batch, units).
  { name: 'SimpleRNN', category: 'recurrent', sig: [['units', R], ...rnnCommon], weights: 'rnn', shape: 'rnn', data: { gates: 1 }, show: ['units'], spec: { ndim: 3, buildAxes: [-1], states: { count: 1, width: 'units' } } },
  { name: 'LSTM', category: 'recurrent', sig: [['units', R], ...rnnCommon], weights: 'rnn', shape: 'rnn', data: { gates: 4, kind: 'lstm' }, show: ['units'], spec: { ndim: 3, buildAxes: [-1], states: { count: 2, width: 'units' } } },
  { name: 'GRU', category: 'recurrent', sig: [['units', R], ...rnnCommon, ['reset_after', true]], weights: 'rnn', shape: 'rnn', data: { gates: 3, kind: 'gru' }, show: ['units'], spec: { ndim: 3, buildAxes: [-1], states: { count: 1, width: 'units' } } },
  { name: 'SimpleRNNCell', category: 'recurrent', sig: [['units', R], ['activation', 'tanh'], ['use_bias', true]], weights: 'rnn', data: { gates: 1 } },
  { name: 'LSTMCell', category: 'recurrent', sig: [['units', R], ['activation', 'tanh'], ['recurrent_activation', 'sigmoid'], ['use_bias', true]], weights: 'rnn', data: { gates: 4, kind: 'lstm' } },
  { name: 'GRUCell', category: 'recurrent', sig: [['units', R], ['activation', 'tanh'], ['recurrent_activation', 'sigmoid'], ['use_bias', true], ['reset_after', true]], weights: 'rnn', data: { gates: 3, kind: 'gru' } },
  { name: 'StackedRNNCells', category: 'recurrent', sig: [['cells', R]], special: 'stackedcells' },
  { name: 'RNN', category: 'recurrent', sig: [['cell', R], ['return_sequences', false], ['return_state', false], ['go_backwards', false], ['stateful', false], ['unroll', false]], special: 'rnn' },
  { name: 'ConvLSTM2D', category: 'recurrent', sig: [['filters', R], ['kernel_size', R], ['strides', 1], ['padding', 'valid'], ['data_format', null], ['dilation_rate', 1], ['activation', 'tanh'], ['recurrent_activation', 'sigmoid'], ['use_bias', true], ['return_sequences', false], ['return_state', false]], weights: 'convlstm', shape: 'convlstm', data: { n: 2, gates: 4 }, show: ['filters', 'kernel_size'], spec: { ndim: 5 } },
  { name: 'Bidirectional', category: 'recurrent', sig: [['layer', R], ['merge_mode', 'concat'], ['weights', null], ['backward_layer', null]], special: 'bidirectional', spec: { inherit: 'layer' } },
  { name: 'TimeDistributed', category: 'container', sig: [['layer', R]], special: 'timedistributed', spec: { buildMinNdim: 3 } },
  // attention
  { name: 'MultiHeadAttention', category: 'attention', sig: [['num_heads', R], ['key_dim', R], ['value_dim', null], ['dropout', f(0)], ['use_bias', true], ['output_shape', null], ['attention_axes', null], ['use_gate', false]], special: 'mha', show: ['num_heads', 'key_dim'] },
  { name: 'GroupedQueryAttention', category: 'attention', sig: [['head_dim', R], ['num_query_heads', R], ['num_key_value_heads', R], ['dropout', f(0)], ['use_bias', true], ['use_gate', false]], weights: 'gqa', shape: 'query', show: ['num_query_heads', 'num_key_value_heads'] },
  { name: 'Attention', category: 'attention', sig: [['use_scale', false], ['score_mode', 'dot'], ['dropout', f(0)], ['seed', null]], weights: 'attention', shape: 'query' },
  { name: 'AdditiveAttention', category: 'attention', sig: [['use_scale', true], ['dropout', f(0)]], weights: 'additive', shape: 'query' },
  // activations
  { name: 'Activation', category: 'activation', sig: [['activation', R]], shape: 'same', show: ['activation'] },
  { name: 'ReLU', category: 'activation', sig: [['max_value', null], ['negative_slope', f(0)], ['threshold', f(0)]], shape: 'same' },
  { name: 'LeakyReLU', category: 'activation', sig: [['negative_slope', f(0.3)]], shape: 'same' },
  { name: 'PReLU', category: 'activation', sig: [['alpha_initializer', 'Zeros'], ['alpha_regularizer', null], ['alpha_constraint', null], ['shared_axes', null]], weights: 'prelu', shape: 'same', spec: { buildNdim: true } },
  { name: 'ELU', category: 'activation', sig: [['alpha', f(1)]], shape: 'same' },
  { name: 'Softmax', category: 'activation', sig: [['axis', -1]], shape: 'same' },
  // dropout / noise / regularization
  { name: 'Dropout', category: 'dropout', sig: [['rate', R], ['noise_shape', null], ['seed', null]], shape: 'same', show: ['rate'] },
  { name: 'GaussianDropout', category: 'dropout', sig: [['rate', R], ['seed', null]], shape: 'same' },
  { name: 'AlphaDropout', category: 'dropout', sig: [['rate', R], ['noise_shape', null], ['seed', null]], shape: 'same' },
  { name: 'GaussianNoise', category: 'dropout', sig: [['stddev', R], ['seed', null]], shape: 'same' },
  { name: 'ActivityRegularization', category: 'other', sig: [['l1', f(0)], ['l2', f(0)]], shape: 'same' },
  // reshape
  { name: 'Flatten', category: 'reshape', sig: [['data_format', null]], shape: 'flatten', spec: { minNdim: 1 } },
  { name: 'Reshape', category: 'reshape', sig: [['target_shape', R]], shape: 'reshape' },
  { name: 'Permute', category: 'reshape', sig: [['dims', R]], shape: 'permute', spec: { ndim: { lenOf: 'dims', plus: 1 } } },
  { name: 'RepeatVector', category: 'reshape', sig: [['n', R]], shape: 'repeat', spec: { ndim: 2 } },
  // merge
  ...['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'].map((name): KerasLayerEntry => ({ name, category: 'merge', sig: [], shape: 'merge' })),
  { name: 'Concatenate', category: 'merge', sig: [['axis', -1]], shape: 'concat' },
  { name: 'Dot', category: 'merge', sig: [['axes', R], ['normalize', false]], shape: 'dot' },
  // preprocessing
  { name: 'Rescaling', category: 'other', sig: [['scale', R], ['offset', f(0)]], shape: 'same' },
  { name: 'Normalization', category: 'norm', sig: [['axis', -1], ['mean', null], ['variance', null], ['invert', false]], weights: 'normalization', shape: 'same' },
  { name: 'Resizing', category: 'reshape', sig: [['height', R], ['width', R], ['interpolation', 'bilinear'], ['crop_to_aspect_ratio', false], ['pad_to_aspect_ratio', false], ['fill_mode', 'constant'], ['fill_value', f(0)], ['antialias', false], ['data_format', null]], shape: 'resize' },
  { name: 'CenterCrop', category: 'reshape', sig: [['height', R], ['width', R], ['data_format', null]], shape: 'resize' },
  { name: 'RandomFlip', category: 'other', anyArgs: true, sig: [['mode', 'horizontal_and_vertical'], ['seed', null]], shape: 'same' },
  { name: 'RandomRotation', category: 'other', anyArgs: true, sig: [['factor', R]], shape: 'same' },
  { name: 'RandomZoom', category: 'other', anyArgs: true, sig: [['height_factor', R], ['width_factor', null]], shape: 'same' },
  { name: 'RandomTranslation', category: 'other', anyArgs: true, sig: [['height_factor', R], ['width_factor', R]], shape: 'same' },
  { name: 'RandomContrast', category: 'other', anyArgs: true, sig: [['factor', R], ['value_range', [0, 255]], ['seed', null]], shape: 'same' },
  { name: 'RandomBrightness', category: 'other', anyArgs: true, sig: [['factor', R], ['value_range', [0, 255]], ['seed', null]], shape: 'same' },
  ...['RandomGrayscale', 'RandomSaturation', 'RandomHue', 'RandomSharpness', 'RandomShear', 'RandomInvert', 'RandomPosterization',
    'RandomColorJitter', 'RandomErasing', 'RandomGaussianBlur', 'RandomColorDegeneration', 'AutoContrast', 'Equalization', 'Solarization',
    'RandomPerspective', 'RandomElasticTransform', 'AugMix', 'RandAugment', 'CutMix', 'MixUp'].map(
    (name): KerasLayerEntry => ({ name, category: 'other', sig: [], anyArgs: true, shape: 'same' })),
  { name: 'RandomCrop', category: 'reshape', sig: [['height', R], ['width', R], ['seed', null], ['data_format', null]], anyArgs: true, shape: 'resize' },
  { name: 'Hashing', category: 'other', sig: [['num_bins', R]], anyArgs: true, shape: 'same' },
  { name: 'Discretization', category: 'other', sig: [['bin_boundaries', null], ['num_bins', null], ['epsilon', f(0.01)], ['output_mode', 'int']], shape: 'discretize' },
  { name: 'CategoryEncoding', category: 'other', sig: [['num_tokens', null], ['output_mode', 'multi_hot'], ['sparse', false]], shape: 'catenc' }
];

/** Other spellings of the same classes (what Keras instantiates is the target). */
const ALIASES: Array<[string, string]> = [
  ['MaxPool1D', 'MaxPooling1D'], ['MaxPool2D', 'MaxPooling2D'], ['MaxPool3D', 'MaxPooling3D'],
  ['AvgPool1D', 'AveragePooling1D'], ['AvgPool2D', 'AveragePooling2D'], ['AvgPool3D', 'AveragePooling3D'],
  ['GlobalMaxPool1D', 'GlobalMaxPooling1D'], ['GlobalMaxPool2D', 'GlobalMaxPooling2D'], ['GlobalMaxPool3D', 'GlobalMaxPooling3D'],
  ['GlobalAvgPool1D', 'GlobalAveragePooling1D'], ['GlobalAvgPool2D', 'GlobalAveragePooling2D'], ['GlobalAvgPool3D', 'GlobalAveragePooling3D'],
  ['GroupQueryAttention', 'GroupedQueryAttention'], ['Convolution1D', 'Conv1D'], ['Convolution2D', 'Conv2D'], ['Convolution3D', 'Conv3D'],
  ['Convolution2DTranspose', 'Conv2DTranspose'], ['Deconvolution2D', 'Conv2DTranspose'], ['SeparableConvolution2D', 'SeparableConv2D']
];

export const KERAS_LAYER_CATALOG: ReadonlyMap<string, KerasLayerEntry> = new Map(entries.map(e => [e.name, e]));
export const KERAS_LAYER_ALIASES: ReadonlyMap<string, string> = new Map(ALIASES);

/**
 * What compile(loss=...) needs of the targets fit/evaluate get, by loss name (Keras 3 first
 * squeezes or expands the target's last axis of 1 to the output's rank): 'same' shape as the
 * output (categorical / binary cross-entropy), 'sparse' class indices (the output's shape
 * without its class axis), or 'broadcast' with the output (elementwise losses).
 */
export const KERAS_LOSS_TARGETS: ReadonlyMap<string, 'same' | 'sparse' | 'broadcast'> = new Map([
  ['categorical_crossentropy', 'same'], ['binary_crossentropy', 'same'], ['categorical_focal_crossentropy', 'same'], ['binary_focal_crossentropy', 'same'],
  ['sparse_categorical_crossentropy', 'sparse'],
  ['mse', 'broadcast'], ['mean_squared_error', 'broadcast'], ['mae', 'broadcast'], ['mean_absolute_error', 'broadcast'],
  ['msle', 'broadcast'], ['mean_squared_logarithmic_error', 'broadcast'], ['huber', 'broadcast'], ['log_cosh', 'broadcast']
]);

/** Merge functions of keras.layers (add, concatenate, ...) and the layer class they build. */
export const KERAS_MERGE_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['add', 'Add'], ['subtract', 'Subtract'], ['multiply', 'Multiply'], ['average', 'Average'], ['maximum', 'Maximum'],
  ['minimum', 'Minimum'], ['concatenate', 'Concatenate'], ['dot', 'Dot']
]);

/** Keyword arguments that never change a layer's weights (base Layer.__init__, initializers, ...).
 * Any other argument missing from a catalog signature makes the layer's parameters unknown. */
export const KERAS_BASE_KWARGS: ReadonlySet<string> = new Set([
  'name', 'trainable', 'dtype', 'input_shape', 'input_dim', 'batch_input_shape', 'batch_size', 'autocast',
  'activity_regularizer', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer',
  'kernel_constraint', 'bias_constraint', 'recurrent_initializer', 'recurrent_regularizer', 'recurrent_constraint',
  'depthwise_initializer', 'pointwise_initializer', 'depthwise_regularizer', 'pointwise_regularizer',
  'depthwise_constraint', 'pointwise_constraint', 'beta_initializer', 'gamma_initializer', 'moving_mean_initializer',
  'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
  'embeddings_initializer', 'embeddings_regularizer', 'embeddings_constraint', 'unit_forget_bias', 'implementation',
  'time_major', 'seed', 'input_length', 'synchronized', 'use_cudnn', 'sliding_window', 'zero_output_for_mask', 'dtype_policy',
  'kernel_size', 'value_range', 'fill_mode', 'interpolation', 'fill_value', 'kernel_initializer', 'flash_attention'
]);
