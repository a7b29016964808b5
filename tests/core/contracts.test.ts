// Input contracts (issue 17): each family of layers' contract from its catalog entry, checked
// at every call by one checker per framework (torch/contract.ts, keras/contract.ts), and the
// tensor-op checks. Each case is a program whose outcome was measured in torch 2.13 / Keras
// 3.15: the ones that raise get exactly one error at the call, linked to the layer's
// definition; the ones that run (or only warn) get none; dims not known are never reported.
// Does not: measure recall (shapebugs.test.ts does, on the corpus).
import type { ArchitectureIR, Diagnostic } from '../../src/core/ir';
import { irToMarkdown } from '../../src/core/export/markdown';
import { analyzeSources } from '../helpers/analyze';

const T = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
const K = 'import numpy as np\nimport keras\nfrom keras import layers\n';

const errors = (ir: ArchitectureIR): Diagnostic[] => ir.diagnostics.filter(d => d.severity === 'error');
const messages = async (src: string): Promise<string[]> => errors(await analyzeSources([src])).map(d => d.message);

describe('PyTorch layer contracts', () => {
  test.each([
    ['BatchNorm2d channels', `${T}bn = nn.BatchNorm2d(32)\ny = bn(torch.randn(8, 64, 16, 16))\n`, 'BatchNorm2d: expected channels (num_features) 32, but got 64 (input of size [8, 64, 16, 16])'],
    ['BatchNorm1d rank', `${T}bn = nn.BatchNorm1d(3)\ny = bn(torch.randn(3))\n`, 'BatchNorm1d: expected a 2D or 3D input, but got a 1D input of size [3]'],
    ['InstanceNorm with weights', `${T}n = nn.InstanceNorm2d(32, affine=True)\ny = n(torch.randn(2, 64, 8, 8))\n`, 'InstanceNorm2d: expected channels (num_features) 32, but got 64 (input of size [2, 64, 8, 8])'],
    ['GroupNorm divisibility', `${T}g = nn.GroupNorm(2, 6, affine=False)\ny = g(torch.randn(2, 5, 7))\n`, 'GroupNorm: the channels (5) must be divisible by 2 (input of size [2, 5, 7])'],
    ['LayerNorm trailing dims', `${T}ln = nn.LayerNorm([3, 4])\ny = ln(torch.randn(2, 4, 3))\n`, 'LayerNorm: given normalized_shape=[3, 4], expected input with shape [*, 3, 4], but got input of size [2, 4, 3]'],
    ['conv channels', `${T}c = nn.Conv2d(3, 8, 3)\ny = c(torch.randn(1, 1, 28, 28))\n`, 'Conv2d: expected input channels 3, but got 1 (input of size [1, 1, 28, 28])'],
    ['conv rank', `${T}c = nn.Conv1d(1, 2, 3)\ny = c(torch.randn(6))\n`, 'Conv1d: expected a 2D or 3D input to conv1d, but got a 1D input of size [6]'],
    ['GRU h0 directions', `${T}rnn = nn.GRU(8, 16, bidirectional=True)\nout, h = rnn(torch.randn(5, 3, 8), torch.zeros(1, 3, 16))\n`, 'GRU: expected hidden size (2, 3, 16), got [1, 3, 16]'],
    ['LSTM h0 batch_first', `${T}rnn = nn.LSTM(8, 16, batch_first=True)\nx = torch.randn(4, 10, 8)\nout, _ = rnn(x, (torch.zeros(1, 10, 16), torch.zeros(1, 4, 16)))\n`, 'LSTM: expected hidden[0] size (1, 4, 16), got [1, 10, 16]'],
    ['LSTM proj_size', `${T}rnn = nn.LSTM(3, 4, proj_size=2)\nout, _ = rnn(torch.zeros(5, 2, 3), (torch.zeros(1, 2, 4), torch.zeros(1, 2, 4)))\n`, 'LSTM: expected hidden[0] size (1, 2, 2), got [1, 2, 4]'],
    ['unbatched GRU with 3-D h0', `${T}rnn = nn.GRU(3, 4)\nout, h = rnn(torch.zeros(5, 3), torch.zeros(1, 1, 4))\n`, 'GRU: expected hidden size (1, 4), got [1, 1, 4]'],
    ['GRUCell state batch', `${T}cell = nn.GRUCell(3, 4)\nh = cell(torch.zeros(2, 3), torch.zeros(5, 4))\n`, 'GRUCell: expected batch size 2, but got 5 (hx of size [5, 4])'],
    ['MultiheadAttention kdim', `${T}mha = nn.MultiheadAttention(8, 2, batch_first=True)\no, w = mha(torch.randn(2, 5, 8), torch.randn(2, 7, 6), torch.randn(2, 7, 6))\n`, 'MultiheadAttention: expected key width (kdim) 8, but got 6 (key of size [2, 7, 6])'],
    ['MultiheadAttention key vs value', `${T}mha = nn.MultiheadAttention(8, 2)\no, w = mha(torch.zeros(5, 3, 8), torch.zeros(7, 3, 8), torch.zeros(6, 3, 8))\n`, 'MultiheadAttention: expected size of dim 0 (as key) 7, but got 6 (value of size [6, 3, 8])'],
    ['MultiheadAttention attn_mask', `${T}mha = nn.MultiheadAttention(8, 2)\nq = torch.zeros(5, 3, 8)\no, w = mha(q, q, q, attn_mask=torch.zeros(5, 6))\n`, 'MultiheadAttention: expected attn_mask source length 5, but got 6 (attn_mask of size [5, 6])'],
    ['Transformer batch', `${T}t = nn.Transformer(8, 2, 1, 1, 16)\ny = t(torch.zeros(5, 3, 8), torch.zeros(4, 2, 8))\n`, 'Transformer: expected batch number (as src) 3, but got 2 (tgt of size [4, 2, 8])'],
    ['Upsample sizes', `${T}up = nn.Upsample(size=(4, 4))\ny = up(torch.zeros(2, 4, 7))\n`, 'Upsample: input has 1 spatial dimensions (size [2, 4, 7]), but size has 2 entries'],
    ['Upsample mode rank', `${T}up = nn.Upsample(scale_factor=2, mode="bilinear")\ny = up(torch.zeros(2, 4, 7))\n`, 'Upsample: expected a 4D input, but got a 3D input of size [2, 4, 7]'],
    ['Unflatten sizes', `${T}u = nn.Unflatten(1, (5, -1))\ny = u(torch.zeros(4, 12))\n`, "Unflatten: provided sizes [5, -1] don't multiply up to the size of dim 1 (12) of input of size [4, 12]"],
    ['Softmax dim', `${T}s = nn.Softmax(dim=2)\ny = s(torch.zeros(4, 3))\n`, 'Softmax: dim=2 is out of range for input of size [4, 3] (expected to be in range of [-2, 1])'],
    ['PixelShuffle channels', `${T}p = nn.PixelShuffle(2)\ny = p(torch.zeros(4, 6, 3, 3))\n`, 'PixelShuffle: the channels (6) must be divisible by 4 (input of size [4, 6, 3, 3])'],
    ['GLU halves', `${T}g = nn.GLU()\ny = g(torch.zeros(4, 5))\n`, 'GLU: the halved dimension (5) must be divisible by 2 (input of size [4, 5])'],
    ['BCE target shape', `${T}loss = nn.BCEWithLogitsLoss()\nl = loss(torch.zeros(4, 1), torch.zeros(4))\n`, 'BCEWithLogitsLoss: target size [4] must be the same as input size [4, 1]'],
    ['CE class target', `${T}loss = nn.CrossEntropyLoss()\nl = loss(torch.zeros(4, 5, 7), torch.zeros(4, 5).long())\n`, 'CrossEntropyLoss: expected target size [4, 7] (input [4, 5, 7] without its class dim), got [4, 5]'],
    ['elementwise loss broadcast', `${T}loss = nn.L1Loss()\nl = loss(torch.zeros(4, 5), torch.zeros(4, 2))\n`, 'L1Loss: input and target: shapes [4, 5] and [4, 2] cannot be broadcast together']
  ])('%s raises', async (_name, src, message) => {
    expect(await messages(src)).toEqual([message]);
  });

  test.each([
    // Measured: these run (some with a warning) in torch 2.13; a symbol is not provably unequal.
    ['BatchNorm without weights or running stats', `${T}bn = nn.BatchNorm1d(5, affine=False, track_running_stats=False)\ny = bn(torch.zeros(2, 3, 7))\n`],
    ['InstanceNorm without weights (a warning)', `${T}n = nn.InstanceNorm2d(3)\ny = n(torch.zeros(2, 4, 8, 8))\n`],
    ['GroupNorm without weights, divisible', `${T}g = nn.GroupNorm(2, 6, affine=False)\ny = g(torch.zeros(2, 4, 7))\n`],
    ['adaptive average pooling of a 2-D input', `${T}p = nn.AdaptiveAvgPool2d(1)\ny = p(torch.zeros(4, 5))\n`],
    ['MSELoss broadcasting [4, 1] with [4] (a warning)', `${T}loss = nn.MSELoss()\nl = loss(torch.zeros(4, 1), torch.zeros(4))\n`],
    ['CrossEntropyLoss with class indices and probabilities', `${T}loss = nn.CrossEntropyLoss()\na = loss(torch.zeros(4, 5, 7), torch.zeros(4, 7).long())\nb = loss(torch.zeros(4, 5), torch.zeros(4, 5))\n`],
    ['MultiheadAttention 3-D mask of an unbatched query', `${T}mha = nn.MultiheadAttention(8, 2)\no, w = mha(torch.zeros(5, 8), torch.zeros(7, 8), torch.zeros(7, 8), attn_mask=torch.zeros(2, 5, 7))\n`],
    ['LSTM h0 with a symbolic batch', `${T}import os\nB = len(os.listdir("data"))\nrnn = nn.LSTM(8, 16, batch_first=True)\nx = torch.randn(B, 10, 8)\nout, _ = rnn(x, (torch.zeros(1, B, 16), torch.zeros(1, B, 16)))\n`],
    ['Linear on an input whose width is a symbol (it may be 64)', `${T}import os\nW = len(os.listdir("data"))\nfc = nn.Linear(64, 2)\ny = fc(torch.randn(4, W))\n`]
  ])('%s: no error', async (_name, src) => {
    expect(await messages(src)).toEqual([]);
  });

  test('a broken contract is an error at the call, linked to the layer and unknown after it', async () => {
    const ir = await analyzeSources([`${T}class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.norm = nn.LayerNorm(512)\n        self.fc = nn.Linear(256, 10)\n    def forward(self, x):\n        return self.fc(self.norm(x))\n`, 'net = Net()\ny = net(torch.randn(2, 50, 256))\n']);
    const [e] = errors(ir);
    expect(e.span?.startLine).toBe(9);
    // The layer's definition and the model call whose forward this is.
    expect(e.related?.map(r => [r.cell, r.startLine])).toEqual([[0, 6], [1, 1]]);
    const m = ir.models.find(x => x.name === 'net');
    expect(m?.outputShape).toBeNull();
    expect(m?.errors).toBe(1);
  });

  test('a layer whose constructor raises is not checked again at its call', async () => {
    const ir = await analyzeSources([`${T}g = nn.GroupNorm(32, 100)\ny = g(torch.randn(2, 100, 8, 8))\n`]);
    expect(errors(ir).map(d => `${d.code}: ${d.message}`)).toEqual(['bad-argument: GroupNorm: num_channels (100) must be divisible by num_groups (32)']);
  });
});

describe('PyTorch tensor operations', () => {
  test.each([
    ['transpose out of range', `${T}x = torch.randn(16, 128, 6).transpose(1, 3)\n`, 'transpose: Dimension out of range (expected to be in range of [-3, 2], but got 3)'],
    ['permute with too few dims', `${T}x = torch.randn(8, 64, 64, 3).permute(0, 3, 1)\n`, 'permute: number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = 4 is not equal to len(dims) = 3'],
    ['permute with a repeated dim', `${T}x = torch.zeros(4, 3).permute(0, 0)\n`, 'permute(): duplicate dims are not allowed.'],
    ['stack of different sizes', `${T}x = torch.stack([torch.zeros(2, 3), torch.zeros(2, 4)])\n`, 'torch.stack: stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1'],
    ['expand with too few sizes', `${T}x = torch.zeros(1, 1, 96).expand(2, -1)\n`, 'expand: the number of sizes provided (2) must be greater or equal to the number of dimensions in the tensor (3)'],
    ['expand of a non-singleton dim', `${T}x = torch.zeros(4, 3).expand(2, 4, 5)\n`, 'expand: the expanded size of the tensor (5) must match the existing size (3) at non-singleton dimension 2. Target sizes: [2, 4, 5]. Tensor sizes: [4, 3]'],
    ['repeat with too few sizes', `${T}x = torch.zeros(4, 3).repeat(2)\n`, 'repeat: Number of dimensions of repeat dims (1) can not be smaller than number of dimensions of tensor (2)'],
    ['split sizes that do not sum up', `${T}a, b = torch.zeros(4, 64).split([30, 30], 1)\n`, "split_with_sizes expects split_sizes to sum exactly to 64 (input tensor's size at dimension 1), but got split_sizes=[30, 30]"],
    ['masked_fill with a mask of another size', `${T}att = torch.zeros(2, 4, 16, 16)\nmask = torch.ones(1, 1, 32, 32)\natt = att.masked_fill(mask == 0, 0.0)\n`, 'masked_fill: shapes [2, 4, 16, 16] and [1, 1, 32, 32] cannot be broadcast together'],
    ['bmm of different batches', `${T}x = torch.bmm(torch.zeros(2, 3, 4), torch.zeros(3, 4, 5))\n`, 'bmm: batch sizes differ: [2, 3, 4] and [3, 4, 5]'],
    ['mm of a 3-D tensor', `${T}x = torch.zeros(2, 3).mm(torch.zeros(2, 3, 4))\n`, 'mm: both arguments must be matrices, got [2, 3] and [2, 3, 4]'],
    ['interpolate mode rank', `${T}x = F.interpolate(torch.zeros(2, 4, 7), scale_factor=2, mode="bilinear")\n`, 'interpolate: got 3D input, but bilinear mode needs 4D input'],
    ['unflatten sizes', `${T}x = torch.zeros(4, 12).unflatten(1, (5, -1))\n`, "unflatten: Provided sizes [5, -1] don't multiply up to the size of dim 1 (12) in the input tensor"],
    ['functional conv channels', `${T}x = F.conv2d(torch.zeros(2, 5, 8, 8), torch.zeros(4, 3, 3, 3))\n`, 'conv2d: weight of size [4, 3, 3, 3] with groups=1 expects 3 input channels, but got input of size [2, 5, 8, 8]'],
    ['functional pooling too small', `${T}x = F.max_pool2d(torch.zeros(2, 5, 2, 2), 3)\n`, 'max_pool2d: input [2, 5, 2, 2] is too small (output size 0x0)'],
    ['functional cross_entropy of a [N, 1] target', `${T}l = F.cross_entropy(torch.zeros(4, 5), torch.zeros(4, 1).long())\n`, 'cross_entropy: target of size [4, 1] is neither class indices nor probabilities for input of size [4, 5]'],
    ['functional BCE of another shape', `${T}l = F.binary_cross_entropy_with_logits(torch.zeros(4, 1), torch.zeros(4))\n`, 'binary_cross_entropy_with_logits: target size [4] must be the same as input size [4, 1]'],
    ['functional nll_loss batch', `${T}l = F.nll_loss(torch.zeros(4, 5), torch.zeros(3).long())\n`, 'nll_loss: expected target size [4] (input [4, 5] without its class dim), got [3]'],
    ['sdpa widths', `${T}x = F.scaled_dot_product_attention(torch.zeros(2, 5, 8), torch.zeros(2, 6, 4), torch.zeros(2, 6, 3))\n`, 'scaled_dot_product_attention: query [2, 5, 8] and key [2, 6, 4] differ in their last dim']
  ])('%s raises', async (_name, src, message) => {
    expect(await messages(src)).toEqual([message]);
  });

  test('shapes that run are not reported, and -1 sizes are resolved', async () => {
    const ir = await analyzeSources([`${T}att = torch.zeros(2, 4, 16, 16)\natt = att.masked_fill(torch.ones(1, 1, 16, 16) == 0, 0.0)\nl1 = F.mse_loss(torch.zeros(4, 1), torch.zeros(4))\nl2 = F.cross_entropy(torch.zeros(4, 5), torch.zeros(4).long())\ncls = torch.zeros(1, 1, 96).expand(2, -1, -1)\nu = nn.Unflatten(1, (4, -1))\nnet = nn.Sequential(u)\ny = net(torch.zeros(4, 12))\nz = torch.zeros(()).flatten(0, -1)\n`]);
    expect(errors(ir)).toEqual([]);
    expect(ir.models.find(m => m.name === 'net')?.outputShape).toEqual([4, 4, 3]);
  });
});

describe('Keras input contracts', () => {
  test.each([
    ['LSTM after an LSTM without return_sequences', `${K}model = keras.Sequential([keras.Input((8, 16)), layers.LSTM(32), layers.LSTM(32)])\n`, "Input 0 of layer 'lstm_1' is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 32)"],
    ['Conv2D without the channel axis', `${K}model = keras.Sequential([keras.Input((28, 28)), layers.Conv2D(8, 3)])\n`, "Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (None, 28, 28)"],
    ['a shared Dense on another width', `${K}a = keras.Input((128,))\nb = keras.Input((96,))\nd = layers.Dense(8)\nx = d(a)\ny = d(b)\n`, "Input 0 of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have value 128, but received input with shape (None, 96)"],
    ['a shared BatchNormalization on another width', `${K}a = keras.Input((4, 4, 16))\nb = keras.Input((4, 4, 32))\nbn = layers.BatchNormalization()\nx = bn(a)\ny = bn(b)\n`, "Input 0 of layer 'batch_normalization' is incompatible with the layer: expected axis -1 of input shape to have value 16, but received input with shape (None, 4, 4, 32)"],
    ['TimeDistributed on a 2-D input', `${K}x = keras.Input((32,))\ny = layers.TimeDistributed(layers.Dense(4))(x)\n`, "Input 0 of layer 'time_distributed' is incompatible with the layer: expected an input with at least 3 dimensions, received: (None, 32)"],
    ['Permute with dims of another rank', `${K}x = keras.Input((3, 4))\ny = layers.Permute((2, 1, 3))(x)\n`, "Input 0 of layer 'permute' is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (None, 3, 4)"],
    ['a nested Functional on another width', `${K}i = keras.Input((64,))\ndec = keras.Model(i, layers.Dense(4)(i))\nj = keras.Input((32,))\nout = dec(j)\n`, "Input 0 of model 'functional' is incompatible with it: expected shape=(None, 64), found shape=(None, 32)"],
    ['Concatenate of different ranks', `${K}a = keras.Input((4, 4, 8))\nb = keras.Input((16,))\nc = layers.concatenate([a, b])\n`, 'concatenate: A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[(None, 4, 4, 8), (None, 16)]'],
    ['Dot over axes of different sizes', `${K}a = keras.Input((12, 8))\nb = keras.Input((40, 8))\nc = layers.Dot(axes=1)([a, b])\n`, 'dot: Incompatible input shapes: axis values 12 (at axis 1) != 40 (at axis 1). Full input shapes: (None, 12, 8), (None, 40, 8)'],
    ['a pooling window larger than the input', `${K}x = keras.Input((2, 8))\ny = layers.MaxPooling1D(3)(x)\n`, 'max_pooling1d: Computed output size would be zero or negative: input (None, 2, 8), pool_size (3,), padding=valid'],
    ['categorical cross-entropy on integer labels', `${K}m = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])\nm.compile(optimizer="adam", loss="categorical_crossentropy")\nh = m.fit(np.zeros((16, 8)), np.zeros((16,)), epochs=1)\n`, 'categorical_crossentropy: arguments `target` and `output` must have the same shape. Received: target.shape=(16,), output.shape=(None, 10)'],
    ['sparse categorical cross-entropy on one-hot labels', `${K}m = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])\nm.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\nh = m.fit(np.zeros((16, 8)), np.zeros((16, 10)), epochs=1)\n`, 'sparse_categorical_crossentropy: arguments `target` and `output` must have the same shape up until the last dimension. Received: target.shape=(16, 10), output.shape=(None, 10)'],
    ['mse of a 1-D target against 10 outputs', `${K}m = keras.Sequential([layers.Dense(10)])\nm.compile(optimizer="adam", loss="mse")\nh = m.fit(np.zeros((16, 8)), np.zeros((16,)), epochs=1)\n`, 'mse: the target cannot be broadcast with the output. Received: target.shape=(16,), output.shape=(16, 10)'],
    ['fit on x and y of different lengths', `${K}m = keras.Sequential([keras.Input((8,)), layers.Dense(1)])\nm.compile(optimizer="adam", loss="mse")\nh = m.fit(np.zeros((16, 8)), np.zeros((15,)), epochs=1)\n`, 'Data cardinality is ambiguous: x sizes: 16, y sizes: 15 (make sure all arrays contain the same number of samples)'],
    ['predict on a Functional with other sizes', `${K}i = keras.Input((8, 8, 3))\nm = keras.Model(i, layers.Flatten()(i))\np = m.predict(np.zeros((4, 16, 16, 3)), verbose=0)\n`, "Input 0 of model 'functional' is incompatible with it: expected shape=(None, 8, 8, 3), found shape=(4, 16, 16, 3)"]
  ])('%s raises', async (_name, src, message) => {
    expect(await messages(src)).toEqual([message]);
  });

  test.each([
    // Measured in Keras 3.15 (torch backend): these run.
    ['a built Sequential called on arrays of other image sizes', `${K}m = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(4, 3), layers.GlobalAveragePooling2D(), layers.Dense(2)])\ny = m(np.zeros((1, 64, 64, 3)))\np = m.predict(np.zeros((1, 64, 64, 3)), verbose=0)\n`],
    ['a Functional called with an extra last axis of 1', `${K}i = keras.Input((32, 32, 3))\nf = keras.Model(i, layers.Dense(2)(layers.GlobalAveragePooling2D()(i)))\ny = f(np.zeros((1, 32, 32, 3, 1)))\n`],
    ['images without their channel axis of 1, which Keras adds', `${K}m = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(2)])\np = m.predict(np.zeros((2, 28, 28)), verbose=0)\ny = m(np.zeros((2, 28, 28)))\ni = keras.Input((28, 28, 1))\nf = keras.Model(i, layers.Dense(2)(layers.Flatten()(layers.Conv2D(4, 3)(i))))\nq = f.predict(np.zeros((2, 28, 28)), verbose=0)\n`],
    ['targets the compiled loss takes', `${K}x = np.zeros((16, 8))\ny = np.zeros((16,))\nb = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])\nb.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\nhb = b.fit(x, y, epochs=1)\nc = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])\nc.compile(optimizer="adam", loss="categorical_crossentropy")\nhc = c.fit(x, keras.utils.to_categorical(y, 10), epochs=1)\nd = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])\nd.compile(optimizer="adam", loss="binary_crossentropy")\nhd = d.fit(x, y, epochs=1)\n`],
    ['mse whose batches of 10 rows broadcast with 10 outputs', `${K}m = keras.Sequential([keras.Input((8,)), layers.Dense(10)])\nm.compile(optimizer="adam", loss="mse")\nh = m.fit(np.zeros((1000, 8)), np.zeros((1000,)), batch_size=10, epochs=1)\n`],
    ['a dict of inputs in another order than the model\'s', `${K}a = keras.Input((4,), name="a")\nb = keras.Input((6,), name="b")\nm = keras.Model([a, b], layers.Dense(1)(layers.concatenate([a, b])))\np = m.predict({"b": np.zeros((2, 6)), "a": np.zeros((2, 4))}, verbose=0)\n`],
    ['a recurrent layer with an initial state of the wrong width, never run', `${K}c = keras.Input((24,))\ns = keras.Input((None, 8))\nseq = layers.GRU(64, return_sequences=True)(s, initial_state=layers.Dense(32)(c))\nm = keras.Model([c, s], seq)\n`],
    ['a Conv2D first built on images of unknown size', `${K}a = keras.Input((None, None, 3))\nb = keras.Input((64, 64, 3))\nconv = layers.Conv2D(8, 3)\nx = conv(a)\ny = conv(b)\n`]
  ])('%s: no error', async (_name, src) => {
    expect(await messages(src)).toEqual([]);
  });

  test('an initial state of the wrong width is an error when the model runs', async () => {
    const ir = await analyzeSources([`${K}c = keras.Input((24,))\ns = keras.Input((None, 8))\nseq = layers.GRU(64, return_sequences=True)(s, initial_state=layers.Dense(32)(c))\nm = keras.Model([c, s], seq)\n`, 'p = m.predict([np.zeros((2, 24)), np.zeros((2, 6, 8))], verbose=0)\n']);
    const [e] = errors(ir);
    expect(e.message).toBe("Input 0 of layer 'gru' is incompatible with the layer: an initial state has shape (None, 32), but its last axis must be units=64");
    expect(e.span?.cell).toBe(0);
    expect(e.span?.startLine).toBe(5);
    expect(e.related?.map(r => [r.cell, r.startLine])).toEqual([[0, 5], [1, 0]]);
  });

  test('a Sequential rebuilt on every add reports its broken layer once; the summary counts it', async () => {
    const ir = await analyzeSources([`${K}model = keras.Sequential()\nmodel.add(keras.Input((8, 16)))\nmodel.add(layers.LSTM(32))\nmodel.add(layers.LSTM(32))\nmodel.add(layers.Dense(10))\nmodel.add(layers.Dense(1))\n`]);
    expect(errors(ir).length).toBe(1);
    expect(ir.models.find(m => m.name === 'model')?.errors).toBe(1);
    const md = irToMarkdown(ir);
    expect(md).toContain('**1 error: the code would fail when run** (listed below)');
    expect(md).toContain("- **error**: Input 0 of layer 'lstm\\_1' is incompatible with the layer\\: expected ndim=3, found ndim=2. Full shape received\\: (None, 32) (cell 1, line 7)");
  });
});
